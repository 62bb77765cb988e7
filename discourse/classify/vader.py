"""A faithful, faster VADER: vaderSentiment's four scores, and the words and rules that moved them.

The package's ``SentimentIntensityAnalyzer.polarity_scores`` lower-cases the whole comment again
for every sentiment word it meets (three times per hit in its negation check, once more in its
idiom check), so its cost grows with the square of a comment's length. This module runs the same
rules over tokens that are lower-cased once, looks negations up in a set, checks idioms only where
an idiom word is near, and skips the emoji pass for text without emoji. Everything that decides a
score comes from the installed package at run time: the lexicon and emoji lexicon (read by the
package's own loader), the constants (``B_INCR``, ``C_INCR``, ``N_SCALAR``, ``NEGATE``,
``BOOSTER_DICT``, ``SPECIAL_CASES``), ``normalize`` and the punctuation amplifiers. The rules
themselves, quirks included (a "no" followed by a sentiment word, the "so"/"this" rule three
words back, the position mix-up in the "but" rule), are re-implemented to give **exactly** the
package's ``neg``/``neu``/``pos``/``compound`` on every input; ``tests/classify/test_vader.py``
and ``bench/bench_vader.py`` check that against the package on generated and hand-written text.

Each score comes with :class:`~discourse.model.Cue` objects (rule ids ``sentiment.lexicon``,
``sentiment.emoji``, ``sentiment.negation``, ``sentiment.booster``, ``sentiment.dampener``,
``sentiment.caps``, ``sentiment.intensifier``, ``sentiment.kind_of``, ``sentiment.idiom``,
``sentiment.least``, ``sentiment.without_doubt``, ``sentiment.but``, ``sentiment.exclamation``,
``sentiment.question``) whose spans point into the original text and whose weights are in VADER's
raw valence units: they add up to the sum that ``normalize`` turns into the compound score.
"""

from __future__ import annotations

import bisect
import math
import string
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from typing import Any

from vaderSentiment import vaderSentiment as _pkg

from ..model import Cue

#: The vaderSentiment release whose behaviour this module reproduces (checked by the tests and at
#: run time: another release is used only after a self-check, see ``FastVader.check``).
VERIFIED_VERSION = "3.3.2"

_PUNCT = string.punctuation

# Package constants, imported rather than copied so that the package stays the one source.
B_INCR: float = _pkg.B_INCR
C_INCR: float = _pkg.C_INCR
N_SCALAR: float = _pkg.N_SCALAR
BOOSTER_DICT: dict[str, float] = _pkg.BOOSTER_DICT
SPECIAL_CASES: dict[str, float] = _pkg.SPECIAL_CASES
NEGATE: frozenset[str] = frozenset(_pkg.NEGATE)
_amplify_ep = _pkg.SentimentIntensityAnalyzer._amplify_ep  # "!" emphasis, up to 4 marks
_amplify_qm = _pkg.SentimentIntensityAnalyzer._amplify_qm  # "?" emphasis, from 2 marks on

# Words that occur in a multi-word special case or booster ("the shit", "kind of"): an idiom
# can only match where one of them stands, so the idiom rule is skipped elsewhere.
_IDIOM_WORDS: frozenset[str] = frozenset(
    w for key in (*SPECIAL_CASES, *BOOSTER_DICT) if " " in key for w in key.split()
)


@dataclass(frozen=True)
class Lexicons:
    """The package's word and emoji lexicons, loaded once by the package's own code."""

    words: dict[str, float]
    emojis: dict[str, str]
    emoji_chars: frozenset[str]


@cache
def lexicons() -> Lexicons:
    """Load vaderSentiment's lexicons (once per process) through its own loader."""
    analyzer = _pkg.SentimentIntensityAnalyzer()
    emoji_chars = frozenset(k for k in analyzer.emojis if len(k) == 1)
    return Lexicons(analyzer.lexicon, analyzer.emojis, emoji_chars)


