"""Comment tables scored chunk by chunk: read CSV/TSV/JSONL/JSON/Parquet, score every row, write.

``discourse classify`` and ``discourse evaluate`` run on this module. The input is read in chunks
of ``chunk_rows`` rows and never held whole (JSON arrays excepted); each chunk is scored by
:func:`score_chunk`, a pure function of the chunk and a picklable :class:`ChunkJob`, so that
chunks can run in other processes (``jobs``) and give the same output as one process; the output
is written chunk by chunk to a temporary file that is renamed only once the run is complete.

Every input column is kept as it was (an input column whose name an output column takes is
renamed ``<name>_input``); formula-like cells are neutralised in CSV/TSV output. A row that
cannot be read (malformed JSON line) is reported with its line number and skipped; every row
that was read is written, with a label and a score whatever its text.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import logging
import os
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..config import Settings, load_settings
from ..csvsafe import safe_cell
from ..engine import Engine
from ..errors import ColumnError, InputError, InputFormatError, RunError
from ..model import Label
from ..parse.detect import guess_kind
from ..parse.source import check_not_binary, is_parquet, read_head
from .base import ArticleContext, Context
from .doc import MAX_CHARS, Doc
from .pipeline import Scorer

log = logging.getLogger(__name__)

TABLE_FORMATS = ("csv", "tsv", "jsonl", "json", "parquet")
OUTPUT_FORMATS = ("csv", "tsv", "jsonl", "parquet")

#: Rows per chunk: big enough to amortise per-chunk costs, small enough to keep memory flat.
CHUNK_ROWS = 2000
#: Longest CSV field accepted (characters). Python's default (131,072) is below what a pasted
#: comment can reach; beyond this a field is almost surely an unclosed quote eating the file.
MAX_FIELD = 16 * 2**20
#: How many article texts a process keeps prepared (tables are usually sorted by article).
ARTICLE_CACHE = 64


# -- reading ----------------------------------------------------------------------------------


@dataclass
class Row:
    """One input row: where it was read, its cells in column order, and what was odd about it."""

    line: int
    values: list[Any]
    notes: list[str] = field(default_factory=list)


@dataclass
class ReadStats:
    """What reading a table met: rows read, rows that could not be read (with reasons)."""

    read: int = 0
    rejected: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def table_format(path: Path, input_format: str | None = None) -> str:
    """The table kind of ``path``: ``input_format`` when given, else guessed from content and name.

    Raises:
        InputError: unknown format, or the file is not a table (a page, a binary file).
    """
    source = str(path)
    if input_format is not None:
        if input_format not in TABLE_FORMATS:
            known = ", ".join(TABLE_FORMATS)
            raise InputError(source, f"unknown table format {input_format!r} (known: {known})")
        return input_format
    head = read_head(path)
    if is_parquet(head):
        return "parquet"
    # A stray NUL (a control character pasted into a comment) does not make a table binary.
    stray_nul = 0 < head.count(0) <= max(8, len(head) // 200)
    check_not_binary(head.replace(b"\0", b"") if stray_nul else head, source)
    kind = guess_kind(head, path.name)
    name = path.name.lower().removesuffix(".gz")
    if kind not in TABLE_FORMATS:
        if name.endswith((".csv", ".tsv", ".tab", ".jsonl", ".ndjson", ".json")):
            kind = {"tab": "tsv", "ndjson": "jsonl"}.get(name.rsplit(".", 1)[-1], name.rsplit(".", 1)[-1])
        else:
            raise InputFormatError(source, f"does not look like a comment table (it reads as {kind}); "
                                           "give --input-format csv|tsv|jsonl|json|parquet")
    return kind


def _encoding(head: bytes) -> str:
    """The text encoding of a file from its first bytes."""
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(head).best()
        if best is not None and best.encoding:
            return best.encoding
    except Exception:  # noqa: BLE001 - a guess that fails falls back to cp1252
        pass
    return "cp1252"


def _open_text(path: Path) -> tuple[IO[str], str]:
    encoding = _encoding(read_head(path))
    with path.open("rb") as fh:
        gz = fh.read(2) == b"\x1f\x8b"
    raw: IO[bytes] = gzip.open(path, "rb") if gz else path.open("rb")  # type: ignore[assignment]
    # Undecodable bytes later in the file become U+FFFD rather than stopping the run.
    return io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline=""), encoding


class TableReader:
    """Streams the rows of one table file.

    Attributes:
        columns: the input's column names, in order (JSONL: every key met, in order of appearance).
        kind: csv, tsv, jsonl, json or parquet.
        stats: rows read and rows rejected so far.
    """

    def __init__(self, path: str | os.PathLike[str], input_format: str | None = None) -> None:
        self.path = Path(path)
        self.source = str(path)
        if not self.path.is_file():
            raise InputError(self.source, "no such file" if not self.path.exists() else "is not a file")
        self.kind = table_format(self.path, input_format)
        self.stats = ReadStats()
        self.encoding = "utf-8"
        self.columns: list[str] = self._columns()

    # The header, without reading the body (JSONL: one pass over the keys, parsing each line).
    def _columns(self) -> list[str]:
        if self.kind == "parquet":
            import pyarrow.parquet as pq

            try:
                return list(pq.ParquetFile(self.path).schema_arrow.names)
            except Exception as exc:  # noqa: BLE001 - pyarrow raises many types for bad files
                raise InputFormatError(self.source, f"not a readable Parquet file ({exc})") from None
        if self.kind in ("csv", "tsv"):
            fh, self.encoding = _open_text(self.path)
            with fh:
                try:
                    header = next(csv.reader(_no_nul(fh), **self._dialect()), None)
                except csv.Error as exc:
                    raise InputFormatError(self.source, f"unreadable CSV header ({exc})") from None
            if not header or not any(h.strip() for h in header):
                raise InputFormatError(self.source, "no header row (the first row must name the columns)")
            return [h.strip() for h in header]
        keys: dict[str, None] = {}
        for _, obj in self._objects(count=False):
            for k in obj:
                keys.setdefault(str(k), None)
        if not keys:
            raise InputFormatError(self.source, f"no {self.kind.upper()} objects found")
        return list(keys)

    def _dialect(self) -> dict[str, Any]:
        if self.kind == "tsv":
            return {"delimiter": "\t"}
        # A ".csv" written by a spreadsheet in many locales uses ";": sniff among common ones.
        fh, _ = _open_text(self.path)
        with fh:
            sample = fh.read(64 * 1024)
        try:
            return {"delimiter": csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter}
        except csv.Error:
            return {"delimiter": ","}

    def _objects(self, count: bool = True) -> Iterator[tuple[int, dict[str, Any]]]:
        """JSON objects of a JSONL or JSON file with their line numbers (JSON: item numbers)."""
        fh, self.encoding = _open_text(self.path)
        with fh:
            if self.kind == "json":
                try:
                    data = json.load(fh)
                except json.JSONDecodeError as exc:
                    raise InputFormatError(self.source, f"not valid JSON ({exc})") from None
                if isinstance(data, dict):  # {"comments": [...]} and similar wrappers
                    lists = [v for v in data.values() if isinstance(v, list)]
                    data = lists[0] if len(lists) == 1 else [data]
                if not isinstance(data, list):
                    raise InputFormatError(self.source, "JSON is not an array of objects")
                for i, obj in enumerate(data, 1):
                    if isinstance(obj, dict):
                        yield i, obj
                    elif count:
                        self.stats.rejected.append(f"{self.source}: item {i}: not an object")
                return
            for i, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    if count:
                        self.stats.rejected.append(f"{self.source}: line {i}: not valid JSON ({exc.msg})")
                    continue
                if not isinstance(obj, dict):
                    if count:
                        self.stats.rejected.append(f"{self.source}: line {i}: not a JSON object")
                    continue
                yield i, obj

    def rows(self, only: Sequence[str] | None = None) -> Iterator[Row]:
        """Every readable row, in order. ``only`` limits the cells read to these columns (faster
        pre-passes); rows then hold just those, in that order."""
        want = [self.columns.index(c) for c in only] if only is not None else None
        if self.kind == "parquet":
            yield from self._parquet_rows(only)
        elif self.kind in ("csv", "tsv"):
            yield from self._csv_rows(want)
        else:
            cols = list(only) if only is not None else self.columns
            for line, obj in self._objects(count=only is None):
                if only is None:
                    self.stats.read += 1
                yield Row(line, [_json_cell(obj.get(c)) for c in cols])

    def _csv_rows(self, want: list[int] | None) -> Iterator[Row]:
        csv.field_size_limit(MAX_FIELD)
        width = len(self.columns)
        fh, _ = _open_text(self.path)
        with fh:
            reader = csv.reader(_no_nul(fh), **self._dialect())
            try:
                next(reader)  # header
            except (StopIteration, csv.Error):
                return
            while True:
                line = reader.line_num + 1
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    if want is None:
                        self.stats.rejected.append(f"{self.source}: line {line}: {exc}")
                    continue
                if not cells:
                    continue  # blank line
                notes = []
                if len(cells) != width and want is None:
                    if len(cells) > width:
                        extra = ", ".join(repr(c[:40]) for c in cells[width:])
                        notes.append(f"line {line}: {len(cells) - width} field(s) beyond the header: {extra}")
                    else:
                        notes.append(f"line {line}: {width - len(cells)} field(s) missing")
                cells = (cells + [""] * width)[:width] if len(cells) != width else cells
                if want is not None:
                    yield Row(line, [cells[i] for i in want])
                else:
                    self.stats.read += 1
                    yield Row(line, cells, notes)

    def _parquet_rows(self, only: Sequence[str] | None) -> Iterator[Row]:
        import pyarrow.parquet as pq

        cols = list(only) if only is not None else self.columns
        line = 0
        for batch in pq.ParquetFile(self.path).iter_batches(batch_size=CHUNK_ROWS, columns=cols):
            data = batch.to_pydict()
            for i in range(batch.num_rows):
                line += 1
                if only is None:
                    self.stats.read += 1
                yield Row(line, [data[c][i] for c in cols])


def _no_nul(lines: Iterable[str]) -> Iterator[str]:
    # The csv module refuses NUL characters; they are never meaningful in a comment table.
    for line in lines:
        yield line.replace("\x00", "\ufffd") if "\x00" in line else line


def _json_cell(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return json.dumps(value, ensure_ascii=False)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN from Parquet/pandas
        return ""
    return value if isinstance(value, str) else str(value)


# -- what a run needs to know about the table ------------------------------------------------


@dataclass(frozen=True)
class TableSpec:
    """Which columns mean what, for scoring a table.

    Attributes:
        text_column: the comment text.
        target_column: text each row's stance is judged against (its article, or a post).
        article_text: one article text for every row (when the table has no target column).
        id_column, parent_column: comment ids and the id each reply answers (for reply stance).
        author_column: comment authors (helps reply stance read "@name" addressing).
    """

    text_column: str
    target_column: str | None = None
    article_text: str | None = None
    id_column: str | None = None
    parent_column: str | None = None
    author_column: str | None = None

    def check(self, reader: TableReader) -> None:
        """Raise ColumnError naming the columns present when a named column is missing."""
        named = {
            "--text-column": self.text_column,
            "--target-column": self.target_column,
            "--id-column": self.id_column,
            "--parent-column": self.parent_column,
            "--author-column": self.author_column,
        }
        for option, col in named.items():
            if col is not None and col not in reader.columns:
                raise ColumnError(reader.source, f"no column {col!r} ({option})", reader.columns)
        if self.parent_column is not None and self.id_column is None:
            raise ColumnError(reader.source, "--parent-column needs --id-column (the ids replies point to)",
                              reader.columns)


@dataclass
class ChunkRow:
    """What scoring one row needs: its text, article text and parent (resolved beforehand)."""

    text: str
    target: str | None = None
    parent_text: str | None = None
    parent_author: str | None = None
    author: str | None = None


@dataclass(frozen=True)
class ChunkJob:
    """Everything :func:`score_chunk` needs besides the rows; picklable, the same for every chunk.

    Attributes:
        settings: the run's settings as plain data.
        only: classifier names to run (all registered when empty).
        flatten: return output columns (classify) instead of labels (evaluate).
    """

    settings: dict[str, Any]
    only: tuple[str, ...] = ()
    flatten: bool = True


_SCORERS: dict[str, Scorer] = {}
_ARTICLES: OrderedDict[str, ArticleContext] = OrderedDict()


def _scorer(job: ChunkJob) -> Scorer:
    # One Scorer per process and job: classifiers load their lexicons and weights once.
    key = json.dumps([job.settings, job.only], sort_keys=True, default=str)
    scorer = _SCORERS.get(key)
    if scorer is None:
        scorer = _SCORERS[key] = Scorer(Settings(job.settings), only=job.only or None)
    return scorer


def _article(text: str | None) -> ArticleContext | None:
    if text is None:
        return None
    art = _ARTICLES.get(text)
    if art is None:
        art = ArticleContext(text=text)
        _ARTICLES[text] = art
        if len(_ARTICLES) > ARTICLE_CACHE:
            _ARTICLES.popitem(last=False)
    else:
        _ARTICLES.move_to_end(text)
    return art


def score_chunk(rows: Sequence[ChunkRow], job: ChunkJob) -> list[Any]:
    """Score one chunk: flat output columns per row (``job.flatten``) or ``{name: Label}`` per row.

    A pure function of its arguments (caches only save work), so chunks may run in any process
    and in any order with the same result.
    """
    scorer = _scorer(job)
    out: list[Any] = []
    # One Doc per distinct text in the chunk: a parent scored in the same chunk (or answered by
    # several replies) is tokenised and analysed once. A Doc and what classifiers keep on it
    # depend on its text alone, so sharing it changes no output.
    docs: dict[str, Doc] = {}
    for r in rows:
        doc = docs.get(r.text)
        if doc is None:
            doc = docs[r.text] = Doc(r.text)
        parent = None
        if r.parent_text is not None:
            parent = docs.get(r.parent_text)
            if parent is None:
                parent = docs[r.parent_text] = Doc(r.parent_text)
        ctx = Context(article=_article(r.target), parent=parent,
                      parent_author=r.parent_author, author=r.author)
        labels = scorer.labels(doc, ctx)
        out.append(scorer.flatten(doc, labels) if job.flatten else labels)
    return out


def map_chunks(
    func: Callable[[Any], Any], chunks: Iterable[Any], jobs: int | None = 1, *, engine: Engine | None = None
) -> Iterator[Any]:
    """``map`` over chunks, in order: in this process, in ``jobs`` worker processes (None or 0:
    every core), or on ``engine`` (a Dask cluster…).

    Only a few chunks per worker are in flight, so memory stays bounded however long the
    input. A worker that dies makes the run fail (``RunError``) instead of losing its chunk.
    """
    engine = engine or Engine("local", jobs)
    with engine.open() as runner:
        yield from runner.map(func, chunks)


# -- replies: parent texts, kept only as long as a reply still needs them -----------------------


class ParentStore:
    """Texts of comments that replies point to, kept until their last reply has been scored.

    Built with a pre-pass over the id and parent columns, so memory holds only parents with
    replies still to come, not the whole table.
    """

    def __init__(self, reader: TableReader, spec: TableSpec) -> None:
        assert spec.id_column and spec.parent_column
        self.spec = spec
        self.pending: Counter[str] = Counter()
        seen: set[str] = set()
        forward: set[str] = set()
        for row in reader.rows(only=[spec.id_column, spec.parent_column]):
            cid, pid = _text(row.values[0]).strip(), _text(row.values[1]).strip()
            if pid:
                self.pending[pid] += 1
                if pid not in seen:
                    forward.add(pid)  # the reply comes before its parent in the file
            if cid:
                seen.add(cid)
        self.texts: dict[str, tuple[str, str | None]] = {}
        if forward:
            cols = [spec.id_column, spec.text_column] + ([spec.author_column] if spec.author_column else [])
            for row in reader.rows(only=cols):
                cid = _text(row.values[0]).strip()
                if cid in forward:
                    author = _text(row.values[2]) if len(row.values) > 2 else None
                    self.texts[cid] = (_text(row.values[1])[:MAX_CHARS], author)

    def see(self, cid: str, text: str, author: str | None) -> None:
        """Remember a comment's text if a reply is yet to come."""
        if cid and self.pending.get(cid):
            self.texts[cid] = (text[:MAX_CHARS], author)

    def parent_of(self, pid: str) -> tuple[str, str | None] | None:
        """The parent's text and author, forgotten after its last reply."""
        if not pid:
            return None
        found = self.texts.get(pid)
        left = self.pending.get(pid, 0) - 1
        if left <= 0:
            self.pending.pop(pid, None)
            self.texts.pop(pid, None)
        else:
            self.pending[pid] = left
        return found


