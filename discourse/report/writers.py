"""Write a run's outputs as articles arrive: comments.csv and comments.parquet (appended per
article; or, partitioned by article, a ``comments/`` Parquet dataset with one folder per
article), one Markdown and one HTML report per article, and at the end articles.json and the
index pages.

Every file and folder is written under a temporary name (``.part``) and renamed when complete,
so an interrupted run leaves nothing that looks finished. Only small per-article rows stay in
memory; summaries go to a temporary JSON-lines file until articles.json is assembled. Comment
rows arrive already encoded (:func:`encode_csv`, run where the article was analysed), so that
writing them costs this process almost nothing.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import RunError
from ..summarize import ArticleSummary, CorpusRow, summarize_corpus
from . import html as html_report
from . import markdown as md_report
from .csvsafe import FORMULA_PREFIXES
from .view import comment_views

PART = ".part"
#: The partitioned comments dataset (``--partition-by-article``): one folder per article.
DATASET = "comments"
#: Rows per Parquet row group: small articles are gathered so that the file is not split into
#: thousands of tiny groups (slow to read), large ones are written as they come.
ROW_GROUP = 64_000


@dataclass(frozen=True)
class RenderedArticle:
    """One article's report files as text, ready to write."""

    markdown: str
    html: str
    summary_json: str


def render_article(
    summary: ArticleSummary, table: pa.Table, groups: list[tuple[str, list[str]]], max_shown: int
) -> RenderedArticle:
    """Render one article's Markdown and HTML reports and its articles.json entry.

    Pure and picklable in and out, so that worker processes can do it beside the analysis.
    """
    positions = shown_positions(summary, table.num_rows, max_shown)
    rows = table.take(positions).to_pylist() if positions else []
    views = comment_views(rows, groups, positions)
    shown = len(positions)
    return RenderedArticle(
        md_report.render_article(summary, views, shown),
        html_report.render_article(summary, views, shown),
        json.dumps(summary.to_dict(), ensure_ascii=False),
    )


def shown_positions(summary: ArticleSummary, n: int, max_shown: int) -> list[int]:
    """Which comments a report lists: the first ``max_shown``, plus every comment the summary
    points to (notable, theme exemplars, read-first, the longest exchange), so that no link in
    the report leads nowhere."""
    keep = set(range(min(max_shown, n)))
    refs = list(summary.notable.values()) + list(summary.threads.longest)
    refs += [e for t in summary.themes for e in t.exemplars]
    if summary.moderation is not None:
        refs += list(summary.moderation.read_first)
    keep.update(r.position for r in refs if 0 <= r.position < n)
    return sorted(keep)


def _write_text(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + PART)
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def encode_csv(table: pa.Table, header: bool = False) -> bytes:
    """Comment rows as CSV (UTF-8, ``\\n`` line ends), column by column: empty for null,
    floats rounded to 6 places, text that a spreadsheet would run as a formula neutralised
    (see :mod:`discourse.report.csvsafe`)."""
    columns: list[list[Any]] = []
    for col in table.itercolumns():
        values = col.to_pylist()
        if pa.types.is_floating(col.type):
            cache: dict[float, str] = {}
            out = []
            for v in values:
                if v is None:
                    out.append("")
                    continue
                text = cache.get(v) if v else None  # 0.0 == -0.0 as keys; their texts differ
                if text is None:
                    text = cache[v] = repr(round(v, 6))
                out.append(text)
            values = out
        elif pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
            values = [
                "" if v is None else ("'" + v if v.startswith(FORMULA_PREFIXES) else v) for v in values
            ]
        elif col.null_count:
            values = ["" if v is None else v for v in values]
        columns.append(values)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    if header:
        writer.writerow(table.schema.names)
    writer.writerows(zip(*columns, strict=True))
    return buf.getvalue().encode("utf-8")


#: Rows encoded at a time when a large table is written as CSV (bounds the Python objects).
CSV_SLICE = 10_000


def write_csv_rows(table: pa.Table, fh: IO[bytes]) -> None:
    """:func:`encode_csv` for a table of any size, a slice at a time."""
    for start in range(0, table.num_rows, CSV_SLICE):
        fh.write(encode_csv(table.slice(start, CSV_SLICE)))


class GroupedParquet:
    """A Parquet file written in row groups of exactly ``size`` rows (the last may be shorter),
    whatever pieces the rows arrive in: the file does not depend on how rows were cut on the
    way (one table per article, or the batches of a large article read back from a file)."""

    def __init__(self, path: Path, schema: pa.Schema, size: int = 0) -> None:
        self.size = size or ROW_GROUP
        self.writer = pq.ParquetWriter(path, schema, compression="zstd")
        self._buf: list[pa.Table] = []
        self._rows = 0

    def add(self, table: pa.Table) -> None:
        self._buf.append(table)
        self._rows += table.num_rows
        while self._rows >= self.size:
            joined = pa.concat_tables(self._buf)
            self.writer.write_table(joined.slice(0, self.size), row_group_size=self.size)
            rest = joined.slice(self.size)
            self._buf, self._rows = [rest], rest.num_rows

    def close(self) -> None:
        if self._rows:
            self.writer.write_table(pa.concat_tables(self._buf), row_group_size=self.size)
        self._buf, self._rows = [], 0
        self.writer.close()


