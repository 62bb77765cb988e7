"""Article metadata of an HTML page: title, byline, date, standfirst, URL, language and section,
from JSON-LD (``NewsArticle``, ``Article``, ``BlogPosting``…), OpenGraph and ``<meta>`` tags,
microdata, and the headings the page displays."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from lxml.html import HtmlElement

from . import selectors as S
from .dates import find_dates, parse_iso_or_epoch
from .htmltext import ancestors, contains, inline_text, norm_space, select, tag

_URL_RE = re.compile(r"^(?:https?:)?//|^www\.", re.I)
_BY_RE = re.compile(r"^\s*(?:by|von|par|door|por|di|od|autor|author|auteur)\s*:?\s+", re.I)


@dataclass
class Meta:
    """Everything the page says about its article, before the body is read."""

    title: str | None = None
    byline: str | None = None
    published: str | None = None
    standfirst: str | None = None
    url: str | None = None
    language: str | None = None
    section: str | None = None
    description: str | None = None
    comment_count: int | None = None
    jsonld_comments: list[dict[str, Any]] = field(default_factory=list)
    title_el: HtmlElement | None = None
    standfirst_el: HtmlElement | None = None
    is_forum: bool = False


def jsonld_objects(root: HtmlElement) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, ``@graph`` and lists flattened; broken blocks skipped."""
    out: list[dict[str, Any]] = []

    def add(obj: object) -> None:
        if isinstance(obj, list):
            for o in obj:
                add(o)
        elif isinstance(obj, dict):
            out.append(obj)
            if "@graph" in obj:
                add(obj["@graph"])

    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            add(json.loads(raw))
        except ValueError:
            # Pages often end a block with a stray comma or wrap it in CDATA/comments.
            cleaned = re.sub(r"^\s*(?://\s*)?<!\[CDATA\[|\]\]>\s*$|,\s*(?=[}\]])", "", raw)
            try:
                add(json.loads(cleaned))
            except ValueError:
                continue
    return out


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    items = t if isinstance(t, list) else [t]
    return {str(x).lower() for x in items if x}


def _names(value: object) -> list[str]:
    if isinstance(value, str):
        return [] if _URL_RE.match(value) else [value]
    if isinstance(value, dict):
        name = value.get("name") or value.get("alternateName")
        return _names(name) if name else []
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def _article_object(objs: list[dict[str, Any]]) -> dict[str, Any] | None:
    best: tuple[int, dict[str, Any]] | None = None
    for obj in objs:
        types = _types(obj)
        if not types & S.ARTICLE_TYPES:
            continue
        rank = (
            0
            if types
            & {
                "newsarticle",
                "article",
                "blogposting",
                "reportagenewsarticle",
                "opinionnewsarticle",
                "analysisnewsarticle",
                "techarticle",
            }
            else (1 if types & {"discussionforumposting", "socialmediaposting", "posting"} else 2)
        )
        if "liveblogposting" in types:
            rank = 1
        if not obj.get("headline") and not obj.get("name"):
            rank += 3
        if best is None or rank < best[0]:
            best = (rank, obj)
    return best[1] if best else None


def _meta(root: HtmlElement) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in root.iter("meta"):
        key = (
            (m.get("property") or m.get("name") or m.get("itemprop") or m.get("http-equiv") or "")
            .strip()
            .lower()
        )
        value = m.get("content")
        if key and value and value.strip() and key not in out:
            out[key] = value.strip()
    return out


