"""Guess an input's kind from its content (and only then its name): page dump, HTML, CSV, TSV,
JSONL, JSON, Parquet or a Disqus XML export. Gzip-compressed files are judged by what they hold
(``read_head`` gunzips the first bytes)."""

from __future__ import annotations

import csv
import io
import json
import re

from .source import is_parquet

KINDS = ("dump", "html", "csv", "tsv", "jsonl", "json", "parquet", "disqus")
TABLE_KINDS = frozenset({"csv", "tsv", "jsonl", "json", "parquet", "disqus"})

_DISQUS = re.compile(r"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<disqus\b", re.I | re.S)
_XML_HTML = re.compile(r"^\s*<\?xml[^>]*\?>\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)

_HTML_START = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|article|section|"
    r"script|link|p|table|ul|ol|h[1-6])\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAGS = re.compile(r"</?(?:div|p|a|span|li|ul|body|head|br|script|article|section)\b[^>]*>", re.I)


def guess_kind(head: bytes, name: str = "") -> str:
    """Return one of :data:`KINDS` for a file whose first bytes are ``head``.

    Content decides; the file name only breaks ties (``.tsv`` vs ``.csv``). Anything that is
    not recognisably HTML or a table is read as a page dump, the most forgiving kind.
    """
    if is_parquet(head):
        return "parquet"
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    stripped = text.lstrip()
    lname = name.lower().removesuffix(".gz")
    if _DISQUS.match(stripped):
        return "disqus"
    # Stray tags inside a text file (a noscript warning copied with the page text) do not make
    # a ".txt" dump HTML; other files with several tags are HTML fragments.
    stray_tags_ok = lname.endswith((".txt", ".text"))
    if (
        _HTML_START.match(stripped)
        or _XML_HTML.match(stripped)
        or (not stray_tags_ok and len(_HTML_TAGS.findall(stripped[:20000])) >= 5)
    ):
        return "html"
    if stripped.startswith(("[", "{")):
        return _guess_json(stripped, lname)
    if lname.endswith(".json"):
        return "json"  # a JSON file holding something else: the reader says what is wrong
    table = _guess_delimited(text, lname)
    if table:
        return table
    if lname.endswith((".html", ".htm", ".xhtml")):
        return "html"
    return "dump"


def _guess_json(text: str, name: str) -> str:
    lines = [ln for ln in text.splitlines() if ln.strip()][:5]
    if len(lines) >= 2:
        parsed = 0
        for ln in lines[:-1]:  # the last line of a head may be cut off
            try:
                if isinstance(json.loads(ln), dict):
                    parsed += 1
            except ValueError:
                break
        if parsed == len(lines) - 1 and parsed >= 1:
            return "jsonl"
    if name.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    return "json"


# Column names that mark a table of comments (lower-cased, spaces/dashes as underscores).
_COMMENT_COLUMNS = {
    "text",
    "body",
    "comment",
    "comment_text",
    "message",
    "content",
    "comment_body",
    "author",
    "user",
    "username",
    "screen_name",
    "created_at",
    "timestamp",
    "parent_id",
    "reply_to",
    "in_reply_to",
    "comment_id",
    "id",
    "article_id",
    "post_id",
    "thread",
    "date",
}


def _guess_delimited(text: str, name: str) -> str | None:
    lines = text.splitlines()
    if len(lines) < 2 and not name.endswith((".csv", ".tsv", ".tab")):
        return None
    header = lines[0]
    candidates = []
    for delim, kind in (("\t", "tsv"), (",", "csv"), (";", "csv"), ("|", "csv")):
        if delim not in header:
            continue
        try:
            cols = next(csv.reader(io.StringIO(header), delimiter=delim))
        except (csv.Error, StopIteration):
            continue
        norm = {re.sub(r"[\s\-]+", "_", c.strip().strip('"').lower()) for c in cols}
        known = len(norm & _COMMENT_COLUMNS)
        named = name.endswith((".csv", ".tsv", ".tab"))
        if len(cols) < 2 or not (known >= 1 or named):
            continue
        # A table's next rows have as many fields as its header; prose lines with a comma
        # (a page dump whose first line is "Comments, 16") do not.
        if not named and known < 2 and not _rows_agree(text, delim, len(cols)):
            continue
        candidates.append((known, len(cols), kind))
    if not candidates:
        return None
    candidates.sort(reverse=True)
    kind = candidates[0][2]
    if name.endswith((".tsv", ".tab")):
        kind = "tsv"
    return kind


def _rows_agree(text: str, delim: str, width: int) -> bool:
    try:
        rows = list(csv.reader(io.StringIO(text[:20000]), delimiter=delim))
    except csv.Error:
        return False
    body = [r for r in rows[1:-1] if r]  # the last row of a head may be cut off
    return bool(body) and sum(1 for r in body[:20] if len(r) == width) >= 0.8 * len(body[:20])
