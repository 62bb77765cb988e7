"""Write a run's outputs as articles arrive: comments.csv and comments.parquet (appended per
article), one Markdown and one HTML report per article, and at the end articles.json and the
index pages.

Every file is written under a temporary name (``.part``) and renamed when complete, so an
interrupted run leaves no file that looks finished. Only small per-article rows stay in memory;
summaries go to a temporary JSON-lines file until articles.json is assembled.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import RunError
from ..summarize import ArticleSummary, CorpusRow, summarize_corpus
from . import html as html_report
from . import markdown as md_report
from .csvsafe import safe_cell
from .view import comment_views

PART = ".part"
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


class RunWriter:
    """The sinks of one ``discourse analyze`` run.

    Args:
        out_dir: the report folder.
        schema: Arrow schema of the comment rows.
        groups: classifier name → its label columns (for showing labels per comment).
        settings: the run's settings data (``[analyze]`` options are read from it).
    """

    def __init__(
        self, out_dir: Path, schema: pa.Schema, groups: list[tuple[str, list[str]]], settings: dict[str, Any]
    ) -> None:
        opts = settings.get("analyze", {})
        self.out = out_dir
        self.schema = schema
        self.groups = groups
        self.max_shown = int(opts.get("max_comments_shown", 500))
        self.write_parquet = bool(opts.get("parquet", True))
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
        try:
            self._csv_fh: IO[str] = self._open_part("comments.csv", newline="")
            self._jsonl: IO[str] = self._open_part("articles.jsonl")
        except OSError as exc:
            raise RunError(f"{out_dir}: cannot write there ({exc.strerror})") from None
        self._csv = csv.writer(self._csv_fh, lineterminator="\n")
        self._csv.writerow(schema.names)
        self._parquet: pq.ParquetWriter | None = None
        self._buffer: list[pa.Table] = []
        self._buffered = 0
        if self.write_parquet:
            path = self._part("comments.parquet")
            self._parquet = pq.ParquetWriter(path, schema, compression="zstd")

    # -- temporary files ------------------------------------------------------------------

    def _part(self, name: str) -> Path:
        path = self.out / (name + PART)
        self._tmp.append(path)
        return path

    def _open_part(self, name: str, newline: str | None = None) -> IO[str]:
        return self._part(name).open("w", encoding="utf-8", newline=newline)

    # -- per article ------------------------------------------------------------------------

    def add(
        self,
        summary: ArticleSummary,
        table: pa.Table,
        row: CorpusRow,
        rendered: RenderedArticle | None = None,
    ) -> None:
        """Write one article: its comment rows, its reports, its summary line.

        ``rendered``: the reports already rendered (by a worker process); rendered here if None.
        """
        self.articles += 1
        self.comments += table.num_rows
        self.articles_with_errors += bool(summary.errors)
        if table.num_rows:
            for values in zip(*(table.column(i).to_pylist() for i in range(table.num_columns)), strict=True):
                self._csv.writerow([_csv_value(v) for v in values])
            if self._parquet is not None:
                self._buffer.append(table)
                self._buffered += table.num_rows
                if self._buffered >= ROW_GROUP:
                    self._flush_parquet()
        rendered = rendered or render_article(summary, table, self.groups, self.max_shown)
        _write_text(self.out / f"{summary.slug}.md", rendered.markdown)
        _write_text(self.out / f"{summary.slug}.html", rendered.html)
        self.written += [f"{summary.slug}.md", f"{summary.slug}.html"]
        self._jsonl.write(rendered.summary_json + "\n")
        self.rows.append(row)

    def _flush_parquet(self) -> None:
        if self._parquet is not None and self._buffer:
            self._parquet.write_table(pa.concat_tables(self._buffer))
        self._buffer, self._buffered = [], 0

    # -- the end ------------------------------------------------------------------------------

    def finish(self, manifest: dict[str, Any]) -> list[str]:
        """Write articles.json and the index pages, rename every file into place; return the
        names of all files written (relative to the folder)."""
        corpus = summarize_corpus(
            self.rows,
            top=self.rank_top,
            min_comments=self.rank_min_comments,
            distinctive_words=self.distinctive_words,
        )
        self._csv_fh.close()
        self._jsonl.close()
        self._flush_parquet()
        if self._parquet is not None:
            self._parquet.close()
        outputs = (
            ["comments.csv"]
            + (["comments.parquet"] if self._parquet is not None else [])
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
        os.replace(self.out / ("articles.json" + PART), self.out / "articles.json")
        (self.out / ("articles.jsonl" + PART)).unlink(missing_ok=True)
        # Reports an earlier run wrote into this folder for articles that are gone now.
        for name in sorted(previous - set(outputs)):
            (self.out / name).unlink(missing_ok=True)
        return sorted(outputs)

    def _previous_outputs(self) -> set[str]:
        try:
            old = json.loads((self.out / "articles.json").read_text(encoding="utf-8"))
            names = old.get("manifest", {}).get("outputs", [])
        except (OSError, ValueError, AttributeError):
            return set()
        # Only plain file names inside the folder: never follow a path an old file suggests.
        return {n for n in names if isinstance(n, str) and n == Path(n).name and not n.startswith(".")}

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
        for fh in (getattr(self, "_csv_fh", None), getattr(self, "_jsonl", None)):
            if fh is not None and not fh.closed:
                fh.close()
        if self._parquet is not None:
            try:
                self._parquet.close()
            except Exception:  # noqa: BLE001 - already failing; cleaning up is what matters
                pass
        for path in self._tmp:
            path.unlink(missing_ok=True)


def _csv_value(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, float):
        return repr(round(v, 6))
    return safe_cell(v)
