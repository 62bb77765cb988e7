"""Comment tables (CSV, TSV, JSONL, JSON, Parquet, Disqus XML exports) → one Page per article.

Reading is in layers so that large tables stream and no Python object is made per row until a
page is:

* :func:`read_batches` reads a table in chunks (the csv module, JSON lines, pyarrow batches)
  and normalises each chunk, column by column, into an Arrow batch of :data:`FIELDS` (article
  key, id, text, author, time, parent…) with each row's source line. Memory is bounded by the
  chunk size. Malformed rows are reported (file, line, reason) in the :class:`TableReport` and
  never silently dropped. :func:`iter_table_rows` gives the same rows as :class:`TableRow` s.
* :func:`plan_table` groups the batches by article in order of first appearance
  (:class:`ArticleGroups`): up to ``tables.max_buffered_rows`` rows in memory, beyond that in
  sorted runs in a temporary Arrow file, so a table that is not sorted by article still groups
  in bounded memory. Each article can then be made into a Page here (:func:`read_table`) or,
  from a small :class:`ArticleRef`, in another process.

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
import re
import sys
import tempfile
import time as _time_mod
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple, cast, overload

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

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
    "arrow_csv": True,
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

    def warn_rows(self, what: str, lines: Sequence[int] | np.ndarray) -> None:
        """:meth:`warn` for many rows at once (their lines, in order)."""
        if len(lines) == 0:
            return
        self.warn_counts[what] += len(lines)
        kept = self.warn_lines.setdefault(what, [])
        kept.extend(int(x) for x in lines[: max(0, self.max_examples - len(kept))])

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
        fh.close()
        return gzip.open(path, "rb")  # type: ignore[return-value]  # opened by name: closes its file
    fh.seek(0)
    return fh


#: Bytes decoded at a time: whole blocks of lines are decoded in C and split by StringIO.
_BLOCK = 1 << 20


def _text_lines(path: Path, report: TableReport) -> Iterator[str]:
    """Decoded lines with their endings: UTF-8 (BOM or not) or UTF-16 with a BOM; lines that
    are not UTF-8 in an otherwise UTF-8 file are read as cp1252 and counted.

    Whole blocks of lines are decoded in C and split by StringIO, and the lines are chained in
    C: no Python frame runs per line unless its block has bytes that are not UTF-8.
    """
    return itertools.chain.from_iterable(_text_blocks(path, report))


def _text_blocks(path: Path, report: TableReport) -> Iterator[Iterable[str]]:
    with _open_binary(path) as fh:
        head = fh.read(4)
        fh.seek(0)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            yield io.TextIOWrapper(fh, encoding="utf-16", newline="")
            return
        legacy = 0
        first = True
        rest = b""
        while True:
            block = fh.read(_BLOCK)
            if block:
                data = rest + block
                # Blocks end after a line break (never inside "\r\n" or a character).
                cut = data.rfind(b"\n") + 1 or data.rfind(b"\r", 0, len(data) - 1) + 1
                if not cut:
                    rest = data
                    continue
                data, rest = data[:cut], data[cut:]
            elif rest:
                data, rest = rest, b""
            else:
                break
            if first:
                data = data.removeprefix(b"\xef\xbb\xbf")
                first = False
            try:
                yield io.StringIO(data.decode("utf-8"), newline="")
                continue
            except UnicodeDecodeError:
                pass
            # A block with bytes that are not UTF-8: only its bad lines are redone.
            lines = []
            for line in io.StringIO(data.decode("utf-8", "surrogateescape"), newline=""):
                if not line.isascii():
                    try:
                        line.encode("utf-8")
                    except UnicodeEncodeError:
                        legacy += 1
                        line = line.encode("utf-8", "surrogateescape").decode("cp1252", errors="replace")
                lines.append(line)
            yield lines
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


@dataclass(frozen=True)
class _Layout:
    """What the header line says about a delimited table: its delimiter and how many
    physical lines it and the blank lines before it take."""

    delimiter: str
    header_lines: int


def _delimited_rows(
    path: Path, kind: str, report: TableReport
) -> tuple[list[str], Callable[[int], Iterator[tuple[list[int], list[list[str]]]]], _Layout]:
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
        while not header or (len(header) == 1 and not header[0].strip()):
            header = next(reader)  # blank lines before the header
    except (StopIteration, csv.Error) as exc:
        raise InputFormatError(report.source, f"cannot read the header line ({exc})") from None
    header = [h.strip() for h in header]
    if header and header[0].startswith("\ufeff"):
        header[0] = header[0][1:]
    if len(header) < 1 or not any(header):
        raise InputFormatError(report.source, "the header line is empty")
    width = len(header)
    layout = _Layout(delim, reader.line_num)

    def chunks(size: int) -> Iterator[tuple[list[int], list[list[str]]]]:
        """Records in chunks of ``size``, each with the line it starts on."""
        lines: list[int] = []
        recs: list[list[str]] = []
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
                    lines.append(start)
                    recs.append(fields)
                    if len(recs) >= size:
                        report.rows += len(recs)
                        yield lines, recs
                        lines, recs = [], []
                break
            except csv.Error as exc:
                report.rows += 1
                report.reject(reader.line_num, f"malformed CSV ({exc})")
                last = reader.line_num
        if recs:
            report.rows += len(recs)
            yield lines, recs

    return header, chunks, layout


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


def _parquet_file(path: Path, report: TableReport) -> Any:
    try:
        import pyarrow.parquet as pq

        return pq.ParquetFile(str(path))
    except Exception as exc:  # noqa: BLE001 - pyarrow raises many types for bad files
        raise InputFormatError(report.source, f"not a readable Parquet file ({exc})") from None


# --------------------------------------------------------------------------------------------
# Cells
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


def _short_cell(v: Any) -> str | None:
    """:func:`_cell` with a fast path for text (the common case in every table kind)."""
    if v.__class__ is str:
        v = v.strip()
        return v if v and (len(v) > 4 or v.lower() not in _NULLS) else None
    return _cell(v)


_ISO_RE = re.compile(
    r"(\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))(?:[T ]((?:[01]\d|2[0-3]):[0-5]\d)(:[0-5]\d)?)?"
)


def _fast_iso(s: str) -> str | None:
    """The common machine forms without the general date reader: ``2024-05-01``,
    ``2024-05-01T09:00[:00][.123][Z|+hh:mm]``, ``2024-05-01 09:00:00`` and epoch seconds or ms."""
    if s.isdigit():
        if 9 <= len(s) <= 13 and s.isascii():
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

#: :func:`_fast_iso`'s forms as one anchored RE2 pattern (ASCII digits only, so that any string
#: it matches is one that ``_fast_iso`` reads the same way; the rest go through ``_time``).
_ISO_RE2 = (
    r"^(?P<day>[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01]))"
    r"(?:[T ](?P<hm>(?:[01][0-9]|2[0-3]):[0-5][0-9])(?P<sec>:[0-5][0-9])?)?"
    r"(?P<rest>(?:\.[0-9]+)?(?:Z|[+-][0-9][0-9]:?[0-9][0-9])?)$"
)


_NO_TEXT = pa.scalar(None, pa.string())


def _fast_iso_column(values: pa.Array) -> pa.Array:
    """:func:`_fast_iso` over a column of stripped values, in Arrow (null where it does not
    apply: those values go through :func:`_time`)."""
    digits = pc.fill_null(pc.match_substring_regex(values, r"^[0-9]{9,13}$"), False)
    out = pa.nulls(len(values), pa.string())
    if pc.any(digits).as_py():
        secs = pc.cast(pc.if_else(digits, values, "0"), pa.int64())
        secs = pc.if_else(pc.greater(secs, 10**11), pc.divide(secs, 1000), secs)
        # The cast gives "YYYY-MM-DD hh:mm:ss" (and is far faster than strftime).
        stamps = pc.utf8_replace_slice(pc.cast(pc.cast(secs, pa.timestamp("s")), pa.string()), 10, 11, "T")
        out = pc.if_else(digits, stamps, _NO_TEXT)
    m = pc.extract_regex(values, _ISO_RE2)
    if m.null_count == len(m):
        return out
    day, hm, sec, rest = (pc.struct_field(m, [i]) for i in range(4))
    sec = pc.if_else(pc.equal(sec, ""), ":00", sec)
    with_time = pc.binary_join_element_wise(day, "T", hm, sec, "")
    iso = pc.if_else(
        pc.not_equal(hm, ""), with_time, pc.if_else(pc.equal(rest, ""), day, _NO_TEXT)
    )
    return pc.coalesce(out, iso)


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


def _strip_or_none(values: Iterable[str]) -> list[str | None]:
    # "nan", "null", "None" from pandas and database exports are empty cells too.
    return [
        None if not (s := v.strip()) or (len(s) <= 4 and s.lower() in _NULLS) else s for v in values
    ]


# --------------------------------------------------------------------------------------------
# Batches: a chunk of rows as Arrow columns
# --------------------------------------------------------------------------------------------

#: The fields every table is read into, one row per comment (all text but ``line``).
FIELDS = (
    "line",
    "article",
    "id",
    "text",
    "author",
    "posted",
    "posted_text",
    "parent",
    "title",
    "article_text",
)
#: Prefix of an input column no field uses, kept as read (``extra:<position>:<name>``) and
#: given to each comment's ``meta["fields"]`` when its page is made.
EXTRA = "extra:"
#: JSON lines: such keys (they may differ from row to row) as one JSON object per row.
EXTRA_JSON = "extra_json"


def _base_fields() -> list[pa.Field]:
    return [pa.field("line", pa.int64())] + [pa.field(name, pa.string()) for name in FIELDS[1:]]


def _batch(values: list[Any], extras: list[tuple[str, Any]]) -> pa.RecordBatch:
    fields = _base_fields()
    arrays = [
        v if isinstance(v, pa.Array) else pa.array(v, type=f.type)
        for v, f in zip(values, fields, strict=True)
    ]
    for name, arr in extras:
        arr = arr if isinstance(arr, (pa.Array, pa.ChunkedArray)) else pa.array(arr, type=pa.string())
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks()
        fields.append(pa.field(name, arr.type))
        arrays.append(arr)
    return pa.RecordBatch.from_arrays(arrays, schema=pa.schema(fields))


def _delimited_batch(
    header: list[str], lines: list[int], recs: list[list[str]], cols: Columns, report: TableReport
) -> pa.RecordBatch:
    """A chunk of delimited records (all fields are strings)."""
    fields: list[Sequence[str]] = list(zip(*recs, strict=True)) if recs else [() for _ in header]
    return _delimited_columns(header, lines, fields, cols, report)


_NULL_WORDS = pa.array(sorted(_NULLS))


def _clean(values: pa.Array) -> pa.Array:
    """Strip each cell (``str.strip``'s whitespace, which is Arrow's too); empty cells and
    "nan", "null", "None", "NaT" (pandas and database exports) become null."""
    t = pc.utf8_trim_whitespace(values)
    empty = pc.or_(pc.equal(t, ""), pc.is_in(pc.utf8_lower(t), value_set=_NULL_WORDS))
    return pc.if_else(empty, _NO_TEXT, t)


def _rows_where(mask: pa.Array) -> np.ndarray:
    return np.flatnonzero(np.asarray(mask.to_numpy(zero_copy_only=False), dtype=bool))


def _delimited_columns(
    header: list[str], lines: Sequence[int], fields: list[Any], cols: Columns, report: TableReport
) -> pa.RecordBatch:
    """A chunk of delimited rows given column by column (sequences of strings or Arrow
    arrays), normalised column by column in Arrow: no Python call per cell except for times
    in forms the fast reader does not know."""
    n = len(lines)
    pos = {name: i for i, name in enumerate(header)}
    arrays = [f if isinstance(f, pa.Array) else pa.array(f, type=pa.string()) for f in fields]
    line_numbers = np.asarray(lines, dtype=np.int64)
    none = pa.nulls(n, pa.string())

    def col(name: str | None) -> pa.Array:
        return none if name is None else _clean(arrays[pos[name]])

    texts = pc.utf8_trim_whitespace(arrays[pos[cols.text]])
    report.warn_rows("have no comment text", line_numbers[_rows_where(pc.equal(texts, ""))])
    authors = col(cols.author)
    if cols.author is not None:
        report.warn_rows("have no author", line_numbers[_rows_where(authors.is_null())])
    posted = shown = none
    if cols.time is not None:
        raw = col(cols.time)
        posted = _fast_iso_column(raw)
        other = _rows_where(pc.and_(posted.is_null(), raw.is_valid()))
        if other.size:
            # Dates in other forms ("3 May 2024", "yesterday"…): the general reader, one by one.
            isos: list[str | None] = posted.to_pylist()
            shown_values: list[str | None] = [None] * n
            unread = []
            for k, value in zip(other.tolist(), raw.take(pa.array(other)).to_pylist(), strict=True):
                isos[k], shown_values[k] = _time(value)
                if isos[k] is None:
                    unread.append(k)
            posted = pa.array(isos, type=pa.string())
            shown = pa.array(shown_values, type=pa.string())
            report.warn_rows("have a time that could not be read", line_numbers[unread])
    ids = pc.replace_substring_regex(col(cols.id), pattern="^t[1-6]_", replacement="")
    parents = pc.replace_substring_regex(col(cols.parent), pattern="^t[1-6]_", replacement="")
    used = cols.used()
    extras = [(f"{EXTRA}{i}:{name}", arrays[i]) for i, name in enumerate(header) if name not in used]
    values: list[Any] = [
        pa.array(line_numbers, type=pa.int64()),
        col(cols.article),
        ids,
        texts,
        authors,
        posted,
        shown,
        parents,
        col(cols.title),
        col(cols.article_text),
    ]
    return _batch(values, extras)


def _values_batch(
    lines: list[int],
    get: Callable[[str], list[Any]],
    cols: Columns,
    report: TableReport,
    extras: list[tuple[str, Any]],
) -> pa.RecordBatch:
    """A chunk of rows whose cells may be of any type (JSON values, Parquet columns);
    ``get(name)`` gives one column's values."""
    n = len(lines)
    none: list[str | None] = [None] * n

    def cells(name: str | None) -> list[str | None]:
        return none if name is None else [_short_cell(v) for v in get(name)]

    texts = [v.strip() if v.__class__ is str else (_cell(v) or "") for v in get(cols.text)]
    # Warnings in row order (text, author, time of each row), as a row-by-row reader gives them.
    notes: list[tuple[int, int, str]] = []
    if not all(texts):
        notes += [(line, 0, "have no comment text") for line, t in zip(lines, texts, strict=True) if not t]
    authors = cells(cols.author)
    if cols.author is not None and not all(authors):
        notes += [(line, 1, "have no author") for line, a in zip(lines, authors, strict=True) if a is None]
    posted: list[str | None] = none
    shown: list[str | None] = none
    if cols.time is not None:
        posted, shown = [], []
        for line, v in zip(lines, get(cols.time), strict=True):
            iso, raw = _time(v)
            posted.append(iso)
            shown.append(raw)
            if iso is None and raw is not None:
                notes.append((line, 2, "have a time that could not be read"))
    for line, _, what in sorted(notes):
        report.warn(what, line)
    ids = [_id(v) for v in get(cols.id)] if cols.id is not None else none
    parents = [_id(v) for v in get(cols.parent)] if cols.parent is not None else none
    values: list[list[Any]] = [
        lines,
        cells(cols.article),
        ids,
        texts,
        authors,
        posted,
        shown,
        parents,
        cells(cols.title),
        cells(cols.article_text),
    ]
    return _batch(values, extras)


