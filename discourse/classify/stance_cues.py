"""Stance cues: the ``lexicons/stance_*.txt`` phrase lists matched over a comment, with its
questions, negations and sentence structure; shared by ``stance`` and ``reply_stance``.

One pass over a comment's words finds every cue (longest phrase first, negation within three
words flipping a cue into its negated family), every question sentence with its first word,
and the spans of URLs, @mentions and HTML remnants, whose words are left out. The result is
kept on the ``Doc`` so a parent comment read by many replies is analysed once.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import compress
from typing import NamedTuple

from .doc import WORD_RE, Doc

#: Cue families with a lexicon file ``lexicons/stance_<family>.txt``.
FAMILIES: tuple[str, ...] = (
    "deny",
    "support",
    "praise",
    "praise_target",
    "query",
    "rhetorical",
    "hedge",
    "urge",
    "agree",
    "disagree",
)

#: Families a preceding negation flips ("not true" is matched whole; "don't really agree" is
#: ``negated_agree``). Others (query, hedge, joke…) keep their meaning under negation.
NEGATABLE = frozenset({"deny", "support", "praise", "agree", "disagree"})

#: How many words back a negator reaches, with no punctuation in between.
NEGATION_WINDOW = 3

#: Question openers, grouped: a wh-word or an auxiliary first is a real question form.
WH_WORDS = frozenset(
    "who what when where why how which whose whom wer was wann wo warum wie qui quoi quand où "
    "pourquoi comment quién qué cuándo dónde por qué cómo wie wat wanneer waar waarom hoe chi "
    "cosa quando dove perché come quem quando onde porque como".split()
)
AUX_WORDS = frozenset(
    "is are was were am do does did can could will would should shall may might must has have "
    "had isn't aren't wasn't weren't don't doesn't didn't can't couldn't won't wouldn't "
    "shouldn't hasn't haven't isnt arent dont doesnt didnt cant wont any anyone anybody "
    "ist sind hat gibt kann est-ce".split()
)
SECOND_PERSON = frozenset("you your you're youre yours u ur yourself y'all".split())
FIRST_PERSON = frozenset("i me my mine i'm im i've ive i'd myself we us our".split())
#: Deny words that describe something in the story when a content word follows them ("fake
#: IDs", "false teeth"), but dispute the story on their own ("it's fake", "fake!", "fake news"
#: is matched whole).
ATTRIBUTIVE = frozenset("fake false staged bogus phony fabricated doctored".split())
#: "lie(s)" followed by one of these means "to be located" ("the onus lies upon us").
LOCATIVE_AFTER_LIE = frozenset(
    "in on upon with ahead at behind within beneath below under down low between there here "
    "dormant around elsewhere before".split()
)
_LIE_FORMS = frozenset("lie lies lying".split())
OPENING_NO = frozenset("no nope nah nein non nee".split())
OPENING_YES = frozenset("yes yep yup yeah yea ja oui sí si exactly true agreed".split())

# Spans whose words are not the commenter's words: links, @mentions, HTML tags and entities.
# One simple pattern each, run only when its trigger character occurs (alternations of them are
# several times slower on every comment).
_URL_RE = re.compile(r"(?:https?://|www\.)\S+")
_SKIP_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("@", re.compile(r"@\w+")),  # @mentions (tweets, some comment systems)
    ("<", re.compile(r"</?[a-zA-Z][^<>]{0,200}>")),  # HTML tags left in text
    ("&", re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{1,6}|#x[0-9a-fA-F]{1,6});")),  # &amp; &nbsp; &#39;
)
# Both spelled to start with a single character (class), which the regular expression engine
# scans for in C: the same matches as "!+" and "[?!.…\n]+".
_EXCLAIM_RE = re.compile(r"!!*")
# Sentence ends: "?" and "!" runs always; "." and "…" before white space, a quote or the end;
# line breaks. Decimal points and abbreviations inside words do not end a sentence.
_END_RE = re.compile(r"[?!.…\n][?!.…\n]*")
_AFTER_STOP = frozenset(" \t\r\n\"'”’)]")


_new = tuple.__new__


class Match(NamedTuple):
    """One cue found in a text.

    Attributes:
        family: lexicon family, or ``negated_<family>`` when a negator precedes it.
        text: the matched text as written.
        start, end: character span in the Doc's text.
        first, last: word indices (into ``TextCues.words``), inclusive.
        sentence: sentence index.
        in_question: the sentence ends with a question mark.
    """

    family: str
    text: str
    start: int
    end: int
    first: int
    last: int
    sentence: int
    in_question: bool


class Question(NamedTuple):
    """A sentence that ends with "?": its span, first word and size in words."""

    text: str
    start: int
    end: int
    opener: str | None
    n_words: int
    exclaimed: bool
    second_person: bool


class SpanView(Sequence[tuple[int, int]]):
    """``(start, end)`` of each word, read from a Doc's ``word_spans`` without copying them."""

    __slots__ = ("_spans",)

    def __init__(self, word_spans: list[tuple[str, int, int]]) -> None:
        self._spans = word_spans

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [(s, e) for _, s, e in self._spans[i]]
        _, s, e = self._spans[i]
        return (s, e)

    def __len__(self) -> int:
        return len(self._spans)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return ((s, e) for _, s, e in self._spans)


