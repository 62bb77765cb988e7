"""A comment's text prepared once and shared by every classifier: words with their spans,
lower-cased forms, and a cheap language guess.

Classifiers accept ``str | Doc``; passing one ``Doc`` to all of them means the text is
tokenised once per comment, which matters at a million comments.
"""

from __future__ import annotations

import re
from functools import cached_property

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


def guess_language(words: list[str]) -> str:
    """Guess a text's language from its lower-cased words.

    Returns a two-letter code, ``"en"`` when the evidence is thin (short texts, no function
    words: English is the tools' home language, and a wrong "foreign" note is worse than none),
    or ``"und"`` for text with no letters at all.
    """
    if not words:
        return "und"
    # One pass over the words (not one per language): this runs for every comment.
    counts = dict.fromkeys(_STOPWORDS, 0)
    get = _WORD_LANGUAGES.get
    for w in words:
        langs = get(w)
        if langs is not None:
            for lang in langs:
                counts[lang] += 1
    best = max(counts, key=lambda k: (counts[k], k == "en"))
    if best != "en" and counts[best] >= 2 and counts[best] >= 2 * counts["en"] + 1:
        return best
    if not any(ch.isascii() for w in words for ch in w) and counts[best] == 0:
        # Scripts without Latin letters and none of our function words: say so.
        return "und"
    return "en"


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

    @cached_property
    def lower(self) -> str:
        return self.text.lower()

    @cached_property
    def word_spans(self) -> list[tuple[str, int, int]]:
        """Words as ``(word, start, end)`` in text order."""
        return [(m.group(), m.start(), m.end()) for m in WORD_RE.finditer(self.text)]

    @cached_property
    def words(self) -> list[str]:
        return [w for w, _, _ in self.word_spans]

    @cached_property
    def lower_words(self) -> list[str]:
        return [w.lower() for w in self.words]

    @cached_property
    def language(self) -> str:
        return guess_language(self.lower_words)

    @property
    def empty(self) -> bool:
        return not self.text.strip()

    def __repr__(self) -> str:
        return f"Doc({self.text[:40]!r})"
