"""Comment tables (CSV, TSV, JSONL, JSON, Parquet, Disqus XML exports) → one Page per article.

Reading is in two layers so that large tables stream:

* :func:`iter_table_rows` reads a table in chunks (csv module, JSON lines, pyarrow batches) and
  yields lists of :class:`TableRow`: one comment each, with its article key and source line.
  Memory is bounded by the chunk size. Malformed rows are reported (file, line, reason) in the
  :class:`TableReport` and never silently dropped.
* :func:`read_table` groups those rows into Pages in order of first appearance. Tables up to
  ``tables.max_buffered_rows`` rows are grouped in memory; larger ones spill the rows, one
  block per article, to a temporary file and read each article back in turn, so a table that is
  not sorted by article still groups in bounded memory (plus the largest single article).

Counts add up: rows read = comments written + rows rejected, and each rejection has a reason.
"""

from __future__ import annotations

import csv
import gc
import gzip
import io
import itertools
import json
import os
import pickle
import re
import sys
import tempfile
import time as _time_mod
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple

from ..config import Settings
from ..errors import ColumnError, EmptyInputError, InputError, InputFormatError
from ..model import Article, Comment, Page
from .dates import parse_datetime, parse_iso_or_epoch
from .replies import assign_depths
from .source import check_not_binary, decode, read_head

if TYPE_CHECKING:
    from . import TableOptions

#: Defaults of the ``[tables]`` settings section (defaults.toml repeats them with reasons).
DEFAULTS: dict[str, Any] = {
    "chunk_rows": 10_000,
    "max_buffered_rows": 200_000,
    "max_examples": 5,
}

# Column names looked for, best first (compared lower-cased, spaces and dashes as "_").
TEXT_COLUMNS = (
    "text",
    "comment_text",
    "comment_body",
    "body",
    "comment",
    "message",
    "content",
    "comment_content",
    "commenttext",
    "msg",
    "full_text",
    "tweet",
    "review_text",
    "review",
    "post_text",
    "selftext",
    "reply",
    "kommentar",
    "commentaire",
)
AUTHOR_COLUMNS = (
    "author",
    "author_name",
    "user",
    "username",
    "user_name",
    "screen_name",
    "name",
    "commenter",
    "nickname",
    "nick",
    "handle",
    "display_name",
    "user_screen_name",
    "by",
    "poster",
    "autor",
    "auteur",
)
TIME_COLUMNS = (
    "created_at",
    "created_utc",
    "created",
    "date",
    "timestamp",
    "posted",
    "posted_at",
    "time",
    "datetime",
    "published",
    "published_at",
    "date_posted",
    "comment_date",
    "ts",
    "date_time",
)
ID_COLUMNS = ("comment_id", "id", "cid", "message_id", "reply_id", "tweet_id", "commentid", "uuid")
PARENT_COLUMNS = (
    "parent_id",
    "reply_to",
    "in_reply_to",
    "parent",
    "parent_comment_id",
    "in_reply_to_id",
    "in_reply_to_status_id",
    "replyto",
    "parent_comment",
    "reply_to_id",
    "parentid",
)
ARTICLE_COLUMNS = (
    "article_id",
    "article",
    "article_url",
    "url",
    "post_id",
    "thread",
    "thread_id",
    "link_id",
    "story_id",
    "topic_id",
    "submission_id",
    "page_id",
    "page_url",
    "page",
    "title",
    "article_title",
)
ARTICLE_TEXT_COLUMNS = ("article_text", "article_body", "story_text", "article_content", "post_body")
TITLE_COLUMNS = ("article_title", "title", "headline", "post_title", "story_title")

#: How many leading JSON objects decide a JSONL/JSON table's columns.
_KEY_SAMPLE = 100

#: Platform prefixes on ids (Reddit "t1_abc" is the comment "abc", "t3_…" the submission).
_ID_PREFIX = re.compile(r"^t[1-6]_")


def _norm(name: str) -> str:
    return re.sub(r"[\s\-.]+", "_", str(name).strip().strip('"').lower())


@dataclass(frozen=True)
class Columns:
    """Which input column holds each field (None: absent)."""

    text: str
    author: str | None = None
    time: str | None = None
    id: str | None = None
    parent: str | None = None
    article: str | None = None
    article_text: str | None = None
    title: str | None = None

    def used(self) -> set[str]:
        return {
            c
            for c in (
                self.text,
                self.author,
                self.time,
                self.id,
                self.parent,
                self.article,
                self.article_text,
                self.title,
            )
            if c
        }


