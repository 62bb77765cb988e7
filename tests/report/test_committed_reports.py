"""The committed reports/ are what `make report` writes from seeds/ today."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from discourse.analyze import analyze_paths

ROOT = Path(__file__).resolve().parents[2]
REPORTS = ROOT / "reports"
STALE = "reports/ is stale: run `make report` and commit the result"


def _comparable(articles_json: Path) -> dict:
    """articles.json without what legitimately varies by machine: package versions."""
    data = json.loads(articles_json.read_text(encoding="utf-8"))
    data["manifest"].pop("versions", None)
    return data


def test_committed_reports_are_fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not REPORTS.is_dir():
        pytest.fail(f"{REPORTS} is missing: run `make report`")
    monkeypatch.chdir(ROOT)  # the Makefile runs `discourse analyze seeds` from the root
    monkeypatch.delenv("DISCOURSE_CONFIG", raising=False)
    analyze_paths(["seeds"], tmp_path, jobs=1)
    fresh = sorted(p.name for p in tmp_path.iterdir())
    assert sorted(p.name for p in REPORTS.iterdir()) == fresh, STALE
    for name in fresh:
        new, old = tmp_path / name, REPORTS / name
        if name == "articles.json":
            assert _comparable(new) == _comparable(old), f"{STALE} ({name})"
        elif name.endswith(".parquet"):
            assert pq.read_table(new).equals(pq.read_table(old)), f"{STALE} ({name})"
        else:
            assert new.read_text(encoding="utf-8") == old.read_text(encoding="utf-8"), f"{STALE} ({name})"
