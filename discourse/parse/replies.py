"""Reply links that a page does not mark up: comments addressed to an earlier commenter by name
("Totally agree, Gary.", "@gary_h you're wrong", "Maxine: good point"), and depths from links.

Used by every page parser after explicit structure (nesting, "Reply to X", quotes) is read.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import Comment

# How far into a comment an address may stand: greetings and vocatives come early.
ADDRESS_WINDOW = 160

_AT_RE = re.compile(r"(?<![\w@])@([^\W\d_][\w.\-]{0,40})", re.UNICODE)
_WORD_RE = re.compile(r"[^\W\d_][\w'’\-]*", re.UNICODE)

# Words that look like names at a comment's start but are not addresses.
_NOT_NAMES = frozenset(
    "i you he she it we they this that the a an and but so yes no ok okay well oh wow man dude "
    "guys folks everyone all sir madam thanks thank sorry please hey hi hello indeed actually "
    "really totally agree agreed exactly true great good nice lol haha".split()
)


def _name_keys(author: str) -> set[str]:
    """Ways a reader may address this author: full name, first name, handle without spaces."""
    clean = author.strip().lstrip("@").strip()
    if not clean:
        return set()
    keys = {clean.casefold()}
    words = _WORD_RE.findall(clean)
    if words:
        first = words[0].casefold()
        if len(first) >= 2 and first not in _NOT_NAMES:
            keys.add(first)
    keys.add(re.sub(r"\s+", "", clean).casefold())
    return keys


def _addressed_name(text: str) -> list[tuple[str, str]]:
    """Candidate addressees in the opening of ``text`` as (key, how) pairs, strongest first."""
    head = text[:ADDRESS_WINDOW]
    out: list[tuple[str, str]] = []
    for m in _AT_RE.finditer(head):
        out.append((m.group(1).rstrip(".-").casefold(), "@mention"))
    # "Gary," / "Gary:" / "Gary -" at the very start
    m = re.match(r"\s*(?:(?:hi|hey|hello|dear|@)\s+)?([^\W\d_][\w'’\-]*(?:\s[^\W\d_][\w'’\-]*)?)\s*[,:!–—-]", head)
    if m:
        out.append((m.group(1).casefold(), "vocative"))
        out.append((m.group(1).split()[0].casefold(), "vocative"))
    # ", Gary." / ", Gary!" / ", Gary," inside the first sentences
    for m in re.finditer(r",\s+([^\W\d_][\w'’\-]*(?:\s[^\W\d_][\w'’\-]*)?)\s*[.!?,;:]", head):
        name = m.group(1)
        if name[0].isupper():
            out.append((name.casefold(), "vocative"))
            out.append((name.split()[0].casefold(), "vocative"))
    return out


def infer_addressed_replies(comments: list[Comment]) -> list[Comment]:
    """Link comments that address an earlier commenter by name to that commenter's latest
    earlier comment. Comments that already have ``reply_to`` are left alone.

    A name only counts when it matches an earlier author's full name, first name or handle, and
    never the comment's own author.
    """
    out: list[Comment] = []
    latest_by_key: dict[str, Comment] = {}
    for c in comments:
        if c.reply_to is None and c.text:
            own = _name_keys(c.author or "")
            for key, how in _addressed_name(c.text):
                if key in _NOT_NAMES or key in own:
                    continue
                parent = latest_by_key.get(key)
                if parent is not None and parent.id != c.id:
                    c = replace(c, reply_to=parent.id, reply_evidence=f"addressed ({how})")
                    break
        out.append(c)
        for key in _name_keys(c.author or ""):
            latest_by_key[key] = c
    return assign_depths(out)


def assign_depths(comments: list[Comment]) -> list[Comment]:
    """Set each comment's depth from its ``reply_to`` chain. Links to unknown ids and cycles
    are cut (the comment becomes top level) so that every depth is finite."""
    by_id = {c.id: c for c in comments}
    depth: dict[str, int] = {}
    out = []
    for c in comments:
        parent = c.reply_to
        if parent is not None and (parent not in by_id or parent == c.id):
            c = replace(c, reply_to=None, reply_evidence=None)
            parent = None
        d = 0
        seen = {c.id}
        while parent is not None and parent not in seen:
            seen.add(parent)
            if parent in depth:
                d += depth[parent] + 1
                break
            d += 1
            parent = by_id[parent].reply_to if parent in by_id else None
        else:
            if parent is not None:  # a cycle: cut this link
                c = replace(c, reply_to=None, reply_evidence=None)
                d = 0
        depth[c.id] = d
        out.append(replace(c, depth=d) if c.depth != d else c)
    return out
