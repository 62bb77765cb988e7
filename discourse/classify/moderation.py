"""Moderation: a calibrated toxicity score with a Likely / Maybe / Unlikely band, and flags
(insult, profanity, identity attack, threat, sexual, shouting, spam, off-topic), each with the
words that raised it.

Everything is read from word lists (``discourse/lexicons/moderation_*.txt``, written for this
project) and a few rules, in one pass over the words :class:`~discourse.classify.doc.Doc` has
already found. The toxicity score is a logistic model over the strength of each kind of
evidence; its weights (``classify/data/moderation_weights.json``) were fitted by
``scripts/fit_moderation.py`` on offensive-tweet labels (Davidson et al. 2017, MIT) with civil
prose as counter-examples, so that the score reads as the share of raters who would call the
comment offensive. Cue weights are log-odds contributions to that score.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import compress, islice, repeat
from operator import eq
from typing import Any, ClassVar

from ..errors import ConfigError
from ..model import Cue, Label
from .base import ArticleContext, Classifier, Context, register
from .doc import Doc
from .features import TermHit, load_lexicon, load_words, moderation_hits, squeeze

WEIGHTS_FILE = "moderation_weights.json"

#: Flags in report order. ``spam`` and ``off_topic`` do not move the toxicity score.
FLAGS: tuple[str, ...] = (
    "threat",
    "identity_attack",
    "insult",
    "profanity",
    "sexual",
    "shouting",
    "spam",
    "off_topic",
)
#: Inputs of the toxicity model (see scripts/fit_moderation.py), each a strength >= 0.
TOXICITY_FEATURES: tuple[str, ...] = (
    "profanity",
    "insult",
    "directed",
    "identity_attack",
    "threat",
    "sexual",
    "dismissive",
    "shouting",
    "exclamation",
)
# Words that address the reader or another commenter: an insult next to one is aimed at a person.
SECOND_PERSON = frozenset("you your you're youre ur u ya yourself yourselves y'all yall thou".split())
#: Without the shouting flag, capitals and "!!" are shown only when they add this much log-odds.
MIN_SHOUTING_CUE = 0.25
#: Severity from which words aimed at the reader raise the insult flag ("you're naive" does not).
DIRECTED_FLAG_MIN = 1.0
FIRST_PERSON = frozenset("i i'm im me myself am".split())
# Words allowed between "you" and the insult: "you are such a pathetic little…".
_FILLER = frozenset(
    "are is were be being a an such so the total complete utter absolute little big fucking like "
    "am feel felt look looked "
    "bloody damn stupid ignorant pathetic lying f'ing freaking".split()
)
# List words that are also common names or harmless words when capitalised before another name
# ("Dick Cheney", "Randy Johnson"): not counted when written as part of a name.
NAME_LIKE = frozenset("dick dicks cock willy fanny knob coon spook cracker pike hack tool gay".split())

URL_RE = re.compile(
    r"(?:https?://|www\.)\S+|\b[a-z0-9][a-z0-9\-]{1,62}\.(?:com|net|org|info|biz|xyz|ru|io|ly|co|us|uk|de|top|site|online|shop)\b(?:/\S*)?",
    re.IGNORECASE,
)
EMAIL_RE = re.compile(r"\b[\w.+\-]+@[\w\-]+\.[\w.\-]+\b")
PHONE_RE = re.compile(r"(?<!\d)(?:\+?\d[\d\s().\-]{8,}\d)(?!\d)")
DIGITS_RE = re.compile(r"\d\d\d")
# Spelled to start with a character class the engine scans for in C; the same matches as
# "https?:|www\.|\.(?:com|net|…|shop)\b" ignoring case ("h" and "w" have no other case forms).
LINK_HINT = re.compile(
    r"[hHwW.](?:(?<=[hH])(?i:ttps?:)|(?<=[wW])(?i:ww\.)"
    r"|(?<=\.)(?i:com|net|org|info|biz|xyz|ru|io|ly|co|us|uk|de|top|site|online|shop)\b)"
)
# One character six times or more. Spelled out rather than "(\S)\1{5,}": the same matches, and
# the regular expression engine runs this form about twice as fast.
CHAR_RUN_RE = re.compile(r"(\S)\1\1\1\1\1+")
EXCLAIM_RUN_RE = re.compile(r"[!?]*![!?]*!+[!?]*|[!?]{3,}")
GO_BACK_RE = re.compile(
    r"\bgo (?:back )?(?:home )?to (?:your|their|his|her) (?:own )?"
    r"(?:country|countries|homeland|cave|jungle|desert)\b"
)
_SENTENCE_RE = re.compile(r"[.!?;\n]+")
GO_BACK_HINTS = ("go back", "go home", "go to your", "go to their", "go to his", "go to her")
UPPER_RE = re.compile(r"[A-ZÀ-ÖØ-Þ]")
LETTER_RE = re.compile(r"[^\W\d_]")
_span = re.Match.span
SAME_WORD_RUN_RE = re.compile(r"\b(\w+)(?:\W+\1\b){3,}")


@dataclass(slots=True)
class Evidence:
    """What one comment shows, per category: the hits and their summed severity."""

    hits: dict[str, list[TermHit]] = field(default_factory=dict)
    strength: dict[str, float] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)

    def add(self, category: str, hit: TermHit) -> None:
        self.hits.setdefault(category, []).append(hit)
        self.strength[category] = self.strength.get(category, 0.0) + hit.weight


@dataclass(frozen=True, slots=True)
class _Lists:
    groups: frozenset[str]
    threat_verbs: frozenset[str]
    threat_forms: frozenset[str]
    stopwords: frozenset[str]


@lru_cache(maxsize=1)
def _lists() -> _Lists:
    verbs = frozenset(load_lexicon("moderation_threat_verbs"))
    return _Lists(
        groups=frozenset(load_lexicon("moderation_groups")),
        threat_verbs=verbs,
        # The word forms the threat pattern accepts: a text with none of them skips it.
        threat_forms=frozenset(v + end for v in verbs for end in ("", "s", "ed", "ing")),
        stopwords=load_words("offtopic_stopwords"),
    )


@lru_cache(maxsize=1)
def _threat_re() -> re.Pattern[str]:
    """ "<I/we/someone> <will/should/gonna…> [up to two words] <violent verb> <you/them…>"."""
    verbs = "|".join(sorted(map(re.escape, _lists().threat_verbs), key=len, reverse=True))
    return re.compile(
        r"\b(?:i|we|i'm|we're|im|someone|somebody|they|people)\s+"
        r"(?:'ll|will|shall|am going to|are going to|'m going to|'re going to|going to|gonna|should|"
        r"ought to|would|'d|want to|wanna|need to|must|will personally|could)\s+"
        r"(?:\w+\s+){0,2}?"
        rf"(?:{verbs})(?:s|ed|ing)?\s+"
        r"(?:you|u|ya|y'all|him|her|them|your|ur|his|their|all of you|every one of you|those|these)\b"
    )


def _is_name(doc: Doc, hit: TermHit, index: dict[int, int]) -> bool:
    """True when a name-like list word is written as part of a name ("Dick Cheney")."""
    if hit.text.lower() not in NAME_LIKE or not hit.text[:1].isupper() or hit.text.isupper():
        return False
    i = index.get(hit.start)
    if i is None:
        return False
    words = doc.words
    nxt = words[i + 1] if i + 1 < len(words) else ""
    prv = words[i - 1] if i > 0 else ""
    return nxt[:1].isupper() or prv[:1].isupper()


def gather(doc: Doc, directed_window: int = 4, identity_window: int = 6) -> Evidence:
    """Collect the evidence of every moderation category in one text.

    Args:
        doc: the text, tokenised once and shared with the other classifiers.
        directed_window: how many words after "you"/"your" an insult counts as aimed at a person.
        identity_window: how many words apart a group word and a dehumanising or insulting
            word must stand to count as an identity attack.
    """
    ev = Evidence()
    words = doc.word_spans
    lower = doc.lower_words
    found = moderation_hits(doc)
    # Word index by start offset: only texts with list words need it.
    index = dict(zip(doc.starts, range(len(words)), strict=True)) if any(found.values()) else {}
    for category, lexicon in (
        ("profanity", "moderation_profanity"),
        ("insult", "moderation_insult"),
        ("sexual", "moderation_sexual"),
        ("dismissive", "moderation_dismissive"),
        ("threat", "moderation_threat"),
        ("spam", "moderation_spam"),
    ):
        for hit in found[lexicon]:
            if not _is_name(doc, hit, index):
                ev.add(category, hit)
    # Self-deprecation ("like I'm an idiot", "call me stupid") insults nobody else.
    if "insult" in ev.hits:
        mine = list(compress(range(len(lower)), map(FIRST_PERSON.__contains__, lower)))
        if mine:
            kept = []
            for hit in ev.hits["insult"]:
                i = index.get(hit.start, -1)
                if any(0 < i - j <= 4 and _only_filler(lower, j, i) for j in mine):
                    ev.strength["insult"] -= hit.weight
                else:
                    kept.append(hit)
            ev.hits["insult"] = kept
    slurs = [h for h in found["moderation_slurs"] if not _is_name(doc, h, index)]
    for hit in slurs:
        ev.add("identity_attack", hit)

    # Aimed at a person: an insult, a swear word or a dismissive word shortly after "you"
    # ("you idiot", "you're a pathetic liar") or just before it ("idiots like you").
    if ev.hits.keys() & {"insult", "profanity", "dismissive"}:
        you = list(compress(range(len(lower)), map(SECOND_PERSON.__contains__, lower)))
        if you:
            for category in ("insult", "profanity", "dismissive"):
                for hit in ev.hits.get(category, ()):
                    at = index.get(hit.start)
                    if at is None:
                        continue
                    i = at
                    if any(0 < i - j <= directed_window and _only_filler(lower, j, i) for j in you) or any(
                        j - i in (1, 2) and (j - i == 1 or lower[i + 1] == "like") for j in you
                    ):
                        ev.add("directed", TermHit(hit.start, hit.end, hit.text, hit.term, hit.weight))

    # Identity attack without a slur: a group word close to a dehumanising or insulting word.
    groups = _lists().groups
    group_idx = (
        [] if groups.isdisjoint(lower) else list(compress(range(len(lower)), map(groups.__contains__, lower)))
    )
    if group_idx:
        demeaning = (
            found["moderation_dehumanising"] + ev.hits.get("insult", []) + ev.hits.get("profanity", [])
        )
        bounds = _sentence_ids(doc)
        for hit in demeaning:
            at = index.get(hit.start)
            if at is None:
                continue
            i = at
            near = [g for g in group_idx if abs(g - i) <= identity_window and bounds[g] == bounds[i]]
            if near:
                g = near[0]
                gw, gs, ge = words[g]
                ev.add(
                    "identity_attack",
                    TermHit(hit.start, hit.end, hit.text, f"{lower[g]}+{hit.term}", hit.weight),
                )
                ev.notes.setdefault("identity_attack", f"about {gw!r}")
    lowered = doc.lower
    if "go " in lowered and any(h in lowered for h in GO_BACK_HINTS):
        for m in GO_BACK_RE.finditer(lowered):
            ev.add(
                "identity_attack", TermHit(m.start(), m.end(), doc.text[m.start() : m.end()], "go back", 2.0)
            )

    # Threats: fixed phrases (already matched) and "<I/we> <will…> <kill…> <you/them>".
    if not _lists().threat_forms.isdisjoint(lower):
        for m in _threat_re().finditer(lowered):
            if not any(h.start <= m.start() < h.end for h in ev.hits.get("threat", ())):
                ev.add("threat", TermHit(m.start(), m.end(), doc.text[m.start() : m.end()], "pattern", 2.5))
    return ev


def _only_filler(lower: list[str], j: int, i: int) -> bool:
    """True when the words strictly between positions j and i are all filler words."""
    return all(w in _FILLER or w in SECOND_PERSON for w in lower[j + 1 : i])


def _sentence_ids(doc: Doc) -> list[int]:
    """For each word, the number of the sentence it belongs to."""
    ends = [m.start() for m in _SENTENCE_RE.finditer(doc.text)]
    out, k = [], 0
    for _, s, _ in doc.word_spans:
        while k < len(ends) and ends[k] < s:
            k += 1
        out.append(k)
    return out


def shouting(doc: Doc, min_letters: int) -> tuple[float, list[tuple[int, int]]]:
    """Share of capital letters among the letters of words (0 below ``min_letters`` letters),
    and the spans of "!!!"-style runs. :func:`caps_words` gives the capitalised words."""
    text = doc.text
    ratio = 0.0
    if text != doc.lower:  # some capitals: count them (regular expressions run at C speed)
        upper = len(UPPER_RE.findall(text))
        if upper >= 2:
            letters = sum(map(len, doc.words))
            ratio = min(1.0, upper / letters) if letters >= min_letters else 0.0
    runs = _exclaim_runs(text) if "!" in text or "??" in text else []
    return ratio, runs


#: Runs of "!" and "?": every match of EXCLAIM_RUN_RE lies within one.
_BANG_RUN_RE = re.compile(r"[!?][!?]*")


def _exclaim_runs(text: str) -> list[tuple[int, int]]:
    """Spans of EXCLAIM_RUN_RE in ``text``: the pattern run only over the "!?" runs it can match
    in (it has no look-arounds, so each run is read as the whole text would be)."""
    out: list[tuple[int, int]] = []
    for run in _BANG_RUN_RE.finditer(text):
        start, end = run.span()
        if end - start >= 2:  # the pattern needs two marks at least
            out.extend(map(_span, EXCLAIM_RUN_RE.finditer(text, start, end)))
    return out


_DOT_TLD_RE = re.compile(r"\.(?:com|net|org|info|biz|xyz|ru|io|ly|co|us|uk|de|top|site|online|shop)\b")


def _may_link(text: str, lower: str) -> bool:
    """Whether LINK_HINT finds something; ASCII text is searched in lower case with plain
    substring tests and a pattern starting with "." (for other text, case-insensitive matching
    has more letters than ``str.lower`` knows, so LINK_HINT itself decides)."""
    if not text.isascii():
        return LINK_HINT.search(text) is not None
    return "http:" in lower or "https:" in lower or "www." in lower or _DOT_TLD_RE.search(lower) is not None


#: What an e-mail address's domain part (after "@") is made of.
_DOMAIN_CHARS_RE = re.compile(r"[\w.\-]*")
#: Runs of what a phone number is made of, long enough to hold one.
_PHONE_RUN_RE = re.compile(r"[\d\s().\-+][\d\s().\-+]{9,}")


def _emails(text: str) -> Iterator[re.Match[str]]:
    """EMAIL_RE's matches in ``text``, the pattern run only around each "@".

    A match holds one "@", a local part of ``[\\w.+\\-]`` before it and a domain of
    ``[\\w.\\-]`` after it, so it lies between the last character before the "@" outside the
    first set and the first one after it outside the second. The windows are read in order, each
    from the end of the last match at the earliest, as a scan of the whole text reads them
    (``pos`` keeps look-behinds and ``\\b`` seeing the text before it; ``endpos`` cuts where no
    match can go on).
    """
    last = 0
    at = text.find("@")
    while at >= 0:
        i = at
        while i > 0 and (text[i - 1].isalnum() or text[i - 1] in "_.+-"):
            i -= 1
        start = max(last, i - 1 if i > 0 else 0)
        end = _DOMAIN_CHARS_RE.match(text, at + 1).end()  # type: ignore[union-attr]
        for m in EMAIL_RE.finditer(text, start, end):
            last = m.end()
            yield m
        at = text.find("@", at + 1)


def _phones(text: str) -> Iterator[re.Match[str]]:
    """PHONE_RE's matches in ``text``, the pattern run only over runs of digits, spaces and
    ``()./-+`` of ten characters or more (a match is made of those, ten at least)."""
    for run in _PHONE_RUN_RE.finditer(text):
        yield from PHONE_RE.finditer(text, run.start(), run.end())


def _may_have_char_run(text: str) -> bool:
    """False only when no character repeats six times in a row (CHAR_RUN_RE cannot match).

    For ASCII text, XOR-ing the text with itself shifted by one character (as one big integer)
    leaves a zero byte wherever two neighbours are equal: six equal characters leave five zeros
    in a row. A few C-level integer operations instead of a regular expression trying every
    position; other text is left to the pattern.
    """
    if not text.isascii() or len(text) < 6:
        return len(text) >= 6
    data = text.encode("ascii")
    x = int.from_bytes(data, "big")
    return b"\0\0\0\0\0" in (x ^ (x >> 8)).to_bytes(len(data), "big")


_JOINERS_RE = re.compile("['\\-\0]")


def _may_repeat_word(doc: Doc) -> bool:
    """False only when no word repeats four times in a row (SAME_WORD_RUN_RE cannot match).

    The pattern's words are the ``\\w+`` runs of the lower-cased text. In ASCII text without
    "_" those are the Doc's words split at inner apostrophes and hyphens, so four equal
    neighbours can be looked for in C; other text is left to the pattern.
    """
    text = doc.text
    if not text.isascii() or "_" in text:
        return True
    words = doc.lower_words
    if "'" in text or "-" in text:
        words = _JOINERS_RE.split("\0".join(words))
    same = bytes(map(eq, words, islice(words, 1, None)))
    return b"\x01\x01\x01" in same


def caps_words(doc: Doc) -> list[tuple[int, int]]:
    """Spans of the words written in capitals (two letters or more)."""
    return [(s, e) for w, s, e in doc.word_spans if len(w) >= 2 and w.isupper() and w.isalpha()]


def spam_evidence(doc: Doc, ev: Evidence) -> None:
    """Links, e-mail addresses, phone numbers, stretched characters and repeated text."""
    text = doc.text
    links: list[tuple[int, int]] = []
    if ("." in text or "/" in text) and _may_link(text, doc.lower):
        for m in URL_RE.finditer(text):
            # A full link weighs more than a bare domain name ("WordPress.com" is often a name).
            full = m.group().lower().startswith(("http", "www."))
            ev.add(
                "spam",
                TermHit(
                    m.start(), m.end(), m.group(), "link" if full else "domain name", 1.0 if full else 0.5
                ),
            )
            links.append(m.span())
    if "@" in text:
        for m in _emails(text):
            if not any(s <= m.start() < e for s, e in links):  # not the "user@host" inside a link
                ev.add("spam", TermHit(m.start(), m.end(), m.group(), "e-mail address", 1.0))
    for m in _phones(text) if DIGITS_RE.search(text) else ():
        if sum(ch.isdigit() for ch in m.group()) >= 9:
            ev.add("spam", TermHit(m.start(), m.end(), m.group(), "phone number", 1.0))
    for m in CHAR_RUN_RE.finditer(text) if _may_have_char_run(text) else ():
        ev.add("spam", TermHit(m.start(), m.end(), m.group(), "repeated character", 0.5))
    lower = doc.lower_words
    distinct = len(set(lower))
    if len(lower) >= 6 and distinct <= len(lower) // 2 + 1:
        # Repeated text: words equal to one 1-4 words earlier ("buy buy buy", "click here click
        # here"). Needs at least half the words to be repeats, hence the test on distinct words.
        repeated = [
            i
            for i in range(1, len(lower))
            if any(i - k >= 0 and lower[i] == lower[i - k] for k in (1, 2, 3, 4))
        ]
        share = len(repeated) / len(lower)
        if share >= 0.5:
            s, e = doc.word_spans[repeated[0]][1], doc.word_spans[repeated[-1]][2]
            ev.add("spam", TermHit(s, e, text[s:e], f"repeated text ({share:.0%} of words)", 3.0))
            return
    if len(lower) >= 4 and distinct <= len(lower) - 3 and _may_repeat_word(doc):
        for m in SAME_WORD_RUN_RE.finditer(doc.lower):
            ev.add("spam", TermHit(m.start(), m.end(), text[m.start() : m.end()], "repeated word", 1.0))


def _stem(word: str) -> str:
    """A crude stem for comparing a comment's words with its article's ("voted" ~ "votes")."""
    for suffix in ("ings", "ing", "ies", "ied", "es", "ed", "s", "ly"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    return word[:7]


_STEMS: dict[str, str | None] = {}


def content_stems(words: Iterable[str], stopwords: frozenset[str]) -> list[str]:
    """Stems of the content words (3+ letters, not function words) among lower-cased words."""
    if not isinstance(words, list):
        words = list(words)
    cache = _STEMS
    # One look-up per word in C; "" marks a word not met before (a stem is never empty).
    stems = list(map(cache.get, words, repeat("")))
    if "" in stems:
        for i, st in enumerate(stems):
            if st == "":
                w = words[i]
                st = _stem(w) if len(w) >= 3 and w.isalpha() and w not in stopwords else None
                if len(cache) >= 200_000:
                    cache.clear()
                cache[w] = stems[i] = st
    return list(filter(None, stems))


def article_terms(article: ArticleContext) -> frozenset[str]:
    """The article's content-word stems, computed once per article (kept in its cache)."""
    key = "moderation.terms"
    terms = article.cache.get(key)
    if terms is None:
        doc = Doc(article.title + "\n\n" + article.text)
        terms = frozenset(content_stems(doc.lower_words, _lists().stopwords))
        article.cache[key] = terms
    return terms  # type: ignore[no-any-return]


