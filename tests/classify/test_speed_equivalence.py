"""The fast paths give exactly what the plain code they replace gives.

Speed work rewrote hot loops (evidence text, phrase matching, per-word passes); each fast path
is checked here against a straightforward reference on generated and hand-written input.
"""

from __future__ import annotations

import json
import math
import random
import re

import pytest

from discourse.classify.evidence import cues_json, plain_cues_json, plain_readable, readable
from discourse.model import Cue

RULES = ("sentiment.lexicon", "register.nominal", "stance.word", "moderation.insult", "x", "a.b.c", "ü.cø")
TEXTS = ("great", "", 'say "no"', "back\\slash", "tab\tnew\nline", "emoji 😀", "\x00\x1f", "ünï", "\u2028")


def _weights(rng: random.Random) -> list[float]:
    special = [0.0, -0.0, 1.0, -2.0, 0.00004, -0.00004, 0.00005, 0.00015, 0.12345, 0.99995, 1e-7]
    special += [123456.78905, 1e10 + 0.5, 1e11, 1e12, 1e17, -1e20, 2.5e-5]
    return special + [rng.uniform(-10, 10) for _ in range(300)] + [rng.uniform(-1e-3, 1e-3) for _ in range(9)]


def _random_cues(rng: random.Random, n: int) -> list[Cue]:
    weights = _weights(rng)
    cues = []
    for _ in range(n):
        start, end = rng.randrange(-1, 500), rng.randrange(-1, 500)
        cues.append(Cue(rng.choice(RULES), rng.choice(TEXTS), start, end, rng.choice(weights)))
    return cues


def test_cues_json_is_the_json_of_the_cue_lists() -> None:
    rng = random.Random(7)
    for _ in range(400):
        cues = _random_cues(rng, rng.randrange(0, 12))
        assert cues_json(cues) == plain_cues_json(cues)
        assert json.loads(cues_json(cues)) == [c.to_list() for c in cues] or any(
            math.isnan(c.weight) for c in cues
        )


@pytest.mark.parametrize(
    "weight",
    [0, 3, True, float("nan"), float("inf"), -float("inf"), 1e300, 5e-324, 0.30000000000000004, 2.675, -2.6],
)
def test_cues_json_unusual_weights_fall_back_to_json(weight: float) -> None:
    cues = [Cue("r.x", "t", 0, 1, weight), Cue("r.y", "u", 2, 3, 0.5)]
    assert cues_json(cues) == plain_cues_json(cues)


def test_cues_json_unusual_types() -> None:
    cues = [Cue("r.x", 12, 0, 1, 0.25), Cue("r.y", None, -1, -1, 1.5)]  # type: ignore[arg-type]
    assert cues_json(cues) == plain_cues_json(cues)
    assert cues_json([]) == "[]" == plain_cues_json([])


def test_readable_keeps_the_strongest_in_order() -> None:
    rng = random.Random(11)
    for _ in range(400):
        cues = _random_cues(rng, rng.randrange(0, 12))
        # Ties on |weight| are common in real cues (shares of one feature): make some.
        if cues and rng.random() < 0.5:
            cues = [c._replace(weight=rng.choice((0.5, -0.5, 0.0))) for c in cues]
        for limit in (1, 3, 6):
            assert readable(cues, limit) == plain_readable(cues, limit)


def test_readable_format() -> None:
    cues = [Cue("sentiment.lexicon", "great", 0, 5, 1.9), Cue("register.word_count", "3 words", -1, -1, 0.0)]
    assert readable(cues, 6) == "great (lexicon +1.90); 3 words (word_count)"


def test_signed_zero_and_repeated_weights() -> None:
    # Formatted weights are remembered; 0.0 and -0.0 are equal keys but print differently.
    cues = [Cue("r.a", "x", 0, 1, w) for w in (0.0, -0.0, 0.25, 0.25, -0.0, 0.0, 1.0, 1, True, -1e-5, 1e-5)]
    assert cues_json(cues) == plain_cues_json(cues)
    assert cues_json(list(reversed(cues))) == plain_cues_json(list(reversed(cues)))
    assert readable(cues, 20) == plain_readable(cues, 20)


# -- regular expressions spelled for speed: the same matches as their plain spelling -----------

from discourse.classify import features as _features  # noqa: E402
from discourse.classify import moderation as _moderation  # noqa: E402
from discourse.classify import register as _register  # noqa: E402
from discourse.classify import stance_cues as _stance_cues  # noqa: E402

