"""The stance cue scanner: phrases, negation, questions, skipped spans, lexicon files."""

from __future__ import annotations

import pytest

from discourse.classify import Doc
from discourse.classify.stance_cues import FAMILIES, analyse, build_lexicons, packaged_lexicons, read_phrases


def families(text: str) -> list[tuple[str, str]]:
    return [(m.family, m.text) for m in analyse(Doc(text)).matches]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("That is not true.", ("deny", "is not true")),  # longest phrase wins over "true"
        ("I don't really agree.", ("negated_agree", "agree")),  # negator within three words
        ("Not, I think, true.", ("support", "true")),  # punctuation ends the negation's reach
        ("Total nonsense!", ("deny", "nonsense")),
        ("Fake. News.", ("deny", "Fake")),  # a phrase does not run across a sentence end
        ("Is this confirmed?", ("query", "Is this confirmed")),
        ("Exactly’s not a word but don’t agree", ("negated_agree", "agree")),  # curly apostrophes
    ],
)
def test_phrase_scan(text: str, expected: tuple[str, str]) -> None:
    assert expected in families(text)


def test_questions_have_their_opener_and_span() -> None:
    text = "Nice. Where is the source?! And who paid for it?"
    qs = analyse(Doc(text)).questions
    assert [q.opener for q in qs] == ["where", "and"]
    assert [text[q.start : q.end] for q in qs] == ["Where is the source?!", "And who paid for it?"]
    assert qs[0].exclaimed and not qs[1].exclaimed


def test_links_mentions_and_html_are_skipped_and_question_marks_in_links_ignored() -> None:
    cues = analyse(Doc("@bob see http://x.org/a?b=fake <i>lies</i> &amp; more"))
    assert list(cues.words) == ["see", "lies", "more"]
    assert cues.questions == () and len(cues.urls) == 1


def test_analysis_is_memoised_on_the_doc() -> None:
    doc = Doc("This is fake news.")
    assert analyse(doc) is analyse(doc)


def test_every_packaged_lexicon_parses_and_has_entries() -> None:
    lex = packaged_lexicons()
    found = {f for entries in lex.table.values() for _, fams in entries for f in fams}
    assert set(FAMILIES) <= found
    assert "not" in lex.negators and lex.valence["great"] > 0


def test_custom_lexicons() -> None:
    lex = build_lexicons({"deny": read_phrases("# comment\nmade up\n\nRubbish  # trailing\n")}, ["never"])
    doc = Doc("Never rubbish, all made up.")
    assert [(m.family, m.text) for m in analyse(doc, lex).matches] == [
        ("negated_deny", "rubbish"),
        ("deny", "made up"),
    ]
