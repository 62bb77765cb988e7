"""``discourse analyze``: score, thread, cluster and summarise every article, and write reports.

The unit of work is one article (a :class:`~discourse.model.Page`). :func:`analyze_page` is a
pure function of the page and the settings: it scores every comment with every registered
classifier, rebuilds the reply threads, finds the themes and summarises the discussion. It
works through the comments in chunks of ``analyze.chunk_comments`` and keeps, per comment, only
compact arrays (label numbers, scores, term counts), so that one article of a million comments
fits in memory.

The driver, :func:`analyze_paths`, turns the inputs into tasks: a page file is parsed by the
worker that analyses it, and a comment table is read once here, grouped by article
(:func:`discourse.parse.tables.plan_table`) and sent to the workers as small references to its
articles. Tasks run on an :class:`~discourse.engine.Engine` (this process, worker processes or
a Dask cluster: same results); each result comes back with its rows already encoded and its
reports rendered, and is written as it arrives, in input order. Only a small row per article
stays in memory.
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import logging
import os
import platform
import re
import tempfile
import time
import uuid
import weakref
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from importlib import metadata
from itertools import chain
from pathlib import Path
from typing import Any, overload

import numpy as np
import pyarrow as pa

from .classify.base import ArticleContext, Classifier, Context
from .classify.doc import Doc
from .classify.pipeline import Scorer
from .cluster import (
    ClusterParams,
    TermCounts,
    discussion_terms,
    dominant_codes,
    stopwords_for,
    terms_of,
    themes_of,
)
from .config import Settings, load_settings
from .engine import Engine, Runner
from .errors import DiscourseError
from .model import Label, Page
from .parse import TableOptions, expand_paths, parse_file
from .parse.detect import guess_kind
from .parse.source import read_head
from .parse.tables import ArticleRef, TablePlan, plan_table
from .report.writers import (
    CSV_SLICE,
    RenderedArticle,
    RunWriter,
    encode_csv,
    render_article,
    write_csv_rows,
)
from .summarize import (
    MODERATION,
    REPLY_STANCE,
    ArticleSummary,
    ClassifierInfo,
    CorpusRow,
    Scored,
    SummaryParams,
    corpus_row,
    summarize_article,
)
from .threads import Threads, build_threads

log = logging.getLogger(__name__)

#: Columns every comments table starts with (CONTRACT.md names the first six and ``text``).
BASE_COLUMNS = (
    "article_id",
    "comment_id",
    "author",
    "posted",
    "reply_to",
    "reply_evidence",
    "depth",
    "thread",
    "text",
)
#: Theme columns, placed after the classifiers' label columns.
THEME_COLUMNS = ("cluster", "cluster_label")
#: Packages whose versions go into the run manifest (they decide the figures).
MANIFEST_PACKAGES = (
    "vaderSentiment",
    "scikit-learn",
    "numpy",
    "scipy",
    "pandas",
    "pyarrow",
    "jinja2",
    "stop-words",
    "lxml",
    "charset-normalizer",
)
#: Table kinds that are read once in the driver and split by article (the others are parsed
#: whole by a worker: a page is one article, a JSON document one value).
STREAMED_TABLES = frozenset({"csv", "tsv", "jsonl", "parquet"})


# ---------------------------------------------------------------------------- one article

#: The stages a run's time is reported in (:attr:`RunSummary.seconds`).
STAGES = ("read", "parse", "classify", "cluster", "summarise", "report", "write")


class Stopwatch:
    """CPU seconds of this process spent per stage, summed over calls (``with watch("cluster")``).

    CPU time rather than wall time: on a shared machine it says what the work costs, not how
    long it waited for a core.
    """

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        start = time.process_time()
        try:
            yield
        finally:
            self.add(stage, time.process_time() - start)

    def add(self, stage: str, seconds: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds

    def merge(self, seconds: dict[str, float]) -> None:
        for stage, value in seconds.items():
            self.add(stage, value)


@dataclass
class ArticleResult:
    """What analysing one article gives.

    Attributes:
        summary: the facts and the paragraph.
        table: one row per comment (columns: :func:`comment_columns`), compact and picklable.
        terms: the article's most frequent content words and their counts (bounded), for the
            corpus's distinctive words.
        tokens: content words counted in all.
        seconds: CPU seconds per stage (classify, cluster, summarise).
    """

    summary: ArticleSummary
    table: pa.Table
    terms: dict[str, int] = field(default_factory=dict)
    tokens: int = 0
    rendered: RenderedArticle | None = None
    seconds: dict[str, float] = field(default_factory=dict)

    def corpus_row(self) -> CorpusRow:
        return corpus_row(self.summary, self.terms, self.tokens)


def comment_columns(scorer: Scorer) -> list[str]:
    """Columns of comments.csv: base, classifier labels, themes, evidence, warnings."""
    label_cols: list[str] = []
    for clf in scorer.classifiers:
        label_cols.extend(clf.columns(None))
    evidence = [f"{clf.name}_evidence" for clf in scorer.classifiers] + ["evidence", "warnings"]
    return [*BASE_COLUMNS, *label_cols, *THEME_COLUMNS, *evidence]


def comment_schema(scorer: Scorer) -> pa.Schema:
    """Arrow types of the comment columns. A classifier's column types are read from what its
    ``columns()`` gives for a probe label; anything not a number is text."""
    schema = _SCHEMAS.get(scorer)
    if schema is None:
        schema = _SCHEMAS[scorer] = _comment_schema(scorer)
    return schema


_SCHEMAS: weakref.WeakKeyDictionary[Scorer, pa.Schema] = weakref.WeakKeyDictionary()


def _comment_schema(scorer: Scorer) -> pa.Schema:
    types: dict[str, pa.DataType] = {c: pa.string() for c in comment_columns(scorer)}
    types["depth"] = pa.int32()
    types["cluster"] = pa.int32()
    for clf in scorer.classifiers:
        try:
            probe = clf.columns(Label(clf.name, clf.default_label, 0.5, (), {}))
        except Exception:  # noqa: BLE001 - a classifier that cannot describe a probe gets text columns
            continue
        for col, value in probe.items():
            if isinstance(value, bool):
                types[col] = pa.bool_()
            elif isinstance(value, (int, float)):
                types[col] = pa.float64()
    return pa.schema([(c, types[c]) for c in comment_columns(scorer)])


def _cell(value: Any, typ: pa.DataType) -> Any:
    if value is None:
        return None
    if pa.types.is_string(typ):
        if isinstance(value, (list, tuple, set)):
            return ";".join(str(v) for v in value)
        return value if isinstance(value, str) else str(value)
    if pa.types.is_floating(typ):
        try:
            return float(value)
        except (TypeError, ValueError):
            return None
    return value


def table_from_rows(rows: Sequence[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    """Rows as an Arrow table of the given schema; a value of an unexpected type (a classifier
    that returns a list where text was expected…) is converted rather than refused."""
    arrays = []
    for f in schema:
        values = [r.get(f.name) for r in rows]
        try:
            arr = pa.array(values, type=f.type)
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError):
            arr = pa.array([_cell(v, f.type) for v in values], type=f.type)
        arrays.append(arr)
    return pa.Table.from_arrays(arrays, schema=schema)


def _score(
    scorer: Scorer, docs: Sequence[Doc], ctxs: Sequence[Context]
) -> tuple[dict[str, list[Label | None]], list[list[str]]]:
    """Every classifier over every comment it applies to, batched per classifier. A classifier
    that fails on a comment leaves that comment unlabelled with a note, never the run."""
    n = len(docs)
    labels: dict[str, list[Label | None]] = {}
    notes: list[list[str]] = [[] for _ in range(n)]
    for clf in scorer.classifiers:
        idx = [i for i in range(n) if clf.applies(ctxs[i])]
        col: list[Label | None] = [None] * n
        got: list[Label | None]
        try:
            got = list(clf.score_many([docs[i] for i in idx], [ctxs[i] for i in idx])) if idx else []
        except Exception:  # noqa: BLE001 - retry one by one to find the comment that breaks it
            got = []
            for i in idx:
                try:
                    got.append(clf.score(docs[i], ctxs[i]))
                except Exception as exc:  # noqa: BLE001
                    got.append(None)
                    notes[i].append(f"{clf.name} failed: {type(exc).__name__}")
        for i, lab in zip(idx, got, strict=True):
            col[i] = lab
        labels[clf.name] = col
    return labels, notes


def _flags(row: dict[str, Any], label: Label | None) -> tuple[str, ...]:
    value = row.get("flags")
    if value is None and label is not None:
        value = label.extras.get("flags")
    if not value:
        return ()
    if isinstance(value, str):
        return tuple(f.strip() for f in value.split(";") if f.strip())
    return tuple(str(f) for f in value)


class CompactLabels(Sequence[Label | None]):
    """One classifier's labels over a discussion, kept as two arrays (label number and score
    per comment) instead of a Label object per comment.

    Reading gives a Label with the label and the score (the summary needs no more); the few
    comments whose evidence the summary quotes keep their whole Label (:meth:`keep`).
    """

    def __init__(self, task: str, n: int) -> None:
        self.task = task
        self.codes = np.full(n, -1, dtype=np.int16)
        self.scores = np.zeros(n, dtype=np.float64)
        self.names: list[str] = []
        self._code: dict[str, int] = {}
        self.full: dict[int, Label] = {}

    def put(self, start: int, labels: Sequence[Label | None]) -> None:
        """Store the labels of comments ``start``, ``start + 1``…"""
        code = self._code
        for i, lab in enumerate(labels, start):
            if lab is None:
                continue
            c = code.get(lab.label)
            if c is None:
                c = code[lab.label] = len(self.names)
                self.names.append(lab.label)
            self.codes[i] = c
            self.scores[i] = lab.score

    def keep(self, position: int, label: Label) -> None:
        self.full[position] = label

    def __len__(self) -> int:
        return int(self.codes.size)

    def _at(self, i: int) -> Label | None:
        c = int(self.codes[i])
        if c < 0:
            return None
        full = self.full.get(i)
        if full is not None:
            return full
        return Label(self.task, self.names[c], float(self.scores[i]))

    @overload
    def __getitem__(self, i: int) -> Label | None: ...
    @overload
    def __getitem__(self, i: slice) -> list[Label | None]: ...
    def __getitem__(self, i: int | slice) -> Label | None | list[Label | None]:
        if isinstance(i, slice):
            return [self._at(k) for k in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError("label index out of range")
        return self._at(i)

    def __iter__(self) -> Iterator[Label | None]:
        for i in range(len(self)):
            yield self._at(i)


@dataclass
class _Collected:
    """What the summary needs of every comment, gathered chunk by chunk in compact form."""

    labels: dict[str, CompactLabels]
    flags: list[tuple[str, ...]]
    stances: list[str | None] | None
    candidates: list[_Neg]  # moderation read-first, the best so far: (-score, -flags, position)


def analyze_page(
    page: Page,
    settings: Settings | None = None,
    *,
    scorer: Scorer | None = None,
    now: datetime | None = None,
    article_id: str | None = None,
    slug: str | None = None,
) -> ArticleResult:
    """Analyse one article's discussion: labels, threads, themes, summary.

    Args:
        page: the article and its comments (a tuple, or any sequence such as the Arrow-backed
            comments of a large table article).
        settings: run settings (packaged defaults when None).
        scorer: classifiers already built from ``settings`` (built here when None).
        now: comments dated after this are "in the future" (None: no such check).
        article_id, slug: the article's id and report name (default: from the page).

    Returns:
        The summary and one row per comment. Same page and settings, same result, whatever
        ``analyze.chunk_comments`` is.
    """
    settings = settings or load_settings()
    scorer = scorer or Scorer(settings)
    article_id = article_id or default_article_id(page)
    slug = slug or slugify(article_id)
    opts = settings.section("analyze")
    chunk = max(1, int(opts.get("chunk_comments", 5000)))
    sparams = SummaryParams.from_settings(opts, now=now)
    cparams = ClusterParams.from_settings(settings.section("cluster"))
    comments = page.comments
    n = len(comments)

    watch = Stopwatch()
    # Threads first: reply classifiers need each reply's (repaired) parent.
    with watch("summarise"):
        threads = build_threads(comments)
        ids = comment_ids(comments)
    art = ArticleContext.of(page.article)
    schema = comment_schema(scorer)
    collected = _Collected(
        {clf.name: CompactLabels(clf.name, n) for clf in scorer.classifiers},
        [],
        [] if any(clf.name == REPLY_STANCE for clf in scorer.classifiers) else None,
        [],
    )
    moderation = next((c for c in scorer.classifiers if c.name == MODERATION), None)
    counts = TermCounts()
    lengths = np.zeros(n, dtype=np.int64)
    languages: list[str] = []
    single = n <= chunk
    parts = _Parts(_without_themes(schema), spill=not single)
    for start in range(0, n, chunk):
        stop = min(n, start + chunk)
        with watch("classify"):
            cs = comments[start:stop]
            docs = [Doc(c.text) for c in cs]
            ctxs = _contexts(comments, cs, docs, start, threads, art)
            labels, notes = _score(scorer, docs, ctxs)
            rows = _rows(scorer, ids, cs, start, docs, labels, notes, threads, article_id)
            _collect(collected, start, labels, rows, moderation, sparams.read_first)
            parts.add(table_from_rows(rows, parts.schema))
        with watch("cluster"):
            for i, d in enumerate(docs, start):
                lengths[i] = len(d.words)
            if single:
                counts.add(discussion_terms(docs, cparams.bigrams))  # the classifiers' tokens, reused
            else:
                languages.extend(d.language for d in docs)
        del docs, ctxs, labels, rows
    with watch("cluster"):
        if not single:
            # The stopwords depend on the languages of the whole discussion: a second pass.
            stop_words = stopwords_for(dominant_codes(languages))
            del languages
            for start in range(0, n, chunk):
                cs = comments[start : start + chunk]
                counts.add(terms_of(Doc(c.text), stop_words, cparams.bigrams) for c in cs)
        note_themes: str | None = None
        try:
            themes = themes_of(counts, lengths, cparams)
        except Exception as exc:  # noqa: BLE001 - themes are an extra; never lose the article for them
            log.exception("themes failed for %s", page.source)
            themes = themes_of(_empty_counts(n), lengths, cparams)
            note_themes = f"themes failed: {type(exc).__name__}"
        top, tokens = counts.top_words(sparams.terms_per_article)
        del counts
        table = _with_themes(parts.table(), schema, themes, note_themes)

    with watch("summarise"):
        if collected.stances is not None:
            threads = build_threads(comments, collected.stances)
        # Compact labels and flag tuples read like the lists of labels and flags summaries take.
        scored = Scored(
            [ClassifierInfo.of(clf) for clf in scorer.classifiers],
            dict(collected.labels),  # type: ignore[arg-type]
            collected.flags,  # type: ignore[arg-type]
        )
        summary = summarize_article(
            page,
            article_id=article_id,
            slug=slug,
            scored=scored,
            threads=threads,
            themes=themes,
            params=sparams,
            warnings=rejected_notes(page.rejected, int(opts.get("rejected_shown", 20))),
        )
    return ArticleResult(summary, table, top, tokens, seconds=watch.seconds)


#: Summary warnings that name a row read but not kept start with this.
REJECTED = "rejected: "


def rejected_notes(rejected: Sequence[str], limit: int) -> list[str]:
    """The first rows read but not kept (file, line, reason), then how many more."""
    notes = [f"{REJECTED}{r}" for r in rejected[:limit]]
    if len(rejected) > limit:
        notes.append(f"{REJECTED}… and {len(rejected) - limit} more row(s)")
    return notes


def _empty_counts(n: int) -> TermCounts:
    counts = TermCounts()
    counts.add([] for _ in range(n))
    return counts


def comment_ids(comments: Sequence[Any]) -> list[str]:
    """The comments' ids (without making comment objects when the comments are Arrow-backed)."""
    ids = getattr(comments, "ids", None)
    return list(ids) if ids is not None else [c.id for c in comments]


