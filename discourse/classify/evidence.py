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
_MAX_WEIGHTS = 65_536

#: Cue text -> its JSON string, and offset -> its digits. Turning a string or an int into text
#: costs about a thousand instructions, and cue texts (words) and offsets repeat: each is
#: converted once (both bounded like the weights).
_TEXT_JSON: dict[str, str] = {}
_OFFSET_TEXT: dict[int, str] = {}

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


def _weight_json(weight: float) -> str | None:
    """A weight's JSON text when it may take the fast path (a finite float below the limit),
    remembered unless it is zero; None otherwise."""
    if type(weight) is not float or not -_PLAIN_LIMIT < weight < _PLAIN_LIMIT:
        return None
    w = f"{weight:.4f}".rstrip("0")
    if w[-1] == ".":
        w += "0"
    if weight:
        if len(_JSON_WEIGHT) >= _MAX_WEIGHTS:
            _JSON_WEIGHT.clear()
        _JSON_WEIGHT[weight] = w
    return w


def _remember(cache: dict[Any, str], key: Any, value: str) -> str:
    if len(cache) >= _MAX_WEIGHTS:
        cache.clear()
    cache[key] = value
    return value


def _cue_json(rule: Any, text: Any, start: Any, end: Any, weight: Any) -> str:
    """One cue's JSON, the slow way: fills the caches, or lets json write unusual values."""
    if type(rule) is str and rule not in _RULE_JSON:
        _know(rule)
    head = _RULE_JSON.get(rule) if type(rule) is str else None
    w = _weight_json(weight)
    if head is None or w is None or type(text) is not str or type(start) is not int or type(end) is not int:
        return _DUMPS([rule, text, start, end, round(weight, 4)])
    t = _TEXT_JSON.get(text) or _remember(_TEXT_JSON, text, encode_basestring(text))
    s = _OFFSET_TEXT.get(start) or _remember(_OFFSET_TEXT, start, str(start))
    e = _OFFSET_TEXT.get(end) or _remember(_OFFSET_TEXT, end, str(end))
    return f"{head}{t},{s},{e},{w}]"


def cues_json(cues: Sequence[Cue]) -> str:
    """A label's cues as the JSON array ``[[rule, text, start, end, weight], …]``.

    The same text as :func:`plain_cues_json` (weights rounded to 4 places, no spaces, non-ASCII
    kept). The usual cue (string rule and text, int offsets, a finite float weight met before)
    is written from remembered pieces; any other goes through :func:`_cue_json`.
    """
    out: list[str] = []
    append = out.append
    heads = _RULE_JSON.get
    texts = _TEXT_JSON.get
    offsets = _OFFSET_TEXT.get
    weights = _JSON_WEIGHT.get
    try:
        for rule, text, start, end, weight in cues:
            head = heads(rule)
            t = texts(text)
            s = offsets(start)
            e = offsets(end)
            w = weights(weight)
            # Remembered keys are strings, ints and finite floats below the limit; an equal value
            # of another type (True for 1, 1 for 1.0) must not take their text.
            if (
                head is None
                or t is None
                or s is None
                or e is None
                or w is None
                or type(weight) is not float
                or type(start) is not int
                or type(end) is not int
            ):
                append(_cue_json(rule, text, start, end, weight))
            else:
                append(f"{head}{t},{s},{e},{w}]")
    except TypeError:  # an unhashable rule or weight: json writes the whole list
        return plain_cues_json(cues)
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


def _readable_one(name: str, text: Any, weight: Any) -> str:
    """One cue's readable text, the slow way (remembers a float weight's text)."""
    if not weight:
        return f"{text} ({name})"
    w = f"{weight:+.2f}"
    if type(weight) is float:
        if len(_READABLE_WEIGHT) >= _MAX_WEIGHTS:
            _READABLE_WEIGHT.clear()
        _READABLE_WEIGHT[weight] = w
    return f"{text} ({name} {w})"


def readable(cues: Sequence[Cue], limit: int) -> str:
    """The ``limit`` strongest cues (largest |weight|, ties in order) as one line:
    ``text (rule +w.ww)`` joined by ``"; "``, the weight left out where it is 0.

    The same text as :func:`plain_readable`.
    """
    if len(cues) > 1:
        cues = sorted(cues, key=_strength)[:limit]
    out: list[str] = []
    append = out.append
    names = _RULE_NAME.get
    shown = _READABLE_WEIGHT.get
    try:
        for rule, text, _, _, weight in cues:
            name = names(rule)
            if name is None:
                name = rule.split(".", 1)[-1]
            w = shown(weight) if weight else None
            if w is None or type(weight) is not float or type(text) is not str:
                append(_readable_one(name, text, weight))
            else:
                append(f"{text} ({name} {w})")
    except TypeError:  # an unhashable weight
        return plain_readable(cues, limit)
    return "; ".join(out)
