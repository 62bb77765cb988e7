"""Turn inputs (page dumps, HTML pages, comment tables) into :class:`~discourse.model.Page`.

``read_pages`` is the one entry point: it expands directories, guesses each file's kind from
its content, dispatches to the reader for that kind and never lets one bad file stop the
batch: a file that cannot be read becomes a Page whose ``errors`` say why.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import Settings, load_settings
from ..errors import DiscourseError, InputError
from ..model import Page
from .detect import KINDS, TABLE_KINDS, guess_kind
from .source import declared_charset, decode, read_bytes, read_head

__all__ = ["KINDS", "TableOptions", "expand_paths", "parse_file", "parse_text", "read_pages"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TableOptions:
    """Explicit column names for comment tables; None means "detect it"."""

    text_column: str | None = None
    author_column: str | None = None
    time_column: str | None = None
    id_column: str | None = None
    parent_column: str | None = None
    article_column: str | None = None
    article_text_column: str | None = None
    title_column: str | None = None
    article_file: str | None = None


def expand_paths(paths: Iterable[str | os.PathLike[str]], recursive: bool = False) -> list[str]:
    """Expand directories into their files, sorted; keep files (and missing paths) as given.

    Hidden files (``.name``) inside directories are skipped. Missing paths are kept so that
    the reader reports them.
    """
    out: list[str] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            pattern = "**/*" if recursive else "*"
            files = sorted(
                q for q in p.glob(pattern)
                if q.is_file() and not any(part.startswith(".") for part in q.relative_to(p).parts)
            )
            out.extend(str(q) for q in files)
        else:
            out.append(str(raw))
    return out


def read_pages(
    paths: Iterable[str | os.PathLike[str]],
    *,
    input_format: str | None = None,
    table_options: TableOptions | None = None,
    settings: Settings | None = None,
    recursive: bool = False,
) -> Iterator[Page]:
    """Read every path (directories expanded) and yield one Page per article, in order.

    A page dump or HTML file yields one Page; a table yields one Page per article it holds.
    Nothing raises for a bad file: its Page carries the error.
    """
    settings = settings or load_settings()
    for path in expand_paths(paths, recursive=recursive):
        yield from parse_file(
            path, input_format=input_format, table_options=table_options, settings=settings
        )


def parse_file(
    path: str | os.PathLike[str],
    *,
    input_format: str | None = None,
    table_options: TableOptions | None = None,
    settings: Settings | None = None,
    source: str | None = None,
) -> Iterator[Page]:
    """Read one file; yield its Page(s). Errors become Pages with ``errors``, never exceptions.

    ``source``: the name pages and messages give the file (default: the path as given), e.g.
    the original path of a copy that a worker on another machine received.
    """
    settings = settings or load_settings()
    source = source or str(path)
    opts = settings.section("parse")
    try:
        p = Path(path)
        if input_format is not None and input_format not in KINDS:
            raise InputError(source, f"unknown input format {input_format!r} (known: {', '.join(KINDS)})")
        kind = input_format or guess_kind(read_head(p), p.name)
        if kind in TABLE_KINDS:
            from .tables import read_table

            yield from read_table(p, kind, source, table_options or TableOptions(), settings)
            return
        data = read_bytes(p, int(opts.get("max_page_mb", 60) * 2**20))
        decoded = decode(data, source, declared=declared_charset(data) if kind == "html" else None)
        page = parse_text(decoded.text, source, kind=kind, settings=settings)
        if decoded.notes:
            page = _with_warnings(page, decoded.notes)
        yield page
    except DiscourseError as exc:
        yield Page(source=source, errors=(str(exc),), kind="unknown")
    except Exception as exc:  # noqa: BLE001 - one broken page must not stop the batch
        log.exception("internal error while reading %s", source)
        yield Page(
            source=source,
            errors=(f"{source}: internal error while parsing ({type(exc).__name__}: {exc})",),
            kind="unknown",
        )


def parse_text(text: str, source: str = "<text>", *, kind: str = "dump",
               settings: Settings | None = None) -> Page:
    """Parse already-decoded page text (``kind`` is ``dump`` or ``html``)."""
    settings = settings or load_settings()
    if kind == "html":
        from .html import parse_html

        return parse_html(text, source, settings=settings)
    from .dump import parse_dump

    return parse_dump(text, source, settings=settings)


def _with_warnings(page: Page, notes: list[str]) -> Page:
    from dataclasses import replace

    extra: tuple[Any, ...] = tuple(f"{page.source}: {n}" for n in notes)
    return replace(page, warnings=page.warnings + extra)