@dataclass(frozen=True, slots=True)
class VaderResult:
    """VADER's scores for one text, with the cues that explain them.

    Attributes:
        neg, neu, pos: VADER's proportions, rounded to 3 decimals as the package rounds them.
        compound: VADER's normalised score in [-1, 1], rounded to 4 decimals.
        raw: the unrounded sum that ``normalize`` maps to ``compound`` (after "!"/"?" emphasis).
        cues: the contributions, strongest first; their weights add up to ``raw``.
        hits: how many tokens carried a non-zero valence.
        tokens: how many tokens VADER saw (emoji descriptions count word by word).
    """

    neg: float
    neu: float
    pos: float
    compound: float
    raw: float = 0.0
    cues: tuple[Cue, ...] = ()
    hits: int = 0
    tokens: int = 0

    def polarity_scores(self) -> dict[str, float]:
        """The package's result dict: ``{"neg", "neu", "pos", "compound"}``."""
        return {"neg": self.neg, "neu": self.neu, "pos": self.pos, "compound": self.compound}


EMPTY = VaderResult(0.0, 0.0, 0.0, 0.0)


#: Token -> (VADER's token, lower-cased, all capitals): tokens repeat across comments, so each
#: distinct one is prepared once. Cleared when full; it never changes a result.
_TOKEN_CACHE: dict[str, tuple[str, str, bool]] = {}
_TOKEN_CACHE_SIZE = 200_000


def _prepare(token: str) -> tuple[str, str, bool]:
    # VADER strips punctuation around a token unless that leaves 2 characters or fewer
    # (emoticons such as ":)" stay whole).
    stripped = token.strip(_PUNCT)
    word = token if len(stripped) <= 2 else stripped
    entry = (word, word.lower(), word.isupper())
    if len(_TOKEN_CACHE) >= _TOKEN_CACHE_SIZE:
        _TOKEN_CACHE.clear()
    _TOKEN_CACHE[token] = entry
    return entry


class _Tokens:
    """VADER's tokens of one text and a map from each token back to the original text."""

    __slots__ = ("raw", "words", "lower", "n_upper", "text", "out_text", "_spans")

    def __init__(self, text: str, emoji_chars: frozenset[str], emojis: dict[str, str]) -> None:
        self.text = text
        if text.isascii() or emoji_chars.isdisjoint(text):
            # No emoji: VADER's text is the input (its strip() changes no token and no count).
            self.out_text = text
            self._spans = None
        else:
            self.out_text, self._spans = _replace_emoji(text, emoji_chars, emojis)
        self.raw = self.out_text.split()
        get = _TOKEN_CACHE.get
        entries = [get(t) or _prepare(t) for t in self.raw]
        self.words = [e[0] for e in entries]
        self.lower = [e[1] for e in entries]
        self.n_upper = sum([e[2] for e in entries])

    def locate(self, needed: set[int]) -> dict[int, tuple[int, int, bool]]:
        """Spans in the original text of the tokens at ``needed`` positions.

        Returns:
            position -> (start, end, whether the token is an emoji's description word).
        """
        out: dict[int, tuple[int, int, bool]] = {}
        last = max(needed)
        words, raw, text = self.words, self.raw, self.out_text
        pos = 0
        for k in range(last + 1):
            tok = raw[k]
            s = text.find(tok, pos)  # tokens are whitespace-separated, so the next match is it
            pos = s + len(tok)
            if k not in needed:
                continue
            word = words[k]
            e = pos
            if len(word) != len(tok):  # punctuation was stripped: point at the word itself
                s += len(tok) - len(tok.lstrip(_PUNCT))
                e = s + len(word)
            if self._spans is None:
                out[k] = (s, e, False)
                continue
            seg_out, seg_orig, seg_emoji = self._spans
            a = bisect.bisect_right(seg_out, s) - 1
            b = bisect.bisect_right(seg_out, e - 1) - 1
            start = seg_orig[a] if seg_emoji[a] else seg_orig[a] + (s - seg_out[a])
            end = seg_orig[b] + 1 if seg_emoji[b] else seg_orig[b] + (e - seg_out[b])
            out[k] = (start, end, seg_emoji[a] and a == b)
        return out

    def out_to_orig(self, pos: int) -> tuple[int, int]:
        """Span in the original text of one character of VADER's (emoji-replaced) text."""
        if self._spans is None:
            return pos, pos + 1
        seg_out, seg_orig, seg_emoji = self._spans
        a = bisect.bisect_right(seg_out, pos) - 1
        if seg_emoji[a]:
            return seg_orig[a], seg_orig[a] + 1
        start = seg_orig[a] + (pos - seg_out[a])
        return start, start + 1


