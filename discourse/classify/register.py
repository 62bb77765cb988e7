"""Register: a 0–100 formality score from features a teacher can read, and its label.

The score is a linear model over counted features (contractions, slang, interjections, emoji,
"!!!", ALL CAPS, lower-case sentence starts, pronouns, word and sentence length, latinate and
academic words, connectives, hedges…). Its weights were fitted with ridge regression on human
formality ratings (Pavlick & Tetreault 2016, CC BY 3.0) by ``scripts/fit_register.py`` and ship
as ``classify/data/register_weights.json``. Every feature's contribution is a cue, in score
points, so the explanation adds up to the score.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache, reduce
from importlib import resources
from itertools import compress, repeat
from operator import add, attrgetter, is_not, itemgetter
from typing import Any, ClassVar

from ..errors import ConfigError
from ..model import Cue, Label
from .base import Classifier, Context, register
from .doc import Doc
from .features import (
    EMOJI_RE,
    EMOTICON_RE,
    REPEAT_RE,
    CategorisedPhrases,
    TermHit,
    list_hits,
    load_lexicon,
    per_doc,
)

WEIGHTS_FILE = "register_weights.json"
VOCABULARY_FILE = "register_vocabulary.tsv"

# Closed-class word sets: small, stable parts of English grammar, so they live in code.
FIRST_SINGULAR = frozenset("i me my mine myself i'm i've i'll i'd im ive".split())
FIRST_PLURAL = frozenset("we us our ours ourselves we're we've we'll we'd".split())
SECOND_PERSON = frozenset(
    "you your yours yourself yourselves you're you've you'll you'd u ur ya y'all yall youre".split()
)
# Articles and prepositions: the "nominal style" of Heylighen & Dewaele's (1999) F-score, in
# which formal text has more of them and more nouns; informal text more pronouns and verbs.
NOMINAL = frozenset(
    "the a an of in on at by for with from into onto under over between among amongst against "
    "during within without through throughout across toward towards upon beneath beyond per via "
    "regarding concerning despite".split()
)
CONTRACTION_SUFFIXES = ("n't", "'re", "'ve", "'ll", "'d", "'m")
# 's is a contraction only after these (it's, that's…); elsewhere it is usually a possessive.
S_HOSTS = frozenset(
    "it that there here what who where when how he she let everyone everything nothing "
    "something someone somebody nobody this".split()
)
# Contractions written without their apostrophe ("dont", "im"): chat style. Ambiguous forms
# ("wont", "ill", "id", "were", "well", "lets", "hes") are left out on purpose.
NO_APOSTROPHE = frozenset(
    "dont doesnt didnt isnt arent wasnt werent havent hasnt hadnt wouldnt couldnt shouldnt "
    "mustnt cant im ive youre youve youll theyre theyve thats whats wheres theres heres "
    "shouldve couldve wouldve aint".split()
)
REPORTING = frozenset(
    "said says told stated announced reported according added noted explained declared "
    "confirmed acknowledged insisted argued testified".split()
)
SENTENCE_OPENERS = frozenset("and but so or plus".split())
# Latinate and academic word endings (words of 7+ letters): "-tion", "-ment", "-ity"…
LATINATE_RE = re.compile(
    r"(?:tion|sion|ment|ity|ence|ance|ency|ancy|ive|ous|ical|ible|able|ize|ise|ization|isation|"
    r"ology|ary|ory|ial|ular|ism|ist)s?$"
)
# The patterns below that run on every comment start with a character (class): the regular
# expression engine then skips to candidate positions in C instead of trying a match at every
# character, which makes them several times faster. Each gives the same matches as the plain
# spelling in its comment (tests/classify/test_speed_equivalence.py checks them).
#   [.!?…]+["'”’)\]]*(?:\s+|$)|\n\s*\n|\n(?=\s*[-•*])
SENTENCE_END_RE = re.compile(
    r"[.!?…\n](?:(?<=[.!?…])[.!?…]*[\"'”’)\]]*(?:\s+|$)|(?<=\n)\s*\n|(?<=\n)(?=\s*[-•*]))"
)
EXCLAIM_RE = re.compile(r"!!*")  # !+
# Words in capitals (2+ letters), capitalised words, and the pronoun "i" in lower case.
#   (?<![\w'’\-])[A-ZÀ-ÖØ-Þ]{2,}(?![\w'’\-])
CAPS_WORD_RE = re.compile(r"[A-ZÀ-ÖØ-Þ](?<![\w'’\-].)[A-ZÀ-ÖØ-Þ]+(?![\w'’\-])")
OPENER_WORD_RE = re.compile(r"([A-Za-z]+)(?![\w'’\-])([,!])?")
#   (?<![\w'’\-])i(?![\w'’\-])
LOWER_I_RE = re.compile(r"i(?<![\w'’\-]i)(?![\w'’\-])")
#   [:;=8][\-'^o]?[)(\]\[DPpOo3|/\\*@$]|<3|\^[_.\-]?\^|-_-|[xX][Dd]|\([:;]
EMOTICON_HINT = re.compile(
    r"[:;=8<^\-xX(](?:(?<=[:;=8])[\-'^o]?[)(\]\[DPpOo3|/\\*@$]|(?<=<)3|(?<=\^)[_.\-]?\^|(?<=-)_-"
    r"|(?<=[xX])[Dd]|(?<=\()[:;])"
)
QUESTION_RE = re.compile(r"\?\?*")  # \?+
#   [!?]{2,}|[!?][!?.]*[!?]
PUNCT_RUN_RE = re.compile(r"[!?](?:[!?]+|[!?.]*[!?])")
ELLIPSIS_RE = re.compile(r"\.\.+|…")  # \.{2,}|…
ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "cf.", "viz.")
ABBREV_RE = re.compile(r"\b(?:e\.g|i\.e|etc|cf|viz)\.", re.IGNORECASE)
HANDLE_RE = re.compile(r"[@#](?<![\w@].)[A-Za-z_]\w*")  # (?<![\w@])[@#][A-Za-z_]\w*
FINAL_PUNCT = frozenset(".!?…\"')]”’:;")

#: Features in output order; "text" features describe the whole comment (no span).
FEATURES: tuple[str, ...] = (
    "contraction",
    "no_apostrophe",
    "slang",
    "interjection",
    "emoji",
    "exclamation",
    "question",
    "punct_run",
    "ellipsis",
    "caps",
    "acronym",
    "elongation",
    "lowercase_start",
    "lowercase_i",
    "all_lowercase",
    "no_final_punct",
    "first_singular",
    "first_plural",
    "second_person",
    "informal_start",
    "informal_hedge",
    "intensifier",
    "handle",
    "formal_hedge",
    "connective",
    "academic",
    "latinate",
    "nominal",
    "reporting",
    "number",
    "swear",
    "vocabulary",
    "word_length",
    "sentence_length",
    "word_count",
)
#: Features that can only raise formality; all others can only lower it (sign constraints of
#: the fit, so that an explanation never credits "!!!" with formality).
FORMAL_FEATURES = frozenset(
    {
        "acronym",
        "formal_hedge",
        "connective",
        "academic",
        "latinate",
        "nominal",
        "reporting",
        "number",
        "word_length",
        "sentence_length",
        "word_count",
        "vocabulary",
        "first_plural",
    }
)
#: Features measured on the whole text rather than as matched spans.
TEXT_FEATURES = frozenset({"all_lowercase", "no_final_punct", "word_length", "sentence_length", "word_count"})

#: Rates are counts per word, with this many words added to the denominator so that one
#: contraction in a three-word reply does not weigh like thirty in a hundred words.
RATE_SMOOTHING = 4.0

#: Typical English word length in letters (running text), the prior for short texts.
TYPICAL_WORD_LENGTH = 4.5

#: Chat markers count by occurrence (log of 1 + count), not per word: one "lol" or "!!!" makes a
#: long comment informal as surely as a short one (the team's annotation scheme, and readers).
MARKER_FEATURES = frozenset(
    "slang interjection emoji punct_run elongation caps swear handle no_apostrophe lowercase_i "
    "exclamation question ellipsis contraction lowercase_start".split()
)
#: Chat markers in the annotation guide's sense: slang, interjections, emoji, "!!!", ALL CAPS,
#: stretched words, chat-style lower case. Contractions and a single "!" are not among them:
#: "ordinary complete sentences with contractions" are neutral.
CHAT_MARKERS = frozenset(
    "slang interjection emoji punct_run elongation caps swear handle no_apostrophe lowercase_i "
    "all_lowercase".split()
)

#: Rule id of each feature's cues.
_RULES: dict[str, str] = {f: f"register.{f}" for f in FEATURES}
_new = tuple.__new__

#: The vocabulary feature shows this many of its words (the strongest) as cues.
VOCABULARY_CUES = 4
#: Other counted features show at most this many matches each (each with its share of points).
MAX_SPANS_PER_FEATURE = 10


@dataclass(slots=True)
class RegisterFeatures:
    """What one text shows: a value per feature and the matches behind counted features.

    Attributes:
        values: feature → value (rates, log counts or whole-text measures); absent = 0.
        matches: feature → ``(start, end)`` of its counted matches, in the order found
            (features in the order of their first match).
        vocabulary: ``(start, end, score)`` of every word with a vocabulary score.
    """

    values: dict[str, float] = field(default_factory=dict)
    matches: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    vocabulary: list[tuple[int, int, float]] = field(default_factory=list)
    n_words: int = 0
    n_sentences: int = 0

    @property
    def hits(self) -> list[tuple[str, int, int]]:
        """``(feature, start, end)`` of every counted match."""
        return [(f, s, e) for f, found in self.matches.items() for s, e in found]

    def spans_of(self, feature: str) -> list[tuple[int, int]]:
        """A feature's matched spans in text order (empty when it has none)."""
        if feature == "vocabulary":
            return [(s, e) for s, e, _ in self.vocabulary]
        found = self.matches.get(feature)
        if not found:
            return []
        # A stable sort on the start: matches found by different rules keep their order.
        return sorted(found, key=itemgetter(0)) if len(found) > 1 else list(found)

    @property
    def spans(self) -> dict[str, list[tuple[int, int]]]:
        """Feature → its matched spans in text order (features without matches are absent)."""
        out = {f: self.spans_of(f) for f in self.matches}
        if self.vocabulary:
            out["vocabulary"] = self.spans_of("vocabulary")
        return out