@dataclass(slots=True)
class TextCues:
    """Everything the stance classifiers read from one text (computed once per Doc).

    Attributes:
        words: lower-case words, URLs/mentions/HTML left out, apostrophes normalised (read only:
            may be the Doc's own list).
        spans: ``(start, end)`` of each word in the Doc's text.
        matches: lexicon cues in text order.
        questions: question sentences in text order.
        urls: spans of links.
        exclaims: number of "!" runs.
        second_person, first_person: counts of such pronouns.
        valenced: ``(word index, valence)`` of strongly positive or negative words, the valence
            reversed and halved after a negator (as in VADER, "not good" is mildly negative).
        ends: sentence end offsets (see :func:`sentence_of`).
        starts: start offset of each word (read only: may be the Doc's own list).
    """

    words: Sequence[str]
    spans: Sequence[tuple[int, int]]
    matches: tuple[Match, ...]
    questions: tuple[Question, ...]
    urls: tuple[tuple[int, int], ...]
    exclaims: int
    second_person: int
    first_person: int
    valenced: tuple[tuple[int, float], ...] = ()
    ends: tuple[int, ...] = ()
    starts: Sequence[int] = ()

    def sentence_of(self, i: int) -> int:
        """Sentence index of word ``i``."""
        return bisect_right(self.ends, self.starts[i] if self.starts else self.spans[i][0])

    def word_at(self, offset: int) -> int:
        """Index of the first word starting at or after ``offset``."""
        if self.starts:
            return bisect_left(self.starts, offset)
        return _first_word_at(self.spans, offset)

    def families(self) -> set[str]:
        return {m.family for m in self.matches}

    def has(self, family: str) -> bool:
        return any(m.family == family for m in self.matches)


