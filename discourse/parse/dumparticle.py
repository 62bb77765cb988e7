"""The article of a page dump: title, byline, date, standfirst, subheadings and body.

The body is the densest run of prose above the comment section: every line gets a weight
(prose counts its length, furniture and section breaks count against) and the best-scoring
run wins (the maximum-subarray idea of boilerplate removers, applied to lines). The title is
the headline-shaped line above that run that the page treats as one: followed by a byline or a
date, repeated (breadcrumbs, the comment header's "Responses to “…”"), close to the body.
The lines between title and body are the article head: byline, date, section, standfirst.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import cues
from .dates import DateMatch, find_dates
from .dumplines import Line, is_separator, looks_like_title, name_like


@dataclass(frozen=True)
class ArticleSettings:
    """Weights and windows of the body and title search (``[dump]`` settings)."""

    break_weight: float = 400.0
    furniture_weight: float = 60.0
    date_weight: float = 150.0
    menu_weight: float = 30.0
    short_weight: float = 5.0
    title_window: int = 40
    max_standfirst_chars: int = 700


@dataclass
class ArticleParts:
    """What the article side of a dump yields."""

    title: str | None = None
    title_idx: int | None = None
    byline: str | None = None
    published: DateMatch | None = None
    standfirst: str | None = None
    subheadings: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    body_start: int | None = None
    body_end: int | None = None
    section: str | None = None
    declared_hint: int | None = None


_BREAK_CUES = frozenset({"comment_header", "teaser", "tags", "author_box", "form"})
_FURNITURE_CUES = frozenset(
    {
        "share",
        "newsletter",
        "cookie",
        "disclaimer",
        "nav",
        "url",
        "caption",
        "avatar",
        "action",
        "reading_time",
        "markup",
    }
)
_SITE_TITLE_SPLIT_RE = re.compile(r"\s+(?:\||–|—|-|::|»|·)\s+")
_COUNT_COMMENTS_RE = re.compile(r"^(\d{1,6})\s+\w+")
_FOOTNOTE_RE = re.compile(r"^(?:\*{1,3}\S|\[\d{1,2}\]|[¹²³⁴⁵⁶⁷⁸⁹])")
_BIO_RE = re.compile(
    r"^\S+(?:\s+\S+){0,3}\s+(?:is|was|ist|war|est|était|es|è|é|jest|werkt)\s+(?:a|an|the|"
    r"ein|eine|der|die|un|une|le|la|el|uno|um|uma|een|de)?\s*\w+",
    re.IGNORECASE,
)


def parse_article(
    lines: list[Line],
    limit: int,
    *,
    quoted_title: str | None = None,
    comments_start: int | None = None,
    comments_end: int | None = None,
    settings: ArticleSettings | None = None,
) -> ArticleParts:
    """Read the article from ``lines[:limit]`` (the comment section, if any, starts at ``limit``).

    When ``comments_end`` is given and the page's main prose stands *below* the comment section
    (a widget of comments printed above the article), the article is read from the whole page
    with the comment lines held out instead.
    """
    s = settings or ArticleSettings()
    parts = ArticleParts()
    limit = min(limit, len(lines))
    # A line's weight does not depend on where the article may end: compute them once.
    weights_all = [_weight(lines[i], lines, i, s) for i in range(len(lines) if comments_end else limit)]
    if comments_end is not None and limit < len(lines):
        every = list(weights_all)
        for i in range(limit, min(comments_end, len(lines))):
            every[i] = -s.break_weight
        whole = _best_run(every)
        above = _best_run(every[:limit])
        if (
            whole is not None
            and whole[0] >= comments_end
            and (
                above is None or sum(every[whole[0] : whole[1] + 1]) > 3 * sum(every[above[0] : above[1] + 1])
            )
        ):
            return _article(lines, every, len(lines), quoted_title, None, s)
    if limit <= 0:
        return parts
    return _article(lines, weights_all[:limit], limit, quoted_title, comments_start, s)


def _article(
    lines: list[Line],
    weights: list[float],
    limit: int,
    quoted_title: str | None,
    comments_start: int | None,
    s: ArticleSettings,
) -> ArticleParts:
    parts = ArticleParts()
    core = _best_run(weights)
    t = _find_title(lines, weights, core, limit, quoted_title, s)
    if t is not None:
        parts.title_idx = t
        parts.title = _title_text(lines[t])
        core = _run_after(weights, t + 1, limit, s)
    if core is None:
        _head(lines, parts, t, limit, limit - 1, limit, s)
        return parts
    a, b = core
    _head(lines, parts, t, a, b, limit, s)
    a = parts.body_start if parts.body_start is not None else a
    b = _refine_end(lines, weights, a, b, limit, parts)
    parts.body_start, parts.body_end = a, b
    _body(lines, parts, a, b)
    if parts.byline is None:
        parts.byline = _byline_after(lines, b, limit if comments_start is None else comments_start)
    if parts.published is None:
        parts.published = _date_after(lines, b, limit)
    return parts


def _run_after(weights: list[float], lo: int, hi: int, s: ArticleSettings) -> tuple[int, int] | None:
    """The body after the title: the best run, discounted by its distance from the title, so
    that a long sidebar far below does not beat a short article right under its headline."""
    best: tuple[float, int, int] | None = None
    seg_start = lo
    k = lo
    while k <= hi:
        if k == hi or weights[k] <= -s.break_weight / 2:
            if k > seg_start:
                run = _best_run(weights[seg_start:k])
                if run is not None:
                    a, b = seg_start + run[0], seg_start + run[1]
                    total = sum(weights[a : b + 1])
                    dist = a - lo
                    score = total / (1.0 + max(0, dist - 10) / 20.0)
                    if best is None or score > best[0]:
                        best = (score, a, b)
            seg_start = k + 1
        k += 1
    if best is None:
        return None
    return best[1], best[2]


# --------------------------------------------------------------------------------------------
# Weights and the best run


def _weight(line: Line, lines: list[Line], i: int, s: ArticleSettings) -> float:
    cue = line.cue
    if cue == "teaser" and cues.teaser_link(line.text):
        return -s.furniture_weight  # "Read more: Other story" inside an article
    if cue in _BREAK_CUES:
        return -s.break_weight
    if line.header is not None and line.header.strength == 2:
        return -s.break_weight / 2
    if cues.byline_name(line.text) and line.chars < 120:
        return -s.furniture_weight  # "Posted by Jane on …" under the text
    if cue in _FURNITURE_CUES:
        return -s.furniture_weight
    if line.is_date:
        return -s.date_weight
    if line.dates and line.chars < 100 and (not line.prose or line.dates[0].has_time):
        return -s.furniture_weight  # a dateline with a name or a count
    if is_separator(line.text):
        return -4 * s.short_weight  # a section break inside a text, or the rule under it
    if line.truncated and not line.prose and line.chars < 300:
        return -s.furniture_weight  # a teaser blurb cut with "…"
    if line.truncated and line.chars < 300 and (_after_title_like(lines, i) or _truncated_run(lines, i)):
        return -s.furniture_weight
    if _FOOTNOTE_RE.match(line.text):
        return -s.furniture_weight
    if (
        i + 1 < len(lines)
        and lines[i + 1].cue == "url"
        and not line.text.endswith((".", "!", "?"))
        and line.chars < 200
    ):
        return -s.furniture_weight  # the title of an embedded video above its link
    if line.prose:
        w = float(line.chars)
        if line.repeats > 1:
            w = -s.furniture_weight  # the same paragraph twice: a teaser or an alt text
        return w
    if line.text.endswith((".", "!", "?", "。", "”", '"')) and line.words >= 3:
        return line.chars * 0.5  # a short sentence
    if line.repeats > 1:
        return -s.furniture_weight / 1.5
    if _in_menu_run(lines, i):
        return -s.menu_weight
    return -s.short_weight


def _truncated_run(lines: list[Line], i: int) -> bool:
    """Two or more cut-off lines in a row ("…"): a list of teasers or of recent comments."""
    return (i > 0 and lines[i - 1].truncated) or (i + 1 < len(lines) and lines[i + 1].truncated)


def _after_title_like(lines: list[Line], i: int) -> bool:
    return i > 0 and looks_like_title(lines[i - 1]) and not lines[i - 1].prose


def _short(ln: Line) -> bool:
    return ln.words <= 4 and not ln.prose and not ln.text.endswith((".", "!", "?", ":"))


def _menu_runs(lines: list[Line]) -> list[bool]:
    """For every line: does it stand in a run of four or more short lines without a blank line
    between them (a menu or a link list)? One pass over the page."""
    out = [False] * len(lines)
    i = 0
    n = len(lines)
    while i < n:
        if not _short(lines[i]):
            i += 1
            continue
        j = i
        gaps = 0
        # Some copies put a blank line between menu items: allow single blank lines, but then
        # ask for a longer run.
        while j + 1 < n and lines[j + 1].gap_before <= 1 and _short(lines[j + 1]):
            gaps += lines[j + 1].gap_before
            j += 1
        run = j - i + 1
        if run >= 4 and (gaps == 0 or run >= 6):
            for k in range(i, j + 1):
                out[k] = True
        i = j + 1
    return out


def _in_menu_run(lines: list[Line], i: int) -> bool:
    """Four or more short lines in a row without a blank line: a menu or a link list."""
    cache = _MENU_CACHE.get(id(lines))
    if cache is None or cache[0] is not lines:
        cache = (lines, _menu_runs(lines))
        _MENU_CACHE.clear()
        _MENU_CACHE[id(lines)] = cache
    return cache[1][i]


_MENU_CACHE: dict[int, tuple[list[Line], list[bool]]] = {}


def _best_run(weights: list[float]) -> tuple[int, int] | None:
    """The contiguous run with the largest sum of weights (Kadane), or None if all ≤ 0."""
    best = 0.0
    best_run = None
    cur = 0.0
    start = 0
    for i, w in enumerate(weights):
        if cur <= 0:
            cur = w
            start = i
        else:
            cur += w
        if cur > best:
            best = cur
            best_run = (start, i)
    return best_run


# --------------------------------------------------------------------------------------------
# Title


def _title_text(line: Line) -> str:
    text = line.text
    d = line.dates[0] if line.dates else None
    if d is not None and line.date_rest and d.start <= 12 and line.chars - d.end > 20:
        # "date 2024-10-20 Headline…": the date printed in front of the headline.
        return text[d.end :].strip(" |:-–—•")
    return text


def _is_meta(line: Line) -> bool:
    """A byline, a dateline or a reading time: what follows a headline."""
    if line.cue is not None and line.cue != "reading_time":
        return False
    if line.is_date or (line.dates and line.chars < 140):
        return True
    if cues.byline_name(line.text) is not None:
        return True
    return line.cue == "reading_time"


def _find_title(
    lines: list[Line],
    weights: list[float],
    core: tuple[int, int] | None,
    limit: int,
    quoted: str | None,
    s: ArticleSettings,
) -> int | None:
    """The headline: a headline-shaped line followed by a byline or date and by text, repeated
    on the page, named by the comment header, close above the main run of prose."""
    scored = _title_scores(lines, weights, core, limit, quoted, s)
    if not scored:
        return None
    best = max(scored, key=lambda x: (x[0], -x[1]))
    if best[0] < 2.0:
        return None
    return best[1]


def _title_scores(
    lines: list[Line],
    weights: list[float],
    core: tuple[int, int] | None,
    limit: int,
    quoted: str | None,
    s: ArticleSettings,
) -> list[tuple[float, int]]:
    """Every headline candidate with its score (kept apart for debugging and tests)."""
    core_start = core[0] if core is not None else limit
    core_end = core[1] if core is not None else limit - 1
    first_content = next((k for k in range(limit) if lines[k].cue is None), None)
    site_title = _site_title(lines)
    quoted_key = cues.norm(quoted) if quoted else None
    positive = [max(0.0, w) for w in weights]
    prefix = [0.0]
    for w in positive:
        prefix.append(prefix[-1] + w)
    out: list[tuple[float, int]] = []
    hi = min(limit - 1, core_end, core_start + 60)
    for i in range(max(0, core_start - 150), hi + 1):
        line = lines[i]
        shaped = looks_like_title(line) and not (line.prose and line.words > 25)
        leading_date = bool(line.dates) and bool(line.date_rest) and line.dates[0].start <= 12
        if not shaped and not (leading_date and i == first_content):
            continue
        if line.header is not None or line.cue is not None or cues.byline_name(line.text) is not None:
            continue
        if _is_meta(line) and not (leading_date and line.chars - line.dates[0].end > 20):
            continue
        if line.prose and line.text.endswith(".") and i != first_content and not leading_date:
            continue  # a sentence: a standfirst, a caption or a paragraph, not a headline
        score = 0.0
        key = line.key
        title_text = _title_text(line)
        words = len(title_text.split())
        if leading_date and i == first_content and title_text != line.text:
            score += 2.0  # "date 2024-10-20 Headline" opening the page
        nxt = list(range(i + 1, min(i + 5, limit)))
        meta_at = next((d for d, k in enumerate(nxt[:4], 1) if _is_meta(lines[k])), None)
        if meta_at is not None:
            score += {1: 3.0, 2: 2.5}.get(meta_at, 1.5)
        if i > 0 and _is_meta(lines[i - 1]):
            score += 2.0
        elif any(_is_meta(lines[k]) for k in range(max(0, i - 3), i)):
            score += 1.0
        if line.repeats > 1:
            near = any(lines[k].key == key for k in range(max(0, i - 12), min(limit, i + 13)) if k != i)
            score += 1.5 if near else 0.75
        if _contained_elsewhere(lines, i):
            score += 1.5
        key = line.key
        if quoted_key and (
            key == quoted_key
            or (len(key) > 8 and key in quoted_key)
            or (len(quoted_key) > 8 and quoted_key in key)
        ):
            score += 4.0
        if site_title and (key == site_title or (len(key) > 8 and site_title.startswith(key))):
            score += 3.0
        ahead = prefix[min(limit, i + 26)] - prefix[i + 1]
        score += min(ahead, 1500.0) / 500.0  # up to +3 for text right below
        if i < core_start:
            score += 1.5 * max(0.0, 1.0 - (core_start - i) / s.title_window)
        else:
            skipped = prefix[i] - prefix[core_start]
            score -= skipped / 150.0  # a headline does not come after paragraphs of text
        if 3 <= words <= 20 or (line.cjk and line.chars >= 12):
            score += 1.0
        if words <= 2 and not line.cjk:
            score -= 2.0
        elif words >= 5 or line.cjk:
            score += 1.0
        first_char = title_text.lstrip("\"'“‘«„¿¡")[:1]
        if first_char.isalpha() and first_char.islower():
            score -= 2.5  # headlines start with a capital ("in Featured Article…" is a category)
        if (
            meta_at == 1
            and name_like(line.text)
            and i > 0
            and looks_like_title(lines[i - 1])
            and not name_like(lines[i - 1].text, max_words=2)
        ):
            score -= 3.0  # a name over the dateline is the byline; the headline is above it
        letters = [ch for ch in line.text if ch.isalpha()]
        if letters and all(ch.isupper() for ch in letters) and line.words <= 4:
            score -= 2.0  # "WORLD NEWS", "EDITORIAL": section labels
        if line.text.endswith((":", ",", ";")):
            score -= 2.0
        if _in_menu_run(lines, i) and meta_at != 1:
            score -= 2.0
        if line.truncated:
            score -= 2.0
        if words > 20 and not line.cjk:
            score -= 1.5
        if _similar_neighbour(lines, i):
            score -= 2.0  # one of a list of alike lines ("Link to…", "Link to…")
        if _in_teaser_block(lines, i):
            score -= 3.0
        # Headline, then a longer standfirst, then the byline: the first of the two is the title.
        if (
            i + 1 < limit
            and _standfirst_like(lines[i + 1], line)
            and any(_is_meta(lines[k]) for k in range(i + 2, min(i + 5, limit)))
        ):
            score += 1.5
        if (
            i > 0
            and _standfirst_like(line, lines[i - 1])
            and looks_like_title(lines[i - 1])
            and not _is_meta(lines[i - 1])
            and lines[i - 1].cue is None
        ):
            score -= 1.5
        out.append((score, i))
    return out


def _standfirst_like(line: Line, above: Line) -> bool:
    """A summary line under a headline: longer than it, a phrase or a sentence, not a dateline."""
    return (
        line.cue is None
        and not _is_meta(line)
        and line.words >= 8
        and line.chars > above.chars + 10
        and line.chars <= 400
        and above.words >= 3
        and not _title_case(line.text)
    )


def _similar_neighbour(lines: list[Line], i: int) -> bool:
    words = lines[i].key.split()[:2]
    if len(words) < 2:
        return False
    for k in (i - 1, i + 1):
        if 0 <= k < len(lines) and lines[k].key.split()[:2] == words:
            return True
    return False


def _in_teaser_block(lines: list[Line], i: int) -> bool:
    """Under a "Related" / "Sur le même sujet" header with no paragraph in between."""
    for k in range(i - 1, max(-1, i - 10), -1):
        if lines[k].cue == "teaser":
            return True
        if lines[k].prose and lines[k].cue is None:
            return False
    return False


def _contained_elsewhere(lines: list[Line], i: int) -> bool:
    """The line is part of a longer one on the page (a breadcrumb, "Responses to “…”")."""
    key = lines[i].key
    if len(key) < 8:
        return False
    # Every occurrence beyond the line's own copies lies inside a longer line.
    return _haystack(lines).count(key) > lines[i].repeats


def _haystack(lines: list[Line]) -> str:
    cached = _HAYSTACK.get(id(lines))
    if cached is None or cached[0] is not lines:
        cached = (lines, "\n".join(ln.key for ln in lines if ln.chars <= 400))
        _HAYSTACK.clear()
        _HAYSTACK[id(lines)] = cached
    return cached[1]


_HAYSTACK: dict[int, tuple[list[Line], str]] = {}


def _site_title(lines: list[Line]) -> str | None:
    """A first line shaped like a <title>: "Headline | Site name"."""
    if not lines:
        return None
    parts = _SITE_TITLE_SPLIT_RE.split(lines[0].text)
    if len(parts) >= 2 and len(parts[0].split()) >= 3:
        return cues.norm(parts[0])
    return None


# --------------------------------------------------------------------------------------------
# The head: byline, date, standfirst, section


def _head(
    lines: list[Line], parts: ArticleParts, t: int | None, a: int, b: int, limit: int, s: ArticleSettings
) -> None:
    """Standfirst and body start, then byline, date, section and count from the head lines."""
    lo = t + 1 if t is not None else max(0, a - 6)
    start = a
    first = lines[start] if start <= b else None
    standfirst_idx: int | None = None
    # A prose line above the run, between the headline and the body, is the standfirst.
    for k in range(lo, min(a, limit)):
        ln = lines[k]
        if (
            ln.prose
            and ln.cue is None
            and not ln.dates
            and ln.chars <= s.max_standfirst_chars
            and cues.byline_name(ln.text) is None
        ):
            standfirst_idx = k
            break
    if (
        standfirst_idx is None
        and first is not None
        and start + 1 <= b
        and first.cue is None
        and first.chars <= s.max_standfirst_chars
    ):
        nxt = start + 1
        meta_after = any(
            _is_meta(lines[k]) or lines[k].cue in _FURNITURE_CUES
            for k in range(nxt, min(nxt + 3, b + 1))
            if not lines[k].prose
        )
        no_stop = not first.text.endswith((".", "!", "?", "…", ":", '"', "”")) and first.words >= 6
        near_title = t is not None and start - t <= 2
        if (
            cues.is_editor_note(first.text)
            or (meta_after and near_title and first.prose)
            or (no_stop and lines[nxt].prose and first.chars < 250 and near_title)
        ):
            standfirst_idx = start
            start = nxt
    if standfirst_idx is not None:
        parts.standfirst = lines[standfirst_idx].text
        # Skip the rest of the head (byline, date, captions, labels) down to the first paragraph.
        k = max(start, standfirst_idx + 1)
        while k <= b and not lines[k].prose:
            k += 1
        if k <= b:
            start = k
    # A subheading standing right above the first paragraph belongs to the body.
    title_key = lines[t].key if t is not None else ""
    while (
        start > lo
        and _subheading_shape(lines[start - 1])
        and lines[start - 1].cue is None
        and not _is_meta(lines[start - 1])
        and start - 1 != standfirst_idx
        and lines[start - 1].key != title_key
        and not _byline_like(lines, start - 1)
    ):
        start -= 1
    parts.body_start = start
    head = [k for k in range(lo, min(start, limit)) if k != standfirst_idx]
    around = list(range(max(0, (t if t is not None else start) - 3), t if t is not None else start))
    # Section label right above the title.
    if t is not None and t > 0:
        above = lines[t - 1]
        if 1 <= above.words <= 3 and above.cue is None and not above.is_date and not above.prose:
            parts.section = above.text
    parts.byline = _byline(lines, head + around, head)
    # Date: after the title first, then just above it; never a "Today:" site date.
    if t is not None and lines[t].dates and _title_text(lines[t]) != lines[t].text:
        parts.published = lines[t].dates[0]
    for k in head + list(reversed(around)):
        if parts.published is not None:
            break
        parts.published = _article_date(lines[k])
    # Comment count printed in the head ("7 Comments" on the byline line).
    for k in head:
        h = lines[k].header
        if h is not None and h.count is not None:
            parts.declared_hint = h.count
        for seg in lines[k].segments:
            hs = cues.comment_header(seg)
            if hs is not None and hs.count is not None:
                parts.declared_hint = hs.count


def _byline_like(lines: list[Line], k: int) -> bool:
    """A name line standing next to a dateline: the byline, not a subheading."""
    if not name_like(lines[k].text, max_words=4):
        return False
    return any(0 <= j < len(lines) and _is_meta(lines[j]) for j in (k - 1, k + 1))


def _article_date(line: Line) -> DateMatch | None:
    if not line.dates or line.chars > 160:
        return None
    if cues.is_site_date_label(line.text):
        return None
    for d in line.dates:
        if d.year is None:
            continue
        before = line.text[: d.start]
        if cues.is_updated_label(before) and not re.search(r"publ|veröff|posted|erschienen", before, re.I):
            continue
        return d
    return None


def _byline(lines: list[Line], candidates: list[int], head: list[int]) -> str | None:
    found: list[str] = []
    for pos, k in enumerate(candidates):
        ln = lines[k]
        name = cues.byline_name(ln.text)
        if name == "" and pos + 1 < len(candidates):
            nxt = lines[candidates[pos + 1]]
            if name_like(nxt.text):
                found.append(nxt.text)
            continue
        if name:
            found.append(_cut_name(name))
            continue
        if ln.dates:
            for seg in ln.segments:
                nm = cues.byline_name(seg)
                if nm:
                    found.append(_cut_name(nm))
                    break
                if cues.comment_header(seg) is not None or _COUNT_COMMENTS_RE.match(seg):
                    continue
                if name_like(seg) and seg.casefold() not in cues.DATE_LABEL_WORDS:
                    found.append(_cut_name(seg))
                    break
    if not found:
        # A name line next to the dateline in the head ("Jane Doe" / "17 October 2024").
        for strict, offsets in ((True, (-1, 1)), (True, (2, -2)), (False, (-1, 1)), (False, (2,))):
            for k in head:
                ln = lines[k]
                if not name_like(ln.text) or ln.words > 5 or ln.cue is not None or ln.text.isupper():
                    continue  # all capitals: a section label ("CURRENT EVENT"), not a name
                if strict and not all(
                    w[:1].isupper() or w.casefold() in cues.NAME_PARTICLES for w in ln.text.split()
                ):
                    continue  # "Business reporter" is a role; "Rachel Odhiambo" a name
                if any(0 <= k + o < len(lines) and lines[k + o].is_date for o in offsets):
                    found.append(ln.text)
                    break
            if found:
                break
    found = [f for f in found if f]
    if not found:
        return None
    people = [f for f in found if not re.search(r"\.(?:com|org|net|de|fr|co\.uk)\b", f, re.I)]
    return (people or found)[0]


_NAME_CUT_RE = re.compile(r"\s+(?:[|/•·—–]|-\s|(?:at|on|um|am|le|à|op|el|il)\s+\d).*$", re.IGNORECASE)


def _cut_name(name: str) -> str:
    """The name alone from "Jane Doe on 21 November 2021" or "Jane Doe | 3 min read"."""
    found = find_dates(name, partial=True)
    if found:
        name = name[: found[0].start]
    name = _NAME_CUT_RE.sub("", name).strip(" ,;:|•·-–—")
    words = name.split()
    while words and (
        words[-1].casefold().strip(",.:") in cues.DATE_LABEL_WORDS
        or words[-1].casefold().strip(",.") in cues.WEEKDAYS
    ):
        words.pop()
    return " ".join(words).strip(" ,;:|•·-–—")


def _byline_after(lines: list[Line], b: int, limit: int) -> str | None:
    """A byline printed under the article ("Door Jan Jansen", "Posted by Jane at 12:55 AM")."""
    for k in range(b + 1, min(limit, b + 15, len(lines))):
        name = cues.byline_name(lines[k].text)
        if name:
            name = _cut_name(name)
            if name and name_like(name):
                return name
    return None


def _date_after(lines: list[Line], b: int, limit: int) -> DateMatch | None:
    for k in range(b + 1, min(limit, b + 20, len(lines))):
        d = _article_date(lines[k])
        if d is not None:
            return d
    return None


# --------------------------------------------------------------------------------------------
# The end of the body, and the body itself


def _refine_end(
    lines: list[Line], weights: list[float], a: int, b: int, limit: int, parts: ArticleParts
) -> int:
    if a > b:
        return b
    byline_key = cues.norm(parts.byline) if parts.byline else None
    first_name = byline_key.split()[0] if byline_key else None
    for k in range(a + 1, b + 1):
        ln = lines[k]
        if byline_key and (ln.key == byline_key or (ln.key.endswith(byline_key) and ln.words <= 6)):
            b = k - 1  # the author signs off: the article ended above
            break
        if (
            first_name
            and len(first_name) > 2
            and ln.key.startswith(first_name)
            and _BIO_RE.match(ln.text)
            and k > a + 2
        ):
            b = k - 1  # "Jane Doe is a reporter…": the author box
            break
    # A list introduced by "…:" at the end of the run belongs to the body.
    k = b + 1
    last = lines[b] if b >= 0 else None
    if last is not None and last.text.endswith(":"):
        while (
            k < limit
            and lines[k].gap_before <= 1
            and lines[k].cue is None
            and not lines[k].is_date
            and lines[k].words <= 30
        ):
            b = k
            k += 1
    while (
        b > a
        and weights[b] <= 0
        and not (
            lines[b].text.endswith((".", "!", "?"))
            and lines[b].cue is None
            and not _FOOTNOTE_RE.match(lines[b].text)
        )
    ):
        b -= 1
    return b


def _subheading_shape(line: Line) -> bool:
    t = line.text
    if line.cjk:
        return line.chars <= 40 and not t.endswith(("。", "、"))
    if not (1 <= line.words <= 14 and line.chars <= 120):
        return False
    if t.endswith((".", ",", ";", ":", "…")) or t.startswith(("-", "–", "—", "(", "[")):
        return False
    first = t.lstrip("\"'“‘«„")[:1]
    return bool(first) and (first.isupper() or first.isdigit())


def _title_case(text: str) -> bool:
    words = [w for w in text.split() if w[:1].isalpha()]
    if not words:
        return False
    caps = sum(1 for w in words if w[0].isupper() or w.casefold() in cues.NAME_PARTICLES or len(w) <= 3)
    return caps >= 0.75 * len(words)


def _keep_in_body(lines: list[Line], k: int, a: int, b: int) -> bool:
    ln = lines[k]
    if (
        ln.cue is not None
        and ln.cue not in ("reading_time",)
        and not (ln.prose and ln.cue in ("disclaimer", "newsletter", "nav"))
    ):
        return False
    if ln.cue == "reading_time" or ln.is_date or ln.header is not None or is_separator(ln.text):
        return False
    if k > a and lines[k - 1].key == ln.key:
        return False  # the second copy of an alt text or caption
    if k < b and lines[k + 1].key == ln.key and not ln.prose:
        return False
    if ln.repeats > 1 and not ln.prose and ln.words <= 12 and ln.key != "":
        # Repeated short lines inside the body are captions or pull quotes printed twice.
        return False
    if k < b and lines[k + 1].cue == "url" and not ln.prose and ln.gap_before > 0:
        return False  # the caption of an embedded video
    if ln.words <= 10 and ln.text.isupper() and ln.words >= 2 and ln.gap_before > 0 and ln.gap_after > 0:
        return False  # "BELOW IS A VIDEO", "CURRENT EVENT": labels, not text
    return True


def _body(lines: list[Line], parts: ArticleParts, a: int, b: int) -> None:
    paragraphs: list[list[str]] = []
    subheadings: list[str] = []
    kept = [k for k in range(a, b + 1) if _keep_in_body(lines, k, a, b)]
    for pos, k in enumerate(kept):
        ln = lines[k]
        new_para = not paragraphs or ln.gap_before > 0 or (pos > 0 and kept[pos - 1] != k - 1)
        if new_para:
            paragraphs.append([ln.text])
        else:
            paragraphs[-1].append(ln.text)
    # Subheadings: one-line paragraphs shaped like headings, followed by more text.
    para_lines = [p for p in paragraphs]
    for i, p in enumerate(para_lines):
        if len(p) != 1 or i == len(para_lines) - 1:
            continue
        line = next(lines[k] for k in kept if lines[k].text == p[0])
        if _subheading_shape(line) and (not line.prose or line.words <= 10 or _title_case(line.text)):
            subheadings.append(p[0])
    parts.paragraphs = ["\n".join(p) for p in paragraphs]
    parts.subheadings = subheadings
