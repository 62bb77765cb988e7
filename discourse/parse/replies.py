"""Reply links that a page does not mark up: comments addressed to an earlier commenter by name
("Totally agree, Gary.", "@gary_h you're wrong", "Maxine: good point"), and depths from links.

Used by every page parser after explicit structure (nesting, "Reply to X", quotes) is read.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from ..model import Comment

# How far into a comment an address may stand: greetings and vocatives come early.
ADDRESS_WINDOW = 160

_AT_RE = re.compile(r"(?<![\w@])@([^\W\d_][\w.\-]{0,40})", re.UNICODE)
_WORD_RE = re.compile(r"[^\W\d_][\w'’\-]*", re.UNICODE)
# Greetings and thanks that may stand before a name at a comment's start (EN, DE, FR, NL, ES,
# IT, PT, PL): "Thanks Anna,", "Hallo Jens,", "Avec plaisir Julien,".
_GREETINGS = (
    "hi|hey|hello|dear|thanks|thank you|cheers|well said|good point|hallo|hi|lieber|liebe|danke|"
    "merci|bonjour|salut|cher|chère|avec plaisir|hola|gracias|querido|querida|ciao|grazie|caro|cara|"
    "beste|bedankt|dank je|olá|obrigado|obrigada|cześć|dzięki|@"
)
_VOCATIVE_START_RE = re.compile(
    r"\s*(?:(?:" + _GREETINGS + r")\s+)?([^\W\d_][\w'’\-]*(?:\s[^\W\d_][\w'’\-]*)?)\s*[,:!–—-]",
    re.IGNORECASE,
)
_VOCATIVE_INSIDE_RE = re.compile(r",\s+([^\W\d_][\w'’\-]*(?:\s[^\W\d_][\w'’\-]*)?)\s*[.!?,;:]")

# Words that look like names at a comment's start but are not addresses.
_NOT_NAMES = frozenset(
    "i you he she it we they this that the a an and but so yes no ok okay well oh wow man dude "
    "guys folks everyone all sir madam thanks thank sorry please hey hi hello indeed actually "
    "really totally agree agreed exactly true great good nice lol haha".split()
)


@functools.lru_cache(maxsize=8192)
def _name_keys(author: str) -> frozenset[str]:
    """Ways a reader may address this author: full name, first name, handle without spaces."""
    clean = author.strip().lstrip("@").strip()
    if not clean:
        return frozenset()
    keys = {clean.casefold()}
    words = _WORD_RE.findall(clean)
    if words:
        first = words[0].casefold()
        if len(first) >= 2 and first not in _NOT_NAMES:
            keys.add(first)
    keys.add("".join(clean.split()).casefold())
    return frozenset(keys)


def _addressed_name(text: str) -> list[tuple[str, str]]:
    """Candidate addressees in the opening of ``text`` as (key, how) pairs, strongest first."""
    head = text[:ADDRESS_WINDOW]
    out: list[tuple[str, str]] = []
    for m in _AT_RE.finditer(head):
        out.append((m.group(1).rstrip(".-").casefold(), "@mention"))
    # "Gary," / "Gary:" / "Gary -" at the very start
    start = _VOCATIVE_START_RE.match(head)
    if start:
        out.append((start.group(1).casefold(), "vocative"))
        out.append((start.group(1).split()[0].casefold(), "vocative"))
    # ", Gary." / ", Gary!" / ", Gary," inside the first sentences
    for m in _VOCATIVE_INSIDE_RE.finditer(head) if ", " in head else ():
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


# --------------------------------------------------------------------------------------------
# Explicit marks read by the page parsers, and two layout inferences for flat lists


def _norm_name(name: str) -> str:
    return re.sub(r"[\s_.\-]+", "", name.strip().lstrip("@~").casefold())


def find_named_parent(comments: list[Comment], index: int, name: str) -> Comment | None:
    """The latest comment before ``comments[index]`` whose author is ``name`` (exactly, as a
    handle without spaces or punctuation, or by first name when that is unambiguous)."""
    if not name:
        return None
    want = name.strip().lstrip("@~").casefold()
    want_handle = _norm_name(name)
    own = (comments[index].author or "").casefold()
    first_matches: list[Comment] = []
    for c in reversed(comments[:index]):
        if not c.author:
            continue
        author = c.author.casefold()
        if author == own and author == want:
            continue
        if author == want or _norm_name(c.author) == want_handle:
            return c
        words = _WORD_RE.findall(author)
        if words and words[0] == want and len(want) >= 3:
            first_matches.append(c)
    if first_matches and len({(c.author or "").casefold() for c in first_matches}) == 1:
        return first_matches[0]
    return None


def find_quoted_parent(comments: list[Comment], index: int, quoted: str) -> Comment | None:
    """The latest earlier comment whose text contains the quoted text (its first 80 characters)."""
    probe = " ".join(quoted.split())[:80].casefold()
    if len(probe) < 12:
        return None
    for c in reversed(comments[:index]):
        if probe in " ".join(c.text.split()).casefold():
            return c
    return None


def infer_indent_replies(comments: list[Comment], indents: list[int]) -> list[Comment]:
    """Nesting shown by indentation: a comment indented deeper than the one before answers the
    nearest earlier comment that is indented less. Comments that already have ``reply_to``
    keep it."""
    if len(comments) != len(indents) or len(set(indents)) < 2:
        return comments
    out: list[Comment] = []
    for i, c in enumerate(comments):
        if c.reply_to is None and i > 0 and indents[i] > min(indents):
            for j in range(i - 1, -1, -1):
                if indents[j] < indents[i]:
                    c = replace(c, reply_to=comments[j].id, reply_evidence="indentation")
                    break
        out.append(c)
    return out


def infer_order_replies(
    comments: list[Comment],
    moments: Sequence[datetime | None],
    *,
    min_dated_share: float = 0.8,
    min_ascending_share: float = 0.6,
) -> list[Comment]:
    """Threads flattened by a page dump, recovered from the order of times.

    Threaded lists print each reply under its parent and keep top-level comments in time
    order. A comment posted *after* a comment shown below it cannot be top-level in such a
    list: it sits inside the thread of the nearest earlier comment that is in order. Applied
    only when nearly every comment has a full date and time and the list runs oldest first;
    comments that already have ``reply_to`` keep it.

    Args:
        moments: one comparable timestamp (or None) per comment, in page order.
    """
    n = len(comments)
    dated = [m for m in moments if m is not None]
    if n < 3 or len(moments) != n or len(dated) < min_dated_share * n:
        return comments
    pairs = [(a, b) for a, b in zip(moments, moments[1:], strict=False) if a is not None and b is not None]
    if not pairs or sum(1 for a, b in pairs if b >= a) < min_ascending_share * len(pairs):
        return comments
    suffix_min: list[datetime | None] = [None] * n
    cur: datetime | None = None
    for i in range(n - 1, -1, -1):
        suffix_min[i] = cur
        m = moments[i]
        if m is not None and (cur is None or m < cur):
            cur = m
    roots: list[bool] = []
    for i in range(n):
        mi, later = moments[i], suffix_min[i]
        roots.append(mi is not None and (later is None or not later < mi))
    out: list[Comment] = []
    for i, c in enumerate(comments):
        mi = moments[i]
        if c.reply_to is None and mi is not None and not roots[i]:
            for j in range(i - 1, -1, -1):
                mj = moments[j]
                if roots[j] and mj is not None and not mi < mj:
                    c = replace(c, reply_to=comments[j].id, reply_evidence="time order")
                    break
        out.append(c)
    return out


def infer_author_answers(comments: list[Comment], article_author: str | None) -> list[Comment]:
    """The article's author answering the question in the comment just above: a reply."""
    if not article_author:
        return comments
    who = article_author.casefold()
    out: list[Comment] = []
    for i, c in enumerate(comments):
        if (
            c.reply_to is None
            and i > 0
            and c.author
            and c.author.casefold() in (who, who.split(",")[0].strip())
        ):
            prev = out[i - 1]
            if (prev.author or "").casefold() != c.author.casefold() and prev.text.rstrip().endswith("?"):
                c = replace(c, reply_to=prev.id, reply_evidence="author answers a question")
        out.append(c)
    return out