def _json_batch(
    records: list[tuple[int, dict[str, Any]]], cols: Columns, report: TableReport
) -> pa.RecordBatch:
    lines = [k for k, _ in records]
    objs = [o for _, o in records]
    used = cols.used()

    def get(name: str) -> list[Any]:
        return [o.get(name) for o in objs]

    extra: list[str | None] = []
    for o in objs:
        if o.keys() <= used:
            extra.append(None)
            continue
        kept = {k: v for k, v in o.items() if k not in used and v not in (None, "")}
        extra.append(json.dumps(kept, ensure_ascii=False) if kept else None)
    return _values_batch(lines, get, cols, report, [(EXTRA_JSON, extra)])


def _parquet_batch(
    rb: pa.RecordBatch, first_line: int, cols: Columns, report: TableReport
) -> pa.RecordBatch:
    names = rb.schema.names
    index = {name: i for i, name in enumerate(names)}  # a repeated name: the last one, as a dict row
    lines = list(range(first_line, first_line + rb.num_rows))
    used = cols.used()
    extras = [
        (f"{EXTRA}{i}:{name}", rb.column(i))
        for i, name in enumerate(names)
        if name not in used and index[name] == i
    ]
    return _values_batch(lines, lambda name: rb.column(index[name]).to_pylist(), cols, report, extras)


