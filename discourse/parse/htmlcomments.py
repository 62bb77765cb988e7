"""Reader comments in an HTML page's DOM: find the thread (a cascade of comment systems from
``selectors.py``, specific to generic), split it into comments, and read each one's author,
time, text, quotes and place in the reply tree."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from lxml.html import HtmlElement

from ..model import Comment
from . import selectors as S
from .dates import MONTHS, DateMatch, find_dates, parse_iso_or_epoch, time_of_day
from .htmltext import (
    ancestors,
    class_tokens,
    contains,
    ident,
    inline_text,
    is_element,
    is_hidden,
    norm_space,
    paragraphs,
    select,
    tag,
)
from .replies import assign_depths, infer_addressed_replies

_KEY_RE = re.compile(r"([0-9a-f]*\d[0-9a-f]*)$")
_MAX_AUTHOR_WORDS = 8
_MAX_AUTHOR_CHARS = 80
_MAX_HEADER_CHARS = 160
_HEADER_GROWTH = 25


@dataclass
class Item:
    """One comment's elements before reading: ``roots`` (one element, or a ``dt`` with its
    ``dd`` siblings), its parent item's index, and the items nested inside it."""

    roots: list[HtmlElement]
    parent: int | None = None
    inner: list[HtmlElement] = field(default_factory=list)

    @property
    def el(self) -> HtmlElement:
        return self.roots[0]


@dataclass
class Thread:
    """What the comment reader found on a page."""

    comments: list[Comment]
    regions: list[HtmlElement]
    system: str | None = None
    declared: int | None = None
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Finding the thread
# --------------------------------------------------------------------------------------------


def _dates(text: str, relative: bool = True) -> list[DateMatch]:
    """``find_dates`` without its false relative hits on short words ("AM" read as "a m[inute]")."""
    out = []
    for d in find_dates(text, relative=relative):
        if d.relative and not any(ch.isdigit() for ch in d.text) and len(d.text.strip()) <= 3:
            continue
        out.append(d)
    return out


_MONTH_ALT = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_TIME_TAIL = (
    r"(?:\s*(?:,|at|um|à|-|–|\|)?\s*(?P<h>[01]?\d|2[0-3])[:.h](?P<mi>[0-5]\d)\s*(?P<ap>[ap]\.?\s?m\.?)?)?"
)
#: Dates printed without a year ("Oct.28 at 4:22 pm", "Sat Apr 23 at 3:40 pm", "23. Apr 19:54")
#: and US dotted dates ("12.29.14"): the shared date reader needs a year, comments often lack one.
_YEARLESS = (
    re.compile(
        r"(?<![\w])(?P<mon>" + _MONTH_ALT + r")\.?\s*(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:])" + _TIME_TAIL,
        re.I,
    ),
    re.compile(r"(?<![\w.])(?P<d>[0-3]?\d)\.?\s+(?P<mon>" + _MONTH_ALT + r")\b\.?" + _TIME_TAIL, re.I),
    re.compile(r"(?<![\d.])(?P<m>[01]?\d)\.(?P<d>[0-3]?\d)\.(?P<yy>\d\d)(?![\d.])" + _TIME_TAIL, re.I),
)


def yearless_date(text: str, year: int | None) -> str | None:
    """A comment time without a year (or in US dotted form), placed in ``year`` (the article's).

    Returns ``YYYY-MM-DD[THH:MM]``, or None when nothing matches or no year is known.
    """
    for rx in _YEARLESS:
        m = rx.search(text)
        if not m:
            continue
        gd = m.groupdict()
        month = MONTHS.get(gd["mon"].lower().rstrip(".")) if gd.get("mon") else int(gd["m"])
        y = 2000 + int(gd["yy"]) if gd.get("yy") else year
        if y is None or not month:
            return None
        try:
            day = date(y, month, int(gd["d"]))
        except ValueError:
            continue
        out = day.isoformat()
        if gd.get("h"):
            hour = int(gd["h"])
            ap = (gd.get("ap") or "").replace(".", "").replace(" ", "").lower()
            hour = hour + 12 if ap == "pm" and hour < 12 else (0 if ap == "am" and hour == 12 else hour)
            out += f"T{hour:02d}:{gd['mi']}"
        return out
    return None


# Keyed by the element itself, never its id(): lxml creates element proxies on demand and frees them,
# so an id can be reused by another element of the same tree (a test-order-dependent bug).
# Holding the element as a key keeps its proxy, and so its identity, alive.
_MARKER_CACHE: dict[HtmlElement, bool] = {}


def _holds_markers(anc: HtmlElement) -> bool:
    # Memoised per element for one page: many candidate regions share the same ancestors.
    if anc not in _MARKER_CACHE:
        _MARKER_CACHE[anc] = bool(select(anc, S.ARTICLE_MARKERS))
    return _MARKER_CACHE[anc]


