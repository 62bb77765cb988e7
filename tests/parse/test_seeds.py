"""The five seed dumps in seeds/ parse as expected (tests/fixtures/seeds_expected.json): title,
byline, date, body start and end, furniture out of the body, comments with authors, times,
first words and replies. The suite does not need ../shared for this."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from discourse.parse import read_pages

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = {
    k: v
    for k, v in json.loads((ROOT / "tests" / "fixtures" / "seeds_expected.json").read_text("utf-8")).items()
    if not k.startswith("_")
}


def test_every_seed_has_expectations() -> None:
    assert sorted(p.name for p in (ROOT / "seeds").glob("*.txt")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_parses_as_expected(name: str, checker) -> None:
    [page] = list(read_pages([ROOT / "seeds" / name]))
    assert page.kind == "dump"
    problems = checker(page.to_dict(), EXPECTED[name])
    assert not problems, "\n".join(problems)
