"""Worksheets: comments sampled from a discussion (stratified so every label shows up,
seeded), pseudonymised, with the tool's labels and evidence as the teacher's key."""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..classify.base import registered
from ..classify.pipeline import Scorer, readable_evidence
from ..config import Settings, load_settings
from ..errors import ConfigError, InputError
from ..model import Label, Page
from ..scoring import ScoredComment, article_key, score_page, unique_key
from .pseudonyms import Pseudonymiser
from .tasks import Task, resolve_tasks


@dataclass(slots=True)
class WorksheetItem:
    """One comment on the worksheet with the tool's labels for the key.

    Attributes:
        item: its number on the worksheet (1…n).
        comment_id: ``<article>/<comment id>``, unique across the worksheet.
        labels: task → the tool's label on the text as shown (None: task does not apply).
        parent_item: the worksheet number of the comment it answers, when that is on the sheet.
    """

    item: int
    comment_id: str
    article: str
    author: str | None
    text: str
    parent_author: str | None
    parent_excerpt: str | None
    parent_item: int | None
    labels: dict[str, Label | None]


@dataclass(slots=True)
class ArticleSection:
    key: str
    title: str
    standfirst: str
    source: str
    items: list[WorksheetItem] = field(default_factory=list)


@dataclass(slots=True)
class Worksheet:
    """A sampled, pseudonymised set of comments with tasks, definitions and the tool's key."""

    worksheet_id: str
    seed: int
    tasks: list[Task]
    sections: list[ArticleSection]
    notes: list[str]
    anonymised: bool
    available: int
    classifiers: dict[str, str]

    @property
    def items(self) -> list[WorksheetItem]:
        return [it for s in self.sections for it in s.items]

    def key_dict(self) -> dict[str, Any]:
        """The teacher's key as JSON data: tasks, and per item the tool's labels and evidence."""
        return {
            "worksheet_id": self.worksheet_id,
            "seed": self.seed,
            "anonymised": self.anonymised,
            "classifiers": dict(self.classifiers),
            "tasks": {
                t.name: {"labels": list(t.labels), "replies_only": t.replies_only, "question": t.question}
                for t in self.tasks
            },
            "items": [
                {
                    "item": it.item,
                    "comment_id": it.comment_id,
                    "article": it.article,
                    "author": it.author,
                    "text": it.text,
                    "labels": {
                        t.name: None
                        if it.labels.get(t.name) is None
                        else {
                            "label": it.labels[t.name].label,  # type: ignore[union-attr]
                            "score": round(it.labels[t.name].score, 4),  # type: ignore[union-attr]
                            "evidence": readable_evidence(it.labels[t.name]),
                            "cues": [c.to_list() for c in it.labels[t.name].cues],  # type: ignore[union-attr]
                        }
                        for t in self.tasks
                    },
                }
                for it in self.items
            ],
            "notes": list(self.notes),
        }


@dataclass(slots=True)
class _Candidate:
    page_index: int
    scored: ScoredComment
    page: Page
    labels: dict[str, str | None]