def _comparable(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


def _title_candidates(root: HtmlElement) -> list[HtmlElement]:
    els: list[HtmlElement] = []
    for sel in (
        "h1",
        "[itemprop=headline]",
        ".entry-title",
        ".post-title",
        ".article-title",
        ".headline",
        ".story-title",
        ".title",
        "h2",
        "h3",
    ):
        for el in select(root, sel):
            if el in els or tag(el) in ("html", "head", "title", "meta", "body"):
                continue
            if any(tag(a) in ("nav", "footer", "aside") for a in ancestors(el)):
                continue
            els.append(el)
    return els


def _pick_title(
    root: HtmlElement, hints: list[str], site: str | None
) -> tuple[str | None, HtmlElement | None]:
    """The displayed headline that agrees with the page's own title hints; else the best hint."""
    hint_keys = [_comparable(h) for h in hints if h]
    site_key = _comparable(site) if site else None
    candidates = [(el, inline_text(el)) for el in _title_candidates(root)]
    candidates = [
        (el, t)
        for el, t in candidates
        if 3 <= len(_comparable(t)) and len(t) <= 300 and _comparable(t) != site_key
    ]
    # Hint by hint, strongest first: the displayed heading that says the same thing.
    for hk in hint_keys:
        if not hk or hk == site_key:
            continue
        for el, text in candidates:
            key = _comparable(text)
            # The page's h1 may add a kicker to the headline ("Software-update: X"): looser.
            ratio = 0.4 if tag(el) == "h1" else 0.7
            if (
                key == hk
                or (len(key) >= 12 and key in hk and len(key) >= 0.5 * len(hk))
                or (len(hk) >= 12 and hk in key and len(hk) >= ratio * len(key))
            ):
                return text, el
    # No agreement: the article's own headline element, if the page marks one.
    for sel in (
        "[itemprop=headline]",
        "article h1",
        "main h1",
        "h1.entry-title",
        "h1.post-title",
        "h1.article-title",
        "h1.headline",
        ".entry-title",
        ".post-title",
        ".article-title",
    ):
        for el in select(root, sel):
            text = inline_text(el)
            if 10 <= len(text) <= 300 and tag(el) != "meta" and _comparable(text) != site_key:
                return text, el
    h1s = [el for el in select(root, "h1") if len(inline_text(el)) >= 10]
    if len(h1s) == 1 and _comparable(inline_text(h1s[0])) != site_key:
        return inline_text(h1s[0]), h1s[0]
    for h in hints:
        if h and _comparable(h) != site_key:
            return _strip_site(h, site), None
    return None, None


def _strip_site(title: str, site: str | None) -> str:
    """ "Headline | Site" → "Headline" (the longest part when the site name is unknown)."""
    title = norm_space(title)
    for sep in S.TITLE_SEPARATORS:
        if sep in title:
            parts = [p.strip() for p in title.split(sep) if p.strip()]
            if site:
                rest = [p for p in parts if _comparable(p) != _comparable(site)]
                if rest and len(rest) < len(parts):
                    return sep.join(rest)
            if len(parts) >= 2:
                return max(parts, key=len)
    return title


def _published(
    root: HtmlElement, art: dict[str, Any] | None, meta: dict[str, str], title_el: HtmlElement | None
) -> str | None:
    if art:
        for key in ("datePublished", "dateCreated", "uploadDate", "dateModified"):
            iso = parse_iso_or_epoch(art.get(key)) if isinstance(art.get(key), (str, int, float)) else None
            if iso:
                return iso[:10]
    for key in S.DATE_META:
        value = meta.get(key.lower())
        if value:
            iso = parse_iso_or_epoch(value)
            if iso and re.match(r"\d{4}-\d\d-\d\d", iso):
                return iso[:10]
    for sel in ("[itemprop=datePublished]", "time[pubdate]", "time.published", "time.entry-date"):
        for el in select(root, sel):
            value = el.get("datetime") or el.get("content") or norm_space(el.text_content())
            iso = parse_iso_or_epoch(value) if value else None
            if iso and re.match(r"\d{4}-\d\d-\d\d", iso):
                return iso[:10]
    # A date printed near the headline: the first date in the blocks around it.
    scope = title_el
    for _ in range(3):
        if scope is None or scope.getparent() is None:
            break
        scope = scope.getparent()
    places: list[HtmlElement] = []
    if scope is not None:
        places.append(scope)
    for sel in (".date-header", ".entry-date", ".post-date", ".published", ".date", "time"):
        places.extend(select(root, sel)[:2])
    for el in places:
        for t in el.itertext():
            for d in find_dates(norm_space(t), relative=False):
                if d.date_iso():
                    return d.date_iso()
    return None


def _byline(
    root: HtmlElement, art: dict[str, Any] | None, meta: dict[str, str], exclude: list[HtmlElement]
) -> str | None:
    if art:
        names = _names(art.get("author")) or _names(art.get("creator"))
        if names:
            return ", ".join(dict.fromkeys(norm_space(n) for n in names))
    for key in ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author"):
        value = meta.get(key)
        if value and not _URL_RE.match(value) and len(value) < 100:
            return _BY_RE.sub("", norm_space(value))
    for sel in S.BYLINE_SELECTORS:
        for el in select(root, sel):
            if any(contains(x, el) for x in exclude):
                continue
            text = _BY_RE.sub("", inline_text(el)).strip(" ,|·•")
            if text and len(text) < 80 and len(text.split()) <= 8 and not find_dates(text):
                return text
    return None


def _standfirst(
    root: HtmlElement, art: dict[str, Any] | None, title_el: HtmlElement | None, exclude: list[HtmlElement]
) -> tuple[str | None, HtmlElement | None]:
    for sel in S.STANDFIRST_SELECTORS:
        for el in select(root, sel):
            if tag(el) == "meta" or any(contains(x, el) for x in exclude):
                continue
            if any(tag(a) in ("nav", "footer", "aside", "li") for a in ancestors(el)):
                continue
            text = inline_text(el)
            if 40 <= len(text) <= 600 and (title_el is None or not contains(el, title_el)):
                return text, el
    return None, None


def read_meta(root: HtmlElement, exclude: list[HtmlElement] | None = None) -> Meta:
    """Read the article's metadata.

    Args:
        root: the parsed page.
        exclude: elements whose content is not the article's (the comment thread), so that a
            commenter's name is never taken for the byline.
    """
    exclude = exclude or []
    objs = jsonld_objects(root)
    art = _article_object(objs)
    meta = _meta(root)
    site = meta.get("og:site_name") or (
        art.get("publisher", {}).get("name") if art and isinstance(art.get("publisher"), dict) else None
    )
    doc_title = root.findtext(".//title")
    hints = [
        str(art.get("headline") or art.get("name") or "") if art else "",
        meta.get("og:title", ""),
        meta.get("twitter:title", ""),
        meta.get("headline", ""),
        norm_space(doc_title or ""),
    ]
    # Each part of "<title>" can be the headline ("Blog: Headline", "Headline | Site").
    if doc_title:
        for sep in S.TITLE_SEPARATORS:
            if sep in doc_title:
                hints.extend(p.strip() for p in doc_title.split(sep) if len(p.strip()) > 8)
    title, title_el = _pick_title(root, hints, site)
    if title:
        title = _strip_site(title, site) if title_el is None else title
    comment_count = None
    jsonld_comments: list[dict[str, Any]] = []
    if art:
        cc = art.get("commentCount")
        if isinstance(cc, (int, str)) and str(cc).strip().isdigit():
            comment_count = int(cc)
        c = art.get("comment") or art.get("comments")
        if isinstance(c, list):
            jsonld_comments = [x for x in c if isinstance(x, dict)]
        elif isinstance(c, dict):
            jsonld_comments = [c]
    if not jsonld_comments:
        jsonld_comments = [o for o in objs if "comment" in _types(o) and "commentlist" not in _types(o)]
    lang = (
        root.get("lang")
        or meta.get("content-language")
        or meta.get("og:locale")
        or (art.get("inLanguage") if art and isinstance(art.get("inLanguage"), str) else None)
    )
    canonical = next(
        (
            ln.get("href")
            for ln in root.iter("link")
            if "canonical" in (ln.get("rel") or "").lower().split() and ln.get("href")
        ),
        None,
    )
    url = (
        canonical
        or meta.get("og:url")
        or (art.get("url") if art and isinstance(art.get("url"), str) else None)
    )
    section = meta.get("article:section") or (
        art.get("articleSection") if art and isinstance(art.get("articleSection"), str) else None
    )
    standfirst, standfirst_el = _standfirst(root, art, title_el, exclude)
    description = (
        meta.get("og:description")
        or meta.get("description")
        or (art.get("description") if art and isinstance(art.get("description"), str) else None)
    )
    return Meta(
        title=title or None,
        byline=_byline(root, art, meta, exclude),
        published=_published(root, art, meta, title_el),
        standfirst=standfirst,
        url=url,
        language=(lang or "").split("-")[0].split("_")[0].lower() or None,
        section=section,
        description=description,
        comment_count=comment_count,
        jsonld_comments=jsonld_comments,
        title_el=title_el,
        standfirst_el=standfirst_el,
        is_forum=bool(art and _types(art) & {"discussionforumposting"}),
    )