def batch_extras(table: pa.Table | pa.RecordBatch) -> list[dict[str, Any] | None]:
    """Each row's input fields that no comment field uses (None when it has none)."""
    names = table.schema.names
    n = table.num_rows
    if EXTRA_JSON in names:
        return [json.loads(s) if s is not None else None for s in table.column(EXTRA_JSON).to_pylist()]
    extra = [(name.split(":", 2)[2], table.column(i).to_pylist()) for i, name in enumerate(names)
             if name.startswith(EXTRA)]
    if not extra:
        return [None] * n
    out: list[dict[str, Any] | None] = []
    for r in range(n):
        kept = {}
        for key, values in extra:
            v = values[r]
            if v is not None and v != "":
                kept[key] = v
        out.append(kept or None)
    return out


@dataclass
class TableBatches:
    """A table opened for reading: its columns, its chunks as Arrow batches and the report."""

    columns: Columns
    header: list[str]
    batches: Iterator[pa.RecordBatch]
    report: TableReport


def read_batches(
    path: str | os.PathLike[str],
    kind: str,
    source: str,
    options: TableOptions,
    settings: Settings,
    *,
    fast: bool = False,
) -> TableBatches:
    """Open a table and stream its comments as Arrow batches of ``tables.chunk_rows`` rows,
    with the columns of :data:`FIELDS` (then the unused input columns).

    Args:
        fast: tokenise CSV/TSV with Arrow's C++ reader (same rows, same report) when the file
            allows it; it may then raise :class:`SlowPathNeeded` part way (a byte that is not
            UTF-8): read again without ``fast``.

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
        header, delimited, layout = _delimited_rows(p, kind, report)
        columns = detect_columns(header, options, source)
        if fast and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return TableBatches(
                columns, header, _arrow_csv_batches(p, header, layout, columns, report, chunk), report
            )

        def csv_batches() -> Iterator[pa.RecordBatch]:
            for lines, recs in delimited(chunk):
                yield _delimited_batch(header, lines, recs, columns, report)

        return TableBatches(columns, header, csv_batches(), report)
    if kind == "jsonl":
        header, records = _jsonl_rows(p, report)
        if not header:
            for _ in records:  # every line is bad: walk them so that the message can count them
                pass
            first = f"; first: {report.rejected[0]}" if report.rejected else ""
            raise InputFormatError(source, f"no JSON object on any of {report.rows} line(s){first}")
        columns = detect_columns(header, options, source)

        def jsonl_batches() -> Iterator[pa.RecordBatch]:
            buf: list[tuple[int, dict[str, Any]]] = []
            for item in records:
                buf.append(item)
                if len(buf) >= chunk:
                    yield _json_batch(buf, columns, report)
                    buf = []
            if buf:
                yield _json_batch(buf, columns, report)

        return TableBatches(columns, header, jsonl_batches(), report)
    if kind == "parquet":
        pf = _parquet_file(p, report)
        header = list(pf.schema_arrow.names)
        columns = detect_columns(header, options, source)

        def parquet_batches() -> Iterator[pa.RecordBatch]:
            line = 1
            for rb in pf.iter_batches(batch_size=chunk):
                report.rows += rb.num_rows
                yield _parquet_batch(rb, line, columns, report)
                line += rb.num_rows

        return TableBatches(columns, header, parquet_batches(), report)
    raise InputFormatError(source, f"{kind} is not a streamed table kind")


class SlowPathNeeded(Exception):
    """The Arrow CSV reader met something only the csv module reads the agreed way (a line
    that is not UTF-8): read the table again without ``fast``."""


def _line_breaks(values: pa.Array) -> np.ndarray:
    """Line breaks inside each value, counted as the csv module counts lines (\\n, \\r\\n
    and a lone \\r each end one)."""
    if values.type == pa.string() and not values.null_count and len(values):
        # Most exports have only \n breaks: count them in the value bytes with one prefix sum
        # (three Arrow substring counts over every column were a third of a table's read time).
        offsets = np.frombuffer(values.buffers()[1], dtype=np.int32)[
            values.offset : values.offset + len(values) + 1
        ]
        data_buffer = values.buffers()[2]
        if data_buffer is None or offsets[-1] == offsets[0]:
            return np.zeros(len(values), dtype=np.int64)
        data = np.frombuffer(data_buffer, dtype=np.uint8)[offsets[0] : offsets[-1]]
        if not (data == 13).any():
            # Breaks are rare: find them, then the value each falls in.
            at = np.flatnonzero(data == 10)
            owner = np.searchsorted(offsets - offsets[0], at, side="right") - 1
            return np.bincount(owner, minlength=len(values)).astype(np.int64)
    n = pc.count_substring(values, "\n")
    r = pc.count_substring(values, "\r")
    rn = pc.count_substring(values, "\r\n")
    counts = pc.fill_null(pc.subtract(pc.add(n, r), rn), 0)
    return np.asarray(counts.to_numpy(zero_copy_only=False), dtype=np.int64)


def _text_breaks(text: str) -> int:
    """Line breaks inside a refused row's text (a break that ends it ends its last line)."""
    text = text.removesuffix("\n").removesuffix("\r")
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _header_offset(path: Path, lines: int) -> int:
    """Byte offset just after the first ``lines`` physical lines of the file."""
    with _open_binary(path) as fh:
        data = b""
        while True:
            block = fh.read(1 << 16)
            data += block
            seen = pos = 0
            while seen < lines:
                nl = data.find(b"\n", pos)
                cr = data.find(b"\r", pos)
                if cr >= 0 and (nl < 0 or cr < nl):
                    if cr + 1 >= len(data) and block:
                        break  # a "\r" at the end of what was read: is it "\r\n"?
                    pos = cr + 2 if data[cr + 1 : cr + 2] == b"\n" else cr + 1
                elif nl >= 0:
                    pos = nl + 1
                else:
                    break
                seen += 1
            if seen == lines:
                return pos
            if not block:
                return len(data)


