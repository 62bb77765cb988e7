"""The reader-comment section of a page dump: where it is, and each comment's author, time,
text, quotes and explicit reply marks.

Comments are found by their rhythm, not by a site's wording: every comment has a header (a
name next to a date, "NAME says:", "NAME | DATE", a date then a name…) and text, and the same
header shape repeats down the list. A section header ("16 Comments", "Kommentare (3)") is
strong evidence where it exists but is not required; pages whose comments carry no dates
(Disqus' noscript list) are read from name/text alternation inside a section closed by a
comment form or widget line.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from . import cues
from .dates import DateMatch
from .dumplines import Line, is_separator, name_like

# Line symbols: H header, h weak header, A comment header line, D date, N name, X action or
# avatar, F comment form, S other furniture, T text.
_STRONG_FURNITURE = frozenset(
    {
        "teaser",
        "tags",
        "author_box",
        "newsletter",
        "cookie",
        "disclaimer",
        "share",
        "nav",
        "reading_time",
        "markup",
    }
)
_MENTION_RE = re.compile(r"(?<![\w@])@([^\W\d_][\w.\-]{0,40}|[\w][\w.\-]{1,40})")
_SAYS_TAIL_RE = re.compile(
    r"\s+(?:" + "|".join(re.escape(v) for v in sorted(cues.SAYS_VERBS, key=len, reverse=True)) + r")$",
    re.IGNORECASE,
)
_FAMILY = {"namedate": "dated", "name": "dated", "noname": "dated", "says_colon": "says"}
_PAREN_HANDLE_RE = re.compile(r"\(@[\w.\-]+\)")
_INITIALS_RE = re.compile(r"^[A-ZÀ-Ý]\.?[A-ZÀ-Ý]?\.?$")
_NUMBERING_RE = re.compile(r"^(?:#\s?\d{1,5}|\d{1,5}\.?)$")


@dataclass
class Anchor:
    """A comment's header line: who wrote it, and the date printed with it."""

    idx: int
    kind: str  # "says", "namedate", "name", "noname"
    author: str | None
    date: DateMatch | None = None
    date_text: str | None = None
    mention: str | None = None
    span_start: int = 0
    span_end: int = 0
    date_line: int | None = None


@dataclass
class RawComment:
    """One comment as read from the dump, before ids and reply links are given."""

    author: str | None
    date: DateMatch | None
    date_text: str | None
    lines: list[Line]
    indent: int
    mention: str | None = None
    reply_name: str | None = None
    quotes: list[tuple[str | None, str]] = field(default_factory=list)
    first: int = 0
    last: int = 0
    actions: list[str] = field(default_factory=list)


@dataclass
class CommentSection:
    """The comment section of a page: its line range, header and comments."""

    start: int
    end: int
    comments: list[RawComment]
    header_line: int | None = None
    declared: int | None = None
    quoted_title: str | None = None


@dataclass(frozen=True)
class CommentSettings:
    """Thresholds for finding comments (``[dump]`` settings)."""

    header_window: int = 12
    max_anchor_gap: int = 120
    max_name_words: int = 5


# --------------------------------------------------------------------------------------------
# Symbols


def _clean_name(name: str) -> str:
    name = name.strip().strip("|•·:-–—").strip()
    name = _SAYS_TAIL_RE.sub("", name)
    name = cues.strip_glued_weekday(name)
    return name.rstrip(",;").strip()


@functools.lru_cache(maxsize=32768)
def _strict_name(text: str, s: CommentSettings) -> bool:
    """Name-like, with capitalised function words not counted as capitals ("My grandma")."""
    if not name_like(text, max_words=s.max_name_words):
        return False
    words = [w for w in text.split() if w.casefold().strip("(),") not in cues.NAME_PARTICLES]
    if len(words) >= 2:
        from .dumplines import _LOWER_FUNCTION

        content = [w for w in words if w.casefold() not in _LOWER_FUNCTION]
        if not content:
            return False
        caps = sum(1 for w in content if not w[0].isalpha() or w[0].isupper())
        return caps >= 1 and (caps >= len(content) - 1 or len(content) <= 2)
    return True


