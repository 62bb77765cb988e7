"""The queue's thresholds: toxicity bands reused from ``[moderation]``, the queue's own
``[moderate]`` settings, and per-run overrides, each with where its value came from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..config import Settings
from ..errors import ConfigError

#: The ``[moderation]`` keys (the moderation classifier's parameters) that bound its bands.
BAND_KEYS = {"likely": "likely_threshold", "maybe": "maybe_threshold"}


def _classifier_defaults() -> dict[str, float]:
    """The moderation classifier's own band defaults, for settings that leave them out."""
    import inspect

    from ..classify.moderation import Moderation

    params = inspect.signature(Moderation.__init__).parameters
    return {band: float(params[key].default) for band, key in BAND_KEYS.items()}


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Every number the queue decides by, with where each came from.

    Attributes:
        likely, maybe: toxicity band boundaries (from ``[moderation]`` unless overridden).
        hold: toxicity at or above which a comment is held for a moderator.
        review: toxicity at or above which it is put up for review.
        hold_name, review_name: how reasons name them ("Likely 0.80", "0.65").
        hold_flags: flags that hold a comment whatever its score.
        hostile_flags: flags that make a reply count toward a pile-on.
        escalation_gap: a reply this much more toxic than its parent is "more hostile".
        pile_on_replies: this many hostile replies to one comment or author is a pile-on.
        sources: setting → where its value came from (settings file, option, fallback).
    """

    likely: float
    maybe: float
    hold: float
    review: float
    hold_name: str
    review_name: str
    hold_flags: tuple[str, ...]
    hostile_flags: tuple[str, ...]
    escalation_gap: float
    pile_on_replies: int
    pile_on_counts_disagreement: bool
    severe_flag_weight: float
    flag_weight: float
    heat_weight: float
    what_if: tuple[float, ...]
    sources: dict[str, str] = field(default_factory=dict)

    def band(self, toxicity: float | None) -> str | None:
        if toxicity is None:
            return None
        if toxicity >= self.likely:
            return "likely"
        return "maybe" if toxicity >= self.maybe else "unlikely"

    def as_dict(self) -> dict[str, Any]:
        return {
            "likely": self.likely,
            "maybe": self.maybe,
            "hold": self.hold,
            "review": self.review,
            "hold_name": self.hold_name,
            "review_name": self.review_name,
            "hold_flags": list(self.hold_flags),
            "hostile_flags": list(self.hostile_flags),
            "escalation_gap": self.escalation_gap,
            "pile_on_replies": self.pile_on_replies,
            "pile_on_counts_disagreement": self.pile_on_counts_disagreement,
            "what_if": list(self.what_if),
            "sources": dict(self.sources),
        }


def as_number(value: Any) -> float | None:
    """A real number from a settings or table value (bools and text are not numbers)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def band_thresholds(moderation: Mapping[str, Any]) -> dict[str, tuple[float, str]]:
    """The Likely and Maybe toxicity thresholds that ``[moderation]`` sets.

    The moderation classifier owns those keys (``likely_threshold``, ``maybe_threshold``); the
    queue reads them so that it never keeps a second copy. Returns ``{band: (value, source)}``
    for the ones present with a number.
    """
    found: dict[str, tuple[float, str]] = {}
    for band, key in BAND_KEYS.items():
        v = as_number(moderation.get(key))
        if v is not None:
            found[band] = (v, f"[moderation] {key}")
    return found


def _threshold_spec(spec: Any, bands: dict[str, float], what: str) -> tuple[float, str]:
    """A hold/review setting: a band name ("likely", "maybe") or a number in [0, 1]."""
    if isinstance(spec, str):
        key = spec.strip().lower()
        if key in bands:
            return bands[key], f"{key.capitalize()} {bands[key]:.2f}"
        try:
            spec = float(key)
        except ValueError:
            raise ConfigError(
                f"moderate.{what} must be 'likely', 'maybe' or a number in [0, 1], got {spec!r}"
            ) from None
    v = as_number(spec)
    if v is None or not 0.0 <= v <= 1.0:
        raise ConfigError(f"moderate.{what} must be 'likely', 'maybe' or a number in [0, 1], got {spec!r}")
    return v, f"{what} threshold {v:.2f}"


