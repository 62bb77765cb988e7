"""The lines of a page dump and what each one looks like: prose, a date, a name, a cue.

Everything later stages decide rests on these features, computed once per line: shape (length,
words, punctuation, indentation), repetition across the page, the furniture category from
:mod:`.cues`, and dates (a line that is only a date, or a name and a date).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from . import cues
from .dates import DateMatch, find_dates

_BULLETS = "•·▪‣◦●○■□–—-*►▶›»"
_WS_RE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE_RE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_WORD_RE = re.compile(r"[^\W_][\w'’\-.@]*", re.UNICODE)
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_SENTENCE_END_RE = re.compile(r"[.!?。！？…\"”»)]\s*$")
_SENTENCE_PUNCT = frozenset(".!?。！？;:,")
_TIME_LINE_RE = re.compile(
    r"^(?:(?:at|um|à|a las|alle|om|o|às|le)\s+)?(?:[01]?\d|2[0-3])\s*[:.h]\s*[0-5]\d(?::[0-5]\d)?"
    r"(?:\s*[ap]\.?\s?m\.?)?(?:\s*uhr)?$",
    re.IGNORECASE,
)
_DIGIT_RE = re.compile(r"\d")
_DATE_WORD_RE = re.compile(
    r"\b(?:yesterday|today|now|gestern|heute|hier|aujourd|ayer|hoy|gisteren|vandaag|wczoraj|"
    r"ieri|ontem|just|gerade)\b",
    re.IGNORECASE,
)


# Separators between the parts of a dateline ("By Jane | Oct 3, 2024 | 5 Comments").
_SEGMENT_SPLIT_RE = re.compile(r"\s*(?:[|•·/>»—–]|\s-\s|\(|\)|,\s*(?=\d)|\s{3,})\s*")
_COUNT_SEGMENT_RE = re.compile(r"^\s*(?:\d[\d,.]*\s*(?:[a-zA-Zäöüéèà']+\s*){0,2}|[\d,.]+)\s*$")


@dataclass(slots=True)
class Line:
    """One non-blank line of a dump, with the features the parser reads.

    Attributes:
        n: index among the non-blank lines.
        text: the line with its edges and inner runs of white space tidied.
        indent: width of the leading white space (a tab counts 4).
        bullet: the line began with a bullet or dash, removed from ``text``.
        gap_before: blank lines just before it (a paragraph break when > 0).
        words: word count (CJK characters count one word per two characters).
        cue: furniture category from :func:`cues.line_cue`, or None.
        header: a comment-section header read from the line, or None.
        key: normalised text, for repetition across the page.
        repeats: how many lines of the page have the same key.
        dates: dates found in the line (short lines only).
        date_kind: "date" when the line is only a date (with labels), "time" for a bare time,
            "rel" for a bare relative time, else None.
        date_rest: what is left of a line with a date once the date and its labels are gone.
        segments: the rest split at separators ("By Jane", "5 Comments").
    """

    n: int
    text: str
    indent: int = 0
    bullet: bool = False
    gap_before: int = 0
    gap_after: int = 0
    words: int = 0
    chars: int = 0
    cjk: bool = False
    cue: str | None = None
    header: cues.Header | None = None
    key: str = ""
    repeats: int = 1
    dates: list[DateMatch] = field(default_factory=list)
    date_kind: str | None = None
    date_rest: str = ""
    segments: list[str] = field(default_factory=list)
    prose: bool = False
    truncated: bool = False
    tokens: frozenset[str] = frozenset()

    @property
    def is_date(self) -> bool:
        return self.date_kind is not None

    @property
    def absolute_date(self) -> DateMatch | None:
        for d in self.dates:
            if d.year is not None:
                return d
        return None

    @property
    def any_date(self) -> DateMatch | None:
        return self.dates[0] if self.dates else None


def clean_text(text: str) -> str:
    """Text as the parser reads it: invisible characters out, line endings normalised."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _INVISIBLE_RE.sub("", text)


_SLASH_DATE_RE = re.compile(r"(\d{1,2})/(\d{1,2})/(?:19|20)?\d\d(?![\d/])")


def day_first(text: str, language: str | None) -> bool | None:
    """How the page writes numeric dates: True for 30/10/2024, False for 10/30/2024, None when
    nothing tells. A number over 12 in either place decides; else the language does (English
    pages month first, as US sites do; other languages day first)."""
    first_big = second_big = 0
    if "/" not in text:
        return None if language is None else language != "en"
    for m in _SLASH_DATE_RE.finditer(text):
        if m.start() and (text[m.start() - 1].isdigit() or text[m.start() - 1] in "/."):
            continue  # part of a longer number or a version
        a, b = int(m.group(1)), int(m.group(2))
        first_big += a > 12
        second_big += b > 12
    if first_big > second_big:
        return True
    if second_big > first_big:
        return False
    if language is None:
        return None
    return language != "en"


