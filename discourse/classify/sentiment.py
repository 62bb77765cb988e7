"""Sentiment: VADER's compound score, a label calibrated on labelled data, and the words that decided it.

``sentiment_score`` is VADER's compound score in [-1, 1], computed by our faithful re-implementation
(:mod:`discourse.classify.vader`, identical to vaderSentiment's). The label comes from a small
multinomial logistic regression over VADER's own scores and a learned word list
(``data/sentiment_model.json``, fitted by ``scripts/fit_sentiment.py`` on MIT and Apache-2.0
labelled sets) whenever that model is at least ``min_confidence`` sure; otherwise VADER's label at
±``threshold`` stands. With ``calibrated = false`` the label is plain VADER's.

Evidence: VADER's cues (lexicon and emoji hits with their valence, negation, "but", boosters,
dampeners, ALL CAPS, "!"/"?", idioms, "kind of", "least"), and where the calibration changed
VADER's label, a ``sentiment.calibration`` cue saying so and ``sentiment.learned`` cues for the
learned words that pushed it.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import compress
from pathlib import Path
from typing import Any, ClassVar

from ..errors import ConfigError
from ..model import Cue, Label
from .base import Classifier, Context, register
from .doc import Doc
from .vader import VERIFIED_VERSION, FastVader, VaderResult, package_version

log = logging.getLogger(__name__)

LABELS = ("negative", "neutral", "positive")

#: Packaged model file (under ``discourse/classify/data/``).
PACKAGED_MODEL = "sentiment_model.json"

#: Names of the VADER features, in the order of :func:`vader_features`.
VADER_FEATURES = ("compound", "pos", "neg", "neu", "raw", "hits", "tokens", "no_hit")

#: Words after which the next three words are read as negated ("NOT_good") by the learned model.
#: VADER negates its own lexicon words; this lets the learned words be negated too.
NEGATORS = frozenset(
    "not no never nothing none nobody neither nor without cannot isn't don't doesn't didn't "
    "wasn't weren't can't couldn't won't wouldn't shouldn't aren't hasn't haven't hadn't ain't "
    "isnt dont doesnt didnt wasnt werent cant couldnt wont wouldnt shouldnt arent hasnt havent".split()
)
NEGATION_SCOPE = 3

#: Common English words that no other language guessed by ``Doc.language`` spells the same way.
#: Short English comments are sometimes guessed to be Portuguese or Spanish ("got a great deal
#: from a seller": "a" is a Portuguese function word); a text with one of these is scored as English.
ENGLISH_MARKERS = frozenset(
    "the and of to that this for with you they are were have has it its it's not but what would "
    "will just from your there their be been as at by if than then about like got get very "
    "because which who how when can't don't isn't i'm".split()
)

# Runs of two or more letters: the words of a text (emoticons such as ":D" or "<3" survive).
_LETTER_RUN = re.compile(r"[^\W\d_]{2,}")


# HTML tags and comments, and non-breaking-space entities, left in scraped comment text. A tag
# starts with a letter or "/" + letter, so the emoticons "<3" and "</3" are not tags.
_MARKUP = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]{0,500})?/?|!--.{0,2000}?--)>|&nbsp;", re.S)


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group())  # same length, so cue spans still point into the original


def vader_label(compound: float, threshold: float) -> str:
    """VADER's own convention: positive at ``>= threshold``, negative at ``<= -threshold``."""
    if compound >= threshold:
        return "positive"
    if compound <= -threshold:
        return "negative"
    return "neutral"


def vader_features(result: VaderResult) -> list[float]:
    """The model's VADER features (names in ``VADER_FEATURES``), all roughly in [-1, 5]."""
    return [
        result.compound,
        result.pos,
        result.neg,
        result.neu,
        math.tanh(result.raw / 4),
        math.log1p(result.hits),
        math.log1p(result.tokens),
        1.0 if result.compound == 0 else 0.0,
    ]


def word_features(doc: Doc) -> list[tuple[str, int]]:
    """The learned model's word features: each lower-cased word once, with ``NOT_`` in front
    within three words after a negator, and the index of its first occurrence in ``doc.word_spans``."""
    seen: dict[str, int] = {}
    scope = 0
    negators = NEGATORS
    for k, w in enumerate(doc.lower_words):
        if "\u2019" in w:
            w = w.replace("\u2019", "'")
        if w in negators:
            scope = NEGATION_SCOPE
        elif scope > 0:
            w = "NOT_" + w
            scope -= 1
        if w not in seen:
            seen[w] = k
    return list(seen.items())


