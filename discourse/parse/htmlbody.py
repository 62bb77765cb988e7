"""The article body of an HTML page: choose the container that holds the text (known body
selectors, then a score of paragraph text against link text), read its paragraphs in order
without furniture, and trim metadata lines at its start and furniture at its end."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from . import selectors as S
from .dates import find_dates
from .htmltext import (
    class_tokens,
    contains,
    ident,
    inline_text,
    is_element,
    is_hidden,
    link_density,
    norm_space,
    paragraphs,
    select,
    tag,
)

_SENTENCE_END = re.compile(r"[.!?…:;\"”»)\]。！？]\s*$")
_POSITIVE = re.compile(r"article|body|content|entry|main|page|post|text|blog|story|hentry|prose")
_NEGATIVE = re.compile(
    r"comment|meta|footer|footnote|sidebar|sponsor|share|social|related|widget|promo|nav|menu|"
    r"teaser|combx|contact|masthead|media|outbrain|pager|popup|tweet|ad-|advert|banner|cookie"
)
_SELECTOR_BONUS = 25.0


@dataclass
class Body:
    """The article text as read from the page."""

    paragraphs: list[str] = field(default_factory=list)
    subheadings: list[str] = field(default_factory=list)
    container: HtmlElement | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def _is_furniture(el: HtmlElement) -> bool:
    for tok in class_tokens(el) + [(el.get("id") or "").lower()]:
        if tok and S.FURNITURE_RE.match(tok):
            return True
    role = (el.get("role") or "").lower()
    return role in ("navigation", "complementary", "banner", "contentinfo", "dialog", "search")


def prune(root: HtmlElement, keep: list[HtmlElement], remove: list[HtmlElement]) -> None:
    """Remove what is never article text: the comment thread, scripts, navigation, forms,
    hidden elements and furniture (share bars, related links, tags, bylines, captions…).

    Elements holding one of ``keep`` (the headline, a known body container) or much of the
    page's text are never removed as furniture, so that a wrapper named "has-sidebar" cannot
    take the article with it.
    """
    # The comment thread goes first, so that the walk below does not visit every comment.
    for el in remove:
        _drop(el)
    total = max(1, len(norm_space(root.text_content())))
    doomed: list[HtmlElement] = []
    for el in root.iter():
        if not is_element(el):
            if el.getparent() is not None:
                doomed.append(el)  # HTML comments and processing instructions
            continue
        t = tag(el)
        if t in S.BODY_DROP_TAGS or (t == "header" and not any(contains(el, k) for k in keep)):
            doomed.append(el)
        elif t in ("html", "body"):
            continue
        elif is_hidden(el) or (el.get("aria-hidden") == "true" and not el.xpath(".//p")):
            doomed.append(el)
        elif _is_furniture(el):
            if any(contains(el, k) for k in keep):
                continue
            if len(norm_space(el.text_content())) > 0.4 * total and el.xpath(".//p"):
                continue
            doomed.append(el)
    for el in doomed:
        _drop(el)


def _drop(el: HtmlElement) -> None:
    """Remove an element but keep the text that follows it (its tail)."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail and tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _weight(el: HtmlElement) -> float:
    s = ident(el)
    w = 0.0
    if s:
        if _POSITIVE.search(s):
            w += 25
        if _NEGATIVE.search(s):
            w -= 25
    if (el.get("itemprop") or "") == "articleBody":
        w += 50
    if tag(el) in ("article", "main"):
        w += 10
    return w


def _direct_text(el: HtmlElement) -> str:
    parts = [el.text or ""]
    for child in el:
        if is_element(child) and tag(child) in (
            "a",
            "span",
            "b",
            "strong",
            "em",
            "i",
            "u",
            "br",
            "font",
            "small",
            "sup",
            "sub",
            "abbr",
            "cite",
            "q",
            "code",
            "mark",
        ):
            parts.append(child.text_content() or "")
        parts.append(child.tail or "")
    return norm_space("".join(parts))


def choose_container(root: HtmlElement) -> HtmlElement | None:
    """The element holding the article text (see :func:`score_containers`)."""
    best, _ = score_containers(root)
    return best


def score_containers(root: HtmlElement) -> tuple[HtmlElement | None, dict[HtmlElement, float]]:
    """The element holding the article text: paragraphs score their parents and grandparents
    by length and commas; link-heavy and furniture-named elements lose; known body
    containers gain."""
    # Keyed by the elements themselves, never by their ids: lxml frees element proxies it no
    # longer needs, and a freed proxy's id can come back as another element's (wrong scores,
    # seen as results that changed with the order tests ran in). A key keeps its proxy alive.
    scores: dict[HtmlElement, float] = {}

    def add(el: HtmlElement | None, value: float) -> None:
        if el is None or not is_element(el):
            return
        scores[el] = scores.get(el, 0.0) + value

    for el in root.iter("p", "pre", "td", "blockquote", "div", "section", "article", "li", "dd", "font"):
        if not is_element(el):
            continue
        t = tag(el)
        text = inline_text(el) if t in ("p", "pre", "td", "blockquote") else _direct_text(el)
        if len(text) < 25:
            continue
        if t in ("td", "li", "dd") and len(text) < 80:
            continue
        value = 1 + text.count(",") + text.count("،") + min(len(text) / 100, 3)
        if t in ("div", "section", "article", "font", "li", "dd"):
            add(el, value)  # text written straight into a div with <br>s (old blogs)
        parent = el.getparent()
        add(parent, value)
        if parent is not None:
            add(parent.getparent(), value / 2)
            gp = parent.getparent()
            if gp is not None:
                add(gp.getparent(), value / 4)
    best: HtmlElement | None = None
    best_score = 0.0
    final: dict[HtmlElement, float] = {}
    hinted = {e for sel in S.BODY_SELECTORS[:-3] for e in select(root, sel)}
    for el, raw in scores.items():
        if tag(el) in ("html", "body"):
            continue
        s = (raw + _weight(el)) * (1 - link_density(el))
        if el in hinted:
            s += _SELECTOR_BONUS
        final[el] = s
        if s > best_score:
            best, best_score = el, s
    return best, final