def _contexts(
    comments: Sequence[Any], cs: Sequence[Any], docs: list[Doc], start: int, threads: Threads,
    art: ArticleContext | None,
) -> list[Context]:
    """Each comment of a chunk in its context: the article and, for a reply, its parent."""
    stop = start + len(cs)
    outside: dict[int, tuple[Doc, str | None]] = {}  # parents in other chunks

    def parent(p: int) -> tuple[Doc, str | None]:
        if start <= p < stop:
            return docs[p - start], cs[p - start].author
        got = outside.get(p)
        if got is None:
            c = comments[p]
            got = outside[p] = (Doc(c.text), c.author)
        return got

    out = []
    for i, c in enumerate(cs, start):
        p = threads.parents[i]
        if p >= 0:
            pdoc, pauthor = parent(p)
            out.append(Context(article=art, parent=pdoc, parent_author=pauthor, author=c.author))
        else:
            out.append(Context(article=art, parent=None, parent_author=None, author=c.author))
    return out


def _rows(
    scorer: Scorer,
    ids: list[str],
    cs: Sequence[Any],
    start: int,
    docs: list[Doc],
    labels: dict[str, list[Label | None]],
    notes: list[list[str]],
    threads: Threads,
    article_id: str,
) -> list[dict[str, Any]]:
    """The output rows of one chunk of comments (without their themes)."""
    rows: list[dict[str, Any]] = []
    for k, c in enumerate(cs):
        i = start + k
        parent = threads.parents[i]
        row: dict[str, Any] = {
            "article_id": article_id,
            "comment_id": c.id,
            "author": c.author,
            "posted": c.posted,
            "reply_to": ids[parent] if parent >= 0 else None,
            "reply_evidence": c.reply_evidence if parent >= 0 else None,
            "depth": threads.depths[i],
            "thread": ids[threads.roots[i]],
            "text": c.text,
        }
        row.update(scorer.flatten(docs[k], {name: labels[name][k] for name in labels}))
        extra = list(notes[k])
        if c.reply_to and parent < 0:
            extra.append(f"reply_to {c.reply_to!r} kept as top level (not in the discussion, or a cycle)")
        if extra:
            row["warnings"] = "; ".join(([row["warnings"]] if row.get("warnings") else []) + extra)
        rows.append(row)
    return rows


