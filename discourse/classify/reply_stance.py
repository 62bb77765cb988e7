"""Reply stance: agree / disagree / neutral toward the parent comment, from weighted cues.

A reply's cues ("totally agree", "exactly", "you're wrong", "No, …", "nonsense", negated
agreement, a challenging question back, "but" near the start) each add a weight from
``[reply_stance] weights``; so does echoing or opposing the parent's own position toward the
article (a reply that calls the story fake under a parent who says it is fake agrees with it).
The sum, squashed into [-1, 1] by tanh, is the score; ``threshold`` splits it into labels.
"""

from __future__ import annotations

import math
from itertools import compress
from typing import Any, ClassVar

from ..errors import ConfigError
from ..model import Cue, Label
from .base import Classifier, Context, register
from .doc import WORD_RE, Doc
from .stance_cues import OPENING_NO, OPENING_YES, SECOND_PERSON, TextCues, analyse

#: Cue weights used when settings give none (the packaged defaults.toml repeats them with the
#: reasons; positive = agreement, negative = disagreement).
DEFAULT_WEIGHTS: dict[str, float] = {
    "agree": 1.0,
    "negated_agree": -1.2,
    "disagree": -1.0,
    "negated_disagree": 0.8,
    "opening_yes": 0.6,
    "opening_no": -1.0,
    "but_opening": -0.6,
    "praise_you": 0.6,
    "question_back": -0.5,
    "rhetorical": -0.4,
    "echo": 0.5,
    "oppose": -0.7,
}

_BUT = frozenset({"but", "however", "although", "though", "except", "aber", "mais", "pero", "maar", "ma"})
_POSITIVE = frozenset({"support", "negated_deny"})
_NEGATIVE = frozenset({"deny", "negated_support"})


_SALUTATIONS = frozenset("hi hello hey dear thanks thank re @".split())


def _after_addressee(cues: TextCues, text: str, parent_author: str | None) -> int:
    """Index of the first word after an opening addressee ("Sam:", "@sam", "Hi Sam,")."""
    words = cues.words
    if not words:
        return 0
    if parent_author:
        name = [w.lower() for w in WORD_RE.findall(parent_author)]
        for k in (len(name), 1):
            if k and words[:k] == name[:k]:
                return _skip_punct(cues, text, k)
    # A salutation, or one or two words ending in ":" / "," / a dash before the reply proper.
    if words[0] in _SALUTATIONS:
        for i in range(1, min(4, len(words))):
            gap = text[cues.spans[i - 1][1] : cues.spans[i][0]]
            if any(ch in gap for ch in ",:–—!"):
                return i
    for k in (1, 2):
        if k < len(words):
            gap = text[cues.spans[k - 1][1] : cues.spans[k][0]]
            if any(ch in gap for ch in ":–—") or gap.strip() == "-":
                return k
    return 0


def _skip_punct(cues: TextCues, text: str, k: int) -> int:
    """``k`` when the name is followed by punctuation (an addressee), else 0 (a sentence)."""
    if k >= len(cues.words):
        return 0
    gap = text[cues.spans[k - 1][1] : cues.spans[k][0]]
    return k if any(ch in gap for ch in ",:–—-") else 0


def _polarity(cues: TextCues) -> int:
    """+1 when a text endorses the article, -1 when it disputes it, 0 otherwise or both."""
    fams = cues.families()
    pos = bool(fams & _POSITIVE)
    neg = bool(fams & _NEGATIVE)
    return (1 if pos else 0) - (1 if neg else 0)