def _sample(
    cands: list[_Candidate], tasks: list[Task], n: int, rng: random.Random, min_chars: int, max_chars: int
) -> tuple[list[_Candidate], list[str]]:
    """Pick ``n`` comments so that every label of every task appears when the data allows.

    First a greedy cover (each pick covers the most (task, label) pairs not yet shown), then
    a balanced fill (the least-shown label next). Comments within the preferred length come
    first; longer ones are used only when nothing else covers a label or fills the sheet.
    """
    notes: list[str] = []
    seen_texts: set[str] = set()
    good: list[_Candidate] = []
    long: list[_Candidate] = []
    for c in cands:
        text = c.scored.comment.text.strip()
        norm = " ".join(text.lower().split())
        if len(text) < min_chars or norm in seen_texts:
            continue
        seen_texts.add(norm)
        (good if len(text) <= max_chars else long).append(c)
    rng.shuffle(good)
    rng.shuffle(long)
    pairs = [(t.name, lab) for t in tasks for lab in t.labels]
    chosen: list[_Candidate] = []
    shown: Counter[tuple[str, str]] = Counter()

    def pairs_of(c: _Candidate) -> set[tuple[str, str]]:
        return {(t, lab) for t, lab in c.labels.items() if lab is not None}

    def take(c: _Candidate) -> None:
        chosen.append(c)
        shown.update(pairs_of(c))
        for pool in (good, long):
            if c in pool:
                pool.remove(c)

    # 1. cover every (task, label) pair
    while len(chosen) < n:
        missing = {p for p in pairs if shown[p] == 0}
        if not missing:
            break
        best = None
        for pool in (good, long):
            scored = [(len(pairs_of(c) & missing), -k, c) for k, c in enumerate(pool)]
            scored = [s for s in scored if s[0] > 0]
            if scored:
                best = max(scored, key=lambda s: (s[0], s[1]))[2]
                break
        if best is None:
            break
        take(best)
    # 2. fill, least-shown label first
    while len(chosen) < n and (good or long):
        pool = good or long
        order = sorted(pairs, key=lambda p: (shown[p], pairs.index(p)))
        pick = None
        for p in order:
            pick = next((c for c in pool if c.labels.get(p[0]) == p[1]), None)
            if pick is not None:
                break
        take(pick if pick is not None else pool[0])
    for t in tasks:
        absent = [lab for lab in t.labels if shown[(t.name, lab)] == 0]
        if absent:
            notes.append(
                f"no comment in the input is labelled {', '.join(map(repr, absent))} "
                f"for {t.name}: the worksheet cannot show it"
            )
    return chosen, notes


def _label_name(label: Label | None) -> str | None:
    return label.label if label is not None else None


def _opening(body: str, subheadings: Sequence[str]) -> str:
    """The article's first paragraph that is not a subheading, shortened: a standfirst stand-in."""
    heads = {h.strip() for h in subheadings}
    for para in body.split("\n\n"):
        if para.strip() and para.strip() not in heads:
            return _excerpt(para, 40)
    return ""