_INTERNED: dict[tuple[str, ...], tuple[str, ...]] = {}


def _collect(
    acc: _Collected,
    start: int,
    labels: dict[str, list[Label | None]],
    rows: list[dict[str, Any]],
    moderation: Classifier | None,
    read_first: int,
) -> None:
    """Keep what the summary needs of one chunk: label numbers and scores, flags, reply
    stances, and the whole labels of the comments a moderator should read first."""
    for name, col in labels.items():
        acc.labels[name].put(start, col)
    mod = labels.get(MODERATION, [None] * len(rows))
    for k, row in enumerate(rows):
        f = _flags(row, mod[k])
        acc.flags.append(_INTERNED.setdefault(f, f))
    if acc.stances is not None:
        acc.stances.extend(lab.label if lab is not None else None for lab in labels[REPLY_STANCE])
    if moderation is None or read_first <= 0:
        return
    # The summary lists the comments with the highest toxicity, then the most flags; keep the
    # whole label (with its words) of the best few so far.
    compact = acc.labels[MODERATION]
    for k, lab in enumerate(mod):
        i = start + k
        if lab is None or not (lab.label != moderation.default_label or acc.flags[i]):
            continue
        key = (-lab.score, -len(acc.flags[i]), i)
        if len(acc.candidates) < read_first:
            heapq.heappush(acc.candidates, _Neg(key))
            compact.keep(i, lab)
        elif key < acc.candidates[0].key:
            dropped = heapq.heapreplace(acc.candidates, _Neg(key))
            compact.full.pop(dropped.key[2], None)
            compact.keep(i, lab)


