"""The moderation queue: every comment ranked by review priority with its reasons in plain
words, a "what if" table over thresholds, and the review of moderators' decisions.

Toxicity bands reuse the ``[moderation]`` thresholds (the classifier's own); ``[moderate]``
holds only what the queue adds (which band holds a comment, flags that always hold, thread
heat). Whatever classifiers the registry holds are used; when none provides ``toxicity`` or
``flags`` the queue says so and ranks by what it has. Renderers live in
``discourse.report.moderation``; this module builds data only.
"""

from __future__ import annotations

import csv
import io
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .agreement import BinaryScores, ThresholdChoice, best_threshold, binary_scores
from .classify.pipeline import Scorer
from .config import Settings, load_settings
from .errors import ColumnError, ConfigError, InputError, InputFormatError
from .model import Page
from .scoring import ScoredComment, article_key, provider, score_page

BANDS = ("unlikely", "maybe", "likely")
STATUSES = ("hold", "review", "ok")
DECISIONS = ("approve", "remove", "escalate")

#: Used only when ``[moderation]`` names no band threshold (the classifier is not installed or
#: names its keys differently); the queue header says when a fallback is in use.
FALLBACK_BANDS = {"likely": 0.8, "maybe": 0.5}

_DECISION_WORDS = {
    "approve": "approve", "approved": "approve", "a": "approve", "ok": "approve", "keep": "approve",
    "publish": "approve", "remove": "remove", "removed": "remove", "r": "remove",
    "delete": "remove", "deleted": "remove", "reject": "remove", "rejected": "remove",
    "escalate": "escalate", "escalated": "escalate", "e": "escalate",
}