def feature_set(words: Sequence[str]) -> set[str]:
    """The set of ``word_features(doc)`` from ``doc.lower_words``, computed with set operations
    (it runs for every comment; ``word_features`` keeps positions, for the cues)."""
    if "\u2019" in "".join(words):
        words = [w.replace("\u2019", "'") for w in words]
    feats = set(words)
    if NEGATORS.isdisjoint(feats):
        return feats
    n = len(words)
    scoped: dict[int, str] = {}
    for i in compress(range(n), map(NEGATORS.__contains__, words)):  # negators, found in C
        for j in range(i + 1, min(i + 1 + NEGATION_SCOPE, n)):
            if words[j] in NEGATORS:
                break
            scoped[j] = words[j]
    in_scope: dict[str, int] = {}
    for w in scoped.values():
        in_scope[w] = in_scope.get(w, 0) + 1
    for w, k in in_scope.items():
        feats.add("NOT_" + w)
        if words.count(w) == k:  # never outside a negation scope: not a plain feature
            feats.discard(w)
    return feats


@dataclass(frozen=True)
class SentimentModel:
    """A fitted multinomial logistic regression over VADER features and words.

    Attributes:
        classes: label order of every weight vector.
        intercept: one bias per class.
        vader: weight vectors of ``VADER_FEATURES``, one per feature.
        words: weight vector per word feature.
        meta: provenance (data sets, licences, settings, cross-validation figures).
    """

    classes: tuple[str, ...]
    intercept: tuple[float, ...]
    vader: tuple[tuple[float, ...], ...]
    words: dict[str, tuple[float, ...]]
    meta: dict[str, Any]

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str) -> SentimentModel:
        try:
            classes = tuple(data["classes"])
            model = cls(
                classes=classes,
                intercept=tuple(float(x) for x in data["intercept"]),
                vader=tuple(tuple(float(x) for x in data["vader"][name]) for name in VADER_FEATURES),
                words={w: tuple(float(x) for x in v) for w, v in data["words"].items()},
                meta=dict(data.get("meta", {})),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"{source}: not a sentiment model file ({type(exc).__name__}: {exc})") from None
        k = len(classes)
        if set(classes) != set(LABELS) or k != 3 or len(model.intercept) != k or any(
            len(v) != k for v in (*model.vader, *model.words.values())
        ):
            raise ConfigError(f"{source}: sentiment model weights do not match its classes {classes}")
        return model

    def logits(self, vfeats: Sequence[float], words: Sequence[str]) -> list[float]:
        """Class scores before the softmax (three classes, checked when the model is loaded).

        Args:
            vfeats: the values of ``VADER_FEATURES``.
            words: the lower-cased words (``Doc.lower_words``); read as ``word_features`` does.
        """
        a, b, c = self.intercept
        for x, w in zip(vfeats, self.vader, strict=True):
            if x:
                a += x * w[0]
                b += x * w[1]
                c += x * w[2]
        table = self.words
        # Each of the (few) features looked up in the table, in C; weight vectors are non-empty
        # tuples, so filter(None) keeps exactly the features the table has.
        weights = list(filter(None, map(table.get, feature_set(words))))
        if weights:
            # fsum is exact, so the sum does not depend on the set's (hash-seeded) order.
            wa, wb, wc = zip(*weights, strict=True)
            a, b, c = math.fsum((a, *wa)), math.fsum((b, *wb)), math.fsum((c, *wc))
        return [a, b, c]


def softmax(logits: Sequence[float]) -> list[float]:
    top = max(logits)
    exps = [math.exp(x - top) for x in logits]
    total = sum(exps)
    return [e / total for e in exps]


@cache
def _load_packaged() -> SentimentModel:
    text = resources.files(__package__).joinpath("data", PACKAGED_MODEL).read_text(encoding="utf-8")
    return SentimentModel.from_dict(json.loads(text), f"discourse/classify/data/{PACKAGED_MODEL}")


def load_model(path: str = "") -> SentimentModel:
    """Load the packaged model (``path`` empty) or a model file written by ``scripts/fit_sentiment.py``."""
    if not path:
        return _load_packaged()
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: sentiment model file not found") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read sentiment model ({exc})") from None
    return SentimentModel.from_dict(data, path)