@contextmanager
def _bulk() -> Iterator[None]:
    """Pause the cyclic garbage collector while a chunk of rows or a page is built.

    Rows and comments hold no reference cycles, but making a million of them triggers
    collections that rescan every live object (a third of the reading time, measured).
    The previous state is restored at once, and never across a ``yield``.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class TableRow(NamedTuple):
    """One comment read from a table, as plain values (cheap to make, pickle and stream).

    ``id`` is the table's id (None when it has none: pages number them ``c1``, ``c2``…) and
    ``parent`` the raw parent value (checked against the article's ids when the page is made).
    """

    line: int
    article: str | None
    id: str | None
    text: str
    author: str | None
    posted: str | None
    posted_text: str | None
    parent: str | None
    title: str | None = None
    article_text: str | None = None
    extra: dict[str, Any] | None = None

    def to_comment(self, cid: str | None = None, reply_to: str | None = None, depth: int = 0) -> Comment:
        """This row as a Comment (id, parent link and depth as settled by the page)."""
        # Positional arguments and no per-row meta dict unless the row has extra fields: this
        # runs once per comment of a million-row table.
        return Comment(
            cid or self.id or "",
            self.text,
            self.author,
            self.posted,
            reply_to,
            self.posted_text,
            depth,
            "column" if reply_to else None,
            (),
            {"fields": self.extra} if self.extra else {},
        )


@dataclass
class TableReport:
    """What happened while reading a table: rows read, rejections with reasons, warnings."""

    source: str
    max_examples: int = 5
    rows: int = 0
    rejected: list[str] = field(default_factory=list)
    warn_counts: Counter[str] = field(default_factory=Counter)
    warn_lines: dict[str, list[int]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def reject(self, line: int | str, reason: str) -> None:
        where = f"line {line}" if isinstance(line, int) else str(line)
        self.rejected.append(f"{self.source}:{where}: {reason}")

    def warn(self, what: str, line: int) -> None:
        self.warn_counts[what] += 1
        lines = self.warn_lines.setdefault(what, [])
        if len(lines) < self.max_examples:
            lines.append(line)

    def warnings(self) -> list[str]:
        out = [f"{self.source}: {n}" for n in self.notes]
        for what, n in self.warn_counts.items():
            lines = ", ".join(str(x) for x in self.warn_lines.get(what, []))
            more = ", …" if n > len(self.warn_lines.get(what, [])) else ""
            out.append(f"{self.source}: {n} row(s) {what} (kept; line {lines}{more})")
        return out


# --------------------------------------------------------------------------------------------
# Column detection
# --------------------------------------------------------------------------------------------


def detect_columns(columns: list[str], options: TableOptions, source: str) -> Columns:
    """Map the table's columns to comment fields: explicit options first, then known names.

    Raises:
        ColumnError: a named column is missing, or no column holds the comment text.
    """
    by_norm: dict[str, str] = {}
    for c in columns:
        by_norm.setdefault(_norm(c), c)
    taken: set[str] = set()

    def explicit(name: str | None, option: str) -> str | None:
        if name is None:
            return None
        if name in columns:
            taken.add(name)
            return name
        if _norm(name) in by_norm:
            taken.add(by_norm[_norm(name)])
            return by_norm[_norm(name)]
        raise ColumnError(source, f"no column {name!r} for {option}", columns)

    def guess(names: tuple[str, ...]) -> str | None:
        for n in names:
            real = by_norm.get(n)
            if real is not None and real not in taken:
                taken.add(real)
                return real
        return None

    text = explicit(options.text_column, "--text-column")
    author = explicit(options.author_column, "--author-column")
    time = explicit(options.time_column, "--time-column")
    cid = explicit(options.id_column, "--id-column")
    parent = explicit(options.parent_column, "--parent-column")
    article = explicit(options.article_column, "--article-column")
    article_text = explicit(options.article_text_column, "--article-text-column")
    title = explicit(options.title_column, "--title-column")
    # Article text and title before the article key, so that "article_text" is not the key
    # and "title" is the key only when there is no better one.
    if article_text is None:
        article_text = guess(ARTICLE_TEXT_COLUMNS)
    if text is None:
        text = guess(TEXT_COLUMNS)
    if text is None:
        raise ColumnError(
            source,
            "no column with the comment text (looked for "
            + ", ".join(TEXT_COLUMNS[:8])
            + ", …); name it with --text-column",
            columns,
        )
    if parent is None:
        parent = guess(PARENT_COLUMNS)
    if cid is None:
        cid = guess(ID_COLUMNS)
    if author is None:
        author = guess(AUTHOR_COLUMNS)
    if time is None:
        time = guess(TIME_COLUMNS)
    if article is None:
        article = guess(tuple(c for c in ARTICLE_COLUMNS if c not in ("title", "article_title")))
    if title is None:
        title = guess(TITLE_COLUMNS)
    if article is None and title is not None:
        article = title  # a table keyed only by article title
    return Columns(text, author, time, cid, parent, article, article_text, title)


# --------------------------------------------------------------------------------------------
# Raw rows: bytes → (line, dict) per kind
# --------------------------------------------------------------------------------------------


def _open_binary(path: Path) -> IO[bytes]:
    fh = path.open("rb")
    if fh.read(2) == b"\x1f\x8b":
        fh.seek(0)
        return gzip.open(fh)  # type: ignore[return-value]
    fh.seek(0)
    return fh


def _text_lines(path: Path, report: TableReport) -> Iterator[str]:
    """Decoded lines with their endings: UTF-8 (BOM or not) or UTF-16 with a BOM; lines that
    are not UTF-8 in an otherwise UTF-8 file are read as cp1252 and counted."""
    with _open_binary(path) as fh:
        head = fh.read(4)
        fh.seek(0)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            yield from io.TextIOWrapper(fh, encoding="utf-16", newline="")
            return
        # Decoding in C with bad bytes kept as surrogates; only such lines are redone in Python.
        text = io.TextIOWrapper(fh, encoding="utf-8-sig", errors="surrogateescape", newline="")
        legacy = 0
        for line in text:
            if not line.isascii():
                try:
                    line.encode("utf-8")
                except UnicodeEncodeError:
                    legacy += 1
                    line = line.encode("utf-8", "surrogateescape").decode("cp1252", errors="replace")
            yield line
        if legacy:
            report.notes.append(
                f"{legacy} line(s) were not UTF-8 and were decoded as cp1252 (mixed encodings)"
            )


def _sniff_delimiter(header: str, kind: str) -> str:
    if kind == "tsv":
        return "\t"
    counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _delimited_rows(
    path: Path, kind: str, report: TableReport
) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    lines = _text_lines(path, report)
    peek: list[str] = []
    for line in lines:
        peek.append(line)
        if line.strip():
            break
    if not peek or not peek[-1].strip():
        raise EmptyInputError(report.source, "table is empty (no header line)")
    delim = _sniff_delimiter(peek[-1], kind)

    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    reader = csv.reader(
        itertools.chain(peek, lines), delimiter=delim, quotechar='"', doublequote=True, strict=False
    )
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise InputFormatError(report.source, f"cannot read the header line ({exc})") from None
    header = [h.strip() for h in header]
    if header and header[0].startswith("\ufeff"):
        header[0] = header[0][1:]
    if len(header) < 1 or not any(header):
        raise InputFormatError(report.source, "the header line is empty")
    width = len(header)

    def rows() -> Iterator[tuple[int, list[str]]]:
        last = reader.line_num
        while True:
            try:
                # A plain for loop (C iteration); a malformed record raises out of it and the
                # loop starts again after it.
                for fields in reader:
                    start = last + 1
                    last = reader.line_num
                    if len(fields) != width:
                        if not fields or (len(fields) == 1 and not fields[0].strip()):
                            continue  # blank line: not a row
                        report.rows += 1
                        report.reject(start, f"{len(fields)} fields where the header has {width}")
                        continue
                    report.rows += 1
                    yield start, fields
                return
            except csv.Error as exc:
                report.rows += 1
                report.reject(reader.line_num, f"malformed CSV ({exc})")
                last = reader.line_num

    return header, rows()


def _jsonl_rows(path: Path, report: TableReport) -> tuple[list[str], Iterator[tuple[int, dict[str, Any]]]]:
    lines = _text_lines(path, report)
    buffered: list[tuple[int, str]] = []
    keys: dict[str, None] = {}
    n = objects = 0
    # The columns are the keys of the first objects (a key first seen after them is kept in
    # each comment's meta, not detected as a field).
    for line in lines:
        n += 1
        buffered.append((n, line))
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        if isinstance(obj, dict):
            keys.update(dict.fromkeys(obj))
            objects += 1
            if objects >= _KEY_SAMPLE:
                break
    columns = list(keys)

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        def numbered() -> Iterator[tuple[int, str]]:
            yield from buffered
            k = n
            for line in lines:
                k += 1
                yield k, line

        for k, line in numbered():
            if not line.strip():
                continue
            report.rows += 1
            try:
                obj = json.loads(line)
            except ValueError as exc:
                report.reject(k, f"not valid JSON ({exc.args[0] if exc.args else exc})")
                continue
            if not isinstance(obj, dict):
                report.reject(k, f"a JSON {type(obj).__name__}, not an object")
                continue
            yield k, obj

    return columns, rows()


def _parquet_rows(
    path: Path, report: TableReport, batch: int
) -> tuple[list[str], Iterator[tuple[int, dict[str, Any]]]]:
    try:
        import pyarrow.parquet as pq

        pf = pq.ParquetFile(str(path))
    except Exception as exc:  # noqa: BLE001 - pyarrow raises many types for bad files
        raise InputFormatError(report.source, f"not a readable Parquet file ({exc})") from None
    columns = list(pf.schema_arrow.names)

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        k = 0
        for rb in pf.iter_batches(batch_size=batch):
            for obj in rb.to_pylist():
                k += 1
                report.rows += 1
                yield k, obj

    return columns, rows()


# --------------------------------------------------------------------------------------------
# Rows → comments
# --------------------------------------------------------------------------------------------


_NULLS = frozenset({"nan", "null", "none", "nat"})


def _cell(value: Any) -> str | None:
    """A cell as text, or None when empty (also NaN, null, "nan" from pandas exports)."""
    if value is None:
        return None
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    s = str(value).strip()
    if not s or s.lower() in ("nan", "null", "none", "nat"):
        return None
    return s


_ISO_RE = re.compile(
    r"(\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))(?:[T ]((?:[01]\d|2[0-3]):[0-5]\d)(:[0-5]\d)?)?"
)


def _fast_iso(s: str) -> str | None:
    """The common machine forms without the general date reader: ``2024-05-01``,
    ``2024-05-01T09:00[:00][.123][Z|+hh:mm]``, ``2024-05-01 09:00:00`` and epoch seconds or ms."""
    if s.isdigit():
        if 9 <= len(s) <= 13:
            secs = int(s)
            if secs > 10**11:
                secs //= 1000
            try:
                return _time_mod.strftime("%Y-%m-%dT%H:%M:%S", _time_mod.gmtime(secs))
            except (OverflowError, OSError, ValueError):
                return None
        return None
    m = _ISO_RE.match(s)
    if m is not None:
        day, hm, sec = m.groups()
        rest = s[m.end() :]
        if rest and not _TZ_TAIL.fullmatch(rest):
            return None
        if hm is None:
            return day if not rest else None
        return f"{day}T{hm}{sec or ':00'}"
    return None


_TZ_TAIL = re.compile(r"(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?")


def _time(value: Any) -> tuple[str | None, str | None]:
    """(ISO time or None, the value as given when it could not be read)."""
    if value is None:
        return None, None
    if isinstance(value, str):
        s = value.strip()
        if not s:
            return None, None
        iso = _fast_iso(s)
        if iso is not None:
            return iso, None
    elif hasattr(value, "isoformat"):  # datetime from Parquet
        try:
            return value.isoformat()[:19], None
        except (TypeError, ValueError):
            return None, str(value)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        iso = parse_iso_or_epoch(value)
        return iso, None if iso else str(value)
    else:
        s = str(value).strip()
    iso = parse_iso_or_epoch(s)
    if iso is None:
        iso = parse_datetime(s)
    return iso, None if iso else s


def _id(value: Any) -> str | None:
    s = value.strip() if isinstance(value, str) else _cell(value)
    if not s:
        return None
    return _ID_PREFIX.sub("", s) if s[0] == "t" else s


def _row_maker(cols: Columns, report: TableReport) -> Callable[[int, dict[str, Any]], TableRow]:
    """A function turning one raw row into a TableRow, with the column names bound once."""
    text_c, author_c, time_c, id_c = cols.text, cols.author, cols.time, cols.id
    parent_c, article_c, title_c, atext_c = cols.parent, cols.article, cols.title, cols.article_text
    used = cols.used()
    warn = report.warn

    def cell(v: Any) -> str | None:
        if v.__class__ is str:
            v = v.strip()
            return v if v and (len(v) > 4 or v.lower() not in _NULLS) else None
        return _cell(v)

    def make(line: int, obj: dict[str, Any]) -> TableRow:
        raw = obj.get(text_c)
        text = raw.strip() if isinstance(raw, str) else (_cell(raw) or "")
        if not text:
            warn("have no comment text", line)
        author = None
        if author_c is not None:
            author = cell(obj.get(author_c))
            if author is None:
                warn("have no author", line)
        posted = posted_text = None
        if time_c is not None:
            posted, posted_text = _time(obj.get(time_c))
            if posted is None and posted_text is not None:
                warn("have a time that could not be read", line)
        extra = None
        if len(obj) > len(used):
            extra = {k: v for k, v in obj.items() if k not in used and v not in (None, "")} or None
        return TableRow(
            line,
            cell(obj.get(article_c)) if article_c is not None else None,
            _id(obj.get(id_c)) if id_c is not None else None,
            text,
            author,
            posted,
            posted_text,
            _id(obj.get(parent_c)) if parent_c is not None else None,
            cell(obj.get(title_c)) if title_c is not None else None,
            cell(obj.get(atext_c)) if atext_c is not None else None,
            extra,
        )

    return make


@dataclass
class TableStream:
    """A table opened for reading: its columns, its chunks of rows and the running report."""

    columns: Columns
    header: list[str]
    chunks: Iterator[list[TableRow]]
    report: TableReport


def iter_table_rows(
    path: str | os.PathLike[str], kind: str, source: str, options: TableOptions, settings: Settings
) -> TableStream:
    """Open a table and stream its comments in chunks of ``tables.chunk_rows`` rows.

    Raises:
        InputError: the file is missing, empty, binary or not of this kind.
        ColumnError: no text column (the message lists the columns found).
    """
    opts = {**DEFAULTS, **settings.section("tables")}
    chunk = max(1, int(opts["chunk_rows"]))
    p = Path(path)
    report = TableReport(source, max_examples=int(opts["max_examples"]))
    head = read_head(p)
    if kind != "parquet":
        check_not_binary(head, source)
    if kind in ("csv", "tsv"):
        header, raw = _delimited_rows(p, kind, report)
    elif kind == "jsonl":
        header, raw = _jsonl_rows(p, report)
        if not header:
            for _ in raw:  # every line is bad: walk them so that the message can count them
                pass
            first = f"; first: {report.rejected[0]}" if report.rejected else ""
            raise InputFormatError(source, f"no JSON object on any of {report.rows} line(s){first}")
    elif kind == "parquet":
        header, raw = _parquet_rows(p, report, chunk)
    else:
        raise InputFormatError(source, f"{kind} is not a streamed table kind")
    columns = detect_columns(header, options, source)

    if kind in ("csv", "tsv"):
        delimited = raw

        def chunks() -> Iterator[list[TableRow]]:
            # Column by column: one list comprehension per field instead of a function call
            # per cell (CSV is the format million-row exports come in).
            lines: list[int] = []
            recs: list[list[str]] = []
            for line, fields in delimited:
                lines.append(line)
                recs.append(fields)
                if len(recs) >= chunk:
                    with _bulk():
                        made = _columnar_rows(header, lines, recs, columns, report)
                    yield made
                    lines, recs = [], []
            if recs:
                with _bulk():
                    made = _columnar_rows(header, lines, recs, columns, report)
                yield made

        return TableStream(columns, header, chunks(), report)

    make = _row_maker(columns, report)
    records = raw

    def chunks() -> Iterator[list[TableRow]]:
        buf: list[TableRow] = []
        for line, obj in records:
            buf.append(make(line, obj))
            if len(buf) >= chunk:
                yield buf
                buf = []
        if buf:
            yield buf

    return TableStream(columns, header, chunks(), report)


def _strip_or_none(values: Iterable[str]) -> list[str | None]:
    out: list[str | None] = [v.strip() or None for v in values]
    # "nan", "null", "None" from pandas and database exports are empty cells too.
    return [None if v is not None and len(v) <= 4 and v.lower() in _NULLS else v for v in out]


def _columnar_rows(
    header: list[str], lines: list[int], recs: list[list[str]], cols: Columns, report: TableReport
) -> list[TableRow]:
    """TableRows for a chunk of delimited records (all fields are strings)."""
    n = len(recs)
    pos = {name: i for i, name in enumerate(header)}
    none: list[None] = [None] * n

    def col(name: str | None) -> list[str | None]:
        if name is None:
            return none
        i = pos[name]
        return _strip_or_none([r[i] for r in recs])

    i_text = pos[cols.text]
    texts = [r[i_text].strip() for r in recs]
    if not all(texts):
        for line, t in zip(lines, texts, strict=True):
            if not t:
                report.warn("have no comment text", line)
    authors = col(cols.author)
    if cols.author is not None and not all(authors):
        for line, a in zip(lines, authors, strict=True):
            if a is None:
                report.warn("have no author", line)
    posted: list[str | None] = none
    shown: list[str | None] = none
    if cols.time is not None:
        raw_times = col(cols.time)
        posted = [_fast_iso(v) if v is not None else None for v in raw_times]
        shown = list(none)
        for k, (v, iso) in enumerate(zip(raw_times, posted, strict=True)):
            if iso is None and v is not None:
                iso, shown[k] = _time(v)
                posted[k] = iso
                if iso is None:
                    report.warn("have a time that could not be read", lines[k])
    ids = [_ID_PREFIX.sub("", v) if v and v[0] == "t" else v for v in col(cols.id)]
    parents = [_ID_PREFIX.sub("", v) if v and v[0] == "t" else v for v in col(cols.parent)]
    used = cols.used()
    unused = [i for i, name in enumerate(header) if name not in used]
    extras: list[dict[str, Any] | None] = none
    if unused:
        extras = [{header[i]: r[i] for i in unused if r[i] != ""} or None for r in recs]
    # tuple.__new__ on zipped columns: a NamedTuple's own __new__ is a Python call per row.
    return list(
        map(
            TableRow._make,
            zip(
                lines,
                col(cols.article),
                ids,
                texts,
                authors,
                posted,
                shown,
                parents,
                col(cols.title),
                col(cols.article_text),
                extras,
                strict=True,
            ),
        )
    )


# --------------------------------------------------------------------------------------------
# Grouping rows into pages
# --------------------------------------------------------------------------------------------


class _Groups:
    """Rows grouped by article in order of first appearance.

    Up to ``limit`` rows are held in memory; beyond that the buffered rows are written to a
    temporary file, one pickled block per article, and the buffer starts again. Pages are then
    read back article by article (its blocks in file order, then what is still in memory), so
    memory holds one buffer plus one article, whatever the table's size or order.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.order: dict[str | None, int] = {}
        self.mem: dict[int, list[TableRow]] = {}
        self.buffered = 0
        self.count = 0
        self.file: IO[bytes] | None = None
        self.blocks: dict[int, list[tuple[int, int]]] = {}

    def add(self, rows: Iterable[TableRow]) -> None:
        with _bulk():
            self._add(rows)

    def _add(self, rows: Iterable[TableRow]) -> None:
        order, mem = self.order, self.mem
        n = 0
        for row in rows:
            key = order.get(row.article)
            if key is None:
                key = order[row.article] = len(order)
            bucket = mem.get(key)
            if bucket is None:
                bucket = mem[key] = []
            bucket.append(row)
            n += 1
        self.count += n
        self.buffered += n
        if self.buffered > self.limit:
            self._spill()

    def _spill(self) -> None:
        if self.file is None:
            self.file = tempfile.TemporaryFile(prefix="discourse-table-")
        for key, rows in self.mem.items():
            data = pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL)
            pos = self.file.seek(0, os.SEEK_END)
            self.file.write(data)
            self.blocks.setdefault(key, []).append((pos, len(data)))
        self.mem = {}
        self.buffered = 0

    def groups(self) -> Iterator[tuple[str | None, list[TableRow]]]:
        try:
            for article, key in self.order.items():
                rows: list[TableRow] = []
                with _bulk():
                    if self.file is not None:
                        for pos, size in self.blocks.pop(key, []):
                            self.file.seek(pos)
                            rows.extend(pickle.loads(self.file.read(size)))
                    rows.extend(self.mem.pop(key, []))
                yield article, rows
        finally:
            self.close()

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None