def _replace_emoji(
    text: str, emoji_chars: frozenset[str], emojis: dict[str, str]
) -> tuple[str, tuple[list[int], list[int], list[bool]]]:
    """Replace emoji by their descriptions as the package does, keeping a map to the original.

    The package puts a space before a description unless the previous character was a space
    (or the text starts there), and none after it: "😀abc" reads "grinning faceabc".

    Returns:
        The replaced text and its segments: start in the replaced text, start in the original,
        and whether the segment stands for one emoji (whose description maps to its character).
    """
    out: list[str] = []
    seg_out: list[int] = []
    seg_orig: list[int] = []
    seg_emoji: list[bool] = []
    pos = 0  # length of the replaced text so far
    run_start = 0  # start of the current run of ordinary characters in the original
    prev_space = True
    for i, ch in enumerate(text):
        if ch not in emoji_chars:
            prev_space = ch == " "
            continue
        if i > run_start:
            seg_out.append(pos)
            seg_orig.append(run_start)
            seg_emoji.append(False)
            out.append(text[run_start:i])
            pos += i - run_start
        description = emojis[ch]
        piece = description if prev_space else " " + description
        seg_out.append(pos)
        seg_orig.append(i)
        seg_emoji.append(True)
        out.append(piece)
        pos += len(piece)
        run_start = i + 1
        prev_space = False
    if run_start < len(text):
        seg_out.append(pos)
        seg_orig.append(run_start)
        seg_emoji.append(False)
        out.append(text[run_start:])
    return "".join(out), (seg_out, seg_orig, seg_emoji)


