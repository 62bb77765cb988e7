"""HTML reports: self-contained, escaped, charts only where there is something to draw."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from discourse.analyze import analyze_page, scorer_groups
from discourse.classify.pipeline import Scorer
from discourse.model import Page
from discourse.report import html
from discourse.report.view import comment_views


def _render(page: Page) -> str:
    scorer = Scorer()
    result = analyze_page(page, scorer=scorer)
    rows = result.table.to_pylist()
    return html.render_article(result.summary, comment_views(rows, scorer_groups(scorer)), len(rows))


def test_hostile_page_is_escaped_and_scriptless(hostile: Page) -> None:
    out = _render(hostile)
    assert not re.search(r"<script", out, re.I)
    assert not re.search(r"<img", out, re.I)
    assert "&lt;script&gt;" in out and "onerror=" in out  # shown as text
    assert "&lt;b&gt;Mallory&lt;/b&gt;" in out
    assert 'href="javascript:' not in out  # the page's own URL is not a link unless http(s)
    assert "Content-Security-Policy" in out and "default-src 'none'" in out


def test_self_contained(tram: Page) -> None:
    out = _render(tram)
    assert not re.search(
        r"""(src|href)=["']?(https?:)?//""", out.replace('href="https://example.org/tram"', "")
    )
    assert "<link" not in out and "@import" not in out and "url(" not in out
    assert '<meta name="viewport"' in out and "@media print" in out


def test_charts_are_well_formed_svg(tram: Page) -> None:
    out = _render(tram)
    svgs = re.findall(r"<svg.*?</svg>", out, re.S)
    assert len(svgs) >= 2  # label distribution(s) and the time line
    for svg in svgs:
        root = ET.fromstring(svg)
        assert root.get("viewBox") and root.find("{http://www.w3.org/2000/svg}title") is not None


def test_evidence_is_marked_with_its_rules(tram: Page) -> None:
    out = _render(tram)
    marks = re.findall(r'<mark class="k-([a-z_]+)" title="([^"]+)">([^<]+)</mark>', out)
    assert marks, "sentiment cues should be highlighted"
    assert any(word.lower() in ("great", "terrible", "love") for _, _, word in marks)
    assert all("." in title for _, title, _ in marks)


def test_zero_comments_has_no_empty_charts() -> None:
    out = _render(Page(source="none.txt", kind="dump"))
    assert "<svg" not in out
    assert "no reader comments" in out.lower()


def test_safe_url() -> None:
    assert html.safe_url("https://a.example/x") == "https://a.example/x"
    assert html.safe_url(" javascript:alert(1)") is None
    assert html.safe_url("data:text/html,<b>") is None
    assert html.safe_url(None) is None