def _depths(ids: list[str], parents: list[str | None]) -> list[int]:
    """Depth of each comment from its parent links (parents already known to exist and to
    come from the same article); a link that closes a cycle is cut to top level."""
    index = {cid: k for k, cid in enumerate(ids)}
    depth: list[int | None] = [None] * len(ids)
    for k in range(len(ids)):
        chain = []
        node: int | None = k
        while node is not None and depth[node] is None and node not in chain:
            chain.append(node)
            p = parents[node]
            node = index[p] if p is not None else None
        if node is not None and depth[node] is None:  # a cycle: cut the link that closes it
            parents[chain[-1]] = None
            base, node = -1, None
        base = depth[node] if node is not None else -1  # type: ignore[assignment]
        for j in reversed(chain):
            base += 1
            depth[j] = base
    return [d or 0 for d in depth]


def _page_from_rows(
    source: str,
    article: str | None,
    rows: list[TableRow],
    columns: Columns | None,
    kind: str,
    article_body: str | None,
    multi: bool,
) -> Page:
    seen: dict[str, int] = {}
    ids: list[str] = []
    renamed = 0
    for n, row in enumerate(rows, 1):
        cid = row.id or f"c{n}"
        if cid in seen:
            seen[cid] += 1
            cid = f"{cid}#{seen[cid]}"
            renamed += 1
        else:
            seen[cid] = 1
        ids.append(cid)
    known = set(ids)
    missing = 0
    parents: list[str | None] = []
    for cid, row in zip(ids, rows, strict=True):
        p = row.parent
        if p is not None and (p not in known or p == cid):
            if p != article:  # replies to the article itself (Reddit t3_…) are top level
                missing += 1
            p = None
        parents.append(p)
    depths = _depths(ids, parents)
    comments = tuple(
        row.to_comment(cid, p, d) for row, cid, p, d in zip(rows, ids, parents, depths, strict=True)
    )
    warnings: list[str] = []
    if renamed:
        warnings.append(f"{source}: {renamed} comment id(s) repeated; later ones renamed id#2, id#3…")
    if missing:
        warnings.append(
            f"{source}: {missing} repl(y/ies) point to comments not in the table; kept as top level"
        )
    title = next((r.title for r in rows if r.title), None)
    body = article_body or next((r.article_text for r in rows if r.article_text), None) or ""
    url = article if article and re.match(r"https?://", article) else None
    if (
        title is None
        and columns is not None
        and columns.article is not None
        and columns.article == columns.title
    ):
        title = article
    return Page(
        source=f"{source}#{article}" if multi and article is not None else source,
        article=Article(title=title, body=body, url=url),
        comments=comments,
        warnings=tuple(warnings),
        kind=kind,
        article_id=article if article is not None else Path(source).stem,
    )


