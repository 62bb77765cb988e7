"""Layout rules of the page-dump parser, each shown on the smallest page that needs it: how a
comment header may be spread over lines, and what the article head may carry."""

from __future__ import annotations

import pytest

from discourse.config import load_settings
from discourse.parse.dump import parse_dump
from discourse.parse.dumparticle import _cut_role

ARTICLE = """Example News
Home
World

A headline that the parser should find easily
By Jane Doe
3 May 2024

The first paragraph of the article is long enough to count as prose for the body search.

The second paragraph says a little more, so that the article is plainly the main text here.

Comments (2)

"""


def comments(block: str) -> list[tuple[str | None, str, str | None]]:
    page = parse_dump(ARTICLE + block, "x.txt", settings=load_settings())
    by_id = {c.id: c for c in page.comments}
    return [
        (c.author, c.text.split(".")[0], by_id[c.reply_to].author if c.reply_to else None)
        for c in page.comments
    ]


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        pytest.param(
            "Ann Lee\n·\n3h\nFirst comment here.\nReply\n\nBo Chen\n·\n2h\nSecond comment here.\nReply\n",
            [("Ann Lee", "First comment here", None), ("Bo Chen", "Second comment here", None)],
            id="dot between name and time",
        ),
        pytest.param(
            "Ann Lee\n@annlee\nMay 4\nFirst comment here.\nReply\n\n"
            "Bo Chen\n@bchen\nMay 5\n@annlee Second comment here.\nReply\n",
            [("Ann Lee", "First comment here", None), ("Bo Chen", "@annlee Second comment here", "Ann Lee")],
            id="handle under the name",
        ),
        pytest.param(
            "Ann Lee\n3 May 2024 19:05\nFirst comment here.\nReply\n\n"
            "Bo Chen\nin reply to Ann Lee\n3 May 2024 19:31\nSecond comment here.\nReply\n",
            [("Ann Lee", "First comment here", None), ("Bo Chen", "Second comment here", "Ann Lee")],
            id="reply line between name and date",
        ),
        pytest.param(
            "Ann Lee\nSubscriber\n2 hours ago\nFirst comment here.\nReply\n\n"
            "Bo Chen\nAuthor\n1 hour ago\nSecond comment here.\nReply\n",
            [("Ann Lee", "First comment here", None), ("Bo Chen", "Second comment here", None)],
            id="badges next to the name",
        ),
        pytest.param(
            "[–] ann_lee 12 points 3 hours ago\nFirst comment here.\npermalink\nreply\n\n"
            "    [–] bo_chen [S] 4 points 2 hours ago\n    Second comment here.\n    permalink\n    parent\n"
            "    reply\n",
            [("ann_lee", "First comment here", None), ("bo_chen", "Second comment here", "ann_lee")],
            id="points and indented replies",
        ),
    ],
)
def test_comment_header_shapes(block: str, expected: list[tuple[str | None, str, str | None]]) -> None:
    assert comments(block) == expected


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("Daniel Okafor Transport correspondent", "Daniel Okafor"),
        ("Jean Paul Marie senior editor", "Jean Paul Marie"),
        ("Siobhan Kerr, Local Democracy Reporter", "Siobhan Kerr, Local Democracy Reporter"),
        ("Ana Reporter", "Ana Reporter"),
        ("Jan Berg Redakteur", "Jan Berg Redakteur"),  # capitalised: a name word as far as we know
        ("Jan Berg redakteur", "Jan Berg"),
    ],
)
def test_job_titles_are_cut_from_bylines(byline: str, expected: str) -> None:
    assert _cut_role(byline) == expected


def test_a_caption_over_its_photo_credit_stays_out_of_the_body() -> None:
    text = ARTICLE.replace(
        "3 May 2024\n\n",
        "3 May 2024\nThe old station, closed since 1998.\nPhotograph: Sam Reeve/Agency\n\n",
    )
    page = parse_dump(text, "x.txt", settings=load_settings())
    assert page.article.body.startswith("The first paragraph")
    assert "Photograph" not in page.article.body and "closed since 1998" not in page.article.body


def test_a_signup_box_at_the_end_stays_out_of_the_body() -> None:
    text = ARTICLE.replace(
        "Comments (2)",
        "Thanks for reading! Subscribe for free to receive new posts and support my work.\n"
        "Type your email...\nSubscribe\n\nComments (2)",
    )
    page = parse_dump(text, "x.txt", settings=load_settings())
    assert page.article.body.endswith("the main text here.")


def test_a_link_source_after_the_headline_is_not_part_of_the_title() -> None:
    text = ARTICLE.replace(
        "A headline that the parser should find easily\nBy Jane Doe\n3 May 2024",
        "What is the best way to store onions over winter? (self.gardening)\nsubmitted 3 hours ago by jane_d",
    )
    page = parse_dump(text, "x.txt", settings=load_settings())
    assert page.article.title == "What is the best way to store onions over winter?"
    assert page.article.byline == "jane_d"
