"""Inline SVG charts for the HTML reports: no script, no external file, every label escaped.

Each function returns :class:`markupsafe.Markup` holding one ``<svg>`` that scales to the width
of its container (``viewBox`` + ``width: 100%``), with a ``<title>`` and an ``aria-label`` for
screen readers. Numbers are also printed next to the bars, so a chart never stands alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

# Colours that carry meaning across charts (label names come from the classifiers' label sets);
# other labels take the fallback palette in order. Chosen to stay distinct in grey-scale print.
LABEL_COLOURS: dict[str, str] = {
    "positive": "#2e7d32",
    "negative": "#c62828",
    "neutral": "#9e9e9e",
    "formal": "#1565c0",
    "informal": "#ef6c00",
    "support": "#2e7d32",
    "deny": "#c62828",
    "query": "#6a1b9a",
    "comment": "#9e9e9e",
    "agree": "#2e7d32",
    "disagree": "#c62828",
    "likely": "#b71c1c",
    "maybe": "#f9a825",
    "unlikely": "#9e9e9e",
}
PALETTE = ("#1565c0", "#ef6c00", "#6a1b9a", "#00838f", "#ad1457", "#558b2f", "#4e342e", "#37474f")
WIDTH = 400


def colour(label: str, index: int = 0) -> str:
    return LABEL_COLOURS.get(label.lower(), PALETTE[index % len(PALETTE)])


def _svg(height: int, title: str, body: str, width: int = WIDTH) -> Markup:
    t = escape(title)
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" class="chart" role="img" aria-label="{t}" '
        f'preserveAspectRatio="xMinYMin meet"><title>{t}</title>{body}</svg>'
    )


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def stacked_bar(counts: dict[str, int], title: str) -> Markup:
    """One horizontal bar split by label (share of comments), with an HTML legend of counts
    below it (HTML text stays legible however narrow the column)."""
    total = sum(counts.values())
    items = list(counts.items())
    parts = []
    x = 0.0
    for i, (label, n) in enumerate(items):
        if not n or not total:
            continue
        w = WIDTH * n / total
        parts.append(
            f'<rect x="{x:.2f}" y="0" width="{w:.2f}" height="24" fill="{colour(label, i)}">'
            f"<title>{escape(label)}: {n} ({100 * n / total:.0f}%)</title></rect>"
        )
        if w > 40:
            parts.append(
                f'<text x="{x + w / 2:.2f}" y="17" text-anchor="middle" class="on-bar">'
                f"{100 * n / total:.0f}%</text>"
            )
        x += w
    legend = "".join(
        f'<li><span class="swatch" style="background:{colour(label, i)}"></span>{escape(label)} {n}</li>'
        for i, (label, n) in enumerate(items)
    )
    return Markup(str(_svg(24, title, "".join(parts))) + f'<ul class="legend">{legend}</ul>')


def bar_list(
    items: Sequence[tuple[str, float]],
    title: str,
    colours: Sequence[str] | None = None,
    fmt: str = "{:.0f}",
    label_chars: int = 22,
) -> Markup:
    """Horizontal bars, one per item, labels on the left and values on the right."""
    row = 24
    label_w = 150
    value_w = 40
    top = max((v for _, v in items), default=0) or 1
    parts = []
    for i, (label, value) in enumerate(items):
        y = i * row
        w = (WIDTH - label_w - value_w) * value / top
        fill = colours[i] if colours else PALETTE[0]
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" class="label">'
            f"<title>{escape(label)}</title>{escape(_clip(label, label_chars))}</text>"
        )
        parts.append(
            f'<rect x="{label_w}" y="{y + 4}" width="{max(w, 1):.2f}" height="{row - 8}" fill="{fill}"/>'
        )
        parts.append(
            f'<text x="{label_w + max(w, 1) + 6:.2f}" y="{y + 16}" class="value">'
            f"{escape(fmt.format(value))}</text>"
        )
    return _svg(max(row * len(items), row), title, "".join(parts))


def sentiment_colour(mean: float | None) -> str:
    """Diverging colour for a mean sentiment in [-1, 1]: red, grey, green."""
    if mean is None:
        return "#bdbdbd"
    if mean >= 0.05:
        return "#2e7d32" if mean >= 0.3 else "#81c784"
    if mean <= -0.05:
        return "#c62828" if mean <= -0.3 else "#e57373"
    return "#9e9e9e"


def column_chart(buckets: Sequence[tuple[str, int, float | None]], title: str) -> Markup:
    """Comments per period as columns, coloured by the period's mean sentiment."""
    height, base, left = 150, 120, 30
    n = max(len(buckets), 1)
    top = max((c for _, c, _ in buckets), default=0) or 1
    step = (WIDTH - left) / n
    parts = [
        f'<line x1="{left}" y1="{base}" x2="{WIDTH}" y2="{base}" class="axis"/>',
        f'<text x="{left - 6}" y="{base - 100 + 4}" text-anchor="end" class="value">{top}</text>',
        f'<text x="{left - 6}" y="{base + 4}" text-anchor="end" class="value">0</text>',
    ]
    label_every = max(1, round(n / 4))
    for i, (label, count, mean) in enumerate(buckets):
        h = 100 * count / top
        x = left + i * step
        mood = "" if mean is None else f", mean sentiment {mean:+.2f}"
        parts.append(
            f'<rect x="{x + step * 0.1:.2f}" y="{base - h:.2f}" width="{max(step * 0.8, 1):.2f}" '
            f'height="{h:.2f}" fill="{sentiment_colour(mean)}">'
            f"<title>{escape(label)}: {count}{mood}</title></rect>"
        )
        if i % label_every == 0:
            parts.append(
                f'<text x="{x + step / 2:.2f}" y="{base + 18}" text-anchor="middle" class="tick">'
                f"{escape(label[:10])}</text>"
            )
    return _svg(height, title, "".join(parts))
