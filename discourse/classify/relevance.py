"""Relevance of a comment to its article: content-word overlap against article terms cached once.

The article's content words (stopwords and one- or two-letter words dropped, a crude plural
stem) are weighted by sub-linear term frequency and kept in ``ArticleContext.cache``, so a
million comments on a thousand articles tokenise each article once. A comment is then scored
by two numbers in [0, 1]:

* ``coverage``: the share of the comment's content words that the article also uses, each
  weighted by how central it is to the article (its weight over the article's top weight).
  It does not shrink as the article grows, so short comments on long articles compare fairly.
* ``cosine``: the usual cosine between the two term vectors (on request: ``cosine=True``).

Stance reads ``coverage``; moderation's off-topic flag may read either.
"""

from __future__ import annotations

import math
import re
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import repeat

from .base import ArticleContext
from .doc import WORD_RE

#: Key of the article terms in ``ArticleContext.cache``.
CACHE_KEY = "relevance.terms"

#: Articles longer than this are read on their first MAX_ARTICLE_CHARS characters: the terms
#: that make a comment relevant appear early, and pathological inputs stay cheap.
MAX_ARTICLE_CHARS = 200_000

_HAS_LETTER = re.compile(r"[^\W\d_]")


@cache
def stopwords() -> frozenset[str]:
    """The packaged stopword list (``lexicons/stance_stopwords.txt``), lower case."""
    text = resources.files("discourse").joinpath("lexicons/stance_stopwords.txt").read_text("utf-8")
    words: set[str] = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        words.update(w.replace("’", "'") for w in line.split())
    return frozenset(words)


#: Content term of each word met so far ("" for stopwords); words repeat heavily across
#: comments, so this saves most of the stemming. Cleared when it grows past _KEY_CACHE_MAX.
_KEY_CACHE: dict[str, str] = {}
_KEY_CACHE_MAX = 200_000


def content_terms(words: Iterable[str]) -> list[str]:
    """The content term of each lower-case word, stopwords left out, in order (with repeats)."""
    if not isinstance(words, list):
        words = list(words)
    keys = list(map(_KEY_CACHE.get, words))
    if None in keys:
        if len(_KEY_CACHE) >= _KEY_CACHE_MAX:
            _KEY_CACHE.clear()
        stop = stopwords()
        for i, k in enumerate(keys):
            if k is None:
                w = words[i]
                keys[i] = _KEY_CACHE[w] = content_key(w, stop) or ""
    return list(filter(None, keys))


def content_counts(words: Iterable[str]) -> dict[str, int]:
    """How often each content term occurs among lower-case ``words`` (packaged stopwords)."""
    counts: dict[str, int] = {}
    get = counts.get
    for k in content_terms(words):
        counts[k] = get(k, 0) + 1
    return counts


def content_key(word: str, stop: frozenset[str]) -> str | None:
    """Map a lower-case word to its content term, or None for stopwords and non-words.

    A light suffix strip folds the regular English forms that matter for overlap ("voted",
    "votes", "voting" → "vot"; "injuries", "injury" → "injuri"); anything cleverer costs time at
    a million comments and gains little for overlap between a comment and its own article.
    """
    word = word.replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) < 3 or word in stop or not _HAS_LETTER.search(word):
        return None
    return stem(word)


def stem(word: str) -> str:
    """Strip one regular English suffix, then a final "e" or "y" ("vote", "voted" → "vot")."""
    if len(word) < 4:
        return word
    if len(word) >= 5:
        if word.endswith(("ies", "ied")):
            return word[:-3] + "i"
        if word.endswith("ing") and len(word) > 5:
            word = word[:-3]
        elif word.endswith(("ed", "es")):
            word = word[:-2]
        elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
    if len(word) >= 4 and word.endswith("e"):
        word = word[:-1]
    elif len(word) >= 4 and word.endswith("y"):
        word = word[:-1] + "i"
    return word


@dataclass(frozen=True, slots=True)
class ArticleTerms:
    """An article's content terms with sub-linear weights (1 + log tf) and their norm."""

    weights: dict[str, float]
    norm: float
    top: float

    @property
    def empty(self) -> bool:
        return not self.weights


def terms_of_words(words: Iterable[str]) -> ArticleTerms:
    """Build article terms from lower-case words."""
    counts = content_counts(words)
    weights = {t: 1.0 + math.log(c) for t, c in counts.items()}
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return ArticleTerms(weights, norm, max(weights.values(), default=0.0))


#: Recently seen article texts and their terms: a safety net for callers that build a new
#: ArticleContext per row of a table whose rows repeat the same target text.
_RECENT: OrderedDict[str, ArticleTerms] = OrderedDict()
_RECENT_MAX = 128


def article_terms(article: ArticleContext) -> ArticleTerms:
    """The article's terms, computed on first use and kept in ``article.cache``."""
    terms = article.cache.get(CACHE_KEY)
    if terms is None:
        text = article.text[:MAX_ARTICLE_CHARS]
        if article.title and article.title not in text:
            text = f"{article.title}\n\n{text}"
        terms = _RECENT.get(text)
        if terms is None:
            terms = terms_of_words(m.group().lower() for m in WORD_RE.finditer(text))
            _RECENT[text] = terms
        try:  # threads may race here; the cache is only an optimisation
            _RECENT.move_to_end(text)
            while len(_RECENT) > _RECENT_MAX:
                _RECENT.popitem(last=False)
        except KeyError:
            pass
        article.cache[CACHE_KEY] = terms
    return terms


@dataclass(frozen=True, slots=True)
class Relevance:
    """How much a comment is about its article.

    Attributes:
        coverage: weighted share of the comment's content words found in the article, in [0, 1].
        cosine: cosine similarity of the two term vectors, in [0, 1] (0.0 unless requested).
        content_words: how many content words the comment has.
        common: the content terms comment and article share.
        weights: the article's term weights (to rank ``common``).
    """

    coverage: float
    cosine: float
    content_words: int
    common: frozenset[str] = frozenset()
    weights: dict[str, float] | None = None

    @property
    def shared(self) -> tuple[str, ...]:
        """The shared terms most central to the article first (at most 8); sorted on demand."""
        w = self.weights or {}
        return tuple(sorted(self.common, key=lambda t: (-w.get(t, 0.0), t))[:8])


def relevance(words: Iterable[str], terms: ArticleTerms, *, cosine: bool = False) -> Relevance:
    """Score lower-case comment words against article terms.

    Args:
        words: the comment's lower-case words (e.g. ``Doc.lower_words``).
        terms: from :func:`article_terms`.
        cosine: also compute the cosine (left at 0.0 otherwise: stance reads only coverage, and
            a million comments make the difference).

    Returns:
        A :class:`Relevance`; all zeros when either side has no content words.
    """
    keys = content_terms(words)
    n = len(keys)
    if not n or terms.empty:
        return Relevance(0.0, 0.0, n)
    aw = terms.weights
    # Coverage in C: each content word adds the article's weight of its term (0 when absent).
    covered = sum(map(aw.get, keys, repeat(0.0))) / terms.top
    common = frozenset(aw.keys() & set(keys))
    cos = 0.0
    if cosine and common:
        counts: dict[str, int] = {}
        for k in keys:
            counts[k] = counts.get(k, 0) + 1
        cws = {t: 1.0 + math.log(c) for t, c in counts.items()}
        dot = sum(cws[t] * aw[t] for t in common)
        cos = min(dot / (math.sqrt(sum(w * w for w in cws.values())) * terms.norm), 1.0)
    return Relevance(covered / n, cos, n, common, aw)