class _Neg:
    """A heap entry ordered in reverse, so that a min-heap keeps the smallest keys."""

    __slots__ = ("key",)

    def __init__(self, key: tuple[float, int, int]) -> None:
        self.key = key

    def __lt__(self, other: _Neg) -> bool:
        return self.key > other.key


def _without_themes(schema: pa.Schema) -> pa.Schema:
    return pa.schema([f for f in schema if f.name not in THEME_COLUMNS])


class _Parts:
    """The rows of an article's chunks as they are scored: in memory for an article of one
    chunk; for a larger one, in a temporary Arrow file that is mapped back into memory (and
    removed at once: the mapping keeps it readable), so that the scored rows of a million
    comments do not sit in the process's own memory while themes are found."""

    def __init__(self, schema: pa.Schema, spill: bool) -> None:
        self.schema = schema
        self._tables: list[pa.Table] = []
        self._path: str | None = None
        self._sink: Any = None
        self._writer: Any = None
        if spill:
            fd, self._path = tempfile.mkstemp(prefix="discourse-rows-", suffix=".arrow")
            os.close(fd)
            self._sink = pa.OSFile(self._path, "wb")
            self._writer = pa.ipc.new_file(self._sink, schema)

    def add(self, table: pa.Table) -> None:
        if self._writer is not None:
            self._writer.write_table(table)
        else:
            self._tables.append(table)

    def table(self) -> pa.Table:
        if self._writer is None:
            return pa.concat_tables(self._tables) if self._tables else self.schema.empty_table()
        assert self._path is not None
        try:
            self._writer.close()
            self._sink.close()
            return pa.ipc.open_file(pa.memory_map(self._path)).read_all()
        finally:
            os.unlink(self._path)

    def __del__(self) -> None:
        if self._writer is not None and self._path is not None and os.path.exists(self._path):
            try:
                self._sink.close()
                os.unlink(self._path)
            except OSError:
                pass


