"""The Dask engine gives the local engine's results, byte for byte.

A cluster of one in-process worker with two threads keeps this to a few seconds; it is reached
through its address, as a remote cluster would be, so table rows and file contents travel
inside the tasks (the workers are not assumed to see this machine's files).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from discourse.analyze import analyze_paths
from discourse.cli import app
from discourse.engine import Engine, map_ordered_dask
from discourse.errors import ConfigError

distributed = pytest.importorskip("distributed")

NOW = datetime(2025, 6, 1)


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    cluster = distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    )
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def _inputs(tmp_path: Path) -> list[Path]:
    table = tmp_path / "comments.csv"
    with table.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "article_id", "author", "parent_id", "text"])
        for i in range(24):
            art = f"art{i % 3}"
            parent = f"{i - 3}" if i >= 3 and i % 2 else ""
            text = ["Great plan, the tram is fast!", "I doubt these figures. Where is the evidence?",
                    "Terrible idea and a waste of money", "why not buses instead?"][i % 4]
            w.writerow([str(i), art, f"reader{i % 5}", parent, f"{text} ({i})"])
        fh.write("a,row,that,is,broken,badly\n")
    page = tmp_path / "page.txt"
    page.write_text(
        "Council approves the tram\n\nThe council voted for the new tram line on Monday.\n\n"
        "3 Comments\n\nAna\nGreat news for the city!\n\nBen\nWhat a waste of money.\n",
        encoding="utf-8",
    )
    return [table, page]


def _contents(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.suffix != ".parquet"}


def test_dask_gives_the_local_engines_bytes(tmp_path: Path, scheduler: str) -> None:
    inputs = _inputs(tmp_path)
    local, dask = tmp_path / "local", tmp_path / "dask"
    here = analyze_paths(inputs, local, jobs=1, now=NOW)
    there = analyze_paths(inputs, dask, engine=Engine("dask", 2, scheduler), now=NOW)
    assert there.comments == here.comments >= 24 and there.articles == here.articles == 4
    assert _contents(local) == _contents(dask)
    assert pq.read_table(local / "comments.parquet").equals(pq.read_table(dask / "comments.parquet"))
    first = json.loads((dask / "articles.json").read_text())["articles"][0]
    assert any(":line 26:" in w for w in first["warnings"])  # the broken row, reported


def test_results_come_back_in_order(scheduler: str) -> None:
    client = distributed.Client(scheduler)
    try:
        assert list(map_ordered_dask(abs, [-3, 1, -2, 5, -8, 13], client, window=2)) == [3, 1, 2, 5, 8, 13]
    finally:
        client.close()


def test_classify_on_dask_matches_local(tmp_path: Path, scheduler: str) -> None:
    table = _inputs(tmp_path)[0]
    runner = CliRunner()
    local, dask = tmp_path / "local.csv", tmp_path / "dask.csv"
    got = runner.invoke(app, ["classify", str(table), "--out", str(local), "--jobs", "1", "-q"])
    assert got.exit_code == 0, got.output
    got = runner.invoke(
        app, ["classify", str(table), "--out", str(dask), "--engine", "dask", "--scheduler", scheduler, "-q"]
    )
    assert got.exit_code == 0, got.output
    assert local.read_bytes() == dask.read_bytes()


def test_engine_options_are_checked() -> None:
    with pytest.raises(ConfigError, match="unknown engine"):
        Engine("spark")
    with pytest.raises(ConfigError, match="--scheduler needs --engine dask"):
        Engine("local", 2, "tcp://example:8786")
    assert Engine("dask", 2, "tcp://example:8786").shares_files is False
    assert Engine("dask", 2).shares_files and Engine("local").shares_files
