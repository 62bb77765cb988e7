"""``discourse analyze``: score, thread, cluster and summarise every article, and write reports.

The unit of work is one article (a :class:`~discourse.model.Page`). :func:`analyze_page` is a
pure function of the page and the settings: it scores every comment with every registered
classifier, rebuilds the reply threads, finds the themes and summarises the discussion. The
driver, :func:`analyze_paths`, maps it over the pages with :func:`discourse.engine.map_ordered`
(in this process or in worker processes, same results) and streams each result to the report
writers as it arrives; it keeps only a small row per article in memory.
"""

from __future__ import annotations

import hashlib
import logging
import os
import platform
import re
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from importlib import metadata
from itertools import chain
from pathlib import Path
from typing import Any

import pyarrow as pa

from .classify.base import ArticleContext, Classifier, Context
from .classify.doc import Doc
from .classify.pipeline import Scorer
from .cluster import ClusterParams, discussion_terms, find_themes
from .config import Settings, load_settings
from .engine import map_ordered, resolve_jobs
from .model import Label, Page
from .parse import TableOptions, expand_paths, read_pages
from .report.writers import RenderedArticle, RunWriter, render_article
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
from .threads import build_threads

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


# ---------------------------------------------------------------------------- one article


@dataclass
class ArticleResult:
    """What analysing one article gives.

    Attributes:
        summary: the facts and the paragraph.
        table: one row per comment (columns: :func:`comment_columns`), compact and picklable.
        terms: the article's most frequent content words and their counts (bounded), for the
            corpus's distinctive words.
        tokens: content words counted in all.
    """

    summary: ArticleSummary
    table: pa.Table
    terms: dict[str, int] = field(default_factory=dict)
    tokens: int = 0
    rendered: RenderedArticle | None = None

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


class PageAnalyzer:
    """``analyze_page`` with its classifiers built once: a picklable callable for the engine.

    The scorer is built on first use in each process and never pickled, so worker processes
    build their own once.
    """

    def __init__(self, settings: Settings, now: datetime | None = None) -> None:
        self.settings = settings
        self.now = now
        self._scorer: Scorer | None = None

    @property
    def scorer(self) -> Scorer:
        if self._scorer is None:
            self._scorer = Scorer(self.settings)
        return self._scorer

    def __getstate__(self) -> dict[str, Any]:
        return {"settings": self.settings, "now": self.now, "_scorer": None}

    def __call__(self, page: Page) -> ArticleResult:
        try:
            return analyze_page(page, self.settings, scorer=self.scorer, now=self.now)
        except Exception as exc:  # noqa: BLE001 - one article's failure must not stop a run
            log.exception("analysis failed for %s", page.source)
            return failed_result(
                page,
                self.scorer,
                f"{page.source}: analysis failed ({type(exc).__name__}: {exc}); comments kept without labels",
            )


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
        try:
            got = clf.score_many([docs[i] for i in idx], [ctxs[i] for i in idx]) if idx else []
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