def _article_file(options: TableOptions, source: str) -> str | None:
    if not options.article_file:
        return None
    p = Path(options.article_file)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(
            options.article_file, f"article file cannot be read ({exc.strerror or exc})"
        ) from None
    return decode(data, options.article_file).text.strip()


def read_table(
    path: Path, kind: str, source: str, options: TableOptions, settings: Settings
) -> Iterator[Page]:
    """Read a comment table and yield one Page per article, in order of first appearance.

    The first Page carries the table's report: rejected rows (file, line, reason) in
    ``rejected`` and counted warnings (rows without author, unreadable times, mixed
    encodings…). When no row could be read, a single Page with the error is yielded.

    Raises:
        InputError: missing, empty, binary or unreadable file; ColumnError: no text column.
    """
    opts = {**DEFAULTS, **settings.section("tables")}
    article_body = _article_file(options, source)
    if kind == "json":
        yield from _read_json(path, source, options, article_body)
        return
    if kind == "disqus":
        from .disqus import read_disqus

        yield from read_disqus(path, source)
        return
    stream = iter_table_rows(path, kind, source, options, settings)
    groups = _Groups(int(opts["max_buffered_rows"]))
    try:
        for rows in stream.chunks:
            groups.add(rows)
        yield from _emit(groups, stream.report, stream.columns, source, kind, article_body)
    finally:
        groups.close()


