"""Markdown reports: page text cannot inject markup, links or HTML."""

from __future__ import annotations

import re

import pytest

from discourse.analyze import analyze_page, scorer_groups
from discourse.classify.pipeline import Scorer
from discourse.model import Page
from discourse.report import markdown
from discourse.report.view import comment_views


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain words", "plain words"),
        ("<script>x</script>", "&lt;script&gt;x&lt;/script&gt;"),
        ("[a](javascript:alert(1))", "\\[a\\](javascript:alert(1))"),
        ("*bold* _em_ `code` a|b ~x~", "\\*bold\\* \\_em\\_ \\`code\\` a\\|b \\~x\\~"),
        ("a\\b & c", "a\\\\b &amp; c"),
        ("two\nlines", "two lines"),
        (None, ""),
    ],
)
def test_md_escape(text: str | None, expected: str) -> None:
    assert markdown.md_escape(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# not a heading", "\\# not a heading"),
        ("1. not a list", "1\\. not a list"),
        ("- no", "\\- no"),
        ("+ no", "\\+ no"),
        ("=SUM(A1)", "\\=SUM(A1)"),
        ("fine", "fine"),
    ],
)
def test_md_block_neutralises_line_starts(text: str, expected: str) -> None:
    assert markdown.md_block(text) == expected


def _render(page: Page) -> str:
    scorer = Scorer()
    result = analyze_page(page, scorer=scorer)
    rows = result.table.to_pylist()
    return markdown.render_article(result.summary, comment_views(rows, scorer_groups(scorer)), len(rows))


def test_hostile_text_stays_text(hostile: Page) -> None:
    md = _render(hostile)
    assert "<script" not in md and "<img" not in md and "<b>" not in md
    assert "&lt;script&gt;" in md and "&lt;b&gt;Mallory&lt;/b&gt;" in md
    assert not re.search(r"(?<!\\)\]\(javascript:", md)  # only escaped brackets before it
    # every comment is there, anchored
    for i in (1, 2, 3):
        assert f'<a id="c{i}"></a>' in md


def test_article_report_mirrors_the_summary(tram: Page) -> None:
    md = _render(tram)
    assert md.startswith("# Council approves tram line")
    for section in ("## Themes", "## Threads", "## Time line", "## Notable comments", "## Comments"):
        assert section in md
    assert "Ben Ode | Ana Lima" in md  # who answers whom
    assert "reply to [Ana Lima](#c1)" in md


def test_zero_comments_says_so() -> None:
    md = _render(Page(source="none.txt", kind="dump"))
    assert "no reader comments" in md.lower()
    assert "## Themes" not in md


def test_long_discussions_list_the_first_comments_and_every_one_the_summary_cites(tram: Page) -> None:
    from discourse.report.writers import render_article, shown_positions

    scorer = Scorer()
    result = analyze_page(tram, scorer=scorer)
    positions = shown_positions(result.summary, result.table.num_rows, 2)
    cited = {r.position for r in result.summary.notable.values()}
    assert {0, 1} <= set(positions) and cited <= set(positions)
    assert len(positions) < result.table.num_rows or cited <= {0, 1}
    out = render_article(result.summary, result.table, scorer_groups(scorer), 2)
    for p in positions:
        assert f'<a id="c{p + 1}"></a>' in out.markdown and f'id="c{p + 1}"' in out.html
    anchors = {int(a) for a in re.findall(r"\(#c(\d+)\)", out.markdown)}
    assert anchors <= {p + 1 for p in positions}  # no link leads nowhere
