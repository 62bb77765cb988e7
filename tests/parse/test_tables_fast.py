"""The Arrow CSV reader gives exactly what the csv module gives: the same rows, the same line
numbers in warnings and rejections, the same counts; files it cannot read the same way go to
the csv module."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

import discourse.parse.tables as tables
from discourse.config import load_settings
from discourse.model import Page
from discourse.parse import TableOptions
from discourse.parse.tables import plan_table

HEADER = b"id,article_id,author,created_at,parent_id,text\n"
ROWS = [
    b'1,a1,Ann,2024-05-01T09:00:00Z,,"First line\nsecond line"\n',
    b"2,a1,,1714554000,1,Reply without an author\n",
    b'3,a2,Bob,sometime,,"She said ""no"", twice"\n',
    b"4,a1,Cy,2024-05-02 10:00,2\n",  # too few fields
    b'5,a2,Di,2024-05-02,3,"a\r\nb"\n',
    b"   \n",  # blanks only: not a row
    b"6,a2,Ed,2024-05-03T10:00+02:00,,   \n",  # no text
    b"7,a1,Fay,2024-05-04,,too,many,fields,here\n",
    b'8,a1,Gus,2024-05-05,,"unterminated quote\n9,a1,Hal,2024-05-05,,swallowed\n',
]

CASES = {
    "plain": HEADER + b"".join(ROWS),
    "crlf": (HEADER + b"".join(ROWS)).replace(b"\n", b"\r\n"),
    "no final newline": HEADER + b"".join(ROWS[:3]).rstrip(b"\n"),
    "bom": b"\xef\xbb\xbf" + HEADER + b"".join(ROWS[:3]),
    "empty lines": HEADER + ROWS[0] + b"\n\n" + b"".join(ROWS[1:4]),
    "latin-1 line": HEADER + ROWS[0] + "2,a1,Jürgen,,,Köln\n".encode("latin-1") + ROWS[2],
    "tsv-like semicolons": HEADER.replace(b",", b";") + b'1;a1;Ann;;;"x;y"\n2;a1;Bo;;1;z\n',
    "blank lines before header": b"\n\n" + HEADER + ROWS[0] + ROWS[3],
}


def _read(path: Path, fast: bool, **tables_opts: object) -> tuple[list[dict], list[str], tuple[str, ...]]:
    settings = load_settings().with_overrides({"tables": {"arrow_csv": fast, **tables_opts}})
    plan = plan_table(path, "csv", str(path), TableOptions(), settings)
    try:
        pages: list[Page] = list(plan.pages())
    finally:
        plan.close()
    return [p.to_dict() for p in pages], plan.report.warnings(), tuple(plan.report.rejected)


@pytest.mark.parametrize("name", sorted(CASES))
def test_arrow_reader_matches_the_csv_module(name: str, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(CASES[name])
    assert _read(path, fast=True) == _read(path, fast=False)


def test_small_chunks_and_spills_read_the_same(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(HEADER + b"".join(ROWS) * 7)
    fast = _read(path, fast=True, chunk_rows=3, max_buffered_rows=5)
    assert fast == _read(path, fast=False, chunk_rows=3, max_buffered_rows=5)
    pages, warnings, rejected = fast
    assert len(rejected) >= 14 and rejected[0].endswith("line 6: 5 fields where the header has 6")
    assert any("have no author" in w for w in warnings)


def test_the_fast_reader_is_used_and_falls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    used: list[str] = []
    original = tables._arrow_csv_batches

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        try:
            yield from original(*args, **kwargs)
            used.append("arrow")
        except tables.SlowPathNeeded:
            used.append("fallback")
            raise

    monkeypatch.setattr(tables, "_arrow_csv_batches", spy)
    good, bad = tmp_path / "good.csv.gz", tmp_path / "bad.csv"
    good.write_bytes(gzip.compress(CASES["plain"]))
    bad.write_bytes(CASES["latin-1 line"])
    _read(good, fast=True)
    _read(bad, fast=True)
    assert used == ["arrow", "fallback"]


def _breaks_by_python(values: list[str | None]) -> list[int]:
    return [0 if v is None else v.count("\n") + v.count("\r") - v.count("\r\n") for v in values]


@pytest.mark.parametrize("seed", range(6))
def test_line_breaks_count_as_the_csv_module_does(seed: int) -> None:
    """Byte-level counting (no \\r anywhere) and the Arrow fallback give the same counts, on
    slices too (an Arrow slice shares its parent's buffers)."""
    import random

    import pyarrow as pa

    rng = random.Random(seed)
    alphabet = ["a", "é", "😀", " ", "\n", "\n\n"] + (["\r", "\r\n"] if seed % 2 else [])
    values: list[str | None] = [
        "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 12))) for _ in range(300)
    ]
    if seed == 4:
        values[7] = None
    array = pa.array(values, pa.string())
    assert list(tables._line_breaks(array)) == _breaks_by_python(values)
    for start, stop in ((0, 1), (5, 60), (299, 300), (10, 10), (1, 300)):
        part = array.slice(start, stop - start)
        assert list(tables._line_breaks(part)) == _breaks_by_python(values[start:stop])