def _emit(
    groups: _Groups,
    report: TableReport,
    columns: Columns | None,
    source: str,
    kind: str,
    article_body: str | None,
) -> Iterator[Page]:
    multi = len(groups.order) > 1 or (columns is not None and columns.article is not None)
    summary = (
        f"{source}: read {report.rows} row(s): {groups.count} comment(s) in "
        f"{len(groups.order)} article(s), {len(report.rejected)} rejected"
    )
    first = True
    for article, rows in groups.groups():
        with _bulk():
            page = _page_from_rows(source, article, rows, columns, kind, article_body, multi)
        if first:
            page = replace(
                page, rejected=tuple(report.rejected), warnings=(summary, *report.warnings(), *page.warnings)
            )
            first = False
        yield page
    if first:
        errors = [f"{source}: no comment could be read from the table"]
        yield Page(
            source=source,
            kind=kind,
            errors=tuple(errors),
            rejected=tuple(report.rejected),
            warnings=(summary, *report.warnings()),
        )


# --------------------------------------------------------------------------------------------
# JSON documents (not streamed: a JSON array is one value)
# --------------------------------------------------------------------------------------------


def _read_json(path: Path, source: str, options: TableOptions, article_body: str | None) -> Iterator[Page]:
    report = TableReport(source)
    text = decode(_read_all(path, source), source)
    report.notes.extend(text.notes)
    try:
        doc = json.loads(text.text)
    except ValueError as exc:
        raise InputFormatError(source, f"not valid JSON ({exc})") from None
    pages_like: list[Any] | None = None
    comments_like: list[Any] | None = None
    top: dict[str, Any] = {}
    if isinstance(doc, dict):
        if isinstance(doc.get("pages"), list):
            pages_like = doc["pages"]
        elif isinstance(doc.get("comments"), list):
            comments_like, top = doc["comments"], doc
        elif isinstance(doc.get("articles"), list):
            pages_like = doc["articles"]
        else:
            raise InputFormatError(
                source,
                'JSON object has no "pages" or "comments" list (expected a list of '
                "comments, a list of pages, or an object with pages or comments)",
            )
    elif isinstance(doc, list):
        dicts = [x for x in doc if isinstance(x, dict)]
        if dicts and sum(1 for x in dicts if isinstance(x.get("comments"), list)) > len(dicts) / 2:
            pages_like = doc
        else:
            comments_like = doc
    else:
        raise InputFormatError(
            source,
            f"JSON is a {type(doc).__name__}, neither a list of comments or pages nor an "
            "object with pages or comments",
        )
    if pages_like is not None:
        yield from _json_pages(pages_like, source, report)
        return
    assert comments_like is not None
    rows = [(k, x) for k, x in enumerate(comments_like, 1)]
    objs = [x for _, x in rows if isinstance(x, dict)]
    header = list(dict.fromkeys(k for x in objs[:_KEY_SAMPLE] for k in x))
    columns = detect_columns(header, options, source)
    groups = _Groups(limit=sys.maxsize)
    make = _row_maker(columns, report)
    made: list[TableRow] = []
    for k, x in rows:
        report.rows += 1
        if not isinstance(x, dict):
            report.reject(f"item {k}", f"a JSON {type(x).__name__}, not an object")
            continue
        row = make(k, x)
        if row.article is None and top:
            row = row._replace(article=_cell(top.get("article_id") or top.get("url") or top.get("title")))
        made.append(row)
    groups.add(made)
    if top and not article_body:
        article_body = _cell(top.get("body") or top.get("article_text"))
    pages = list(_emit(groups, report, columns, source, "json", article_body))
    if top and pages:
        a = pages[0].article
        pages[0] = replace(
            pages[0],
            article=replace(
                a,
                title=a.title or _cell(top.get("title")),
                byline=_cell(top.get("byline")),
                published=_cell(top.get("published")),
                url=a.url or _cell(top.get("url")),
            ),
        )
    yield from pages