class FastVader:
    """VADER's ``polarity_scores`` re-implemented for speed, with per-word explanations.

    Use :meth:`polarity_scores` for the package's dict, or :meth:`analyse` for a
    :class:`VaderResult` with cues.
    """

    def __init__(self) -> None:
        lex = lexicons()
        self.lexicon = lex.words
        self.emojis = lex.emojis
        self.emoji_chars = lex.emoji_chars

    def polarity_scores(self, text: str) -> dict[str, float]:
        """Same result as ``SentimentIntensityAnalyzer().polarity_scores(text)``."""
        return self.analyse(text, explain=False).polarity_scores()

    def analyse(self, text: str, explain: bool = True) -> VaderResult:
        """Score one text; with ``explain``, also say which words and rules moved the score."""
        toks = _Tokens(text, self.emoji_chars, self.emojis)
        lower = toks.lower
        n = len(lower)
        if n == 0:
            return EMPTY
        words = toks.words
        lexicon = self.lexicon
        # VADER's ALL-CAPS rule applies only when some, but not all, tokens are upper case.
        n_upper = toks.n_upper
        cap_diff = 0 < n - n_upper < n
        trace: list[tuple[str, int, int, float]] | None = [] if explain else None
        sentiments = [0.0] * n
        hits: list[int] = []
        for i, lw in enumerate(lower):
            if lw not in lexicon or lw in BOOSTER_DICT:
                continue  # boosters score 0 themselves, as do words outside the lexicon
            if lw == "kind" and i < n - 1 and lower[i + 1] == "of":
                continue
            sentiments[i] = self._valence(i, lw, words, lower, cap_diff, trace)
            hits.append(i)
        # The package appends 0 (an int) for non-hits; 0.0 sums identically.
        before_but = None
        but_at = -1
        if "but" in lower:
            but_at = lower.index("but")
            before_but = sentiments[:] if explain else None
            _but_shift(sentiments, but_at, hits)
        return self._score(sentiments, hits, toks, trace, before_but, but_at)

    # -- the rules ----------------------------------------------------------------------------

    def _valence(
        self,
        i: int,
        lw: str,
        words: list[str],
        lower: list[str],
        cap_diff: bool,
        trace: list[tuple[str, int, int, float]] | None,
    ) -> float:
        """Valence of the lexicon word at ``i`` after VADER's rules (the package's
        ``sentiment_valence``), recording each rule's effect in ``trace`` when given."""
        lexicon = self.lexicon
        n = len(lower)
        base = lexicon[lw]
        valence = base
        # "no" directly before another sentiment word negates it instead of scoring itself.
        if lw == "no" and i != n - 1 and lower[i + 1] in lexicon:
            valence = 0.0
        if trace is not None and valence:
            trace.append(("lexicon", i, i, valence))
        no_at = -1
        if i > 0 and lower[i - 1] == "no":
            no_at = i - 1
        elif i > 1 and lower[i - 2] == "no":
            no_at = i - 2
        elif i > 2 and lower[i - 3] == "no" and lower[i - 1] in ("or", "nor"):
            no_at = i - 3
        if no_at >= 0:
            new = base * N_SCALAR
            if trace is not None:
                trace.append(("negation", no_at, no_at, new - valence))
            valence = new
        if cap_diff and words[i].isupper():
            step = C_INCR if valence > 0 else -C_INCR
            valence += step
            if trace is not None:
                trace.append(("caps", i, i, step))
        for start_i in range(3):
            j = i - start_i - 1
            if j < 0:
                break
            lj = lower[j]
            if lj in lexicon:
                continue
            # A booster or dampener before the word (the package's scalar_inc_dec).
            if lj in BOOSTER_DICT:
                scalar = BOOSTER_DICT[lj]
                if valence < 0:
                    scalar *= -1
                plain = scalar
                if cap_diff and words[j].isupper():
                    if valence > 0:
                        scalar += C_INCR
                    else:
                        scalar -= C_INCR
                if start_i == 1:
                    scalar = scalar * 0.95
                    plain = plain * 0.95
                elif start_i == 2:
                    scalar = scalar * 0.9
                    plain = plain * 0.9
                valence = valence + scalar
                if trace is not None:
                    trace.append(("booster" if BOOSTER_DICT[lj] > 0 else "dampener", j, j, plain))
                    if scalar != plain:
                        trace.append(("caps", j, j, scalar - plain))
            valence = self._negation(valence, start_i, i, lower, trace)
            if start_i == 2:
                valence = self._idioms(valence, i, lower, trace)
        # "least" before the word negates it, except in "at least" and "very least".
        if i > 0 and lower[i - 1] == "least" and lower[i - 1] not in lexicon:
            if i == 1 or lower[i - 2] not in ("at", "very"):
                new = valence * N_SCALAR
                if trace is not None:
                    trace.append(("least", i - 1, i - 1, new - valence))
                valence = new
        return valence

    @staticmethod
    def _negation(
        valence: float,
        start_i: int,
        i: int,
        lower: list[str],
        trace: list[tuple[str, int, int, float]] | None,
    ) -> float:
        """The package's ``_negation_check`` for the word ``start_i + 1`` places before ``i``."""
        j = i - start_i - 1
        lj = lower[j]
        factor = 1.0
        rule = ""
        a, b = j, j
        if start_i == 1:
            if lj == "never" and lower[i - 1] in ("so", "this"):
                factor, rule, b = 1.25, "intensifier", i - 1
            elif lj == "without" and lower[i - 1] == "doubt":
                rule, b = "without_doubt", i - 1
        elif start_i == 2:
            # Operator precedence in the package: (never and so/this) or (previous is so/this).
            if lj == "never" and lower[i - 2] in ("so", "this"):
                factor, rule, b = 1.25, "intensifier", i - 2
            elif lower[i - 1] in ("so", "this"):
                factor, rule, a, b = 1.25, "intensifier", i - 1, i - 1
            elif lj == "without" and (lower[i - 2] == "doubt" or lower[i - 1] == "doubt"):
                rule, b = "without_doubt", (i - 2 if lower[i - 2] == "doubt" else i - 1)
        if not rule and (lj in NEGATE or "n't" in lj):
            factor, rule = N_SCALAR, "negation"
        if factor == 1.0:
            if trace is not None and rule:
                trace.append((rule, a, b, 0.0))
            return valence
        new = valence * factor
        if trace is not None:
            trace.append((rule, a, b, new - valence))
        return new

    @staticmethod
    def _idioms(
        valence: float, i: int, lower: list[str], trace: list[tuple[str, int, int, float]] | None
    ) -> float:
        """The package's ``_special_idioms_check`` (only called for ``i >= 3``)."""
        n = len(lower)
        if lower[i - 2] not in _IDIOM_WORDS and lower[i] not in _IDIOM_WORDS:
            return valence  # every sequence it tries contains word i-2 or word i
        w3, w2, w1, w0 = lower[i - 3], lower[i - 2], lower[i - 1], lower[i]
        old = valence
        span = (0, -1)
        for seq, a, b in (
            (f"{w1} {w0}", i - 1, i),
            (f"{w2} {w1} {w0}", i - 2, i),
            (f"{w2} {w1}", i - 2, i - 1),
            (f"{w3} {w2} {w1}", i - 3, i - 1),
            (f"{w3} {w2}", i - 3, i - 2),
        ):
            if seq in SPECIAL_CASES:
                valence = SPECIAL_CASES[seq]
                span = (a, b)
                break
        if n - 1 > i:
            seq = f"{w0} {lower[i + 1]}"
            if seq in SPECIAL_CASES:
                valence = SPECIAL_CASES[seq]
                span = (i, i + 1)
        if n - 1 > i + 1:
            seq = f"{w0} {lower[i + 1]} {lower[i + 2]}"
            if seq in SPECIAL_CASES:
                valence = SPECIAL_CASES[seq]
                span = (i, i + 2)
        if trace is not None and span[1] >= 0:
            trace.append(("idiom", span[0], span[1], valence - old))
        for seq, a, b in ((f"{w3} {w2} {w1}", i - 3, i - 1), (f"{w3} {w2}", i - 3, i - 2),
                          (f"{w2} {w1}", i - 2, i - 1)):
            if seq in BOOSTER_DICT:
                valence = valence + BOOSTER_DICT[seq]
                if trace is not None:
                    trace.append(("kind_of", a, b, BOOSTER_DICT[seq]))
        return valence

    # -- the scores ---------------------------------------------------------------------------

    def _score(
        self,
        sentiments: list[float],
        hit_at: list[int],
        toks: _Tokens,
        trace: list[tuple[str, int, int, float]] | None,
        before_but: list[float] | None,
        but_at: int,
    ) -> VaderResult:
        """The package's ``score_valence``, plus the cues."""
        text = toks.out_text
        sum_s = float(sum(sentiments))
        emphasis = _amplify_ep(text) + _amplify_qm(text)
        if sum_s > 0:
            sum_s += emphasis
        elif sum_s < 0:
            sum_s -= emphasis
        compound = _pkg.normalize(sum_s)
        pos_sum = neg_sum = 0.0
        hits = 0
        for k in hit_at:  # every other position holds 0 and only counts as neutral
            s = sentiments[k]
            if s > 0:
                pos_sum += float(s) + 1  # +1 compensates for neutral words counted as 1
                hits += 1
            elif s < 0:
                neg_sum += float(s) - 1
                hits += 1
        neu_count = len(sentiments) - hits
        if pos_sum > math.fabs(neg_sum):
            pos_sum += emphasis
        elif pos_sum < math.fabs(neg_sum):
            neg_sum -= emphasis
        total = pos_sum + math.fabs(neg_sum) + neu_count
        cues: tuple[Cue, ...] = ()
        if trace is not None:
            cues = _cues(toks, trace, sentiments, before_but, but_at, sum_s, emphasis)
        return VaderResult(
            neg=round(math.fabs(neg_sum / total), 3),
            neu=round(math.fabs(neu_count / total), 3),
            pos=round(math.fabs(pos_sum / total), 3),
            compound=round(compound, 4),
            raw=sum_s,
            cues=cues,
            hits=hits,
            tokens=len(sentiments),
        )

    # -- checking against the package -------------------------------------------------------------

    def check(self, texts: list[str]) -> list[str]:
        """Texts on which this re-implementation and the installed package disagree."""
        stock = _pkg.SentimentIntensityAnalyzer()
        return [t for t in texts if self.polarity_scores(t) != stock.polarity_scores(t)]