def _physical_lines(path: Path) -> tuple[int, bool]:
    """Lines of the file as the csv module counts them, and whether it holds a NUL byte."""
    breaks = 0
    nul = False
    after_cr = False
    last = b""
    with _open_binary(path) as fh:
        for block in iter(lambda: fh.read(1 << 22), b""):
            breaks += block.count(b"\n") + block.count(b"\r") - block.count(b"\r\n")
            if after_cr and block[:1] == b"\n":
                breaks -= 1  # a "\r\n" cut between two blocks was counted twice
            after_cr = block[-1:] == b"\r"
            nul = nul or b"\0" in block
            last = block[-1:]
    return breaks + (0 if last in (b"\n", b"\r", b"") else 1), nul


def _arrow_csv_batches(
    path: Path, header: list[str], layout: _Layout, cols: Columns, report: TableReport, chunk: int
) -> Iterator[pa.RecordBatch]:
    """The rows of a delimited file tokenised by Arrow's C++ reader, then normalised exactly as
    the csv module's rows are (:func:`_delimited_columns`).

    The two readers agree on quoting (checked on the edge cases in tests/parse/test_tables.py);
    rows with the wrong number of fields come through Arrow's invalid-row handler with their
    physical line. Line numbers of good rows are counted from the line breaks inside their
    fields; a table with empty lines between rows (which Arrow skips without a word) is
    detected at the end, and the few lines quoted in warnings are then recounted.
    """
    import pyarrow.csv as pa_csv

    width = len(header)
    physical, nul = _physical_lines(path)
    if nul:
        raise SlowPathNeeded("NUL bytes")
    rejected: list[tuple[int, str, int]] = []

    def invalid(row: Any) -> str:
        number = row.number if isinstance(row.number, int) and row.number > 0 else -(10**9)
        rejected.append((number, row.text or "", row.actual_columns))
        return "skip"

    names = [f"f{i}" for i in range(width)]
    stream = _open_binary(path)
    try:
        stream.read(_header_offset(path, layout.header_lines))
        reader = pa_csv.open_csv(
            stream,
            # One thread: the invalid-row handler then knows each refused row's line.
            read_options=pa_csv.ReadOptions(column_names=names, use_threads=False, block_size=1 << 22),
            parse_options=pa_csv.ParseOptions(
                delimiter=layout.delimiter,
                quote_char='"',
                double_quote=True,
                escape_char=False,
                newlines_in_values=True,
                ignore_empty_lines=True,
                invalid_row_handler=invalid,
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                check_utf8=True,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowException, OSError) as exc:
        stream.close()
        raise SlowPathNeeded(str(exc)) from None
    line = layout.header_lines + 1  # the line the next row starts on (if no empty lines)
    pending: list[pa.RecordBatch] = []
    size = 0

    ordinal = 0  # rows (good and refused) before the next good row, as Arrow numbers them
    last_value = [""]  # the last good row's last non-empty value

    def refused(at: int, text: str, fields: int) -> int:
        """Count a refused row starting on line ``at``; return the lines it takes."""
        span = 1 + _text_breaks(text)
        if not text.strip() and fields <= 1:
            return span  # a line of blanks: not a row, as for the csv module
        report.rows += 1
        report.reject(at, f"{fields} fields where the header has {width}")
        return span

    def place_refused(starts: np.ndarray, end: int, n: int) -> tuple[int, int]:
        """Refused rows among (or right after) the ``n`` good rows starting at ``starts``:
        each moves the rows after it. Returns the refused rows placed and the line after."""
        placed = 0
        while rejected:
            number, text, fields = rejected[0]
            if number <= 0:
                raise SlowPathNeeded("a refused row without its number")
            k = max(0, number - 1 - ordinal - placed)  # good rows of this batch before it
            if k > n:
                break
            rejected.pop(0)
            at = int(starts[k]) if k < n else end
            span = refused(at, text, fields)
            starts[k:] += span
            end += span
            placed += 1
        return placed, end

    def flush(batches: list[pa.RecordBatch]) -> pa.RecordBatch:
        nonlocal line, ordinal
        table = pa.Table.from_batches(batches).combine_chunks()
        n = table.num_rows
        columns = [c.chunk(0) if c.num_chunks else pa.array([], pa.string()) for c in table.columns]
        spans = np.ones(n, dtype=np.int64)
        for column in columns:
            spans += _line_breaks(column)
        starts = line + np.concatenate(([0], np.cumsum(spans)[:-1]))
        placed, line = place_refused(starts, line + int(spans.sum()), n)
        ordinal += n + placed
        if n:
            last_value[0] = next((c[n - 1].as_py() for c in reversed(columns) if c[n - 1].as_py()), "")
        report.rows += n
        return _delimited_columns(header, starts, columns, cols, report)

    try:
        for batch in reader:
            pending.append(batch)
            size += batch.num_rows
            while size >= chunk:
                table = pa.Table.from_batches(pending)
                yield flush(table.slice(0, chunk).to_batches())
                rest = table.slice(chunk)
                pending, size = rest.to_batches(), rest.num_rows
        if size:
            yield flush(pending)
    except pa.ArrowInvalid as exc:
        raise SlowPathNeeded(str(exc)) from None
    finally:
        stream.close()
    placed_after, line = place_refused(np.zeros(0, dtype=np.int64), line, 0)
    rejected_after_last = placed_after > 0
    if rejected:
        raise SlowPathNeeded("refused rows out of order")
    if line - 2 == physical and last_value[0].endswith(("\n", "\r")) and not rejected_after_last:
        line -= 1  # a quote left open at the end: its value ran to the file's last line break
    if line - 1 != physical:
        # Empty lines between rows, which Arrow skips without a word: line numbers of the
        # rows after them were counted short. Rare in exports; the csv module reads them.
        raise SlowPathNeeded("empty lines between rows")


@dataclass
class TableStream:
    """A table opened for reading: its columns, its chunks of rows and the running report."""

    columns: Columns
    header: list[str]
    chunks: Iterator[list[TableRow]]
    report: TableReport


def rows_of(batch: pa.RecordBatch | pa.Table) -> list[TableRow]:
    """The rows of a batch as :class:`TableRow` tuples."""
    with _bulk():
        values = [batch.column(i).to_pylist() for i in range(len(FIELDS))]
        return list(map(TableRow._make, zip(*values, batch_extras(batch), strict=True)))


def iter_table_rows(
    path: str | os.PathLike[str], kind: str, source: str, options: TableOptions, settings: Settings
) -> TableStream:
    """Open a table and stream its comments in chunks of ``tables.chunk_rows`` rows.

    Raises:
        InputError: the file is missing, empty, binary or not of this kind.
        ColumnError: no text column (the message lists the columns found).
    """
    tb = read_batches(path, kind, source, options, settings)
    return TableStream(tb.columns, tb.header, (rows_of(b) for b in tb.batches), tb.report)


# --------------------------------------------------------------------------------------------
# Grouping rows by article
# --------------------------------------------------------------------------------------------


@dataclass
class _Run:
    """Rows sorted by article (stably: each article's rows stay in line order).

    ``articles`` are the article numbers present (ascending), each with its first row and its
    row count; ``batch`` is None when the run lives in the spill file as batch ``index``.
    """

    articles: np.ndarray
    starts: np.ndarray
    counts: np.ndarray
    batch: pa.RecordBatch | None
    index: int = -1


class ArticleGroups:
    """Rows grouped by article in order of first appearance, in bounded memory.

    Rows are buffered up to ``limit``; then the buffer is sorted by article (keeping line
    order within each article) and written as one run to a temporary Arrow file. An article's
    rows are its slices of every run, in run order: memory holds one buffer, whatever the
    table's size or order, and the rows of one article are read back without Python objects
    per row. Only the first title and article text of each article in each run are kept
    (pages use the first non-empty one), so a text repeated on every row is stored once.

    Args:
        limit: rows held in memory before a run is written.
        shared: write every run to the file (not only full ones), so that other processes can
            read articles by :class:`ArticleRef` while this one is alive.
    """

    def __init__(self, limit: int, shared: bool = False) -> None:
        self.limit = max(1, limit)
        self.shared = shared
        self.order: dict[str | None, int] = {}
        self.count = 0
        self.runs: list[_Run] = []
        self.schema: pa.Schema | None = None
        self.path: str | None = None
        self._buf: list[pa.RecordBatch] = []
        self._keys: list[list[int]] = []
        self._buffered = 0
        self._writer: Any = None
        self._sink: Any = None
        self._reader: Any = None

    def add(self, batch: pa.RecordBatch) -> None:
        if batch.num_rows == 0:
            return
        if self.schema is None:
            self.schema = batch.schema
        elif batch.schema != self.schema:
            batch = pa.RecordBatch.from_arrays(
                [batch.column(i).cast(f.type) for i, f in enumerate(self.schema)], schema=self.schema
            )
        order = self.order
        keys = [order.setdefault(k, len(order)) for k in batch.column(1).to_pylist()]
        self._buf.append(batch)
        self._keys.append(keys)
        self._buffered += batch.num_rows
        self.count += batch.num_rows
        if self._buffered >= self.limit:
            self._flush(True)

    def finish(self) -> None:
        """Sort what is still buffered (after the last :meth:`add`)."""
        if self._buf:
            self._flush(self.shared or self._writer is not None)
        if self._writer is not None:
            self._writer.close()
            self._sink.close()
            self._writer = self._sink = None

    def _flush(self, to_file: bool) -> None:
        assert self.schema is not None
        table = pa.Table.from_batches(self._buf, schema=self.schema)
        keys = np.fromiter(itertools.chain.from_iterable(self._keys), dtype=np.int64, count=table.num_rows)
        self._buf, self._keys, self._buffered = [], [], 0
        order = np.argsort(keys, kind="stable")
        table = table.take(pa.array(order))
        keys = keys[order]
        articles, starts, counts = np.unique(keys, return_index=True, return_counts=True)
        for name in ("title", "article_text"):
            table = _first_per_group(table, name, starts)
        batch = table.combine_chunks().to_batches(max_chunksize=max(1, table.num_rows))[0]
        run = _Run(articles, starts, counts, batch)
        if to_file:
            if self._writer is None:
                fd, self.path = tempfile.mkstemp(prefix="discourse-table-", suffix=".arrow")
                os.close(fd)
                self._sink = pa.OSFile(self.path, "wb")
                self._writer = pa.ipc.new_file(self._sink, self.schema)
            self._writer.write_batch(batch)
            run.batch = None
            run.index = sum(1 for r in self.runs if r.batch is None)
        self.runs.append(run)

    @property
    def keys(self) -> list[str | None]:
        """Article keys in order of first appearance."""
        return list(self.order)

    def blocks(self, article: int) -> list[tuple[int, int, int]]:
        """(run, first row, rows) of each run that holds rows of article number ``article``."""
        out = []
        for r, run in enumerate(self.runs):
            i = int(np.searchsorted(run.articles, article))
            if i < run.articles.size and run.articles[i] == article:
                out.append((r, int(run.starts[i]), int(run.counts[i])))
        return out

    def ref_blocks(self, article: int) -> tuple[tuple[int, int, int], ...]:
        """Like :meth:`blocks`, with file batch numbers (every run must be in the file)."""
        return tuple((self.runs[r].index, s, c) for r, s, c in self.blocks(article))

    def table(self, article: int) -> pa.Table:
        """The rows of article number ``article``, in line order."""
        assert self.schema is not None
        parts = []
        for r, start, count in self.blocks(article):
            run = self.runs[r]
            batch = run.batch if run.batch is not None else self._file().get_batch(run.index)
            parts.append(batch.slice(start, count))
        return pa.Table.from_batches(parts, schema=self.schema)

    def _file(self) -> Any:
        if self._reader is None:
            assert self.path is not None
            self._reader = pa.ipc.open_file(pa.memory_map(self.path))
        return self._reader

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._sink.close()
            self._writer = self._sink = None
        self._reader = None
        if self.path is not None:
            try:
                os.unlink(self.path)
            except OSError:
                pass
            self.path = None


def _first_per_group(table: pa.Table, name: str, starts: np.ndarray) -> pa.Table:
    """Null every value of column ``name`` but the first non-null one of each group of rows
    (groups start at ``starts``)."""
    col = table.column(name)
    n = table.num_rows
    if n == 0 or col.null_count == n:
        return table
    valid = np.asarray(col.is_valid())
    pos = np.where(valid, np.arange(n), n)
    first = np.minimum.reduceat(pos, starts)
    keep = np.zeros(n, dtype=bool)
    keep[first[first < n]] = True
    if keep.sum() == n - col.null_count:
        return table
    kept = pc.if_else(pa.array(keep), col, pa.scalar(None, type=col.type))
    return table.set_column(table.schema.get_field_index(name), name, kept)


_FILES: dict[str, Any] = {}


def load_blocks(path: str, blocks: Iterable[tuple[int, int, int]]) -> pa.Table:
    """An article's rows from a spill file (another process's :class:`ArticleGroups`), as
    (batch, first row, rows) blocks; the file is mapped once per process."""
    reader = _FILES.get(path)
    if reader is None:
        if len(_FILES) > 8:
            _FILES.clear()
        reader = _FILES[path] = pa.ipc.open_file(pa.memory_map(path))
    parts = [reader.get_batch(b).slice(s, c) for b, s, c in blocks]
    return pa.Table.from_batches(parts, schema=reader.schema)


# --------------------------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------------------------


def _depths(ids: list[str], parents: list[str | None]) -> list[int]:
    """Depth of each comment from its parent links (parents already known to exist and to
    come from the same article); a link that closes a cycle is cut to top level."""
    index = {cid: k for k, cid in enumerate(ids)}
    depth: list[int | None] = [None] * len(ids)
    for k in range(len(ids)):
        if depth[k] is not None:
            continue
        p = parents[k]
        if p is None:
            depth[k] = 0
            continue
        j = index[p]
        if j < k and (d := depth[j]) is not None:  # the usual case: the parent came first
            depth[k] = d + 1
            continue
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


class TableComments(Sequence[Comment]):
    """A page's comments kept as Arrow columns and made into :class:`Comment` objects when
    read: a discussion of a million comments without a million objects in memory.

    Indexing, slicing and iteration give the same comments a tuple would. Single comments are
    made a block at a time and the last few blocks are kept, so reading in order, or near the
    comments just read (a reply's parent), stays cheap.
    """

    BLOCK = 2048
    BLOCKS_KEPT = 8

    def __init__(self, table: pa.Table, ids: list[str], parents: list[str | None], depths: list[int]):
        keep = ["text", "author", "posted", "posted_text"]
        keep += [n for n in table.schema.names if n.startswith(EXTRA) or n == EXTRA_JSON]
        self._table = table.select(keep).combine_chunks()
        self._columns = [c.chunk(0) if c.num_chunks == 1 else c for c in self._table.columns[:4]]
        self._extra = len(keep) > 4
        self._ids, self._parents, self._depths = ids, parents, depths
        self._blocks: dict[int, list[Comment]] = {}
        self._last = -2

    @property
    def ids(self) -> list[str]:
        """Every comment's id, in order."""
        return self._ids

    def __len__(self) -> int:
        return len(self._ids)

    def _make(self, start: int, stop: int) -> list[Comment]:
        part = self._table.slice(start, stop - start)
        texts, authors, posted, shown = (part.column(i).to_pylist() for i in range(4))
        extras = batch_extras(part)
        parents = self._parents[start:stop]
        with _bulk():
            return [
                Comment(cid, text, author, when, p, raw, d, "column" if p else None, (),
                        {"fields": e} if e else {})
                for cid, text, author, when, p, raw, d, e in zip(
                    self._ids[start:stop], texts, authors, posted, parents, shown,
                    self._depths[start:stop], extras, strict=True,
                )
            ]

    def _one(self, i: int) -> Comment:
        """Comment ``i`` alone: for a read far from the last one (no block is made for it)."""
        b = i // self.BLOCK
        got = self._blocks.get(b)
        if got is not None:
            self._last = i
            return got[i % self.BLOCK]
        sequential = i == self._last + 1
        self._last = i
        if sequential:  # reading in order: make the whole block
            got = self._blocks[b] = self._make(b * self.BLOCK, min(len(self._ids), (b + 1) * self.BLOCK))
            if len(self._blocks) > self.BLOCKS_KEPT:
                del self._blocks[next(iter(self._blocks))]
            return got[i % self.BLOCK]
        if self._extra:
            return self._make(i, i + 1)[0]
        text, author, posted, shown = (c[i].as_py() for c in self._columns)
        p = self._parents[i]
        return Comment(self._ids[i], text, author, posted, p, shown, self._depths[i], "column" if p else None)

    @overload
    def __getitem__(self, i: int) -> Comment: ...
    @overload
    def __getitem__(self, i: slice) -> list[Comment]: ...
    def __getitem__(self, i: int | slice) -> Comment | list[Comment]:
        n = len(self._ids)
        if isinstance(i, slice):
            start, stop, step = i.indices(n)
            if step != 1:
                return [self[k] for k in range(start, stop, step)]
            return self._make(start, max(start, stop))
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("comment index out of range")
        return self._one(i)

    def __iter__(self) -> Iterator[Comment]:
        step = self.BLOCK
        for start in range(0, len(self._ids), step):
            yield from self._make(start, min(start + step, len(self._ids)))


def table_page(
    source: str,
    article: str | None,
    table: pa.Table,
    columns: Columns | None,
    kind: str,
    article_body: str | None,
    multi: bool,
    lazy: bool = False,
) -> Page:
    """One article's Page from its rows (in line order).

    Comment ids come from the table (``c1``, ``c2``… where it has none; a repeated id becomes
    ``id#2``…); a parent that is not in the article is dropped (kept top level, counted).
    ``lazy``: keep the comments as Arrow columns (:class:`TableComments`) rather than objects.
    """
    raw_ids = table.column("id").to_pylist()
    raw_parents = table.column("parent").to_pylist()
    seen: dict[str, int] = {}
    ids: list[str] = []
    renamed = 0
    with _bulk():
        for n, rid in enumerate(raw_ids, 1):
            cid = rid or f"c{n}"
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
        for cid, p in zip(ids, raw_parents, strict=True):
            if p is not None and (p not in known or p == cid):
                if p != article:  # replies to the article itself (Reddit t3_…) are top level
                    missing += 1
                p = None
            parents.append(p)
        del known, seen, raw_ids, raw_parents
        depths = _depths(ids, parents)
    comments: Sequence[Comment] = TableComments(table, ids, parents, depths)
    if not lazy:
        comments = tuple(comments)
    warnings: list[str] = []
    if renamed:
        warnings.append(f"{source}: {renamed} comment id(s) repeated; later ones renamed id#2, id#3…")
    if missing:
        warnings.append(
            f"{source}: {missing} repl(y/ies) point to comments not in the table; kept as top level"
        )
    title = _first_value(table, "title")
    body = article_body or _first_value(table, "article_text") or ""
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
        comments=comments,  # type: ignore[arg-type]
        warnings=tuple(warnings),
        kind=kind,
        article_id=article if article is not None else Path(source).stem,
    )