@register
class ReplyStance(Classifier):
    """Agree / disagree / neutral toward the parent comment.

    Args:
        threshold: |score| at or above which a reply agrees or disagrees (score in [-1, 1]).
        opening_words: how many words (after an addressee, within two sentences) count as the
            reply's opening, where agreement and disagreement words weigh fully.
        late_factor: what agreement and disagreement words weigh after the opening.
        weights: cue weights by rule (see the module docstring and defaults.toml).
    """

    name: ClassVar[str] = "reply_stance"
    labels: ClassVar[tuple[str, ...]] = ("disagree", "neutral", "agree")
    default_label: ClassVar[str] = "neutral"
    needs: ClassVar[frozenset[str]] = frozenset({"parent"})
    version: ClassVar[str] = "1"
    description: ClassVar[str] = "position toward the comment a reply answers: agree, disagree or neutral"

    def __init__(
        self,
        *,
        threshold: float = 0.45,
        opening_words: int = 8,
        late_factor: float = 0.4,
        weights: dict[str, float] | None = None,
    ) -> None:
        self.threshold = threshold
        self.opening_words = opening_words
        self.late_factor = late_factor
        self.weights = weights

    def validate(self) -> None:
        def number(where: str, v: Any) -> bool:
            return not isinstance(v, bool) and isinstance(v, int | float) and math.isfinite(v)

        if not number("threshold", self.threshold) or not 0 < self.threshold < 1:
            raise ConfigError(f"reply_stance.threshold must be in (0, 1), got {self.threshold!r}")
        if (
            isinstance(self.opening_words, bool)
            or not isinstance(self.opening_words, int)
            or self.opening_words < 1
        ):
            raise ConfigError(
                f"reply_stance.opening_words must be a positive integer, got {self.opening_words!r}"
            )
        if not number("late_factor", self.late_factor) or not 0 <= self.late_factor <= 1:
            raise ConfigError(f"reply_stance.late_factor must be in [0, 1], got {self.late_factor!r}")
        if not isinstance(self.weights or {}, dict):
            raise ConfigError("reply_stance.weights must be a table of rule = weight")
        unknown = set(self.weights or {}) - set(DEFAULT_WEIGHTS)
        if unknown:
            raise ConfigError(
                f"reply_stance.weights: unknown rule(s) {sorted(unknown)}; "
                f"known: {', '.join(DEFAULT_WEIGHTS)}"
            )
        for k, v in (self.weights or {}).items():
            if not number(k, v):
                raise ConfigError(f"reply_stance.weights.{k} must be a number, got {v!r}")

    def prepare(self) -> None:
        self.weights_ = {**DEFAULT_WEIGHTS, **(self.weights or {})}

    def score(self, text: str | Doc, context: Context | None = None) -> Label:
        doc = Doc.of(text)
        if doc.empty or not any(ch.isalnum() for ch in doc.text):
            return Label(self.name, self.default_label, 0.0)
        w = self.weights_
        cues_in = analyse(doc)
        text_ = doc.text
        words = cues_in.words
        cues: list[Cue] = []
        parent_author = context.parent_author if context is not None else None

        # Where the reply proper starts (after "@Sam", "Sam:", "Hi Sam,") and how far its
        # opening reaches: a position toward the parent is taken first ("Exactly. …", "No, …");
        # the same words later in a long reply are more often about something else.
        first = _after_addressee(cues_in, text_, parent_author)
        opening_end = first + self.opening_words
        if first < len(words):
            first_sentence = cues_in.sentence_of(first)
            while (
                opening_end > first + 1
                and opening_end - 1 < len(words)
                and cues_in.sentence_of(opening_end - 1) > first_sentence + 1
            ):
                opening_end -= 1

        def add(rule: str, span: tuple[int, int] | None, what: str = "", at: int | None = None) -> None:
            weight = w[rule]
            if at is not None and not first <= at < opening_end:
                weight *= self.late_factor
            if weight == 0:
                return
            if span is None:
                cues.append(Cue(f"{self.name}.{rule}", what, -1, -1, weight))
            else:
                cues.append(Cue(f"{self.name}.{rule}", text_[span[0] : span[1]], span[0], span[1], weight))

        opened = False
        for m in cues_in.matches:
            if m.family in ("agree", "negated_agree", "disagree", "negated_disagree"):
                if m.in_question and m.family in ("agree", "negated_disagree"):
                    continue  # "what's exactly going to…?" asks, it does not agree
                add(m.family, (m.start, m.end), at=m.first)
                opened |= m.first == first
        if first < len(words) and not opened:
            if words[first] in OPENING_YES:
                add("opening_yes", cues_in.spans[first])
            elif words[first] in OPENING_NO:
                add("opening_no", cues_in.spans[first])
        # "but" / "however" opening one of the first three sentences: "Yes. But …" concedes
        # before it objects.
        if first < len(words):
            # Words up to the end of the third sentence from the reply's start (a bisection on
            # the word starts), then only the "but"-like ones among them (found in C).
            ends = cues_in.ends
            last_sentence = cues_in.sentence_of(first) + 2
            limit = len(words) if last_sentence >= len(ends) else cues_in.word_at(ends[last_sentence])
            for i in compress(range(first, limit), map(_BUT.__contains__, words[first:limit])):
                if i == first or cues_in.sentence_of(i - 1) != cues_in.sentence_of(i):
                    add("but_opening", cues_in.spans[i])
                    break
        targets = {
            m.sentence
            for m in cues_in.matches
            if m.family == "praise_target" and m.text.lower() in SECOND_PERSON
        }
        for m in cues_in.matches:
            if m.family == "praise" and m.sentence in targets:
                add("praise_you", (m.start, m.end), at=m.first)
                break
        for q in cues_in.questions:
            if q.second_person and not q.exclaimed:
                add("question_back", (q.start, q.end))
                break
        for m in cues_in.matches:
            if m.family == "rhetorical":
                add("rhetorical", (m.start, m.end))
                break
        parent = context.parent if context is not None else None
        if parent is not None:
            mine, theirs = _polarity(cues_in), _polarity(analyse(parent))
            if mine and theirs:
                span = next(
                    (m.start, m.end)
                    for m in cues_in.matches
                    if m.family in (_POSITIVE if mine > 0 else _NEGATIVE)
                )
                add("echo" if mine == theirs else "oppose", span)

        raw = sum(c.weight for c in cues)
        score = math.tanh(raw)
        if score >= self.threshold:
            label = "agree"
        elif score <= -self.threshold:
            label = "disagree"
        else:
            label = "neutral"
        cues.sort(key=lambda c: (-abs(c.weight), c.start))
        extras: dict[str, Any] = {}
        if doc.language not in ("en", "und"):
            extras["notes"] = [f"language={doc.language}: English lexicon, read with care"]
        return Label(self.name, label, score, tuple(cues), extras)