def _excluded_region(el: HtmlElement) -> bool:
    """Regions in sidebars, widgets, forms, live blogs, or holding the article itself."""
    if S.REGION_EXCLUDE_RE.search(ident(el)) and not _has_strong_list_marker(el):
        return True
    for anc in ancestors(el):
        if tag(anc) in S.REGION_EXCLUDE_TAGS and tag(anc) != "footer":
            return True
        tokens = ident(anc).split()
        if any(
            S.REGION_ANCESTOR_EXCLUDE_RE.match(t) or S.REGION_ANCESTOR_WEAK_RE.match(t) for t in tokens
        ) and not _holds_markers(anc):
            return True
    return False


def _has_strong_list_marker(el: HtmlElement) -> bool:
    # "comment-list" and friends name a thread even when a word such as "share" is in the class.
    return bool(re.search(r"comment-?list|commentlist|comments-list", ident(el)))


def _holds_article(el: HtmlElement) -> bool:
    return bool(el.xpath(".//h1 | .//*[@itemprop='articleBody']"))


def _item_key(el: HtmlElement) -> str | None:
    for attr in S.ITEM_ATTRS:
        if el.get(attr):
            return el.get(attr, "").lower()
    m = _KEY_RE.search((el.get("id") or "").lower())
    return m.group(1) if m else None


def _looks_like_item(el: HtmlElement) -> bool:
    t = tag(el)
    if t in (
        "a",
        "span",
        "img",
        "input",
        "form",
        "textarea",
        "button",
        "script",
        "time",
        "p",
        "cite",
        "b",
        "strong",
        "em",
        "i",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
    ):
        return False
    eid = (el.get("id") or "").lower()
    if eid and any(ch.isdigit() for ch in eid) and S.ITEM_ID_RE.match(eid):
        return True
    tokens = class_tokens(el)
    if any(tok in S.ITEM_CLASS_TOKENS for tok in tokens) and not any(
        S.ITEM_PART_RE.match(tok) for tok in tokens
    ):
        return True
    if any(el.get(a) for a in S.ITEM_ATTRS):
        return True
    itemtype = (el.get("itemtype") or "").rstrip("/")
    return itemtype.endswith("schema.org/Comment")


def _generic_items(region: HtmlElement) -> list[HtmlElement]:
    """Comment elements inside a region: marked by id, class or attribute; failing that, the
    largest run of similar children (a plain ``<ol>`` of ``<li>``)."""
    marked = [el for el in region.iterdescendants() if is_element(el) and _looks_like_item(el)]
    marked = [el for el in marked if not is_hidden(el) and el.text_content().strip()]
    if marked:
        return _merge_wrappers(marked)
    return _repeated_children(region)


def _merge_wrappers(els: list[HtmlElement]) -> list[HtmlElement]:
    """Drop an inner element that is the same comment as its outer one (``li#li-comment-5`` >
    ``div#comment-5``; ``div#comment-shell-X`` > ``div#comment-X``).

    ``els`` are in document order, so the kept elements that enclose the current one form a
    stack: each element is compared with the top only (linear in the number of comments).
    """
    keep: list[HtmlElement] = []
    stack: list[HtmlElement] = []
    for el in els:
        while stack and not contains(stack[-1], el):
            stack.pop()
        outer = stack[-1] if stack else None
        if outer is not None:
            ko, ki = _item_key(outer), _item_key(el)
            if ko is not None and ko == ki:
                continue
            if ko is None and ki is None and _own_text_len(outer, el) < 3:
                continue
            # The outer one holds nothing but this one (a wrapper without id): keep the inner.
            if ko is None and _own_text_len(outer, el) < 3 and outer is keep[-1]:
                keep[-1] = el
                stack[-1] = el
                continue
        keep.append(el)
        stack.append(el)
    return keep


def _own_text_len(outer: HtmlElement, inner: HtmlElement) -> int:
    return len(norm_space(outer.text_content())) - len(norm_space(inner.text_content()))


def _repeated_children(region: HtmlElement) -> list[HtmlElement]:
    best: list[HtmlElement] = []
    for parent in [region, *region.iterdescendants()]:
        if not is_element(parent) or tag(parent) not in ("ol", "ul", "div", "section", "dl"):
            continue
        groups: dict[tuple[str, str], list[HtmlElement]] = {}
        if tag(parent) == "form" or any(tag(a) == "form" for a in ancestors(parent, region)):
            continue
        for child in parent:
            if not is_element(child) or tag(child) not in ("li", "div", "article", "section"):
                continue
            if len(norm_space(child.text_content())) < 2 or child.xpath(".//input|.//textarea|.//label"):
                continue
            sig = (
                tag(child),
                " ".join(
                    t for t in class_tokens(child) if not re.search(r"\d|^(?:odd|even|alt|first|last)$", t)
                ),
            )
            groups.setdefault(sig, []).append(child)
        for els in groups.values():
            if len(els) > len(best) and len(els) >= 2 and _dated_share(els) >= 0.5:
                best = els
    return best