def _first_value(table: pa.Table, name: str) -> str | None:
    col = table.column(name)
    if col.null_count == len(col):
        return None
    return cast(str, pc.drop_null(col)[0].as_py())


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
    if kind == "json":
        yield from _read_json(path, source, options, _article_file(options, source))
        return
    if kind == "disqus":
        from .disqus import read_disqus

        yield from read_disqus(path, source)
        return
    plan = plan_table(path, kind, source, options, settings)
    try:
        yield from plan.pages()
    finally:
        plan.close()


@dataclass(frozen=True)
class ArticleRef:
    """Where one article of a planned table is, small enough to send to another process.

    The rows are either in ``rows`` (an Arrow table) or in the spill file ``path`` as
    ``blocks``. ``rejected`` and ``warnings`` are the table's report, carried by its first
    article only.
    """

    source: str
    article: str | None
    kind: str
    columns: Columns | None
    article_body: str | None
    multi: bool
    count: int
    path: str | None = None
    blocks: tuple[tuple[int, int, int], ...] = ()
    rows: pa.Table | None = None
    rejected: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    first: bool = False

    def page(self, lazy: bool = False) -> Page:
        """The article's Page (its comments as Arrow-backed :class:`TableComments` when ``lazy``)."""
        table = self.rows if self.rows is not None else load_blocks(cast(str, self.path), self.blocks)
        page = table_page(
            self.source, self.article, table, self.columns, self.kind, self.article_body, self.multi, lazy
        )
        if self.first:
            page = replace(page, rejected=self.rejected, warnings=(*self.warnings, *page.warnings))
        return page

    def materialised(self) -> ArticleRef:
        """The same article with its rows inside (for a process that cannot read the file)."""
        if self.rows is not None:
            return self
        table = load_blocks(cast(str, self.path), self.blocks)
        return replace(self, rows=_compact(table), path=None, blocks=())