def _with_themes(table: pa.Table, schema: pa.Schema, themes: Any, note: str | None) -> pa.Table:
    """The rows with each comment's theme in its place."""
    labels = [t.label for t in themes.themes]
    ids = np.asarray(themes.assignments, dtype=np.int32)
    theme_ids = pa.array(ids, type=pa.int32())
    if labels:
        theme_labels = pa.DictionaryArray.from_arrays(pa.array(ids), pa.array(labels)).cast(pa.string())
    else:
        theme_labels = pa.nulls(len(ids), pa.string())
    pos = schema.get_field_index(THEME_COLUMNS[0])
    table = table.add_column(pos, schema.field(THEME_COLUMNS[0]), theme_ids)
    table = table.add_column(pos + 1, schema.field(THEME_COLUMNS[1]), theme_labels)
    if note is not None:
        warnings = [f"{w}; {note}" if w else note for w in table.column("warnings").to_pylist()]
        table = table.set_column(
            schema.get_field_index("warnings"), schema.field("warnings"), pa.array(warnings, pa.string())
        )
    return table


def failed_result(
    page: Page, scorer: Scorer, error: str, article_id: str | None = None, slug: str | None = None
) -> ArticleResult:
    """A result that keeps every comment, unlabelled, when analysis of an article failed."""
    from .cluster import find_themes

    bare = replace(page, errors=tuple(page.errors) + (error,))
    schema = comment_schema(scorer)
    aid = article_id or default_article_id(page)
    threads = build_threads(bare.comments)
    themes = find_themes([""] * len(bare.comments))
    rows: list[dict[str, Any]] = []
    for i, c in enumerate(bare.comments):
        parent = threads.parents[i]
        base = {
            "article_id": aid,
            "comment_id": c.id,
            "author": c.author,
            "posted": c.posted,
            "reply_to": bare.comments[parent].id if parent >= 0 else None,
            "depth": threads.depths[i],
            "thread": bare.comments[threads.roots[i]].id,
            "text": c.text,
            "cluster": 0,
            "cluster_label": themes.themes[0].label if themes.themes else None,
            "warnings": error,
        }
        rows.append(base)
    scored = Scored([], {}, [])
    summary = summarize_article(
        bare, article_id=aid, slug=slug or slugify(aid), scored=scored, threads=threads, themes=themes
    )
    return ArticleResult(summary, table_from_rows(rows, schema))


# ---------------------------------------------------------------------------- names


_SLUG_RE = re.compile(r"[^a-z0-9._-]+")
#: Report names the run itself uses; an article may not take them.
RESERVED = frozenset({"index", "comments", "articles"})


def default_article_id(page: Page) -> str:
    """The page's own article id, or its file name without extension."""
    if page.article_id:
        return str(page.article_id)
    name = Path(page.source.split("#", 1)[0]).name
    for ext in (".gz",):
        name = name.removesuffix(ext)
    return Path(name).stem or "article"


def slugify(text: str, limit: int = 80) -> str:
    """A file-name-safe, lower-case form of an id (``[a-z0-9._-]``, at most ``limit`` chars)."""
    slug = _SLUG_RE.sub("-", text.lower()).strip("-._")[:limit].strip("-._")
    return slug or "article"


class Namer:
    """Unique article ids and report names, in input order (so every run names alike)."""

    def __init__(self) -> None:
        self.ids: set[str] = set()
        self.slugs: set[str] = set(RESERVED)

    def name(self, page: Page) -> tuple[str, str]:
        return self.name_id(default_article_id(page))

    def name_id(self, base: str) -> tuple[str, str]:
        """The id and report name of the next article whose own id is ``base``."""
        aid = base
        k = 2
        while aid in self.ids:
            aid = f"{base}-{k}"
            k += 1
        self.ids.add(aid)
        slug = base_slug = slugify(aid)
        k = 2
        while slug in self.slugs:
            slug = f"{base_slug}-{k}"
            k += 1
        self.slugs.add(slug)
        return aid, slug


# ---------------------------------------------------------------------------- tasks


@dataclass(frozen=True)
class Task:
    """One unit of work for a worker: pages built in Python, a file to parse, or articles of a
    table read by the driver; ``names`` (id, report name) override the articles' own when the
    driver had to rename them.

    Attributes:
        index: position in the run (results come back in this order).
        pages: pages already built.
        path: a page file (dump, HTML, JSON, Disqus export) to parse where the task runs.
        data: that file's bytes, for workers that cannot read this machine's files.
        refs: articles of a comment table.
        weight: comments it holds (an estimate for files), to decide whether workers pay.
    """

    index: int
    pages: tuple[Page, ...] = ()
    path: str | None = None
    data: bytes | None = None
    refs: tuple[ArticleRef, ...] = ()
    names: tuple[tuple[str, str], ...] | None = None
    weight: int = 0


@dataclass
class ArticleOutput:
    """One analysed article, ready to write: what a worker sends back.

    Attributes:
        base_id: the article's own id (before the driver makes ids unique).
        summary: the facts (small).
        row: the article's row in the corpus summary.
        rendered: its Markdown and HTML reports and articles.json entry.
        csv: its comment rows as CSV (UTF-8, no header); empty when CSV is off.
        table: its comment rows for Parquet (None when Parquet is off).
        comments: rows it has.
        csv_path, table_path: for a large article, its rows as CSV and as an Arrow stream in
            files in the run's scratch folder, instead of ``csv`` and ``table``.
        seconds: CPU seconds the worker spent on it per stage.
    """

    base_id: str
    summary: ArticleSummary
    row: CorpusRow
    rendered: RenderedArticle
    csv: bytes
    table: pa.Table | None
    comments: int
    csv_path: str | None = None
    table_path: str | None = None
    seconds: dict[str, float] = field(default_factory=dict)


#: Scorers built in this process, by settings (a worker builds its classifiers once).
_SCORERS: dict[str, Scorer] = {}