def _dated_share(els: list[HtmlElement]) -> float:
    """Share of elements whose text shows a date or time: unmarked lists of comments print one
    per comment, button bars and link lists do not."""
    dated = 0
    for el in els:
        text = norm_space(el.text_content())[:400]
        if _dates(text) or any(rx.search(text) for rx in _YEARLESS) or time_of_day(text):
            dated += 1
    return dated / len(els) if els else 0.0


def _dl_pairs(region: HtmlElement) -> list[Item]:
    items: list[Item] = []
    for child in region:
        if not is_element(child):
            continue
        if tag(child) == "dt":
            items.append(Item([child]))
        elif tag(child) == "dd" and items:
            items[-1].roots.append(child)
    return items


def _outermost(els: Sequence[HtmlElement]) -> list[HtmlElement]:
    """Elements not inside another one of the list (``els`` in document order)."""
    out: list[HtmlElement] = []
    for el in els:
        if not out or not contains(out[-1], el):
            out.append(el)
    return out


def _items_for(system: S.CommentSystem, root: HtmlElement) -> tuple[list[HtmlElement], list[Item]]:
    """The regions and items of one comment system on this page (empty when absent)."""
    if system.name == "generic":
        candidates = [
            el
            for el in root.iter()
            if is_element(el)
            and S.REGION_RE.search(ident(el))
            and tag(el)
            not in (
                "a",
                "span",
                "input",
                "textarea",
                "form",
                "button",
                "img",
                "script",
                "h1",
                "h2",
                "h3",
                "h4",
                "h5",
                "h6",
                "p",
                "time",
                "li",
                "body",
                "html",
            )
        ]
        regions: list[HtmlElement] = []
        for el in candidates:
            if any(contains(r, el) for r in regions):
                continue
            if _excluded_region(el) or _holds_article(el):
                continue
            if not _generic_items(el):
                continue
            regions.append(el)
        found = [(r, _generic_items(r)) for r in regions]
        found = [(r, els) for r, els in found if els]
        if not found:
            return [], []
        # Several candidate regions: keep those that hold real threads (most items first wins
        # ties by page order; all are kept, duplicates are removed later).
        regions = [r for r, _ in found]
        els = [e for _, group in found for e in group]
        return regions, [Item([e]) for e in els]
    regions = [r for r in _outermost(select(root, system.region)) if not _excluded_region(r)]
    if system.region == system.item:  # microdata: the items are the regions' own elements
        items = [e for e in select(root, system.item) if not _excluded_region(e)]
        return regions, [Item([e]) for e in items if norm_space(e.text_content())]
    if system.item == "dl-pairs":
        items = [it for r in regions for it in _dl_pairs(r)]
        return regions, items
    els: list[HtmlElement] = []
    for r in regions:
        found = [e for e in select(r, system.item) if e is not r] if system.item else _generic_items(r)
        els.extend(e for e in _merge_wrappers(found) if not is_hidden(e))
    return regions, [Item([e]) for e in els]


def find_thread_items(root: HtmlElement) -> tuple[S.CommentSystem | None, list[HtmlElement], list[Item]]:
    """Try each comment system in order; return the first that finds comments."""
    _MARKER_CACHE.clear()  # one page's elements at a time
    for system in S.COMMENT_SYSTEMS:
        regions, items = _items_for(system, root)
        if items:
            _link_parents(items)
            return system, regions, items
    return None, [], []


def _link_parents(items: list[Item]) -> None:
    index = {it.el: k for k, it in enumerate(items)}
    for it in items:
        for anc in ancestors(it.el):
            j = index.get(anc)
            if j is not None:
                it.parent = j
                items[j].inner.append(it.el)
                break
    # A nested item also hides the items nested in it from its ancestors' text.
    for it in items:
        it.inner = [e for e in it.inner]


# --------------------------------------------------------------------------------------------
# Reading one comment
# --------------------------------------------------------------------------------------------


