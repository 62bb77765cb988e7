"""Reply links: names addressed in the text, explicit marks, indentation, time order."""

from __future__ import annotations

from datetime import datetime

import pytest

from discourse.model import Comment
from discourse.parse.replies import (
    assign_depths,
    find_named_parent,
    find_quoted_parent,
    infer_addressed_replies,
    infer_author_answers,
    infer_indent_replies,
    infer_order_replies,
    infer_replies_blocks,
)


def thread(*pairs: tuple[str, str]) -> list[Comment]:
    return [Comment(id=f"c{i + 1}", author=a, text=t) for i, (a, t) in enumerate(pairs)]


@pytest.mark.parametrize(
    ("text", "parent"),
    [
        ("Totally agree, Gary. Stay calm.", "c1"),
        ("Gary, you are wrong about this.", "c1"),
        ("@gary_h you're wrong", "c2"),
        ("Indeed, Maxine, such cooperation matters.", "c3"),
        ("I think the article is fair.", None),
        ("Thanks, everyone, for reading.", None),
        ("Hi Dave, nice to see you here.", None),  # no earlier Dave
    ],
)
def test_addressed_by_name(text: str, parent: str | None) -> None:
    comments = thread(
        ("Gary Henderson", "Chess game."),
        ("gary_h", "Another Gary."),
        ("Maxine Gaa", "Why?"),
        ("Katie Osborne", text),
    )
    out = infer_addressed_replies(comments)
    assert out[3].reply_to == parent
    if parent:
        assert out[3].depth == out[int(parent[1:]) - 1].depth + 1 and out[3].reply_evidence


def test_a_comment_never_answers_its_own_author() -> None:
    out = infer_addressed_replies(thread(("Gary Henderson", "First."), ("Gary Henderson", "Gary, again.")))
    assert out[1].reply_to is None


@pytest.mark.parametrize(
    ("name", "parent"),
    [("sarah_k", "c1"), ("Sarah K", "c1"), ("@sarah_k", "c1"), ("tom", "c2"), ("nobody", None), ("", None)],
)
def test_named_parent_is_the_latest_earlier_comment_by_that_author(name: str, parent: str | None) -> None:
    comments = thread(("sarah_k", "a"), ("Tom Gardner", "b"), ("Lena", "c"), ("Dev", "d"))
    found = find_named_parent(comments, 3, name)
    assert (found.id if found else None) == parent


def test_quoted_parent_is_found_by_its_text() -> None:
    comments = thread(
        ("a", "The buses never connected with the ferry, so I waited."), ("b", "Other."), ("c", "reply")
    )
    assert find_quoted_parent(comments, 2, "The buses never connected with the ferry").id == "c1"
    assert find_quoted_parent(comments, 2, "short") is None


def test_indentation_nests_replies() -> None:
    comments = thread(("a", "1"), ("b", "2"), ("c", "3"), ("d", "4"))
    out = assign_depths(infer_indent_replies(comments, [2, 6, 10, 2]))
    assert [c.reply_to for c in out] == [None, "c1", "c2", None]
    assert [c.depth for c in out] == [0, 1, 2, 0]


def test_no_nesting_when_all_indents_are_equal() -> None:
    comments = thread(("a", "1"), ("b", "2"))
    assert [c.reply_to for c in infer_indent_replies(comments, [4, 4])] == [None, None]


def _t(h: int, m: int) -> datetime:
    return datetime(2019, 8, 1, h, m)


def test_time_order_recovers_flattened_threads() -> None:
    # Tree order: c1, its replies c2 and c3, then top-level c4 and c5 (posted between c1 and c2).
    comments = thread(("a", "1"), ("b", "2"), ("c", "3"), ("d", "4"), ("e", "5"))
    moments = [_t(1, 15), _t(1, 57), _t(2, 35), _t(1, 35), _t(2, 57)]
    out = infer_order_replies(comments, moments)
    assert [c.reply_to for c in out] == [None, "c1", "c1", None, None]
    assert out[1].reply_evidence == "time order"


def test_time_order_leaves_chronological_lists_flat() -> None:
    comments = thread(("a", "1"), ("b", "2"), ("c", "3"))
    out = infer_order_replies(comments, [_t(1, 0), _t(2, 0), _t(3, 0)])
    assert all(c.reply_to is None for c in out)


def test_time_order_needs_most_comments_dated_and_oldest_first() -> None:
    comments = thread(("a", "1"), ("b", "2"), ("c", "3"), ("d", "4"))
    assert all(c.reply_to is None for c in infer_order_replies(comments, [_t(1, 0), None, None, _t(0, 1)]))
    newest_first = [_t(4, 0), _t(3, 0), _t(2, 0), _t(1, 0)]
    assert all(c.reply_to is None for c in infer_order_replies(comments, newest_first))


def test_the_article_author_answers_the_question_above() -> None:
    comments = thread(
        ("Alex", "how do you abort a fetch?"),
        ("Nikhil Marathe", "You cannot yet."),
        ("Sam", "Nice post."),
        ("Nikhil Marathe", "Thanks!"),
    )
    out = infer_author_answers(comments, "Nikhil Marathe")
    assert [c.reply_to for c in out] == [None, "c1", None, None]
    assert infer_author_answers(comments, None) == comments


def test_depths_cut_cycles_and_unknown_parents() -> None:
    comments = [
        Comment("c1", "x", reply_to="c2"),
        Comment("c2", "y", reply_to="c1"),
        Comment("c3", "z", reply_to="c9"),
    ]
    out = assign_depths(comments)
    assert all(c.depth < 3 for c in out)
    assert out[2].reply_to is None and out[2].depth == 0


def test_replies_blocks_nest_until_the_parent_reply_link() -> None:
    comments = thread(("a", "1"), ("b", "2"), ("c", "3"), ("d", "4"), ("e", "5"))
    actions = [["delete", "replies"], ["delete"], ["delete", "reply"], ["delete", "reply"], []]
    out = infer_replies_blocks(comments, actions)
    assert [c.reply_to for c in out] == [None, "c1", "c1", None, None]
    assert out[1].reply_evidence == "replies block"
    assert infer_replies_blocks(comments, [[] for _ in comments]) == comments