@functools.lru_cache(maxsize=32768)
def _says_name(text: str, s: CommentSettings) -> bool:
    """A name before "says:"/"said...": the verb already marks it, so handles with punctuation
    or a domain ("Chris@Knucklehead!", "example.com") pass; sentences do not."""
    t = text.strip()
    if not t or len(t) > 50 or len(t.split()) > s.max_name_words + 1:
        return False
    if not any(ch.isalpha() for ch in t):
        return False
    from .dumplines import _LOWER_FUNCTION

    words = t.split()
    lower_fn = [w for w in words if w in _LOWER_FUNCTION and w.casefold() not in cues.NAME_PARTICLES]
    if len(words) > 1 and len(lower_fn) >= 1:
        return False
    if len(words) == 1 or not lower_fn:
        return True
    return _strict_name(t.rstrip("!?.…"), s)


@functools.lru_cache(maxsize=32768)
def _loose_name(text: str, s: CommentSettings) -> bool:
    """Name-like in a header that already has a date: a trailing dot is allowed ("pee."), and
    lower-case names without function words ("r cohn", "safiullah safi")."""
    t = text.strip()
    if t.endswith(".") and " " not in t and len(t) > 2:
        t = t[:-1]
    if _strict_name(t, s):
        return True
    if re.fullmatch(r"[\w.\-]{2,30}", t) and not t.replace(".", "").isdigit() and ("_" in t or "-" in t):
        return True  # a handle such as "12_0_13"
    from .dumplines import _LOWER_FUNCTION

    words = t.split()
    return (
        1 <= len(words) <= 3
        and len(t) <= 40
        and all(w.isalpha() and w.islower() for w in words)
        and not any(w in _LOWER_FUNCTION for w in words)
        and not cues.is_furniture_word(t)
    )


def _is_byline_segment(text: str) -> bool:
    return bool(cues.byline_name(text))


def _symbol(line: Line, s: CommentSettings) -> tuple[str, Anchor | None]:
    t = line.text
    if line.prose and line.cue is None and line.header is None and not line.dates and line.chars > 60:
        return "T", None  # a sentence: neither a header, a name nor a link
    h = line.header
    if h is not None:
        if h.strength == 2:
            return "H", None
        if not line.dates:
            return "h", None
    if is_separator(t):
        return "X", None
    if line.cue in ("action", "avatar") or _NUMBERING_RE.match(t) or _INITIALS_RE.match(t):
        return "X", None  # links, counts, "#3", and the initials printed in place of an avatar
    says = cues.says_line(t, line.tokens) if line.tokens else None
    if says is not None:
        anchor = _says_anchor(line, says, s)
        if anchor is not None:
            return "A", anchor
    if line.date_kind is not None:
        return "D", None
    if line.dates and line.segments:
        anchor = _namedate_anchor(line, s)
        if anchor is not None:
            return "A", anchor
    if line.cue == "form":
        return "F", None
    if line.cue in _STRONG_FURNITURE:
        return "S", None
    if len(t) <= 48 and _strict_name(t, s) and cues.byline_name(t) is None:
        return "N", None
    return "T", None


def _says_anchor(line: Line, says: cues.Says, s: CommentSettings) -> Anchor | None:
    name = _clean_name(says.name)
    date = line.dates[0] if line.dates else None
    if date is not None and date.start < len(says.name):
        # "on Sep 21, 3:23 PM said:": the date stands where the name would be.
        head = line.text[: date.start].strip()
        name = _clean_name(head) if head and head.casefold() not in ("on", "am", "le") else ""
    name = name.lstrip("@")
    if name and not _says_name(name, s):
        return None
    ends_ellipsis = line.text.rstrip().endswith(("...", "…"))
    if says.rest and not date:
        return None  # "Jane said: I agree" is a sentence, not a header
    kind = "says" if name else "noname"
    if not name and date is None:
        return None
    a = Anchor(line.n, kind, name or None, date, date.text if date else None)
    a.mention = None
    if not ends_ellipsis and date is None:
        a.kind = "says_colon"  # needs a date just below it to count (else: a quote opener)
    return a


