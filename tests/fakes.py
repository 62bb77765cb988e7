"""Test-only classifiers with fixed, word-triggered outputs, and hand-written pages.

The queue and the exercises must work with whatever classifiers the registry holds. These fakes
honour the classifier interface (labels from their set, cues with spans for every non-default
label) so the tests do not depend on the real moderation, stance or register classifiers, which
are written on other branches. They are registered only for the duration of a test.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

from discourse.classify import base
from discourse.classify.base import Classifier, Context
from discourse.classify.doc import Doc
from discourse.model import Article, Comment, Cue, Label, Page


def _hits(doc: Doc, words: dict[str, Any]) -> list[tuple[str, int, int, Any]]:
    return [
        (w, s, e, words[lw])
        for (w, s, e), lw in zip(doc.word_spans, doc.lower_words, strict=True)
        if lw in words
    ]


class FakeModeration(Classifier):
    """Toxicity from a tiny word list; flags named after the words' categories."""

    name: ClassVar[str] = "fake_moderation"
    labels: ClassVar[tuple[str, ...]] = ("unlikely", "maybe", "likely")
    default_label: ClassVar[str] = "unlikely"
    WORDS: ClassVar[dict[str, tuple[str, float]]] = {
        "idiot": ("insult", 0.85),
        "idiots": ("insult", 0.85),
        "moron": ("insult", 0.8),
        "clown": ("insult", 0.55),
        "stupid": ("insult", 0.6),
        "kill": ("threat", 0.9),
        "damn": ("profanity", 0.35),
        "vermin": ("identity_attack", 0.75),
    }

    def __init__(self, *, likely: float = 0.8, maybe: float = 0.5) -> None:
        self.likely = likely
        self.maybe = maybe

    def score(self, text: str | Doc, context: Context | None = None) -> Label:
        doc = Doc.of(text)
        hits = _hits(doc, self.WORDS)
        tox = max((w for *_, (_, w) in hits), default=0.0)
        label = "likely" if tox >= self.likely else "maybe" if tox >= self.maybe else "unlikely"
        cues = tuple(Cue(f"{self.name}.{flag}", w, s, e, weight) for w, s, e, (flag, weight) in hits)
        flags: list[str] = []
        for *_, (flag, _) in hits:
            if flag not in flags:
                flags.append(flag)
        return Label(self.name, label, tox, cues, {"flags": flags})

    def columns(self, label: Label | None) -> dict[str, Any]:
        if label is None:
            return {"toxicity": None, "toxicity_band": None, "flags": None}
        return {
            "toxicity": round(label.score, 4),
            "toxicity_band": label.label,
            "flags": ";".join(label.extras["flags"]),
        }


class FakeReplyStance(Classifier):
    """Agree / disagree with the parent comment from a few words; replies only."""

    name: ClassVar[str] = "fake_reply_stance"
    labels: ClassVar[tuple[str, ...]] = ("agree", "disagree", "neutral")
    default_label: ClassVar[str] = "neutral"
    needs: ClassVar[frozenset[str]] = frozenset({"parent"})
    WORDS: ClassVar[dict[str, str]] = {
        "wrong": "disagree",
        "nonsense": "disagree",
        "agree": "agree",
        "exactly": "agree",
    }

    def __init__(self) -> None:
        pass

    def score(self, text: str | Doc, context: Context | None = None) -> Label:
        doc = Doc.of(text)
        hits = _hits(doc, self.WORDS)
        if not hits:
            return Label(self.name, "neutral", 0.0)
        label = hits[0][3]
        return Label(
            self.name,
            label,
            1.0 if label == "agree" else -1.0,
            tuple(Cue(f"{self.name}.{lab}", w, s, e, 1.0) for w, s, e, lab in hits if lab == label),
        )


class FakeStance(Classifier):
    """Support / deny / query / comment from a few words and a question mark."""

    name: ClassVar[str] = "fake_stance"
    labels: ClassVar[tuple[str, ...]] = ("support", "deny", "query", "comment")
    default_label: ClassVar[str] = "comment"
    WORDS: ClassVar[dict[str, str]] = {
        "lies": "deny",
        "fake": "deny",
        "propaganda": "deny",
        "true": "support",
        "important": "support",
        "right": "support",
    }

    def __init__(self) -> None:
        pass

    def score(self, text: str | Doc, context: Context | None = None) -> Label:
        doc = Doc.of(text)
        hits = _hits(doc, self.WORDS)
        if hits:
            label = hits[0][3]
            cues = tuple(Cue(f"{self.name}.{lab}", w, s, e, 1.0) for w, s, e, lab in hits if lab == label)
            return Label(self.name, label, 1.0, cues)
        q = doc.text.find("?")
        if q >= 0:
            return Label(self.name, "query", 1.0, (Cue(f"{self.name}.question", "?", q, q + 1, 1.0),))
        return Label(self.name, "comment", 0.0)