class _Matcher:
    """Selector matches for all comments at once: each selector runs once over the thread and
    every match goes to the comment that owns it (its nearest comment root). Running ~70 hint
    selectors per comment would cost an XPath evaluation each: too slow for 10,000 comments."""

    def __init__(self, items: list[Item], regions: list[HtmlElement]) -> None:
        self.root_owner = {r: k for k, it in enumerate(items) for r in it.roots}
        # One pass per region (not per comment): an XPath evaluation has a fixed cost.
        roots = [r for it in items for r in it.roots]
        self.tops = _outermost(regions)
        self.tops += _outermost([r for r in roots if not any(contains(g, r) for g in self.tops)])
        self.cache: dict[str, dict[int, list[HtmlElement]]] = {}  # selector → item index → matches

    def owner(self, el: HtmlElement) -> int | None:
        node: HtmlElement | None = el
        while node is not None:
            k = self.root_owner.get(node)
            if k is not None:
                return k
            node = node.getparent()
        return None

    def get(self, selector: str, k: int) -> list[HtmlElement]:
        by = self.cache.get(selector)
        if by is None:
            by = {}
            for top in self.tops:
                for e in select(top, selector):
                    o = self.owner(e)
                    if o is not None:
                        by.setdefault(o, []).append(e)
            self.cache[selector] = by
        return by.get(k, [])


class _Scope:
    """What belongs to one comment: its roots minus the comments nested inside it."""

    def __init__(self, item: Item, all_items: set[HtmlElement], matcher: _Matcher, index: int) -> None:
        self.item = item
        self.roots = item.roots
        self.nested = set(item.inner)
        self.all_items = all_items
        self.matcher = matcher
        self.index = index

    def inside(self, el: HtmlElement) -> bool:
        """True when ``el`` is this comment's own (not inside a nested comment)."""
        return self.matcher.owner(el) == self.index

    def select(self, selector: str) -> list[HtmlElement]:
        return self.matcher.get(selector, self.index)


def _drop_in_item(el: HtmlElement) -> bool:
    if tag(el) in S.ITEM_DROP_TAGS:
        return True
    cls = ident(el)
    return bool(cls and S.ITEM_DROP_RE.search(cls))


def _is_action(el: HtmlElement) -> bool:
    if tag(el) not in ("a", "span", "button", "div", "li", "p", "small", "ul"):
        return False
    text = norm_space(el.text_content())
    return bool(text) and len(text) < 40 and bool(S.ACTION_RE.match(text))


def _clean_author(text: str) -> str | None:
    text = norm_space(text)
    text = S.AUTHOR_PREFIX_RE.sub("", text)
    text = re.sub(r"^#\d+\s*[.:]?\s*", "", text)  # numbered comments: "#5 Jonas Says:"
    text = S.SAYS_RE.sub("", text).strip()
    text = text.strip(" :：|·•-–—>»#")
    if not text or len(text) > _MAX_AUTHOR_CHARS or len(text.split()) > _MAX_AUTHOR_WORDS:
        return None
    if S.ACTION_RE.match(text) or S.COUNT_ONLY_RE.match(text):
        return None
    dates = _dates(text)
    if dates and len(text) < 60:
        rest = text
        for d in reversed(dates):
            rest = rest[: d.start] + rest[d.end :]
        rest = re.sub(r"\s+(?:at|um|à|on|am|le)\s*$", "", rest.strip(" ,:|·•-–—")).strip(" ,:|·•-–—")
        return rest or None
    return text


def _author_text(el: HtmlElement) -> str:
    # Only the element's inline text: tooltips and boxes nested in a name are not the name.
    def skip(child: HtmlElement) -> bool:
        return tag(child) in ("div", "p", "ul", "ol", "table", "img", "time") or _drop_in_item(child)

    text = inline_text(el, skip)
    if not text:
        text = el.get("data-username") or el.get("title") or ""
    return text


_RUNNING_TEXT_TAGS = frozenset({"p", "blockquote", "pre", "li", "dd", "td", "q"})


def _in_running_text(el: HtmlElement, text_el: HtmlElement | None) -> bool:
    """True when ``el`` sits in the comment's paragraphs, not in a header block that the
    text container also wraps (old WordPress themes put author and date inside
    ``.comment-body``)."""
    if text_el is None or el is text_el or not contains(text_el, el):
        return False
    node = el
    while node is not None and node is not text_el:
        if tag(node) in _RUNNING_TEXT_TAGS:
            return True
        node = node.getparent()
    # Directly inside the text container (no header block): text only when it is inline.
    return (
        tag(el.getparent()) == tag(text_el)
        and el.getparent() is text_el
        and tag(el) in ("a", "b", "strong", "em", "i", "span")
    )