@dataclass(frozen=True, slots=True)
class _Lexicons:
    phrases: CategorisedPhrases
    interjection_words: frozenset[str]
    intensifiers: frozenset[str]
    academic: frozenset[str]


@lru_cache(maxsize=1)
def _lexicons() -> _Lexicons:
    connectives = load_lexicon("register_connectives")
    # One pass for all phrase lists; where lists share an entry, the first listed wins.
    phrases = CategorisedPhrases(
        [
            ("connective", connectives),
            ("formal_hedge", load_lexicon("register_hedges_formal")),
            ("informal_hedge", load_lexicon("register_hedges_informal")),
            ("slang", load_lexicon("register_slang")),
            ("interjection", load_lexicon("register_interjections")),
        ]
    )
    return _Lexicons(
        phrases=phrases,
        interjection_words=frozenset(load_lexicon("register_interjection_words")),
        intensifiers=frozenset(load_lexicon("register_intensifiers")),
        # Connectives are counted once, as connectives, not again as academic words.
        academic=frozenset(load_lexicon("register_academic")) - frozenset(connectives),
    )


def swear_words(doc: Doc) -> list[TermHit]:
    """Profanity and insults in a text (computed once per Doc, shared with moderation)."""
    return per_doc(doc, "_swear_words", lambda: _find_swear(doc))


