"""CSV cells that a spreadsheet would not run as formulas (shared by every CSV writer)."""

from __future__ import annotations

import re
from typing import Any

#: A cell starting with one of these is read as a formula by Excel, LibreOffice and Sheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")

# A plain number ("-2.15", "+3", "1e-5") is read as a number, not run: leave it as it is, so that
# numeric columns of an input table survive a round trip through a CSV export.
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def safe_cell(value: Any) -> Any:
    """Prefix text that a spreadsheet would evaluate with a single quote (OWASP's advice).

    Numbers stay numbers: floats and ints are not touched, and neither are strings that are
    plain numbers ("-0.5"); "-1 for this" or "=SUM(A1)" get the quote.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_row(row: dict[str, Any]) -> dict[str, Any]:
    """Neutralise every cell of a row."""
    return {k: safe_cell(v) for k, v in row.items()}
