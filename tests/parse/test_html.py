"""HTML pages: one small page per comment system, each with its expected parse asserted."""

from __future__ import annotations

from pathlib import Path

import pytest

from discourse.config import load_settings
from discourse.model import Page
from discourse.parse import parse_file
from discourse.parse.html import parse_html

HTML = Path(__file__).resolve().parents[1] / "fixtures" / "html"


def read(name: str) -> Page:
    pages = list(parse_file(HTML / name, settings=load_settings()))
    assert len(pages) == 1
    return pages[0]


# name, title, comments as (author, posted prefix or None, first words, parent index or None)
CASES = [
    (
        "wordpress_nested.html",
        "Why the river path flooded again",
        [
            ("Tom Pryce", "2023-03-14T09:12", "The culvert was last cleared", None),
            ("Maya Okafor", "2023-03-14T10:05", "Thanks Tom, I have asked", 0),
            ("Tom Pryce", "2023-03-15T07:40", "Please do, and ask about the grille", 1),
            ("Lena Fischer", "2023-03-14T11:30", "42 mm in six hours", None),
        ],
    ),
    (
        "wordpress_classic_walker.html",
        "Notes from the allotment",
        [
            ("Old Tom", "2012-05-04T18:02", "Borlotti are a good choice", None),
            ("Bea", "2012-05-04T19:15", "Hazel poles it is.", 0),
            ("Old Tom", "2012-05-05T08:30", "Overnight, never longer.", 1),
            ("Maggie", "2012-05-06T10:00", "Slugs ate all my beans", None),
            ("Bea", "2012-05-06T12:40", "Copper tape round the beds", 3),
        ],
    ),
    (
        "blogger_classic.html",
        "Sourdough, third attempt",
        [
            ("Hannah K.", "2010-06-12T10:02", "That crumb looks amazing!", None),
            ("Anonymous", "2010-06-12T13:40", "Rye is the secret.", None),
            ("Jo Baker", "2010-06-13T08:05", "Hannah, about 27 degrees.", 0),  # addressed by name
        ],
    ),
    (
        "blogger_threaded.html",
        "Tomatoes in a cold summer",
        [
            ("Grower Pete", "2021-08-03T07:12", "Same here in Yorkshire.", None),
            ("Ana", "2021-08-03T09:40", "Sungold is my favourite too", 0),
        ],
    ),
    (
        "disqus_noscript.html",
        "Startup builds maps for hikers",
        [
            ("trailrunner", None, "Finally offline maps", None),
            ("Ole Berg", None, "Springs and streams", 0),
            ("Guest", None, "Twenty dollars a year", None),
        ],
    ),
    (
        "disqus_embed.html",
        "Rail strike ends after talks",
        [
            ("Clara Müller", "2023-11-09T22:14", "About time.", None),
            ("Rob T", "2023-11-10T07:02", "The operators never paid", 0),
        ],
    ),
    (
        "microdata.html",
        "Le vélo électrique gagne la campagne",
        [
            ("Bernard", "2024-04-03T09:30", "Je l'utilise tous les jours", None),
            ("Sophie L.", "2024-04-03T12:05", "Et en hiver, vous faites", 0),
        ],
    ),
    (
        "jsonld_comments.html",
        "Stadtrat beschließt neue Parkgebühren",
        [
            ("Heike", "2024-02-07T19:12", "Drei Euro die Stunde?", None),
            ("Markus R.", "2024-02-07T20:01", "Oder mit dem Bus", 0),
            ("Anwohner42", "2024-02-08T08:15", "Endlich. Vor meiner Tür", None),
        ],
    ),
    (
        "phpbb_forum.html",
        "Best tyres for winter commuting?",
        [
            ("frostbite", "2022-11-28T07:45", "My daily ride has two steep hills", None),
            ("gravelgrinder", "2022-11-28T09:10", "Studs, no question.", None),
            ("frostbite", "2022-11-28T12:30", "Fair point about the ice.", 1),  # quotes gravelgrinder
        ],
    ),
    (
        "generic_french.html",
        "La boulangerie du village rouvre",
        [
            ("Jeanne", "2023-09-12T19:54", "Enfin du bon pain !", None),
            ("Paul D.", "2023-09-13T08:10", "Jeanne, vous avez goûté", 0),
            ("Marc", "2023-09-13T12:30", "Bienvenue au jeune couple", None),
        ],
    ),
    (
        "german_custom.html",
        "Neue Radwege für die Südstadt",
        [
            ("Heinz M.", "2024-10-18T19:54", "Endlich! Mit Kindern", None),
            ("Gabi_K", "2024-10-18T21:10", "Und wo sollen die Kunden", 0),
            ("radler77", "2024-10-19T07:45", "Vier Kilometer sind ein Anfang", None),
        ],
    ),
    ("liveblog_no_comments.html", "Election night live: results as they come in", []),
]


