"""The moderation queue and the review of decisions as CSV, HTML, JSON and text.

Renderers only format :class:`~discourse.moderate.Queue` and :class:`~discourse.moderate.Review`.
CSV cells are neutralised (no formulas run in a spreadsheet); HTML is autoescaped and
self-contained (inline CSS, no scripts, no network).
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import jinja2

from ..moderate import Queue, QueueItem, Review
from ..csvsafe import safe_row
from .atomic import atomic_open, write_text_atomic

#: Columns of the queue CSV. ``decision`` and ``note`` are left empty for moderators; the
#: thresholds in force travel with every row so that ``moderate review`` knows them.
QUEUE_COLUMNS = [
    "rank",
    "status",
    "decision",
    "note",
    "reasons",
    "text",
    "author",
    "toxicity",
    "toxicity_band",
    "flags",
    "flag_words",
    "priority",
    "labels",
    "article_id",
    "comment_id",
    "reply_to",
    "posted",
    "title",
    "source",
    "hold_at",
    "review_at",
    "evidence",
]


def template_env() -> jinja2.Environment:
    """Jinja environment over the packaged templates; every ``{{ }}`` is HTML-escaped."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("discourse", "report/templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def segments(text: str, spans: Sequence[tuple[int, int, str]]) -> list[tuple[str, str | None]]:
    """Cut ``text`` into ``(piece, tag)`` runs, ``tag`` set where a span covers it.

    Overlapping spans are merged into the first; spans outside the text are ignored. The
    template escapes each piece, so highlighting never lets page text become markup.
    """
    out: list[tuple[str, str | None]] = []
    pos = 0
    for start, end, tag in sorted(spans):
        start, end = max(start, pos), min(end, len(text))
        if end <= start:
            continue
        if start > pos:
            out.append((text[pos:start], None))
        out.append((text[start:end], tag))
        pos = end
    if pos < len(text):
        out.append((text[pos:], None))
    return out


def anchor(article: str, comment_id: str) -> str:
    """An HTML id for a comment: page ids may hold any character, so only a digest is used."""
    return "c-" + hashlib.sha1(f"{article}\x00{comment_id}".encode()).hexdigest()[:12]


def _fmt(x: float | None, digits: int = 2) -> str:
    return "" if x is None else f"{x:.{digits}f}"


def queue_row(item: QueueItem, queue: Queue) -> dict[str, Any]:
    """One CSV row of the queue (before neutralisation)."""
    th = queue.thresholds
    return {
        "rank": item.rank,
        "status": item.status,
        "decision": "",
        "note": "",
        "reasons": "; ".join(r.text for r in item.reasons),
        "text": item.text,
        "author": item.author or "",
        "toxicity": _fmt(item.toxicity, 4),
        "toxicity_band": item.band or "",
        "flags": ";".join(item.flags),
        "flag_words": "; ".join(f"{f}: {', '.join(w)}" for f, w in item.flag_words.items() if w),
        "priority": f"{item.priority:.4f}",
        "labels": "; ".join(f"{k}={v}" for k, v in item.labels.items()),
        "article_id": item.article,
        "comment_id": item.comment_id,
        "reply_to": item.reply_to or "",
        "posted": item.posted or "",
        "title": item.title,
        "source": item.source,
        "hold_at": f"{th.hold:.4f}",
        "review_at": f"{th.review:.4f}",
        "evidence": item.evidence,
    }