class FakeRegister(Classifier):
    """Informal / neutral / formal from a few marker words."""

    name: ClassVar[str] = "fake_register"
    labels: ClassVar[tuple[str, ...]] = ("informal", "neutral", "formal")
    default_label: ClassVar[str] = "neutral"
    WORDS: ClassVar[dict[str, str]] = {
        "lol": "informal",
        "yo": "informal",
        "gonna": "informal",
        "moreover": "formal",
        "consequently": "formal",
        "therefore": "formal",
    }

    def __init__(self) -> None:
        pass

    def score(self, text: str | Doc, context: Context | None = None) -> Label:
        doc = Doc.of(text)
        hits = _hits(doc, self.WORDS)
        if not hits:
            return Label(self.name, "neutral", 50.0)
        label = hits[0][3]
        cues = tuple(Cue(f"{self.name}.{lab}", w, s, e, 1.0) for w, s, e, lab in hits if lab == label)
        return Label(self.name, label, 20.0 if label == "informal" else 80.0, cues)

    def columns(self, label: Label | None) -> dict[str, Any]:
        return {
            self.name: None if label is None else label.label,
            "fake_formality": None if label is None else label.score,
        }


FAKES: tuple[type[Classifier], ...] = (FakeModeration, FakeReplyStance, FakeStance, FakeRegister)


@contextmanager
def registered_fakes() -> Iterator[list[str]]:
    """Register the fake classifiers for the duration of a ``with`` block."""
    added = [cls for cls in FAKES if cls.name not in base._REGISTRY]
    for cls in added:
        base.register(cls)
    try:
        yield [cls.name for cls in FAKES]
    finally:
        for cls in added:
            base._REGISTRY.pop(cls.name, None)


# --------------------------------------------------------------------------------------------
# Pages written for these tests (no text from ../shared).

BUS_ARTICLE = Article(
    title="Council votes to close the night bus route",
    standfirst="The 41N will stop running in March, saving £1.2m a year.",
    body="The council voted on Tuesday to end the night service. Shift workers say they have no "
    "other way home.",
)


def bus_page() -> Page:
    """A discussion with a pile-on, an escalating reply, a threat and hostile cells."""
    c = [
        Comment(
            "c1",
            "Closing the route is the right call, the buses ran empty after midnight.",
            author="Gary Holt",
        ),
        Comment(
            "c2", "You are wrong, Gary. Nurses use that bus every night.", author="Maxine", reply_to="c1"
        ),
        Comment("c3", "Only an idiot would think the buses ran empty.", author="Julius", reply_to="c1"),
        Comment("c4", "What a moron. Go and ride it at 2am.", author="Katie", reply_to="c1"),
        Comment("c5", "Nonsense from start to finish, a stupid take.", author="Priya", reply_to="c1"),
        Comment("c6", "Is there any evidence the savings figure is right?", author="Tom"),
        Comment("c7", '=HYPERLINK("http://example.invalid","click") cheap watches', author="@spam"),
        Comment(
            "c8", "<script>alert(1)</script> <img src=x onerror=alert(2)> fine by me", author="<b>Mallory</b>"
        ),
        Comment(
            "c9", "People who run this council are vermin and someone should kill the plan.", author="Dee"
        ),
        Comment("c10", "Agree with Tom, lol, show us the numbers.", author="Sam", reply_to="c6"),
        Comment("c11", "damn shame for the night shift", author="Ola"),
        Comment("c12", "Tom, you clown, the figure is in the report.", author="Ben", reply_to="c6"),
    ]
    return Page(source="tests/bus.txt", article=BUS_ARTICLE, comments=tuple(c), kind="dump", article_id="bus")


def park_page() -> Page:
    """A calmer second article, for multi-article runs."""
    c = [
        Comment(
            "p1",
            "Moreover, the park has been neglected for years; consequently the repairs are overdue.",
            author="Ruth",
        ),
        Comment("p2", "This is fake news, the park was repaired last spring.", author="Ed"),
        Comment("p3", "yo this is gonna be great lol", author="Kai"),
        Comment("p4", "Why is the playground closed during the works?", author="Lena"),
        Comment(
            "p5", "It is true that the lights were broken, I walk there daily.", author="Ruth", reply_to="p2"
        ),
        Comment("p6", "Ruth, you are wrong about the lights, they were fixed.", author="Ed", reply_to="p5"),
        Comment("p7", "Lovely news, the children will be thrilled with the new swings.", author="Mo"),
        Comment("p8", "ok", author="Zed"),
    ]
    return Page(
        source="tests/park.txt",
        article=Article(
            title="Park repairs to start in May",
            standfirst="The council will fix paths, lights and the playground.",
            body="Work begins in May and ends in August.",
        ),
        comments=tuple(c),
        kind="dump",
        article_id="park",
    )