class RunWriter:
    """The sinks of one ``discourse analyze`` run.

    Args:
        out_dir: the report folder.
        schema: Arrow schema of the comment rows.
        groups: classifier name → its label columns (for showing labels per comment).
        settings: the run's settings data (``[analyze]`` options are read from it: ``csv``,
            ``parquet``, ``partition_by_article``, ``max_comments_shown``…).
    """

    def __init__(
        self, out_dir: Path, schema: pa.Schema, groups: list[tuple[str, list[str]]], settings: dict[str, Any]
    ) -> None:
        opts = settings.get("analyze", {})
        self.out = out_dir
        self.schema = schema
        self.groups = groups
        self.max_shown = int(opts.get("max_comments_shown", 500))
        self.write_csv = bool(opts.get("csv", True))
        self.partitioned = bool(opts.get("partition_by_article", False))
        self.write_parquet = bool(opts.get("parquet", True)) and not self.partitioned
        self.rank_top = int(opts.get("rank_top", 5))
        self.rank_min_comments = int(opts.get("rank_min_comments", 3))
        self.distinctive_words = int(opts.get("distinctive_words", 8))
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RunError(f"{out_dir}: cannot create the output folder ({exc.strerror})") from None
        self.rows: list[CorpusRow] = []
        self.articles = self.comments = self.articles_with_errors = 0
        self.written: list[str] = []
        self._tmp: list[Path] = []
        self._csv_fh: IO[bytes] | None = None
        self._dataset: Path | None = None
        try:
            if self.write_csv:
                self._csv_fh = self._part("comments.csv").open("wb")
                self._csv_fh.write(encode_csv(schema.empty_table(), header=True))
            self._jsonl: IO[str] = self._part("articles.jsonl").open("w", encoding="utf-8")
            if self.partitioned:
                self._dataset = self._part(DATASET)
                shutil.rmtree(self._dataset, ignore_errors=True)
                self._dataset.mkdir()
        except OSError as exc:
            raise RunError(f"{out_dir}: cannot write there ({exc.strerror})") from None
        self._parquet: GroupedParquet | None = None
        if self.write_parquet:
            self._parquet = GroupedParquet(self._part("comments.parquet"), schema)
        self.scratch = self._part("scratch")
        self.scratch.mkdir(exist_ok=True)

    # -- temporary files ------------------------------------------------------------------

    def _part(self, name: str) -> Path:
        path = self.out / (name + PART)
        self._tmp.append(path)
        return path

    # -- per article ------------------------------------------------------------------------

    def add(
        self,
        summary: ArticleSummary,
        row: CorpusRow,
        rendered: RenderedArticle | None = None,
        *,
        table: pa.Table | None = None,
        csv_rows: bytes | None = None,
        comments: int | None = None,
        table_path: str | None = None,
        csv_path: str | None = None,
    ) -> None:
        """Write one article: its comment rows, its reports, its summary line.

        Args:
            summary, row: the article's summary and its corpus row.
            rendered: its reports, already rendered (by a worker); rendered here if None.
            table: its comment rows (needed for Parquet, and to render or encode here).
            csv_rows: its rows already encoded by :func:`encode_csv`; encoded here if None.
            comments: its number of comments (default: the table's rows).
            table_path, csv_path: for a large article, its rows in an Arrow stream file and as
                CSV in files (in :attr:`scratch`), instead of ``table`` and ``csv_rows``; the
                files are removed once copied.
        """
        n = comments if comments is not None else (table.num_rows if table is not None else 0)
        self.articles += 1
        self.comments += n
        self.articles_with_errors += bool(summary.errors)
        if self._csv_fh is not None and n:
            if csv_path is not None:
                with open(csv_path, "rb") as part:
                    shutil.copyfileobj(part, self._csv_fh, 1 << 20)
            elif csv_rows is not None:
                self._csv_fh.write(csv_rows)
            else:
                assert table is not None, "rows are needed to write comments.csv"
                write_csv_rows(table, self._csv_fh)
        if n and (self._parquet is not None or self._dataset is not None):
            self._add_rows(summary.slug, table, table_path)
        if rendered is None:
            assert table is not None, "rows are needed to render the reports"
            rendered = render_article(summary, table, self.groups, self.max_shown)
        _write_text(self.out / f"{summary.slug}.md", rendered.markdown)
        _write_text(self.out / f"{summary.slug}.html", rendered.html)
        self.written += [f"{summary.slug}.md", f"{summary.slug}.html"]
        self._jsonl.write(rendered.summary_json + "\n")
        self.rows.append(row)
        for path in (table_path, csv_path):
            if path is not None:
                Path(path).unlink(missing_ok=True)

    def _add_rows(self, slug: str, table: pa.Table | None, table_path: str | None) -> None:
        pieces: Iterator[pa.Table]
        if table_path is not None:
            reader = pa.ipc.open_stream(pa.OSFile(table_path, "rb"))
            pieces = (pa.Table.from_batches([b]) for b in reader)
        else:
            assert table is not None, "rows are needed to write Parquet"
            pieces = iter([table])
        sink = None
        if self._dataset is not None:
            folder = self._dataset / f"article={slug}"
            folder.mkdir(exist_ok=True)
            sink = GroupedParquet(folder / "part-0.parquet", self.schema)
        try:
            for piece in pieces:
                if self._parquet is not None:
                    self._parquet.add(piece)
                if sink is not None:
                    sink.add(piece)
        finally:
            if sink is not None:
                sink.close()

    # -- the end ------------------------------------------------------------------------------

    def finish(self, manifest: dict[str, Any]) -> list[str]:
        """Write articles.json and the index pages, rename every file into place; return the
        names of all files written (relative to the folder; the dataset as ``comments/``)."""
        corpus = summarize_corpus(
            self.rows,
            top=self.rank_top,
            min_comments=self.rank_min_comments,
            distinctive_words=self.distinctive_words,
        )
        if self._csv_fh is not None:
            self._csv_fh.close()
        self._jsonl.close()
        if self._parquet is not None:
            self._parquet.close()
        shutil.rmtree(self.scratch, ignore_errors=True)
        outputs = (
            (["comments.csv"] if self._csv_fh is not None else [])
            + (["comments.parquet"] if self._parquet is not None else [])
            + ([f"{DATASET}/"] if self._dataset is not None else [])
            + ["articles.json", "index.md", "index.html"]
        )
        outputs += self.written
        manifest = dict(manifest)
        manifest["counts"] = {
            "articles": self.articles,
            "comments": self.comments,
            "articles_with_errors": self.articles_with_errors,
            "articles_without_comments": corpus.articles_without_comments,
            "replies": corpus.replies,
        }
        manifest["outputs"] = sorted(outputs)
        self._write_articles_json(manifest, corpus.to_dict())
        _write_text(self.out / "index.md", md_report.render_index(corpus, self.rows, manifest))
        _write_text(self.out / "index.html", html_report.render_index(corpus, self.rows, manifest))
        previous = self._previous_outputs()
        for name in ("comments.csv", "comments.parquet"):
            part = self.out / (name + PART)
            if part.exists():
                os.replace(part, self.out / name)
        if self._dataset is not None:
            _replace_dir(self._dataset, self.out / DATASET)
        os.replace(self.out / ("articles.json" + PART), self.out / "articles.json")
        (self.out / ("articles.jsonl" + PART)).unlink(missing_ok=True)
        # Outputs an earlier run wrote into this folder that this run did not write.
        for name in sorted(previous - set(outputs)):
            if name == f"{DATASET}/":
                shutil.rmtree(self.out / DATASET, ignore_errors=True)
            else:
                (self.out / name).unlink(missing_ok=True)
        return sorted(outputs)

    def _previous_outputs(self) -> set[str]:
        try:
            old = json.loads((self.out / "articles.json").read_text(encoding="utf-8"))
            names = old.get("manifest", {}).get("outputs", [])
        except (OSError, ValueError, AttributeError):
            return set()
        # Only plain file names inside the folder: never follow a path an old file suggests.
        return {
            n
            for n in names
            if isinstance(n, str)
            and (n == Path(n).name or n == f"{DATASET}/")
            and not n.startswith(".")
        }

    def _write_articles_json(self, manifest: dict[str, Any], corpus: dict[str, Any]) -> None:
        path = self._part("articles.json")
        with (
            path.open("w", encoding="utf-8") as out,
            (self.out / ("articles.jsonl" + PART)).open(encoding="utf-8") as lines,
        ):
            out.write('{\n"manifest": ')
            out.write(json.dumps(manifest, ensure_ascii=False, indent=1))
            out.write(',\n"corpus": ')
            out.write(json.dumps(corpus, ensure_ascii=False, indent=1))
            out.write(',\n"articles": [')
            first = True
            for line in lines:
                out.write("\n" if first else ",\n")
                out.write(json.dumps(json.loads(line), ensure_ascii=False, indent=1))
                first = False
            out.write("\n]\n}\n")

    def abort(self) -> None:
        """Remove every temporary file (the run did not finish)."""
        for fh in (self._csv_fh, getattr(self, "_jsonl", None)):
            if fh is not None and not fh.closed:
                fh.close()
        if self._parquet is not None:
            try:
                self._parquet.writer.close()
            except Exception:  # noqa: BLE001 - already failing; cleaning up is what matters
                pass
        for path in self._tmp:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


def _replace_dir(new: Path, final: Path) -> None:
    """Move a finished folder into place; the folder an earlier run left there is removed
    only once the new one is in place (a folder cannot be renamed over another)."""
    old = final.with_name(final.name + ".old" + PART)
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        os.replace(final, old)
    os.replace(new, final)
    shutil.rmtree(old, ignore_errors=True)