@lru_cache(maxsize=4)
def load_weights(name: str = WEIGHTS_FILE) -> dict[str, Any]:
    """Read the fitted toxicity model shipped in ``classify/data/`` (scripts/fit_moderation.py)."""
    path = resources.files("discourse.classify").joinpath("data", name)
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"moderation weights {name!r} not found in discourse/classify/data/") from None
    unknown = set(data["coef"]) - set(TOXICITY_FEATURES)
    if unknown:
        raise ConfigError(f"moderation weights name unknown features: {', '.join(sorted(unknown))}")
    return data


def toxicity_inputs(
    ev: Evidence, caps_ratio: float, caps_min_ratio: float, exclaim_runs: int
) -> dict[str, float]:
    """The toxicity model's inputs: log(1 + summed severity) per category, and shouting."""
    x = {f: math.log1p(ev.strength.get(f, 0.0)) for f in TOXICITY_FEATURES[:7]}
    # Capitals only count past the shouting ratio: "NATO" or one "VERY" in a sentence is not
    # shouting, a comment in capitals is.
    x["shouting"] = (
        max(0.0, caps_ratio - caps_min_ratio) / (1.0 - caps_min_ratio) if caps_min_ratio < 1 else 0.0
    )
    x["exclamation"] = math.log1p(exclaim_runs)
    return x


