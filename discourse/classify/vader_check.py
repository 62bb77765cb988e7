"""Generated texts that exercise every VADER rule, and the check that our VADER equals the package's.

Used by the test suite (a few thousand texts), by ``bench/bench_vader.py`` (many more) and by
:class:`~discourse.classify.sentiment.Sentiment` when the installed vaderSentiment is a release
other than the one :mod:`discourse.classify.vader` was verified against.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from .vader import BOOSTER_DICT, NEGATE, SPECIAL_CASES, FastVader, lexicons

# Ordinary words without sentiment (written for this module).
_PLAIN = (
    "the a an this that it is was are be to of in on for with as at by from and or nor so "
    "then than council city article vote plan road bike lane tax people time year week "
    "day report story post reader writer comment page number thing way point view idea "
    "kind sort of least most more less just enough never without doubt no not very really "
    "i you he she we they my your our their me him her us them what who when where why how"
).split()

# Edge-case tokens: emoticons, punctuation runs, links, mentions, HTML remnants, control and
# Unicode space characters, curly apostrophes, letters whose case mapping is unusual.
_ODD = (
    ":)", ":-(", ":D", ":P", "<3", ";)", "xD", ":'(", "!!!", "!", "?", "??", "?!", "...", "-", "--",
    "(", ")", '"', "'", "https://example.org/a?b=1&c=2", "www.example.com", "@user42", "#tag",
    "<b>", "</p>", "&amp;", "&nbsp;", "42", "3.14", "\x00", "\x07", "\x1b[31m", "\u00a0", "\u2003",
    "\x1c", "\u200b", "don\u2019t", "isn't", "wasn't", "can't", "ain't", "uh-uh", "İstanbul",
    "ǅemal", "ß", "ﬁne", "Straße", "très", "güzel", "хорошо", "好", "😀😀", "👍🏽", "❤️", "🇫🇷",
    "kind-of", "sort-of", "kindof", "kinda", "sorta",
)

_SEPARATORS = (" ", " ", " ", " ", "  ", "\n", "\t", ", ", ". ", "! ", "? ", " - ", "\n\n", "")
_PREFIXES = ("", "", "", "", '"', "(", "'", "*", "#", "@", "...")
_SUFFIXES = ("", "", "", "", "", ",", ".", "!", "!!", "!!!", "?", "??", "?!", ")", '"', "...", ":", ";")


@dataclass(frozen=True)
class _Pools:
    lexicon: tuple[str, ...]
    emoji: tuple[str, ...]
    phrases: tuple[str, ...]


def _pools(rng: random.Random) -> _Pools:
    lex = lexicons()
    words = sorted(lex.words)
    emoji = sorted(lex.emojis)
    phrases = sorted(
        {*SPECIAL_CASES, *BOOSTER_DICT, *NEGATE}
        | {"at least", "very least", "the least", "never so", "never this", "without a doubt",
           "without doubt", "no doubt", "no or", "nor", "kind of", "sort of", "but", "BUT", "But",
           "yeah right", "to die for", "cut the mustard"}
    )
    return _Pools(tuple(rng.sample(words, 1500)), tuple(rng.sample(emoji, 600)), tuple(phrases))


def _token(rng: random.Random, pools: _Pools) -> str:
    r = rng.random()
    if r < 0.30:
        tok = rng.choice(pools.lexicon)
    elif r < 0.55:
        tok = rng.choice(_PLAIN)
    elif r < 0.72:
        tok = rng.choice(pools.phrases)
    elif r < 0.82:
        tok = rng.choice(pools.emoji)
    else:
        tok = rng.choice(_ODD)
    case = rng.random()
    if case < 0.12:
        tok = tok.upper()
    elif case < 0.22:
        tok = tok.capitalize()
    if rng.random() < 0.25:
        tok = rng.choice(_PREFIXES) + tok + rng.choice(_SUFFIXES)
    return tok


def generate_texts(n: int, seed: int = 0, max_words: int = 60) -> Iterator[str]:
    """Yield ``n`` seeded texts that mix every input VADER's rules react to.

    Lengths are mostly short (a comment), with about 1 in 50 texts up to ``20 * max_words``
    tokens; about 1 in 20 texts is written entirely in capitals, and 1 in 40 is empty, blank,
    punctuation only or emoji only.
    """
    rng = random.Random(seed)
    pools = _pools(rng)
    for _ in range(n):
        r = rng.random()
        if r < 0.025:
            yield rng.choice(("", " ", "\n\t ", "!!!", "?!?", "...", "😀", "😡😡 🔥", ":)", "\x00"))
            continue
        length = rng.randint(1, max_words) if rng.random() > 0.02 else rng.randint(1, 20 * max_words)
        parts: list[str] = []
        for _ in range(length):
            parts.append(_token(rng, pools))
            parts.append(rng.choice(_SEPARATORS))
        text = "".join(parts)
        if r > 0.95:
            text = text.upper()
        yield text


#: Hand-written cases for each rule and quirk (every text written for this project).
EDGE_CASES: tuple[str, ...] = (
    "",
    " ",
    "\n\t",
    "good",
    "GOOD",
    "not good",
    "not very good",
    "Not bad at all",
    "isn't good",
    "it isnt good",
    "don\u2019t like it",
    "never so good",
    "never this good",
    "never good",
    "so very good",
    "this is so good",
    "without doubt good",
    "without a doubt, good",
    "no good",
    "no, good",
    "no no good",
    "no problem",
    "no or good",
    "no nor bad",
    "NO good at ALL",
    "good no",
    "at least good",
    "the least good",
    "very least good",
    "least good",
    "least",
    "kind of good",
    "kind of bad",
    "it was kind of a good day",
    "sort of nice",
    "just enough good",
    "kinda good",
    "KINDA GOOD but BAD",
    "good but bad",
    "bad but good",
    "good good but good",
    "good bad good but bad good bad",
    "but",
    "but but good",
    "it's the shit",
    "the bomb indeed",
    "what a bad ass",
    "badass movie",
    "yeah right, great",
    "to die for",
    "the kiss of death",
    "a beating heart",
    "waiting at the bus stop is fine",
    "VERY GOOD",
    "very GOOD news",
    "VERY good news",
    "The FOOD was GREAT but the service was TERRIBLE!!!",
    "good!",
    "good!!",
    "good!!!!!!!!",
    "bad??",
    "bad???",
    "bad?????",
    "great?!?!",
    "!!!",
    "???",
    ":)",
    ":-(",
    ":D :P <3",
    "😀",
    "😀😀😀",
    "😀good",
    "good😀",
    "good 😀",
    " 😀",
    "😡 not happy",
    "not 😀",
    "ON🔛 UP🆙!",
    "❤️ love it",
    "👍🏽 nice",
    "İstanbul güzel",
    "Straße ist gut",
    "хорошо",
    "good\x00bad\x07",
    "good\u00a0bad",
    "good\x1cbad",
    "uh-uh, good",
    "kind-of good",
    "no doubt a great idea",
    "Happy happy joy joy",
    "fuckin awesome",
    "FUCKIN awesome",
    "barely good",
    "BARELY good",
    "hardly bad",
    "It was not the worst, but not the best.",
    "good " * 500,
    "not " * 300 + "good",
    "but " * 200 + "good bad",
)


def mismatches(texts: list[str], vader: FastVader | None = None) -> list[tuple[str, dict, dict]]:
    """Texts where our VADER differs from the package, with both results."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    ours = vader or FastVader()
    stock = SentimentIntensityAnalyzer()
    out = []
    for t in texts:
        a, b = ours.polarity_scores(t), stock.polarity_scores(t)
        if a != b:
            out.append((t, a, b))
    return out