def _scorer_for(settings: Settings) -> Scorer:
    import json

    key = json.dumps(settings.data, sort_keys=True, default=str)
    scorer = _SCORERS.get(key)
    if scorer is None:
        _SCORERS.clear()
        scorer = _SCORERS[key] = Scorer(settings)
    return scorer


_READY = False
#: Numbers of the files a worker writes for large articles (unique within the process).
_PART_NUMBERS = itertools.count()


def _limit_threads() -> None:
    """One BLAS/OpenMP thread per worker: processes are the parallelism, and the same thread
    count everywhere keeps floating-point results identical across ``--jobs``."""
    global _READY
    if not _READY:
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=1)
        _READY = True


@dataclass
class Worker:
    """The function tasks run through: parse (where needed), analyse, render, encode.

    Picklable and small; its classifiers are built on first use in each process.
    """

    settings: Settings
    now: datetime | None
    input_format: str | None = None
    table_options: TableOptions | None = None
    scratch: str | None = None  # a folder shared with the driver, for the rows of large articles

    @property
    def scorer(self) -> Scorer:
        return _scorer_for(self.settings)

    def __call__(self, task: Task) -> list[ArticleOutput]:
        from threadpoolctl import threadpool_limits

        # One BLAS thread wherever the task runs (worker processes are also limited for good
        # by the engine's initializer): the same maths, so the same themes, for any --jobs.
        with threadpool_limits(limits=1):
            return self._run(task)

    def _run(self, task: Task) -> list[ArticleOutput]:
        opts = self.settings.section("analyze")
        chunk = max(1, int(opts.get("chunk_comments", 5000)))
        outputs = []
        pages = self.pages(task, chunk)
        for k in itertools.count():
            start = time.process_time()
            page = next(pages, None)
            parsed = time.process_time() - start
            if page is None:
                break
            names = task.names[k] if task.names is not None else None
            out = self.article(page, names)
            out.seconds["parse"] = out.seconds.get("parse", 0.0) + parsed
            outputs.append(out)
        return outputs

    def pages(self, task: Task, chunk: int) -> Iterator[Page]:
        yield from task.pages
        for ref in task.refs:
            yield ref.page(lazy=ref.count > chunk)
        if task.path is not None:
            if task.data is None:
                yield from parse_file(
                    task.path,
                    input_format=self.input_format,
                    table_options=self.table_options,
                    settings=self.settings,
                )
                return
            # A worker on another machine: the file's bytes came with the task.
            with tempfile.TemporaryDirectory(prefix="discourse-") as tmp:
                local = Path(tmp) / (Path(task.path).name or "input")
                local.write_bytes(task.data)
                yield from parse_file(
                    local,
                    input_format=self.input_format,
                    table_options=self.table_options,
                    settings=self.settings,
                    source=task.path,
                )

    def article(self, page: Page, names: tuple[str, str] | None) -> ArticleOutput:
        scorer = self.scorer
        base = default_article_id(page)
        aid, slug = names if names is not None else (base, slugify(base))
        try:
            result = analyze_page(page, self.settings, scorer=scorer, now=self.now, article_id=aid, slug=slug)
        except Exception as exc:  # noqa: BLE001 - one article's failure must not stop a run
            log.exception("analysis failed for %s", page.source)
            result = failed_result(
                page,
                scorer,
                f"{page.source}: analysis failed ({type(exc).__name__}: {exc}); comments kept without labels",
                aid,
                slug,
            )
        opts = self.settings.section("analyze")
        shown = int(opts.get("max_comments_shown", 500))
        table = result.table
        watch = Stopwatch()
        watch.merge(result.seconds)
        with watch("report"):
            rendered = render_article(result.summary, table, scorer_groups(scorer), shown)
            out = self._output(base, result, table, rendered, opts)
        out.seconds = watch.seconds
        return out

    def _output(
        self,
        base: str,
        result: ArticleResult,
        table: pa.Table,
        rendered: RenderedArticle,
        opts: dict[str, Any],
    ) -> ArticleOutput:
        out = ArticleOutput(base, result.summary, result.corpus_row(), rendered, b"", None, table.num_rows)
        want_csv = bool(opts.get("csv", True))
        want_rows = bool(opts.get("parquet", True)) or bool(opts.get("partition_by_article", False))
        if self.scratch is not None and table.num_rows > int(opts.get("chunk_comments", 5000)):
            # A large article: its rows go through files, not through this process's memory
            # and the pipe back to the driver.
            stem = Path(self.scratch) / f"{os.getpid()}-{next(_PART_NUMBERS)}-{uuid.uuid4().hex[:8]}"
            if want_csv:
                out.csv_path = str(stem.with_suffix(".csv"))
                with open(out.csv_path, "wb") as fh:
                    write_csv_rows(table, fh)
            if want_rows:
                out.table_path = str(stem.with_suffix(".arrow"))
                with pa.OSFile(out.table_path, "wb") as sink, pa.ipc.new_stream(sink, table.schema) as w:
                    for batch in table.to_batches(max_chunksize=CSV_SLICE):
                        w.write_batch(batch)
            return out
        if want_csv:
            slices = range(0, table.num_rows, CSV_SLICE)
            out.csv = b"".join(encode_csv(table.slice(k, CSV_SLICE)) for k in slices)
        if want_rows:
            out.table = table
        return out


# ---------------------------------------------------------------------------- the run


@dataclass
class RunSummary:
    """What a run did (also written into the manifest), and the CPU seconds it spent per stage
    (:data:`STAGES`, summed over every process; not in the manifest, which must not depend on
    the machine)."""

    out_dir: Path
    inputs: int
    articles: int
    comments: int
    articles_with_errors: int
    outputs: list[str]
    seconds: dict[str, float] = field(default_factory=dict)


