"""A page's comments scored in their context (article, parent comment), and lookups of which
registered classifier provides a label or column.

Shared by the moderation queue and the classroom exercises. Every comment that was read comes
out scored, in page order; a reply whose parent is missing is scored as a top-level comment.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .classify.base import ArticleContext, Classifier, Context
from .classify.doc import Doc
from .classify.pipeline import Scorer
from .model import Comment, Label, Page


@dataclass(frozen=True, slots=True)
class ScoredComment:
    """One comment with every classifier's label and the flat output columns.

    Attributes:
        position: index of the comment in its page (page order).
        comment: the comment as read.
        parent: the comment it answers, when that comment is on the page.
        labels: classifier name → label (None where the classifier does not apply).
        row: the flat columns of :meth:`Scorer.flatten` (contract columns, evidence, warnings).
    """

    position: int
    comment: Comment
    parent: Comment | None
    labels: dict[str, Label | None]
    row: dict[str, Any]


def article_key(page: Page, index: int = 0) -> str:
    """A stable, readable id for a page's article: its own id, else the file's stem."""
    if page.article_id:
        return page.article_id
    name = page.source.replace("\\", "/").rsplit("/", 1)[-1]
    stem = name.split(".", 1)[0] if not name.startswith(".") else name
    return stem or f"article{index + 1}"


def unique_key(key: str, used: set[str]) -> str:
    """``key``, or ``key-2``, ``key-3``… when an earlier page already has it (two ``page.txt``
    files in different folders); the key returned is added to ``used``."""
    out, k = key, 1
    while out in used:
        k += 1
        out = f"{key}-{k}"
    used.add(out)
    return out


def score_page(page: Page, scorer: Scorer) -> Iterator[ScoredComment]:
    """Score every comment of a page with every classifier of ``scorer``, in page order.

    The article is prepared once (``ArticleContext.cache`` is shared by its comments); a reply
    is scored with its parent's text and author as context.
    """
    article = ArticleContext.of(page.article)
    by_id = {c.id: c for c in page.comments}
    docs: dict[str, Doc] = {}

    def doc_of(c: Comment) -> Doc:
        if c.id not in docs:
            docs[c.id] = Doc(c.text)
        return docs[c.id]

    for i, c in enumerate(page.comments):
        parent = by_id.get(c.reply_to) if c.reply_to and c.reply_to != c.id else None
        ctx = Context(
            article=article,
            parent=doc_of(parent) if parent is not None else None,
            parent_author=parent.author if parent is not None else None,
            author=c.author,
        )
        doc = doc_of(c)
        labels = scorer.labels(doc, ctx)
        yield ScoredComment(i, c, parent, labels, scorer.flatten(doc, labels))


def provider(scorer: Scorer, column: str) -> Classifier | None:
    """The classifier of ``scorer`` whose output columns include ``column`` (None if none)."""
    for clf in scorer.classifiers:
        if column in clf.columns(None):
            return clf
    return None


def resolve_task(name: str, classifiers: dict[str, type[Classifier]]) -> str | None:
    """Map a task name the user typed to a registered classifier name.

    Accepts a classifier name (``stance``) or one of its output columns (``toxicity`` →
    the classifier that writes it, ``formality`` → ``register``). None when nothing fits.
    """
    key = name.strip().lower().replace("-", "_")
    if key in classifiers:
        return key
    for cname, cls in classifiers.items():
        try:
            cols = cls.columns(cls.__new__(cls), None)
        except Exception:  # noqa: BLE001 - a classifier whose columns() needs state: skip
            continue
        if key in cols:
            return cname
    return None