# --------------------------------------------------------------------------------------------
# Thresholds


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Every number the queue decides by, with where each came from.

    Attributes:
        likely, maybe: toxicity band boundaries (from ``[moderation]`` unless overridden).
        hold: toxicity at or above which a comment is held for a moderator.
        review: toxicity at or above which it is put up for review.
        hold_name, review_name: how reasons name them ("Likely 0.80", "0.65").
        hold_flags: flags that hold a comment whatever its score.
        hostile_flags: flags that make a reply count toward a pile-on.
        escalation_gap: a reply this much more toxic than its parent is "more hostile".
        pile_on_replies: this many hostile replies to one comment or author is a pile-on.
        sources: setting → where its value came from (settings file, option, fallback).
    """

    likely: float
    maybe: float
    hold: float
    review: float
    hold_name: str
    review_name: str
    hold_flags: tuple[str, ...]
    hostile_flags: tuple[str, ...]
    escalation_gap: float
    pile_on_replies: int
    pile_on_counts_disagreement: bool
    severe_flag_weight: float
    flag_weight: float
    heat_weight: float
    what_if: tuple[float, ...]
    sources: dict[str, str] = field(default_factory=dict)

    def band(self, toxicity: float | None) -> str | None:
        if toxicity is None:
            return None
        if toxicity >= self.likely:
            return "likely"
        return "maybe" if toxicity >= self.maybe else "unlikely"

    def as_dict(self) -> dict[str, Any]:
        return {
            "likely": self.likely, "maybe": self.maybe, "hold": self.hold, "review": self.review,
            "hold_name": self.hold_name, "review_name": self.review_name,
            "hold_flags": list(self.hold_flags), "hostile_flags": list(self.hostile_flags),
            "escalation_gap": self.escalation_gap, "pile_on_replies": self.pile_on_replies,
            "pile_on_counts_disagreement": self.pile_on_counts_disagreement,
            "what_if": list(self.what_if), "sources": dict(self.sources),
        }


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def band_thresholds(moderation: Mapping[str, Any]) -> dict[str, tuple[float, str]]:
    """Find the Likely and Maybe toxicity thresholds in the ``[moderation]`` section.

    The classifier owns those keys; this accepts the usual spellings (``likely``,
    ``likely_threshold``, ``threshold_likely``, ``bands = {likely = …}``) so that the queue
    never duplicates them. Returns ``{band: (value, "[moderation] key")}`` for those found.
    """
    found: dict[str, tuple[float, str]] = {}
    nested = moderation.get("bands") or moderation.get("thresholds")
    for band in ("likely", "maybe"):
        for key in (band, f"{band}_threshold", f"threshold_{band}", f"{band}_at", f"band_{band}",
                    f"{band}_min"):
            v = _number(moderation.get(key))
            if v is not None:
                found[band] = (v, f"[moderation] {key}")
                break
        else:
            if isinstance(nested, Mapping) and _number(nested.get(band)) is not None:
                found[band] = (float(nested[band]), f"[moderation] bands.{band}")
    return found


def _threshold_spec(spec: Any, bands: dict[str, float], what: str) -> tuple[float, str]:
    """A hold/review setting: a band name ("likely", "maybe") or a number in [0, 1]."""
    if isinstance(spec, str):
        key = spec.strip().lower()
        if key in bands:
            return bands[key], f"{key.capitalize()} {bands[key]:.2f}"
        try:
            spec = float(key)
        except ValueError:
            raise ConfigError(
                f"moderate.{what} must be 'likely', 'maybe' or a number in [0, 1], got {spec!r}"
            ) from None
    v = _number(spec)
    if v is None or not 0.0 <= v <= 1.0:
        raise ConfigError(f"moderate.{what} must be 'likely', 'maybe' or a number in [0, 1], got {spec!r}")
    return v, f"{what} threshold {v:.2f}"


def thresholds_from(settings: Settings, **overrides: Any) -> Thresholds:
    """Build the queue's thresholds from ``[moderation]`` + ``[moderate]`` and CLI overrides.

    Args:
        settings: run settings.
        overrides: ``likely``, ``maybe`` (band boundaries), ``hold``, ``review`` (band name or
            number), ``escalation_gap``, ``pile_on_replies``; None means "not given".

    Raises:
        ConfigError: a value out of range or of the wrong kind.
    """
    mod = settings.section("moderate")
    found = band_thresholds(settings.section("moderation"))
    sources: dict[str, str] = {}
    bands: dict[str, float] = {}
    for band in ("likely", "maybe"):
        given = overrides.get(band)
        if given is not None:
            bands[band], sources[band] = float(given), f"option --{band}"
        elif band in found:
            bands[band], sources[band] = found[band]
        else:
            bands[band] = FALLBACK_BANDS[band]
            sources[band] = "built-in fallback ([moderation] names no such threshold)"
    if not 0.0 <= bands["maybe"] <= bands["likely"] <= 1.0:
        raise ConfigError(
            f"toxicity bands need 0 ≤ maybe ≤ likely ≤ 1, got maybe={bands['maybe']} likely={bands['likely']}"
        )
    specs = {}
    for what, default in (("hold", "likely"), ("review", "maybe")):
        given = overrides.get(what)
        spec = given if given is not None else mod.get(what, default)
        sources[what] = f"option --{what}" if given is not None else f"[moderate] {what}"
        specs[what] = _threshold_spec(spec, bands, what)
    (hold, hold_name), (review, review_name) = specs["hold"], specs["review"]
    if review > hold:
        raise ConfigError(f"moderate.review ({review_name}) must not be above moderate.hold ({hold_name})")

    def num(key: str, default: float, lo: float, hi: float) -> float:
        given = overrides.get(key)
        value = given if given is not None else mod.get(key, default)
        sources[key] = f"option --{key.replace('_', '-')}" if given is not None else f"[moderate] {key}"
        v = _number(value)
        if v is None or not lo <= v <= hi:
            raise ConfigError(f"moderate.{key} must be a number in [{lo}, {hi}], got {value!r}")
        return v

    gap = num("escalation_gap", 0.3, 0.0, 1.0)
    pile = int(num("pile_on_replies", 3, 2, 10_000))
    grid = mod.get("what_if", [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])
    if not isinstance(grid, list) or not all(_number(x) is not None and 0 <= x <= 1 for x in grid):
        raise ConfigError(f"moderate.what_if must be a list of numbers in [0, 1], got {grid!r}")
    return Thresholds(
        likely=bands["likely"], maybe=bands["maybe"], hold=hold, review=review,
        hold_name=hold_name, review_name=review_name,
        hold_flags=tuple(str(f) for f in mod.get("hold_flags", ["threat", "identity_attack"])),
        hostile_flags=tuple(str(f) for f in mod.get("hostile_flags", ["insult", "identity_attack", "threat"])),
        escalation_gap=gap, pile_on_replies=pile,
        pile_on_counts_disagreement=bool(mod.get("pile_on_counts_disagreement", True)),
        severe_flag_weight=float(mod.get("severe_flag_weight", 1.0)),
        flag_weight=float(mod.get("flag_weight", 0.3)),
        heat_weight=float(mod.get("heat_weight", 0.3)),
        what_if=tuple(sorted({round(float(x), 4) for x in grid} | {round(hold, 4), round(review, 4)})),
        sources=sources,
    )


# --------------------------------------------------------------------------------------------
# The queue


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason a comment is in the queue where it is.

    Attributes:
        kind: ``toxicity``, ``flag``, ``escalation``, ``pile_on`` or ``pile_on_target``.
        text: the reason in plain words, with its numbers and threshold.
        holds: True when this reason alone holds the comment.
    """

    kind: str
    text: str
    holds: bool = False