def _find_swear(doc: Doc) -> list[TermHit]:
    hits = list_hits(doc, "moderation_profanity") + list_hits(doc, "moderation_insult")
    unique = {(h.start, h.end): h for h in hits}  # a word on both lists counts once
    return sorted(unique.values(), key=lambda h: h.start)


@dataclass(frozen=True, slots=True, eq=False)
class _Profile:
    """What a lower-cased word is, wherever it stands (computed once per word and vocabulary).

    ``kinds`` are the features the word always counts for; ``lexical`` (intensifier, latinate,
    academic) counts only outside a matched phrase; ``vocab`` is its vocabulary score, or the
    score of an unknown word when ``unknown_ok`` (then only if written in lower case).

    The last three fields are derived from the others, for :func:`extract`'s C-level passes:
    ``marks`` (the word adds a counted match), ``vocab_letters`` (its vocabulary score, counted
    only for words with letters) and ``unknown_letters`` (may take the unknown-word score).
    """

    kinds: tuple[str, ...]
    lexical: str | None
    nlet: int
    vocab: float | None
    unknown_ok: bool
    marks: bool = False
    vocab_letters: float | None = None
    unknown_letters: bool = False


def _new_profile(
    kinds: tuple[str, ...], lexical: str | None, nlet: int, vocab: float | None, unknown_ok: bool
) -> _Profile:
    return _Profile(
        kinds,
        lexical,
        nlet,
        vocab,
        unknown_ok,
        marks=bool(kinds) or bool(nlet and lexical),
        vocab_letters=vocab if nlet else None,
        unknown_letters=bool(nlet and vocab is None and unknown_ok),
    )


