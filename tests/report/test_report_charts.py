"""SVG charts: well-formed, labels escaped, bars proportional."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from discourse.report import charts

NS = "{http://www.w3.org/2000/svg}"


def _svg(markup: str) -> ET.Element:
    return ET.fromstring(re.search(r"<svg.*?</svg>", str(markup), re.S).group(0))


def test_stacked_bar_widths_follow_counts() -> None:
    root = _svg(charts.stacked_bar({"negative": 1, "neutral": 0, "positive": 3}, "tone"))
    widths = [float(r.get("width")) for r in root.iter(f"{NS}rect")]
    assert widths == [charts.WIDTH / 4, charts.WIDTH * 3 / 4]
    assert root.get("aria-label") == "tone"


def test_labels_are_escaped() -> None:
    out = str(charts.bar_list([("<script>x</script> & co", 3)], "a <b> title"))
    assert "<script>" not in out and "&lt;script&gt;" in out
    _svg(out)  # still well-formed
    legend = str(charts.stacked_bar({"<i>odd</i>": 2}, "t"))
    assert "<i>" not in legend


def test_column_chart_one_column_per_bucket() -> None:
    root = _svg(
        charts.column_chart([("2024-01-01", 2, 0.5), ("2024-01-02", 0, None), ("2024-01-03", 4, -0.6)], "t")
    )
    rects = list(root.iter(f"{NS}rect"))
    assert len(rects) == 3
    assert float(rects[2].get("height")) == 2 * float(rects[0].get("height"))


def test_sentiment_colours() -> None:
    assert charts.sentiment_colour(0.8) != charts.sentiment_colour(-0.8) != charts.sentiment_colour(0.0)
    assert charts.sentiment_colour(None) == "#bdbdbd"
