"""HTML pages → Page: metadata (``htmlmeta``), reader comments from the DOM (``htmlcomments``)
and the article body (``htmlbody``, or trafilatura when configured), with clear errors for
pages that cannot be read."""

from __future__ import annotations

import re
from typing import Any

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

from ..config import Settings
from ..errors import InputFormatError
from ..model import Article, Page
from .htmlbody import Body, read_body
from .htmlcomments import Thread, declared_count, read_comments, resolve_yearless
from .htmlmeta import Meta, read_meta
from .htmltext import norm_space

#: Defaults of the ``[html]`` settings section (the packaged defaults.toml repeats them).
DEFAULTS: dict[str, Any] = {
    "extractor": "auto",
    "max_markup_mb": 8.0,
    "fallback_min_chars": 50,
    "trafilatura_max_mb": 5.0,
}

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_BULK = re.compile(
    r"<script\b[^>]*>.*?</script\s*>|<style\b[^>]*>.*?</style\s*>|<svg\b[^>]*>.*?</svg\s*>|"
    r"data:[a-z]+/[a-z0-9.+\-]+;base64,[A-Za-z0-9+/=\s]{200,}",
    re.I | re.S,
)
_JSONLD = re.compile(r"<script[^>]+application/ld\+json[^>]*>.*?</script\s*>", re.I | re.S)


def _options(settings: Settings) -> dict[str, Any]:
    opts = dict(DEFAULTS)
    opts.update(settings.section("html"))
    return opts


def _shrink(text: str, source: str, limit_mb: float) -> tuple[str, list[str]]:
    """Big pages are mostly inline scripts, styles and images: drop them (keeping JSON-LD)
    before building the DOM, and refuse pages whose markup is still over the limit."""
    limit = int(limit_mb * 2**20)
    if len(text) <= limit:
        return text, []
    size = len(text) / 2**20
    text = _BULK.sub(lambda m: m.group(0) if _JSONLD.fullmatch(m.group(0)) else " ", text)
    if len(text) > limit:
        raise InputFormatError(
            source,
            f"page is {size:.0f} MB, {len(text) / 2**20:.0f} MB of it markup and text after "
            f"removing scripts and inline images: over the {limit_mb:g} MB limit of html.max_markup_mb "
            "(raise it to read the page anyway)",
        )
    return text, [f"large page ({size:.0f} MB): inline scripts, styles and images were skipped"]


def build_tree(text: str, source: str) -> HtmlElement:
    """Parse markup into an lxml tree, forgiving broken and truncated HTML."""
    text = _XML_DECL.sub("", text, count=1)
    parser = lxml.html.HTMLParser(recover=True, huge_tree=True, remove_comments=False)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise InputFormatError(source, f"not readable as HTML ({exc})") from None
    if root is None:
        raise InputFormatError(source, "not readable as HTML (no document)")
    return root


def _visible_text_len(root: HtmlElement) -> int:
    body = root.find("body")
    scope = body if body is not None else root
    n = 0
    for el in scope.iter():
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "template", "noscript"):
            continue
        if el.text and el.tag not in ("script", "style"):
            n += len(el.text.strip())
        if el.tail:
            n += len(el.tail.strip())
        if n > 200:
            break
    return n


def _truncated(text: str) -> bool:
    tail = text[-2048:].lower()
    return "</html" not in tail and "</body" not in tail


def parse_html(text: str, source: str, *, settings: Settings) -> Page:
    """Read one HTML page: article metadata, body and reader comments.

    Args:
        text: the decoded page.
        source: the path as given (used in messages).
        settings: run settings; the ``[html]`` section chooses the body extractor and limits.

    Raises:
        InputFormatError: the page is over the size limit or not HTML at all.
    """
    opts = _options(settings)
    text, warnings = _shrink(text, source, float(opts["max_markup_mb"]))
    root = build_tree(text, source)
    errors: list[str] = []
    if _truncated(text):
        warnings.append("the HTML ends early (no closing </body> or </html>): read what is there")
    if _visible_text_len(root) == 0:
        meta = read_meta(root)
        errors.append(
            f"{source}: the page has no readable text (only scripts or markup; "
            "content loaded by JavaScript is not in the file)"
        )
        return Page(
            source=source,
            article=_article(meta, Body()),
            kind="html",
            errors=tuple(errors),
            warnings=tuple(f"{source}: {w}" for w in warnings),
        )
    thread = read_comments(root)
    meta = read_meta(root, exclude=thread.regions)
    if not thread.comments and meta.jsonld_comments:
        thread = read_comments(root, jsonld_comments=meta.jsonld_comments)
    thread.comments = resolve_yearless(thread.comments, meta.published)
    declared = declared_count(root, thread.regions) if thread.regions else None
    if declared is None:
        declared = meta.comment_count
    body = _body(root, text, meta, thread, opts)
    comments = thread.comments
    if not body.text and comments and thread.system == "phpbb":
        # A forum thread has no article: its opening post is what the replies discuss.
        body = Body(comments[0].text.split("\n\n"), [], None)
        warnings.append("forum thread: the opening post is used as the article text")
    if declared is not None and declared != len(comments):
        if not comments:
            errors.append(
                f"{source}: the page says {declared} comments but none are in the HTML "
                "(they may be loaded by JavaScript)"
            )
        else:
            errors.append(f"{source}: the page says {declared} comments, {len(comments)} were found")
    return Page(
        source=source,
        article=_article(meta, body),
        comments=tuple(comments),
        declared_comment_count=declared,
        errors=tuple(errors),
        warnings=tuple(f"{source}: {w}" for w in warnings + thread.warnings),
        kind="html",
    )


def _article(meta: Meta, body: Body) -> Article:
    return Article(
        title=meta.title,
        byline=meta.byline,
        published=meta.published,
        standfirst=meta.standfirst,
        subheadings=tuple(body.subheadings),
        body=body.text,
        url=meta.url,
        section=meta.section,
        language=meta.language,
    )


def _body(root: HtmlElement, text: str, meta: Meta, thread: Thread, opts: dict[str, Any]) -> Body:
    extractor = str(opts["extractor"])
    small = len(text) <= float(opts["trafilatura_max_mb"]) * 2**20
    if extractor == "trafilatura" and small:
        got = _trafilatura_body(root, thread)
        if got is not None:
            return got
    keep = [e for e in (meta.title_el,) if e is not None]
    body = read_body(
        root,
        title=meta.title,
        byline=meta.byline,
        standfirst=meta.standfirst,
        remove=thread.regions,
        keep=keep,
    )
    if extractor == "auto" and small and len(body.text) < int(opts["fallback_min_chars"]):
        got = _trafilatura_body(root, thread)
        if got is not None and len(got.text) > len(body.text):
            return got
    return body


def _trafilatura_body(root: HtmlElement, thread: Thread) -> Body | None:
    """trafilatura's body (comments off) on the page without its comment thread."""
    try:
        import trafilatura
    except ImportError:  # optional: the own extractor is the default
        return None
    for region in thread.regions:
        parent = region.getparent()
        if parent is not None:
            parent.remove(region)
    markup = lxml.html.tostring(root, encoding="unicode")
    doc = trafilatura.bare_extraction(
        markup, include_comments=False, with_metadata=False, include_tables=True
    )
    if doc is None or not getattr(doc, "text", None):
        return None
    paras = [norm_space(p) for p in re.split(r"\n+", doc.text) if p.strip()]
    return Body(paras, [], None)
