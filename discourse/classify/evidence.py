"""Cues as text: the ``evidence`` JSON column and the readable ``<name>_evidence`` columns.

Every comment carries a few dozen cues, so these run tens of millions of times on a large
corpus. Both functions give exactly the text of the plain Python they replace (see the
docstrings), but build it with C-level ``map``/``str`` operations over whole cue lists instead
of Python code per cue. ``tests/classify/test_speed_equivalence.py`` checks them against the
plain versions.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from json.encoder import encode_basestring
from typing import Any

from ..model import Cue

_DUMPS = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

#: Weights are written as ``repr(round(w, 4))``. For a finite float below this size that is the
#: 4-decimal text ``f"{w:.4f}"`` with its trailing zeros dropped (one left after the point): both
#: round the same way, and below 1e11 no shorter decimal names the same float.
_PLAIN_LIMIT = 1e11

#: Weight -> its JSON text and its readable text. Formatting a float costs thousands of
#: instructions and cue weights repeat a lot (lexicon valences, per-feature shares), so each is
#: formatted once. Zeros are never cached: 0.0 and -0.0 are equal keys but print differently.
_JSON_WEIGHT: dict[float, str] = {}
_READABLE_WEIGHT: dict[float, str] = {}
_MAX_WEIGHTS = 100_000

#: Rule id -> ``["<rule id>",`` (the start of a cue's JSON), and -> its readable name.
_RULE_JSON: dict[str, str] = {}
_RULE_NAME: dict[str, str] = {}
_MAX_RULES = 10_000  # rule ids are a small fixed set; bound the caches all the same


def _know(rule: str) -> None:
    if len(_RULE_JSON) >= _MAX_RULES:
        _RULE_JSON.clear()
        _RULE_NAME.clear()
    _RULE_JSON[rule] = "[" + encode_basestring(rule) + ","
    _RULE_NAME[rule] = rule.split(".", 1)[-1]


def plain_cues_json(cues: Sequence[Cue]) -> str:
    """The reference: ``json.dumps([c.to_list() for c in cues])`` in the compact form."""
    return _DUMPS([c.to_list() for c in cues])


def cues_json(cues: Sequence[Cue]) -> str:
    """A label's cues as the JSON array ``[[rule, text, start, end, weight], …]``.

    The same text as :func:`plain_cues_json` (weights rounded to 4 places, no spaces, non-ASCII
    kept); a cue of unusual types (a weight that is an int or not finite, a non-string text…)
    is written by ``json`` itself.
    """
    out = []
    rule_json = _RULE_JSON
    weights = _JSON_WEIGHT
    for rule, text, start, end, weight in cues:
        head = rule_json.get(rule) if type(rule) is str else None
        if head is None and type(rule) is str:
            _know(rule)
            head = rule_json[rule]
        if (
            head is not None
            and type(weight) is float
            and -_PLAIN_LIMIT < weight < _PLAIN_LIMIT
            and type(text) is str
            and type(start) is int
            and type(end) is int
        ):
            w = weights.get(weight)
            if w is None:
                w = f"{weight:.4f}".rstrip("0")
                if w[-1] == ".":
                    w += "0"
                if weight:
                    if len(weights) >= _MAX_WEIGHTS:
                        weights.clear()
                    weights[weight] = w
            out.append(f"{head}{encode_basestring(text)},{start},{end},{w}]")
        else:
            out.append(_DUMPS([rule, text, start, end, round(weight, 4)]))
    return "[" + ",".join(out) + "]"


def plain_readable(cues: Sequence[Cue], limit: int) -> str:
    """The reference for :func:`readable`: the strongest cues as ``text (rule ±w.ww)``."""
    out = []
    for cue in sorted(cues, key=lambda c: -abs(c.weight))[:limit]:
        rule = cue.rule.split(".", 1)[-1]
        out.append(f"{cue.text} ({rule} {cue.weight:+.2f})" if cue.weight else f"{cue.text} ({rule})")
    return "; ".join(out)


def _strength(cue: Cue) -> Any:
    return -abs(cue[4])


def readable(cues: Sequence[Cue], limit: int) -> str:
    """The ``limit`` strongest cues (largest |weight|, ties in order) as one line:
    ``text (rule +w.ww)`` joined by ``"; "``, the weight left out where it is 0.

    The same text as :func:`plain_readable`.
    """
    if len(cues) > 1:
        cues = sorted(cues, key=_strength)[:limit]
    out = []
    names = _RULE_NAME
    shown = _READABLE_WEIGHT
    for rule, text, _, _, weight in cues:
        name = names.get(rule) if type(rule) is str else None
        if name is None:
            name = rule.split(".", 1)[-1]
        if not weight:
            out.append(f"{text} ({name})")
            continue
        w = shown.get(weight) if type(weight) is float else None
        if w is None:
            w = f"{weight:+.2f}"
            if type(weight) is float:
                if len(shown) >= _MAX_WEIGHTS:
                    shown.clear()
                shown[weight] = w
        out.append(f"{text} ({name} {w})")
    return "; ".join(out)
