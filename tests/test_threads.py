"""Reply trees: repairs of bad links, depths, the longest exchange, who answers whom."""

from __future__ import annotations

import pytest

from discourse.model import Comment
from discourse.threads import build_threads, repair_parents


def _c(cid: str, reply_to: str | None = None, author: str | None = "", how: str | None = None) -> Comment:
    return Comment(
        id=cid,
        text=f"text of {cid}",
        author=f"author {cid}" if author == "" else author,
        reply_to=reply_to,
        reply_evidence=how,
    )


@pytest.mark.parametrize(
    ("links", "parents", "missing", "cycles"),
    [
        # id -> reply_to, in page order
        ([("a", None), ("b", "a"), ("c", "b")], [-1, 0, 1], 0, 0),
        ([("a", None), ("b", "zz")], [-1, -1], 1, 0),  # reply to a comment not on the page
        ([("a", "a")], [-1], 0, 1),  # a comment answering itself
        ([("a", "b"), ("b", "a")], [-1, 0], 0, 1),  # two-cycle: the earlier comment is cut
        ([("a", "c"), ("b", "a"), ("c", "b"), ("d", "c")], [-1, 0, 1, 2], 0, 1),  # three-cycle + tail
        ([("b", "a"), ("a", None)], [1, -1], 0, 0),  # a reply listed before its parent
        ([("a", None), ("b", ""), ("c", None)], [-1, -1, -1], 0, 0),  # empty id means none
    ],
)
def test_repair_parents(
    links: list[tuple[str, str | None]], parents: list[int], missing: int, cycles: int
) -> None:
    got, got_missing, got_cycles, _ = repair_parents([_c(i, r) for i, r in links])
    assert (got, got_missing, got_cycles) == (parents, missing, cycles)


def test_duplicate_ids_resolve_to_the_first_and_are_counted() -> None:
    comments = [_c("a"), _c("a"), _c("b", "a")]
    parents, _, _, duplicates = repair_parents(comments)
    assert parents == [-1, -1, 0]
    assert duplicates == 1


def test_depths_roots_and_reply_counts() -> None:
    t = build_threads([_c("a"), _c("b", "a"), _c("c", "b"), _c("d", "a"), _c("e")])
    assert t.depths == (0, 1, 2, 1, 0)
    assert t.roots == (0, 0, 0, 0, 4)
    assert t.replies == (2, 1, 0, 0, 0)
    assert (t.top_level, t.replies_total, t.threads_with_replies, t.max_depth) == (2, 3, 1, 2)
    assert t.longest == (0, 1, 2)


def test_no_replies_no_exchange() -> None:
    t = build_threads([_c("a"), _c("b")])
    assert t.longest == ()
    assert t.pairs == ()
    assert t.max_depth == 0


def test_bad_links_are_kept_as_top_level_with_warnings() -> None:
    t = build_threads([_c("a", "ghost"), _c("b", "c"), _c("c", "b")])
    assert t.parents == (-1, -1, 1)
    assert t.missing_parents == 1 and t.cycles == 1
    assert any("not in the discussion" in w for w in t.warnings)
    assert any("cycle" in w for w in t.warnings)


def test_who_answers_whom_counts_pairs_and_addressed_replies() -> None:
    comments = [
        _c("1", author="Gary"),
        _c("2", "1", author="Julius", how="addressed (vocative)"),
        _c("3", author="Maxine"),
        _c("4", "3", author="Katie", how="addressed (vocative)"),
        _c("5", "1", author="Julius", how="nesting"),
        _c("6", "2", author=None),
    ]
    t = build_threads(comments, ["", "agree", None, "neutral", "disagree", "agree"])
    pairs = [(p.replier, p.addressee, p.count, p.addressed) for p in t.pairs]
    assert pairs == [("Julius", "Gary", 2, 1), ("Katie", "Maxine", 1, 1), ("anonymous", "Julius", 1, 0)]
    assert t.pairs[0].stances == {"agree": 1, "disagree": 1}
    assert t.pairs[0].comment_ids == ("2", "5")
    assert t.reply_stances == {"agree": 2, "disagree": 1, "neutral": 1}


def test_empty_discussion() -> None:
    t = build_threads([])
    assert (t.top_level, t.replies_total, t.max_depth, t.longest) == (0, 0, 0, ())
