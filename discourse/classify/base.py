"""The one classifier interface, the context a comment is judged in, and the registry.

A classifier declares its ``name``, its ``labels`` and its parameters (keyword arguments of
``__init__``, stored unchanged, as in scikit-learn), and implements ``score``, which returns a
:class:`~discourse.model.Label` whose cues say why. ``@register`` adds it to the registry; the CLI,
summaries and reports discover classifiers there and never name them in code.
"""

from __future__ import annotations

import inspect
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..errors import ConfigError
from ..model import Article, Label
from .doc import Doc


@dataclass(slots=True)
class ArticleContext:
    """The article a comment is judged against, prepared once per article.

    ``cache`` lets classifiers keep what they derive from the article (term weights, keyword
    sets) so that it is computed once per article, not once per comment.
    """

    text: str = ""
    title: str = ""
    cache: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, article: Article | str | None) -> ArticleContext | None:
        if article is None:
            return None
        if isinstance(article, str):
            return cls(text=article, title="")
        return cls(text=article.text, title=article.title or "")

    @property
    def empty(self) -> bool:
        return not self.text.strip()


@dataclass(slots=True)
class Context:
    """Where a comment stands: its article and, for a reply, the comment it answers."""

    article: ArticleContext | None = None
    parent: Doc | None = None
    parent_author: str | None = None
    author: str | None = None

    @property
    def is_reply(self) -> bool:
        return self.parent is not None


class Classifier(ABC):
    """Base class of every classifier.

    Subclasses set the class attributes and implement :meth:`score`. ``__init__`` takes only
    keyword parameters and stores them under the same names, without validation; validation
    happens in :meth:`validate`, which the registry calls when it builds a classifier.

    Class attributes:
        name: registry name; also the prefix of its rule ids and output columns.
        labels: the label set, in a meaningful order (negative → positive, informal → formal…).
        needs: context the classifier uses. ``"parent"`` means it only applies to replies: the
            pipeline leaves its columns empty for top-level comments.
        default_label: the label that means "nothing notable" (neutral, comment, unlikely…);
            it is what empty text gets, and every other label must come with cues.
        version: bumped when outputs change, recorded in run manifests.
    """

    name: ClassVar[str]
    labels: ClassVar[tuple[str, ...]]
    default_label: ClassVar[str]
    needs: ClassVar[frozenset[str]] = frozenset()
    version: ClassVar[str] = "1"
    description: ClassVar[str] = ""

    def get_params(self) -> dict[str, Any]:
        """Return the constructor parameters and their current values."""
        sig = inspect.signature(type(self).__init__)
        return {
            p: getattr(self, p)
            for p in sig.parameters
            if p != "self" and sig.parameters[p].kind is inspect.Parameter.KEYWORD_ONLY
        }

    def validate(self) -> None:
        """Check parameter values; raise ConfigError with a clear message when one is bad."""

    def prepare(self) -> None:
        """Load lexicons or weights. Called once after validation; learned state ends in ``_``."""

    @abstractmethod
    def score(self, text: str | Doc, context: Context | None = None) -> Label:
        """Label one text. Must return a label from ``labels`` for any input, empty included."""

    def score_many(
        self, docs: Sequence[str | Doc], contexts: Sequence[Context | None] | None = None
    ) -> list[Label]:
        """Label many texts; override where batching is faster. Same results as ``score``."""
        ctxs: Iterable[Context | None] = contexts if contexts is not None else [None] * len(docs)
        return [self.score(d, c) for d, c in zip(docs, ctxs, strict=True)]

    def columns(self, label: Label | None) -> dict[str, Any]:
        """Flat output columns for one label (None: the classifier did not apply).

        The default gives ``<name>`` and ``<name>_score``; classifiers whose contract columns
        differ (register → formality, moderation → toxicity and flags) override this.
        """
        if label is None:
            return {self.name: None, f"{self.name}_score": None}
        return {self.name: label.label, f"{self.name}_score": round(label.score, 4)}

    def applies(self, context: Context | None) -> bool:
        """Whether this classifier has something to say in this context."""
        if "parent" in self.needs:
            return context is not None and context.is_reply
        return True

    def __repr__(self) -> str:
        params = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"{type(self).__name__}({params})"


_REGISTRY: dict[str, type[Classifier]] = {}


def register(cls: type[Classifier]) -> type[Classifier]:
    """Class decorator: add a classifier to the registry under ``cls.name``."""
    name = cls.name
    if name in _REGISTRY and _REGISTRY[name] is not cls:
        raise ValueError(f"classifier name {name!r} registered twice")
    _REGISTRY[name] = cls
    return cls


def registered() -> dict[str, type[Classifier]]:
    """Return ``{name: class}`` for every registered classifier, in registration order."""
    from ._load_builtin import BUILTIN  # importing it registers the built-in classifiers

    # Built-ins first in their fixed order (whatever imported them first), then the others.
    order = {name: i for i, name in enumerate(BUILTIN)}
    names = sorted(_REGISTRY, key=lambda n: order.get(n, len(order)))
    return {n: _REGISTRY[n] for n in names}


def create(name: str, **params: Any) -> Classifier:
    """Build, validate and prepare a registered classifier.

    Raises:
        ConfigError: unknown name, unknown parameter, or a parameter value ``validate`` rejects.
    """
    classes = registered()
    if name not in classes:
        raise ConfigError(f"unknown classifier {name!r} (known: {', '.join(classes)})")
    cls = classes[name]
    try:
        clf = cls(**params)
    except TypeError as exc:
        raise ConfigError(f"classifier {name!r}: {exc}") from None
    clf.validate()
    clf.prepare()
    return clf
