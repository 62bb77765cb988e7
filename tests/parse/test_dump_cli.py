"""`discourse parse` on page dumps in its three formats (CliRunner)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from discourse.cli import app

DUMPS = Path(__file__).resolve().parents[1] / "fixtures" / "dumps"


def _run(*args: str) -> str:
    result = CliRunner().invoke(app, ["parse", *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_json_follows_the_contract() -> None:
    [page] = json.loads(_run(str(DUMPS / "wordpress_nested.txt"), "--format", "json"))
    for key in (
        "source",
        "title",
        "byline",
        "published",
        "standfirst",
        "subheadings",
        "body",
        "comments",
        "declared_comment_count",
        "errors",
    ):
        assert key in page
    for c in page["comments"]:
        assert {"id", "author", "posted", "text", "reply_to"} <= set(c)
    assert len({c["id"] for c in page["comments"]}) == len(page["comments"])


def test_text_is_an_outline_with_reply_indentation() -> None:
    out = _run(str(DUMPS / "wordpress_nested.txt"), "--format", "text")
    assert "title:     Why I Stopped Digging My Beds" in out
    assert "## What I changed" in out
    reply = next(line for line in out.splitlines() if "Thanks Tom!" in line)
    top = next(line for line in out.splitlines() if "Brilliant post." in line)
    assert len(reply) - len(reply.lstrip()) > len(top) - len(top.lstrip())
    assert "→ c1" in reply


def test_csv_has_one_row_per_comment() -> None:
    out = _run(str(DUMPS / "german_blog.txt"), str(DUMPS / "paywall.txt"), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["author"] for r in rows] == ["Jens Hoffmann", "Katrin Albers", "Sabine K."]
    assert rows[1]["reply_to"] == "c1" and rows[1]["depth"] == "1"
