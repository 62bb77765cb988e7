"""Run every registered classifier over comments and flatten the labels into table columns.

The column set is derived from the registry: each classifier's ``columns()`` (the contract
columns: sentiment, sentiment_score, register, formality, stance, toxicity, flags…), then one
readable ``<name>_evidence`` column per classifier, then ``evidence`` (all cues as JSON, for
reports that highlight spans) and ``warnings`` (notes such as a language other than English).
"""

from __future__ import annotations

from collections.abc import Sequence
from json.encoder import encode_basestring as _encode
from typing import Any

from ..config import Settings, load_settings
from ..model import Cue, Label
from .base import Classifier, Context, create, registered
from .doc import Doc
from .evidence import cues_json, readable

#: How many cues the readable evidence column shows per label (the JSON column keeps all).
READABLE_CUES = 6


def readable_cue(cue: Cue) -> str:
    """``"great" sentiment.lexicon +1.90`` → a short human-readable form of one cue."""
    rule = cue.rule.split(".", 1)[-1]
    if cue.weight:
        return f"{cue.text} ({rule} {cue.weight:+.2f})"
    return f"{cue.text} ({rule})"


def readable_evidence(label: Label | None) -> str:
    """The strongest cues of a label as one line, for CSV readers and moderators."""
    if label is None or not label.cues:
        return ""
    return readable(label.cues, READABLE_CUES)


class Scorer:
    """All classifiers of a run, built once from settings and applied comment by comment.

    Args:
        settings: run settings (packaged defaults when None).
        only: classifier names to run, in this order (all registered when None).
    """

    def __init__(self, settings: Settings | None = None, only: Sequence[str] | None = None):
        settings = settings or load_settings()
        names = list(only) if only else list(registered())
        self.classifiers: list[Classifier] = [create(n, **settings.section(n)) for n in names]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.classifiers]

    @property
    def columns(self) -> list[str]:
        """Output columns, in order, whatever the labels turn out to be."""
        cols: list[str] = []
        for clf in self.classifiers:
            cols.extend(clf.columns(None))
        cols.extend(f"{clf.name}_evidence" for clf in self.classifiers)
        cols.extend(["evidence", "warnings"])
        return cols

    def labels(self, text: str | Doc, context: Context | None = None) -> dict[str, Label | None]:
        """Label one text with every classifier (None where a classifier does not apply)."""
        doc = Doc.of(text)
        reply = context is not None and context.is_reply
        out: dict[str, Label | None] = {}
        for clf, when in self._applies():
            # when: True (always applies), "parent" (replies only) or None (ask the classifier).
            if when is True or (reply if when == "parent" else clf.applies(context)):
                out[clf.name] = clf.score(doc, context)
            else:
                out[clf.name] = None
        return out

    def _applies(self) -> list[tuple[Classifier, bool | str | None]]:
        """Each classifier with when it applies, worked out once from the standard ``applies``."""
        key = tuple(map(id, self.classifiers))
        cached = self.__dict__.get("_applies_cache")
        if cached is None or cached[0] != key:
            plan: list[tuple[Classifier, bool | str | None]] = []
            for clf in self.classifiers:
                if type(clf).applies is not Classifier.applies:
                    plan.append((clf, None))
                else:
                    plan.append((clf, "parent" if "parent" in clf.needs else True))
            cached = self.__dict__["_applies_cache"] = (key, plan)
        return cached[1]

    def row(self, text: str | Doc, context: Context | None = None) -> dict[str, Any]:
        """Label one text and return its flat output columns."""
        doc = Doc.of(text)
        return self.flatten(doc, self.labels(doc, context))

    def rows(
        self, texts: Sequence[str | Doc], contexts: Sequence[Context | None] | None = None
    ) -> list[dict[str, Any]]:
        """Label many texts; one flat row per text, in order."""
        ctxs = contexts if contexts is not None else [None] * len(texts)
        return [self.row(t, c) for t, c in zip(texts, ctxs, strict=True)]

    def flatten(self, doc: Doc, labels: dict[str, Label | None]) -> dict[str, Any]:
        """Turn labels into the output columns (see the module docstring)."""
        out: dict[str, Any] = {}
        get = labels.get
        for clf in self.classifiers:
            out.update(clf.columns(get(clf.name)))
        evidence: list[str] = []
        notes: list[str] = []
        for clf, column, key in self._evidence_names():
            label = get(clf.name)
            if label is None:
                out[column] = ""
                continue
            cues = label.cues
            out[column] = readable(cues, READABLE_CUES)
            evidence.append(key + cues_json(cues))
            if "notes" in label.extras:
                for note in label.extras["notes"]:
                    if note not in notes:
                        notes.append(note)
        if doc.truncated:
            notes.append(f"scored on the first {len(doc.text)} characters")
        # The same text as json.dumps(evidence, ensure_ascii=False, separators=(",", ":")).
        out["evidence"] = "{" + ",".join(evidence) + "}"
        out["warnings"] = "; ".join(notes)
        return out

    def _evidence_names(self) -> list[tuple[Classifier, str, str]]:
        """``(classifier, evidence column, JSON key prefix)`` per classifier, computed once."""
        key = tuple(map(id, self.classifiers))
        cached = self.__dict__.get("_evidence_cache")
        if cached is None or cached[0] != key:
            names = [(c, f"{c.name}_evidence", _encode(c.name) + ":") for c in self.classifiers]
            cached = self.__dict__["_evidence_cache"] = (key, names)
        return cached[1]