def write_queue_csv(queue: Queue, out: IO[str]) -> None:
    """Every comment, ranked, one row each, formula-like cells neutralised."""
    writer = csv.DictWriter(out, fieldnames=QUEUE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for item in queue.items:
        writer.writerow(safe_row(queue_row(item, queue)))


def write_queue_json(queue: Queue, out: IO[str]) -> None:
    json.dump(queue.to_dict(), out, ensure_ascii=False, indent=1)
    out.write("\n")


def render_queue_html(queue: Queue, max_rows: int = 500) -> str:
    """The queue as one self-contained HTML page (the first ``max_rows`` comments)."""
    shown = queue.items[:max_rows]
    rows = [{"item": it, "segments": segments(it.text, it.spans)} for it in shown]
    return (
        template_env()
        .get_template("moderate_queue.html.j2")
        .render(
            anchor=anchor,
            queue=queue,
            th=queue.thresholds,
            rows=rows,
            counts=queue.counts,
            hidden=len(queue.items) - len(shown),
            fmt=_fmt,
        )
    )


def render_queue_text(queue: Queue, top: int = 20) -> str:
    """A terminal summary: thresholds, counts, what-if table and the top of the queue."""
    th = queue.thresholds
    c = queue.counts
    lines = [
        f"{len(queue.items)} comments from {queue.pages} page(s): "
        f"{c['hold']} held, {c['review']} to review, {c['ok']} ok",
        f"hold at {th.hold_name} ({th.sources.get('hold', '')}); review at {th.review_name}; "
        f"bands Likely {th.likely:.2f} ({th.sources.get('likely', '')}), "
        f"Maybe {th.maybe:.2f} ({th.sources.get('maybe', '')})",
        f"always held: {', '.join(th.hold_flags) or 'none'}; pile-on at {th.pile_on_replies} hostile "
        f"replies; escalation gap {th.escalation_gap:.2f}",
    ]
    for note in queue.notes:
        lines.append(f"note: {note}")
    if queue.what_if:
        lines.append("what if the hold threshold were …")
        lines.append("  threshold  at/above  held  share")
        for w in queue.what_if:
            mark = "  ← current" if w.current else ""
            lines.append(f"  {w.threshold:9.2f}  {w.at_or_above:8d}  {w.held:4d}  {w.share:5.1%}{mark}")
    for it in queue.items[:top]:
        if it.status == "ok":
            break
        who = it.author or "anonymous"
        lines.append(f"#{it.rank} [{it.status}] {it.article}/{it.comment_id} by {who}: {_short(it.text)}")
        lines.extend(f"    - {r.text}" for r in it.reasons)
    return "\n".join(lines) + "\n"


def _short(text: str, n: int = 90) -> str:
    one = " ".join(text.split())
    return one if len(one) <= n else one[: n - 1] + "…"


def write_queue(queue: Queue, path: Path, html_rows: int = 500) -> str:
    """Write the queue to ``path`` in the format its suffix names (.csv, .html, .json).

    Returns:
        The format written.

    Raises:
        ValueError: an unknown suffix (the CLI checks before scoring anything).
    """
    kind = queue_format(path)
    if kind == "html":
        write_text_atomic(path, render_queue_html(queue, html_rows))
    else:
        with atomic_open(path, newline="") as out:
            (write_queue_csv if kind == "csv" else write_queue_json)(queue, out)
    return kind


def queue_format(path: Path) -> str:
    """``csv``, ``html`` or ``json`` from a file name; ValueError for anything else."""
    suffix = path.suffix.lower().lstrip(".")
    kinds = {"csv": "csv", "html": "html", "htm": "html", "json": "json"}
    if suffix not in kinds:
        raise ValueError(
            f"{path}: the queue is written as .csv, .html or .json, not {path.suffix or 'no suffix'!r}"
        )
    return kinds[suffix]


# --------------------------------------------------------------------------------------------
# Review


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.0%}"


def render_review_text(review: Review) -> str:
    """The review as plain text for a terminal."""
    d = review.decisions
    lines = [
        f"{review.source}: {review.rows} comments, {review.decided} decided "
        f"({d['remove']} removed, {d['escalate']} escalated, {d['approve']} approved), "
        f"{review.undecided} undecided",
    ]
    for name, s in (
        ("held vs removed or escalated", review.held_vs_actioned),
        ("held vs removed", review.held_vs_removed),
    ):
        if s is not None:
            lines.append(
                f"{name}: precision {_pct(s.precision)}, recall {_pct(s.recall)}, F1 {_pct(s.f1)} "
                f"(held and actioned {s.tp}, held but approved {s.fp}, actioned but not held {s.fn})"
            )
    if review.flags:
        lines.append("per flag: how often moderators removed or escalated what it raised")
        lines.append(
            f"  {'flag':<18} {'comments':>8} {'removed':>7} {'escal.':>6} {'approved':>8} {'agree':>6}"
        )
        for f in review.flags:
            lines.append(
                f"  {f.flag:<18} {f.comments:8d} {f.removed:7d} {f.escalated:6d} "
                f"{f.approved:8d} {_pct(f.agreement):>6}"
            )
    if review.bands:
        lines.append("per toxicity band:")
        for b in review.bands:
            lines.append(
                f"  {b.flag:<18} {b.comments:8d} {b.removed:7d} {b.escalated:6d} "
                f"{b.approved:8d} {_pct(b.agreement):>6}"
            )
    for c in (review.suggested_f1, review.suggested_youden):
        if c is not None:
            crit = "F1" if c.criterion == "f1" else "Youden's J"
            value = c.scores.f1 if c.criterion == "f1" else c.scores.youden_j
            now = f" (now {review.current_hold:.2f})" if review.current_hold is not None else ""
            lines.append(
                f"suggested hold threshold by {crit}: {c.threshold:.2f}{now} — {crit} {value:.2f}, "
                f"precision {_pct(c.scores.precision)}, recall {_pct(c.scores.recall)}"
            )
    lines.extend(f"note: {p}" for p in review.problems)
    return "\n".join(lines) + "\n"


def render_review_json(review: Review) -> str:
    return json.dumps(review.to_dict(), ensure_ascii=False, indent=1) + "\n"
