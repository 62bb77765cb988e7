"""Settings: the packaged ``defaults.toml``, then a user file on top, then explicit overrides.

Each top-level table is named after the component that reads it (``[sentiment]``,
``[moderation]``, ``[cluster]``…) and its keys equal that component's parameter names, so a
classifier is built with ``registry.create(name, **settings.section(name))``.
A partial user file overrides only the keys it sets; an unknown section or key is an error, so
typos do not pass silently.
"""

from __future__ import annotations

import copy
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ConfigError

#: Environment variable naming a user settings file, used when no file is passed explicitly.
ENV_VAR = "DISCOURSE_CONFIG"


def _packaged_defaults() -> dict[str, Any]:
    text = resources.files("discourse").joinpath("defaults.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _merge(base: dict[str, Any], top: Mapping[str, Any], where: str, strict: bool) -> None:
    for key, value in top.items():
        if key not in base:
            if strict:
                known = ", ".join(sorted(base)) or "none"
                raise ConfigError(f"{where}: unknown setting {key!r} (known: {known})")
            base[key] = copy.deepcopy(value)
        elif isinstance(base[key], dict) and isinstance(value, Mapping):
            _merge(base[key], value, f"{where}.{key}", strict)
        else:
            base[key] = copy.deepcopy(value)


@dataclass(frozen=True)
class Settings:
    """All settings of a run, as nested plain data.

    Attributes:
        data: section name -> {key: value}.
        sources: the files that were layered, in order (for the run manifest).
    """

    data: dict[str, Any]
    sources: tuple[str, ...] = field(default=())

    def section(self, name: str) -> dict[str, Any]:
        """Return a copy of one section (empty when the section does not exist)."""
        return copy.deepcopy(self.data.get(name, {}))

    def with_overrides(self, overrides: Mapping[str, Mapping[str, Any]]) -> Settings:
        """Return new settings with ``{section: {key: value}}`` applied (None values ignored)."""
        data = copy.deepcopy(self.data)
        clean = {s: {k: v for k, v in kv.items() if v is not None} for s, kv in overrides.items()}
        _merge(data, clean, "option", strict=True)
        return Settings(data, self.sources)


def load_settings(user_file: str | os.PathLike[str] | None = None) -> Settings:
    """Load the packaged defaults and lay a user file over them.

    Args:
        user_file: a TOML file; when None, the file named by ``$DISCOURSE_CONFIG`` if set.

    Raises:
        ConfigError: the file is missing, is not valid TOML, or sets unknown keys.
    """
    data = _packaged_defaults()
    sources = ["discourse/defaults.toml"]
    path = user_file or os.environ.get(ENV_VAR)
    if path:
        p = Path(path)
        try:
            user = tomllib.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{p}: settings file not found") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{p}: not a valid TOML settings file: {exc}") from None
        _merge(data, user, str(p), strict=True)
        sources.append(str(p))
    return Settings(data, tuple(sources))