PLAIN_PATTERNS = [
    (_register.SENTENCE_END_RE, r"[.!?…]+[\"'”’)\]]*(?:\s+|$)|\n\s*\n|\n(?=\s*[-•*])", 0),
    (_register.EXCLAIM_RE, r"!+", 0),
    (_register.CAPS_WORD_RE, r"(?<![\w'’\-])[A-ZÀ-ÖØ-Þ]{2,}(?![\w'’\-])", 0),
    (_register.LOWER_I_RE, r"(?<![\w'’\-])i(?![\w'’\-])", 0),
    (_register.EMOTICON_HINT, r"[:;=8][\-'^o]?[)(\]\[DPpOo3|/\\*@$]|<3|\^[_.\-]?\^|-_-|[xX][Dd]|\([:;]", 0),
    (_register.QUESTION_RE, r"\?+", 0),
    (_register.PUNCT_RUN_RE, r"[!?]{2,}|[!?][!?.]*[!?]", 0),
    (_register.ELLIPSIS_RE, r"\.{2,}|…", 0),
    (_register.HANDLE_RE, r"(?<![\w@])[@#][A-Za-z_]\w*", 0),
    (
        _features.EMOTICON_RE,
        r"(?<![\w:;=])(?:[:;=8][\-'^o]?[)(\]\[DPpOo3|/\\*@$]+|<3+|\^[_.\-]?\^|-_-|[xX][Dd]+\b|"
        r"\([:;]|:-?\|)(?![\w])",
        0,
    ),
    # A prefilter: only whether it finds something matters.
    (_features._MAYBE_OBFUSCATED, r"[A-Za-z][*#%@$!|0-9]|[@$][A-Za-z]", -1),
    (_stance_cues._EXCLAIM_RE, r"!+", 0),
    (_stance_cues._END_RE, r"[?!.…\n]+", 0),
    (_moderation.CHAR_RUN_RE, r"(\S)\1{5,}", 0),
    (
        _moderation.LINK_HINT,
        r"https?:|www\.|\.(?:com|net|org|info|biz|xyz|ru|io|ly|co|us|uk|de|top|site|online|shop)\b",
        re.IGNORECASE,
    ),
]

#: Characters the patterns care about, and some they should not.
ALPHABET = (
    list("aAbBiIxXDdPpoO38hHwWtTpPsScCmMnNeEgG_") + list(" \t\n.!?…,;:=<>^-_()[]|/\\*@$#%'\"’”“‘•")
    + ["ÀÉ", "é", "ß", "😀", "ſ", "K", "0", "9", "11", "www", "http", "com", ".com", "..", "!!", "??", "  "]
)


def _fuzz_texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(ALPHABET) for _ in range(rng.randrange(0, 14))) for _ in range(n)]


@pytest.mark.parametrize("fast,plain,flags", PLAIN_PATTERNS, ids=lambda v: getattr(v, "pattern", "")[:24])
def test_fast_patterns_match_like_their_plain_spelling(fast: re.Pattern[str], plain: str, flags: int) -> None:
    reference = re.compile(plain, max(flags, 0))
    texts = _fuzz_texts(8_000, seed=len(plain)) + [
        "Hello WORLD. i think so!!! NATO?! e.g. :) :-( <33 ^_^ -_- XD (: :| x www.a.com HTTPS://b co",
        "soooooo!!!!!! ....  …\n\n- item\n* x \"Quote.\" (Yes.) 'no'",
    ]
    for text in texts:
        if flags == -1:
            assert bool(fast.search(text)) == bool(reference.search(text)), text
            continue
        got = [(m.span(), m.groups()) for m in fast.finditer(text)]
        want = [(m.span(), m.groups()) for m in reference.finditer(text)]
        assert got == want, text


# -- prefilters and windows in the moderation classifier ---------------------------------------


def _spam_texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    pieces = ["buy", "BUY", "now", "la", "-", "'", "_", " ", "  ", "\n", "!", "?", "!!", "aaa", "aaaaaa", "x"]
    pieces += ["é", "😀", ".", "don't", "a_b", "go", "Go", "1", "0000000"]
    glue = ("", " ", " ", "-", "'")
    return [
        "".join(rng.choice(pieces) + rng.choice(glue) for _ in range(rng.randrange(0, 16))) for _ in range(n)
    ]


def test_moderation_prefilters_never_skip_a_match() -> None:
    from discourse.classify.doc import Doc

    for text in _spam_texts(6_000, seed=5):
        doc = Doc(text)
        if _moderation.CHAR_RUN_RE.search(text):
            assert _moderation._may_have_char_run(text), text
        if _moderation.SAME_WORD_RUN_RE.search(doc.lower):
            assert _moderation._may_repeat_word(doc), text
        want = [m.span() for m in _moderation.EXCLAIM_RUN_RE.finditer(text)]
        assert _moderation._exclaim_runs(text) == want, text