def chunk_rows(
    reader: TableReader, spec: TableSpec, size: int = CHUNK_ROWS
) -> Iterator[tuple[list[Row], list[ChunkRow]]]:
    """Read the table in chunks: each input row beside what scoring it needs."""
    spec.check(reader)
    cols = reader.columns
    ti = cols.index(spec.text_column)
    gi = cols.index(spec.target_column) if spec.target_column else None
    ii = cols.index(spec.id_column) if spec.id_column else None
    pi = cols.index(spec.parent_column) if spec.parent_column else None
    ai = cols.index(spec.author_column) if spec.author_column else None
    parents = ParentStore(reader, spec) if spec.parent_column else None
    rows: list[Row] = []
    jobs: list[ChunkRow] = []
    for row in reader.rows():
        v = row.values
        text = _text(v[ti])
        author = _text(v[ai]) if ai is not None else None
        target = _text(v[gi]) if gi is not None else spec.article_text
        item = ChunkRow(text=text, target=target, author=author)
        if parents is not None:
            assert ii is not None and pi is not None
            found = parents.parent_of(_text(v[pi]).strip())
            if found is not None:
                item.parent_text, item.parent_author = found
            elif _text(v[pi]).strip():
                row.notes.append(f"line {row.line}: parent {_text(v[pi]).strip()!r} not in the table")
            parents.see(_text(v[ii]).strip(), text, author)
        rows.append(row)
        jobs.append(item)
        if len(rows) >= size:
            yield rows, jobs
            rows, jobs = [], []
    if rows:
        yield rows, jobs


