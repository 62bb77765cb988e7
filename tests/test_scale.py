"""Scale: tables read once and split by article, any number of workers gives the same bytes,
one article larger than a chunk gives the same result as in one piece, Parquet partitioned by
article, and bad input (bad rows, a dying worker, an interrupted run) never loses or fakes
output."""

from __future__ import annotations

import csv
import json
import os
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from discourse.analyze import analyze_page, analyze_pages, analyze_paths
from discourse.config import load_settings
from discourse.errors import RunError
from discourse.model import Article, Comment, Page
from discourse.parse import TableOptions
from discourse.parse.tables import TableComments, plan_table

NOW = datetime(2025, 6, 1)
WORDS = (
    "tram budget council station hospital depot tickets noise great terrible agree never why "
    "really the a is and but not fares riders night bus line"
).split()


def _text(i: int) -> str:
    words = [WORDS[(i * k + 3) % len(WORDS)] for k in range(1, 4 + i % 9)]
    text = " ".join(words).capitalize() + ("!" if i % 4 == 0 else ".")
    return text.upper() if i % 17 == 0 else text


def write_table(path: Path, articles: int = 6, per_article: int = 9, bad: bool = True) -> int:
    """A CSV of comments of several articles, interleaved (not sorted by article), with replies,
    a formula-like comment and, when ``bad``, a row with too few fields. Returns good rows."""
    rows = []
    n = 0
    for i in range(articles * per_article):
        art = f"a{i % articles}"
        k = i // articles
        parent = f"{art}-{k - 1}" if k and i % 3 == 0 else ""
        posted = f"2024-05-0{1 + i % 9}T10:{i % 60:02d}"
        rows.append([f"{art}-{k}", art, f"Reader {i % 5}", posted, parent, _text(i)])
        n += 1
    rows[7][5] = "=HYPERLINK(\"http://x\")"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["comment_id", "article_id", "author", "created_at", "parent_id", "text"])
        for k, r in enumerate(rows):
            w.writerow(r)
            if bad and k == 11:
                fh.write("broken,row\n")
    return n


def _files(out: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and not p.name.endswith(".parquet")
    }


def _settings(**analyze: object) -> object:
    # Workers even for a small run, small tasks so that several run at once.
    return load_settings().with_overrides(
        {"analyze": {"min_comments_for_workers": 0, "task_comments": 10, **analyze}}
    )


def test_jobs_do_not_change_a_single_byte(tmp_path: Path) -> None:
    table = tmp_path / "comments.csv"
    write_table(table)
    one, two = tmp_path / "one", tmp_path / "two"
    analyze_paths([table], one, jobs=1, settings=_settings(), now=NOW)
    analyze_paths([table], two, jobs=2, settings=_settings(), now=NOW)
    assert _files(one) == _files(two)
    assert pq.read_table(one / "comments.parquet").equals(pq.read_table(two / "comments.parquet"))