def test_moderation_windows_find_what_the_whole_text_gives() -> None:
    rng = random.Random(9)
    pieces = ["a", "b.c", "@", "x@y.z", "-", "+", ".", " ", "_", "1", "555", "(0)", "12-34", " 5", "é", "@@"]
    pieces += [".com", ".CO", ".cow", "HTTPS:", "http", "Www.", "wW", "ſ", "K", ".de"]
    for _ in range(8_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 14)))
        emails = [m.span() for m in _moderation._emails(text)]
        assert emails == [m.span() for m in _moderation.EMAIL_RE.finditer(text)], text
        assert _moderation._may_link(text, text.lower()) == bool(_moderation.LINK_HINT.search(text)), text
        phones = [m.span() for m in _moderation._phones(text)]
        assert phones == [m.span() for m in _moderation.PHONE_RE.finditer(text)], text


def test_moderation_prefilters_do_skip() -> None:
    from discourse.classify.doc import Doc

    assert not _moderation._may_have_char_run("a perfectly ordinary comment!! with no long runs")
    assert _moderation._may_have_char_run("sooooooo good")
    assert not _moderation._may_repeat_word(Doc("the cat and the dog and the bird"))
    assert _moderation._may_repeat_word(Doc("buy buy buy buy now"))
    assert _moderation._may_repeat_word(Doc("la-la-la-la land"))


def test_obfuscated_tokens_are_the_pattern_matches() -> None:
    rng = random.Random(13)
    pieces = ["f", "ck", "*", "#", "%", "@", "$", "!", "|", "0", "1", "a", "Z", "_", "é", "ß", "ſ", " ", "."]
    pieces += ["-", "sh1t", "f**k", "a$$", "@user", "$$", "great!", "2024", "x_1", "\n", "😀", "٣"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randrange(0, 12))) for _ in range(12_000)]
    for text in texts:
        want = [(m.start(), m.group()) for m in _features.OBFUSCATED_RE.finditer(text)]
        assert _features.obfuscated(text) == want, text


def _plain_guess_language(words: list[str]) -> str:
    """The language guess as first written (a loop over the words), for comparison."""
    from discourse.classify.doc import _STOPWORDS, _WORD_LANGUAGES

    if not words:
        return "und"
    counts = dict.fromkeys(_STOPWORDS, 0)
    for w in words:
        for lang in _WORD_LANGUAGES.get(w, ()):
            counts[lang] += 1
    best = max(counts, key=lambda k: (counts[k], k == "en"))
    if best != "en" and counts[best] >= 2 and counts[best] >= 2 * counts["en"] + 1:
        return best
    if not any(ch.isascii() for w in words for ch in w) and counts[best] == 0:
        return "und"
    return "en"


def test_language_guess_counts_like_the_plain_loop() -> None:
    from discourse.classify.doc import _WORD_LANGUAGES, guess_language

    rng = random.Random(17)
    vocab = sorted(_WORD_LANGUAGES) + ["xyz", "город", "东京", "cat", "dog"]
    for _ in range(5_000):
        words = [rng.choice(vocab) for _ in range(rng.randrange(0, 12))]
        assert guess_language(words) == _plain_guess_language(words), words
    many = ["der"] * 70_000 + ["the"] * 10
    assert guess_language(many) == _plain_guess_language(many) == "de"


def test_doc_words_and_spans_are_the_word_pattern_matches() -> None:
    from discourse.classify.doc import WORD_RE, Doc

    rng = random.Random(19)
    pieces = ["don't", "e-mail", "a", "B2", " ", "  ", "\n", "-", "'", "’", "_", "é", "東京", "😀", "x-"]
    pieces += ["-y", "1.5"]
    for _ in range(3_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 12)))
        want = [(m.group(), m.start(), m.end()) for m in WORD_RE.finditer(text)]
        doc = Doc(text)
        assert doc.word_spans == want, text
        assert doc.words == [w for w, _, _ in want] and doc.starts == [s for _, s, _ in want], text
        other = Doc(text)  # words and starts asked for first
        assert other.words == doc.words and other.starts == doc.starts and other.word_spans == want


def test_cue_keeps_its_api() -> None:
    cue = Cue("register.nominal", "the", 3, 6, 0.5)
    assert (cue.rule, cue.text, cue.start, cue.end, cue.weight) == ("register.nominal", "the", 3, 6, 0.5)
    assert cue.has_span and not Cue("register.word_count", "3 words").has_span
    assert Cue("r.x", "t").to_list() == ["r.x", "t", -1, -1, 0.0]
    assert cue.to_list() == ["register.nominal", "the", 3, 6, 0.5]
    assert cue == Cue("register.nominal", "the", 3, 6, 0.5) and hash(cue) == hash(Cue(*cue))
    assert cue._replace(text="THE").text == "THE"
    with pytest.raises(AttributeError):
        cue.text = "x"  # type: ignore[misc]
