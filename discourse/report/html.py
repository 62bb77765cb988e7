"""Self-contained HTML reports (inline CSS and SVG, no script, no network) rendered with jinja2
templates from ``report/templates/``. Autoescape is on for every template, and the pages carry
a Content-Security-Policy that forbids scripts, so even a mistake in escaping runs nothing."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from html import escape as esc
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..summarize import ArticleSummary, CorpusRow, CorpusSummary, human_date, signed
from . import charts
from .markdown import notable_title
from .view import CommentView


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("discourse", "report/templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["signed"] = signed
    env.filters["date"] = human_date
    env.filters["pct"] = lambda x: "–" if x is None else f"{100 * x:.0f}%"
    env.filters["safe_url"] = safe_url
    env.globals["charts"] = charts
    env.globals["comment_body"] = comment_body
    env.globals["notable_title"] = notable_title
    return env


def comment_body(view: CommentView) -> Markup:
    """A comment's text with its evidence marked: every piece escaped, each cue span a
    ``<mark>`` whose title names the rules and weights. Built here rather than in the template
    because it runs once per cue of every comment."""
    if not view.pieces:
        return Markup('<span class="muted">(no text)</span>')
    out = []
    for p in view.pieces:
        if p.cues:
            out.append(f'<mark class="k-{esc(p.kind)}" title="{esc(p.title)}">{esc(p.text)}</mark>')
        else:
            out.append(esc(p.text))
    return Markup("".join(out))


def safe_url(url: str | None) -> str | None:
    """A page's own URL, only when it is plain http(s): never a ``javascript:`` or data link."""
    if not url:
        return None
    u = url.strip()
    return u if u.lower().startswith(("http://", "https://")) else None


def _label_charts(s: ArticleSummary) -> list[tuple[str, Any]]:
    out = []
    for name, st in s.labels.items():
        if st.scored:
            title = f"{name}: labels of {st.scored} comments"
            out.append((name, charts.stacked_bar(st.counts, title)))
    return out


def render_article(s: ArticleSummary, views: list[CommentView], shown: int) -> str:
    """One article's report as a self-contained HTML page (``views``: the comments shown)."""
    placed = [t for t in s.themes]
    theme_chart = (
        charts.bar_list(
            [(t.label, t.size) for t in placed],
            "comments per theme",
            [
                charts.sentiment_colour(t.mean_sentiment)
                if t.mean_sentiment is not None
                else charts.PALETTE[0]
                for t in placed
            ],
        )
        if len(placed) > 1
        else None
    )
    tl = s.timeline
    timeline_chart = (
        charts.column_chart(
            [(b.start, b.count, b.mean_sentiment) for b in tl.buckets],
            f"comments per {tl.unit}, coloured by mean sentiment",
        )
        if len(tl.buckets) > 1
        else None
    )
    return (
        environment()
        .get_template("article.html.j2")
        .render(
            s=s,
            views=views,
            shown=shown,
            label_charts=_label_charts(s),
            theme_chart=theme_chart,
            timeline_chart=timeline_chart,
        )
    )


def render_index(corpus: CorpusSummary, rows: Sequence[CorpusRow], manifest: dict[str, Any]) -> str:
    """The corpus report as a self-contained HTML page."""
    label_charts = [
        (name, charts.stacked_bar(counts, f"{name}: labels of all comments"))
        for name, counts in corpus.labels.items()
        if sum(counts.values())
    ]
    sized = [r for r in rows if r.comments]
    comments_chart = (
        charts.bar_list(
            [(r.title or r.slug, r.comments) for r in sized[:40]],
            "comments per article",
            [charts.sentiment_colour(r.mean_sentiment) for r in sized[:40]],
        )
        if len(sized) > 1
        else None
    )
    return (
        environment()
        .get_template("index.html.j2")
        .render(
            corpus=corpus,
            rows=rows,
            manifest=manifest,
            label_charts=label_charts,
            comments_chart=comments_chart,
            by_slug={r.slug: r for r in rows},
        )
    )