@dataclass(slots=True)
class QueueItem:
    """One comment in the queue, with everything a moderator needs to decide.

    Attributes:
        spans: ``(start, end, rule)`` of the words behind its flags, for highlighting.
        labels: other classifiers' labels in short form (``sentiment`` → ``negative``).
    """

    article: str
    source: str
    title: str
    comment_id: str
    author: str | None
    posted: str | None
    reply_to: str | None
    text: str
    toxicity: float | None
    band: str | None
    flags: tuple[str, ...]
    flag_words: dict[str, tuple[str, ...]]
    spans: tuple[tuple[int, int, str], ...]
    labels: dict[str, str]
    evidence: str
    page_index: int
    position: int
    disagrees: bool = False
    negative: bool = False
    reasons: list[Reason] = field(default_factory=list)
    status: str = "ok"
    priority: float = 0.0
    rank: int = 0


@dataclass(frozen=True, slots=True)
class WhatIf:
    """How many comments a hold threshold of ``threshold`` would hold."""

    threshold: float
    at_or_above: int
    held: int
    share: float
    current: bool


@dataclass(slots=True)
class Queue:
    """The ranked queue and the figures shown above it.

    Attributes:
        items: every comment read, highest priority first.
        notes: what the reader of the queue must know (missing classifiers, unreadable pages).
        pages: pages read (including ones that could not be read).
        pages_failed: pages that could not be read at all.
    """

    items: list[QueueItem]
    thresholds: Thresholds
    what_if: list[WhatIf]
    notes: list[str]
    pages: int
    pages_failed: int
    has_toxicity: bool
    has_flags: bool
    classifiers: dict[str, str]

    @property
    def counts(self) -> dict[str, int]:
        c = Counter(i.status for i in self.items)
        return {s: c.get(s, 0) for s in STATUSES}

    def to_dict(self) -> dict[str, Any]:
        return {
            "pages": self.pages,
            "pages_failed": self.pages_failed,
            "comments": len(self.items),
            "counts": self.counts,
            "thresholds": self.thresholds.as_dict(),
            "what_if": [
                {"threshold": w.threshold, "at_or_above": w.at_or_above, "held": w.held,
                 "share": round(w.share, 4), "current": w.current}
                for w in self.what_if
            ],
            "notes": list(self.notes),
            "classifiers": dict(self.classifiers),
            "items": [
                {
                    "rank": i.rank, "status": i.status, "priority": round(i.priority, 4),
                    "reasons": [r.text for r in i.reasons], "article_id": i.article,
                    "source": i.source, "title": i.title, "comment_id": i.comment_id,
                    "author": i.author, "posted": i.posted, "reply_to": i.reply_to, "text": i.text,
                    "toxicity": i.toxicity, "toxicity_band": i.band, "flags": list(i.flags),
                    "flag_words": {k: list(v) for k, v in i.flag_words.items()},
                    "labels": dict(i.labels),
                }
                for i in self.items
            ],
        }


def _flags_of(row: Mapping[str, Any], label_extras: Mapping[str, Any]) -> tuple[str, ...]:
    raw = row.get("flags")
    if raw is None:
        raw = label_extras.get("flags")
    if raw is None:
        return ()
    parts = raw.split(";") if isinstance(raw, str) else [str(x) for x in raw]
    out: list[str] = []
    for p in parts:
        p = p.strip()
        if p and p not in out:
            out.append(p)
    return tuple(out)