def _namedate_anchor(line: Line, s: CommentSettings) -> Anchor | None:
    name: str | None = None
    mention: str | None = None
    date0 = line.dates[0]
    if _PAREN_HANDLE_RE.search(line.text[: date0.start]):
        # "Stefan Keller (@sfkeller) 1 year": the handle in brackets is part of the name.
        head = _clean_name(line.text[: date0.start])
        if head and len(head) <= 60:
            return Anchor(line.n, "namedate", head, date0, date0.text)
    kind = "namedate"
    for seg in line.segments:
        byline = cues.byline_name(seg)
        if byline:
            # "Posted by Jane on 3 May": a comment header inside a comment list, but also the
            # article's own dateline and every teaser's; counted only under a section header.
            kind = "bylined"
            seg = byline
        replied = cues.reply_to_name(seg)
        if replied:
            mention = mention or replied.lstrip("@")
            continue  # "↪ sarah_k", "In reply to Jane": whom it answers, not who wrote it
        found = _MENTION_RE.findall(seg)
        if found and mention is None:
            mention = found[0].rstrip(".-")
        rest = _clean_name(_MENTION_RE.sub("", seg))
        if not rest:
            continue
        if name is None and _loose_name(rest, s):
            name = rest[:-1] if rest.endswith(".") and " " not in rest and len(rest) > 3 else rest
            if rest.endswith(".") and len(rest) <= 5:
                name = rest  # "pee." is the whole handle
            continue
        if len(rest.split()) >= 3:
            return None  # prose around the date: a sentence, not a comment header
    if name is None and mention is None:
        return None
    date = line.dates[0]
    if date.relative and not _relative_header_date(line, date):
        return None
    return Anchor(line.n, kind if name else "noname", name, date, date.text, mention)


_AGO_RE = re.compile(r"\b(?:ago|vor|il y a|hace|há|geleden|temu|fa)\b", re.IGNORECASE)


def _relative_header_date(line: Line, date: DateMatch) -> bool:
    """ "Ed 1 year" / "Ed · 3 hours ago" are headers; "100 years Weimar…" is a heading."""
    tail = line.text[date.end :].strip(" ·•|-–—")
    return not tail or cues.is_action(tail) or _AGO_RE.search(date.text) is not None


# --------------------------------------------------------------------------------------------
# Finding the section


def find_comment_section(lines: list[Line], settings: CommentSettings | None = None) -> CommentSection | None:
    """Find the page's own comment section, or None when it shows no comments.

    A section with a "No comments" header and no comments is returned with an empty list, so
    that the header still bounds the article and gives the declared count of 0.
    """
    s = settings or CommentSettings()
    syms: list[str] = []
    anchors: dict[int, Anchor] = {}
    for line in lines:
        sym, anchor = _symbol(line, s)
        syms.append(sym)
        if anchor is not None:
            anchors[line.n] = anchor
    _name_date_anchors(lines, syms, anchors)
    _settle_colon_says(lines, syms, anchors)
    clusters = _clusters(lines, syms, sorted(anchors), s)
    best: tuple[float, CommentSection] | None = None
    for cluster in clusters:
        cluster = _consistent(cluster, anchors, syms)
        section = _build_section(lines, syms, [anchors[i] for i in cluster], s)
        if section is None:
            continue
        score = _score(section, lines)
        if best is None or score > best[0]:
            best = (score, section)
    if best is not None:
        return best[1]
    undated = _undated_section(lines, syms, s)
    if undated is not None:
        return undated
    return _empty_section(lines, syms)


def _name_date_anchors(lines: list[Line], syms: list[str], anchors: dict[int, Anchor]) -> None:
    """Make N lines that stand next to a D line (only actions between) into anchors."""
    n = len(lines)
    for i, sym in enumerate(syms):
        if sym != "N":
            continue
        date_idx = None
        j = i + 1
        while j < n and syms[j] == "X" and j - i <= 3:
            j += 1
        if j < n and syms[j] == "D":
            date_idx = j
        else:
            j = i - 1
            while j >= 0 and syms[j] == "X" and i - j <= 3:
                j -= 1
            if j >= 0 and syms[j] == "D" and (j == 0 or syms[j - 1] != "N" or j - 1 in anchors):
                date_idx = j
        if date_idx is None:
            continue
        d = lines[date_idx].any_date
        a = Anchor(
            i,
            "name",
            _clean_name(lines[i].text),
            d,
            lines[date_idx].text if d is None or lines[date_idx].date_kind == "time" else d.text,
        )
        a.date_line = date_idx
        if lines[date_idx].date_kind in ("time", "rel"):
            a.date_text = lines[date_idx].text
        anchors[i] = a
        syms[i] = "A"


