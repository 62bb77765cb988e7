"""A comment's text prepared once and shared by every classifier: words with their spans,
lower-cased forms, and a cheap language guess.

Classifiers accept ``str | Doc``; passing one ``Doc`` to all of them means the text is
tokenised once per comment, which matters at a million comments.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import accumulate, repeat
from operator import itemgetter
from typing import Any, Generic, TypeVar, overload

#: Word tokens: letters/digits with inner apostrophes or hyphens ("don't", "e-mail").
WORD_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*", re.UNICODE)

#: Comments longer than this are scored on their first MAX_CHARS characters (with a warning):
#: nobody writes a 100,000-character comment by hand, and rule costs grow with length.
MAX_CHARS = 20_000

# Short function-word lists: enough to tell the languages our users meet apart on a sentence
# or two. Written for this project; a language needs a clear lead over English to be chosen.
_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the and is are was were of to in that it this for with on not you be have has i "
        "they but what so at as he she we my your his her their there would will just".split()
    ),
    "de": frozenset(
        "der die das und ist nicht ein eine ich sie es zu mit auf den dem des für von "
        "sich auch wie war wird sind aber noch nur mir wir ihr dass oder wenn".split()
    ),
    "fr": frozenset(
        "le la les et est une des pas que qui dans pour sur du au ce il elle je nous vous "
        "sont avec mais ou plus cette ces leur aux être été".split()
    ),
    "es": frozenset(
        "el la los las y es que de en un una por para con no se lo como pero más este esta "
        "son fue muy ya también".split()
    ),
    "nl": frozenset(
        "de het een en is van dat niet ik je op te zijn met voor maar ook als er wat om dan "
        "nog wel geen".split()
    ),
    "pt": frozenset(
        "o a os as e é que de em um uma não para com por se mais mas como foi são também "
        "muito já".split()
    ),
    "it": frozenset(
        "il lo la gli le e è che di un una non per con sono ma come più anche questo questa "
        "del della".split()
    ),
    "pl": frozenset(
        "i w nie na się jest że do z to jak co ale o tak już czy jego ich tylko może być".split()
    ),
}


#: Function word -> the languages whose list has it.
_WORD_LANGUAGES: dict[str, tuple[str, ...]] = {
    w: tuple(lang for lang, sw in _STOPWORDS.items() if w in sw)
    for w in set().union(*_STOPWORDS.values())
}

#: Function word -> its languages as one integer with a 16-bit count field per language, so that
#: a text's counts for every language are one ``sum()`` in C (16 bits hold MAX_CHARS words).
_LANGUAGES = tuple(_STOPWORDS)
_WORD_VECTORS: dict[str, int] = {
    w: sum(1 << (16 * _LANGUAGES.index(lang)) for lang in langs) for w, langs in _WORD_LANGUAGES.items()
}
_EN = _LANGUAGES.index("en")


def guess_language(words: list[str]) -> str:
    """Guess a text's language from its lower-cased words.

    Returns a two-letter code, ``"en"`` when the evidence is thin (short texts, no function
    words: English is the tools' home language, and a wrong "foreign" note is worse than none),
    or ``"und"`` for text with no letters at all.
    """
    if not words:
        return "und"
    if len(words) < 0xFFFF:
        # One pass in C (this runs for every comment): all languages' counts in one integer.
        packed = sum(map(_WORD_VECTORS.get, words, repeat(0)))
        counts = [(packed >> (16 * k)) & 0xFFFF for k in range(len(_LANGUAGES))]
    else:
        counts = [0] * len(_LANGUAGES)
        for w in filter(_WORD_LANGUAGES.__contains__, words):
            for lang in _WORD_LANGUAGES[w]:
                counts[_LANGUAGES.index(lang)] += 1
    # The most function words wins; on a tie English first, then the first listed.
    top = max(counts)
    k = _EN if counts[_EN] == top else counts.index(top)
    if k != _EN and top >= 2 and top >= 2 * counts[_EN] + 1:
        return _LANGUAGES[k]
    if top == 0 and not any(ch.isascii() for w in words for ch in w):
        # Scripts without Latin letters and none of our function words: say so.
        return "und"
    return "en"


#: WORD_RE captured, for re.split (see Doc.word_spans).
_WORD_SPLIT_RE = re.compile(f"({WORD_RE.pattern})")
_first = itemgetter(0)
_second = itemgetter(1)


T = TypeVar("T")


class _once(Generic[T]):  # noqa: N801 - used as a decorator, like cached_property
    """A lazily computed attribute, kept in the instance's ``__dict__`` after its first use.

    ``functools.cached_property`` without its lock (Python 3.11 takes one on every first use,
    which costs more than most of what it guards here; two threads at worst compute the same
    value twice).
    """

    __slots__ = ("func", "name")

    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        self.name = func.__name__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> _once[T]: ...

    @overload
    def __get__(self, obj: object, owner: type | None = None) -> T: ...

    def __get__(self, obj: object | None, owner: type | None = None) -> T | _once[T]:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


class Doc:
    """A text with its tokenisation computed lazily and at most once."""

    __slots__ = ("text", "truncated", "__dict__")

    def __init__(self, text: str | None) -> None:
        text = text or ""
        self.truncated = len(text) > MAX_CHARS
        self.text = text[:MAX_CHARS] if self.truncated else text

    @classmethod
    def of(cls, text: str | Doc | None) -> Doc:
        return text if isinstance(text, Doc) else cls(text)

    @_once
    def lower(self) -> str:
        return self.text.lower()

    @_once
    def word_spans(self) -> list[tuple[str, int, int]]:
        """Words as ``(word, start, end)`` in text order."""
        # Splitting on the word pattern (captured) gives gaps and words in turn; their lengths
        # summed up give every offset. All in C, with no match object per word.
        parts = _WORD_SPLIT_RE.split(self.text)
        offsets = list(accumulate(map(len, parts)))
        words = parts[1::2]
        starts = offsets[0:-1:2]
        store = self.__dict__
        store.setdefault("words", words)
        store.setdefault("starts", starts)
        return list(zip(words, starts, offsets[1::2], strict=True))

    @_once
    def starts(self) -> list[int]:
        """Start offset of each word (``word_spans``' second column)."""
        return list(map(_second, self.word_spans))

    @_once
    def words(self) -> list[str]:
        if "word_spans" in self.__dict__:
            return list(map(_first, self.word_spans))
        return WORD_RE.findall(self.text)

    @_once
    def lower_words(self) -> list[str]:
        return list(map(str.lower, self.words))

    @_once
    def language(self) -> str:
        return guess_language(self.lower_words)

    @property
    def empty(self) -> bool:
        return not self.text.strip()

    def __repr__(self) -> str:
        return f"Doc({self.text[:40]!r})"
