"""Reading text out of lxml elements: paragraphs in reading order, hidden elements, class
tokens, and compiled CSS selectors. Shared by the HTML body, comment and metadata readers."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

from lxml import etree
from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement

from .selectors import BLOCK_TAGS

_WS = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)

Skip = Callable[[HtmlElement], bool]


@lru_cache(maxsize=512)
def css(selector: str) -> CSSSelector:
    """A compiled CSS selector (cached: the same selectors run on every page)."""
    return CSSSelector(selector)


def select(el: HtmlElement, selector: str) -> list[HtmlElement]:
    """Elements matching ``selector`` inside ``el`` (``el`` itself included), document order."""
    try:
        return css(selector)(el)
    except (etree.XPathError, ValueError, SyntaxError):  # an unsupported selector: no match
        return []


def is_element(node: object) -> bool:
    return isinstance(node, etree._Element) and isinstance(node.tag, str)


def tag(el: HtmlElement) -> str:
    t = el.tag
    return t.lower() if isinstance(t, str) else ""


def ident(el: HtmlElement) -> str:
    """Lower-cased id and class of an element, space-separated (for pattern matching)."""
    return f"{el.get('id') or ''} {el.get('class') or ''}".lower().strip()


def class_tokens(el: HtmlElement) -> list[str]:
    return (el.get("class") or "").lower().split()


def is_hidden(el: HtmlElement) -> bool:
    """Hidden by the ``hidden`` attribute or an inline ``display:none``/``visibility:hidden``."""
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def clean_inline(text: str) -> str:
    """Collapse runs of spaces (not newlines) and drop invisible characters."""
    text = _INVISIBLE.sub("", text)
    return _WS.sub(" ", text)


def norm_space(text: str) -> str:
    """Collapse all whitespace to single spaces."""
    return re.sub(r"\s+", " ", _INVISIBLE.sub("", text)).strip()


def inline_text(el: HtmlElement, skip: Skip | None = None) -> str:
    """The text of ``el`` on one line, without hidden or skipped descendants."""
    parts: list[str] = []

    def walk(node: HtmlElement) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if (
                is_element(child)
                and not is_hidden(child)
                and not (skip and skip(child))
                and tag(child) not in ("script", "style", "template", "noscript")
            ):
                if tag(child) == "br" or tag(child) in BLOCK_TAGS:
                    parts.append(" ")
                walk(child)
            if child.tail:
                parts.append(child.tail)

    if not is_hidden(el):
        walk(el)
    return norm_space("".join(parts))


def paragraphs(
    el: HtmlElement,
    skip: Skip | None = None,
    *,
    on_block: Callable[[HtmlElement, list[str]], None] | None = None,
) -> list[str]:
    """Text of ``el`` as paragraphs in reading order.

    Block elements (``p``, ``div``, ``li``…) and double ``<br>`` start a new paragraph; a single
    ``<br>`` is a line break inside one. Hidden elements and those for which ``skip`` is true
    are left out, but the text after them (their tail) is kept.
    """
    paras: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        text = "".join(buf)
        buf.clear()
        lines = [clean_inline(x).strip() for x in text.split("\n")]
        # Drop empty lines but keep line breaks that came from <br>.
        joined = "\n".join(x for x in lines if x)
        if joined:
            paras.append(joined)

    def walk(node: HtmlElement) -> None:
        t = tag(node)
        block = t in BLOCK_TAGS
        if block:
            flush()
        if node.text:
            buf.append(node.text.replace("\n", " "))
        prev_br = False
        for child in node:
            if is_element(child):
                ct = tag(child)
                if ct == "br":
                    if prev_br:
                        flush()
                    else:
                        buf.append("\n")
                    prev_br = True
                elif not (
                    ct in ("script", "style", "template") or is_hidden(child) or (skip and skip(child))
                ):
                    prev_br = False
                    walk(child)
                else:
                    prev_br = False
            if child.tail:
                tail = child.tail.replace("\n", " ")
                if tail.strip():
                    prev_br = False
                buf.append(tail)
        if block:
            flush()
            if on_block is not None:
                on_block(node, paras)

    if not is_hidden(el):
        walk(el)
    flush()
    return paras


def iter_pruned(el: HtmlElement, prune: Skip) -> Iterator[HtmlElement]:
    """Descendants of ``el`` (itself first) in document order, not entering pruned subtrees."""
    stack = [el]
    while stack:
        node = stack.pop()
        yield node
        children = [c for c in node if is_element(c) and not prune(c)]
        stack.extend(reversed(children))


def ancestors(el: HtmlElement, stop: HtmlElement | None = None) -> Iterator[HtmlElement]:
    """Parents of ``el`` up to (not including) ``stop``."""
    node = el.getparent()
    while node is not None and node is not stop:
        yield node
        node = node.getparent()


def contains(outer: HtmlElement, inner: HtmlElement) -> bool:
    """True when ``inner`` is ``outer`` or inside it."""
    node: HtmlElement | None = inner
    while node is not None:
        if node is outer:
            return True
        node = node.getparent()
    return False


def link_density(el: HtmlElement) -> float:
    text = len(norm_space(el.text_content()))
    if not text:
        return 0.0
    links = sum(len(norm_space(a.text_content())) for a in el.iter("a"))
    return min(1.0, links / text)


def first(items: Iterable[HtmlElement]) -> HtmlElement | None:
    for x in items:
        return x
    return None