def file_sha256(path: str | os.PathLike[str]) -> str | None:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return None
    return h.hexdigest()


def package_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in MANIFEST_PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    try:
        out["discourse"] = metadata.version("discourse")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
        out["discourse"] = "unknown"
    return out


def manifest(files: Sequence[str], settings: Settings, scorer: Scorer) -> dict[str, Any]:
    """The run's manifest: what was read (with hashes), with which settings and classifiers."""
    return {
        "tool": "discourse analyze",
        "inputs": [
            {"path": f, "sha256": file_sha256(f), "bytes": os.path.getsize(f) if os.path.isfile(f) else None}
            for f in files
        ],
        "settings_sources": list(settings.sources),
        "settings": settings.data,
        "classifiers": [_classifier_entry(c) for c in scorer.classifiers],
        "versions": package_versions(),
    }


def _classifier_entry(clf: Classifier) -> dict[str, Any]:
    return {
        "name": clf.name,
        "version": str(clf.version),
        "labels": list(clf.labels),
        "default_label": clf.default_label,
        "replies_only": "parent" in clf.needs,
        "params": {k: v for k, v in clf.get_params().items() if _jsonable(v)},
    }


def _jsonable(v: Any) -> bool:
    return isinstance(v, (str, int, float, bool, type(None), list, dict, tuple))


def analyze_paths(
    paths: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    settings: Settings | None = None,
    jobs: int | None = 1,
    engine: Engine | None = None,
    input_format: str | None = None,
    table_options: TableOptions | None = None,
    recursive: bool = False,
    on_article: Callable[[ArticleSummary], None] | None = None,
    now: datetime | None = None,
) -> RunSummary:
    """Analyse every article of the inputs and write the reports into ``out_dir``.

    Writes ``comments.csv`` and ``comments.parquet`` (or, with ``analyze.partition_by_article``,
    a ``comments/`` Parquet dataset with one folder per article), ``articles.json`` (summaries
    and manifest), ``<slug>.md`` / ``<slug>.html`` per article and ``index.md`` /
    ``index.html``. Files are written under temporary names and renamed at the end, so an
    interrupted run leaves no file that looks complete.

    Args:
        paths: files or directories, as ``discourse parse`` takes them.
        out_dir: the report folder (created when missing; files of earlier runs are replaced).
        settings: run settings (packaged defaults when None).
        jobs: worker processes (None or 0: all cores), when ``engine`` is not given.
        engine: where the work runs (default: this machine, ``jobs`` processes). Results do not
            depend on it.
        input_format, table_options, recursive: as for :func:`discourse.parse.read_pages`.
        on_article: called with each summary as it is written (progress display).
        now: the reference time for "dated in the future" (default: the run's start).

    Raises:
        RunError: a worker died or the output folder cannot be written.
    """
    settings = settings or load_settings()
    engine = engine or Engine("local", jobs)
    files = expand_paths(paths, recursive=recursive)
    worker = Worker(settings, _now(now), input_format, table_options)
    plans: dict[int, TablePlan] = {}
    watch = Stopwatch()

    def tasks(runner: Runner) -> Iterator[Task]:
        return _file_tasks(files, worker, runner, plans, watch)

    try:
        return _run(tasks, out_dir, worker, engine, files, on_article, plans, watch)
    finally:
        for plan in plans.values():
            plan.close()


def analyze_pages(
    pages: Iterable[Page],
    out_dir: str | os.PathLike[str],
    *,
    settings: Settings | None = None,
    jobs: int | None = 1,
    engine: Engine | None = None,
    inputs: Sequence[str] = (),
    on_article: Callable[[ArticleSummary], None] | None = None,
    now: datetime | None = None,
) -> RunSummary:
    """Analyse pages already read (or built in Python) and write the reports; see
    :func:`analyze_paths`. ``inputs`` are the files they came from, hashed into the manifest."""
    settings = settings or load_settings()
    engine = engine or Engine("local", jobs)
    worker = Worker(settings, _now(now))
    size = _task_comments(settings)

    def tasks(runner: Runner) -> Iterator[Task]:
        batch: list[Page] = []
        weight = 0
        index = 0
        for page in pages:
            batch.append(page)
            weight += len(page.comments)
            if weight >= size or len(batch) >= _TASK_ARTICLES:
                yield Task(index, pages=tuple(batch), weight=weight)
                index += 1
                batch, weight = [], 0
        if batch:
            yield Task(index, pages=tuple(batch), weight=weight)

    return _run(tasks, out_dir, worker, engine, list(inputs), on_article, {}, Stopwatch())


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC).replace(tzinfo=None)


#: At most this many articles per task (small articles are sent in groups).
_TASK_ARTICLES = 256


def _task_comments(settings: Settings) -> int:
    return max(1, int(settings.section("analyze").get("task_comments", 2000)))