def _settle_colon_says(lines: list[Line], syms: list[str], anchors: dict[int, Anchor]) -> None:
    """ "Jane says:" counts as a comment header when a date follows it; otherwise it opens a
    quote inside a comment (forum style) and is text."""
    for i, a in list(anchors.items()):
        if a.kind != "says_colon":
            continue
        j = i + 1
        while j < len(lines) and syms[j] == "X" and j - i <= 2:
            j += 1
        if j < len(lines) and syms[j] == "D":
            a.kind = "says"
        else:
            del anchors[i]
            syms[i] = "T"


def _clusters(lines: list[Line], syms: list[str], idxs: list[int], s: CommentSettings) -> list[list[int]]:
    out: list[list[int]] = []
    cur: list[int] = []
    for i in idxs:
        if cur:
            gap_lines = range(cur[-1] + 1, i)
            breaks = any(
                syms[k] in ("H", "h", "F") or lines[k].cue in ("teaser", "author_box") for k in gap_lines
            )
            if i - cur[-1] > s.max_anchor_gap or breaks:
                out.append(cur)
                cur = []
        cur.append(i)
    if cur:
        out.append(cur)
    return out


def _consistent(cluster: list[int], anchors: dict[int, Anchor], syms: list[str]) -> list[int]:
    """Where most headers print the name with the verb or the date on one line, a name line
    next to a date is a signature above a date closing the text (Blogger): not a header."""
    kinds = [anchors[i].kind for i in cluster]
    if kinds.count("bylined") * 2 < len(kinds):
        # "Posted by Jane on DATE" among headers of another shape is the article's dateline.
        for i in cluster:
            if anchors[i].kind == "bylined":
                syms[i] = "T"
        cluster = [i for i in cluster if anchors[i].kind != "bylined"]
        kinds = [anchors[i].kind for i in cluster]
        if not cluster:
            return cluster
    explicit = sum(1 for k in kinds if k in ("says", "namedate", "bylined"))
    if explicit >= max(2, 0.6 * len(kinds)):
        keep = []
        for i in cluster:
            if anchors[i].kind == "name" and _after_text(syms, i):
                syms[i] = "N"  # a signature under a text, above the date that closes it
            else:
                keep.append(i)
        return keep
    return cluster


def _after_text(syms: list[str], i: int) -> bool:
    """The line just above is text: the name signs that text (a link line above it, such as
    an avatar or the previous comment's "Reply", would make it a header instead)."""
    return i >= 1 and syms[i - 1] in ("T", "N")


def _score(section: CommentSection, lines: list[Line]) -> float:
    n = len(section.comments)
    score = float(n)
    if section.header_line is not None:
        score += 5
    with_text = sum(1 for c in section.comments if c.lines)
    score += with_text - n  # comments without text are suspicious
    if section.declared is not None and section.declared == n:
        score += 3
    return score


# --------------------------------------------------------------------------------------------
# Building comments from anchors


def _span(lines: list[Line], syms: list[str], a: Anchor, prev_end: int) -> tuple[int, int]:
    """The lines that make up a comment's header around its anchor line."""
    i = a.idx
    start = i
    # Leading actions/avatars/numbering, and the name line a header without a name refers to.
    k = i - 1
    while k > prev_end and syms[k] == "X":
        start = k
        k -= 1
    if a.kind == "name" and a.date_line is not None and a.date_line < i:
        start = min(start, a.date_line)
        k = a.date_line - 1
        while k > prev_end and syms[k] == "X":
            start = k
            k -= 1
    if a.kind == "namedate" and a.author is not None:
        # "Roger Blake" / "Leeds, UK · 2 days ago": a name line opening the header (after the
        # links of the previous comment) is the author; the dated line gives a place or role.
        k = i - 1
        while k > prev_end and syms[k] == "X" and k != a.date_line:
            k -= 1
        if k > prev_end and syms[k] == "N" and k >= 1 and syms[k - 1] in ("X", "H", "h"):
            a.author = _clean_name(lines[k].text)
            start = min(start, k)
    if a.author is None:
        # The name is on an earlier line: the first name line after the previous comment.
        for k in range(prev_end + 1, i):
            if syms[k] == "N" or (syms[k] == "T" and _strict_name(lines[k].text, CommentSettings())):
                a.author = _clean_name(lines[k].text)
                start = min(start, k)
                break
        else:
            k = i - 1
            while k > prev_end and i - k <= 4:
                if syms[k] == "N":
                    a.author = _clean_name(lines[k].text)
                    start = k
                    break
                k -= 1
    end = i
    k = i + 1
    while k < len(lines) and (
        syms[k] == "X"
        or (syms[k] == "D" and a.date is None and k - i <= 2)
        or (a.date_line is not None and k == a.date_line)
    ):
        if syms[k] == "D" and a.date is None:
            a.date = lines[k].any_date
            a.date_text = lines[k].text
            a.date_line = k
        end = k
        k += 1
    if a.date_line is not None and a.date_line > end:
        end = a.date_line
    return start, end


