"""Evidence spans → text pieces: every character kept once, marks only where cues point."""

from __future__ import annotations

import json

import pytest

from discourse.report.highlight import parse_evidence, pieces, whole_text_cues

TEXT = "This is a great and awful idea"


def _ev(*cues: tuple[str, str, str, int, int, float]) -> str:
    out: dict[str, list[list[object]]] = {}
    for name, rule, text, start, end, weight in cues:
        out.setdefault(name, []).append([rule, text, start, end, weight])
    return json.dumps(out)


@pytest.mark.parametrize(
    ("evidence", "marked"),
    [
        (None, []),
        ("not json", []),
        ("[1, 2]", []),
        (_ev(("sentiment", "sentiment.lexicon", "great", 10, 15, 3.1)), ["great"]),
        (
            _ev(("sentiment", "s.l", "great", 10, 15, 3.1), ("sentiment", "s.l", "awful", 20, 25, -2.5)),
            ["great", "awful"],
        ),
        # overlapping cues of two classifiers: the overlap carries both
        (
            _ev(
                ("sentiment", "s.l", "great and", 10, 19, 1.0),
                ("moderation", "m.x", "and awful", 16, 25, 0.5),
            ),
            ["great ", "and", " awful"],
        ),
        # spans outside the text or inverted are ignored, whole-text cues are not marked
        (
            _ev(
                ("x", "x.a", "?", 25, 99, 1.0),
                ("x", "x.b", "?", 5, 2, 1.0),
                ("x", "x.c", "length", -1, -1, 2.0),
            ),
            [],
        ),
    ],
)
def test_pieces(evidence: str | None, marked: list[str]) -> None:
    got = pieces(TEXT, evidence)
    assert "".join(p.text for p in got) == TEXT
    assert [p.text for p in got if p.cues] == marked


def test_overlap_lists_strongest_cue_first() -> None:
    ev = _ev(
        ("sentiment", "s.weak", "great and", 10, 19, 0.2),
        ("moderation", "m.strong", "and awful", 16, 25, -0.9),
    )
    overlap = next(p for p in pieces(TEXT, ev) if p.text == "and")
    assert overlap.kind == "moderation"
    assert overlap.title == "m.strong -0.90; s.weak +0.20"


def test_whole_text_cues() -> None:
    ev = _ev(
        ("register", "register.length", "long words", -1, -1, 4.0), ("x", "x.span", "great", 10, 15, 1.0)
    )
    assert whole_text_cues(ev) == [("register", "register.length", "long words", 4.0)]
    assert parse_evidence(ev) == parse_evidence(parse_evidence(ev))


def test_empty_text() -> None:
    assert pieces("", None) == []
    assert pieces("", _ev(("x", "x.a", "a", 0, 1, 1.0))) == []