def _profile(lw: str, vocabulary: Vocabulary | None) -> _Profile:
    lex = _lexicons()
    if any(ch.isdigit() for ch in lw):
        return _new_profile(("number",), None, 0, None, False)
    kinds: list[str] = []
    if "'" in lw:
        if lw.endswith(CONTRACTION_SUFFIXES) or (lw.endswith("'s") and lw[:-2] in S_HOSTS):
            kinds.append("contraction")
    elif lw in NO_APOSTROPHE:
        kinds.append("no_apostrophe")
    for name, words in (
        ("first_singular", FIRST_SINGULAR),
        ("first_plural", FIRST_PLURAL),
        ("second_person", SECOND_PERSON),
        ("nominal", NOMINAL),
        ("reporting", REPORTING),
    ):
        if lw in words:
            kinds.append(name)
            break
    elongated = bool(REPEAT_RE.search(lw)) and lw != "www"
    if elongated:
        kinds.append("elongation")
    stem = lw[:-2] if lw.endswith("'s") else lw
    lexical: str | None = None
    if lw in lex.intensifiers:
        lexical = "intensifier"
    elif len(stem) >= 7 and LATINATE_RE.search(stem):
        lexical = "latinate"
    elif any(b in lex.academic for b in _base_forms(stem)):
        lexical = "academic"
    nlet = sum(1 for ch in lw if ch.isalpha())
    vocab = vocabulary.scores.get(lw) if vocabulary else None
    unknown_ok = bool(vocabulary and vocabulary.unknown) and len(lw) >= 3 and lw.isalpha() and not elongated
    return _new_profile(tuple(kinds), lexical, nlet, vocab, unknown_ok)


#: Profiles are kept per vocabulary, up to this many words (then the cache starts afresh).
_PROFILES_MAX = 200_000
_NO_VOCABULARY_PROFILES: dict[str, _Profile] = {}


def _base_forms(word: str) -> Iterator[str]:
    """The word and its likely base forms without inflection ("assessed" → "assess")."""
    yield word
    if len(word) > 4:
        if word.endswith("s"):
            yield word[:-1]
            if word.endswith("es"):
                yield word[:-2]
        if word.endswith("ed"):
            yield word[:-2]
            yield word[:-1]
        if word.endswith("ing"):
            yield word[:-3]
            yield word[:-3] + "e"


def _sentence_starts(text: str) -> list[int]:
    """Character offsets where sentences begin (the first non-space character of each)."""
    starts = [0]
    for m in SENTENCE_END_RE.finditer(text):
        if m.end() < len(text):
            starts.append(m.end())
    out = []
    for s in starts:
        while s < len(text) and text[s] in " \t\r\n\"'“‘([-•*":
            s += 1
        if s < len(text):
            out.append(s)
    return out


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Word formality scores (log-odds of formal vs informal corpora), see fit_register.py.

    Attributes:
        scores: lower-cased word → score (positive = more frequent in formal prose).
        unknown: score of a lower-case word of 3+ letters missing from ``scores``: rare words
            are mostly formal ones ("eulogy", "septicemia").
    """

    scores: dict[str, float]
    unknown: float = 0.0
    #: Word → profile cache for this vocabulary (filled while texts are scored).
    profiles: dict[str, _Profile] = field(default_factory=dict, compare=False, repr=False)


_span = re.Match.span
_first = itemgetter(0)
_second = itemgetter(1)
_third = itemgetter(2)
_marks = attrgetter("marks")
_nlet = attrgetter("nlet")
_vocab_letters = attrgetter("vocab_letters")
_unknown_letters = attrgetter("unknown_letters")


def _found(matches: dict[str, list[tuple[int, int]]], feature: str, spans: list[tuple[int, int]]) -> None:
    """Add a rule's matches to ``matches`` (a feature is keyed on its first match)."""
    if spans:
        have = matches.get(feature)
        if have is None:
            matches[feature] = spans
        else:
            have.extend(spans)


