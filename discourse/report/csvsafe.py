"""CSV cells that a spreadsheet would not run as formulas."""

from __future__ import annotations

from typing import Any

#: A cell starting with one of these is read as a formula by Excel, LibreOffice and Sheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value: Any) -> Any:
    """Prefix text that a spreadsheet would evaluate with a single quote (OWASP's advice).

    Numbers stay numbers: only strings are touched, so "-0.5" typed as text is neutralised
    but the float -0.5 is not.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_row(row: dict[str, Any]) -> dict[str, Any]:
    """Neutralise every cell of a row."""
    return {k: safe_cell(v) for k, v in row.items()}
