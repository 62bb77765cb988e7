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
from functools import lru_cache
from importlib import resources
from typing import Any, ClassVar

from ..errors import ConfigError
from ..model import Cue, Label
from .base import Classifier, Context, register
from .doc import Doc
from .features import EMOJI_RE, EMOTICON_RE, REPEAT_RE, PhraseSet, TermHit, list_hits, load_lexicon, per_doc

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
SENTENCE_END_RE = re.compile(r"[.!?…]+[\"'”’)\]]*(?:\s+|$)|\n\s*\n|\n(?=\s*[-•*])")
EXCLAIM_RE = re.compile(r"!+")
QUESTION_RE = re.compile(r"\?+")
PUNCT_RUN_RE = re.compile(r"[!?]{2,}|[!?][!?.]*[!?]")
ELLIPSIS_RE = re.compile(r"\.{2,}|…")
ABBREV_RE = re.compile(r"\b(?:e\.g|i\.e|etc|cf|viz)\.", re.IGNORECASE)
HANDLE_RE = re.compile(r"(?<![\w@])[@#][A-Za-z_]\w*")
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
    "capitalised",
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
        "capitalised",
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

#: The vocabulary feature shows this many of its words (the strongest) as cues.
VOCABULARY_CUES = 8


@dataclass(slots=True)
class RegisterFeatures:
    """What one text shows: a value per feature and the spans that make up count features."""

    values: dict[str, float] = field(default_factory=dict)
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    #: Per-span scores of the vocabulary feature (same order as ``spans["vocabulary"]``).
    vocabulary_scores: list[float] = field(default_factory=list)
    n_words: int = 0
    n_sentences: int = 0


@dataclass(frozen=True, slots=True)
class _Lexicons:
    slang: PhraseSet
    interjections: PhraseSet
    interjection_words: frozenset[str]
    connectives: PhraseSet
    formal_hedges: PhraseSet
    informal_hedges: PhraseSet
    intensifiers: frozenset[str]
    academic: frozenset[str]


