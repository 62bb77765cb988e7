"""Shared helpers for lexicon-based classifiers: word lists as data, phrase matching, emoji.

Word lists live in ``discourse/lexicons/*.txt``: a header of ``#`` lines naming the source and
licence, then one entry per line, optionally ``entry<TAB>weight``. Entries may be phrases
("kind of"); matching is on the lower-cased words that :class:`~discourse.classify.doc.Doc`
has already produced, so no classifier tokenises a comment twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import compress
from typing import Any, TypeVar

from ..errors import ConfigError

T = TypeVar("T")

#: Emoji and pictographs (the main Unicode blocks; skin-tone and joiner marks included so that
#: a composed emoji counts once). Written for this project from the Unicode block ranges.
EMOJI_RE = re.compile(
    "(?:[\U0001f300-\U0001faff\U00002600-\U000027bf\U0001f000-\U0001f2ff\U00002b00-\U00002bff]"
    "[\U0001f3fb-\U0001f3ff\ufe0f\u200d]*)+"
)

#: Western emoticons :) ;-) :D :P XD <3 :( :'( and the Japanese ^_^ / -_- kind. The look-behind
#: keeps "a:b" and times ("10:30") out; the look-ahead keeps "(see:D. Smith)" style text rare.
#: Spelled to start with a character class (the engine then only tries positions holding one of
#: those characters); the same matches as ``(?<![\w:;=])(?:[:;=8][\-'^o]?[)(\]\[DPpOo3|/\\*@$]+|``
#: ``<3+|\^[_.\-]?\^|-_-|[xX][Dd]+\b|\([:;]|:-?\|)(?![\w])``.
EMOTICON_RE = re.compile(
    r"[:;=8<^\-xX(](?<![\w:;=].)(?:(?<=[:;=8])[\-'^o]?[)(\]\[DPpOo3|/\\*@$]+|(?<=<)3+|(?<=\^)[_.\-]?\^"
    r"|(?<=-)_-|(?<=[xX])[Dd]+\b|(?<=\()[:;]|(?<=:)-?\|)(?![\w])"
)


@cache
def load_lexicon(name: str) -> dict[str, float]:
    """Read ``discourse/lexicons/<name>.txt`` into ``{entry: weight}`` (weight 1.0 when absent).

    Entries are lower-cased and whitespace-normalised; ``#`` starts a comment line.

    Raises:
        ConfigError: the list does not exist or a weight is not a number.
    """
    path = resources.files("discourse").joinpath("lexicons", f"{name}.txt")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"word list {name!r} not found in discourse/lexicons/") from None
    out: dict[str, float] = {}
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        entry, _, weight = line.partition("\t")
        key = " ".join(entry.lower().split())
        try:
            out[key] = float(weight) if weight.strip() else 1.0
        except ValueError:
            raise ConfigError(f"word list {name!r}, line {n}: weight {weight!r} is not a number") from None
    return out


class PhraseSet:
    """Find single words and multi-word phrases in a list of lower-cased words.

    Args:
        entries: phrases, words separated by single spaces (``"kind of"``, ``"lol"``).
    """

    __slots__ = ("words", "phrases", "first", "keys", "_contains", "by_pair")

    def __init__(self, entries: Iterable[str]) -> None:
        self.words: frozenset[str] = frozenset(e for e in entries if " " not in e)
        phrases = [tuple(e.split()) for e in entries if " " in e]
        self.first: dict[str, list[tuple[str, ...]]] = {}
        for p in sorted(phrases, key=len, reverse=True):  # longest match first
            self.first.setdefault(p[0], []).append(p)
        self.phrases = frozenset(phrases)
        self.keys = self.words | frozenset(self.first)
        self._contains = self.keys.__contains__
        # Phrases by their first two words (longest first, as in ``first``): a phrase can only
        # match where its first two words stand, which one dictionary look-up tells. None when
        # some phrase is a single word (an entry with stray spaces): then every phrase is tried.
        by_pair: dict[tuple[str, str], list[tuple[str, ...]]] | None = {}
        for plist in self.first.values():
            for p in plist:
                if len(p) < 2:
                    by_pair = None
                    break
                by_pair.setdefault((p[0], p[1]), []).append(p)  # type: ignore[union-attr]
            if by_pair is None:
                break
        self.by_pair = by_pair

    def find(self, lower_words: list[str]) -> list[tuple[int, int]]:
        """``(i, j)`` word-index ranges (end exclusive) of every non-overlapping match."""
        # Only positions holding a word that can start a match are looked at (found in C).
        n = len(lower_words)
        candidates = list(compress(range(n), map(self._contains, lower_words)))
        if not candidates:
            return []
        words, first, by_pair = self.words, self.first, self.by_pair
        out: list[tuple[int, int]] = []
        until = 0
        for i in candidates:
            if i < until:
                continue
            w = lower_words[i]
            if w in first:
                if by_pair is None:
                    plist = first[w]
                else:
                    plist = by_pair.get((w, lower_words[i + 1])) if i + 1 < n else None
                for p in plist or ():
                    j = i + len(p)
                    if tuple(lower_words[i:j]) == p:
                        out.append((i, j))
                        until = j
                        break
                else:
                    if w in words:
                        out.append((i, i + 1))
            else:
                out.append((i, i + 1))
        return out

    def __contains__(self, word: str) -> bool:
        return word in self.words


class CategorisedPhrases:
    """Several word lists matched in one pass; a text span belongs to the first list (in the
    given order) that has it, longest phrase first.

    Args:
        lists: ``(category, entries)`` in priority order.
    """

    __slots__ = ("phrases", "category", "keys")

    def __init__(self, lists: Iterable[tuple[str, Iterable[str]]]) -> None:
        self.category: dict[str, str] = {}
        for name, entries in lists:
            for e in entries:
                self.category.setdefault(e, name)
        self.phrases = PhraseSet(self.category)
        # Words that can start a match: a text without any of them is skipped at C speed.
        self.keys = self.phrases.keys

    def find(self, lower_words: list[str]) -> Iterator[tuple[int, int, str]]:
        """Yield ``(i, j, category)`` for every non-overlapping match."""
        if self.keys.isdisjoint(lower_words):
            return
        for i, j in self.phrases.find(lower_words):
            key = lower_words[i] if j == i + 1 else " ".join(lower_words[i:j])
            yield i, j, self.category[key]


def phrase_set(name: str) -> PhraseSet:
    """The entries of a word list as a :class:`PhraseSet`."""
    return PhraseSet(load_lexicon(name))


def squeeze(word: str, keep: int = 2) -> str:
    """Shorten runs of one repeated letter to ``keep`` letters: "sooooo" → "soo" (keep=2)."""
    return re.sub(r"(.)\1{%d,}" % keep, r"\1" * keep, word)  # noqa: UP031


REPEAT_RE = re.compile(r"([^\W\d_])\1{2,}")


# --- weighted term lists with wildcards, exceptions and obfuscation -------------------------

#: Look-alike characters used to dodge filters ("sh1t", "a$$", "b!tch") → the letter meant.
LEET = str.maketrans(
    {
        "0": "o",
        "1": "i",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "8": "b",
        "@": "a",
        "$": "s",
        "!": "i",
        "|": "i",
    }
)
#: Characters that hide a letter ("f*ck", "f#ck", "f%ck").
MASKS = frozenset("*#%")
#: Tokens that carry a look-alike or a mask inside letters. Plain words are left to ``Doc``.
OBFUSCATED_RE = re.compile(
    r"(?<![\w@$*#%!|])(?:[A-Za-z][\w@$*#%!|]*[@$*#%!|0-9][\w@$*#%!|]*|[@$][A-Za-z@$*#%!|]+)"
)
#: A look-alike or mask character: every OBFUSCATED_RE match holds one (see obfuscated).
_SPECIAL_RE = re.compile(r"[@$*#%!|0-9]")
#: The rest of a run of token characters, and of the characters after a leading "@"/"$".
_TOKEN_TAIL_RE = re.compile(r"[\w@$*#%!|]*")
_SIGIL_TAIL_RE = re.compile(r"[A-Za-z@$*#%!|]*")
_TOKEN_PUNCT = frozenset("_@$*#%!|")


def obfuscated(text: str) -> list[tuple[int, str]]:
    """``(start, token)`` of every OBFUSCATED_RE match in ``text``, in order, without running it.

    A match starts where a run of token characters (``[\\w@$*#%!|]``) starts: the whole run
    when it starts with an ASCII letter and holds a look-alike or mask character after it, or a
    leading "@"/"$" with the letters and marks that follow it. Runs are found from their special
    characters (a character-class scan in C) instead of trying the pattern at every position;
    ``tests/classify/test_speed_equivalence.py`` checks the result against the pattern.
    """
    out: list[tuple[int, str]] = []
    run_end = -1
    for m in _SPECIAL_RE.finditer(text):
        i = m.start()
        if i < run_end:
            continue  # a run already read
        start = i
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] in _TOKEN_PUNCT):
            start -= 1
        run_end = _TOKEN_TAIL_RE.match(text, i).end()  # type: ignore[union-attr]
        first = text[start]
        if first.isascii() and first.isalpha():
            out.append((start, text[start:run_end]))  # the special character at i follows it
        elif first in "@$":
            end = _SIGIL_TAIL_RE.match(text, start + 1).end()  # type: ignore[union-attr]
            if end > start + 1:
                out.append((start, text[start:end]))
    return out


#: Endings generated for "stem*" entries so that masked forms ("f**king") can be matched.
_WILD_SUFFIXES = ("", "s", "ed", "er", "ers", "ing", "in", "y", "head", "heads", "face", "hole")


@dataclass(frozen=True, slots=True)
class TermHit:
    """One match of a weighted term list in a text."""

    start: int
    end: int
    text: str
    term: str
    weight: float


class TermMatcher:
    """Weighted words and phrases with ``stem*`` wildcards, ``!phrase`` exceptions and
    tolerance for obfuscation (look-alike characters, masks, stretched letters).

    Args:
        entries: ``{entry: weight}`` as read by :func:`load_lexicon`.
    """

    def __init__(self, entries: dict[str, float]) -> None:
        self.exact: dict[str, float] = {}
        self.prefixes: dict[str, list[tuple[str, float]]] = {}
        phrases: dict[str, float] = {}
        exceptions: list[str] = []
        for key, weight in entries.items():
            if key.startswith("!"):
                exceptions.append(key[1:])
            elif " " in key:
                phrases[key] = weight
            elif key.endswith("*"):
                stem = key[:-1]
                self.prefixes.setdefault(stem[:3], []).append((stem, weight))
            else:
                self.exact[key] = weight
        for stems in self.prefixes.values():
            stems.sort(key=lambda sw: -len(sw[0]))
        self.phrase_weights = phrases
        self.phrases = PhraseSet(phrases)
        self.exception_entries = tuple(exceptions)
        self.exceptions = PhraseSet(exceptions)
        # Whole words a masked token may stand for, indexed by (length, first letter).
        wild: dict[tuple[int, str], dict[str, float]] = {}
        forms = dict(self.exact)
        for stems in self.prefixes.values():
            for stem, weight in stems:
                for suffix in _WILD_SUFFIXES:
                    forms.setdefault(stem + suffix, weight)
        for word, weight in forms.items():
            if word.isalpha():
                wild.setdefault((len(word), word[0]), {})[word] = weight
        self.wild = wild

    def lookup(self, word: str) -> tuple[str, float] | None:
        """``(term, weight)`` for one lower-cased word, or None."""
        weight = self.exact.get(word)
        if weight is not None:
            return word, weight
        for stem, w in self.prefixes.get(word[:3], ()):
            if word.startswith(stem):
                return stem + "*", w
        if REPEAT_RE.search(word):  # "fuuuck", "stuuupid"
            for keep in (2, 1):
                short = squeeze(word, keep)
                if short != word:
                    found = self.lookup(short)
                    if found:
                        return found
        if "-" in word:  # "bull-shit", "mother-fucker"
            joined = word.replace("-", "")
            found = self.lookup(joined) if joined != word else None
            if found:
                return found
        return None

    def unmask(self, token: str) -> tuple[str, float] | None:
        """The listed word an obfuscated token stands for ("f*ck" → fuck), or None."""
        core = token.rstrip("!.?").lower()
        if len(core) < 3 or not any(ch in MASKS or not ch.isalpha() for ch in core):
            return None
        plain = core.translate(LEET)
        if not any(ch in MASKS for ch in plain):
            return self.lookup(plain)
        letters = sum(ch.isalpha() for ch in plain)
        if letters < 1 or not plain[0].isalpha():
            return None
        best: tuple[str, float] | None = None
        for word, weight in self.wild.get((len(plain), plain[0]), {}).items():
            if all(p in MASKS or p == c for p, c in zip(plain, word, strict=True)):
                if best is None or weight > best[1]:
                    best = (word, weight)
        return best

    def find(
        self,
        doc_words: list[tuple[str, int, int]],
        lower: list[str],
        text: str,
        skip: frozenset[int] = frozenset(),
    ) -> list[TermHit]:
        """Every listed term in a text: phrases, words (obfuscated ones included).

        Args:
            doc_words: ``Doc.word_spans``.
            lower: ``Doc.lower_words`` (same length).
            text: the text the spans point into.
            skip: word indexes not to match (e.g. a name-like word used as a name).
        """
        hits: list[TermHit] = []
        blocked: set[int] = set()
        if self.exceptions.first or self.exceptions.words:
            for i, j in self.exceptions.find(lower):
                blocked.update(range(i, j))
        if self.phrase_weights:
            for i, j in self.phrases.find(lower):
                if blocked.intersection(range(i, j)):
                    continue
                s, e = doc_words[i][1], doc_words[j - 1][2]
                hits.append(
                    TermHit(s, e, text[s:e], " ".join(lower[i:j]), self.phrase_weights[" ".join(lower[i:j])])
                )
                blocked.update(range(i, j))
        for i, lw in enumerate(lower):
            if i in blocked or i in skip:
                continue
            found = self.lookup(lw)
            if found:
                _, s, e = doc_words[i]
                hits.append(TermHit(s, e, text[s:e], found[0], found[1]))
        if any(ch in text for ch in "*#%@$!|") or any(ch.isdigit() for ch in text):
            for s, token in obfuscated(text):
                found = self.unmask(token)
                if found:
                    e = s + len(token.rstrip("!.?"))
                    if not any(h.start <= s < h.end for h in hits):
                        hits.append(TermHit(s, e, text[s:e], found[0], found[1]))
        hits.sort(key=lambda h: h.start)
        return hits


class ListSet:
    """Several weighted word lists (:class:`TermMatcher` each) matched in one pass over a text.

    Each word is looked up once per process (a bounded cache of word → matches), so a corpus
    pays the wildcard and stretched-letter rules once per distinct word, not once per use.

    Args:
        names: word lists in ``discourse/lexicons/``.
    """

    #: Distinct words remembered before the cache starts afresh (bounds memory on huge corpora).
    CACHE_SIZE = 200_000

    def __init__(self, names: Iterable[str]) -> None:
        self.names = tuple(names)
        self.matchers = {n: term_matcher(n) for n in self.names}
        self.phrase_entries: dict[str, list[tuple[str, float]]] = {}
        exceptions: list[str] = []
        for n, m in self.matchers.items():
            for p, w in m.phrase_weights.items():
                self.phrase_entries.setdefault(p, []).append((n, w))
            exceptions.extend(" ".join(e) if isinstance(e, tuple) else e for e in m.exception_entries)
        self.phrases = PhraseSet(self.phrase_entries)
        self.phrase_keys = frozenset(self.phrases.first)
        self.exceptions = PhraseSet(exceptions)
        self.exception_keys = frozenset(self.exceptions.first) | self.exceptions.words
        self._cache: dict[str, tuple[tuple[str, str, float], ...]] = {}
        self._unmasked: dict[str, tuple[tuple[str, str, float], ...]] = {}

    def word(self, lw: str) -> tuple[tuple[str, str, float], ...]:
        """``(list, term, weight)`` for every list that has this lower-cased word."""
        found = self._cache.get(lw)
        if found is None:
            found = tuple((n, *hit) for n, m in self.matchers.items() if (hit := m.lookup(lw)))
            if len(self._cache) >= self.CACHE_SIZE:
                self._cache.clear()
            self._cache[lw] = found
        return found

    def find(
        self, doc_words: list[tuple[str, int, int]], lower: list[str], text: str
    ) -> dict[str, list[TermHit]]:
        """Every listed term in a text, by list: phrases, words, obfuscated words."""
        out: dict[str, list[TermHit]] = {n: [] for n in self.names}
        blocked: set[int] = set()
        if not self.exception_keys.isdisjoint(lower):
            for i, j in self.exceptions.find(lower):
                blocked.update(range(i, j))
        if not self.phrase_keys.isdisjoint(lower):
            for i, j in self.phrases.find(lower):
                if blocked.intersection(range(i, j)):
                    continue
                phrase = " ".join(lower[i:j])
                s, e = doc_words[i][1], doc_words[j - 1][2]
                for n, w in self.phrase_entries.get(phrase, ()):
                    out[n].append(TermHit(s, e, text[s:e], phrase, w))
                blocked.update(range(i, j))
        # Each word's matches from the cache, looked up in C; only words with matches are visited.
        found = list(map(self._cache.get, lower))
        if None in found:
            for i, f in enumerate(found):
                if f is None:
                    found[i] = self.word(lower[i])
        for i in compress(range(len(found)), found):
            if i not in blocked:
                _, s, e = doc_words[i]
                for n, term, w in found[i]:
                    out[n].append(TermHit(s, e, text[s:e], term, w))
        if _MAYBE_OBFUSCATED.search(text):
            for s, token in obfuscated(text):
                unmasked = self._unmasked.get(token)
                if unmasked is None:
                    unmasked = tuple(
                        (n, *hit) for n, mt in self.matchers.items() if (hit := mt.unmask(token))
                    )
                    if len(self._unmasked) >= self.CACHE_SIZE:
                        self._unmasked.clear()
                    self._unmasked[token] = unmasked
                if not unmasked:
                    continue
                e = s + len(token.rstrip("!.?"))
                for n, term, w in unmasked:
                    if not any(h.start <= s < h.end for h in out[n]):
                        out[n].append(TermHit(s, e, text[s:e], term, w))
                        out[n].sort(key=lambda h: h.start)
        return out


#: Cheap test for text that may hide a word: a mask or look-alike character next to a letter
#: (after a letter, or an "@"/"$" before one). Written to start with a character class, which the
#: regular expression engine scans for in C, instead of trying every position.
_MAYBE_OBFUSCATED = re.compile(r"[*#%@$!|0-9](?:(?<=[A-Za-z].)|(?<=[@$])(?=[A-Za-z]))")


def per_doc(doc: object, key: str, compute: Callable[[], T]) -> T:
    """Compute something about a ``Doc`` once and keep it on the Doc for other classifiers.

    Register and moderation both need the swear words of a comment; the first to ask pays.
    """
    store = doc.__dict__
    if key not in store:
        store[key] = compute()
    return store[key]  # type: ignore[no-any-return]


@cache
def term_matcher(name: str) -> TermMatcher:
    """The :class:`TermMatcher` of one word list (built once per process)."""
    return TermMatcher(load_lexicon(name))


#: The word lists matched together for every comment (moderation, and register's swear words).
MODERATION_LISTS = (
    "moderation_profanity",
    "moderation_insult",
    "moderation_sexual",
    "moderation_dismissive",
    "moderation_threat",
    "moderation_spam",
    "moderation_slurs",
    "moderation_dehumanising",
)


@cache
def moderation_lists() -> ListSet:
    """The :class:`ListSet` of :data:`MODERATION_LISTS` (built once per process)."""
    return ListSet(MODERATION_LISTS)


def moderation_hits(doc: object) -> dict[str, list[TermHit]]:
    """Matches of every moderation word list in a Doc (matched once per Doc), by list name."""

    def compute() -> dict[str, list[TermHit]]:
        d: Any = doc
        return moderation_lists().find(d.word_spans, d.lower_words, d.text)

    return per_doc(doc, "_moderation_hits", compute)


def list_hits(doc: object, name: str) -> list[TermHit]:
    """Matches of one word list in a Doc; all moderation lists are matched once per Doc.

    Args:
        doc: a :class:`~discourse.classify.doc.Doc`.
        name: the word list (``discourse/lexicons/<name>.txt``).
    """

    def compute() -> dict[str, list[TermHit]]:
        d: Any = doc
        return moderation_lists().find(d.word_spans, d.lower_words, d.text)

    if name in MODERATION_LISTS:
        return per_doc(doc, "_moderation_hits", compute)[name]

    def single() -> list[TermHit]:
        d: Any = doc
        return term_matcher(name).find(d.word_spans, d.lower_words, d.text)

    return per_doc(doc, "_hits_" + name, single)


@cache
def load_words(name: str) -> frozenset[str]:
    """A word list whose lines hold several words each (stopwords): the set of all of them."""
    path = resources.files("discourse").joinpath("lexicons", f"{name}.txt")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"word list {name!r} not found in discourse/lexicons/") from None
    return frozenset(
        w.lower() for line in text.splitlines() if not line.lstrip().startswith("#") for w in line.split()
    )