def extract(doc: Doc, vocabulary: Vocabulary | None = None) -> RegisterFeatures:
    """Measure every register feature of one text.

    Per-word facts come from a cache (one dictionary look-up per distinct word, then C-level
    passes over the words); features that depend on position or capitals are found by regular
    expressions over the text, also at C speed.

    Args:
        doc: the text, tokenised once and shared with the other classifiers.
        vocabulary: word formality scores; without it the vocabulary feature is 0.

    Returns:
        Feature values (rates per word, log counts for chat markers) and the matches behind them.
    """
    lex = _lexicons()
    text = doc.text
    words = doc.word_spans
    lower = doc.lower_words
    if "’" in text:
        lower = [w.replace("’", "'") for w in lower]
    n = len(words)
    starts = _sentence_starts(text)
    # Feature -> spans, keyed in the order features are first met (the order values and
    # contributions are summed in, so it is kept exactly).
    matches: dict[str, list[tuple[int, int]]] = {}

    used: set[int] = set()  # start offsets of words inside matched phrases
    for i, j, name in lex.phrases.find(lower):
        _found(matches, name, [(words[i][1], words[j - 1][2])])
        used.update(words[k][1] for k in range(i, j))

    profiles = vocabulary.profiles if vocabulary else _NO_VOCABULARY_PROFILES
    if len(profiles) >= _PROFILES_MAX:
        profiles.clear()
    profs = list(map(profiles.get, lower))
    if None in profs:
        for k, p in enumerate(profs):
            if p is None:
                lw = lower[k]
                p = profiles.get(lw)
                if p is None:
                    p = profiles[lw] = _profile(lw, vocabulary)
                profs[k] = p

    # Words that add a counted match (pronouns, contractions, latinate words…), in text order.
    for i in compress(range(n), map(_marks, profs)):
        p = profs[i]
        _, s, e = words[i]
        for k in p.kinds:
            have = matches.get(k)
            if have is None:
                matches[k] = [(s, e)]
            else:
                have.append((s, e))
        if p.nlet and p.lexical and s not in used:
            have = matches.get(p.lexical)
            if have is None:
                matches[p.lexical] = [(s, e)]
            else:
                have.append((s, e))
    nlets = list(map(_nlet, profs))
    letters = sum(nlets)
    lettered = n - nlets.count(0)
    # Vocabulary scores per word (None: no score); unknown words count only in lower case.
    scores = list(map(_vocab_letters, profs))
    if any(map(_unknown_letters, profs)):
        unknown = vocabulary.unknown if vocabulary else 0.0
        for i in compress(range(n), map(_unknown_letters, profs)):
            if words[i][0] == lower[i]:
                scores[i] = unknown
    has_score = list(map(is_not, scores, repeat(None)))
    vocab_scores = list(compress(scores, has_score))
    vocab_hits: list[tuple[int, int, float]] = []
    vocab_sum = 0.0
    if vocab_scores:
        scored_words = list(compress(words, has_score))
        vocab_hits = list(
            zip(map(_second, scored_words), map(_third, scored_words), vocab_scores, strict=True)
        )
        # Summed left to right, as a running total (not sum(), whose float rounding varies by version).
        vocab_sum = reduce(add, vocab_scores, 0.0)

    # Position and capitals: regular expressions over the text instead of per-word tests.
    if text != doc.lower:
        caps = list(map(_span, CAPS_WORD_RE.finditer(text)))
        # Runs of two or more caps words (or one long one) are shouting; a short caps word on
        # its own is usually an acronym (NATO, FBI), a mark of news prose instead.
        for ci, (cs, ce) in enumerate(caps):
            near = (ci > 0 and _adjacent(text, caps[ci - 1][1], cs)) or (
                ci + 1 < len(caps) and _adjacent(text, ce, caps[ci + 1][0])
            )
            _found(matches, "caps" if near or ce - cs >= 6 else "acronym", [(cs, ce)])
    for st in starts:
        if text[st].islower():
            _found(matches, "lowercase_start", [(st, st + 1)])
    if " i" in text or text.startswith("i"):
        _found(matches, "lowercase_i", list(map(_span, LOWER_I_RE.finditer(text))))
    # Sentence openers: "Man," / "Well!" (interjections) and "And" / "But" (informal starts).
    for st in starts:
        om = OPENER_WORD_RE.match(text, st)
        if om is None or st in used:
            continue
        word = om.group(1).lower()
        if word in lex.interjection_words and om.group(2):
            _found(matches, "interjection", [(st, om.end(1))])
        elif word in SENTENCE_OPENERS and st > starts[0]:
            _found(matches, "informal_start", [(st, om.end(1))])
    if "!" in text:
        _found(matches, "exclamation", list(map(_span, EXCLAIM_RE.finditer(text))))
    if "?" in text:
        _found(matches, "question", list(map(_span, QUESTION_RE.finditer(text))))
    if "!" in text or "?" in text:
        _found(matches, "punct_run", list(map(_span, PUNCT_RUN_RE.finditer(text))))
    if ".." in text or "…" in text:
        _found(matches, "ellipsis", list(map(_span, ELLIPSIS_RE.finditer(text))))
    if "." in text and any(a in doc.lower for a in ABBREVIATIONS):
        _found(matches, "connective", list(map(_span, ABBREV_RE.finditer(text))))
    if "@" in text or "#" in text:
        _found(matches, "handle", list(map(_span, HANDLE_RE.finditer(text))))
    if EMOTICON_HINT.search(text):
        _found(matches, "emoji", list(map(_span, EMOTICON_RE.finditer(text))))
    if not text.isascii():
        _found(matches, "emoji", list(map(_span, EMOJI_RE.finditer(text))))
    # Swear words and insults are informal whatever their target (the moderation word lists,
    # matched once per Doc and shared with the moderation classifier).
    swear = swear_words(doc)
    if swear:
        _found(matches, "swear", [(hit.start, hit.end) for hit in swear])

    n_sent = max(1, len(starts))
    denom = n + RATE_SMOOTHING
    values: dict[str, float] = {
        f: (math.log1p(len(found)) if f in MARKER_FEATURES else len(found) / denom)
        for f, found in matches.items()
    }
    if vocab_hits:
        values["vocabulary"] = vocab_sum / denom
    if n >= 3 and lettered and text == doc.lower:
        values["all_lowercase"] = 1.0
    stripped = text.rstrip()
    if n >= 1 and stripped and stripped[-1] not in FINAL_PUNCT:
        values["no_final_punct"] = 1.0
    # Average word length, pulled towards a typical 4.5 letters by RATE_SMOOTHING words: two long
    # words ("Interesting developments.") say little about a writer's register.
    values["word_length"] = (letters + TYPICAL_WORD_LENGTH * RATE_SMOOTHING) / (lettered + RATE_SMOOTHING)
    values["sentence_length"] = math.log1p(n / n_sent)
    values["word_count"] = math.log1p(n)
    return RegisterFeatures(values, matches, vocab_hits, n_words=n, n_sentences=n_sent)


