"""Shared checks for page-dump parses: expected values as data, compared in one place."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


def _norm(text: str | None) -> str:
    return " ".join((text or "").replace("\u2019", "'").split()).casefold()


def check_parse(page: dict[str, Any], expected: dict[str, Any]) -> list[str]:
    """Compare a parsed page (contract JSON) with expectations; return the differences."""
    problems: list[str] = []

    def want(cond: bool, what: str) -> None:
        if not cond:
            problems.append(what)

    for key in ("title", "byline", "published"):
        if key in expected:
            want(
                _norm(page.get(key)) == _norm(expected[key]), f"{key}: {page.get(key)!r} != {expected[key]!r}"
            )
    if "standfirst_starts" in expected:
        want(
            _norm(page.get("standfirst")).startswith(_norm(expected["standfirst_starts"])),
            f"standfirst {page.get('standfirst')!r} does not start with {expected['standfirst_starts']!r}",
        )
    body = _norm(page.get("body"))
    if "body_starts" in expected:
        want(
            body.startswith(_norm(expected["body_starts"])) or _norm(expected["body_starts"]) in body[:400],
            f"body starts {body[:80]!r}, expected {expected['body_starts']!r}",
        )
    if "body_ends" in expected:
        want(
            body.endswith(_norm(expected["body_ends"])),
            f"body ends {body[-80:]!r}, expected {expected['body_ends']!r}",
        )
    if "subheadings" in expected:
        got = [_norm(h) for h in page.get("subheadings") or []] + [_norm(page.get("standfirst"))]
        for h in expected["subheadings"]:
            want(_norm(h) in got, f"subheading {h!r} missing from {page.get('subheadings')}")
    for line in expected.get("not_in_body", []):
        want(_norm(line) not in body, f"furniture {line!r} left in the body")
    if "declared" in expected:
        want(
            page.get("declared_comment_count") == expected["declared"],
            f"declared count {page.get('declared_comment_count')} != {expected['declared']}",
        )
    if "errors" in expected:
        want(len(page.get("errors") or []) == expected["errors"], f"errors {page.get('errors')}")
    if "comments" in expected:
        comments = page.get("comments") or []
        by_id = {c["id"]: c for c in comments}
        want(
            len(comments) == len(expected["comments"]),
            f"{len(comments)} comments, expected {len(expected['comments'])}: "
            f"{[c.get('author') for c in comments]}",
        )
        for got, exp in zip(comments, expected["comments"], strict=False):
            who = exp["author"]
            want(_norm(got.get("author")) == _norm(who), f"author {got.get('author')!r} != {who!r}")
            if "posted" in exp:
                want(
                    (got.get("posted") or None) and got["posted"][:16] == exp["posted"]
                    if exp["posted"]
                    else got.get("posted") is None,
                    f"{who}: posted {got.get('posted')!r} != {exp['posted']!r}",
                )
            if "posted_text" in exp:
                want(
                    _norm(got.get("posted_text")) == _norm(exp["posted_text"]),
                    f"{who}: posted_text {got.get('posted_text')!r} != {exp['posted_text']!r}",
                )
            text = _norm(got.get("text"))
            want(text.startswith(_norm(exp["starts"])), f"{who}: text starts {text[:60]!r}")
            want(
                _norm(who) not in text[: len(who) + 2] or _norm(exp["starts"]).startswith(_norm(who)),
                f"{who}: text still carries its header",
            )
            for part in exp.get("contains", []):
                want(_norm(part) in text, f"{who}: {part!r} missing from the text")
            for part in exp.get("not_in_text", []):
                want(_norm(part) not in text, f"{who}: {part!r} should not be in the text")
            if "paragraphs" in exp:
                n = len([p for p in (got.get("text") or "").split("\n\n") if p.strip()])
                want(n == exp["paragraphs"], f"{who}: {n} paragraphs, expected {exp['paragraphs']}")
            if "quotes" in exp:
                want(len(got.get("quotes") or []) == exp["quotes"], f"{who}: quotes {got.get('quotes')}")
            if "reply_to" in exp:
                parent = by_id.get(got.get("reply_to")) if got.get("reply_to") else None
                want(
                    _norm(parent.get("author") if parent else None) == _norm(exp["reply_to"]),
                    f"{who}: reply_to {parent and parent.get('author')!r} != {exp['reply_to']!r}",
                )
    return problems


@pytest.fixture
def checker() -> Callable[[dict[str, Any], dict[str, Any]], list[str]]:
    return check_parse
