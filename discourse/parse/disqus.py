"""Disqus XML exports (``<disqus>`` with ``<thread>`` and ``<post>`` elements) → one Page per
thread that has posts, read with ``iterparse`` so that large exports stream."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from lxml import etree

from ..errors import InputFormatError
from ..model import Article, Comment, Page
from .dates import parse_iso_or_epoch
from .htmltext import norm_space
from .replies import assign_depths

_DSQ_ID = "{http://disqus.com/disqus-internals}id"


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(el: etree._Element, name: str) -> etree._Element | None:
    for c in el:
        if _local(c.tag) == name:
            return c
    return None


def _text(el: etree._Element | None) -> str | None:
    if el is None:
        return None
    t = norm_space("".join(el.itertext()))
    return t or None


def _message(el: etree._Element | None) -> str:
    """A post's message is HTML inside CDATA: read it as paragraphs."""
    raw = (el.text or "") if el is not None else ""
    if "<" not in raw:
        return raw.strip()
    import lxml.html

    from .htmltext import paragraphs

    try:
        frag = lxml.html.fragment_fromstring(raw, create_parent="div")
    except Exception:  # noqa: BLE001 - a message that is not markup is kept as it is
        return raw.strip()
    return "\n\n".join(paragraphs(frag))


def read_disqus(path: Path, source: str) -> Iterator[Page]:
    """Read a Disqus export. Deleted and spam posts are counted in ``rejected`` with their reason.

    Raises:
        InputFormatError: the file is not well-formed XML.
    """
    threads: dict[str, dict[str, str | None]] = {}
    posts: dict[str, list[Comment]] = {}
    rejected: list[str] = []
    n = 0
    try:
        for _, el in etree.iterparse(str(path), events=("end",), recover=False, huge_tree=True):
            name = _local(el.tag)
            if name == "thread" and el.get(_DSQ_ID) and len(el):
                threads[el.get(_DSQ_ID, "")] = {
                    "title": _text(_child(el, "title")),
                    "link": _text(_child(el, "link")),
                    "id": _text(_child(el, "id")),
                    "created": _text(_child(el, "createdAt")),
                    "body": _text(_child(el, "message")),
                }
                el.clear()
            elif name == "post":
                n += 1
                pid = el.get(_DSQ_ID) or f"p{n}"
                thread = _child(el, "thread")
                tid = thread.get(_DSQ_ID) if thread is not None else None
                if (_text(_child(el, "isDeleted")) or "").lower() == "true":
                    rejected.append(f"{source}: post {pid}: deleted")
                elif (_text(_child(el, "isSpam")) or "").lower() == "true":
                    rejected.append(f"{source}: post {pid}: marked as spam")
                elif tid is None:
                    rejected.append(f"{source}: post {pid}: no thread")
                else:
                    author = _child(el, "author")
                    name_el = _child(author, "name") if author is not None else None
                    user_el = _child(author, "username") if author is not None else None
                    parent = _child(el, "parent")
                    created = _text(_child(el, "createdAt"))
                    posts.setdefault(tid, []).append(
                        Comment(
                            id=pid,
                            text=_message(_child(el, "message")),
                            author=_text(name_el) or _text(user_el),
                            posted=parse_iso_or_epoch(created) if created else None,
                            reply_to=parent.get(_DSQ_ID) if parent is not None else None,
                            reply_evidence="column" if parent is not None else None,
                            meta={"system": "disqus-export"},
                        )
                    )
                el.clear()
    except etree.XMLSyntaxError as exc:
        raise InputFormatError(source, f"not a well-formed Disqus export ({exc})") from None
    first = True
    for tid, comments in posts.items():
        info = threads.get(tid, {})
        ids = {c.id for c in comments}
        comments = assign_depths(
            [
                c
                if c.reply_to in ids or c.reply_to is None
                else replace(c, reply_to=None, reply_evidence=None)
                for c in comments
            ]
        )
        page = Page(
            source=f"{source}#{tid}",
            article=Article(
                title=info.get("title"),
                url=info.get("link"),
                body=info.get("body") or "",
                published=(info.get("created") or "")[:10] or None,
            ),
            comments=tuple(comments),
            kind="disqus",
            article_id=info.get("id") or tid,
        )
        if first:
            empty = sum(1 for t in threads if t not in posts)
            notes = (
                f"{source}: {n} post(s) in {len(posts)} thread(s), {len(rejected)} rejected; "
                f"{empty} thread(s) without posts skipped",
            )
            page = replace(page, rejected=tuple(rejected), warnings=notes)
            first = False
        yield page
    if first:
        yield Page(
            source=source,
            kind="disqus",
            rejected=tuple(rejected),
            errors=(f"{source}: the Disqus export holds no post",),
        )