def split_lines(text: str, *, max_line_chars: int = 20000, dayfirst: bool | None = None) -> list[Line]:
    """Split a dump into its non-blank lines and compute every line's features.

    Args:
        dayfirst: how ambiguous numeric dates (03/04/2024) are read on this page; see
            :func:`day_first`.
    """
    raw = clean_text(text).split("\n")
    out: list[Line] = []
    gap = 0
    for r in raw:
        expanded = r.replace("\t", "    ") if "\t" in r else r
        stripped = expanded.strip()
        if not stripped:
            gap += 1
            continue
        if "  " in stripped or not stripped.isascii():
            # Collapse runs of white space, including no-break and other Unicode spaces.
            stripped = " ".join(stripped.split())
            if not stripped:
                gap += 1
                continue
        if len(stripped) > max_line_chars:
            stripped = stripped[:max_line_chars]
        indent = len(expanded) - len(expanded.lstrip(" \u00a0\u3000"))
        bullet = False
        if stripped[0] in _BULLETS and len(stripped) > 1 and stripped[1] == " ":
            bullet = True
            stripped = stripped[2:].strip()
            if not stripped:
                gap += 1
                continue
        line = Line(n=len(out), text=stripped, indent=indent, bullet=bullet, gap_before=gap)
        if out:
            out[-1].gap_after = gap
        out.append(line)
        gap = 0
    if out:
        out[-1].gap_after = max(gap, 1)
    counts: Counter[str] = Counter()
    for line in out:
        _features(line, dayfirst)
        counts[line.key] += 1
    for line in out:
        line.repeats = counts[line.key]
    return out