def _but_shift(sentiments: list[float], but_at: int, hits: list[int]) -> None:
    """The package's "but" rule: halve what comes before the first "but", add half to what follows.

    The package finds each value's position with ``list.index``, i.e. the *first* position
    holding an equal value, so when two words share a valence the earlier one can be shifted
    twice and the later one not at all. That is reproduced here. Zeros are skipped: shifting a
    zero leaves it zero, so they change nothing.
    """
    for k in hits:
        value = sentiments[k]
        if value == 0:
            continue
        si = sentiments.index(value)
        if si < but_at:
            sentiments[si] = value * 0.5
        elif si > but_at:
            sentiments[si] = value * 1.5


def _cues(
    toks: _Tokens,
    trace: list[tuple[str, int, int, float]],
    sentiments: list[float],
    before_but: list[float] | None,
    but_at: int,
    sum_s: float,
    emphasis: float,
) -> tuple[Cue, ...]:
    """Turn the rule trace into cues with spans in the original text, merging repeats."""
    shift = 0.0
    if before_but is not None:
        shift = sum(sentiments) - sum(before_but)
        if shift:
            trace.append(("but", but_at, but_at, shift))
    merged: dict[tuple[str, int, int], float] = {}
    if trace:
        needed = {a for _, a, _, _ in trace} | {b for _, _, b, _ in trace}
        spans = toks.locate(needed)
        for rule, a, b, weight in trace:
            start, _, is_emoji = spans[a]
            if rule == "lexicon" and is_emoji:
                rule = "emoji"
            key = (rule, start, spans[b][1])
            merged[key] = merged.get(key, 0.0) + weight
    if sum_s and emphasis:
        sign = 1.0 if sum_s > 0 else -1.0
        out = toks.out_text
        marks = _positions(out, "!", 4)
        if marks:
            for s, e, k in _runs(toks, marks):
                merged[("exclamation", s, e)] = sign * _amplify_ep(out) * k / len(marks)
        q_total = _amplify_qm(out)
        if q_total:
            q_at = _positions(out, "?", 4)
            for s, e, k in _runs(toks, q_at):
                merged[("question", s, e)] = sign * q_total * k / len(q_at)
    text = toks.text
    ranked = sorted(merged.items(), key=lambda kv: (-abs(kv[1]), kv[0][1]))
    return tuple(
        Cue(_RULE_IDS[rule], text[s:e], s, e, w)
        for (rule, s, e), w in ranked
        if w or rule == "without_doubt"
    )