def _siblings(best: HtmlElement, scores: dict[HtmlElement, float]) -> list[HtmlElement]:
    """The container and its siblings that also hold article paragraphs (text split in parts:
    an intro block and a "more" block)."""
    parent = best.getparent()
    if parent is None:
        return [best]
    threshold = max(10.0, 0.2 * scores.get(best, 0.0))
    neighbours = {e for e in (best.getprevious(), best.getnext()) if e is not None}
    out: list[HtmlElement] = []
    for sib in parent:
        if not is_element(sib):
            continue
        if sib is best:
            out.append(sib)
            continue
        if scores.get(sib, 0.0) >= threshold and link_density(sib) < 0.3:
            out.append(sib)
            continue
        if sib in neighbours and tag(sib) in ("div", "section") and _prose(sib):
            out.append(sib)  # an intro block right before the "more" block, or after it
            continue
        if tag(sib) in ("p",):
            text = inline_text(sib)
            if len(text) > 80 and link_density(sib) < 0.25 and _SENTENCE_END.search(text):
                out.append(sib)
    return out


def _prose(el: HtmlElement) -> bool:
    """Paragraphs of sentences with few links: article text, not a teaser list."""
    paras = [p for p in (inline_text(x) for x in el.iter("p")) if len(p) >= 80 and _SENTENCE_END.search(p)]
    return sum(len(p) for p in paras) >= 150 and link_density(el) < 0.25


def _is_meta_line(line: str, meta_texts: set[str]) -> bool:
    key = norm_space(line).casefold()
    if key in meta_texts:
        return True
    words = line.split()
    if len(words) <= 12 and S.LEADING_FURNITURE_RE.match(line):
        return True
    dates = find_dates(line)
    if dates and len(words) <= 12:
        covered = sum(d.end - d.start for d in dates)
        if covered >= 0.4 * len(line.strip()) or len(words) <= 6:
            return True
    return False


def _trim(paras: list[str], meta_texts: set[str]) -> list[str]:
    # Leading metadata: headline repeats, bylines, dates, credits, short label lines.
    start = 0
    while start < len(paras) and start < 8:
        p = paras[start]
        words = p.split()
        if _is_meta_line(p, meta_texts) or (
            len(words) <= 3 and not _SENTENCE_END.search(p) and start + 1 < len(paras)
        ):
            start += 1
            continue
        break
    paras = paras[start:]
    # Trailing furniture: the first furniture line in the last part cuts the rest.
    total = sum(len(p) for p in paras)
    seen = 0
    for i, p in enumerate(paras):
        if i > 0 and seen >= 0.5 * total and (S.TRAILING_FURNITURE_RE.match(p) or S.SEPARATOR_RE.match(p)):
            return paras[:i]
        seen += len(p)
    while paras and (_is_meta_line(paras[-1], meta_texts) and len(paras) > 1):
        paras = paras[:-1]
    return paras


def read_body(
    root: HtmlElement,
    *,
    title: str | None,
    byline: str | None,
    standfirst: str | None,
    remove: list[HtmlElement],
    keep: list[HtmlElement],
) -> Body:
    """Read the article body. ``root`` is pruned in place (call this after comments and
    metadata are read).

    Args:
        title, byline, standfirst: texts that must not open the body again.
        remove: elements that are not the article (the comment thread).
        keep: elements to protect from pruning (the headline element).
    """
    hinted = [e for sel in S.BODY_SELECTORS[:-4] for e in select(root, sel)]
    prune(root, keep + hinted, remove)
    container, scores = score_containers(root)
    if container is None:
        return Body()
    parts = _siblings(container, scores)
    heading_texts: set[str] = set()
    for part in parts:
        for h in part.iter("h2", "h3", "h4", "h5", "h6"):
            t = inline_text(h)
            if t:
                heading_texts.add(t)

    def skip(el: HtmlElement) -> bool:
        if tag(el) == "h1":
            return True
        if tag(el) in ("ul", "ol", "div", "section") and len(el) >= 3 and link_density(el) > 0.6:
            return True  # link lists inside the text (related stories, tag clouds)
        return False

    paras: list[str] = []
    for part in parts:
        paras.extend(paragraphs(part, skip))
    meta_texts = {norm_space(x).casefold() for x in (title, byline, standfirst) if x}
    paras = [p for p in paras if norm_space(p).casefold() not in ("advertisement", "anzeige", "publicité")]
    paras = _trim(paras, meta_texts)
    subheadings = [p for p in paras if p in heading_texts and len(p) < 200]
    return Body(paras, subheadings, container)