def _flags(row: dict[str, Any], label: Label | None) -> list[str]:
    value = row.get("flags")
    if value is None and label is not None:
        value = label.extras.get("flags")
    if not value:
        return []
    if isinstance(value, str):
        return [f.strip() for f in value.split(";") if f.strip()]
    return [str(f) for f in value]


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
        page: the article and its comments.
        settings: run settings (packaged defaults when None).
        scorer: classifiers already built from ``settings`` (built here when None).
        now: comments dated after this are "in the future" (None: no such check).
        article_id, slug: the article's id and report name (default: from the page).

    Returns:
        The summary and one row per comment. Same page and settings, same result.
    """
    settings = settings or load_settings()
    scorer = scorer or Scorer(settings)
    article_id = article_id or default_article_id(page)
    slug = slug or slugify(article_id)
    comments = page.comments
    n = len(comments)
    docs = [Doc(c.text) for c in comments]

    # Threads first: reply classifiers need each reply's (repaired) parent.
    threads = build_threads(comments)
    art = ArticleContext.of(page.article)
    ctxs = [
        Context(
            article=art,
            parent=docs[p] if (p := threads.parents[i]) >= 0 else None,
            parent_author=comments[p].author if p >= 0 else None,
            author=c.author,
        )
        for i, c in enumerate(comments)
    ]
    labels, notes = _score(scorer, docs, ctxs)
    if REPLY_STANCE in labels:
        stances = [lab.label if lab is not None else None for lab in labels[REPLY_STANCE]]
        threads = build_threads(comments, stances)

    # Themes, from the same tokens the classifiers used.
    cparams = ClusterParams.from_settings(settings.section("cluster"))
    terms = discussion_terms(docs, cparams.bigrams)
    try:
        themes = find_themes(docs, cparams, terms=terms)
    except Exception as exc:  # noqa: BLE001 - themes are an extra; never lose the article for them
        log.exception("themes failed for %s", page.source)
        themes = find_themes([""] * n, cparams)
        notes = [nt + [f"themes failed: {type(exc).__name__}"] for nt in notes]

    schema = comment_schema(scorer)
    rows: list[dict[str, Any]] = []
    flags: list[list[str]] = []
    moderation = labels.get(MODERATION, [None] * n)
    for i, c in enumerate(comments):
        parent = threads.parents[i]
        row: dict[str, Any] = {
            "article_id": article_id,
            "comment_id": c.id,
            "author": c.author,
            "posted": c.posted,
            "reply_to": comments[parent].id if parent >= 0 else None,
            "reply_evidence": c.reply_evidence if parent >= 0 else None,
            "depth": threads.depths[i],
            "thread": comments[threads.roots[i]].id,
            "text": c.text,
        }
        row.update(scorer.flatten(docs[i], {name: labels[name][i] for name in labels}))
        theme = themes.themes[int(themes.assignments[i])]
        row["cluster"] = theme.id
        row["cluster_label"] = theme.label
        extra = list(notes[i])
        if c.reply_to and parent < 0:
            extra.append(f"reply_to {c.reply_to!r} kept as top level (not in the discussion, or a cycle)")
        if extra:
            row["warnings"] = "; ".join(([row["warnings"]] if row.get("warnings") else []) + extra)
        flags.append(_flags(row, moderation[i]))
        rows.append(row)
    table = table_from_rows(rows, schema)
    del rows

    scored = Scored([ClassifierInfo.of(clf) for clf in scorer.classifiers], labels, flags)
    sparams = SummaryParams.from_settings(settings.section("analyze"), now=now)
    summary = summarize_article(
        page, article_id=article_id, slug=slug, scored=scored, threads=threads, themes=themes, params=sparams
    )
    counts: Counter[str] = Counter(t for ts in terms for t in ts if " " not in t)
    top = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[: sparams.terms_per_article])
    return ArticleResult(summary, table, top, sum(counts.values()))


def failed_result(
    page: Page, scorer: Scorer, error: str, article_id: str | None = None, slug: str | None = None
) -> ArticleResult:
    """A result that keeps every comment, unlabelled, when analysis of an article failed."""
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
        aid = base = default_article_id(page)
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


@dataclass(frozen=True)
class _Job:
    page: Page
    article_id: str
    slug: str


class _JobAnalyzer(PageAnalyzer):
    """The driver's unit of work: analyse one named article and render its reports, all in
    the process that runs it (so that rendering runs in parallel with ``--jobs``)."""

    def __call__(self, job: _Job) -> ArticleResult:  # type: ignore[override]
        try:
            result = analyze_page(
                job.page,
                self.settings,
                scorer=self.scorer,
                now=self.now,
                article_id=job.article_id,
                slug=job.slug,
            )
        except Exception as exc:  # noqa: BLE001 - one article's failure must not stop a run
            log.exception("analysis failed for %s", job.page.source)
            result = failed_result(
                job.page,
                self.scorer,
                f"{job.page.source}: analysis failed "
                f"({type(exc).__name__}: {exc}); comments kept without labels",
                job.article_id,
                job.slug,
            )
        shown = int(self.settings.section("analyze").get("max_comments_shown", 500))
        result.rendered = render_article(result.summary, result.table, scorer_groups(self.scorer), shown)
        return result


# ---------------------------------------------------------------------------- the run


@dataclass
class RunSummary:
    """What a run did (also written into the manifest)."""

    out_dir: Path
    inputs: int
    articles: int
    comments: int
    articles_with_errors: int
    outputs: list[str]


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


def _limit_threads() -> None:
    """One BLAS/OpenMP thread per worker: processes are the parallelism, and the same thread
    count everywhere keeps floating-point results identical across ``--jobs``."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1)


