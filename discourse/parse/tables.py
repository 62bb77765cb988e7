"""Comment tables (CSV, TSV, JSONL, JSON, Parquet) → one Page per article.

FOUNDATION PLACEHOLDER: the tables issue replaces this with column detection and streaming.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Settings
from ..errors import InputFormatError
from ..model import Page

if TYPE_CHECKING:
    from . import TableOptions


def read_table(path: Path, kind: str, source: str, options: TableOptions,
               settings: Settings) -> Iterator[Page]:
    raise InputFormatError(source, f"{kind} tables are not supported yet")
    yield  # pragma: no cover