def _features(line: Line, dayfirst: bool | None = None) -> None:
    t = line.text
    line.chars = len(t)
    cjk = len(_CJK_RE.findall(t)) if not t.isascii() and max(t) >= "\u3040" else 0
    line.cjk = cjk > 0.3 * len(t)
    line.words = t.count(" ") + 1 + (cjk // 2 if line.cjk else 0)  # spaces are single after tidying
    line.truncated = t.endswith(("…", "...")) and not t.endswith("....")
    line.cue, line.header, line.key, line.tokens = cues.classify(t)
    line.prose = _is_prose(line)
    if line.cue != "url" and (
        _DIGIT_RE.search(t, 0, 100) is not None or (len(t) <= 60 and _DATE_WORD_RE.search(t) is not None)
    ):
        _date_features(line, dayfirst)


_DROP_LETTERS = str.maketrans("", "", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_DROP_LOWER = str.maketrans("", "", "abcdefghijklmnopqrstuvwxyz")


def _is_prose(line: Line) -> bool:
    t = line.text
    if line.cjk:
        # CJK sentences end in "。"; headlines and link lists do not.
        return line.chars >= 25 and (any(ch in t for ch in "。！？") or line.chars >= 80)
    if line.words < 7 or line.chars < 40:
        return False
    head = t[:200]
    if head.isascii():
        # Counting by deleting characters runs in C: letters, then lower-case letters.
        letters = len(head) - len(head.translate(_DROP_LETTERS))
        lower = len(head) - len(head.translate(_DROP_LOWER))
    else:
        letters = sum(map(str.isalpha, head))
        lower = sum(map(str.islower, head))
    if letters < 0.5 * len(head):
        return False
    if lower < 0.3 * letters:
        return False  # ALL-CAPS lines are labels, captions or shouting, not paragraphs
    return line.words >= 12 or not _SENTENCE_PUNCT.isdisjoint(t)


_URL_IN_TEXT_RE = re.compile(r"(?:https?://|www\.)\S+")


def _date_features(line: Line, dayfirst: bool | None = None) -> None:
    t = line.text
    if len(t) > 100:
        # A long line is a sentence; only a date printed in front of it counts ("date
        # 2024-10-20 Headline…"), so only its opening is searched.
        t = t[:40]
    if _TIME_LINE_RE.match(t):
        line.date_kind = "time"
        return
    if "http" in t or "www." in t:
        t = _URL_IN_TEXT_RE.sub(lambda m: " " * len(m.group()), t)  # no dates inside links
    if line.cue == "reading_time":
        span = cues.reading_time_span(t)
        if span is not None:
            t = t[: span[0]] + " " * (span[1] - span[0]) + t[span[1] :]
    found = list(_dates_of(t, dayfirst))
    if not found:
        return
    line.dates = found
    rest_parts = []
    pos = 0
    for d in found:
        rest_parts.append(t[pos : d.start])
        rest_parts.append(" | ")
        pos = d.end
    rest_parts.append(t[pos:])
    rest = "".join(rest_parts)
    segments = []
    for seg in _SEGMENT_SPLIT_RE.split(rest):
        seg = _strip_labels(seg)
        if seg:
            segments.append(seg)
    if all(d.relative for d in found) and segments:
        # "now", "today", "3 days" inside a sentence are words, not timestamps: a relative
        # time counts only alone, at the end of a line, or next to a name ("Ed · 1 year").
        last = found[-1]
        at_end = not t[last.end :].strip(" ·•|-–—()")
        if not (at_end and len(" ".join(segments).split()) <= 5):
            line.dates = []
            return
    line.segments = segments
    line.date_rest = " ".join(segments)
    if not segments:
        line.date_kind = "rel" if all(d.relative for d in found) else "date"


@functools.lru_cache(maxsize=16384)
def _dates_of(text: str, dayfirst: bool | None = None) -> tuple[DateMatch, ...]:
    # Relative times ("3 hours ago", "Jane · 2d") stand in short header lines; in longer lines
    # such words are prose.
    return tuple(
        find_dates(text, partial=True, dayfirst=dayfirst, relative=len(text) <= 80, exhaustive=False)
    )


def _strip_labels(seg: str) -> str:
    """Remove date labels, weekdays and separators from a piece of a dateline."""
    words = seg.strip(" ,;:|•·-–—/()[]").split()
    # Trim label words at both ends only: a name in the middle stays whole.
    while words and _is_label(words[0]):
        words.pop(0)
    while words and _is_label(words[-1]):
        words.pop()
    out = " ".join(words).strip(" ,;:|•·-–—/")
    if out and (cues.is_action(out) or _COUNT_SEGMENT_RE.match(out) and not out[0].isalpha()):
        return ""
    return out


_LABELS = frozenset(
    cues.DATE_LABEL_WORDS
    | cues.WEEKDAYS
    | {w.rstrip(".") for w in cues.WEEKDAYS}
    | set(cues.SITE_DATE_LABELS)
)


def _is_label(word: str) -> bool:
    w = word.strip(" ,;:|•·-–—/()[]").casefold()
    if not w:
        return True
    return w in _LABELS or w.rstrip(".") in _LABELS or cues.is_action_word(w)


# --------------------------------------------------------------------------------------------
# Names

_NAME_CHAR_RE = re.compile(r"^[\w.'’\-@&+()!?~\[\]]+$", re.UNICODE)
_LOWER_FUNCTION = frozenset(
    "i a an the and or but so is are was were be been am to of in on at for with from by as it "
    "this that these those my your our his her their we you he she they me us them not no yes "
    "if then than when what who how why where just very too also all any some more most much "
    "ich du er sie es wir ihr und oder aber ist sind war das der die ein eine nicht ja nein "
    "je tu il elle nous vous ils elles et ou mais est sont était le la les un une des pas oui "
    "non ik jij het een en of maar niet wel yo él ella es son pero que y o no si io lui lei è "
    "sono e ma non eu ele ela é são mas não sim ja ty on ona jest są i ale nie tak".split()
)


@functools.lru_cache(maxsize=32768)
def name_like(text: str, *, max_words: int = 5, max_chars: int = 48) -> bool:
    """True when a line could be a person's display name or a handle: short, no sentence
    punctuation at the end, words capitalised (or one handle-like token), no function words."""
    t = text.strip()
    if not t or len(t) > max_chars:
        return False
    if t.endswith((".", "!", "?", ":", ";", ",")):
        handle = " " not in t and t[-1] in "!?" and re.search(r".[A-Z0-9_]", t[:-1]) is not None
        if not handle and not re.search(r"(?:^|\s)[A-Z]\.$", t) and not t.endswith(("...", "…")):
            return False
    if t.endswith(("...", "…")) and len(t.split()) > 3:
        return False
    if "http" in t.casefold() or "www." in t.casefold():
        return False
    words = t.split()
    if len(words) > max_words:
        return False
    if any(len(_CJK_RE.findall(w)) > 8 for w in words):
        return False  # CJK names are short; a long run of CJK characters is a phrase
    if cues.is_furniture_word(t) and cues.norm(t) not in cues.ANONYMOUS_NAMES:
        return False
    if len(words) == 1:
        w = words[0]
        if not any(ch.isalpha() for ch in w):
            return False
        if w.isdigit():
            return False
        if w.casefold() in _LOWER_FUNCTION:
            return False
        return bool(_NAME_CHAR_RE.match(w)) or unicodedata.category(w[0]).startswith("L")
    caps = 0
    content = 0
    for w in words:
        lw = w.casefold().strip("(),")
        if lw in cues.NAME_PARTICLES:
            continue
        if lw in _LOWER_FUNCTION and not w[0].isupper():
            return False
        content += 1
        if w[0].isupper() or w[0].isdigit() or w[0] in "@(" or not w[0].isalpha():
            caps += 1
    if content == 0:
        return False
    return caps >= max(1, content - 1) if content >= 3 else caps >= 1


def looks_like_title(line: Line) -> bool:
    """A headline's shape: 2–25 words (or CJK), not a cue, not only a date."""
    if line.cue is not None or line.is_date:
        return False
    if line.cjk:
        return 8 <= line.chars <= 120
    return 2 <= line.words <= 25 and 10 <= line.chars <= 200 and not line.truncated


_SEPARATOR_CHARS = frozenset("-–—_=*~#·•.─━+ ")


def is_separator(text: str) -> bool:
    """A rule drawn with characters ("———", "* * *", "-------")."""
    return len(text) >= 3 and _SEPARATOR_CHARS.issuperset(text) and len(text.replace(" ", "")) >= 3