@pytest.mark.parametrize(("name", "title", "expected"), CASES, ids=[c[0] for c in CASES])
def test_comment_systems(name: str, title: str, expected: list[tuple]) -> None:
    page = read(name)
    assert page.kind == "html"
    assert page.article.title == title
    assert len(page.comments) == len(expected), [c.text[:30] for c in page.comments]
    ids = [c.id for c in page.comments]
    assert len(set(ids)) == len(ids)
    for c, (author, posted, words, parent) in zip(page.comments, expected, strict=True):
        assert c.author == author
        assert c.text.startswith(words)
        if posted is None:
            assert c.posted is None
        else:
            assert c.posted is not None and c.posted.startswith(posted)
        assert c.reply_to == (ids[parent] if parent is not None else None)
        assert c.depth == (0 if parent is None else page.comments[parent].depth + 1)
        # No action links, no header lines in the text.
        for junk in ("Reply", "Répondre", "Signaler", "says:", "said...", "Like", "Share"):
            assert junk not in c.text.split("\n")


@pytest.mark.parametrize("name", [c[0] for c in CASES])
def test_body_never_holds_a_comment(name: str) -> None:
    page = read(name)
    for c in page.comments:
        if page.article.body and c.text != page.article.body:
            assert c.text[:40] not in page.article.body


def test_wordpress_article_fields_and_furniture() -> None:
    page = read("wordpress_nested.html")
    a = page.article
    assert a.byline == "Maya Okafor"
    assert a.published == "2023-03-14"
    assert a.body.startswith("For the third spring in a row")
    assert a.body.endswith("312 signatures by Monday evening.")
    assert a.subheadings == ("What the residents say",)
    for furniture in ("Share this", "Photo: reader submission", "Posted in", "Recent Comments", "Ann Other"):
        assert furniture not in a.body
    assert page.declared_comment_count == 4
    assert page.errors == ()
    # The quoted words of the post author are kept out of the reply's text.
    reply = page.comments[2]
    assert reply.quotes == ("will update the post",)
    assert "will update the post" not in reply.text
    # Recent-comments widgets list other articles' comments: never this page's thread.
    assert all(c.author not in ("Ann Other", "Sam") for c in page.comments)


def test_jsonld_metadata_and_standfirst() -> None:
    page = read("jsonld_comments.html")
    assert page.article.byline == "Jonas Weber"
    assert page.article.published == "2024-02-07"
    assert (
        page.article.standfirst
        == "Ab April kostet eine Stunde in der Innenstadt drei Euro, Anwohner zahlen weniger."
    )
    assert page.article.body.startswith("Mit 24 zu 19 Stimmen")
    assert "Kommentare" not in page.article.body
    assert page.comments[2].text == "Endlich. Vor meiner Tür parken jeden Tag Pendler.\n\nGut so."


def test_disqus_noscript_metadata_from_jsonld() -> None:
    page = read("disqus_noscript.html")
    assert page.article.byline == "Priya Nair, Ole Berg"
    assert page.article.published == "2012-05-02"
    assert page.declared_comment_count == 3
    assert page.article.body.endswith("a yearly pass costs twenty dollars.")
    assert "About the Author" not in page.article.body