_RULE_IDS = {r: f"sentiment.{r}" for r in (
    "lexicon", "emoji", "negation", "booster", "dampener", "caps", "intensifier", "kind_of", "idiom",
    "least", "without_doubt", "but", "exclamation", "question")}


def _runs(toks: _Tokens, positions: list[int]) -> list[tuple[int, int, int]]:
    """Original-text spans of marks, adjacent ones joined ("!!!" is one cue): (start, end, marks)."""
    out: list[tuple[int, int, int]] = []
    for m in positions:
        s, e = toks.out_to_orig(m)
        if out and out[-1][1] == s:
            out[-1] = (out[-1][0], e, out[-1][2] + 1)
        else:
            out.append((s, e, 1))
    return out


def _positions(text: str, char: str, limit: int) -> list[int]:
    """Offsets of the first ``limit`` occurrences of ``char`` in ``text``."""
    out: list[int] = []
    at = text.find(char)
    while at >= 0 and len(out) < limit:
        out.append(at)
        at = text.find(char, at + 1)
    return out


def package_version() -> str:
    """The installed vaderSentiment version ("unknown" when its metadata is missing)."""
    try:
        return metadata.version("vaderSentiment")
    except metadata.PackageNotFoundError:  # pragma: no cover - installed without metadata
        return "unknown"


def explain_scores(result: VaderResult) -> dict[str, Any]:
    """A JSON-ready summary of a result (scores, raw sum, hit count)."""
    return {**result.polarity_scores(), "raw": round(result.raw, 4), "hits": result.hits}
