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
from typer.core import TyperGroup

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


class EngineKind(str, Enum):
    local = "local"
    dask = "dask"


JobsOpt = Annotated[
    int,
    typer.Option(
        "--jobs", "-j", help="Worker processes; 0 = all cores. Results are identical for any value."
    ),
]
EngineOpt = Annotated[
    EngineKind,
    typer.Option(
        "--engine",
        help="Where work runs: local (this machine's cores) or dask (pip install 'discourse[dask]').",
    ),
]
SchedulerOpt = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        help="Dask scheduler address (tcp://host:8786) for --engine dask; without it a local cluster "
        "of --jobs workers is started.",
    ),
]


def _engine(kind: EngineKind, jobs: int, scheduler: str | None) -> Any:
    from .engine import Engine

    return Engine(kind.value, jobs, scheduler)


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
EvalJobsOpt = Annotated[
    int, typer.Option("--jobs", "-j", min=1, help="Worker processes (same output for any).")
]
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
    jobs: JobsOpt = 0,
    engine: EngineOpt = EngineKind.local,
    scheduler: SchedulerOpt = None,
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
        only=names, chunk_size=chunk_size, engine=_engine(engine, jobs, scheduler),
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
        for name, counts in stats.label_counts.items():
            if not counts:
                continue
            shown = ", ".join(f"{label or '(not applicable)'} {n}" for label, n in counts.most_common())
            typer.echo(f"discourse:   {name}: {shown}", err=True)


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
    jobs: EvalJobsOpt = 1,
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


# --------------------------------------------------------------------------------------------
# moderate: `discourse moderate PATH... --out X` (the default `queue`) and `moderate review FILE`


class _DefaultCommandGroup(TyperGroup):
    """A group that runs ``default_command`` when its first argument is not a subcommand name,
    so that ``discourse moderate seeds/ --out q.html`` and ``discourse moderate review F.csv``
    both work (``discourse moderate queue …`` too, e.g. for a folder called "review")."""

    default_command = "queue"

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


moderate_app = typer.Typer(
    cls=_DefaultCommandGroup, no_args_is_help=True, rich_markup_mode=None,
    help="Rank comments for moderators, and review their decisions.\n\n"
    "Example: discourse moderate seeds/ --out queue.html",
)
app.add_typer(moderate_app, name="moderate")


class ReviewFormat(str, Enum):
    text = "text"
    json = "json"


PathsArg = Annotated[list[Path], typer.Argument(help="Pages, tables or directories of them.")]
QueueOut = Annotated[
    Path | None,
    typer.Option("--out", "-o", help="queue.csv, queue.html or queue.json (default: a summary on stdout)."),
]
LikelyOpt = Annotated[
    float | None, typer.Option(min=0, max=1, help="Toxicity from which a comment is Likely ([moderation]).")
]
MaybeOpt = Annotated[
    float | None, typer.Option(min=0, max=1, help="Toxicity from which a comment is Maybe ([moderation]).")
]
HoldOpt = Annotated[
    str | None, typer.Option(help="Hold from this band (likely, maybe) or score (default: [moderate] hold).")
]
ReviewOpt = Annotated[
    str | None, typer.Option(help="Review from this band or score (default: [moderate] review).")
]
GapOpt = Annotated[
    float | None, typer.Option(min=0, max=1, help="A reply this much more toxic than its parent escalates.")
]
PileOnOpt = Annotated[
    int | None, typer.Option("--pile-on", min=2, help="Hostile replies to one comment or author: a pile-on.")
]


def _read(paths: list[Path], settings: Settings, input_format: InputFormat | None, recursive: bool,
          **columns: str | None) -> Any:
    from .parse import read_pages

    return read_pages(
        paths, input_format=input_format.value if input_format else None,
        table_options=_table_options(**columns), settings=settings, recursive=recursive,
    )