def _item(sc: ScoredComment, page: Page, page_index: int, tox_name: str | None,
          flag_name: str | None, reply_names: frozenset[str], th: Thresholds) -> QueueItem:
    row = sc.row
    tox = _number(row.get("toxicity")) if tox_name else None
    if tox is not None and math.isnan(tox):
        tox = None
    flags: tuple[str, ...] = ()
    words: dict[str, tuple[str, ...]] = {}
    spans: list[tuple[int, int, str]] = []
    if flag_name:
        label = sc.labels.get(flag_name)
        flags = _flags_of(row, label.extras if label is not None else {})
        cues = label.cues if label is not None else ()
        for flag in flags:
            rule = f"{flag_name}.{flag}"
            hits = [c for c in cues if c.rule == rule or c.rule.startswith(rule + ".")]
            seen: list[str] = []
            for c in hits:
                if c.text and c.text not in seen:
                    seen.append(c.text)
                if c.has_span:
                    spans.append((c.start, c.end, flag))
            words[flag] = tuple(seen[:5])
    short: dict[str, str] = {}
    for name, label in sc.labels.items():
        if label is not None and name not in (tox_name, flag_name):
            short[name] = label.label
    c = sc.comment
    return QueueItem(
        article=article_key(page, page_index), source=page.source,
        title=page.article.title or "", comment_id=c.id, author=c.author, posted=c.posted,
        reply_to=sc.parent.id if sc.parent is not None else None, text=c.text,
        toxicity=tox, band=th.band(tox), flags=flags, flag_words=words, spans=tuple(sorted(spans)),
        labels=short, evidence=str(row.get("evidence", "")), page_index=page_index,
        position=sc.position,
        # Whatever classifier judges replies against their parent (reply_stance) and whatever
        # one says "negative" (sentiment): found by their labels, not their names.
        disagrees=any(sc.labels.get(n) is not None and sc.labels[n].label == "disagree"  # type: ignore[union-attr]
                      for n in reply_names),
        negative=any(lab is not None and lab.label == "negative" for lab in sc.labels.values()),
    )


def _quote(words: Sequence[str]) -> str:
    return ", ".join(f"'{w}'" for w in words) if words else "(no words recorded)"


def _score_phrase(tox: float | None, th: Thresholds) -> str:
    """"toxicity 0.83 ≥ Likely 0.80": the score against the highest threshold it reaches."""
    if tox is None:
        return "no toxicity score"
    if tox >= th.hold:
        return f"toxicity {tox:.2f} ≥ {th.hold_name}"
    if tox >= th.review:
        return f"toxicity {tox:.2f} ≥ {th.review_name}"
    return f"toxicity {tox:.2f} < {th.review_name}"


def _own_reasons(item: QueueItem, th: Thresholds) -> None:
    """Reasons that come from the comment alone: its score and its flags."""
    phrase = _score_phrase(item.toxicity, th)
    tox_holds = item.toxicity is not None and item.toxicity >= th.hold
    for flag in item.flags:
        always = flag in th.hold_flags
        text = f"{flag.replace('_', ' ')}: {_quote(item.flag_words.get(flag, ()))} — {phrase}"
        if always:
            text += " (this flag always holds: [moderate] hold_flags)"
        item.reasons.append(Reason("flag", text, holds=always or tox_holds))
    if not item.flags and item.toxicity is not None and item.toxicity >= th.review:
        item.reasons.append(Reason("toxicity", f"{phrase} (no specific flag)", holds=tox_holds))


def _hostile(item: QueueItem, th: Thresholds) -> bool:
    if item.toxicity is not None and item.toxicity >= th.review:
        return True
    if any(f in th.hostile_flags for f in item.flags):
        return True
    return th.pile_on_counts_disagreement and item.disagrees and item.negative


def _who(item: QueueItem) -> str:
    return f"{item.author}'s comment {item.comment_id}" if item.author else f"comment {item.comment_id}"


