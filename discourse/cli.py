"""The ``discourse`` command: a thin typer layer over the library.

Each command turns options into library calls and library errors into one line on stderr and
an exit code: 0 success, 1 nothing could be done (e.g. no page could be read), 2 bad usage or
input (a missing column, an invalid settings file), 130 interrupted.
"""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from .config import Settings, load_settings
from .errors import DiscourseError
from .parse import TableOptions

app = typer.Typer(
    name="discourse",
    help="Turn news pages into an analysis of their reader discussion.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

F = TypeVar("F", bound=Callable[..., Any])


def _fail(message: str, code: int) -> None:
    typer.echo(f"discourse: {message}", err=True)
    raise typer.Exit(code)


def handle_errors(func: F) -> F:
    """Turn library errors into one clear line on stderr and an exit code; no traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except typer.Exit:
            raise
        except DiscourseError as exc:
            _fail(f"error: {exc}", 2)
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except BrokenPipeError:
            sys.stderr.close()  # output piped into `head` and closed: not an error
            raise typer.Exit(0) from None
        except Exception as exc:  # noqa: BLE001 - the user gets a line, not a traceback
            logging.getLogger("discourse").debug("internal error", exc_info=True)
            _fail(f"internal error: {type(exc).__name__}: {exc} (run with --verbose for details)", 1)

    return wrapper  # type: ignore[return-value]


def _settings(config: Path | None) -> Settings:
    return load_settings(config)


def _setup_logging(verbose: bool, quiet: bool) -> None:
    level = logging.DEBUG if verbose else logging.ERROR if quiet else logging.WARNING
    logging.basicConfig(level=level, format="discourse: %(levelname)s: %(message)s", stream=sys.stderr)


class ParseFormat(str, Enum):
    json = "json"
    text = "text"
    csv = "csv"


class InputFormat(str, Enum):
    dump = "dump"
    html = "html"
    csv = "csv"
    tsv = "tsv"
    jsonl = "jsonl"
    json = "json"
    parquet = "parquet"


ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", help="Settings file (TOML) laid over the packaged defaults."),
]
InputFormatOpt = Annotated[
    InputFormat | None,
    typer.Option("--input-format", help="Read every input as this kind instead of guessing."),
]
RecursiveOpt = Annotated[
    bool, typer.Option("--recursive", "-r", help="Descend into subdirectories of directory inputs.")
]
TextColOpt = Annotated[str | None, typer.Option("--text-column", help="Table column with the comment text.")]
AuthorColOpt = Annotated[str | None, typer.Option("--author-column", help="Table column with the author.")]
TimeColOpt = Annotated[str | None, typer.Option("--time-column", help="Table column with the time posted.")]
IdColOpt = Annotated[str | None, typer.Option("--id-column", help="Table column with the comment id.")]
ParentColOpt = Annotated[
    str | None, typer.Option("--parent-column", help="Table column with the id of the comment replied to.")
]
ArticleColOpt = Annotated[
    str | None, typer.Option("--article-column", help="Table column that says which article a row belongs to.")
]
ArticleTextColOpt = Annotated[
    str | None, typer.Option("--article-text-column", help="Table column with the article's text.")
]
ArticleFileOpt = Annotated[
    Path | None, typer.Option("--article", help="A file with the article text, for tables of one article.")
]


def _version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"discourse {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Turn news pages into an analysis of their reader discussion."""


def _table_options(**kw: Any) -> TableOptions:
    if kw.get("article_file") is not None:
        kw["article_file"] = str(kw["article_file"])
    return TableOptions(**kw)


@app.command()
@handle_errors
def parse(
    paths: Annotated[list[Path], typer.Argument(help="Pages, tables or directories of them.")],
    fmt: Annotated[ParseFormat, typer.Option("--format", "-f", help="json, text or csv.")] = ParseFormat.json,
    input_format: InputFormatOpt = None,
    recursive: RecursiveOpt = False,
    text_column: TextColOpt = None,
    author_column: AuthorColOpt = None,
    time_column: TimeColOpt = None,
    id_column: IdColOpt = None,
    parent_column: ParentColOpt = None,
    article_column: ArticleColOpt = None,
    article_text_column: ArticleTextColOpt = None,
    article_file: ArticleFileOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Split pages into article and reader comments and print them.

    Example: discourse parse seeds/ --format text
    """
    from .parse import read_pages
    from .report import pages as render

    settings = _settings(config)
    options = _table_options(
        text_column=text_column, author_column=author_column, time_column=time_column,
        id_column=id_column, parent_column=parent_column, article_column=article_column,
        article_text_column=article_text_column, article_file=article_file,
    )
    pages = read_pages(
        paths, input_format=input_format.value if input_format else None,
        table_options=options, settings=settings, recursive=recursive,
    )
    writer = {"json": render.write_json, "text": render.write_text, "csv": render.write_csv}[fmt.value]
    read = failed = 0
    for page in writer(pages, sys.stdout):
        read += 1
        if not page.ok:
            failed += 1
            for err in page.errors:
                typer.echo(f"discourse: {err}", err=True)
    sys.stdout.flush()
    if read == 0:
        _fail("no input files found", 1)
    if failed == read:
        raise typer.Exit(1)


# -- classify and evaluate -------------------------------------------------------------------

TableFormatOpt = Annotated[
    str | None,
    typer.Option("--input-format", help="Table kind: csv, tsv, jsonl, json or parquet (default: guess)."),
]
TargetColOpt = Annotated[
    str | None,
    typer.Option("--target-column", help="Column with the text stance is judged against (article or post)."),
]
JobsOpt = Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes (same output for any).")]
ChunkOpt = Annotated[int, typer.Option("--chunk-size", min=1, help="Rows scored per chunk.")]

#: Column names tried, in order, when --text-column is not given.
TEXT_COLUMNS = ("text", "comment", "comment_text", "body", "message", "content")


def _text_column(path: Path, given: str | None, input_format: str | None) -> str:
    if given:
        return given
    from .classify.table import TableReader
    from .errors import ColumnError

    reader = TableReader(path, input_format)
    lower = {c.lower(): c for c in reader.columns}
    for name in TEXT_COLUMNS:
        if name in lower:
            return lower[name]
    raise ColumnError(str(path), "no text column found; name it with --text-column", reader.columns)


@app.command()
@handle_errors
def classify(
    table: Annotated[Path, typer.Argument(help="Comment table: CSV, TSV, JSONL, JSON, Parquet (.gz too).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output table (.csv, .tsv, .jsonl or .parquet).")],
    text_column: Annotated[
        str | None, typer.Option("--text-column", help="Column with the comment text (default: text, comment…).")
    ] = None,
    target_column: TargetColOpt = None,
    article_file: Annotated[
        Path | None, typer.Option("--article", help="A file with the article text (a table of one article).")
    ] = None,
    id_column: IdColOpt = None,
    parent_column: ParentColOpt = None,
    author_column: AuthorColOpt = None,
    only: Annotated[
        str | None, typer.Option("--only", help="Comma-separated classifiers to run (default: all).")
    ] = None,
    input_format: TableFormatOpt = None,
    output_format: Annotated[
        str | None, typer.Option("--output-format", help="csv, tsv, jsonl or parquet (default: from --out).")
    ] = None,
    jobs: JobsOpt = 1,
    chunk_size: ChunkOpt = 2000,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary line on stderr.")] = False,
    config: ConfigOpt = None,
) -> None:
    """Score every comment of a table with every classifier; write the table with their columns.

    Keeps every input column and adds sentiment, sentiment_score, register, formality, stance,
    toxicity, flags (and the other classifiers' columns), each classifier's evidence, all cues as
    JSON and the row's warnings. Streams the table chunk by chunk; prints a summary on stderr.

    Example: discourse classify comments.csv --text-column text --target-column article --out scored.csv
    """
    from .classify.table import TableSpec, classify_table

    settings = _settings(config)
    article = None
    if article_file is not None:
        try:
            article = article_file.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            _fail(f"error: {article_file}: cannot be read ({exc.strerror or exc})", 2)
    spec = TableSpec(
        text_column=_text_column(table, text_column, input_format), target_column=target_column,
        article_text=article, id_column=id_column, parent_column=parent_column, author_column=author_column,
    )
    names = [n.strip() for n in only.split(",") if n.strip()] if only else None
    stats = classify_table(
        table, out, spec, settings=settings, input_format=input_format, output=output_format,
        only=names, chunk_size=chunk_size, jobs=jobs,
    )
    if not quiet:
        for old, new in stats.renamed.items():
            typer.echo(f"discourse: input column {old!r} written as {new!r} (an output column has its name)",
                       err=True)
        for problem in stats.rejected[:20]:
            typer.echo(f"discourse: skipped {problem}", err=True)
        if len(stats.rejected) > 20:
            typer.echo(f"discourse: … and {len(stats.rejected) - 20} more unreadable rows", err=True)
        typer.echo(f"discourse: {stats.summary(str(table), str(out))}", err=True)


class EvalFormat(str, Enum):
    text = "text"
    json = "json"


@app.command()
@handle_errors
def evaluate(
    table: Annotated[Path, typer.Argument(help="A table of texts with human labels.")],
    task: Annotated[str, typer.Option("--task", help="sentiment, register, stance, reply_stance, toxicity.")],
    label_column: Annotated[str, typer.Option("--label-column", help="Column with the human labels.")],
    score_column: Annotated[
        str | None, typer.Option("--score-column", help="Column with human scores (Spearman's rho).")
    ] = None,
    text_column: Annotated[str, typer.Option("--text-column", help="Column with the texts.")] = "text",
    target_column: TargetColOpt = None,
    id_column: IdColOpt = None,
    parent_column: ParentColOpt = None,
    positive_labels: Annotated[
        str | None,
        typer.Option("--positive-labels", help="Toxicity: comma-separated gold labels that count as toxic "
                                               "(default: all but not_toxic, neither, 0, false…)."),
    ] = None,
    fmt: Annotated[EvalFormat, typer.Option("--format", "-f", help="text or json.")] = EvalFormat.text,
    input_format: TableFormatOpt = None,
    jobs: JobsOpt = 1,
    config: ConfigOpt = None,
) -> None:
    """Measure a classifier on labelled data, beside plain VADER (sentiment) and a majority baseline.

    Prints accuracy, macro-F1, per-class precision/recall and the confusion matrix; Spearman's rho
    against --score-column; ROC AUC for toxicity.

    Example: discourse evaluate tweets.csv --task sentiment --label-column label --score-column score
    """
    import json

    from .evaluate import evaluate_table, render_text

    ev = evaluate_table(
        table, task, label_column, text_column=text_column, score_column=score_column,
        target_column=target_column, id_column=id_column, parent_column=parent_column,
        positive_labels=[x for x in positive_labels.split(",") if x.strip()] if positive_labels else None,
        settings=_settings(config), input_format=input_format, jobs=jobs,
    )
    if fmt is EvalFormat.json:
        typer.echo(json.dumps(ev.to_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(render_text(ev), nl=False)
    if ev.rows == 0:
        _fail(f"no labelled rows in {table} (column {label_column!r} is empty)", 1)


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