def _adjacent(text: str, end: int, start: int) -> bool:
    """True when only spaces (or a hyphen/comma) separate two words: "SO WRONG"."""
    return start > end and not text[end:start].strip(" ,-")


@lru_cache(maxsize=4)
def load_weights(name: str = WEIGHTS_FILE) -> dict[str, Any]:
    """Read the fitted model shipped in ``classify/data/`` (see ``scripts/fit_register.py``)."""
    path = resources.files("discourse.classify").joinpath("data", name)
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"register weights {name!r} not found in discourse/classify/data/") from None
    missing = set(data["coef"]) - set(FEATURES)
    if missing:
        raise ConfigError(f"register weights name unknown features: {', '.join(sorted(missing))}")
    return data


@lru_cache(maxsize=4)
def load_vocabulary(name: str = VOCABULARY_FILE, unknown: float = 0.0) -> Vocabulary:
    """Read the word formality scores shipped in ``classify/data/`` (``word<TAB>score``)."""
    path = resources.files("discourse.classify").joinpath("data", name)
    scores: dict[str, float] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"register vocabulary {name!r} not found in discourse/classify/data/") from None
    for line in text.splitlines():
        if line and not line.startswith("#"):
            word, _, score = line.partition("\t")
            scores[word] = float(score)
    return Vocabulary(scores, unknown)