def test_bad_row_is_reported_and_the_rest_of_its_chunk_scored(tmp_path: Path) -> None:
    table = tmp_path / "comments.csv"
    good = write_table(table)
    out = tmp_path / "out"
    small_chunks = load_settings().with_overrides({"tables": {"chunk_rows": 5, "max_buffered_rows": 12}})
    result = analyze_paths([table], out, jobs=1, settings=small_chunks, now=NOW)
    assert result.comments == good
    with (out / "comments.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == good and all(r["sentiment"] for r in rows)
    assert rows[[r["comment_id"] for r in rows].index("a1-1")]["text"].startswith("'=HYPERLINK")
    data = json.loads((out / "articles.json").read_text(encoding="utf-8"))
    first = data["articles"][0]
    notes = " ".join(first["warnings"])
    assert f"read {good + 1} row(s): {good} comment(s)" in notes and "1 rejected" in notes
    assert any(f"{table}:line 14: 2 fields where the header has 6" in w for w in first["warnings"])


def test_articles_come_in_order_of_first_appearance_with_their_own_rows(tmp_path: Path) -> None:
    table = tmp_path / "comments.csv"
    write_table(table, bad=False)
    out = tmp_path / "out"
    analyze_paths([table], out, jobs=1, settings=_settings(), now=NOW)
    data = json.loads((out / "articles.json").read_text(encoding="utf-8"))
    assert [a["article_id"] for a in data["articles"]] == [f"a{k}" for k in range(6)]
    parquet = pq.read_table(out / "comments.parquet")
    ids = parquet.column("article_id").to_pylist()
    assert ids == sorted(ids, key=lambda a: int(a[1:]))  # grouped, in article order
    assert parquet.column("comment_id").to_pylist()[:3] == ["a0-0", "a0-1", "a0-2"]


def _parent(i: int) -> str | None:
    return f"k{i - 3}" if i % 5 == 0 and i else None


def test_an_article_larger_than_a_chunk_gives_the_same_result(tmp_path: Path) -> None:
    comments = tuple(
        Comment(f"k{i}", _text(i), f"R{i % 7}", f"2024-05-01T{i % 24:02d}:00", _parent(i)) for i in range(120)
    )
    page = Page(source="big.txt", article=Article(title="Trams", body="The tram budget."), comments=comments)
    whole = analyze_page(page, load_settings(), now=NOW)
    parts = analyze_page(page, load_settings().with_overrides({"analyze": {"chunk_comments": 7}}), now=NOW)
    assert whole.table.equals(parts.table)
    assert json.dumps(whole.summary.to_dict()) == json.dumps(parts.summary.to_dict())
    assert (whole.terms, whole.tokens) == (parts.terms, parts.tokens)


def test_table_articles_can_stay_columnar(tmp_path: Path) -> None:
    table = tmp_path / "comments.csv"
    write_table(table, articles=2, per_article=30, bad=False)
    plan = plan_table(table, "csv", str(table), TableOptions(), load_settings())
    try:
        ref = next(plan.refs())
        lazy, eager = ref.page(lazy=True), ref.page()
    finally:
        plan.close()
    assert isinstance(lazy.comments, TableComments) and isinstance(eager.comments, tuple)
    assert list(lazy.comments) == list(eager.comments)
    assert lazy.comments[-1] == eager.comments[-1] and lazy.comments[3:9] == list(eager.comments[3:9])
    settings = load_settings().with_overrides({"analyze": {"chunk_comments": 8}})
    a = analyze_page(lazy, settings, now=NOW)
    b = analyze_page(eager, load_settings(), now=NOW)
    assert a.table.equals(b.table) and json.dumps(a.summary.to_dict()) == json.dumps(b.summary.to_dict())


def test_partitioned_dataset_holds_every_row_once(tmp_path: Path) -> None:
    table = tmp_path / "comments.csv"
    good = write_table(table, bad=False)
    flat, parted = tmp_path / "flat", tmp_path / "parted"
    analyze_paths([table], flat, jobs=1, now=NOW)
    analyze_paths([table], parted, jobs=1, now=NOW, settings=_settings(partition_by_article=True))
    assert not (parted / "comments.parquet").exists()
    folders = sorted(p.name for p in (parted / "comments").iterdir())
    assert folders == [f"article=a{k}" for k in range(6)]
    dataset = ds.dataset(parted / "comments", partitioning="hive").to_table()
    assert dataset.num_rows == good
    for k in range(6):
        part = pq.read_table(parted / "comments" / f"article=a{k}" / "part-0.parquet")
        assert set(part.column("article_id").to_pylist()) == {f"a{k}"}
    whole = pq.read_table(flat / "comments.parquet")
    assert sorted(dataset.column("comment_id").to_pylist()) == sorted(whole.column("comment_id").to_pylist())
    manifest = json.loads((parted / "articles.json").read_text(encoding="utf-8"))["manifest"]
    assert "comments/" in manifest["outputs"]
    # A later run without partitions removes the dataset this run wrote.
    analyze_paths([table], parted, jobs=1, now=NOW)
    assert not (parted / "comments").exists() and (parted / "comments.parquet").exists()


class _Die:
    """Unpickling this kills the process: a worker that dies on one item (out of memory, a
    signal…), without touching the code under test."""

    def __reduce__(self) -> tuple[object, tuple[int]]:
        return (os._exit, (3,))


def _pages(die_at: int | None = None) -> list[Page]:
    pages = []
    for k in range(6):
        meta = {"die": _Die()} if k == die_at else {}
        comments = tuple(Comment(f"c{i}", _text(i + k), f"R{i}", meta=meta) for i in range(8))
        pages.append(Page(source=f"p{k}.txt", comments=comments, kind="dump"))
    return pages


def test_a_dying_worker_fails_the_run_and_leaves_no_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(RunError, match="worker process died"):
        analyze_pages(_pages(die_at=4), out, jobs=2, settings=_settings(), now=NOW)
    left = sorted(p.name for p in out.iterdir())
    assert not {"comments.csv", "comments.parquet", "articles.json", "index.html"} & set(left)
    assert not [n for n in left if n.endswith(".part")]


def test_an_interrupted_partitioned_run_leaves_no_dataset(tmp_path: Path) -> None:
    def pages():  # type: ignore[no-untyped-def]
        yield from _pages()[:2]
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        analyze_pages(pages(), tmp_path, settings=_settings(partition_by_article=True), now=NOW)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("comments") or p.name.endswith(".part")]