@moderate_app.command("queue")
@handle_errors
def moderate_queue(
    paths: PathsArg,
    out: QueueOut = None,
    likely: LikelyOpt = None,
    maybe: MaybeOpt = None,
    hold: HoldOpt = None,
    review: ReviewOpt = None,
    escalation_gap: GapOpt = None,
    pile_on: PileOnOpt = None,
    top: Annotated[int, typer.Option(min=0, help="Comments listed in the stdout summary.")] = 20,
    input_format: InputFormatOpt = None,
    recursive: RecursiveOpt = False,
    text_column: TextColOpt = None,
    author_column: AuthorColOpt = None,
    id_column: IdColOpt = None,
    parent_column: ParentColOpt = None,
    article_column: ArticleColOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Rank every comment by review priority, with its reasons and the thresholds in force.

    Example: discourse moderate seeds/ --out queue.html
    """
    from .moderate import build_queue
    from .report import moderation as render

    if out is not None:
        try:
            render.queue_format(out)
        except ValueError as exc:
            _fail(str(exc), 2)
    settings = _settings(config)
    pages = _read(paths, settings, input_format, recursive, text_column=text_column,
                  author_column=author_column, id_column=id_column, parent_column=parent_column,
                  article_column=article_column)
    queue = build_queue(pages, settings, likely=likely, maybe=maybe, hold=hold, review=review,
                        escalation_gap=escalation_gap, pile_on_replies=pile_on)
    if queue.pages == 0:
        _fail("no input files found", 1)
    if out is not None:
        render.write_queue(queue, out, int(settings.section("moderate").get("html_rows", 500)))
    typer.echo(render.render_queue_text(queue, top=top if out is None else 0), nl=False)
    if out is not None:
        typer.echo(f"queue written to {out}", err=True)
    if queue.pages_failed == queue.pages:
        raise typer.Exit(1)


@moderate_app.command("review")
@handle_errors
def moderate_review(
    filled: Annotated[Path, typer.Argument(help="A queue CSV whose decision column moderators filled.")],
    fmt: Annotated[ReviewFormat, typer.Option("--format", "-f", help="text or json.")] = ReviewFormat.text,
    config: ConfigOpt = None,
) -> None:
    """Compare moderators' decisions with the flags and suggest a hold threshold.

    Example: discourse moderate review queue-filled.csv --format json
    """
    from .moderate import review_decisions
    from .report import moderation as render

    settings = _settings(config)
    result = review_decisions(filled, int(settings.section("moderate").get("min_decisions", 20)))
    if fmt is ReviewFormat.json:
        typer.echo(render.render_review_json(result), nl=False)
    else:
        typer.echo(render.render_review_text(result), nl=False)


# --------------------------------------------------------------------------------------------
# exercise: `discourse exercise make PATH... --out DIR` and `discourse exercise grade KEY ANSWERS...`

exercise_app = typer.Typer(
    no_args_is_help=True, rich_markup_mode=None,
    help="Classroom worksheets from a discussion, and grading of students' labels.\n\n"
    "Example: discourse exercise make seeds/ --n 10 --out worksheet/",
)
app.add_typer(exercise_app, name="exercise")


class GradeFormat(str, Enum):
    md = "md"
    html = "html"
    json = "json"


SheetDirOpt = Annotated[
    Path, typer.Option("--out", "-o", help="Directory for the worksheet (teacher key in DIR/teacher/).")
]
CountOpt = Annotated[
    int | None, typer.Option("--n", min=1, help="Comments on the sheet (default: [exercise] n).")
]
LabelsOpt = Annotated[
    str | None, typer.Option(help="Label tasks, comma-separated: sentiment,register,stance… ([exercise]).")
]
SeedOpt = Annotated[int | None, typer.Option(help="Seed of the sample (default: [exercise] seed).")]
AnonOpt = Annotated[
    bool | None,
    typer.Option("--anonymise/--no-anonymise", help="Replace names with Reader A, B… (default: on)."),
]
GradeOut = Annotated[
    Path | None, typer.Option("--out", "-o", help="Write a .md, .html or .json file instead.")
]


@exercise_app.command("make")
@handle_errors
def exercise_make(
    paths: PathsArg,
    out: SheetDirOpt,
    n: CountOpt = None,
    labels: LabelsOpt = None,
    seed: SeedOpt = None,
    anonymise: AnonOpt = None,
    input_format: InputFormatOpt = None,
    recursive: RecursiveOpt = False,
    text_column: TextColOpt = None,
    author_column: AuthorColOpt = None,
    id_column: IdColOpt = None,
    parent_column: ParentColOpt = None,
    article_column: ArticleColOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Write a worksheet of sampled comments, an answer sheet and a teacher key.

    Example: discourse exercise make seeds/ --n 10 --labels sentiment,register,stance --out worksheet/
    """
    from .exercise import make_worksheet
    from .report import exercise as render

    settings = _settings(config)
    pages = _read(paths, settings, input_format, recursive, text_column=text_column,
                  author_column=author_column, id_column=id_column, parent_column=parent_column,
                  article_column=article_column)
    tasks = labels.split(",") if labels is not None else None
    ws = make_worksheet(pages, tasks=tasks, n=n, seed=seed, anonymise=anonymise, settings=settings)
    for note in ws.notes:
        typer.echo(f"discourse: {note}", err=True)
    written = render.write_worksheet(ws, out)
    tasks_done = ", ".join(t.name for t in ws.tasks)
    typer.echo(f"worksheet {ws.worksheet_id}: {len(ws.items)} comments, tasks {tasks_done}")
    for path in written:
        typer.echo(f"  {path}")


@exercise_app.command("grade")
@handle_errors
def exercise_grade(
    key: Annotated[Path, typer.Argument(help="The teacher key (teacher/key.json or key.csv).")],
    answers: Annotated[list[Path], typer.Argument(help="Students' answer sheets (CSV).")],
    fmt: Annotated[GradeFormat, typer.Option("--format", "-f", help="md, html or json.")] = GradeFormat.md,
    out: GradeOut = None,
    config: ConfigOpt = None,
) -> None:
    """Grade answer sheets against the key and each other (Cohen's κ, Fleiss' κ, Krippendorff's α).

    Example: discourse exercise grade worksheet/teacher/key.json answers/*.csv --out results.html
    """
    from .exercise import grade, read_key
    from .report import exercise as render

    kind = fmt.value
    if out is not None:
        try:
            kind = render.grade_format(out)
        except ValueError as exc:
            _fail(str(exc), 2)
    settings = _settings(config)
    result = grade(read_key(key), answers, int(settings.section("exercise").get("hardest", 5)))
    for problem in result.problems:
        typer.echo(f"discourse: {problem}", err=True)
    text = render.render_grade(result, kind)
    if out is None:
        typer.echo(text, nl=False)
    else:
        from .report.atomic import write_text_atomic

        write_text_atomic(out, text)
        typer.echo(f"{len(result.students)} student(s) graded; report written to {out}", err=True)
    if not result.students:
        raise typer.Exit(1)


@app.command()
@handle_errors
def analyze(
    paths: Annotated[list[Path], typer.Argument(help="Pages, tables or directories of them.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the reports (created if missing).")],
    jobs: JobsOpt = 0,
    engine: EngineOpt = EngineKind.local,
    scheduler: SchedulerOpt = None,
    parquet: Annotated[
        bool, typer.Option("--parquet/--no-parquet", help="Also write comments.parquet.")
    ] = True,
    write_csv: Annotated[
        bool, typer.Option("--csv/--no-csv", help="Also write comments.csv.")
    ] = True,
    partition_by_article: Annotated[
        bool,
        typer.Option(
            "--partition-by-article",
            help="Write comments as a Parquet dataset with one folder per article (comments/).",
        ),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar, errors only.")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Log each article and internal details.")
    ] = False,
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
    """Analyse every article's discussion and write reports: comments.csv/.parquet (one row per
    comment, with labels, themes and evidence), articles.json (summaries and the run manifest),
    a Markdown and an HTML report per article, and index.md/index.html for the corpus.

    Example: discourse analyze seeds/ --out reports
    """
    from .analyze import REJECTED, analyze_paths

    _setup_logging(verbose, quiet)
    settings = _settings(config).with_overrides(
        {"analyze": {"parquet": parquet, "csv": write_csv,
                     "partition_by_article": partition_by_article or None}}
    )
    options = _table_options(
        text_column=text_column, author_column=author_column, time_column=time_column,
        id_column=id_column, parent_column=parent_column, article_column=article_column,
        article_text_column=article_text_column, article_file=article_file,
    )
    log = logging.getLogger("discourse")
    problems: list[str] = []

    def note(summary: Any) -> None:
        for err in summary.errors:
            problems.append(err)
            log.error("%s", err)
        for warning in summary.warnings:
            if warning.startswith(REJECTED):
                log.warning("%s", warning)
        log.info("%s: %d comments", summary.source, summary.comments)

    with _progress(quiet) as advance:
        def on_article(summary: Any) -> None:
            note(summary)
            advance(summary.comments)

        result = analyze_paths(
            paths, out, settings=settings, engine=_engine(engine, jobs, scheduler),
            input_format=input_format.value if input_format else None,
            table_options=options, recursive=recursive, on_article=on_article,
        )
    if result.articles == 0:
        _fail("no input files found", 1)
    if not quiet:
        typer.echo(
            f"discourse: {result.articles} articles, {result.comments} comments → {result.out_dir}/"
            f" ({result.articles_with_errors} with errors)", err=True,
        )
    log.info("CPU seconds per stage (all processes): %s",
             ", ".join(f"{k} {v:.1f}" for k, v in result.seconds.items()))
    if result.articles_with_errors == result.articles and result.comments == 0:
        raise typer.Exit(1)


class _progress:
    """A rich progress bar on stderr when it is a terminal and not --quiet; otherwise nothing."""

    def __init__(self, quiet: bool) -> None:
        self.enabled = not quiet and sys.stderr.isatty()
        self.bar: Any = None

    def __enter__(self) -> Callable[[int], None]:
        if not self.enabled:
            return lambda n: None
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(
            TextColumn("analysing"), BarColumn(bar_width=None),
            TextColumn("{task.fields[articles]} articles"), TextColumn("{task.completed} comments"),
            TimeElapsedColumn(),
            console=Console(stderr=True), transient=True,
        )
        self.bar.__enter__()
        task = self.bar.add_task("analyze", total=None, articles=0)
        count = {"articles": 0}

        def advance(comments: int) -> None:
            count["articles"] += 1
            self.bar.update(task, advance=comments, articles=count["articles"])

        return advance

    def __exit__(self, *exc: Any) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
