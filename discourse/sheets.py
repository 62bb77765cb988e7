"""Reading CSV sheets that people filled in a spreadsheet: answer sheets, moderators' queues.

Spreadsheets save with a byte-order mark, with ``;`` or tab as delimiter (European locales), in
legacy encodings, and keep the quote that our CSV export puts before formula-like cells. This
reads all of that back into plain rows.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .errors import InputError, InputFormatError

#: What CSV export prefixes with a quote so that spreadsheets do not run it (see csvsafe).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def unneutralise(value: str) -> str:
    """Undo the quote that CSV export put before formula-like cells (``'=x`` → ``=x``)."""
    if value.startswith("'") and value[1:2] in _FORMULA_STARTS:
        return value[1:]
    return value


def read_csv_rows(path: str | Path) -> tuple[list[str], list[dict[str, str]]]:
    """Read a CSV a person may have edited in a spreadsheet: BOM, ``;`` or tab delimiters,
    legacy encodings. Returns the header and the rows (cells stripped, quotes undone).

    Raises:
        InputError: the file is missing, empty, binary or not a table.
    """
    source = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(source, "file not found") from None
    except OSError as exc:
        raise InputError(source, f"cannot be read ({exc.strerror or exc})") from None
    if not data.strip():
        raise InputError(source, "empty file")
    if b"\x00" in data[:4096]:
        raise InputFormatError(source, "binary data, not a CSV table")
    for enc in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows = list(reader)
    except csv.Error as exc:
        raise InputFormatError(source, f"not a readable CSV table ({exc})") from None
    header = [h.strip().lower() for h in rows[0]]
    out = []
    for r in rows[1:]:
        if not any(cell.strip() for cell in r):
            continue
        out.append({h: unneutralise(r[k].strip()) if k < len(r) else "" for k, h in enumerate(header) if h})
    return header, out
