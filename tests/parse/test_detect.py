"""Input kinds are guessed from content; the name only breaks ties."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from discourse.parse.detect import guess_kind
from discourse.parse.source import read_head


@pytest.mark.parametrize(
    ("head", "name", "kind"),
    [
        (b"<!DOCTYPE html><html><body><p>x</p>", "page", "html"),
        (b"<?xml version='1.0' encoding='utf-8'?>\n<!DOCTYPE html>\n<html>", "page.xhtml", "html"),
        (b"\n  <div class='a'><p>x</p><p>y</p><span>z</span><a href='#'>l</a><br>", "snippet", "html"),
        (b"<?xml version='1.0'?>\n<disqus xmlns='http://disqus.com'>", "export.xml", "disqus"),
        (b"id,author,text\n1,a,hello\n2,b,bye\n", "comments.txt", "csv"),
        (b"author;message\nA;hallo\n", "x", "csv"),
        (b"id\ttext\n1\thello\n", "x", "tsv"),
        (b"a,b\n1,2\n", "x.tsv", "tsv"),
        (b'{"text": "a"}\n{"text": "b"}\n', "x", "jsonl"),
        (b'[{"text": "a"}]', "x", "json"),
        (b'{"pages": []}', "x.json", "json"),
        (b"42\n", "x.json", "json"),
        (b"PAR1\x15\x04", "x", "parquet"),
        (b"Headline of a page\nBy A Writer\nSome text, with a comma.\nMore text.\n", "page.txt", "dump"),
        (b"Comments, 16\nGreat article, thanks.\nReply\n", "page.txt", "dump"),
    ],
)
def test_guess_kind(head: bytes, name: str, kind: str) -> None:
    assert guess_kind(head, name) == kind


def test_gzip_is_judged_by_what_it_holds(tmp_path: Path) -> None:
    p = tmp_path / "page.html.gz"
    p.write_bytes(gzip.compress(b"<!DOCTYPE html><html><body><p>hi</p></body></html>"))
    assert guess_kind(read_head(p), p.name) == "html"
    q = tmp_path / "rows.gz"
    q.write_bytes(gzip.compress(b"id,text\n1,a\n2,b\n"))
    assert guess_kind(read_head(q), q.name) == "csv"