def test_duplicate_article_ids_are_renamed_the_same_way_in_workers(tmp_path: Path) -> None:
    same = _pages()
    pages = [Page(source=f"{d}/page.txt", comments=same[k].comments) for k, d in enumerate("xyzxy")]
    one, two = tmp_path / "one", tmp_path / "two"
    analyze_pages(pages, one, jobs=1, settings=_settings(), now=NOW)
    analyze_pages(pages, two, jobs=2, settings=_settings(), now=NOW)
    assert _files(one) == _files(two)
    ids = [a["article_id"] for a in json.loads((one / "articles.json").read_text())["articles"]]
    assert ids == ["page", "page-2", "page-3", "page-4", "page-5"]
    rows = pq.read_table(one / "comments.parquet").column("article_id").to_pylist()
    assert rows == [i for i in ids for _ in range(8)]


def test_csv_can_be_left_out(tmp_path: Path) -> None:
    result = analyze_pages(_pages(), tmp_path, now=NOW, settings=_settings(csv=False))
    assert not (tmp_path / "comments.csv").exists()
    assert pq.read_table(tmp_path / "comments.parquet").num_rows == result.comments == 48


def test_compact_labels_read_like_labels() -> None:
    from discourse.analyze import CompactLabels
    from discourse.model import Cue, Label

    labels = CompactLabels("sentiment", 4)
    full = Label("sentiment", "negative", -0.5, (Cue("sentiment.lexicon", "bad", 0, 3, -2.5),))
    labels.put(1, [Label("sentiment", "positive", 0.25), None, full])
    labels.keep(3, full)
    assert [lab.label if lab else None for lab in labels] == [None, "positive", None, "negative"]
    assert labels[1] == Label("sentiment", "positive", 0.25) and labels[-1] is full
    assert labels[3].cues and labels[1].cues == ()
    with pytest.raises(IndexError):
        labels[4]


def test_arrow_schema_of_partitions_is_the_comments_schema(tmp_path: Path) -> None:
    analyze_pages(_pages(), tmp_path, now=NOW, settings=_settings(partition_by_article=True))
    part = pq.read_schema(tmp_path / "comments" / "article=p0" / "part-0.parquet")
    assert part.field("depth").type == pa.int32() and part.field("sentiment_score").type == pa.float64()


def test_large_articles_travel_through_files_with_the_same_result(tmp_path: Path) -> None:
    table = tmp_path / "comments.csv"
    write_table(table, articles=3, per_article=25)
    whole, small1, small2 = tmp_path / "whole", tmp_path / "s1", tmp_path / "s2"
    analyze_paths([table], whole, jobs=1, settings=_settings(), now=NOW)
    # Articles of 25 comments in chunks of 6: scored in pieces, rows written through files.
    analyze_paths([table], small1, jobs=1, settings=_settings(chunk_comments=6), now=NOW)
    analyze_paths([table], small2, jobs=2, settings=_settings(chunk_comments=6), now=NOW)
    a, b, c = _files(whole), _files(small1), _files(small2)
    assert b == c
    for name in a:
        if name != "articles.json":  # its manifest lists the settings
            assert a[name] == b[name], name
    assert json.loads(a["articles.json"])["articles"] == json.loads(b["articles.json"])["articles"]
    for out in (small1, small2):
        assert pq.read_table(out / "comments.parquet").equals(pq.read_table(whole / "comments.parquet"))
        assert not (out / "scratch.part").exists()
