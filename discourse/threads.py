"""Reply threads of one discussion: the reply tree, depths, the longest exchange, who answers
whom, and agreement between replies and the comments they answer.

The tree is rebuilt from each comment's ``reply_to`` whatever the parser did, so that bad input
(replies to comments that are not on the page, reply cycles, duplicated ids) is repaired the
same way everywhere: the offending link is cut, the comment is kept as top level, and the
repair is counted in a warning. Nothing is dropped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from .model import Comment

#: Name shown for comments without an author.
ANONYMOUS = "anonymous"


@dataclass(frozen=True, slots=True)
class AuthorPair:
    """Replies from one author to another.

    Attributes:
        replier: who wrote the replies.
        addressee: whose comments they answered.
        count: number of replies.
        stances: reply stance counts (agree / disagree / neutral) where it was scored.
        addressed: how many of the replies were linked because they named the addressee
            (rather than by page nesting): worth saying, since the page did not show it.
        comment_ids: the replies, in page order.
    """

    replier: str
    addressee: str
    count: int
    stances: dict[str, int] = field(default_factory=dict)
    addressed: int = 0
    comment_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Threads:
    """The reply structure of one discussion (lists are in page order, one entry per comment).

    Attributes:
        parents: position of each comment's parent, or -1 for top level (after repairs).
        depths: 0 for top level, 1 for a reply, and so on.
        roots: position of the top-level comment each comment's thread starts at.
        replies: number of direct replies each comment received.
        top_level: comments that answer nobody.
        replies_total: comments that answer another comment.
        threads_with_replies: top-level comments that received at least one reply.
        max_depth: deepest reply level.
        longest: positions of the longest chain of replies, from its top-level comment down.
        pairs: who answers whom, most replies first.
        reply_stances: agree / disagree / neutral counts over all scored replies.
        missing_parents: replies whose parent is not in the discussion (made top level).
        cycles: reply links cut because they formed a cycle (made top level).
        duplicate_ids: comments whose id repeats an earlier one (links resolve to the first).
    """

    parents: tuple[int, ...]
    depths: tuple[int, ...]
    roots: tuple[int, ...]
    replies: tuple[int, ...]
    top_level: int
    replies_total: int
    threads_with_replies: int
    max_depth: int
    longest: tuple[int, ...]
    pairs: tuple[AuthorPair, ...]
    reply_stances: dict[str, int]
    missing_parents: int = 0
    cycles: int = 0
    duplicate_ids: int = 0

    @property
    def warnings(self) -> list[str]:
        """Repairs made to the reply tree, in words."""
        out = []
        if self.missing_parents:
            out.append(
                f"{self.missing_parents} repl{'y' if self.missing_parents == 1 else 'ies'} to comments "
                "not in the discussion kept as top level"
            )
        if self.cycles:
            out.append(f"{self.cycles} reply link{'s' if self.cycles != 1 else ''} cut to break a cycle")
        if self.duplicate_ids:
            out.append(
                f"{self.duplicate_ids} comment id{'s' if self.duplicate_ids != 1 else ''} repeated; "
                "replies point to the first"
            )
        return out


def _name(author: str | None) -> str:
    return (author or "").strip() or ANONYMOUS


def repair_parents(comments: Sequence[Comment]) -> tuple[list[int], int, int, int]:
    """Resolve ``reply_to`` ids to positions and cut links that cannot stand.

    Returns:
        (parent positions with -1 for top level, missing parents, cycle links cut, duplicate ids).
    """
    first: dict[str, int] = {}
    duplicates = 0
    for i, c in enumerate(comments):
        if c.id in first:
            duplicates += 1
        else:
            first[c.id] = i
    parents: list[int] = []
    missing = 0
    for c in comments:
        if c.reply_to is None or c.reply_to == "":
            parents.append(-1)
        elif c.reply_to in first:
            parents.append(first[c.reply_to])
        else:
            parents.append(-1)
            missing += 1
    # Cycles: walk up from each comment; a walk that meets itself is a cycle, broken at its
    # earliest comment in page order (the one most likely to be the real start).
    cycles = 0
    state = [0] * len(comments)  # 0 unseen, 1 on the current walk, 2 done
    for start in range(len(comments)):
        if state[start]:
            continue
        path = []
        node = start
        while node != -1 and state[node] == 0:
            state[node] = 1
            path.append(node)
            node = parents[node]
        if node != -1 and state[node] == 1:  # back on the current walk: a cycle
            loop = path[path.index(node) :]
            cut = min(loop)
            parents[cut] = -1
            cycles += 1
        for p in path:
            state[p] = 2
    return parents, missing, cycles, duplicates


def build_threads(comments: Sequence[Comment], reply_stances: Sequence[str | None] | None = None) -> Threads:
    """Build the reply structure of one discussion.

    Args:
        comments: the discussion's comments in page order.
        reply_stances: per comment, its agree / disagree / neutral label toward its parent
            (None where not scored); omit when no reply-stance classifier ran.
    """
    n = len(comments)
    parents, missing, cycles, duplicates = repair_parents(comments)
    children: list[list[int]] = [[] for _ in range(n)]
    for i, p in enumerate(parents):
        if p >= 0:
            children[p].append(i)
    depths = [0] * n
    roots = list(range(n))
    # Parents may come after their replies in bad input: walk the tree from the top instead
    # of relying on page order.
    stack = [i for i in range(n) if parents[i] < 0]
    while stack:
        node = stack.pop()
        for ch in children[node]:
            depths[ch] = depths[node] + 1
            roots[ch] = roots[node]
            stack.append(ch)
    replies = [len(ch) for ch in children]
    top = sum(1 for p in parents if p < 0)

    # Longest exchange: the deepest comment, then its chain up to the top (ties: earliest).
    longest: tuple[int, ...] = ()
    if n:
        deepest = max(range(n), key=lambda i: (depths[i], -i))
        if depths[deepest] > 0:
            chain = [deepest]
            while parents[chain[-1]] >= 0:
                chain.append(parents[chain[-1]])
            longest = tuple(reversed(chain))

    stance_counts: Counter[str] = Counter()
    pair_counts: dict[tuple[str, str], list[int]] = {}
    for i, p in enumerate(parents):
        if p < 0:
            continue
        key = (_name(comments[i].author), _name(comments[p].author))
        pair_counts.setdefault(key, []).append(i)
        if reply_stances is not None and reply_stances[i]:
            stance_counts[str(reply_stances[i])] += 1
    pairs = []
    for (replier, addressee), members in pair_counts.items():
        st: Counter[str] = Counter()
        if reply_stances is not None:
            st.update(str(reply_stances[i]) for i in members if reply_stances[i])
        addressed = sum(1 for i in members if (comments[i].reply_evidence or "").startswith("addressed"))
        pairs.append(
            AuthorPair(
                replier,
                addressee,
                len(members),
                dict(sorted(st.items())),
                addressed,
                tuple(comments[i].id for i in members),
            )
        )
    first_pos = {(pr.replier, pr.addressee): pair_counts[(pr.replier, pr.addressee)][0] for pr in pairs}
    pairs.sort(key=lambda pr: (-pr.count, first_pos[(pr.replier, pr.addressee)]))

    return Threads(
        parents=tuple(parents),
        depths=tuple(depths),
        roots=tuple(roots),
        replies=tuple(replies),
        top_level=top,
        replies_total=n - top,
        threads_with_replies=sum(1 for i in range(n) if parents[i] < 0 and replies[i] > 0),
        max_depth=max(depths, default=0),
        longest=longest,
        pairs=tuple(pairs),
        reply_stances=dict(sorted(stance_counts.items())),
        missing_parents=missing,
        cycles=cycles,
        duplicate_ids=duplicates,
    )