def _read_all(path: Path, source: str) -> bytes:
    try:
        with _open_binary(path) as fh:
            return fh.read()
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except (OSError, EOFError) as exc:
        raise InputError(source, f"cannot be read ({exc})") from None


def _json_pages(items: list[Any], source: str, report: TableReport) -> Iterator[Page]:
    """Pages in the contract shape (what ``discourse parse --format json`` writes)."""
    pages: list[Page] = []
    for k, obj in enumerate(items, 1):
        if not isinstance(obj, dict) or not isinstance(obj.get("comments", []), list):
            report.reject(f"item {k}", "not a page object with a comments list")
            continue
        comments: list[Comment] = []
        for n, c in enumerate(obj.get("comments") or [], 1):
            report.rows += 1
            if not isinstance(c, dict):
                report.reject(f"item {k} comment {n}", "not an object")
                continue
            text = c.get("text")
            if not isinstance(text, str):
                report.warn("have no comment text", n)
                text = ""
            posted, posted_text = _time(c.get("posted"))
            comments.append(
                Comment(
                    id=str(c.get("id") or f"c{n}"),
                    text=text,
                    author=_cell(c.get("author")),
                    posted=posted,
                    posted_text=_cell(c.get("posted_text")) or posted_text,
                    reply_to=_cell(c.get("reply_to")),
                    reply_evidence="column" if c.get("reply_to") else None,
                )
            )
        ids = {c.id for c in comments}
        comments = assign_depths(
            [c if c.reply_to is None or c.reply_to in ids else replace(c, reply_to=None) for c in comments]
        )
        subheads = obj.get("subheadings") if isinstance(obj.get("subheadings"), list) else []
        declared = obj.get("declared_comment_count")
        page = Page(
            source=f"{source}#{obj.get('source') or k}",
            article=Article(
                title=_cell(obj.get("title")),
                byline=_cell(obj.get("byline")),
                published=_cell(obj.get("published")),
                standfirst=_cell(obj.get("standfirst")),
                subheadings=tuple(str(s) for s in subheads),
                body=str(obj.get("body") or ""),
                url=_cell(obj.get("url")),
            ),
            comments=tuple(comments),
            declared_comment_count=declared if isinstance(declared, int) else None,
            kind="json",
            article_id=_cell(obj.get("article_id")) or str(obj.get("source") or k),
        )
        pages.append(page)
    if not pages:
        yield Page(
            source=source,
            kind="json",
            errors=(f"{source}: no page could be read from the JSON",),
            rejected=tuple(report.rejected),
            warnings=tuple(report.warnings()),
        )
        return
    pages[0] = replace(
        pages[0], warnings=tuple(report.warnings()) + pages[0].warnings, rejected=tuple(report.rejected)
    )
    yield from pages