@register
class Moderation(Classifier):
    """Toxicity in [0, 1] with a band, and moderation flags with the words that raised them.

    Args:
        maybe_threshold: toxicity at or above which a comment is in the "maybe" band.
        likely_threshold: toxicity at or above which it is "likely" toxic.
        insult_threshold: summed severity of insults that raises the insult flag (an insult
            aimed at a person, "you idiot", raises it whatever its severity).
        profanity_threshold: summed severity of swear words that raises the profanity flag.
        identity_threshold: severity of slurs or group-directed abuse that raises identity_attack.
        threat_threshold: severity of threat phrases or patterns that raises the threat flag.
        sexual_threshold: summed explicitness that raises the sexual flag.
        shouting_caps_ratio: share of capital letters from which a comment is shouting.
        shouting_min_letters: fewer letters than this are never shouting ("OK", "NATO").
        shouting_exclamations: this many "!!"-style runs raise the shouting flag by themselves.
        spam_threshold: summed spam evidence (link 1, e-mail 1.5, advert phrase 0.5-3, repeated
            text 2…) that raises the spam flag.
        off_topic_threshold: a comment sharing fewer than this share of its content words with
            the article is off-topic.
        off_topic_min_words: comments with fewer content words are never called off-topic.
        directed_window: words after "you"/"your" within which an insult is aimed at a person.
        identity_window: words between a group word and an abusive word for an identity attack.
        weights: file name of the fitted toxicity model in ``discourse/classify/data/``.
    """

    name: ClassVar[str] = "moderation"
    labels: ClassVar[tuple[str, ...]] = ("unlikely", "maybe", "likely")
    default_label: ClassVar[str] = "unlikely"
    description: ClassVar[str] = "how likely a moderator would find a comment toxic, and why"
    version: ClassVar[str] = "1"

    def __init__(
        self,
        *,
        maybe_threshold: float = 0.5,
        likely_threshold: float = 0.8,
        insult_threshold: float = 1.5,
        profanity_threshold: float = 1.0,
        identity_threshold: float = 1.0,
        threat_threshold: float = 1.5,
        sexual_threshold: float = 1.5,
        shouting_caps_ratio: float = 0.7,
        shouting_min_letters: int = 12,
        shouting_exclamations: int = 3,
        spam_threshold: float = 3.0,
        off_topic_threshold: float = 0.05,
        off_topic_min_words: int = 12,
        directed_window: int = 4,
        identity_window: int = 6,
        weights: str = WEIGHTS_FILE,
    ) -> None:
        self.maybe_threshold = maybe_threshold
        self.likely_threshold = likely_threshold
        self.insult_threshold = insult_threshold
        self.profanity_threshold = profanity_threshold
        self.identity_threshold = identity_threshold
        self.threat_threshold = threat_threshold
        self.sexual_threshold = sexual_threshold
        self.shouting_caps_ratio = shouting_caps_ratio
        self.shouting_min_letters = shouting_min_letters
        self.shouting_exclamations = shouting_exclamations
        self.spam_threshold = spam_threshold
        self.off_topic_threshold = off_topic_threshold
        self.off_topic_min_words = off_topic_min_words
        self.directed_window = directed_window
        self.identity_window = identity_window
        self.weights = weights

    def validate(self) -> None:
        if not 0 < self.maybe_threshold <= self.likely_threshold <= 1:
            raise ConfigError(
                "moderation: need 0 < maybe_threshold <= likely_threshold <= 1, got "
                f"{self.maybe_threshold!r} and {self.likely_threshold!r}"
            )
        if not 0 < self.shouting_caps_ratio <= 1:
            raise ConfigError(
                f"moderation.shouting_caps_ratio must be in (0, 1], got {self.shouting_caps_ratio!r}"
            )
        if not 0 <= self.off_topic_threshold <= 1:
            raise ConfigError(
                f"moderation.off_topic_threshold must be in [0, 1], got {self.off_topic_threshold!r}"
            )
        for key in (
            "insult_threshold",
            "profanity_threshold",
            "identity_threshold",
            "threat_threshold",
            "sexual_threshold",
            "spam_threshold",
        ):
            if getattr(self, key) <= 0:
                raise ConfigError(f"moderation.{key} must be > 0, got {getattr(self, key)!r}")
        for key in (
            "shouting_min_letters",
            "shouting_exclamations",
            "off_topic_min_words",
            "directed_window",
            "identity_window",
        ):
            if not isinstance(getattr(self, key), int) or getattr(self, key) < 1:
                raise ConfigError(f"moderation.{key} must be a whole number >= 1, got {getattr(self, key)!r}")

    def prepare(self) -> None:
        model = load_weights(self.weights)
        self.coef_: dict[str, float] = {f: float(model["coef"].get(f, 0.0)) for f in TOXICITY_FEATURES}
        self.intercept_: float = float(model["intercept"])
        _lists()
        _threat_re()

    # -- scoring -------------------------------------------------------------------------------

    def score(self, text: str | Doc, context: Context | None = None) -> Label:
        doc = Doc.of(text)
        if doc.empty:
            p0 = _sigmoid(self.intercept_)
            return Label(
                self.name, self.default_label, round(p0, 4), (), {"flags": [], "logit": self.intercept_}
            )
        ev = gather(doc, self.directed_window, self.identity_window)
        spam_evidence(doc, ev)
        ratio, runs = shouting(doc, self.shouting_min_letters)
        x = toxicity_inputs(ev, ratio, self.shouting_caps_ratio, len(runs))
        contrib = {f: self.coef_[f] * v for f, v in x.items() if v}
        logit = self.intercept_ + sum(contrib.values())
        toxicity = _sigmoid(logit)
        if toxicity >= self.likely_threshold:
            label = "likely"
        elif toxicity >= self.maybe_threshold:
            label = "maybe"
        else:
            label = "unlikely"

        flags = self._flags(ev, ratio, runs)
        cues = self._cues(doc, ev, contrib, x, flags, runs, ratio)
        notes: list[str] = []
        off = self._off_topic(doc, context)
        if off is not None:
            flags.append("off_topic")
            cues.append(off)
        if doc.language not in ("en", "und"):
            notes.append(
                f"language={doc.language}: moderation word lists are English; low scores mean little"
            )
        flags = [f for f in FLAGS if f in flags]
        extras: dict[str, Any] = {
            "flags": flags,
            "logit": round(logit, 4),
            "strength": {k: round(v, 2) for k, v in ev.strength.items()},
        }
        if notes:
            extras["notes"] = notes
        if label != self.default_label and not cues:
            # A score above the band without words to show can only come from an odd weight file.
            cues.append(Cue("moderation.score", f"toxicity {toxicity:.2f}", -1, -1, logit))
        return Label(self.name, label, round(toxicity, 4), tuple(cues), extras)

    def _flags(self, ev: Evidence, ratio: float, runs: list[tuple[int, int]]) -> list[str]:
        s = ev.strength
        flags = []
        if s.get("threat", 0.0) >= self.threat_threshold:
            flags.append("threat")
        if s.get("identity_attack", 0.0) >= self.identity_threshold:
            flags.append("identity_attack")
        if s.get("insult", 0.0) >= self.insult_threshold or _directed_insult(ev):
            flags.append("insult")
        if s.get("profanity", 0.0) >= self.profanity_threshold:
            flags.append("profanity")
        if s.get("sexual", 0.0) >= self.sexual_threshold:
            flags.append("sexual")
        if ratio >= self.shouting_caps_ratio or len(runs) >= self.shouting_exclamations:
            flags.append("shouting")
        if s.get("spam", 0.0) >= self.spam_threshold:
            flags.append("spam")
        return flags

    def _cues(
        self,
        doc: Doc,
        ev: Evidence,
        contrib: dict[str, float],
        x: dict[str, float],
        flags: list[str],
        runs: list[tuple[int, int]],
        ratio: float,
    ) -> list[Cue]:
        # One cue per (rule, span): a directed insult's two contributions (as an insult, and as
        # aimed at a person) are summed under moderation.insult.
        merged: dict[tuple[str, int, int], list[Any]] = {}

        def put(rule: str, h: TermHit, weight: float) -> None:
            key = (rule, h.start, h.end)
            if key in merged:
                merged[key][1] += weight
            else:
                merged[key] = [h.text, weight]

        # Categories that feed the score: each hit gets its share of the category's contribution.
        for category in _CUE_CATEGORIES if ev.hits else ():
            hits = ev.hits.get(category)
            if not hits:
                continue
            if (
                category not in flags
                and category not in ("dismissive", "directed")
                and not contrib.get(category)
            ):
                continue
            total = sum(h.weight for h in hits) or 1.0
            share = contrib.get(category, 0.0)
            rule = "insult" if category == "directed" else category
            for h in hits:
                put(f"moderation.{rule}", h, share * h.weight / total)
        cues: list[Cue] = [Cue(rule, text, s, e, w) for (rule, s, e), (text, w) in merged.items()]
        loudness = contrib.get("shouting", 0.0) + contrib.get("exclamation", 0.0)
        if "shouting" in flags or loudness >= MIN_SHOUTING_CUE:
            loud = ratio >= self.shouting_caps_ratio or contrib.get("shouting")
            spans = sorted((caps_words(doc) if loud else []) + runs)
            n = len(spans) or 1
            share = contrib.get("shouting", 0.0) + contrib.get("exclamation", 0.0)
            for s, e in spans:
                cues.append(Cue("moderation.shouting", doc.text[s:e], s, e, share / n))
            if not spans:
                cues.append(Cue("moderation.shouting", f"{ratio:.0%} capital letters", -1, -1, share))
        if "spam" in flags:
            for h in ev.hits.get("spam", ()):
                cues.append(Cue("moderation.spam", h.text, h.start, h.end, 0.0))
        cues.sort(key=lambda c: -abs(c.weight))
        return cues

    def _off_topic(self, doc: Doc, context: Context | None) -> Cue | None:
        """A cue when the comment shares too few content words with its article, else None."""
        if context is None or context.article is None or context.article.empty:
            return None
        if doc.language not in ("en", "und"):
            return None  # the function-word list is English: overlap says nothing here
        stems = content_stems(doc.lower_words, _lists().stopwords)
        if len(stems) < self.off_topic_min_words:
            return None
        terms = article_terms(context.article)
        shared = sum(map(terms.__contains__, stems))
        if shared / len(stems) >= self.off_topic_threshold:
            return None
        return Cue(
            "moderation.off_topic",
            f"shares {shared} of {len(stems)} content words with the article",
            -1,
            -1,
            0.0,
        )

    def columns(self, label: Label | None) -> dict[str, Any]:
        if label is None:
            return {"toxicity": None, "toxicity_band": None, "flags": None}
        return {
            "toxicity": round(label.score, 4),
            "toxicity_band": label.label,
            "flags": ";".join(label.extras.get("flags", ())),
        }


#: Categories whose hits become cues, in cue order.
_CUE_CATEGORIES = ("threat", "identity_attack", "insult", "profanity", "sexual", "dismissive", "directed")


def _directed_insult(ev: Evidence) -> bool:
    """True when abuse aimed at a person ("you idiot", "fuck you") is more than a mild word."""
    return ev.strength.get("directed", 0.0) >= DIRECTED_FLAG_MIN


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    ez = math.exp(z)
    return ez / (1.0 + ez)


__all__ = ["FLAGS", "TOXICITY_FEATURES", "Evidence", "Moderation", "gather", "squeeze"]
