"""Pages written for the analysis and report tests: an ordinary discussion with replies, and one whose
comments, author names and title try to inject markup into the reports."""

from __future__ import annotations

from discourse.model import Article, Comment, Page

XSS_SCRIPT = "<script>document.body.setAttribute('data-pwned', 'script')</script>"
XSS_IMG = "<img src=x onerror=\"document.body.setAttribute('data-pwned', 'img')\">"


def discussion_page() -> Page:
    comments = (
        Comment(
            "c1",
            "The new tram line is a great idea, the buses are always late.",
            "Ana Lima",
            "2024-03-01T08:15",
        ),
        Comment(
            "c2",
            "Ana, great idea? It costs twice the budget and nobody asked us.",
            "Ben Ode",
            "2024-03-01T09:40",
            reply_to="c1",
            reply_evidence="addressed (vocative)",
        ),
        Comment(
            "c3", "Terrible planning. The council never listens to residents.", "Cy Park", "2024-03-02T10:05"
        ),
        Comment(
            "c4",
            "Where are the passenger forecasts? I would like to read them.",
            "Di Moss",
            "2024-03-02T18:30",
        ),
        Comment(
            "c5",
            "Ben, the budget figure includes the depot, read the report.",
            "Ana Lima",
            "2024-03-03T07:00",
            reply_to="c2",
            reply_evidence="nesting",
        ),
        Comment(
            "c6", "Love it. Trams are quiet and clean, we had them in Lisbon.", "Eve Rua", "2024-03-04T12:00"
        ),
    )
    return Page(
        source="tram.txt",
        article=Article(
            title="Council approves tram line",
            published="2024-02-29",
            url="https://example.org/tram",
            body="The council approved a tram line from the station to the hospital.",
        ),
        comments=comments,
        kind="dump",
        declared_comment_count=6,
    )


def hostile_page() -> Page:
    comments = (
        Comment("x1", f"Look {XSS_SCRIPT} and {XSS_IMG} — terrible!!!", "<b>Mallory</b>", "2024-01-01T10:00"),
        Comment(
            "x2", '=HYPERLINK("http://example.invalid","click")', "@eve", "2024-01-01T11:00", reply_to="x1"
        ),
        Comment("x3", "[a link](javascript:alert(1)) | # heading * _em_ `code`", "Trudy", "2024-01-02T09:00"),
    )
    return Page(
        source="hostile.txt",
        article=Article(title="<script>alert('title')</script> Test", url="javascript:alert(1)"),
        comments=comments,
        kind="dump",
    )