def analyze_paths(
    paths: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    settings: Settings | None = None,
    jobs: int | None = 1,
    input_format: str | None = None,
    table_options: TableOptions | None = None,
    recursive: bool = False,
    on_article: Callable[[ArticleSummary], None] | None = None,
    now: datetime | None = None,
) -> RunSummary:
    """Analyse every article of the inputs and write the reports into ``out_dir``.

    Writes ``comments.csv`` and ``comments.parquet`` (one row per comment), ``articles.json``
    (summaries + manifest), ``<slug>.md`` / ``<slug>.html`` per article and ``index.md`` /
    ``index.html``. Files are written under temporary names and renamed at the end, so an
    interrupted run leaves no file that looks complete.

    Args:
        paths: files or directories, as ``discourse parse`` takes them.
        out_dir: the report folder (created when missing; files of earlier runs are replaced).
        settings: run settings (packaged defaults when None).
        jobs: worker processes (None or 0: all cores); results do not depend on it.
        input_format, table_options, recursive: as for :func:`discourse.parse.read_pages`.
        on_article: called with each summary as it is written (progress display).
        now: the reference time for "dated in the future" (default: the run's start).

    Raises:
        RunError: a worker died or the output folder cannot be written.
    """
    settings = settings or load_settings()
    files = expand_paths(paths, recursive=recursive)
    pages = read_pages(files, input_format=input_format, table_options=table_options, settings=settings)
    return analyze_pages(
        pages, out_dir, settings=settings, jobs=jobs, inputs=files, on_article=on_article, now=now
    )


def analyze_pages(
    pages: Iterable[Page],
    out_dir: str | os.PathLike[str],
    *,
    settings: Settings | None = None,
    jobs: int | None = 1,
    inputs: Sequence[str] = (),
    on_article: Callable[[ArticleSummary], None] | None = None,
    now: datetime | None = None,
) -> RunSummary:
    """Analyse pages already read (or built in Python) and write the reports; see
    :func:`analyze_paths`. ``inputs`` are the files they came from, hashed into the manifest."""
    settings = settings or load_settings()
    jobs = resolve_jobs(jobs)
    now = now or datetime.now(UTC).replace(tzinfo=None)
    analyzer = _JobAnalyzer(settings, now)
    scorer = analyzer.scorer
    writer = RunWriter(Path(out_dir), comment_schema(scorer), scorer_groups(scorer), settings.data)
    namer = Namer()

    def jobs_of(source: Iterable[Page]) -> Iterator[_Job]:
        for page in source:
            aid, slug = namer.name(page)
            yield _Job(page, aid, slug)

    stream: Iterable[_Job] = jobs_of(pages)
    if jobs > 1:
        stream, jobs = _worth_workers(stream, jobs, settings.section("analyze"))
    try:
        if jobs == 1:
            from threadpoolctl import threadpool_limits

            with threadpool_limits(limits=1):
                results = map_ordered(analyzer, stream, 1)
                _drain(results, writer, on_article)
        else:
            _drain(map_ordered(analyzer, stream, jobs, initializer=_limit_threads), writer, on_article)
        outputs = writer.finish(manifest(inputs, settings, scorer))
    except BaseException:
        writer.abort()
        raise
    return RunSummary(
        Path(out_dir), len(inputs), writer.articles, writer.comments, writer.articles_with_errors, outputs
    )


def _drain(
    results: Iterable[ArticleResult], writer: RunWriter, on_article: Callable[[ArticleSummary], None] | None
) -> None:
    for result in results:
        writer.add(result.summary, result.table, result.corpus_row(), result.rendered)
        if on_article is not None:
            on_article(result.summary)


def _worth_workers(stream: Iterable[_Job], jobs: int, opts: dict[str, Any]) -> tuple[Iterable[_Job], int]:
    """Look a little ahead: a run too small to repay starting worker processes (about a second
    each) stays in this process. Results are the same either way."""
    minimum = int(opts.get("min_comments_for_workers", 2000))
    it = iter(stream)
    head: list[_Job] = []
    seen = 0
    for job in it:
        head.append(job)
        seen += len(job.page.comments)
        if seen >= minimum:
            return chain(head, it), jobs
    return head, 1


def scorer_groups(scorer: Scorer) -> list[tuple[str, list[str]]]:
    """Each classifier's name with its label columns, for reports that show labels per comment."""
    return [(clf.name, list(clf.columns(None))) for clf in scorer.classifiers]
