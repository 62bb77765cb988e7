"""The CLI as a user meets it: help, exit codes, one line per problem, no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from discourse.cli import app

runner = CliRunner()


def test_every_command_has_help_with_an_example() -> None:
    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert "parse" in names
    for info in app.registered_commands:
        name = info.name or info.callback.__name__
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example" in result.stdout, name
    for group in app.registered_groups:
        result = runner.invoke(app, [group.name, "--help"])
        assert result.exit_code == 0, group.name


def test_parse_reports_bad_files_and_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "a.txt"
    good.write_text("A headline for a test\n\nA paragraph of body text that is long enough.\n")
    empty = tmp_path / "b.txt"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["parse", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0
    pages = json.loads(result.stdout)
    assert [Path(p["source"]).name for p in pages] == ["a.txt", "b.txt"]
    assert pages[0]["errors"] == [] and pages[0]["title"]
    assert "empty" in pages[1]["errors"][0] and "b.txt" in pages[1]["errors"][0]
    assert "Traceback" not in result.output


def test_parse_exit_status_is_nonzero_only_when_nothing_was_read(tmp_path: Path) -> None:
    bad = tmp_path / "x.bin"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    result = runner.invoke(app, ["parse", str(bad)])
    assert result.exit_code == 1
    assert json.loads(result.stdout)[0]["errors"]