def test_forum_quote_is_kept_out_of_the_text() -> None:
    page = read("phpbb_forum.html")
    third = page.comments[2]
    assert third.quotes and third.quotes[0].startswith("Studs, no question.")
    assert third.text == "Fair point about the ice. Which studded ones last more than one season?"
    assert third.reply_evidence == "quote"
    assert page.article.body.startswith("My daily ride")  # the opening post stands for the article


def test_liveblog_and_recent_comments_are_not_reader_comments() -> None:
    page = read("liveblog_no_comments.html")
    assert page.comments == ()
    assert "The first result is in from Sunderland" in page.article.body


def test_blogger_times_and_counts() -> None:
    page = read("blogger_classic.html")
    assert page.declared_comment_count == 3
    assert page.article.body.startswith("So the starter finally did something this week.")
    assert page.article.body.endswith("if the starter survives my holiday.")
    assert "Popular Posts" not in page.article.body


def test_gzip_page_reads_like_the_plain_one() -> None:
    plain, packed = read("wordpress_nested.html"), read("wordpress_nested.html.gz")
    assert [c.to_dict() for c in plain.comments] == [c.to_dict() for c in packed.comments]
    assert plain.article == packed.article


def test_comment_count_mismatch_is_reported() -> None:
    html = (
        (HTML / "wordpress_nested.html").read_text(encoding="utf-8").replace("4 thoughts on", "9 thoughts on")
    )
    page = parse_html(html, "x.html", settings=load_settings())
    assert page.declared_comment_count == 9
    assert any("says 9 comments, 4 were found" in e for e in page.errors)


def test_parse_is_deterministic() -> None:
    a = [p.to_dict() for p in parse_file(HTML / "wordpress_nested.html")]
    b = [p.to_dict() for p in parse_file(HTML / "wordpress_nested.html")]
    assert a == b


def _deep_thread(n: int, depth: int) -> tuple[str, list[int | None]]:
    """A WordPress thread of ``n`` comments whose replies nest up to ``depth`` levels."""
    parents: list[int | None] = []
    html: list[str] = []
    open_levels = 0
    for i in range(n):
        level = i % (depth + 1)  # 0,1,2,…,depth, 0,1,… : each run is one chain of replies
        while open_levels > level:
            html.append("</li></ul>")
            open_levels -= 1
        if level == 0 and i:
            html.append("</li>")
        elif level > 0:
            html.append('<ul class="children">')
            open_levels += 1
        parents.append(None if level == 0 else i - 1)
        html.append(
            f'<li id="comment-{i}" class="comment depth-{level + 1}">'
            f'<article id="div-comment-{i}" class="comment-body"><footer class="comment-meta">'
            f'<div class="comment-author vcard"><b class="fn">Reader {i}</b> <span class="says">says:</span>'
            f'</div><div class="comment-metadata"><time datetime="2024-02-0{1 + i % 9}T10:00:00">'
            f'Feb {1 + i % 9}, 2024</time></div></footer><div class="comment-content">'
            f"<p>Comment number {i} says something about the plan.</p></div>"
            f'<div class="reply"><a class="comment-reply-link">Reply</a></div></article>'
        )
    html.append("</li></ul>" * open_levels + "</li>")
    page = (
        "<html><head><title>Big thread</title></head><body><article><h1>Big thread</h1>"
        "<div class='entry-content'>"
        "<p>The article text is long enough to be an article body for the test.</p></div></article>"
        f"<div id='comments'><h2 class='comments-title'>{n} Comments</h2><ol class='comment-list'>"
        + "".join(html)
        + "</ol></div></body></html>"
    )
    return page, parents


def test_large_deep_thread_keeps_every_reply_link() -> None:
    html, parents = _deep_thread(90, 5)
    page = parse_html(html, "deep.html", settings=load_settings())
    assert len(page.comments) == 90 and page.declared_comment_count == 90 and not page.errors
    ids = [c.id for c in page.comments]
    for c, parent in zip(page.comments, parents, strict=True):
        assert c.reply_to == (ids[parent] if parent is not None else None)
    assert max(c.depth for c in page.comments) == 5
    assert all(c.author == f"Reader {k}" for k, c in enumerate(page.comments))
