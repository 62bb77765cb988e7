from __future__ import annotations

from pathlib import Path

import pytest

from discourse.config import load_settings
from discourse.errors import ConfigError


def test_user_file_overrides_only_its_keys(tmp_path: Path) -> None:
    defaults = load_settings()
    user = tmp_path / "mine.toml"
    user.write_text("[sentiment]\nthreshold = 0.2\n")
    settings = load_settings(user)
    assert settings.section("sentiment")["threshold"] == 0.2
    assert settings.section("parse") == defaults.section("parse")
    assert settings.sources[-1] == str(user)


@pytest.mark.parametrize(
    "content, problem",
    [("[sentiment]\nthreshhold = 0.2\n", "unknown setting 'threshhold'"),
     ("[sentiment\n", "not a valid TOML")],
)
def test_bad_user_files_are_refused_with_a_reason(tmp_path: Path, content: str, problem: str) -> None:
    user = tmp_path / "bad.toml"
    user.write_text(content)
    with pytest.raises(ConfigError, match=problem):
        load_settings(user)


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "nope.toml")


def test_environment_variable_names_the_user_file(tmp_path: Path, monkeypatch) -> None:
    user = tmp_path / "env.toml"
    user.write_text("[sentiment]\nthreshold = 0.3\n")
    monkeypatch.setenv("DISCOURSE_CONFIG", str(user))
    assert load_settings().section("sentiment")["threshold"] == 0.3


def test_overrides_ignore_none_and_refuse_unknown_keys() -> None:
    s = load_settings().with_overrides({"sentiment": {"threshold": None}})
    assert s.section("sentiment")["threshold"] == load_settings().section("sentiment")["threshold"]
    with pytest.raises(ConfigError):
        load_settings().with_overrides({"sentiment": {"nonsense": 1}})