def _compact(table: pa.Table) -> pa.Table:
    """A copy that holds only its own rows (a slice pickles its whole parent buffers)."""
    return table.take(pa.array(np.arange(table.num_rows)))


@dataclass
class TablePlan:
    """A table read once and grouped by article, ready to be made into pages here or in
    other processes (:meth:`refs`). Close it when done (it may hold a temporary file)."""

    source: str
    kind: str
    columns: Columns
    report: TableReport
    groups: ArticleGroups
    article_body: str | None

    @property
    def multi(self) -> bool:
        return len(self.groups.order) > 1 or self.columns.article is not None

    def summary(self) -> str:
        return (
            f"{self.source}: read {self.report.rows} row(s): {self.groups.count} comment(s) in "
            f"{len(self.groups.order)} article(s), {len(self.report.rejected)} rejected"
        )

    def error_page(self) -> Page | None:
        """The Page that says why, when no comment could be read (None otherwise)."""
        if self.groups.order:
            return None
        return Page(
            source=self.source,
            kind=self.kind,
            errors=(f"{self.source}: no comment could be read from the table",),
            rejected=tuple(self.report.rejected),
            warnings=(self.summary(), *self.report.warnings()),
        )

    def refs(self, *, embed: bool = False) -> Iterator[ArticleRef]:
        """One reference per article, in order of first appearance. ``embed``: put the rows
        inside each reference (for workers without access to this machine's files)."""
        shareable = self.groups.path is not None and all(r.batch is None for r in self.groups.runs)
        counts: dict[int, int] = {}
        for run in self.groups.runs:
            for a, c in zip(run.articles.tolist(), run.counts.tolist(), strict=True):
                counts[a] = counts.get(a, 0) + c
        for number, key in enumerate(self.groups.order):
            first = number == 0
            ref = ArticleRef(
                self.source, key, self.kind, self.columns, self.article_body, self.multi,
                counts.get(number, 0),
                rejected=tuple(self.report.rejected) if first else (),
                warnings=(self.summary(), *self.report.warnings()) if first else (),
                first=first,
            )
            if shareable and not embed:
                ref = replace(ref, path=self.groups.path, blocks=self.groups.ref_blocks(number))
            else:
                ref = replace(ref, rows=_compact(self.groups.table(number)))
            yield ref

    def pages(self) -> Iterator[Page]:
        """Every article's Page, in order of first appearance (the error Page if none)."""
        error = self.error_page()
        if error is not None:
            yield error
            return
        for number, key in enumerate(self.groups.order):
            page = table_page(
                self.source, key, self.groups.table(number), self.columns, self.kind,
                self.article_body, self.multi,
            )
            if number == 0:
                page = replace(
                    page,
                    rejected=tuple(self.report.rejected),
                    warnings=(self.summary(), *self.report.warnings(), *page.warnings),
                )
            yield page

    def close(self) -> None:
        self.groups.close()


