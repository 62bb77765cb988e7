"""Pseudonyms for commenters ("Reader A"), consistent across a worksheet and applied inside
comment texts that address someone by name."""

from __future__ import annotations

import re
from collections.abc import Iterable

# Capitalised words that are also first names: replaced only where they cannot start a
# sentence, so "Will the council…" keeps its verb when a reader is called Will.
_COMMON_WORD_NAMES = frozenset(
    "will may mark bill hope joy grace rose art pat sue guy ray dawn max rich frank faith "
    "june april august sunny summer amber jack bob rob nick chase drew wade lance gene earl "
    "dean miles penny holly ivy angel".split()
)


def pseudonym(index: int, prefix: str = "Reader") -> str:
    """``Reader A`` … ``Reader Z``, ``Reader AA`` …: spreadsheet-column letters."""
    letters = ""
    n = index + 1
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return f"{prefix} {letters}"


class Pseudonymiser:
    """Replace authors' names with pseudonyms, consistently, in bylines and inside texts.

    In a text, a name is recognised as a full name of several words, its squashed form
    ("GaryHolt"), ``@handle``, or a handle with digits or underscores, all case-insensitively;
    and as a one-word name or a first name (three letters or more, capitalised) case-sensitively,
    skipping a sentence's first word when it is also a common word ("Will the council…").
    Pseudonyms are given in the order names are first met through :meth:`name`.
    """

    def __init__(self, authors: Iterable[str | None], prefix: str = "Reader") -> None:
        self.prefix = prefix
        self.names: dict[str, str] = {}  # author as given → pseudonym
        ci: dict[str, str] = {}  # casefolded key → author
        cs: dict[str, str] = {}  # exact key → author
        for author in dict.fromkeys(a.strip() for a in authors if a and a.strip()):
            clean = author.lstrip("@").strip()
            if not clean:
                continue
            squashed = re.sub(r"\s+", "", clean)
            ci.setdefault("@" + squashed.casefold(), author)
            words = re.split(r"[\s_.\-]+", clean)
            if len(clean.split()) > 1:
                ci.setdefault(clean.casefold(), author)
                ci.setdefault(squashed.casefold(), author)
            elif not clean.isalpha():
                ci.setdefault(clean.casefold(), author)  # gary_h, jo99: not ordinary words
            else:
                cs.setdefault(clean, author)
            first = words[0] if words else ""
            if len(first) >= 3 and first.isalpha() and first[0].isupper() and first != clean:
                cs.setdefault(first, author)
        self._ci, self._cs = ci, cs

        def alternation(keys: Iterable[str]) -> str:
            return "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))

        self._re_ci = re.compile(rf"(?<![\w@])(?:{alternation(ci)})(?!\w)", re.I) if ci else None
        self._re_cs = re.compile(rf"(?<![\w@])(?:{alternation(cs)})(?!\w)") if cs else None

    def name(self, author: str | None) -> str | None:
        """The pseudonym of an author (a new one on first meeting); None stays None."""
        if author is None or not author.strip():
            return None
        key = author.strip()
        if key not in self.names:
            self.names[key] = pseudonym(len(self.names), self.prefix)
        return self.names[key]

    def text(self, text: str) -> str:
        """``text`` with every recognised name replaced by its author's pseudonym."""
        if self._re_ci is not None:
            text = self._re_ci.sub(lambda m: self.name(self._ci[m.group().casefold()]) or m.group(), text)
        if self._re_cs is None:
            return text
        source = text

        def one_word(m: re.Match[str]) -> str:
            word = m.group()
            before = source[: m.start()].rstrip()
            at_sentence_start = not before or before[-1] in '.!?:\n"“'
            if at_sentence_start and word.casefold() in _COMMON_WORD_NAMES:
                return word
            return self.name(self._cs[word]) or word

        return self._re_cs.sub(one_word, source)