def _read_author(
    scope: _Scope, system: S.CommentSystem, text_el: HtmlElement | None
) -> tuple[str | None, HtmlElement | None]:
    weak = {"cite", "strong", "b"}
    for sel in (*system.author, *S.AUTHOR_HINTS):
        for el in scope.select(sel):
            if _in_running_text(el, text_el):
                continue  # a name inside the comment's text is not its author
            if any(tag(a) == "blockquote" for a in ancestors(el, scope.roots[0])):
                continue
            if sel in weak and any(
                tag(a) in ("p", "blockquote", "li", "dd", "td") for a in ancestors(el, scope.roots[0])
            ):
                continue  # emphasis inside the text, not a name line
            name = _clean_author(_author_text(el))
            if name:
                return name, el
    return None, None


def _read_time(
    scope: _Scope, system: S.CommentSystem, text_el: HtmlElement | None
) -> tuple[str | None, str | None, HtmlElement | None]:
    for sel in (*system.time, *S.TIME_HINTS):
        for el in scope.select(sel):
            if _in_running_text(el, text_el):
                continue
            if text_el is not None and contains(el, text_el):
                continue
            for attr in S.TIME_ATTRS:
                value = el.get(attr)
                if not value:
                    continue
                if attr == "title" and not re.match(r"\s*\d{4}-\d\d-\d\d", value):
                    # A tooltip with the full date behind "2 days ago".
                    absolute = [d for d in _dates(value, relative=False) if d.date_iso()]
                    if absolute and len(value) < 80:
                        return absolute[0].iso(None), norm_space(el.text_content()) or value.strip(), el
                    continue
                iso = parse_iso_or_epoch(value.strip())
                if iso:
                    return iso, norm_space(el.text_content()) or value.strip(), el
            shown = norm_space(el.text_content())
            if not shown or len(shown) > _MAX_HEADER_CHARS:
                continue
            dates = _dates(shown)
            if dates:
                d = dates[0]
                return d.iso(None), d.text.strip(), el
            m = next((m for rx in _YEARLESS if (m := rx.search(shown))), None)
            if m or time_of_day(shown):
                # resolved later against the article's year
                return None, m.group(0).strip() if m else shown, el
    # No marked time: the first short element of the header that holds a date.
    for el in scope.select("a, span, small, time, div, p, abbr, em, i, font"):
        if text_el is not None and (contains(text_el, el) or contains(el, text_el)):
            continue
        if _drop_in_item(el) or any(_drop_in_item(a) for a in ancestors(el, scope.roots[0])):
            continue  # tooltips and vote boxes carry their own numbers and times
        shown = norm_space(el.text_content())
        if not shown or len(shown) > 60:
            continue
        dates = _dates(shown)
        if dates and (not dates[0].relative or any(ch.isdigit() for ch in dates[0].text)):
            return dates[0].iso(None), dates[0].text.strip(), el
        m = next((m for rx in _YEARLESS if (m := rx.search(shown))), None)
        if m:
            return None, m.group(0).strip(), el
    return None, None, None


def _read_text_el(scope: _Scope, system: S.CommentSystem) -> HtmlElement | None:
    for sel in (*system.text, *S.TEXT_HINTS):
        for el in scope.select(sel):
            if norm_space(el.text_content()):
                return el
    return None


def _header_of(el: HtmlElement | None, limit: HtmlElement, text_el: HtmlElement | None) -> HtmlElement | None:
    """The largest short block around ``el`` (the line "NAME says:" or "on DATE said:")."""
    if el is None:
        return None
    best = el
    best_len = len(norm_space(el.text_content()))
    for anc in ancestors(el, limit):
        if anc is limit or (text_el is not None and contains(anc, text_el)):
            break
        size = len(norm_space(anc.text_content()))
        # Climb only while the block adds little ("says:", a date): never over the text.
        if size > _MAX_HEADER_CHARS or size - best_len > _HEADER_GROWTH:
            break
        if any(not contains(best, p) for p in anc.iter("p", "blockquote", "pre", "ul", "ol")):
            break  # the block holds paragraphs of text: it is the comment, not its header
        best, best_len = anc, size
    return best


@dataclass
class _Read:
    author: str | None
    posted: str | None
    posted_text: str | None
    text: str
    quotes: list[str]
    quote_authors: list[str]
    header: str
    links: list[str]