def thresholds_from(settings: Settings, **overrides: Any) -> Thresholds:
    """Build the queue's thresholds from ``[moderation]`` + ``[moderate]`` and CLI overrides.

    Args:
        settings: run settings.
        overrides: ``likely``, ``maybe`` (band boundaries), ``hold``, ``review`` (band name or
            number), ``escalation_gap``, ``pile_on_replies``; None means "not given".

    Raises:
        ConfigError: a value out of range or of the wrong kind.
    """
    mod = settings.section("moderate")
    found = band_thresholds(settings.section("moderation"))
    sources: dict[str, str] = {}
    bands: dict[str, float] = {}
    for band in ("likely", "maybe"):
        given = overrides.get(band)
        if given is not None:
            bands[band], sources[band] = float(given), f"option --{band}"
        elif band in found:
            bands[band], sources[band] = found[band]
        else:
            bands[band] = _classifier_defaults()[band]
            sources[band] = f"moderation classifier default ({BAND_KEYS[band]})"
    if not 0.0 <= bands["maybe"] <= bands["likely"] <= 1.0:
        raise ConfigError(
            f"toxicity bands need 0 ≤ maybe ≤ likely ≤ 1, got maybe={bands['maybe']} likely={bands['likely']}"
        )
    specs = {}
    for what, default in (("hold", "likely"), ("review", "maybe")):
        given = overrides.get(what)
        spec = given if given is not None else mod.get(what, default)
        sources[what] = f"option --{what}" if given is not None else f"[moderate] {what}"
        specs[what] = _threshold_spec(spec, bands, what)
    (hold, hold_name), (review, review_name) = specs["hold"], specs["review"]
    if review > hold:
        raise ConfigError(f"moderate.review ({review_name}) must not be above moderate.hold ({hold_name})")

    def num(key: str, default: float, lo: float, hi: float) -> float:
        given = overrides.get(key)
        value = given if given is not None else mod.get(key, default)
        sources[key] = f"option --{key.replace('_', '-')}" if given is not None else f"[moderate] {key}"
        v = as_number(value)
        if v is None or not lo <= v <= hi:
            raise ConfigError(f"moderate.{key} must be a number in [{lo}, {hi}], got {value!r}")
        return v

    gap = num("escalation_gap", 0.3, 0.0, 1.0)
    pile = int(num("pile_on_replies", 3, 2, 10_000))
    grid = mod.get("what_if", [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])
    if not isinstance(grid, list) or not all(as_number(x) is not None and 0 <= x <= 1 for x in grid):
        raise ConfigError(f"moderate.what_if must be a list of numbers in [0, 1], got {grid!r}")
    return Thresholds(
        likely=bands["likely"],
        maybe=bands["maybe"],
        hold=hold,
        review=review,
        hold_name=hold_name,
        review_name=review_name,
        hold_flags=tuple(str(f) for f in mod.get("hold_flags", ["threat", "identity_attack"])),
        hostile_flags=tuple(
            str(f) for f in mod.get("hostile_flags", ["insult", "identity_attack", "threat"])
        ),
        escalation_gap=gap,
        pile_on_replies=pile,
        pile_on_counts_disagreement=bool(mod.get("pile_on_counts_disagreement", True)),
        severe_flag_weight=float(mod.get("severe_flag_weight", 1.0)),
        flag_weight=float(mod.get("flag_weight", 0.3)),
        heat_weight=float(mod.get("heat_weight", 0.3)),
        what_if=tuple(sorted({round(float(x), 4) for x in grid} | {round(hold, 4), round(review, 4)})),
        sources=sources,
    )
