"""What the Markdown and HTML reports show of each comment, prepared once for both.

Comment rows come from the comments table (one dict per comment); classifier columns are
grouped by classifier as the registry lists them, so a new classifier shows up in the reports
without a change here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..summarize import human_date
from .highlight import Piece, parse_evidence, pieces, whole_text_cues

#: Replies deeper than this are drawn at this depth (a phone screen has little room).
MAX_INDENT = 6


@dataclass(frozen=True)
class Chip:
    """One classifier's verdict on a comment, as shown next to it.

    Attributes:
        name: the classifier.
        text: its columns' values in short form (``negative -0.62``, ``formal 71``…).
        label: the label value (for colouring), lower-cased; ``""`` when there is none.
    """

    name: str
    text: str
    label: str


@dataclass
class CommentView:
    position: int
    anchor: str
    comment_id: str
    author: str
    posted: str
    depth: int
    reply_to_anchor: str | None
    reply_to_author: str | None
    theme: str
    chips: list[Chip]
    pieces: list[Piece]
    whole_cues: list[tuple[str, str, str, float]]
    evidence: list[tuple[str, str]]
    warnings: str
    text: str = field(repr=False, default="")

    @property
    def indent(self) -> int:
        return min(self.depth, MAX_INDENT)


def anchor(position: int) -> str:
    """Anchor of a comment in its article's report (ids from pages are not safe as anchors)."""
    return f"c{position + 1}"


def _short(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.0f}" if abs(value) > 1.5 else f"{value:+.2f}" if value < 0 else f"{value:.2f}"
    return str(value)


def chips(row: dict[str, Any], groups: list[tuple[str, list[str]]]) -> list[Chip]:
    out = []
    for name, cols in groups:
        values = [row.get(c) for c in cols]
        shown = [_short(v) for v in values if v not in (None, "")]
        if not shown:
            continue
        label = next((v for v in values if isinstance(v, str) and v), "")
        out.append(Chip(name, " ".join(shown), label.lower() if ";" not in label else ""))
    return out


def comment_views(
    rows: list[dict[str, Any]],
    groups: list[tuple[str, list[str]]],
    positions: list[int] | None = None,
) -> list[CommentView]:
    """Views of comment rows, in page order.

    Args:
        rows: the comment rows shown.
        groups: classifier name → its label columns.
        positions: each row's index in the whole discussion (default: 0, 1, 2 …), so that
            anchors stay the same whichever comments a report shows.
    """
    positions = positions if positions is not None else list(range(len(rows)))
    pos_of: dict[Any, int] = {}
    row_at: dict[int, dict[str, Any]] = {}
    for p, r in zip(positions, rows, strict=True):
        pos_of.setdefault(r.get("comment_id"), p)
        row_at[p] = r
    views = []
    for i, r in zip(positions, rows, strict=True):
        parent = r.get("reply_to")
        ppos = pos_of.get(parent) if parent is not None else None
        text = r.get("text") or ""
        ev = parse_evidence(r.get("evidence"))
        views.append(
            CommentView(
                position=i,
                anchor=anchor(i),
                comment_id=str(r.get("comment_id")),
                author=(r.get("author") or "").strip() or "anonymous",
                posted=human_date(r.get("posted"), with_time=True) if r.get("posted") else "",
                depth=int(r.get("depth") or 0),
                reply_to_anchor=anchor(ppos) if ppos is not None else None,
                reply_to_author=((row_at[ppos].get("author") or "anonymous") if ppos is not None else None),
                theme=r.get("cluster_label") or "",
                chips=chips(r, groups),
                pieces=pieces(text, ev),
                whole_cues=whole_text_cues(ev),
                evidence=[(name, r[f"{name}_evidence"]) for name, _ in groups if r.get(f"{name}_evidence")],
                warnings=r.get("warnings") or "",
                text=text,
            )
        )
    return views
