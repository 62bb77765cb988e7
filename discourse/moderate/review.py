"""Moderators' decisions (approve / remove / escalate in a filled queue CSV) against the
flags and thresholds: agreement per flag, precision and recall of "hold", and the toxicity
threshold that best matches the decisions."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..agreement import BinaryScores, ThresholdChoice, best_threshold, binary_scores
from ..errors import ColumnError
from ..sheets import read_csv_rows

BANDS = ("unlikely", "maybe", "likely")


DECISIONS = ("approve", "remove", "escalate")


_DECISION_WORDS = {
    "approve": "approve",
    "approved": "approve",
    "a": "approve",
    "ok": "approve",
    "keep": "approve",
    "publish": "approve",
    "remove": "remove",
    "removed": "remove",
    "r": "remove",
    "delete": "remove",
    "deleted": "remove",
    "reject": "remove",
    "rejected": "remove",
    "escalate": "escalate",
    "escalated": "escalate",
    "e": "escalate",
}


@dataclass(frozen=True, slots=True)
class FlagReview:
    """Moderators' decisions on the comments that carried one flag (or band, or no flag).

    Attributes:
        agreement: share of decided comments that were removed or escalated (None if none).
    """

    flag: str
    comments: int
    removed: int
    escalated: int
    approved: int
    undecided: int

    @property
    def decided(self) -> int:
        return self.removed + self.escalated + self.approved

    @property
    def agreement(self) -> float | None:
        return (self.removed + self.escalated) / self.decided if self.decided else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "flag": self.flag,
            "comments": self.comments,
            "removed": self.removed,
            "escalated": self.escalated,
            "approved": self.approved,
            "undecided": self.undecided,
            "agreement": self.agreement,
        }


@dataclass(slots=True)
class Review:
    """What moderators' decisions say about the flags and thresholds.

    Attributes:
        held_vs_actioned: the queue's "hold" against decisions remove or escalate.
        held_vs_removed: the queue's "hold" against decisions remove only.
        suggested_f1, suggested_youden: the toxicity threshold that best matches remove/escalate.
        current_hold: the hold threshold the queue was made with (from its ``hold_at`` column).
        problems: one line per row or column that could not be used.
    """

    source: str
    rows: int
    decisions: dict[str, int]
    undecided: int
    held_vs_actioned: BinaryScores | None
    held_vs_removed: BinaryScores | None
    flags: list[FlagReview]
    bands: list[FlagReview]
    suggested_f1: ThresholdChoice | None
    suggested_youden: ThresholdChoice | None
    current_hold: float | None
    problems: list[str]

    @property
    def decided(self) -> int:
        return sum(self.decisions.values())

    def to_dict(self) -> dict[str, Any]:
        def choice(c: ThresholdChoice | None) -> dict[str, Any] | None:
            return (
                None
                if c is None
                else {"threshold": c.threshold, "criterion": c.criterion, **c.scores.as_dict()}
            )

        return {
            "source": self.source,
            "rows": self.rows,
            "decided": self.decided,
            "undecided": self.undecided,
            "decisions": dict(self.decisions),
            "held_vs_actioned": self.held_vs_actioned.as_dict() if self.held_vs_actioned else None,
            "held_vs_removed": self.held_vs_removed.as_dict() if self.held_vs_removed else None,
            "flags": [f.as_dict() for f in self.flags],
            "bands": [b.as_dict() for b in self.bands],
            "suggested_threshold": {"f1": choice(self.suggested_f1), "youden": choice(self.suggested_youden)},
            "current_hold": self.current_hold,
            "problems": list(self.problems),
        }


def _decision(raw: str) -> str | None:
    return _DECISION_WORDS.get(raw.strip().lower().rstrip("."))


def review_decisions(path: str | Path, min_decisions: int = 20) -> Review:
    """Compare moderators' decisions in a filled queue CSV with the flags and thresholds.

    Args:
        path: the queue CSV with its ``decision`` column filled (approve / remove / escalate).
        min_decisions: below this many decisions a suggested threshold comes with a warning.

    Raises:
        InputError: unreadable file; ColumnError: no ``decision`` column.
    """
    source = str(path)
    header, rows = read_csv_rows(path)
    if "decision" not in header:
        raise ColumnError(source, "no 'decision' column: is this a queue from `discourse moderate`?", header)
    problems: list[str] = []
    for col in ("toxicity", "flags", "status"):
        if col not in header:
            problems.append(f"{source}: no '{col}' column; figures that need it are left out")
    decisions: Counter[str] = Counter()
    undecided = 0
    decided_rows: list[tuple[dict[str, str], str]] = []
    all_rows: list[tuple[dict[str, str], str | None]] = []
    for n, row in enumerate(rows, 2):  # row 1 is the header
        raw = row.get("decision", "")
        if not raw:
            undecided += 1
            all_rows.append((row, None))
            continue
        d = _decision(raw)
        if d is None:
            cid = row.get("comment_id", "?")
            problems.append(
                f"{source}: row {n} (comment {cid}): decision {raw!r} is not approve, remove or "
                "escalate; left out"
            )
            all_rows.append((row, None))
            continue
        decisions[d] += 1
        decided_rows.append((row, d))
        all_rows.append((row, d))

    def tox_of(row: dict[str, str]) -> float | None:
        try:
            v = float(row.get("toxicity", ""))
        except ValueError:
            return None
        return None if math.isnan(v) else v

    def flags_of(row: dict[str, str]) -> list[str]:
        return [f.strip() for f in row.get("flags", "").split(";") if f.strip()]

    def tally(name: str, members: list[tuple[dict[str, str], str | None]]) -> FlagReview:
        c = Counter(d for _, d in members)
        return FlagReview(
            name, len(members), c.get("remove", 0), c.get("escalate", 0), c.get("approve", 0), c.get(None, 0)
        )

    by_flag: dict[str, list[tuple[dict[str, str], str | None]]] = defaultdict(list)
    by_band: dict[str, list[tuple[dict[str, str], str | None]]] = defaultdict(list)
    for row, d in all_rows:
        fl = flags_of(row)
        for f in fl:
            by_flag[f].append((row, d))
        if not fl:
            by_flag["(no flag)"].append((row, d))
        band = row.get("toxicity_band", "")
        if band:
            by_band[band].append((row, d))
    flags = [tally(f, by_flag[f]) for f in sorted(by_flag, key=lambda f: (f == "(no flag)", f))]
    bands = [tally(b, by_band[b]) for b in sorted(by_band, key=lambda b: BANDS.index(b) if b in BANDS else 9)]

    actioned = [d in ("remove", "escalate") for _, d in decided_rows]
    held_vs_actioned = held_vs_removed = None
    if "status" in header and decided_rows:
        held = [r.get("status", "").lower() == "hold" for r, _ in decided_rows]
        held_vs_actioned = binary_scores(held, actioned)
        held_vs_removed = binary_scores(held, [d == "remove" for _, d in decided_rows])
    xs: list[float] = []
    ys: list[bool] = []
    for (r, _), a in zip(decided_rows, actioned, strict=True):
        t = tox_of(r)
        if t is not None:
            xs.append(t)
            ys.append(a)
    s_f1 = s_j = None
    if xs:
        s_f1, s_j = best_threshold(xs, ys, "f1"), best_threshold(xs, ys, "youden")
        if s_f1 is None:
            problems.append(
                f"{source}: no threshold suggested: the decisions need at least one approve and one "
                "remove/escalate"
            )
        elif len(xs) < min_decisions:
            problems.append(
                f"{source}: the suggested threshold rests on only {len(xs)} decisions; treat it as a hint"
            )
    current = None
    for r, _ in all_rows:
        v = _number_or_none(r.get("hold_at", ""))
        if v is not None:
            current = v
            break
    return Review(
        source=source,
        rows=len(rows),
        decisions={d: decisions.get(d, 0) for d in DECISIONS},
        undecided=undecided,
        held_vs_actioned=held_vs_actioned,
        held_vs_removed=held_vs_removed,
        flags=flags,
        bands=bands,
        suggested_f1=s_f1,
        suggested_youden=s_j,
        current_hold=current,
        problems=problems,
    )


def _number_or_none(text: str) -> float | None:
    try:
        v = float(text)
    except ValueError:
        return None
    return None if math.isnan(v) else v
