"""The data model every stage shares: pages, articles, comments, labels and their evidence.

Plain frozen dataclasses with no I/O. Parsers build them, classifiers read them, summaries and
reports consume them. ``Page.to_dict`` gives the JSON shape of ``../shared/CONTRACT.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple


@dataclass(frozen=True, slots=True)
class Comment:
    """One reader comment as it appears on the page.

    Attributes:
        id: unique within its page (parsers number comments ``c1``, ``c2`` … unless the source
            has its own ids).
        author: display name, or None when the page shows none.
        posted: ISO 8601 ``YYYY-MM-DDTHH:MM`` (or longer), or None when unknown.
        text: the comment's own text, paragraphs joined by a blank line.
        reply_to: id of the comment this one answers, or None.
        posted_text: the timestamp as printed on the page ("3 hours ago"), when there was one.
        depth: 0 for top-level comments, 1 for replies, and so on.
        reply_evidence: how ``reply_to`` was found ("nesting", "addressed", "quote", "column", …).
        quotes: texts of earlier comments quoted inside this one (kept out of ``text``).
        meta: anything else a source provides (votes, platform ids, raw row fields).
    """

    id: str
    text: str
    author: str | None = None
    posted: str | None = None
    reply_to: str | None = None
    posted_text: str | None = None
    depth: int = 0
    reply_evidence: str | None = None
    quotes: tuple[str, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """Return the contract JSON shape (extra fields are allowed by the contract)."""
        out: dict[str, Any] = {
            "id": self.id,
            "author": self.author,
            "posted": self.posted,
            "text": self.text,
            "reply_to": self.reply_to,
            "depth": self.depth,
        }
        if self.posted_text is not None:
            out["posted_text"] = self.posted_text
        if self.reply_evidence is not None:
            out["reply_evidence"] = self.reply_evidence
        if self.quotes:
            out["quotes"] = list(self.quotes)
        if self.meta:
            out["meta"] = self.meta
        return out


@dataclass(frozen=True, slots=True)
class Article:
    """The article a discussion belongs to. Every field may be empty: tables often carry none."""

    title: str | None = None
    byline: str | None = None
    published: str | None = None  # YYYY-MM-DD
    standfirst: str | None = None
    subheadings: tuple[str, ...] = ()
    body: str = ""
    url: str | None = None
    section: str | None = None
    language: str | None = None

    @property
    def text(self) -> str:
        """Title, standfirst and body as one text: what stance and relevance are judged against."""
        parts = [p for p in (self.title, self.standfirst, self.body) if p]
        return "\n\n".join(parts)


@dataclass(frozen=True, slots=True)
class Page:
    """One input unit: an article and its reader comments, with what went wrong reading it.

    Attributes:
        source: the path as given (for tables: ``path#article_id``).
        kind: input kind that was read: ``dump``, ``html``, ``csv``, ``tsv``, ``jsonl``, ``json``,
            ``parquet`` or ``unknown``.
        errors: problems that make the result doubtful or empty (contract field).
        warnings: notes that do not invalidate the result (legacy encoding decoded, rows
            repaired, comment count mismatch details…).
        article_id: stable id of the article (the table's article key, or derived from source).
        rejected: rows/comments read but not kept, each with its reason, so counts add up.
    """

    source: str
    article: Article = field(default_factory=Article)
    comments: tuple[Comment, ...] = ()
    declared_comment_count: int | None = None
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    kind: str = "unknown"
    article_id: str | None = None
    rejected: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the page could be read at all (it may still have no comments)."""
        return self.kind != "unknown" or not self.errors

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON object of ``discourse parse --format json`` (see CONTRACT.md)."""
        a = self.article
        out: dict[str, Any] = {
            "source": self.source,
            "title": a.title,
            "byline": a.byline,
            "published": a.published,
            "standfirst": a.standfirst,
            "subheadings": list(a.subheadings),
            "body": a.body,
            "comments": [c.to_dict() for c in self.comments],
            "declared_comment_count": self.declared_comment_count,
            "errors": list(self.errors),
            "warnings": list(self.warnings),
            "kind": self.kind,
            "article_id": self.article_id,
            "url": a.url,
            "section": a.section,
            "language": a.language,
        }
        if self.rejected:
            out["rejected"] = list(self.rejected)
        return out


class Cue(NamedTuple):
    """One piece of evidence behind a label.

    An immutable named tuple rather than a dataclass: classifiers create dozens per comment, and
    a tuple is built at C speed (``tuple.__new__(Cue, (rule, text, start, end, weight))`` in hot
    loops). Fields, defaults, ``has_span`` and ``to_list`` are the public API.

    Attributes:
        rule: stable rule id, ``<classifier>.<rule>`` (e.g. ``register.contraction``).
        text: the matched text, or a short description for whole-text features.
        start: character offset of the match in the scored text, or -1 for whole-text features.
        end: end offset (exclusive), or -1.
        weight: the cue's contribution to the score, in the classifier's own units.
    """

    rule: str
    text: str
    start: int = -1
    end: int = -1
    weight: float = 0.0

    @property
    def has_span(self) -> bool:
        return self.start >= 0 and self.end >= self.start

    def to_list(self) -> list[Any]:
        """Compact JSON form: ``[rule, text, start, end, weight]``."""
        return [self.rule, self.text, self.start, self.end, round(self.weight, 4)]


@dataclass(frozen=True, slots=True)
class Label:
    """A classifier's verdict on one text: the label, a score and the cues that decided it.

    Attributes:
        task: the classifier's registered name.
        label: one of the classifier's declared labels.
        score: the classifier's number (sentiment compound, formality 0–100, toxicity 0–1…).
        cues: the evidence, strongest first.
        extras: further outputs (sentiment pos/neu/neg, moderation flags, language note…).
    """

    task: str
    label: str
    score: float
    cues: tuple[Cue, ...] = ()
    extras: dict[str, Any] = field(default_factory=dict, compare=False)