def _heat(items: list[QueueItem], th: Thresholds) -> None:
    """Thread heat within one article: escalating replies and pile-ons (from ``reply_to``)."""
    by_id = {i.comment_id: i for i in items}
    hostile_to: dict[str, list[QueueItem]] = defaultdict(list)
    for it in items:
        parent = by_id.get(it.reply_to) if it.reply_to else None
        if parent is None:
            continue
        if it.toxicity is not None and parent.toxicity is not None:
            gap = it.toxicity - parent.toxicity
            if it.toxicity >= th.review and gap >= th.escalation_gap:
                it.reasons.append(Reason(
                    "escalation",
                    f"more hostile than the comment it answers ({_who(parent)}): toxicity "
                    f"{it.toxicity:.2f} vs {parent.toxicity:.2f} (gap {gap:.2f} ≥ {th.escalation_gap:.2f})",
                ))
        if _hostile(it, th):
            hostile_to[parent.comment_id].append(it)
    targeted_comments: set[str] = set()
    for pid, replies in hostile_to.items():
        authors = {r.author for r in replies}
        if len(replies) >= th.pile_on_replies and (len(authors) >= 2 or None in authors):
            target = by_id[pid]
            targeted_comments.add(pid)
            for r in replies:
                r.reasons.append(Reason(
                    "pile_on",
                    f"pile-on: one of {len(replies)} hostile or negative, disagreeing replies to "
                    f"{_who(target)} (≥ {th.pile_on_replies})",
                ))
            target.reasons.append(Reason(
                "pile_on_target",
                f"target of a pile-on: {len(replies)} hostile or negative, disagreeing replies "
                f"(≥ {th.pile_on_replies}); read the thread",
            ))
    # The same author answered with hostility across several of their comments.
    per_author: dict[str, list[QueueItem]] = defaultdict(list)
    for pid, replies in hostile_to.items():
        author = by_id[pid].author
        if author and pid not in targeted_comments:
            per_author[author].extend(replies)
    for author, replies in per_author.items():
        targets = {r.reply_to for r in replies}
        if len(replies) >= th.pile_on_replies and len(targets) >= 2:
            for r in replies:
                r.reasons.append(Reason(
                    "pile_on",
                    f"pile-on: one of {len(replies)} hostile or negative, disagreeing replies to "
                    f"{author}'s comments (≥ {th.pile_on_replies})",
                ))


def _settle(item: QueueItem, th: Thresholds) -> None:
    """Status and priority from the reasons (see ``[moderate]`` for the weights)."""
    held = any(r.holds for r in item.reasons)
    item.status = "hold" if held else "review" if item.reasons else "ok"
    severe = sum(1 for f in item.flags if f in th.hold_flags)
    heat = sum(1 for r in item.reasons if r.kind in ("escalation", "pile_on", "pile_on_target"))
    item.priority = (
        (item.toxicity or 0.0)
        + th.severe_flag_weight * severe
        + th.flag_weight * (len(item.flags) - severe)
        + th.heat_weight * heat
    )


def what_if(items: Sequence[QueueItem], th: Thresholds) -> list[WhatIf]:
    """How many comments each hold threshold of the grid would hold (hold flags included)."""
    total = len(items)
    flagged = [any(f in th.hold_flags for f in i.flags) for i in items]
    out = []
    for t in th.what_if:
        above = sum(1 for i in items if i.toxicity is not None and i.toxicity >= t)
        held = sum(1 for i, f in zip(items, flagged, strict=True)
                   if f or (i.toxicity is not None and i.toxicity >= t))
        out.append(WhatIf(t, above, held, held / total if total else 0.0, math.isclose(t, th.hold)))
    return out


def build_queue(
    pages: Iterable[Page],
    settings: Settings | None = None,
    scorer: Scorer | None = None,
    **overrides: Any,
) -> Queue:
    """Score every comment of every page and rank them for review.

    Args:
        pages: pages as ``read_pages`` yields them (pages that could not be read are noted).
        settings: run settings (packaged defaults when None).
        scorer: classifiers to use (every registered classifier when None).
        overrides: threshold overrides for this run (see :func:`thresholds_from`).

    Returns:
        The queue: every comment read, ranked; thresholds; the what-if table; notes.
    """
    settings = settings or load_settings()
    th = thresholds_from(settings, **overrides)
    scorer = scorer or Scorer(settings)
    tox = provider(scorer, "toxicity")
    flg = provider(scorer, "flags")
    notes: list[str] = []
    if tox is None:
        notes.append("no classifier provides 'toxicity': comments are ranked by flags and thread heat only")
    if flg is None:
        notes.append("no classifier provides 'flags': no moderation flags are shown")
    if tox is not None and any(th.sources[b].startswith("built-in") for b in ("likely", "maybe")):
        notes.append(
            f"toxicity bands use built-in fallbacks (Likely {th.likely:.2f}, Maybe {th.maybe:.2f}): "
            "[moderation] names no band thresholds"
        )
    reply_names = frozenset(c.name for c in scorer.classifiers if "parent" in c.needs)
    items: list[QueueItem] = []
    n_pages = failed = 0
    for page_index, page in enumerate(pages):
        n_pages += 1
        if not page.ok:
            failed += 1
        for err in page.errors:
            notes.append(err if page.source in err else f"{page.source}: {err}")
        page_items = [
            _item(sc, page, page_index, tox.name if tox else None, flg.name if flg else None,
                  reply_names, th)
            for sc in score_page(page, scorer)
        ]
        for it in page_items:
            _own_reasons(it, th)
        _heat(page_items, th)
        items.extend(page_items)
    for it in items:
        _settle(it, th)
    order = {s: k for k, s in enumerate(STATUSES)}
    items.sort(key=lambda i: (order[i.status], -i.priority, i.page_index, i.position))
    for rank, it in enumerate(items, 1):
        it.rank = rank
    return Queue(
        items=items, thresholds=th, what_if=what_if(items, th) if tox else [], notes=notes,
        pages=n_pages, pages_failed=failed, has_toxicity=tox is not None, has_flags=flg is not None,
        classifiers={c.name: c.version for c in scorer.classifiers},
    )