def _read_item(
    item: Item, all_items: set[HtmlElement], system: S.CommentSystem, matcher: _Matcher, index: int
) -> _Read:
    scope = _Scope(item, all_items, matcher, index)
    text_el = _read_text_el(scope, system)
    author, author_el = _read_author(scope, system, text_el)
    posted, posted_text, time_el = _read_time(scope, system, text_el)
    limit = item.roots[0] if len(item.roots) == 1 else None
    header_els = [
        h
        for h in (_header_of(author_el, limit, text_el), _header_of(time_el, limit, text_el))
        if h is not None and h is not text_el
    ]
    if text_el is not None:
        header_els = [h for h in header_els if not contains(h, text_el)]
    quotes: list[str] = []
    quote_authors: list[str] = []
    quote_els: set[HtmlElement] = set()
    text_roots = [text_el] if text_el is not None else list(item.roots)
    own_len = sum(len(norm_space(r.text_content())) for r in text_roots)
    for r in text_roots:
        for sel in S.QUOTE_SELECTORS:
            for q in scope.select(sel):
                if q is r or not contains(r, q) or q in quote_els:
                    continue
                if any(a in quote_els for a in ancestors(q, r)):
                    continue
                qlen = len(norm_space(q.text_content()))
                if own_len - qlen < 15:  # the "quote" is the whole comment: it is its text
                    continue
                quote_els.add(q)
                qtext, qauthor = _read_quote(q)
                if qtext:
                    quotes.append(qtext)
                if qauthor:
                    quote_authors.append(qauthor)
    header_ids = set(header_els)
    extra_ids = {e for e in (author_el, time_el) if e is not None}

    def skip(el: HtmlElement) -> bool:
        if el in header_ids or el in extra_ids or el in quote_els:
            return True
        if el in scope.nested or (el in all_items and el is not item.roots[0]):
            return True
        return _drop_in_item(el) or _is_action(el)

    paras: list[str] = []
    for r in text_roots:
        if r is not text_el and (r in header_ids or r in extra_ids):
            continue
        paras.extend(paragraphs(r, skip))
    paras = _clean_paragraphs(paras, author)
    header_text = " ".join(norm_space(h.text_content()) for h in header_els)
    if author is None:
        author = _author_from_header(item, text_el, paras)
        if author and paras and norm_space(paras[0]).startswith(author):
            first = _strip_header_line(paras[0], author)
            paras = ([first] if first else []) + paras[1:]
    links = []
    for h in header_els:
        links.extend(a.get("href", "") for a in h.iter("a"))
    return _Read(author, posted, posted_text, "\n\n".join(paras), quotes, quote_authors, header_text, links)


def _strip_header_line(para: str, author: str) -> str:
    lines = para.split("\n")
    head = lines[0]
    if head.startswith(author) and len(head) <= len(author) + 80:
        rest = head[len(author) :]
        dates = _dates(rest)
        if S.SAYS_WORD_RE.search(rest) or dates or not rest.strip(" :|-–—,"):
            return "\n".join(lines[1:]).strip()
    return para


def _author_from_header(item: Item, text_el: HtmlElement | None, paras: list[str]) -> str | None:
    """Without a marked author: the first short line of the comment ("NAME says:",
    "NAME Posted: DATE", "NAME | DATE")."""
    root = item.roots[0]
    lines: list[str] = []
    for p in paragraphs(root, lambda e: _drop_in_item(e) or (text_el is not None and e is text_el)):
        lines.extend(x for x in p.split("\n") if x.strip())
        if len(lines) >= 2:
            break
    for line in lines[:1]:
        if len(line) > _MAX_HEADER_CHARS:
            continue
        if not (
            S.SAYS_WORD_RE.search(line)
            or _dates(line)
            or re.search(r"posted\s*:", line, re.I)
            or (text_el is not None and len(line.split()) <= 4)
        ):
            continue
        name = _clean_author(re.split(r"\s+[|·•]\s+", line)[0])
        if name:
            return name
    return None


def _read_quote(q: HtmlElement) -> tuple[str, str | None]:
    author = None
    cite = q.find(".//cite")
    if cite is not None:
        m = S.QUOTE_AUTHOR_RE.match(norm_space(cite.text_content()))
        author = m.group("name") if m else _clean_author(norm_space(cite.text_content()))
    paras = paragraphs(q, lambda e: e is cite or _drop_in_item(e))
    if paras:
        m = S.QUOTE_AUTHOR_RE.match(paras[0].split("\n")[0])
        if m:
            author = author or m.group("name").strip()
            first = "\n".join(paras[0].split("\n")[1:]).strip()
            paras = ([first] if first else []) + paras[1:]
    return "\n\n".join(paras).strip(), author


