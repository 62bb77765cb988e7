"""Markdown reports: one per article and an index, mirroring the HTML for terminals and
repositories. Every page-derived string goes through :func:`md_escape`, so a comment cannot
inject markup, links or HTML into the report."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..summarize import ArticleSummary, CorpusRow, CorpusSummary, human_date, signed
from .view import CommentView

_MD_INLINE = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "\\": "\\\\",
        "`": "\\`",
        "*": "\\*",
        "_": "\\_",
        "[": "\\[",
        "]": "\\]",
        "|": "\\|",
        "~": "\\~",
    }
)
_MD_LINE_MARK = re.compile(r"^(\s*)([#+=-])", re.MULTILINE)
_MD_LINE_NUMBER = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)


def _inline(text: str) -> str:
    return text.translate(_MD_INLINE)


def _line_starts(text: str) -> str:
    """Escape what would start a heading, list or quote at the beginning of a line."""
    return _MD_LINE_NUMBER.sub(r"\1\\\2", _MD_LINE_MARK.sub(r"\1\\\2", text))


def md_escape(text: Any) -> str:
    """Escape page-derived text for inline Markdown, on one line: HTML-significant characters
    become entities and emphasis/link/table/code characters are backslash-escaped."""
    return _inline(" ".join(str(text if text is not None else "").split()))


def md_block(text: Any) -> str:
    """:func:`md_escape` for text that starts a line: a leading heading, list or numbered-list
    marker is neutralised too."""
    return _line_starts(md_escape(text))


def _md_text(view: CommentView) -> str:
    """The comment as a block quote, its evidence in bold, its line breaks kept."""
    out = []
    runs: list[tuple[bool, str]] = []
    for p in view.pieces:  # adjacent marked pieces become one bold run
        marked = bool(p.cues)
        if runs and runs[-1][0] == marked:
            runs[-1] = (marked, runs[-1][1] + p.text)
        else:
            runs.append((marked, p.text))
    for marked, text in runs:
        esc = _inline(text)
        if marked and esc.strip() and "\n" not in esc.strip():
            core = esc.strip()
            lead = esc[: len(esc) - len(esc.lstrip())]
            trail = esc[len(esc.rstrip()) :]
            esc = f"{lead}**{core}**{trail}"
        out.append(esc)
    body = _line_starts("".join(out).strip())
    if not body:
        return "> *(no text)*"
    return "\n".join("> " + line if line.strip() else ">" for line in body.split("\n"))


def _pct(n: int, total: int) -> str:
    return f"{100 * n / total:.0f}%" if total else "–"


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return lines + [""]


_NOTABLE = {
    "most_positive": "Most positive",
    "most_negative": "Most negative",
    "most_formal": "Most formal",
    "most_informal": "Most informal",
    "most_replied_to": "Most replied-to",
}


def notable_title(kind: str) -> str:
    return _NOTABLE.get(kind, kind.replace("_", " ").capitalize())


def render_article(
    s: ArticleSummary, views: list[CommentView], shown: int, index_name: str = "index.md"
) -> str:
    """One article's report as Markdown (``views``: :func:`~discourse.report.view.comment_views`
    of the comments shown)."""
    out: list[str] = [f"# {md_escape(s.title or s.article_id)}", ""]
    meta = [f"source `{s.source.replace('`', '')}`"]
    if s.byline:
        meta.append(f"by {md_escape(s.byline)}")
    if s.published:
        meta.append(f"published {human_date(s.published)}")
    out += [" · ".join(meta) + f" · [all articles]({index_name})", ""]
    out += [md_block(s.paragraph), ""]
    for e in s.errors:
        out.append(f"- **Error:** {md_escape(e)}")
    for w in s.warnings:
        out.append(f"- Note: {md_escape(w)}")
    if s.errors or s.warnings:
        out.append("")
    if s.comments == 0:
        out += ["This article has no reader comments to analyse.", ""]
        return "\n".join(out)

    out += ["## Labels", ""]
    for name, st in s.labels.items():
        if not st.scored:
            continue
        mean = (
            f" · mean score {st.mean_score:+.2f}"
            if st.mean_score is not None and abs(st.mean_score) <= 1.5
            else (f" · mean score {st.mean_score:.0f}" if st.mean_score is not None else "")
        )
        desc = f" ({md_escape(st.description)})" if st.description else ""
        out += [f"**{md_escape(name)}**{desc}: {_plural(st.scored, 'comment')}{mean}", ""]
        out += _table(
            ["label", "comments", "share"],
            [[md_escape(k), v, _pct(v, st.scored)] for k, v in st.counts.items()],
        )
    if s.agreement and s.agreement.scored:
        ag = s.agreement
        out += [
            f"Agreement with the article: {ag.support} support ({_pct(ag.support, ag.scored)}), "
            f"{ag.deny} deny ({_pct(ag.deny, ag.scored)}), polarisation {ag.polarisation:.2f} "
            f"({md_escape(ag.lean)}).",
            "",
        ]

    out += ["## Themes", ""]
    if s.themes:
        out += _table(
            ["#", "theme", "comments", "share", "mean sentiment", "representative comments"],
            [
                [
                    t.id,
                    md_escape(t.label),
                    t.size,
                    _pct(t.size, s.comments),
                    signed(t.mean_sentiment) if t.mean_sentiment is not None else "–",
                    "; ".join(
                        f"[{md_escape(e.author)}](#c{e.position + 1}): {md_escape(e.excerpt[:90])}"
                        for e in t.exemplars
                    ),
                ]
                for t in s.themes
            ],
        )
    th = s.threads
    out += ["## Threads", ""]
    out += [
        f"{_plural(th.top_level, 'top-level comment')}, "
        f"{th.replies} repl{'y' if th.replies == 1 else 'ies'}, "
        f"{_plural(th.threads_with_replies, 'thread')} with replies, deepest level {th.max_depth}.",
        "",
    ]
    if th.pairs:
        out += _table(
            ["reply from", "to", "replies", "by name", "stance toward the parent"],
            [
                [
                    md_escape(p.replier),
                    md_escape(p.addressee),
                    p.count,
                    p.addressed or "",
                    ", ".join(f"{k} {v}" for k, v in p.stances.items()) or "–",
                ]
                for p in th.pairs
            ],
        )
    if th.longest:
        out += [
            "Longest exchange: "
            + " → ".join(f"[{md_escape(r.author)}](#c{r.position + 1})" for r in th.longest),
            "",
        ]

    tl = s.timeline
    out += ["## Time line", ""]
    if tl.dated:
        per = f", {tl.per_day:.1f} comments a day" if tl.per_day else ""
        out += [
            f"First comment {human_date(tl.first, True)}, last {human_date(tl.last, True)}{per} "
            f"({tl.dated} dated, {tl.undated} undated).",
            "",
        ]
        out += _table(
            [tl.unit, "comments", "mean sentiment"],
            [
                [b.start, b.count, signed(b.mean_sentiment) if b.mean_sentiment is not None else "–"]
                for b in tl.buckets
                if b.count
            ],
        )
    else:
        out += ["No comment carries a usable date.", ""]
    if tl.tone_change:
        tc = tl.tone_change
        where = human_date(tc.at) if tc.at else f"comment {tc.position + 1}"
        out += [
            f"Tone change: {tc.direction} from {where} (mean {signed(tc.before)} over {tc.n_before} "
            f"comments before, {signed(tc.after)} over {tc.n_after} after).",
            "",
        ]

    if s.notable:
        out += ["## Notable comments", ""]
        for kind, ref in s.notable.items():
            val = f" ({ref.value:g})" if ref.value is not None else ""
            out.append(
                f"- **{notable_title(kind)}**{val}: [{md_escape(ref.author)}](#c{ref.position + 1}): "
                f"{md_escape(ref.excerpt)}"
            )
        out.append("")
    if s.moderation is not None:
        mod = s.moderation
        out += ["## Moderation", ""]
        bands = ", ".join(f"{md_escape(k)} {v}" for k, v in mod.bands.items())
        flags = ", ".join(f"{md_escape(k)} {v}" for k, v in mod.flags.items()) or "none"
        out += [f"{_plural(mod.flagged, 'comment')} to review. Toxicity bands: {bands}. Flags: {flags}.", ""]
        for ref in mod.read_first:
            out.append(
                f"- [{md_escape(ref.author)}](#c{ref.position + 1}): {md_escape(ref.excerpt)} "
                f"— {md_escape('; '.join(ref.reasons))}"
            )
        if mod.read_first:
            out.append("")

    out += ["## Comments", ""]
    if shown < s.comments:
        out += [
            f"{shown} of {s.comments} comments: the first ones and those the summary points to; "
            "all are in comments.csv.",
            "",
        ]
    for v in views:
        out.append(f'<a id="{v.anchor}"></a>')
        head = f"**{md_escape(v.author)}**"
        if v.posted:
            head += f" · {v.posted}"
        if v.reply_to_anchor:
            head += f" · reply to [{md_escape(v.reply_to_author)}](#{v.reply_to_anchor})"
        if v.depth:
            head = "↳ " * min(v.depth, 3) + head
        out += [head, ""]
        out += [_md_text(v), ""]
        labels = " · ".join(f"{md_escape(c.name)}: {md_escape(c.text)}" for c in v.chips)
        if v.theme:
            labels += f" · theme: {md_escape(v.theme)}"
        out += [f"*{labels}*" if labels else "", ""]
        for name, ev in v.evidence:
            out.append(f"- {md_escape(name)}: {md_escape(ev)}")
        if v.evidence:
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def render_index(
    corpus: CorpusSummary, rows: Sequence[CorpusRow], manifest: dict[str, Any], suffix: str = ".md"
) -> str:
    """The corpus report as Markdown."""
    out = ["# Discussion reports", ""]
    out += [
        f"{corpus.articles} articles, {corpus.comments} comments ({corpus.replies} replies); "
        f"{corpus.articles_without_comments} without comments, {corpus.articles_with_errors} with errors.",
        "",
    ]
    for name, counts in corpus.labels.items():
        total = sum(counts.values())
        if total:
            out.append(
                f"- **{md_escape(name)}**: "
                + ", ".join(f"{md_escape(k)} {v} ({_pct(v, total)})" for k, v in counts.items())
            )
    out.append("")
    by_slug = {r.slug: r for r in rows}

    def link(slug: str) -> str:
        r = by_slug.get(slug)
        title = (r.title if r else None) or slug
        return f"[{md_escape(title)}]({slug}{suffix})"

    for title, items, fmt in (
        ("Most negative discussions", corpus.most_negative, "mean sentiment {:+.2f}"),
        ("Most polarised discussions (support vs deny)", corpus.most_polarised, "polarisation {:.2f}"),
        ("Most uncivil discussions", corpus.most_uncivil, "{:.0%} of comments flagged"),
    ):
        out += [f"## {title}", ""]
        if items:
            out += [
                f"{i + 1}. {link(r.slug)}: {fmt.format(r.value)} ({r.comments} comments)"
                for i, r in enumerate(items)
            ]
        else:
            out.append(f"None (articles with at least {corpus.min_comments} comments are ranked).")
        out.append("")
    out += ["## Articles", ""]
    out += _table(
        [
            "article",
            "comments",
            "replies",
            "mean sentiment",
            "support",
            "deny",
            "polarisation",
            "flagged",
            "main theme",
            "distinctive words",
        ],
        [
            [
                link(r.slug),
                r.comments,
                r.replies,
                signed(r.mean_sentiment) if r.mean_sentiment is not None else "–",
                _share(r.support_share),
                _share(r.deny_share),
                f"{r.polarisation:.2f}" if r.polarisation is not None else "–",
                _share(r.uncivil_share),
                md_escape(r.top_theme or "–"),
                md_escape(", ".join(corpus.distinctive.get(r.slug, [])) or "–"),
            ]
            for r in rows
        ],
    )
    out += ["## Run", ""]
    out += [
        f"- input `{i['path'].replace('`', '')}` sha256 `{i['sha256']}`" for i in manifest.get("inputs", [])
    ]
    out += [
        f"- classifier {md_escape(c['name'])} version {md_escape(c['version'])}"
        for c in manifest.get("classifiers", [])
    ]
    out.append("")
    return "\n".join(out)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _share(x: float | None) -> str:
    return f"{100 * x:.0f}%" if x is not None else "–"
