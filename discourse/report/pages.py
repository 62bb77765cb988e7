"""Parsed pages as ``discourse parse`` prints them: JSON (the contract), a text outline for
people, or one CSV row per comment."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import IO

from ..model import Comment, Page
from ..csvsafe import safe_row

#: Columns of ``discourse parse --format csv``: one row per comment, with its page's keys.
PARSE_CSV_COLUMNS = [
    "source", "article_id", "title", "comment_id", "author", "posted", "reply_to", "depth", "text",
]


def write_json(pages: Iterable[Page], out: IO[str]) -> Iterator[Page]:
    """Stream pages as one JSON array (one object per page), yielding each page once written."""
    out.write("[")
    first = True
    for page in pages:
        out.write("\n" if first else ",\n")
        first = False
        json.dump(page.to_dict(), out, ensure_ascii=False, indent=1)
        yield page
    out.write("\n]\n" if not first else "]\n")


def write_csv(pages: Iterable[Page], out: IO[str]) -> Iterator[Page]:
    """Stream one CSV row per comment (formula-like cells neutralised)."""
    writer = csv.DictWriter(out, fieldnames=PARSE_CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for page in pages:
        for c in page.comments:
            writer.writerow(safe_row({
                "source": page.source, "article_id": page.article_id, "title": page.article.title,
                "comment_id": c.id, "author": c.author, "posted": c.posted,
                "reply_to": c.reply_to, "depth": c.depth, "text": c.text,
            }))
        yield page


def _first_words(text: str, n: int = 12) -> str:
    words = text.split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


def outline(page: Page) -> str:
    """A readable outline of one page: metadata, body size, comments with reply indentation."""
    a = page.article
    lines = [f"== {page.source} ({page.kind})"]
    lines.append(f"title:     {a.title or '—'}")
    lines.append(f"byline:    {a.byline or '—'}")
    lines.append(f"published: {a.published or '—'}")
    if a.standfirst:
        lines.append(f"standfirst: {_first_words(a.standfirst, 20)}")
    words = len(a.body.split())
    paras = len([p for p in a.body.split("\n\n") if p.strip()])
    lines.append(f"body:      {words} words in {paras} paragraphs, {len(a.subheadings)} subheadings"
                 + (f", language {a.language}" if a.language else ""))
    if a.body:
        lines.append(f"  starts:  {_first_words(a.body, 14)}")
        lines.append(f"  ends:    {_last_words(a.body, 14)}")
    for h in a.subheadings:
        lines.append(f"  ## {h}")
    declared = f" (page says {page.declared_comment_count})" if page.declared_comment_count is not None else ""
    lines.append(f"comments:  {len(page.comments)}{declared}")
    for c in page.comments:
        lines.append("  " + "    " * min(c.depth, 8) + _comment_line(c))
    for e in page.errors:
        lines.append(f"error:     {e}")
    for w in page.warnings:
        lines.append(f"warning:   {w}")
    return "\n".join(lines) + "\n"


def _last_words(text: str, n: int = 12) -> str:
    words = text.split()
    return ("… " if len(words) > n else "") + " ".join(words[-n:])


def _comment_line(c: Comment) -> str:
    when = c.posted or c.posted_text or "—"
    line = f"{c.id} {c.author or 'anonymous'} · {when} · {_first_words(c.text)}"
    if c.reply_to:
        line += f"  [→ {c.reply_to}: {c.reply_evidence or 'reply'}]"
    if c.quotes:
        line += f"  [quotes {len(c.quotes)}]"
    return line


def write_text(pages: Iterable[Page], out: IO[str]) -> Iterator[Page]:
    for page in pages:
        out.write(outline(page) + "\n")
        yield page