def _excerpt(text: str, words: int = 25) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def make_worksheet(
    pages: Iterable[Page],
    tasks: Sequence[str] | None = None,
    n: int | None = None,
    seed: int | None = None,
    anonymise: bool | None = None,
    settings: Settings | None = None,
) -> Worksheet:
    """Sample comments from pages into a worksheet with the tool's labels as its key.

    Args:
        pages: pages as ``read_pages`` yields them; comments of all of them are sampled.
        tasks: label task names (classifier names or their columns); ``[exercise] labels``.
        n: comments on the sheet; ``[exercise] n``.
        seed: seed of the sample; ``[exercise] seed``. Same input and seed, same worksheet.
        anonymise: replace author names with pseudonyms; ``[exercise] anonymise``.
        settings: run settings.

    Raises:
        ConfigError: no requested task has a classifier, or n is not positive.
        InputError: the pages hold no comment that could go on a worksheet.
    """
    settings = settings or load_settings()
    opts = settings.section("exercise")
    names = list(tasks) if tasks is not None else list(opts.get("labels", ["sentiment"]))
    n = int(n if n is not None else opts.get("n", 20))
    seed = int(seed if seed is not None else opts.get("seed", 1))
    anonymise = bool(opts.get("anonymise", True) if anonymise is None else anonymise)
    if n < 1:
        raise ConfigError(f"exercise.n must be at least 1, got {n}")
    resolved, notes = resolve_tasks(names)
    if not resolved:
        raise ConfigError(
            f"none of the label tasks {', '.join(names) or '(none)'} has a classifier "
            f"(registered: {', '.join(registered())})"
        )
    scorer = Scorer(settings, only=[t.name for t in resolved])
    cands: list[_Candidate] = []
    page_list: list[Page] = []
    page_keys: list[str] = []
    used_keys: set[str] = set()
    for page in pages:
        page_keys.append(unique_key(article_key(page, len(page_list)), used_keys))
        page_list.append(page)
        for err in page.errors:
            notes.append(err if page.source in err else f"{page.source}: {err}")
        for sc in score_page(page, scorer):
            by_task = {t.name: _label_name(sc.labels.get(t.name)) for t in resolved}
            cands.append(_Candidate(len(page_list) - 1, sc, page, by_task))
    if not cands:
        raise InputError(
            ", ".join(p.source for p in page_list) or "input", "no comments found to put on a worksheet"
        )
    chosen, sample_notes = _sample(
        cands,
        resolved,
        n,
        random.Random(seed),
        int(opts.get("min_chars", 15)),
        int(opts.get("max_chars", 700)),
    )
    notes.extend(sample_notes)
    if len(chosen) < n:
        notes.append(f"asked for {n} comments; the input has {len(chosen)} that can go on a worksheet")
    chosen.sort(key=lambda c: (c.page_index, c.scored.position))

    pseudo = (
        Pseudonymiser([c.author for p in page_list for c in p.comments], str(opts.get("pseudonym", "Reader")))
        if anonymise
        else None
    )
    sections: dict[int, ArticleSection] = {}
    item_of: dict[tuple[int, str], int] = {}
    for k, cand in enumerate(chosen, 1):
        page, sc = cand.page, cand.scored
        key = page_keys[cand.page_index]
        if cand.page_index not in sections:
            a = page.article
            standfirst = a.standfirst or _opening(a.body, a.subheadings)
            sections[cand.page_index] = ArticleSection(key, a.title or key, standfirst, page.source)
        item_of[(cand.page_index, sc.comment.id)] = k
        parent = sc.parent
        text = sc.comment.text
        labels = dict(sc.labels)
        if pseudo is not None:
            # Letters in the order readers meet the names: author, parent's author, texts.
            pseudo.name(sc.comment.author)
            if parent is not None:
                pseudo.name(parent.author)
            shown = pseudo.text(text)
            parent_text = pseudo.text(parent.text) if parent is not None else None
            if shown != text or (
                parent_text is not None and parent is not None and parent_text != parent.text
            ):
                # Score what students will read, so that the key's evidence points into it.
                labels = _rescore(scorer, page, sc, shown, parent_text)
            text = shown
            author = pseudo.name(sc.comment.author)
            parent_author = pseudo.name(parent.author) if parent is not None else None
            parent_excerpt = _excerpt(parent_text) if parent_text is not None else None
        else:
            author = sc.comment.author
            parent_author = parent.author if parent is not None else None
            parent_excerpt = _excerpt(parent.text) if parent is not None else None
        sections[cand.page_index].items.append(
            WorksheetItem(
                item=k,
                comment_id=f"{key}/{sc.comment.id}",
                article=key,
                author=author,
                text=text,
                parent_author=parent_author,
                parent_excerpt=parent_excerpt,
                parent_item=item_of.get((cand.page_index, parent.id)) if parent is not None else None,
                labels={t.name: labels.get(t.name) for t in resolved},
            )
        )
    digest = hashlib.sha1(
        json.dumps(
            [
                seed,
                [t.name for t in resolved],
                [[it.comment_id, it.text] for s in sections.values() for it in s.items],
            ],
            ensure_ascii=False,
        ).encode("utf-8")
    ).hexdigest()
    return Worksheet(
        worksheet_id=f"ws-{digest[:10]}",
        seed=seed,
        tasks=resolved,
        sections=[sections[k] for k in sorted(sections)],
        notes=notes,
        anonymised=anonymise,
        available=len(cands),
        classifiers={c.name: c.version for c in scorer.classifiers},
    )


def _rescore(
    scorer: Scorer, page: Page, sc: ScoredComment, text: str, parent_text: str | None
) -> dict[str, Label | None]:
    parent = (
        replace(sc.parent, text=parent_text)
        if sc.parent is not None and parent_text is not None
        else sc.parent
    )
    comments = [replace(sc.comment, text=text, reply_to=parent.id if parent else None)]
    if parent is not None:
        comments.insert(0, replace(parent, reply_to=None))
    mini = replace(page, comments=tuple(comments))
    return list(score_page(mini, scorer))[-1].labels