@dataclass(frozen=True, slots=True)
class Lexicons:
    """Phrase table: first word → [(phrase words, families)], longest phrase first; negators;
    word valences (VADER's lexicon, -4..+4) for praise and criticism aimed at the article."""

    table: dict[str, list[tuple[tuple[str, ...], frozenset[str]]]]
    negators: frozenset[str]
    valence: dict[str, float]
    function_words: frozenset[str] = frozenset()
    triggers: frozenset[str] = frozenset()
    #: Derived from ``table`` for the scan: single-word entries (word → families), and
    #: multi-word phrases by their first two words (longest first, as in ``table``).
    single: dict[str, frozenset[str]] = field(init=False, repr=False, compare=False)
    by_pair: dict[tuple[str, str], list[tuple[tuple[str, ...], frozenset[str]]]] = field(
        init=False, repr=False, compare=False
    )

    #: Trigger word -> (starts a phrase, its own families sorted or None, may be descriptive
    #: use, negator, valence or None): one look-up per word for the scan.
    about: dict[str, tuple[bool, tuple[str, ...] | None, bool, bool, float | None]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        single: dict[str, frozenset[str]] = {}
        by_pair: dict[tuple[str, str], list[tuple[tuple[str, ...], frozenset[str]]]] = {}
        for w, entries in self.table.items():
            for phrase, fams in entries:
                if len(phrase) == 1:
                    single.setdefault(w, fams)
                else:
                    by_pair.setdefault((phrase[0], phrase[1]), []).append((phrase, fams))
        pair_starts = {first for first, _ in by_pair}
        about = {
            w: (
                w in pair_starts,
                tuple(sorted(single[w])) if w in single else None,
                w in ATTRIBUTIVE or w in _LIE_FORMS,
                w in self.negators,
                self.valence.get(w),
            )
            for w in self.triggers
        }
        object.__setattr__(self, "single", single)
        object.__setattr__(self, "by_pair", by_pair)
        object.__setattr__(self, "about", about)


def _norm(word: str) -> str:
    return word.replace("’", "'")


def read_phrases(text: str) -> list[tuple[str, ...]]:
    """Parse a lexicon file: one phrase per line, ``#`` comments, blank lines ignored."""
    phrases = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip().lower()
        if line:
            words = tuple(_norm(m.group()) for m in WORD_RE.finditer(line))
            # Non-word phrases ("+1") cannot be matched on words; skip them.
            if words:
                phrases.append(words)
    return phrases


def build_lexicons(
    families: dict[str, Iterable[tuple[str, ...]]],
    negators: Iterable[str],
    valence: dict[str, float] | None = None,
    function_words: Iterable[str] = (),
) -> Lexicons:
    """Build a phrase table from ``{family: phrases}``, a negator list, word valences and the
    function words that may follow a verdict word ("fake and", "false as")."""
    merged: dict[tuple[str, ...], set[str]] = {}
    for family, phrases in families.items():
        for phrase in phrases:
            merged.setdefault(phrase, set()).add(family)
    table: dict[str, list[tuple[tuple[str, ...], frozenset[str]]]] = {}
    for phrase, fams in merged.items():
        table.setdefault(phrase[0], []).append((phrase, frozenset(fams)))
    for entries in table.values():
        entries.sort(key=lambda e: -len(e[0]))
    negs = frozenset(_norm(w) for w in negators)
    val = dict(valence or {})
    # Every word the scan must stop at; the others are skipped in one C-level pass.
    triggers = frozenset(table) | negs | frozenset(val)
    return Lexicons(table, negs, val, frozenset(function_words), triggers)


@cache
def packaged_lexicons() -> Lexicons:
    """The lexicons shipped in ``discourse/lexicons/stance_*.txt`` (read once per process)."""
    root = resources.files("discourse").joinpath("lexicons")
    families = {f: read_phrases(root.joinpath(f"stance_{f}.txt").read_text("utf-8")) for f in FAMILIES}
    negators = [p[0] for p in read_phrases(root.joinpath("stance_negation.txt").read_text("utf-8"))]
    from .relevance import stopwords

    return build_lexicons(families, negators, vader_valence(), stopwords())


#: Words whose VADER valence is at least this strong count as praise or criticism.
VALENCE_MIN = 1.0


@cache
def vader_valence() -> dict[str, float]:
    """Single-word valences from vaderSentiment's own lexicon file (MIT), |valence| >= 1.0.

    Read from the installed package, not copied: the sentiment classifier uses the same file.
    """
    text = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text("utf-8")
    out: dict[str, float] = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and WORD_RE.fullmatch(parts[0]):
            try:
                v = float(parts[1])
            except ValueError:
                continue
            if abs(v) >= VALENCE_MIN:
                out[_norm(parts[0])] = v
    return out


def _sentence_ends(
    text: str, skip: list[tuple[int, int]] | tuple[tuple[int, int], ...]
) -> tuple[list[int], list[bool], list[bool]]:
    """Sentence end offsets, whether each ends in "?", and whether its end mixes "?" and "!".

    "?" and "!" runs and line breaks always end a sentence; "." and "…" only before white
    space, a closing quote or bracket, or the end ("17.6" and "e.g" do not).
    """
    ends: list[int] = []
    question: list[bool] = []
    mixed: list[bool] = []
    for m in _END_RE.finditer(text):
        g = m.group()
        end = m.end()
        if "?" not in g and "!" not in g and "\n" not in g:
            if end < len(text) and text[end] not in _AFTER_STOP:
                continue
        if skip and any(s <= m.start() < e for s, e in skip):
            continue  # "?" inside a URL's query string
        ends.append(end)
        q = "?" in g
        question.append(q)
        mixed.append(q and "!" in g)
    return ends, question, mixed


def analyse(doc: Doc, lexicons: Lexicons | None = None) -> TextCues:
    """Find the stance cues of a text; memoised on the Doc (per lexicon table).

    Args:
        doc: the comment.
        lexicons: phrase table (the packaged one when None).
    """
    lexicons = lexicons or packaged_lexicons()
    memo = doc.__dict__.get("_stance_cues")
    if memo is not None and memo[0] is lexicons:
        return memo[1]
    result = _analyse(doc, lexicons)
    doc.__dict__["_stance_cues"] = (lexicons, result)
    return result


def _analyse(doc: Doc, lex: Lexicons) -> TextCues:
    text = doc.text
    urls = (
        tuple((m.start(), m.end()) for m in _URL_RE.finditer(text))
        if ("http" in text or "www." in text)
        else ()
    )
    skip = list(urls)
    for trigger, pattern in _SKIP_PATTERNS:
        if trigger in text:
            skip.extend((m.start(), m.end()) for m in pattern.finditer(text))
    if len(skip) > 1:
        skip.sort()
    curly = "’" in text

    spans: Sequence[tuple[int, int]]
    starts: list[int]
    if skip:
        words: list[str] = []
        span_list: list[tuple[int, int]] = []
        si = 0
        for (_, s, e), lw in zip(doc.word_spans, doc.lower_words, strict=True):
            while si < len(skip) and skip[si][1] <= s:
                si += 1
            if si < len(skip) and skip[si][0] <= s < skip[si][1]:
                continue
            words.append(_norm(lw) if curly else lw)
            span_list.append((s, e))
        spans = span_list
        starts = [s for s, _ in span_list]
    else:
        lower = doc.lower_words
        words = [_norm(w) for w in lower] if curly else lower  # read only: shared with the Doc
        spans = SpanView(doc.word_spans)
        starts = doc.starts

    ends, is_q, mixed = _sentence_ends(text, urls)
    n_ends = len(is_q)

    def sentence(i: int) -> int:
        return bisect_right(ends, starts[i]) if ends else 0

    # Longest-match phrase scan over the words that can start a cue, negate or carry valence
    # (found in C); negators remembered by word index for the flip.
    matches: list[Match] = []
    pair_get = lex.by_pair.get
    valenced: list[tuple[int, float]] = []
    last_neg = -10
    n = len(words)

    def negated(i: int) -> bool:
        return (
            i - last_neg <= NEGATION_WINDOW
            and sentence(last_neg) == sentence(i)
            and not _punct_between(text, spans[last_neg][1], starts[i])
        )

    free = 0  # words before this index belong to a phrase already matched
    # What each word can be (see Lexicons.about), looked up in C; only trigger words are visited.
    about = list(map(lex.about.get, words))
    for i in compress(range(n), about):
        if i < free:
            continue
        w = words[i]
        starts_pair, fams, describes, negator, v = about[i]
        hit = None
        # Phrases (longest first) can only match where their first two words stand; they must
        # lie within one sentence. Then the word on its own.
        if starts_pair and i + 1 < n:
            plist = pair_get((w, words[i + 1]))
            if plist is not None:
                for phrase, pfams in plist:
                    k = len(phrase)
                    if i + k <= n and tuple(words[i : i + k]) == phrase:
                        if sentence(i + k - 1) == sentence(i):
                            hit = (phrase, tuple(sorted(pfams)))
                            break
        if hit is None and fams is not None and not (describes and _describes(w, i, words, sentence, lex)):
            hit = ((w,), fams)
        if hit is None:
            if negator:
                last_neg = i
            elif v is not None:
                if negated(i):
                    v = -0.5 * v
                valenced.append((i, v))
            continue
        phrase, fams = hit
        k = len(phrase)
        s, e = starts[i], spans[i + k - 1][1]
        neg = negated(i)
        si_ = sentence(i)
        in_q = si_ < n_ends and is_q[si_]
        for fam in fams:
            name = f"negated_{fam}" if neg and fam in NEGATABLE else fam
            matches.append(_new(Match, (name, text[s:e], s, e, i, i + k - 1, si_, in_q)))
        if k == 1 and negator:
            last_neg = i
        free = i + k

    # Question sentences.
    questions: list[Question] = []
    if any(is_q):
        q_starts = [0] + ends[:-1]
        for idx, q in enumerate(is_q):
            if not q:
                continue
            qs, qe = q_starts[idx], ends[idx]
            # Words of this sentence: those starting at or after its start and before its end.
            lo = bisect_left(starts, q_starts[idx])
            hi = bisect_left(starts, qe)
            if hi > lo:
                qs = starts[lo]
            else:
                qs = qe - len(text[qs:qe].lstrip())
            qwords = words[lo:hi]
            questions.append(
                Question(
                    text=text[qs:qe],
                    start=qs,
                    end=qe,
                    opener=qwords[0] if qwords else None,
                    n_words=len(qwords),
                    exclaimed=mixed[idx],
                    second_person=not SECOND_PERSON.isdisjoint(qwords),
                )
            )
    return TextCues(
        words=words,
        spans=spans,
        matches=tuple(matches),
        questions=tuple(questions),
        urls=urls,
        exclaims=len(_EXCLAIM_RE.findall(text)) if "!" in text else 0,
        second_person=sum(map(SECOND_PERSON.__contains__, words)),
        first_person=sum(map(FIRST_PERSON.__contains__, words)),
        valenced=tuple(valenced),
        ends=tuple(ends),
        starts=starts,
    )


def _first_word_at(spans: Sequence[tuple[int, int]], offset: int) -> int:
    """Index of the first word starting at or after ``offset`` (binary search)."""
    lo, hi = 0, len(spans)
    while lo < hi:
        mid = (lo + hi) // 2
        if spans[mid][0] < offset:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _describes(w: str, i: int, words: Sequence[str], sentence: Callable[[int], int], lex: Lexicons) -> bool:
    """Whether single-word cue ``w`` at ``i`` is descriptive use rather than a verdict."""
    if w not in ATTRIBUTIVE and w not in _LIE_FORMS:
        return False
    if i + 1 >= len(words) or sentence(i + 1) != sentence(i):
        return False
    nxt = words[i + 1]
    if w in _LIE_FORMS:
        return nxt in LOCATIVE_AFTER_LIE
    if w in ATTRIBUTIVE:
        # Short words ("at", "as", "in") and function words continue the verdict: "fake at all".
        return len(nxt) > 2 and nxt not in lex.function_words and nxt not in lex.negators
    return False


_PUNCT = frozenset(",;:.!?()")


def _punct_between(text: str, start: int, end: int) -> bool:
    return not _PUNCT.isdisjoint(text[start:end])