#: A line that opens the nested replies under a comment (Blogger's threaded layout prints
#: "Replies", the replies, then the parent's own "Reply" link).
REPLIES_MARKERS = frozenset(
    [
        "replies",
        "réponses",
        "respuestas",
        "risposte",
        "reacties",
        "odpowiedzi",
        "respostas",
        "show replies",
        "view replies",
    ]
)
_CLOSERS = frozenset(
    [
        "reply",
        "add comment",
        "répondre",
        "responder",
        "rispondi",
        "reageer",
        "odpowiedz",
        "ajouter un commentaire",
        "añadir comentario",
    ]
)


def infer_replies_blocks(comments: list[Comment], actions: Sequence[Sequence[str]]) -> list[Comment]:
    """Threads printed as "comment, Replies, its replies…, Reply": the comments inside such a
    block answer the comment that opened it. ``actions`` are the link lines (normalised) read
    after each comment, in page order."""
    if len(actions) != len(comments):
        return comments
    out: list[Comment] = []
    parent: Comment | None = None
    for i, c in enumerate(comments):
        if parent is not None and c.reply_to is None:
            c = replace(c, reply_to=parent.id, reply_evidence="replies block")
        out.append(c)
        acts = list(actions[i])
        if any(a in REPLIES_MARKERS for a in acts):
            parent = c if parent is None else parent
            # the marker comes after this comment's own links: what follows answers it
            tail = acts[acts.index(next(a for a in acts if a in REPLIES_MARKERS)) + 1 :]
            if any(a in _CLOSERS for a in tail):
                parent = None
        elif parent is not None and any(a in _CLOSERS for a in acts):
            parent = None  # the parent's own "Reply" link closes its block
    return out
