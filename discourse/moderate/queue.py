"""The moderation queue: every comment ranked by review priority, with its reasons in plain
words (flag, words, score against threshold), thread heat and a "what if" table."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..classify.pipeline import Scorer
from ..config import Settings, load_settings
from ..model import Page
from ..scoring import ScoredComment, article_key, provider, score_page, unique_key
from .thresholds import Thresholds, as_number, thresholds_from

STATUSES = ("hold", "review", "ok")


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
                {
                    "threshold": w.threshold,
                    "at_or_above": w.at_or_above,
                    "held": w.held,
                    "share": round(w.share, 4),
                    "current": w.current,
                }
                for w in self.what_if
            ],
            "notes": list(self.notes),
            "classifiers": dict(self.classifiers),
            "items": [
                {
                    "rank": i.rank,
                    "status": i.status,
                    "priority": round(i.priority, 4),
                    "reasons": [r.text for r in i.reasons],
                    "article_id": i.article,
                    "source": i.source,
                    "title": i.title,
                    "comment_id": i.comment_id,
                    "author": i.author,
                    "posted": i.posted,
                    "reply_to": i.reply_to,
                    "text": i.text,
                    "toxicity": i.toxicity,
                    "toxicity_band": i.band,
                    "flags": list(i.flags),
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


def _item(
    sc: ScoredComment,
    page: Page,
    key: str,
    page_index: int,
    tox_name: str | None,
    flag_name: str | None,
    reply_names: frozenset[str],
    th: Thresholds,
) -> QueueItem:
    row = sc.row
    tox = as_number(row.get("toxicity")) if tox_name else None
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
    com = sc.comment
    return QueueItem(
        article=key,
        source=page.source,
        title=page.article.title or "",
        comment_id=com.id,
        author=com.author,
        posted=com.posted,
        reply_to=sc.parent.id if sc.parent is not None else None,
        text=com.text,
        toxicity=tox,
        band=th.band(tox),
        flags=flags,
        flag_words=words,
        spans=tuple(sorted(spans)),
        labels=short,
        evidence=str(row.get("evidence", "")),
        page_index=page_index,
        position=sc.position,
        # Whatever classifier judges replies against their parent (reply_stance) and whatever
        # one says "negative" (sentiment): found by their labels, not their names.
        disagrees=any(
            sc.labels.get(n) is not None and sc.labels[n].label == "disagree"  # type: ignore[union-attr]
            for n in reply_names
        ),
        negative=any(lab is not None and lab.label == "negative" for lab in sc.labels.values()),
    )


def _quote(words: Sequence[str]) -> str:
    return ", ".join(f"'{w}'" for w in words) if words else "(no words recorded)"


def _score_phrase(tox: float | None, th: Thresholds) -> str:
    """ "toxicity 0.83 ≥ Likely 0.80": the score against the highest threshold it reaches."""
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
                it.reasons.append(
                    Reason(
                        "escalation",
                        f"more hostile than the comment it answers ({_who(parent)}): toxicity "
                        f"{it.toxicity:.2f} vs {parent.toxicity:.2f} "
                        f"(gap {gap:.2f} ≥ {th.escalation_gap:.2f})",
                    )
                )
        if _hostile(it, th):
            hostile_to[parent.comment_id].append(it)
    targeted_comments: set[str] = set()
    for pid, replies in hostile_to.items():
        authors = {r.author for r in replies}
        if len(replies) >= th.pile_on_replies and (len(authors) >= 2 or None in authors):
            target = by_id[pid]
            targeted_comments.add(pid)
            for r in replies:
                r.reasons.append(
                    Reason(
                        "pile_on",
                        f"pile-on: one of {len(replies)} hostile or negative, disagreeing replies to "
                        f"{_who(target)} (≥ {th.pile_on_replies})",
                    )
                )
            target.reasons.append(
                Reason(
                    "pile_on_target",
                    f"target of a pile-on: {len(replies)} hostile or negative, disagreeing replies "
                    f"(≥ {th.pile_on_replies}); read the thread",
                )
            )
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
                r.reasons.append(
                    Reason(
                        "pile_on",
                        f"pile-on: one of {len(replies)} hostile or negative, disagreeing replies to "
                        f"{author}'s comments (≥ {th.pile_on_replies})",
                    )
                )


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
        held = sum(
            1
            for i, f in zip(items, flagged, strict=True)
            if f or (i.toxicity is not None and i.toxicity >= t)
        )
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
    reply_names = frozenset(c.name for c in scorer.classifiers if "parent" in c.needs)
    items: list[QueueItem] = []
    used_keys: set[str] = set()
    n_pages = failed = 0
    for page_index, page in enumerate(pages):
        n_pages += 1
        if not page.ok:
            failed += 1
        for err in page.errors:
            notes.append(err if page.source in err else f"{page.source}: {err}")
        key = unique_key(article_key(page, page_index), used_keys)
        tox_name, flg_name = (tox.name if tox else None), (flg.name if flg else None)
        page_items = [
            _item(sc, page, key, page_index, tox_name, flg_name, reply_names, th)
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
        items=items,
        thresholds=th,
        what_if=what_if(items, th) if tox else [],
        notes=notes,
        pages=n_pages,
        pages_failed=failed,
        has_toxicity=tox is not None,
        has_flags=flg is not None,
        classifiers={c.name: c.version for c in scorer.classifiers},
    )