@lru_cache(maxsize=1)
def _lexicons() -> _Lexicons:
    connectives = load_lexicon("register_connectives")
    return _Lexicons(
        slang=PhraseSet(load_lexicon("register_slang")),
        interjections=PhraseSet(load_lexicon("register_interjections")),
        interjection_words=frozenset(load_lexicon("register_interjection_words")),
        connectives=PhraseSet(connectives),
        formal_hedges=PhraseSet(load_lexicon("register_hedges_formal")),
        informal_hedges=PhraseSet(load_lexicon("register_hedges_informal")),
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


def extract(doc: Doc, vocabulary: Vocabulary | None = None) -> RegisterFeatures:
    """Measure every register feature of one text in one pass over its words.

    Args:
        doc: the text, tokenised once and shared with the other classifiers.
        vocabulary: word formality scores; without it the vocabulary feature is 0.

    Returns:
        Feature values (rates per word for counted features) and the spans behind them.
    """
    lex = _lexicons()
    text = doc.text
    spans: dict[str, list[tuple[int, int]]] = {f: [] for f in FEATURES if f not in TEXT_FEATURES}
    words = doc.word_spans
    lower = [w.replace("’", "'") for w in doc.lower_words]
    n = len(words)
    starts = _sentence_starts(text)
    start_set = set(starts)

    def add_phrases(name: str, phrases: PhraseSet) -> set[int]:
        hit: set[int] = set()
        for i, j in phrases.find(lower):
            spans[name].append((words[i][1], words[j - 1][2]))
            hit.update(range(i, j))
        return hit

    used = add_phrases("connective", lex.connectives)
    used |= add_phrases("formal_hedge", lex.formal_hedges)
    used |= add_phrases("informal_hedge", lex.informal_hedges)
    used |= add_phrases("slang", lex.slang)
    used |= add_phrases("interjection", lex.interjections)

    letters = 0
    lettered = 0
    caps_idx: list[int] = []
    vocab = vocabulary.scores if vocabulary else {}
    unknown = vocabulary.unknown if vocabulary else 0.0
    vocab_scores: list[float] = []
    for i, ((w, s, e), lw) in enumerate(zip(words, lower, strict=True)):
        at_start = s in start_set
        if lw.isdigit() or any(ch.isdigit() for ch in lw):
            spans["number"].append((s, e))
            continue
        nlet = sum(1 for ch in w if ch.isalpha())
        if nlet:
            letters += nlet
            lettered += 1
        score = vocab.get(lw)
        if (
            score is None
            and unknown
            and len(w) >= 3
            and w.isalpha()
            and w.islower()
            and not REPEAT_RE.search(w)
        ):
            score = unknown
        if score:
            spans["vocabulary"].append((s, e))
            vocab_scores.append(score)
        if "'" in lw:
            if lw.endswith(CONTRACTION_SUFFIXES) or (lw.endswith("'s") and lw[:-2] in S_HOSTS):
                spans["contraction"].append((s, e))
        elif lw in NO_APOSTROPHE:
            spans["no_apostrophe"].append((s, e))
        if lw in FIRST_SINGULAR:
            spans["first_singular"].append((s, e))
            if w == "i":
                spans["lowercase_i"].append((s, e))
        elif lw in FIRST_PLURAL:
            spans["first_plural"].append((s, e))
        elif lw in SECOND_PERSON:
            spans["second_person"].append((s, e))
        elif lw in NOMINAL:
            spans["nominal"].append((s, e))
        elif lw in REPORTING:
            spans["reporting"].append((s, e))

        if len(w) >= 2 and w.isupper() and w.isalpha():
            caps_idx.append(i)
        elif at_start:
            if w[0].islower():
                spans["lowercase_start"].append((s, s + 1))
        elif w[0].isupper() and lw != "i":
            spans["capitalised"].append((s, e))
        if REPEAT_RE.search(lw) and lw != "www":
            spans["elongation"].append((s, e))
        if i in used:
            continue
        if at_start and lw in lex.interjection_words and e < len(text) and text[e] in ",!":
            spans["interjection"].append((s, e))
        elif at_start and lw in SENTENCE_OPENERS and i > 0:
            spans["informal_start"].append((s, e))
        elif lw in lex.intensifiers:
            spans["intensifier"].append((s, e))

        elif len(stem := lw[:-2] if lw.endswith("'s") else lw) >= 7 and LATINATE_RE.search(stem):
            spans["latinate"].append((s, e))
        elif any(b in lex.academic for b in _base_forms(stem)):
            spans["academic"].append((s, e))

    # ALL-CAPS: runs of two or more caps words (or one long one) are shouting; a short caps word
    # on its own is usually an acronym (NATO, FBI), which is a mark of news prose instead.
    caps_set = set(caps_idx)
    for i in caps_idx:
        w, s, e = words[i]
        in_run = (i - 1) in caps_set or (i + 1) in caps_set
        if in_run or len(w) >= 6:
            spans["caps"].append((s, e))
        else:
            spans["acronym"].append((s, e))

    for m in EXCLAIM_RE.finditer(text):
        spans["exclamation"].append(m.span())
    for m in QUESTION_RE.finditer(text):
        spans["question"].append(m.span())
    for m in PUNCT_RUN_RE.finditer(text):
        spans["punct_run"].append(m.span())
    # Swear words and insults are informal whatever their target (the moderation word lists,
    # shared with the moderation classifier through the Doc).
    for hit in swear_words(doc):
        spans["swear"].append((hit.start, hit.end))
    for m in ELLIPSIS_RE.finditer(text):
        spans["ellipsis"].append(m.span())
    for m in ABBREV_RE.finditer(text):
        spans["connective"].append(m.span())
    if "@" in text or "#" in text:
        for m in HANDLE_RE.finditer(text):
            spans["handle"].append(m.span())
    emoticons = [m.span() for m in EMOTICON_RE.finditer(text)]
    if not text.isascii():
        emoticons += [m.span() for m in EMOJI_RE.finditer(text)]
    spans["emoji"] = sorted(emoticons)

    n_sent = max(1, len(starts))
    values: dict[str, float] = {}
    denom = n + RATE_SMOOTHING
    for name, found in spans.items():
        if name in MARKER_FEATURES:
            values[name] = math.log1p(len(found))
        else:
            values[name] = len(found) / denom
    values["vocabulary"] = sum(vocab_scores) / denom
    has_letters = any(ch.isalpha() for ch in text)
    values["all_lowercase"] = float(n >= 3 and has_letters and text == doc.lower)
    stripped = text.rstrip()
    values["no_final_punct"] = float(n >= 1 and bool(stripped) and stripped[-1] not in FINAL_PUNCT)
    values["word_length"] = letters / lettered if lettered else 0.0
    values["sentence_length"] = math.log1p(n / n_sent)
    values["word_count"] = math.log1p(n)
    return RegisterFeatures(values, spans, vocab_scores, n_words=n, n_sentences=n_sent)


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
        min_cue_points: float = 0.5,
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
        for f, pts in self.points_.items():
            x = feats.values.get(f, 0.0) - self.reference_.get(f, 0.0)
            if x:
                out[f] = pts * x
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
        chat = -sum(pts for f, pts in contrib.items() if f in CHAT_MARKERS and pts < 0)
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
            "features": {f: round(v, 4) for f, v in feats.values.items() if v},
        }
        if doc.language not in ("en", "und"):
            extras["notes"] = [f"language={doc.language}: register features are English-specific"]
        return Label(self.name, label, round(formality, 2), tuple(cues), extras)

    def _cues(self, doc: Doc, feats: RegisterFeatures, contrib: dict[str, float]) -> list[Cue]:
        cues: list[Cue] = []
        for f, pts in sorted(contrib.items(), key=lambda kv: -abs(kv[1])):
            if abs(pts) < self.min_cue_points:
                continue
            found = feats.spans.get(f)
            if f == "vocabulary" and found:
                cues.extend(self._vocabulary_cues(doc, feats))
            elif found:
                each = pts / len(found)
                cues.extend(Cue(f"register.{f}", doc.text[s:e], s, e, each) for s, e in found)
            else:
                cues.append(Cue(f"register.{f}", _describe(f, feats), -1, -1, pts))
        return cues

    def _vocabulary_cues(self, doc: Doc, feats: RegisterFeatures) -> list[Cue]:
        """One cue per scored word, strongest first, up to ``VOCABULARY_CUES`` of them."""
        per_word = self.points_.get("vocabulary", 0.0) / (feats.n_words + RATE_SMOOTHING)
        scored = sorted(
            zip(feats.spans["vocabulary"], feats.vocabulary_scores, strict=True),
            key=lambda item: -abs(item[1]),
        )[:VOCABULARY_CUES]
        return [Cue("register.vocabulary", doc.text[s:e], s, e, per_word * sc) for (s, e), sc in scored]

    def columns(self, label: Label | None) -> dict[str, Any]:
        if label is None:
            return {"register": None, "formality": None}
        return {"register": label.label, "formality": round(label.score, 1)}


def _describe(feature: str, feats: RegisterFeatures) -> str:
    """A short readable text for a whole-text feature's cue."""
    v = feats.values.get(feature, 0.0)
    if feature == "word_length":
        return f"average word length {v:.1f} letters"
    if feature == "sentence_length":
        return f"{feats.n_words / max(1, feats.n_sentences):.0f} words per sentence"
    if feature == "word_count":
        return f"{feats.n_words} words"
    if feature == "all_lowercase":
        return "no capital letters"
    if feature == "no_final_punct":
        return "no closing punctuation"
    return feature.replace("_", " ")