@register
class Sentiment(Classifier):
    """Positive / neutral / negative, with VADER's compound score and the cues behind it.

    Args:
        threshold: VADER's label band: compound >= threshold is positive, <= -threshold
            negative. Decides the label when ``calibrated`` is off or the model is unsure.
        calibrated: let the fitted model decide the label where it is sure enough.
        min_confidence: the model's probability for its label below which VADER's label stands.
        model_file: a model written by ``scripts/fit_sentiment.py``; empty for the packaged one.
    """

    name: ClassVar[str] = "sentiment"
    labels: ClassVar[tuple[str, ...]] = LABELS
    default_label: ClassVar[str] = "neutral"
    version: ClassVar[str] = "2"
    description: ClassVar[str] = "the feeling a comment expresses (VADER compound score, calibrated label)"

    #: How many learned-word cues a calibrated label shows at most.
    LEARNED_CUES: ClassVar[int] = 5

    def __init__(
        self,
        *,
        threshold: float = 0.05,
        calibrated: bool = True,
        min_confidence: float = 0.45,
        model_file: str = "",
    ) -> None:
        self.threshold = threshold
        self.calibrated = calibrated
        self.min_confidence = min_confidence
        self.model_file = model_file

    def validate(self) -> None:
        if not isinstance(self.threshold, int | float) or not 0 <= self.threshold < 1:
            raise ConfigError(f"sentiment.threshold must be a number in [0, 1), got {self.threshold!r}")
        if not isinstance(self.calibrated, bool):
            raise ConfigError(f"sentiment.calibrated must be true or false, got {self.calibrated!r}")
        if not isinstance(self.min_confidence, int | float) or not 0 <= self.min_confidence <= 1:
            raise ConfigError(f"sentiment.min_confidence must be in [0, 1], got {self.min_confidence!r}")
        if not isinstance(self.model_file, str):
            raise ConfigError(f"sentiment.model_file must be a path or empty, got {self.model_file!r}")

    def prepare(self) -> None:
        self.vader_ = FastVader()
        self.stock_ = None
        version = package_version()
        if version != VERIFIED_VERSION:
            # Another vaderSentiment release: use our rules only if they still agree with it.
            from .vader_check import EDGE_CASES, generate_texts, mismatches

            sample = list(EDGE_CASES) + list(generate_texts(300, seed=1, max_words=30))
            if mismatches(sample, self.vader_):
                from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

                log.warning(
                    "vaderSentiment %s scores differ from %s, which discourse's fast VADER "
                    "reproduces: using the package's polarity_scores (slower); cues are approximate",
                    version, VERIFIED_VERSION,
                )
                self.stock_ = SentimentIntensityAnalyzer()
        self.model_ = load_model(self.model_file) if self.calibrated else None

    def score(self, text: str | Doc, context: Context | None = None) -> Label:
        doc = Doc.of(text)
        if doc.empty:
            return Label(self.name, self.default_label, 0.0, (), {"pos": 0.0, "neu": 0.0, "neg": 0.0})
        original = text = doc.text
        if "<" in text or "&nbsp;" in text:
            # HTML remnants of a scrape: "<b>great</b>" would hide "great" from the lexicon.
            # Tags become spaces of the same length, so spans still point into the original.
            text = _MARKUP.sub(_blank, text)
            if text != doc.text:
                doc = Doc(text)
        foreign = doc.language not in ("en", "und") and ENGLISH_MARKERS.isdisjoint(doc.lower_words)
        # VADER's lexicon is English: in text guessed to be in another language, its words would
        # be read as English ("die", "gut"), so only emoji, emoticons and punctuation are scored.
        if foreign:
            text = _LETTER_RUN.sub(_blank, text)
        result = self.vader_.analyse(text)
        if self.stock_ is not None:
            scores = self.stock_.polarity_scores(text)
            result = VaderResult(scores["neg"], scores["neu"], scores["pos"], scores["compound"],
                                 result.raw, result.cues, result.hits, result.tokens)
        compound = result.compound
        plain = vader_label(compound, self.threshold)
        label = plain
        cues = list(result.cues)
        extras: dict[str, Any] = {
            "pos": result.pos, "neu": result.neu, "neg": result.neg, "vader_label": plain,
        }
        if foreign:
            extras["notes"] = [
                f"language={doc.language}: sentiment read from emoji and emoticons only (English lexicon)"
            ]
        else:
            if doc.language == "und" and doc.lower_words:
                extras["notes"] = ["language not recognised: sentiment uses an English lexicon"]
            if self.model_ is not None:
                label = self._calibrate(doc, result, plain, cues, extras)
        if text != original:  # cues quote the text as given, tags included
            cues = [c._replace(text=original[c.start:c.end]) if c.has_span else c for c in cues]
        return Label(self.name, label, compound, tuple(cues), extras)

    def _calibrate(
        self, doc: Doc, result: VaderResult, plain: str, cues: list[Cue], extras: dict[str, Any]
    ) -> str:
        """The fitted model's label where it is sure enough; adds its cues when it overrules VADER."""
        model = self.model_
        assert model is not None
        logits = model.logits(vader_features(result), doc.lower_words)
        probs = softmax(logits)
        best = max(range(len(probs)), key=probs.__getitem__)
        extras["probabilities"] = {c: round(p, 4) for c, p in zip(model.classes, probs, strict=True)}
        label = model.classes[best] if probs[best] >= self.min_confidence else plain
        if label == plain:
            return label
        ci, vi = model.classes.index(label), model.classes.index(plain)
        margin = logits[ci] - logits[vi]
        cues.insert(0, Cue(
            "sentiment.calibration",
            f"calibrated: {label} (p={probs[ci]:.2f}); "
            f"VADER alone: {plain} (compound {result.compound:+.2f})",
            -1, -1, margin,
        ))
        spans = doc.word_spans
        learned = []
        for feat, k in word_features(doc):
            w = model.words.get(feat)
            if w is not None and w[ci] - w[vi] > 0.05:
                word, start, end = spans[k]
                learned.append(Cue("sentiment.learned", word, start, end, w[ci] - w[vi]))
        learned.sort(key=lambda c: (-c.weight, c.start))
        cues[1:1] = learned[: self.LEARNED_CUES]
        return label