def plan_table(
    path: str | os.PathLike[str],
    kind: str,
    source: str,
    options: TableOptions,
    settings: Settings,
    *,
    shared: bool = False,
) -> TablePlan:
    """Read a streamed table (CSV, TSV, JSONL, Parquet) once and group its rows by article.

    Args:
        shared: keep every row in the temporary file, so that worker processes can make the
            pages (:meth:`TablePlan.refs` then gives file references, not rows).

    Raises:
        InputError: missing, empty, binary or unreadable file; ColumnError: no text column.
    """
    opts = {**DEFAULTS, **settings.section("tables")}
    article_body = _article_file(options, source)
    fast = bool(opts["arrow_csv"]) and kind in ("csv", "tsv")
    while True:
        stream = read_batches(path, kind, source, options, settings, fast=fast)
        groups = ArticleGroups(int(opts["max_buffered_rows"]), shared=shared)
        try:
            for batch in stream.batches:
                groups.add(batch)
            groups.finish()
        except SlowPathNeeded:
            groups.close()
            fast = False  # read it again with the csv module: same rows, same report
            continue
        except BaseException:
            groups.close()
            raise
        return TablePlan(source, kind, stream.columns, stream.report, groups, article_body)


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
    records: list[tuple[int, dict[str, Any]]] = []
    for k, x in rows:
        report.rows += 1
        if not isinstance(x, dict):
            report.reject(f"item {k}", f"a JSON {type(x).__name__}, not an object")
            continue
        records.append((k, x))
    groups = ArticleGroups(limit=sys.maxsize)
    if records:
        batch = _json_batch(records, columns, report)
        fallback = _cell(top.get("article_id") or top.get("url") or top.get("title")) if top else None
        if fallback is not None:
            filled = pc.fill_null(batch.column(1), fallback)
            batch = pa.RecordBatch.from_arrays(
                [filled if i == 1 else batch.column(i) for i in range(batch.num_columns)], schema=batch.schema
            )
        groups.add(batch)
    groups.finish()
    if top and not article_body:
        article_body = _cell(top.get("body") or top.get("article_text"))
    plan = TablePlan(source, "json", columns, report, groups, article_body)
    try:
        pages = list(plan.pages())
    finally:
        plan.close()
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
        subheads: list[Any] = obj["subheadings"] if isinstance(obj.get("subheadings"), list) else []
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
