"""Page dumps written for this project in other sites' layouts, each with its expected parse
(``tests/fixtures/dumps/expected.json``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from discourse.config import load_settings
from discourse.parse.dump import parse_dump

DUMPS = Path(__file__).resolve().parents[1] / "fixtures" / "dumps"
EXPECTED = {
    k: v for k, v in json.loads((DUMPS / "expected.json").read_text("utf-8")).items() if not k.startswith("_")
}


def test_every_fixture_has_expectations() -> None:
    assert sorted(p.name for p in DUMPS.glob("*.txt")) == sorted(EXPECTED)
    assert len(EXPECTED) >= 12


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_parses_as_expected(name: str, checker) -> None:
    text = (DUMPS / name).read_text("utf-8")
    page = parse_dump(text, name, settings=load_settings()).to_dict()
    problems = checker(page, EXPECTED[name])
    assert not problems, "\n".join(problems)


def test_relative_times_resolve_against_a_given_reference() -> None:
    settings = load_settings().with_overrides({"dump": {"reference_time": "2024-03-01T12:00"}})
    page = parse_dump((DUMPS / "disqus_relative.txt").read_text("utf-8"), "x", settings=settings)
    posted = [c.posted for c in page.comments]
    assert posted[0] == "2024-03-01T09:00"  # "3 hours ago"
    assert posted[3] == "2024-02-29T12:00"  # "1d"
    assert all(c.posted_text for c in page.comments)


def test_comment_text_has_no_action_links_or_vote_counts() -> None:
    page = parse_dump((DUMPS / "disqus_relative.txt").read_text("utf-8"), "x", settings=load_settings())
    for c in page.comments:
        assert "Reply" not in c.text and "Share ›" not in c.text and "▲" not in c.text
        assert not c.text.splitlines()[-1].strip().isdigit()


def test_windows_line_endings_parse_the_same() -> None:
    text = (DUMPS / "german_blog.txt").read_text("utf-8")
    unix = parse_dump(text, "x", settings=load_settings())
    dos = parse_dump(text.replace("\n", "\r\n"), "x", settings=load_settings())
    assert unix.to_dict() == dos.to_dict()


SPACINGS = {
    "no blank lines": lambda t: "\n".join(ln for ln in t.split("\n") if ln.strip()),
    "double spacing": lambda t: t.replace("\n", "\n\n"),
    "indented": lambda t: "\n".join("  " + ln for ln in t.split("\n")),
}


@pytest.mark.parametrize("spacing", sorted(SPACINGS))
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_other_copies_of_the_same_page_parse_alike(name: str, spacing: str, checker) -> None:
    """Browsers and copy tools differ in blank lines and indentation; the reading must not."""
    text = SPACINGS[spacing]((DUMPS / name).read_text("utf-8"))
    page = parse_dump(text, name, settings=load_settings()).to_dict()
    expected = {
        k: v
        for k, v in EXPECTED[name].items()
        if k in ("title", "byline", "published", "body_starts", "body_ends", "declared")
    }
    expected["comments"] = [
        {k: v for k, v in c.items() if k in ("author", "posted", "starts")}
        for c in EXPECTED[name]["comments"]
    ]
    problems = checker(page, expected)
    assert not problems, "\n".join(problems)


def test_an_article_printed_below_its_comments_is_still_found() -> None:
    text = (DUMPS / "top_comments_widget_above.txt").read_text("utf-8")
    page = parse_dump(text.replace("Top comments this week", "3 Comments"), "x", settings=load_settings())
    assert [c.author for c in page.comments] == ["Greta L.", "Omar B.", "Rita P."]
    assert page.comments[2].text.endswith("on Saturday.")
    assert page.article.title == "Market hall to reopen after two years of repairs"
    assert page.article.body.startswith("The covered market hall")