def _build_section(
    lines: list[Line], syms: list[str], anchors: list[Anchor], s: CommentSettings
) -> CommentSection | None:
    if not anchors:
        return None
    first = anchors[0].idx
    header_line = _header_before(lines, syms, first, s)
    if len(anchors) == 1 and header_line is None:
        return None
    if header_line is None and any(
        cues.widget_header(lines[k].text) for k in range(max(0, first - s.header_window), first)
    ):
        return None  # "Recent comments" / "Top comments this week": other articles' comments
    spans: list[tuple[int, int]] = []
    prev_end = header_line if header_line is not None else max(-1, first - 4)
    for a in anchors:
        st, en = _span(lines, syms, a, prev_end)
        spans.append((st, en))
        prev_end = en
    region_start = header_line if header_line is not None else spans[0][0]
    # Where the text of each comment lies: after its header (usual) or before it.
    text_before = _text_before_layout(lines, syms, spans, region_start)
    comments: list[RawComment] = []
    trailing_actions = 0
    for k, a in enumerate(anchors):
        st, en = spans[k]
        hi: int | None
        if text_before:
            lo = spans[k - 1][1] + 1 if k else region_start + 1
            hi = st
        else:
            lo = en + 1
            hi = spans[k + 1][0] if k + 1 < len(spans) else None
        if hi is None:
            hi = _last_comment_end(lines, syms, lo, comments, trailing_actions, k)
        body_idx = list(range(lo, hi))
        if body_idx and syms[body_idx[-1]] == "X" or any(syms[j] == "X" for j in body_idx[-3:]):
            trailing_actions += 1
        comments.append(_make_comment(lines, syms, a, body_idx))
    # Dates printed under the text (Blogger): the D line closing each text is its comment's.
    _trailing_dates(comments, lines, syms)
    # The links between two comments belong to the one above (its "Reply", "Replies", "Delete").
    for k in range(len(comments) - 1):
        lo, hi = anchors[k].idx + 1, anchors[k + 1].idx
        comments[k].actions = [lines[j].key for j in range(lo, hi) if syms[j] == "X"]
    end = max(c.last for c in comments) + 1 if comments else region_start + 1
    end = max(end, spans[-1][1] + 1)
    declared = None
    quoted = None
    if header_line is not None and lines[header_line].header is not None:
        declared = lines[header_line].header.count  # type: ignore[union-attr]
        quoted = lines[header_line].header.quoted_title  # type: ignore[union-attr]
    with_text = sum(1 for c in comments if c.lines)
    if with_text == 0:
        return None
    if sum(1 for a in anchors if a.kind == "bylined") * 2 > len(anchors) and (
        header_line is None or syms[header_line] != "H"
    ):
        return None  # "By Jane | date" lines without a comment header: teasers or the article head
    if header_line is None or syms[header_line] == "h":
        # Without a section header the rhythm must carry the evidence: several headers of one
        # shape, nearly all followed by text, some of it sentences.
        # Name and date on one line or on two are the same header shape.
        kinds = [_FAMILY.get(a.kind, a.kind) for a in anchors]
        top = max(kinds.count(k) for k in set(kinds))
        prose = sum(1 for c in comments for ln in c.lines if ln.prose)
        # A comment form right below the list ("Leave a Reply") counts as much as a weak header.
        form_after = any(syms[k] == "F" for k in range(end, min(len(lines), end + 15)))
        needed = 2 if (header_line is not None or form_after) else 3
        if len(anchors) < needed or top < 0.7 * len(anchors) or with_text < 0.7 * len(comments) or prose == 0:
            return None
    return CommentSection(region_start, end, comments, header_line, declared, quoted)


