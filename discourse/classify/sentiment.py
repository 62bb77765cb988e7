"""Sentiment: VADER's compound score with labels at ±threshold, and the words that moved it.

Foundation version: stock vaderSentiment for the score, lexicon hits as cues. The sentiment
issue replaces the scorer with a faithful, faster re-implementation that reports every rule.
"""

from __future__ import annotations

from typing import Any, ClassVar

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from ..errors import ConfigError
from ..model import Cue, Label
from .base import Classifier, Context, register
from .doc import Doc


@register
class Sentiment(Classifier):
    """Positive / neutral / negative from VADER's compound score."""

    name: ClassVar[str] = "sentiment"
    labels: ClassVar[tuple[str, ...]] = ("negative", "neutral", "positive")
    default_label: ClassVar[str] = "neutral"
    description: ClassVar[str] = "the feeling a comment expresses (VADER compound score)"

    def __init__(self, *, threshold: float = 0.05) -> None:
        self.threshold = threshold

    def validate(self) -> None:
        if not 0 <= self.threshold < 1:
            raise ConfigError(f"sentiment.threshold must be in [0, 1), got {self.threshold!r}")

    def prepare(self) -> None:
        self.analyzer_ = SentimentIntensityAnalyzer()

    def score(self, text: str | Doc, context: Context | None = None) -> Label:
        doc = Doc.of(text)
        scores = self.analyzer_.polarity_scores(doc.text)
        compound = scores["compound"]
        if compound >= self.threshold:
            label = "positive"
        elif compound <= -self.threshold:
            label = "negative"
        else:
            label = "neutral"
        lexicon = self.analyzer_.lexicon
        cues = [
            Cue("sentiment.lexicon", w, s, e, lexicon[lw])
            for (w, s, e), lw in zip(doc.word_spans, doc.lower_words, strict=True)
            if lw in lexicon
        ]
        for i, ch in enumerate(doc.text):
            if ch in self.analyzer_.emojis:
                words = self.analyzer_.emojis[ch].split()
                cues.append(Cue("sentiment.emoji", ch, i, i + 1, sum(lexicon.get(w, 0.0) for w in words)))
        extras: dict[str, Any] = {k: scores[k] for k in ("pos", "neu", "neg")}
        if doc.language not in ("en", "und"):
            extras["notes"] = [f"language={doc.language}: English lexicon, read with care"]
        return Label(self.name, label, compound, tuple(cues), extras)