@register
class Register(Classifier):
    """Formal / neutral / informal from a 0–100 formality score with per-feature contributions.

    Args:
        formal_threshold: formality at or above which a text is labelled formal.
        informal_threshold: formality below which a text is labelled informal.
        chat_marker_points: a text whose chat markers (slang, interjections, emoji, "!!!",
            ALL CAPS…) take at least this many points off its score is labelled informal unless
            it reaches ``formal_threshold``; 0 turns the rule off.
        weights: file name of the fitted model in ``discourse/classify/data/``.
        min_cue_points: contributions smaller than this (in score points) are left out of the
            cues, so the explanation shows what mattered.
    """

    name: ClassVar[str] = "register"
    labels: ClassVar[tuple[str, ...]] = ("informal", "neutral", "formal")
    default_label: ClassVar[str] = "neutral"
    description: ClassVar[str] = "how formal a comment's wording is (0 = chat, 100 = official prose)"
    version: ClassVar[str] = "1"

    def __init__(
        self,
        *,
        formal_threshold: float = 62.0,
        informal_threshold: float = 38.0,
        chat_marker_points: float = 4.0,
        weights: str = WEIGHTS_FILE,
        min_cue_points: float = 1.0,
    ) -> None:
        self.formal_threshold = formal_threshold
        self.informal_threshold = informal_threshold
        self.chat_marker_points = chat_marker_points
        self.weights = weights
        self.min_cue_points = min_cue_points

    def validate(self) -> None:
        if not 0 <= self.informal_threshold <= self.formal_threshold <= 100:
            raise ConfigError(
                "register: need 0 <= informal_threshold <= formal_threshold <= 100, got "
                f"{self.informal_threshold!r} and {self.formal_threshold!r}"
            )
        if self.chat_marker_points < 0:
            raise ConfigError(f"register.chat_marker_points must be >= 0, got {self.chat_marker_points!r}")
        if self.min_cue_points < 0:
            raise ConfigError(f"register.min_cue_points must be >= 0, got {self.min_cue_points!r}")

    def prepare(self) -> None:
        model = load_weights(self.weights)
        # Points per unit of each feature; reference values for the whole-text features.
        self.points_: dict[str, float] = {f: float(w) for f, w in model["coef"].items()}
        self.reference_: dict[str, float] = {f: float(v) for f, v in model.get("reference", {}).items()}
        self.baseline_: float = float(model["baseline"])
        self.vocabulary_ = load_vocabulary(VOCABULARY_FILE, float(model.get("unknown_word_score", 0.0)))
        _lexicons()

    def contributions(self, feats: RegisterFeatures) -> dict[str, float]:
        """Score points each feature adds to (or takes from) the baseline."""
        out = {}
        points, reference = self.points_, self.reference_
        for f, v in feats.values.items():
            pts = points.get(f)
            if pts:
                x = v - reference.get(f, 0.0)
                if x:
                    out[f] = pts * x
        for f, ref in reference.items():  # whole-text features absent from this text
            if f not in feats.values and points.get(f):
                out[f] = -points[f] * ref
        return out

    def score(self, text: str | Doc, context: Context | None = None) -> Label:
        doc = Doc.of(text)
        if doc.empty:
            return Label(self.name, self.default_label, 50.0, (), {"baseline": 50.0})
        feats = extract(doc, self.vocabulary_)
        if feats.n_words == 0:
            # Only emoji or punctuation: judge by those alone; length features say nothing.
            for f in ("word_length", "sentence_length", "word_count"):
                feats.values[f] = self.reference_.get(f, 0.0)
        contrib = self.contributions(feats)
        raw = self.baseline_ + sum(contrib.values())
        formality = min(100.0, max(0.0, raw))
        chat = -sum([pts for f, pts in contrib.items() if f in CHAT_MARKERS and pts < 0])
        if formality >= self.formal_threshold:
            label = "formal"
        elif formality < self.informal_threshold:
            label = "informal"
        elif self.chat_marker_points and chat >= self.chat_marker_points:
            label = "informal"
        else:
            label = "neutral"
        cues = self._cues(doc, feats, contrib)
        extras: dict[str, Any] = {
            "baseline": round(self.baseline_, 2),
            "chat_marker_points": round(chat, 2),
        }
        if doc.language not in ("en", "und"):
            extras["notes"] = [f"language={doc.language}: register features are English-specific"]
        return Label(self.name, label, round(formality, 2), tuple(cues), extras)

    def _cues(self, doc: Doc, feats: RegisterFeatures, contrib: dict[str, float]) -> list[Cue]:
        cues: list[Cue] = []
        text = doc.text
        matches = feats.matches
        items = list(contrib.items())
        # Strongest first: a stable sort on |points| (ties keep the features' order).
        strength = list(map(abs, contrib.values()))
        floor = self.min_cue_points
        for k in sorted(range(len(items)), key=strength.__getitem__, reverse=True):
            if strength[k] < floor:
                continue
            f, pts = items[k]
            if f == "vocabulary":
                if feats.vocabulary:
                    cues.extend(self._vocabulary_cues(doc, feats))
                    continue
                found = None
            else:
                found = matches.get(f)
                if found and len(found) > 1:
                    found = sorted(found, key=_first)  # text order; stable for equal starts
            if found:
                # Each match carries its share; a long comment shows its first few matches.
                each = pts / len(found)
                rule = _RULES[f]
                cues.extend(
                    [_new(Cue, (rule, text[s:e], s, e, each)) for s, e in found[:MAX_SPANS_PER_FEATURE]]
                )
            else:
                cues.append(_new(Cue, (_RULES.get(f) or f"register.{f}", _describe(f, feats), -1, -1, pts)))
        return cues

    def _vocabulary_cues(self, doc: Doc, feats: RegisterFeatures) -> list[Cue]:
        """One cue per scored word, strongest first, up to ``VOCABULARY_CUES`` of them."""
        per_word = self.points_.get("vocabulary", 0.0) / (feats.n_words + RATE_SMOOTHING)
        vocab = feats.vocabulary
        # Largest |score| first, ties by position: a stable descending sort of text-ordered words.
        strength = list(map(abs, map(_third, vocab)))
        top = sorted(range(len(vocab)), key=strength.__getitem__, reverse=True)[:VOCABULARY_CUES]
        text = doc.text
        out = []
        for k in top:
            s, e, sc = vocab[k]
            out.append(_new(Cue, ("register.vocabulary", text[s:e], s, e, per_word * sc)))
        return out

    def columns(self, label: Label | None) -> dict[str, Any]:
        if label is None:
            return {"register": None, "formality": None}
        return {"register": label.label, "formality": round(label.score, 1)}


#: Texts of the length cues, by value (formatting a float costs more than finding it here).
_LENGTH_TEXTS: dict[tuple[str, float], str] = {}


def _describe(feature: str, feats: RegisterFeatures) -> str:
    """A short readable text for a whole-text feature's cue."""
    v = feats.values.get(feature, 0.0)
    if feature == "word_length" or feature == "sentence_length":
        x = v if feature == "word_length" else feats.n_words / max(1, feats.n_sentences)
        text = _LENGTH_TEXTS.get((feature, x))
        if text is None:
            if feature == "word_length":
                text = f"average word length {x:.1f} letters"
            else:
                text = f"{x:.0f} words per sentence"
            if len(_LENGTH_TEXTS) >= 100_000:
                _LENGTH_TEXTS.clear()
            _LENGTH_TEXTS[(feature, x)] = text
        return text
    if feature == "word_count":
        return f"{feats.n_words} words"
    if feature == "all_lowercase":
        return "no capital letters"
    if feature == "no_final_punct":
        return "no closing punctuation"
    return feature.replace("_", " ")