def _header_before(lines: list[Line], syms: list[str], first: int, s: CommentSettings) -> int | None:
    """The section header just above the first comment, if there is one."""
    best = None
    for k in range(first - 1, max(-1, first - 1 - s.header_window), -1):
        if syms[k] == "H" or syms[k] == "h":
            if best is None or (syms[best] == "h" and syms[k] == "H"):
                best = k
            if syms[k] == "H":
                break
        elif syms[k] == "T" and lines[k].prose and best is not None:
            break
    return best


def _text_before_layout(
    lines: list[Line], syms: list[str], spans: list[tuple[int, int]], region_start: int
) -> bool:
    """True when comments print their text above the author line: text between the section
    header and the first header, and nothing after the last header."""
    if len(spans) < 2:
        return False
    before = [j for j in range(region_start + 1, spans[0][0]) if syms[j] == "T"]
    if not before:
        return False
    after_end = spans[-1][1] + 1
    k = after_end
    while k < len(lines) and syms[k] in ("X",):
        k += 1
    return k >= len(lines) or syms[k] != "T"


def _last_comment_end(
    lines: list[Line], syms: list[str], lo: int, done: list[RawComment], trailing_actions: int, k: int
) -> int:
    """Where the last comment's text stops: at its action line when the others end with one,
    else at the first furniture, form, header or list block."""
    n = len(lines)
    use_actions = k > 0 and trailing_actions >= max(1, (k + 1) // 2)
    j = lo
    seen_text = False
    while j < n:
        sym = syms[j]
        if sym in ("F", "H", "h", "S", "A"):
            break
        if sym == "X" and seen_text and (use_actions or cues.is_reply_action(lines[j].text)):
            return j + 1
        if sym == "D" and seen_text and not use_actions:
            return j + 1  # a date under the text closes it (Blogger)
        if sym in ("T", "N"):
            if seen_text and _starts_list_block(lines, j):
                break
            if seen_text and lines[j].repeats >= 3:
                break
            if (
                seen_text
                and lines[j].gap_before > 0
                and any(cues.byline_name(lines[k].text) for k in range(j + 1, min(n, j + 4)))
            ):
                break  # a headline with its byline below: an article starts here
            seen_text = True
        j += 1
    return j


def _starts_list_block(lines: list[Line], j: int) -> bool:
    """Three or more short lines in a row with no blank line between: a widget or menu."""
    if lines[j].gap_before == 0:
        return False
    run = 0
    k = j
    while k < len(lines) and (k == j or lines[k].gap_before == 0):
        if lines[k].words > 8 or lines[k].prose:
            return False
        run += 1
        k += 1
    return run >= 3


def _make_comment(lines: list[Line], syms: list[str], a: Anchor, idxs: list[int]) -> RawComment:
    text_lines: list[Line] = []
    reply_name = None
    actions: list[str] = []
    for j in idxs:
        sym = syms[j]
        if sym == "X":
            actions.append(lines[j].key)
        if sym in ("X", "F") or (sym == "D" and j == a.date_line):
            continue
        if sym == "H" and not text_lines:
            continue
        name = cues.reply_to_name(lines[j].text)
        if name is not None and not text_lines and len(lines[j].text) < 80:
            reply_name = name
            continue
        text_lines.append(lines[j])
    last = idxs[-1] if idxs else a.idx
    c = RawComment(
        a.author,
        a.date,
        a.date_text,
        text_lines,
        lines[a.idx].indent,
        a.mention,
        reply_name,
        first=a.idx,
        last=last,
        actions=actions,
    )
    _split_quotes(c)
    return c


def _trailing_dates(comments: list[RawComment], lines: list[Line], syms: list[str]) -> None:
    if not comments or any(c.date is not None or c.date_text for c in comments):
        return
    for c in comments:
        while c.lines and syms[c.lines[-1].n] == "D":
            d = c.lines.pop()
            if c.date is None and not c.date_text:
                c.date = d.any_date
                c.date_text = d.text


def _split_quotes(c: RawComment) -> None:
    """Move quoted earlier comments ("Jane said:" + its paragraph) out of the text."""
    out: list[Line] = []
    i = 0
    ls = c.lines
    while i < len(ls):
        opener = cues.quote_opener(ls[i].text)
        if opener is not None and i + 1 < len(ls):
            j = i + 1
            quoted: list[str] = []
            ended = False
            while j < len(ls):
                if cues.is_quote_end(ls[j].text):
                    j += 1
                    ended = True
                    break
                if quoted and ls[j].gap_before > 0:
                    break
                quoted.append(ls[j].text)
                j += 1
            if not ended and j >= len(ls) and len(quoted) > 1:
                # No end mark and no blank line: the quote is its first line, the rest is reply.
                quoted = quoted[:1]
                j = i + 2
            if quoted and j <= len(ls):
                c.quotes.append((opener or None, "\n".join(quoted)))
                i = j
                continue
        out.append(ls[i])
        i += 1
    if out or not c.quotes:
        c.lines = out


# --------------------------------------------------------------------------------------------
# Sections without dates, and empty sections


def _undated_section(lines: list[Line], syms: list[str], s: CommentSettings) -> CommentSection | None:
    """Comments printed as name / text pairs without dates (Disqus' noscript list): only inside
    a section closed by a comment-system line or opened by a section header."""
    n = len(lines)
    for f in range(n):
        if syms[f] not in ("F", "H", "h"):
            continue
        if syms[f] == "F":
            # Walk back from the closing line over name/text pairs.
            start = f
            k = f - 1
            while k >= 0 and syms[k] in ("N", "T", "X") and f - k <= 400:
                start = k
                k -= 1
            section = _pairs(lines, syms, start, f, None)
        else:
            end = f + 1
            while end < n and syms[end] in ("N", "T", "X") and end - f <= 400:
                end += 1
            section = _pairs(lines, syms, f + 1, end, f)
        if section is not None:
            return section
    return None


def _pairs(lines: list[Line], syms: list[str], lo: int, hi: int, header: int | None) -> CommentSection | None:
    idx = [j for j in range(lo, hi) if syms[j] in ("N", "T")]
    comments: list[RawComment] = []
    i = 0
    # Skip leading text that belongs to what came before (an author bio, a share bar).
    while i < len(idx) and syms[idx[i]] != "N":
        i += 1
    while i < len(idx):
        # A run of name lines: the last one is the author; earlier ones sign the comment before.
        run = [idx[i]]
        while i + 1 < len(idx) and syms[idx[i + 1]] == "N" and idx[i + 1] == run[-1] + 1:
            i += 1
            run.append(idx[i])
        if comments and len(run) > 1:
            comments[-1].lines.extend(lines[r] for r in run[:-1])
        author_idx = run[-1]
        i += 1
        text: list[Line] = []
        while i < len(idx) and not (syms[idx[i]] == "N" and _next_is_text(idx, syms, i)):
            text.append(lines[idx[i]])
            i += 1
        if not text or not any(t.words >= 3 for t in text):
            if comments:
                comments[-1].lines.append(lines[author_idx])
                comments[-1].lines.extend(text)
            continue
        comments.append(
            RawComment(
                _clean_name(lines[author_idx].text),
                None,
                None,
                text,
                lines[author_idx].indent,
                first=author_idx,
                last=text[-1].n,
            )
        )
    declared_n = _declared(lines, header)
    if not comments or (len(comments) < 2 and not declared_n):
        return None
    # Name lines must be short and text lines longer, or this is a list of links; and comments
    # are written in sentences, headlines of teasers are not.
    avg_text = sum(sum(t.words for t in c.lines) for c in comments) / len(comments)
    if avg_text < 4:
        return None
    sentences = sum(
        1 for c in comments if any(t.prose or t.text.endswith((".", "!", "?", ")", "…")) for t in c.lines)
    )
    if sentences * 2 < len(comments):
        return None
    start = header if header is not None else comments[0].first
    end = comments[-1].last + 1
    return CommentSection(start, end, comments, header, declared_n)


def _declared(lines: list[Line], header: int | None) -> int | None:
    h = lines[header].header if header is not None else None
    return h.count if h is not None else None


def _next_is_text(idx: list[int], syms: list[str], i: int) -> bool:
    return i + 1 < len(idx) and syms[idx[i + 1]] == "T"


def _empty_section(lines: list[Line], syms: list[str]) -> CommentSection | None:
    """A header that says there are no comments ("No comments:", "0 Comments")."""
    for j, line in enumerate(lines):
        h = line.header
        if h is not None and h.zero and h.strength == 2:
            return CommentSection(j, j + 1, [], j, 0)
    return None