def _clean_paragraphs(paras: list[str], author: str | None) -> list[str]:
    out: list[str] = []
    for p in paras:
        lines = [ln for ln in p.split("\n") if not S.ACTION_RE.match(ln) and not S.EDIT_NOTE_RE.match(ln)]
        text = "\n".join(lines).strip()
        if text:
            out.append(text)
    # Header leftovers at the start: comment numbers ("#1"), a bare "Says:", "NAME says:".
    while out:
        head = out[0]
        first_line = head.split("\n")[0].strip()
        rest = first_line
        if author and rest.startswith(author):
            rest = rest[len(author) :]
        if re.fullmatch(r"#?\d{1,5}\.?", first_line) or (
            len(first_line) < 80 and S.SAYS_WORD_RE.search(rest) and not S.SAYS_RE.sub("", rest).strip()
        ):
            remaining = "\n".join(head.split("\n")[1:]).strip()
            out = ([remaining] if remaining else []) + out[1:]
            continue
        break
    # Vote counts and lone separators at either end are furniture.
    while out and (S.COUNT_ONLY_RE.match(out[-1]) or out[-1] in ("•", "|", "·")):
        out.pop()
    while out and (S.COUNT_ONLY_RE.match(out[0]) or out[0] in ("•", "|", "·")):
        out.pop(0)
    if (
        author
        and out
        and (
            S.SAYS_WORD_RE.search(out[0])
            and out[0].startswith(author[:20])
            and len(out[0]) < len(author) + 60
        )
    ):
        out.pop(0)
    return out


# --------------------------------------------------------------------------------------------
# The whole thread
# --------------------------------------------------------------------------------------------


def read_comments(root: HtmlElement, *, jsonld_comments: list[dict] | None = None) -> Thread:
    """Find the page's comment thread and read every comment in it.

    Args:
        root: the parsed page.
        jsonld_comments: schema.org ``Comment`` objects from the page's JSON-LD, used when the
            DOM holds no thread.

    Relative times ("3 hours ago") are kept as ``posted_text`` with ``posted`` null: the moment
    the page was saved is unknown, and resolving them against the article's date would be wrong.
    """
    system, regions, items = find_thread_items(root)
    if not items:
        comments = comments_from_jsonld(jsonld_comments or [])
        return Thread(comments, [], "json-ld" if comments else None, None)
    assert system is not None
    all_items = {it.el for it in items}
    matcher = _Matcher(items, regions)
    reads = [_read_item(it, all_items, system, matcher, k) for k, it in enumerate(items)]
    comments: list[Comment] = []
    dom_ids = {}
    for k, it in enumerate(items):
        for r in it.roots:
            for el in r.iter():
                if not is_element(el):
                    continue
                for attr in ("id", "name"):
                    if el.get(attr):
                        dom_ids[el.get(attr)] = k  # inner comments come later and win
    nested = any(it.parent is not None for it in items)
    kept: list[int] = []
    for k, rd in enumerate(reads):
        if not rd.text and not rd.quotes:
            continue
        kept.append(k)
    new_id = {k: f"c{n + 1}" for n, k in enumerate(kept)}
    for k in kept:
        it, rd = items[k], reads[k]
        parent = it.parent
        while parent is not None and parent not in new_id:
            parent = items[parent].parent
        evidence = "nesting" if parent is not None else None
        if parent is None:
            parent = _explicit_parent(k, rd, dom_ids, kept)
            evidence = "link" if parent is not None else None
        meta: dict[str, object] = {"system": system.name}
        if it.el.get("id"):
            meta["dom_id"] = it.el.get("id")
        comments.append(
            Comment(
                id=new_id[k],
                text=rd.text,
                author=rd.author,
                posted=rd.posted,
                reply_to=new_id.get(parent) if parent is not None else None,
                posted_text=rd.posted_text,
                reply_evidence=evidence,
                quotes=tuple(rd.quotes),
                meta=meta,
            )
        )
    comments = _dedupe(comments)
    comments = _quote_replies(comments, [reads[k] for k in kept])
    if nested:
        comments = assign_depths(comments)
    else:
        comments = infer_addressed_replies(comments)
    return Thread(comments, regions, system.name)


def _explicit_parent(k: int, rd: _Read, dom_ids: dict[str, int], kept: list[int]) -> int | None:
    """A link in the header to an earlier comment (``@Name`` pointing at ``#comment-12``)."""
    for href in rd.links:
        if "#" not in href:
            continue
        frag = href.rsplit("#", 1)[1]
        j = dom_ids.get(frag)
        if j is not None and j != k and j < k and j in kept:
            return j
    return None


def _quote_replies(comments: list[Comment], reads: list[_Read]) -> list[Comment]:
    """A comment that quotes an earlier comment (by its author's name or its text) answers it."""
    out: list[Comment] = []
    for c, rd in zip(comments, reads, strict=False):
        if c.reply_to is None and (rd.quote_authors or c.quotes):
            parent = None
            for name in rd.quote_authors:
                parent = next(
                    (p for p in reversed(out) if p.author and p.author.casefold() == name.casefold()), None
                )
                if parent:
                    break
            if parent is None:
                for q in c.quotes:
                    head = norm_space(q)[:60].casefold()
                    if len(head) >= 15:
                        parent = next(
                            (p for p in reversed(out) if head in norm_space(p.text).casefold()), None
                        )
                    if parent:
                        break
            if parent is not None:
                c = replace(c, reply_to=parent.id, reply_evidence="quote")
        out.append(c)
    return out