# -- writing ------------------------------------------------------------------------------------


def output_format(path: Path, fmt: str | None = None) -> str:
    """The output kind from ``fmt`` or the file name (``.csv`` when unsure)."""
    if fmt is not None:
        if fmt not in OUTPUT_FORMATS:
            raise RunError(f"unknown output format {fmt!r} (known: {', '.join(OUTPUT_FORMATS)})")
        return fmt
    suffix = path.name.lower().rsplit(".", 1)[-1] if "." in path.name else ""
    kinds = {"tsv": "tsv", "tab": "tsv", "jsonl": "jsonl", "ndjson": "jsonl", "parquet": "parquet"}
    return kinds.get(suffix, "csv")


class TableWriter:
    """Writes rows to a temporary file next to ``path``; :meth:`commit` renames it into place."""

    def __init__(self, path: Path, fmt: str, columns: list[str], numeric: set[str]) -> None:
        self.path = path
        self.fmt = fmt
        self.columns = columns
        self.numeric = numeric
        self.tmp = path.with_name(f".{path.name}.part-{os.getpid()}")
        self.written = 0
        self._parquet: Any = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if fmt == "parquet":
                self._fh = None
            else:
                self._fh = self.tmp.open("w", encoding="utf-8", newline="")
        except OSError as exc:
            raise RunError(f"{path}: cannot write ({exc.strerror or exc})") from None
        if fmt in ("csv", "tsv"):
            assert self._fh is not None
            self._csv = csv.writer(self._fh, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
            self._csv.writerow([safe_cell(c) for c in columns])

    def write(self, rows: list[list[Any]]) -> None:
        if self.fmt in ("csv", "tsv"):
            self._csv.writerows([[safe_cell("" if v is None else v) for v in r] for r in rows])
        elif self.fmt == "jsonl":
            assert self._fh is not None
            for r in rows:
                self._fh.write(json.dumps(dict(zip(self.columns, r, strict=True)), ensure_ascii=False) + "\n")
        else:
            self._write_parquet(rows)
        self.written += len(rows)

    def _write_parquet(self, rows: list[list[Any]]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self._parquet is None:
            schema = pa.schema([(c, pa.float64() if c in self.numeric else pa.string())
                                for c in self.columns])
            self._parquet = pq.ParquetWriter(self.tmp, schema)
        cols: list[Sequence[Any]] = list(zip(*rows, strict=True)) if rows else [[] for _ in self.columns]
        arrays = [
            pa.array([None if v is None or v == "" else float(v) for v in col], pa.float64())
            if c in self.numeric else pa.array([None if v is None else str(v) for v in col], pa.string())
            for c, col in zip(self.columns, cols, strict=True)
        ]
        self._parquet.write_table(pa.Table.from_arrays(arrays, schema=self._parquet.schema))

    def commit(self) -> None:
        """Close and move the finished file into place."""
        self._close()
        if self.fmt == "parquet" and self._parquet is None:
            self._write_parquet([])
            self._close()
        try:
            os.replace(self.tmp, self.path)
        except OSError as exc:
            raise RunError(f"{self.path}: cannot write ({exc.strerror or exc})") from None

    def abort(self) -> None:
        """Close and delete the temporary file (an interrupted run leaves nothing behind)."""
        self._close()
        self.tmp.unlink(missing_ok=True)

    def _close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        if self._parquet is not None:
            self._parquet.close()


# -- the classify run ---------------------------------------------------------------------------


@dataclass
class ClassifyStats:
    """Counts of a classify run (they add up: read = written; rejected rows were not readable)."""

    read: int = 0
    written: int = 0
    rejected: list[str] = field(default_factory=list)
    warnings: int = 0
    renamed: dict[str, str] = field(default_factory=dict)
    label_counts: dict[str, Counter[str]] = field(default_factory=dict)

    def summary(self, source: str, out: str) -> str:
        parts = [f"{source}: {self.read} rows read, {self.written} written to {out}"]
        if self.rejected:
            parts.append(f"{len(self.rejected)} unreadable row(s) skipped")
        parts.append(f"{self.warnings} row(s) with warnings")
        return ", ".join(parts)


def classify_table(
    path: str | os.PathLike[str],
    out: str | os.PathLike[str],
    spec: TableSpec,
    *,
    settings: Settings | None = None,
    input_format: str | None = None,
    output: str | None = None,
    only: Sequence[str] | None = None,
    chunk_size: int = CHUNK_ROWS,
    jobs: int | None = 1,
    engine: Engine | None = None,
) -> ClassifyStats:
    """Score every row of a table with every registered classifier; write the table with their columns.

    Args:
        path: the input table (CSV, TSV, JSONL, JSON array or Parquet; gzip accepted).
        out: the output file; its kind comes from ``output`` or its extension (CSV by default).
        spec: which columns hold the text, target, ids and parents.
        settings: run settings (packaged defaults when None).
        only: classifier names to run (all registered when None).
        chunk_size: rows per chunk.
        jobs: worker processes (1 = this process; None or 0: every core); the output is the
            same for any value.
        engine: where chunks are scored instead (e.g. ``Engine("dask")``); same output.

    Raises:
        InputError: the table cannot be read; ColumnError when a named column is missing.
        RunError: the output cannot be written, or a worker died.
    """
    settings = settings or load_settings()
    reader = TableReader(path, input_format)
    spec.check(reader)
    out_path = Path(out)
    if out_path.exists() and out_path.resolve() == reader.path.resolve():
        raise RunError(f"{out_path}: the output would overwrite the input")
    job = ChunkJob(settings=settings.data, only=tuple(only or ()))
    scorer = _scorer(job)
    ours = scorer.columns
    stats = ClassifyStats()
    in_cols = []
    for c in reader.columns:
        new = c
        while new in ours or (new != c and new in reader.columns):
            new = f"{new}_input"
        if new != c:
            stats.renamed[c] = new
        in_cols.append(new)
    numeric = {c for c in ours if c.endswith("_score") or c in ("formality", "toxicity")}
    fmt = output_format(out_path, output)
    writer = TableWriter(out_path, fmt, in_cols + ours, numeric)
    label_cols = [c for c in ours if c in scorer.names]
    stats.label_counts = {c: Counter() for c in label_cols}
    try:
        chunks = chunk_rows(reader, spec, chunk_size)
        # Rows stay in this process; only what scoring needs goes to the workers.
        pending: list[list[Row]] = []

        def feed() -> Iterator[list[ChunkRow]]:
            for rows, items in chunks:
                pending.append(rows)
                yield items

        for scored in map_chunks(_ScoreFn(job), feed(), jobs, engine=engine):
            rows = pending.pop(0)
            block = []
            for row, cols in zip(rows, scored, strict=True):
                if row.notes:
                    cols["warnings"] = "; ".join(filter(None, [*row.notes, cols.get("warnings", "")]))
                if cols.get("warnings"):
                    stats.warnings += 1
                for c in label_cols:
                    stats.label_counts[c][cols.get(c) or ""] += 1
                block.append(list(row.values) + [cols.get(c) for c in ours])
            writer.write(block)
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    stats.read = reader.stats.read
    stats.written = writer.written
    stats.rejected = list(reader.stats.rejected)
    return stats


class _ScoreFn:
    """``score_chunk`` bound to a job, picklable for worker processes."""

    def __init__(self, job: ChunkJob) -> None:
        self.job = job

    def __call__(self, items: list[ChunkRow]) -> list[Any]:
        return score_chunk(items, self.job)


def label_table(
    reader: TableReader,
    spec: TableSpec,
    job: ChunkJob,
    extra_columns: Sequence[str] = (),
    chunk_size: int = CHUNK_ROWS,
    jobs: int | None = 1,
    engine: Engine | None = None,
) -> Iterator[tuple[list[Any], dict[str, Label | None]]]:
    """Labels for every row, with the values of ``extra_columns`` (gold labels…) beside them."""
    idx = [reader.columns.index(c) for c in extra_columns]
    pending: list[list[Row]] = []

    def feed() -> Iterator[list[ChunkRow]]:
        for rows, items in chunk_rows(reader, spec, chunk_size):
            pending.append(rows)
            yield items

    unflat = ChunkJob(settings=job.settings, only=job.only, flatten=False)
    for labels in map_chunks(_ScoreFn(unflat), feed(), jobs, engine=engine):
        rows = pending.pop(0)
        for row, lab in zip(rows, labels, strict=True):
            yield [row.values[i] for i in idx], lab