# --------------------------------------------------------------------------------------------
# Reviewing moderators' decisions


def unneutralise(value: str) -> str:
    """Undo the quote that CSV export put before formula-like cells (``'=x`` → ``=x``)."""
    if value.startswith("'") and value[1:2] in ("=", "+", "-", "@", "\t", "\r", "\n"):
        return value[1:]
    return value


def read_csv_rows(path: str | Path) -> tuple[list[str], list[dict[str, str]]]:
    """Read a CSV a person may have edited in a spreadsheet: BOM, ``;`` or tab delimiters,
    legacy encodings. Returns the header and the rows (cells stripped, quotes undone).

    Raises:
        InputError: the file is missing, empty, binary or not a table.
    """
    source = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(source, "file not found") from None
    except OSError as exc:
        raise InputError(source, f"cannot be read ({exc.strerror or exc})") from None
    if not data.strip():
        raise InputError(source, "empty file")
    if b"\x00" in data[:4096]:
        raise InputFormatError(source, "binary data, not a CSV table")
    for enc in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows = list(reader)
    except csv.Error as exc:
        raise InputFormatError(source, f"not a readable CSV table ({exc})") from None
    header = [h.strip().lower() for h in rows[0]]
    out = []
    for r in rows[1:]:
        if not any(cell.strip() for cell in r):
            continue
        out.append({h: unneutralise(r[k].strip()) if k < len(r) else "" for k, h in enumerate(header) if h})
    return header, out


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
            "flag": self.flag, "comments": self.comments, "removed": self.removed,
            "escalated": self.escalated, "approved": self.approved, "undecided": self.undecided,
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
            return None if c is None else {"threshold": c.threshold, "criterion": c.criterion,
                                           **c.scores.as_dict()}

        return {
            "source": self.source, "rows": self.rows, "decided": self.decided,
            "undecided": self.undecided, "decisions": dict(self.decisions),
            "held_vs_actioned": self.held_vs_actioned.as_dict() if self.held_vs_actioned else None,
            "held_vs_removed": self.held_vs_removed.as_dict() if self.held_vs_removed else None,
            "flags": [f.as_dict() for f in self.flags],
            "bands": [b.as_dict() for b in self.bands],
            "suggested_threshold": {"f1": choice(self.suggested_f1),
                                    "youden": choice(self.suggested_youden)},
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
        return FlagReview(name, len(members), c.get("remove", 0), c.get("escalate", 0),
                          c.get("approve", 0), c.get(None, 0))

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
    scored = [(tox_of(r), a) for (r, _), a in zip(decided_rows, actioned, strict=True)]
    scored = [(t, a) for t, a in scored if t is not None]
    s_f1 = s_j = None
    if scored:
        xs, ys = [t for t, _ in scored], [a for _, a in scored]
        s_f1, s_j = best_threshold(xs, ys, "f1"), best_threshold(xs, ys, "youden")
        if s_f1 is None:
            problems.append(
                f"{source}: no threshold suggested: the decisions need at least one approve and one "
                "remove/escalate"
            )
        elif len(scored) < min_decisions:
            problems.append(
                f"{source}: the suggested threshold rests on only {len(scored)} decisions; treat it as a hint"
            )
    current = None
    for r, _ in all_rows:
        v = _number_or_none(r.get("hold_at", ""))
        if v is not None:
            current = v
            break
    return Review(
        source=source, rows=len(rows), decisions={d: decisions.get(d, 0) for d in DECISIONS},
        undecided=undecided, held_vs_actioned=held_vs_actioned, held_vs_removed=held_vs_removed,
        flags=flags, bands=bands, suggested_f1=s_f1, suggested_youden=s_j, current_hold=current,
        problems=problems,
    )


def _number_or_none(text: str) -> float | None:
    try:
        v = float(text)
    except ValueError:
        return None
    return None if math.isnan(v) else v
