"""Self-contained HTML reports (inline CSS and SVG, no script, no network) rendered with jinja2
templates from ``report/templates/``. Autoescape is on for every template, and the pages carry
a Content-Security-Policy that forbids scripts, so even a mistake in escaping runs nothing."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from html import escape as esc
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

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
    env.globals["comment_items"] = comment_items
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


def comment_items(views: Sequence[CommentView]) -> Markup:
    """The ``<li>`` of every comment shown, each with its header, marked text, label chips and
    evidence. Written here rather than in the template because it runs for up to
    ``max_comments_shown`` comments of every article: the template loop cost as much as
    classifying them. Every page-derived value goes through ``escape`` (as autoescape would)."""
    out: list[str] = []
    add = out.append
    for v in views:
        anchor = escape(v.anchor)
        add(f'<li class="comment d{v.indent}" id="{anchor}">\n<header><b>{escape(v.author)}</b>')
        if v.posted:
            add(f" · {escape(v.posted)}")
        if v.reply_to_anchor:
            add(f' · reply to <a href="#{escape(v.reply_to_anchor)}">{escape(v.reply_to_author)}</a>')
        add(f' · <a href="#{anchor}">#{v.position + 1}</a></header>\n')
        add(f'<div class="text">{comment_body(v)}</div>\n<div class="chips">')
        for c in v.chips:
            add(f'<span class="chip l-{escape(c.label)}"><b>{escape(c.name)}</b> {escape(c.text)}</span>')
        if v.theme:
            add(f'<span class="chip">theme: {escape(v.theme)}</span>')
        add("</div>\n")
        if v.evidence or v.whole_cues or v.warnings:
            add("<details><summary>evidence</summary><ul>\n")
            for name, ev in v.evidence:
                add(f"<li><b>{escape(name)}</b>: {escape(ev)}</li>\n")
            for _, rule, text, weight in v.whole_cues:
                shown = f" ({escape(signed(weight))})" if weight else ""
                add(f"<li>{escape(rule)}: {escape(text)}{shown}</li>\n")
            if v.warnings:
                add(f"<li>note: {escape(v.warnings)}</li>")
            add("</ul></details>\n")
        add("</li>\n")
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