def _file_tasks(
    files: Sequence[str], worker: Worker, runner: Runner, plans: dict[int, TablePlan], watch: Stopwatch
) -> Iterator[Task]:
    """Tasks for the input files, in order: page files go to the workers whole; streamed tables
    are read here, grouped by article, and sent as references to their articles (``plans``
    records, by the index of its last task, each table plan to close once that task is done)."""
    settings = worker.settings
    size = _task_comments(settings)
    shares = runner.engine.shares_files
    index = 0
    for path in files:
        kind = _kind(path, worker.input_format)
        if kind not in STREAMED_TABLES:
            data = None
            if not shares:
                try:
                    data = Path(path).read_bytes()
                except OSError:
                    data = None  # the worker reports the file as unreadable
            weight = _estimate(path)
            yield Task(index, path=path, data=data, weight=weight)
            index += 1
            continue
        try:
            with watch("read"):
                plan = plan_table(
                    path, kind, str(path), worker.table_options or TableOptions(), settings,
                    shared=runner.parallel and shares,
                )
        except DiscourseError as exc:
            yield Task(index, pages=(Page(source=str(path), errors=(str(exc),), kind="unknown"),))
            index += 1
            continue
        except Exception as exc:  # noqa: BLE001 - one broken table must not stop the batch
            log.exception("internal error while reading %s", path)
            error = f"{path}: internal error while parsing ({type(exc).__name__}: {exc})"
            yield Task(index, pages=(Page(source=str(path), errors=(error,), kind="unknown"),))
            index += 1
            continue
        error_page = plan.error_page()
        if error_page is not None:
            plan.close()
            yield Task(index, pages=(error_page,))
            index += 1
            continue
        batch: list[ArticleRef] = []
        weight = 0
        for ref in plan.refs(embed=not shares):
            batch.append(ref)
            weight += ref.count
            if weight >= size or len(batch) >= _TASK_ARTICLES:
                yield Task(index, refs=tuple(batch), weight=weight)
                index += 1
                batch, weight = [], 0
        if batch:
            yield Task(index, refs=tuple(batch), weight=weight)
            index += 1
        plans[index - 1] = plan


def _kind(path: str, input_format: str | None) -> str | None:
    if input_format is not None:
        return input_format
    try:
        p = Path(path)
        return guess_kind(read_head(p), p.name)
    except (DiscourseError, OSError):
        return None  # the worker's parser reports the problem


def _estimate(path: str) -> int:
    """A rough comment count for a page file (about one comment per kilobyte of page)."""
    try:
        return max(1, os.path.getsize(path) // 1000)
    except OSError:
        return 1


def _run(
    tasks: Callable[[Runner], Iterator[Task]],
    out_dir: str | os.PathLike[str],
    worker: Worker,
    engine: Engine,
    inputs: Sequence[str],
    on_article: Callable[[ArticleSummary], None] | None,
    plans: dict[int, TablePlan],
    watch: Stopwatch,
) -> RunSummary:
    settings = worker.settings
    scorer = worker.scorer
    writer = RunWriter(Path(out_dir), comment_schema(scorer), scorer_groups(scorer), settings.data)
    if engine.shares_files:
        worker = replace(worker, scratch=str(writer.scratch))
    namer = Namer()
    try:
        with engine.open() as runner:
            stream = tasks(runner)
            parallel = runner.parallel
            if parallel and engine.kind == "local":
                stream, parallel = _worth_workers(stream, settings.section("analyze"))
            sent: deque[Task] = deque()

            def recorded(items: Iterator[Task]) -> Iterator[Task]:
                for task in items:
                    sent.append(task)
                    yield task

            results = runner.map(worker, recorded(stream), initializer=_limit_threads, parallel=parallel)
            for outputs in results:
                task = sent.popleft()  # results come back in the order tasks went out
                outputs = _named(task, outputs, namer, worker)
                for out in outputs:
                    watch.merge(out.seconds)
                    with watch("write"):
                        writer.add(
                            out.summary, out.row, out.rendered, table=out.table, csv_rows=out.csv,
                            comments=out.comments, table_path=out.table_path, csv_path=out.csv_path,
                        )
                    if on_article is not None:
                        on_article(out.summary)
                plan = plans.pop(task.index, None)
                if plan is not None:
                    plan.close()
        with watch("write"):
            outputs_written = writer.finish(manifest(inputs, settings, scorer))
    except BaseException:
        writer.abort()
        raise
    return RunSummary(
        Path(out_dir),
        len(inputs),
        writer.articles,
        writer.comments,
        writer.articles_with_errors,
        outputs_written,
        {stage: round(watch.seconds[stage], 3) for stage in STAGES if stage in watch.seconds},
    )


def _named(task: Task, outputs: list[ArticleOutput], namer: Namer, worker: Worker) -> list[ArticleOutput]:
    """Give the task's articles their unique ids and report names (in input order); when one
    must be renamed (two articles with the same id), analyse the task again here with the
    names it must have. Same result as if the worker had known them."""
    names = tuple(namer.name_id(o.base_id) for o in outputs)
    if all(n == (o.summary.article_id, o.summary.slug) for n, o in zip(names, outputs, strict=True)):
        return outputs
    return worker(replace(task, names=names))


def _worth_workers(stream: Iterator[Task], opts: dict[str, Any]) -> tuple[Iterator[Task], bool]:
    """Look a little ahead: a run too small to repay starting worker processes (about a second
    each) stays in this process. Results are the same either way."""
    minimum = int(opts.get("min_comments_for_workers", 2000))
    head: list[Task] = []
    seen = 0
    for task in stream:
        head.append(task)
        seen += task.weight
        if seen >= minimum:
            return chain(head, stream), True
    return iter(head), False


def scorer_groups(scorer: Scorer) -> list[tuple[str, list[str]]]:
    """Each classifier's name with its label columns, for reports that show labels per comment."""
    return [(clf.name, list(clf.columns(None))) for clf in scorer.classifiers]


__all__ = [
    "ArticleOutput",
    "ArticleResult",
    "CompactLabels",
    "Namer",
    "RunSummary",
    "Task",
    "Worker",
    "analyze_page",
    "analyze_pages",
    "analyze_paths",
    "comment_columns",
    "comment_schema",
    "default_article_id",
    "failed_result",
    "scorer_groups",
    "slugify",
    "table_from_rows",
]