def _dedupe(comments: list[Comment]) -> list[Comment]:
    """Drop exact repeats (pages that show "top comments" again in the full list)."""
    seen: dict[tuple[str | None, str], str] = {}
    out: list[Comment] = []
    remap: dict[str, str] = {}
    for c in comments:
        key = (c.author, norm_space(c.text))
        if key in seen and len(key[1]) > 20:
            remap[c.id] = seen[key]
            continue
        seen[key] = c.id
        out.append(c)
    if remap:
        out = [replace(c, reply_to=remap.get(c.reply_to, c.reply_to)) if c.reply_to else c for c in out]
    return out


def comments_from_jsonld(objs: list[dict]) -> list[Comment]:
    """schema.org ``Comment`` objects (with nested ``comment`` replies) as comments."""
    out: list[Comment] = []

    def walk(obj: object, parent: str | None) -> None:
        if isinstance(obj, list):
            for o in obj:
                walk(o, parent)
            return
        if not isinstance(obj, dict):
            return
        text = obj.get("text") or obj.get("commentText") or obj.get("description") or ""
        if not isinstance(text, str) or not text.strip():
            return
        author = obj.get("author") or obj.get("creator")
        if isinstance(author, list):
            author = author[0] if author else None
        if isinstance(author, dict):
            author = author.get("name") or author.get("alternateName")
        when = obj.get("dateCreated") or obj.get("datePublished") or obj.get("commentTime")
        cid = f"c{len(out) + 1}"
        out.append(
            Comment(
                id=cid,
                text=_jsonld_text(text),
                author=norm_space(str(author)) if author else None,
                posted=parse_iso_or_epoch(when) if when else None,
                reply_to=parent,
                reply_evidence="nesting" if parent else None,
                meta={"system": "json-ld"},
            )
        )
        for key in ("comment", "comments", "hasPart"):
            if key in obj:
                walk(obj[key], cid)

    walk(objs, None)
    return assign_depths(out)


def _jsonld_text(text: str) -> str:
    if "<" in text and ">" in text:
        import lxml.html

        try:
            frag = lxml.html.fragment_fromstring(text, create_parent="div")
            return "\n\n".join(paragraphs(frag))
        except Exception:  # noqa: BLE001 - plain text with a stray "<" is fine as it is
            pass
    return "\n\n".join(p.strip() for p in re.split(r"\n\s*\n", text) if p.strip())


def _count_candidates(node: HtmlElement) -> Iterator[HtmlElement]:
    """Headings and count-named elements inside ``node`` (no text is read here: cheap)."""
    for el in node.iter():
        if not is_element(el):
            continue
        t = tag(el)
        if t in ("h1", "h2", "h3", "h4", "h5", "h6") or (
            (el.get("class") or el.get("id")) and S.COUNT_ELEMENT_RE.search(ident(el))
        ):
            yield el


def declared_count(root: HtmlElement, regions: list[HtmlElement]) -> int | None:
    """The comment count the page states next to its thread ("16 Comments", "Reacties (29)"):
    in a heading or count element inside the thread, or just before it (up to 3 levels up)."""
    for region in regions[:3]:
        places: list[HtmlElement] = [region]
        node: HtmlElement | None = region
        for _ in range(4):
            if node is None:
                break
            prev = node.getprevious()
            steps = 0
            while prev is not None and steps < 4:
                if is_element(prev):
                    places.append(prev)
                prev = prev.getprevious()
                steps += 1
            node = node.getparent()
        for place in places:
            for el in _count_candidates(place):
                n = _count_in(norm_space(el.text_content()) if len(el) < 20 else inline_text(el))
                if n is not None:
                    return n
    return None


def _count_in(text: str) -> int | None:
    if not text or len(text) > 120:
        return None
    for rx in S.COUNT_PATTERNS:
        m = rx.search(text)
        if m:
            if m.groupdict().get("one"):
                return 1
            return int(m.group("n"))
    if S.NO_COMMENTS_RE.match(text):
        return 0
    return None


def resolve_yearless(comments: list[Comment], published: str | None) -> list[Comment]:
    """Give comments whose time was printed without a year ("Oct.28 at 4:22 pm") the article's
    year, or the next one when that would put the comment before the article."""
    year = int(published[:4]) if published and published[:4].isdigit() else None
    out = []
    for c in comments:
        if c.posted is None and c.posted_text:
            iso = yearless_date(c.posted_text, year)
            if iso and published and iso[:10] < published[:10] and year is not None:
                iso = yearless_date(c.posted_text, year + 1)
            if iso:
                c = replace(c, posted=iso)
        out.append(c)
    return out
