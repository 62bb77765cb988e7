"""Comment tables: column detection, grouping by article, streaming, and every bad-input case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from discourse.config import load_settings
from discourse.errors import ColumnError
from discourse.model import Page
from discourse.parse import TableOptions, parse_file, read_pages
from discourse.parse.tables import detect_columns, iter_table_rows, read_table

TABLES = Path(__file__).resolve().parents[1] / "fixtures" / "tables"


def pages_of(name: str, **options: str) -> list[Page]:
    return list(parse_file(TABLES / name, table_options=TableOptions(**options)))


def rows_read(pages: list[Page]) -> int:
    summary = next(w for w in pages[0].warnings if "row(s):" in w)
    return int(summary.split("read ")[1].split(" row")[0])


def test_csv_groups_articles_in_order_of_first_appearance() -> None:
    pages = pages_of("comments.csv")
    assert [p.source.rsplit("#", 1)[1] for p in pages] == ["bridge", "market"]
    bridge, market = pages
    assert bridge.article.title == "New bridge opens" and bridge.article_id == "bridge"
    assert [c.id for c in bridge.comments] == ["101", "102", "103"]
    assert [c.reply_to for c in bridge.comments] == [None, "101", "102"]
    assert [c.depth for c in bridge.comments] == [0, 1, 2]
    assert bridge.comments[1].reply_evidence == "column"
    # ISO, epoch seconds and epoch milliseconds all become ISO times.
    assert bridge.comments[0].posted == "2024-05-01T09:00:00"
    assert bridge.comments[1].posted == "2024-05-01T09:10:00"
    assert market.comments[0].posted == "2024-05-01T09:00:00"
    assert market.comments[1].posted == "2024-05-01"
    assert all(p.kind == "csv" for p in pages)


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (
            ["text", "author", "created_at", "id", "parent_id", "article_id"],
            ("text", "author", "created_at", "id", "parent_id", "article_id"),
        ),
        (
            ["Message", "User Name", "Date", "Comment ID", "In-Reply-To", "URL"],
            ("Message", "User Name", "Date", "Comment ID", "In-Reply-To", "URL"),
        ),
        (
            ["body", "screen_name", "timestamp", "post_id"],
            ("body", "screen_name", "timestamp", None, None, "post_id"),
        ),
        (["content", "name", "posted", "thread"], ("content", "name", "posted", None, None, "thread")),
        (
            ["comment", "user", "time", "reply_to", "title"],
            ("comment", "user", "time", None, "reply_to", "title"),
        ),
    ],
)
def test_column_detection(columns: list[str], expected: tuple) -> None:
    c = detect_columns(columns, TableOptions(), "t.csv")
    want = dict(zip(("text", "author", "time", "id", "parent", "article"), expected, strict=False))
    for field, value in want.items():
        assert getattr(c, field) == value, field


def test_explicit_columns_win_and_missing_ones_are_named() -> None:
    c = detect_columns(["a", "b", "text"], TableOptions(text_column="b", author_column="a"), "t.csv")
    assert (c.text, c.author) == ("b", "a")
    with pytest.raises(ColumnError, match="no column 'nope' for --author-column.*columns found: a, b, text"):
        detect_columns(["a", "b", "text"], TableOptions(author_column="nope"), "t.csv")


def test_no_text_column_lists_the_columns_and_the_option() -> None:
    (page,) = pages_of("no_text.csv")
    assert page.errors and "no_text.csv" in page.errors[0]
    assert "columns found: id, user, score" in page.errors[0] and "--text-column" in page.errors[0]
    (named,) = pages_of("no_text.csv", text_column="user")
    assert [c.text for c in named.comments] == ["Ann", "Bob"]


def test_bad_rows_are_rejected_with_line_and_reason_and_counts_add_up() -> None:
    (page,) = pages_of("bad_rows.csv")
    assert [c.id for c in page.comments] == ["1", "3", "4", "6"]
    assert len(page.rejected) == 2
    assert (
        page.rejected[0].startswith(f"{TABLES / 'bad_rows.csv'}:line 3:") and "3 fields" in page.rejected[0]
    )
    assert ":line 6:" in page.rejected[1] and "6 fields" in page.rejected[1]
    assert rows_read([page]) == len(page.comments) + len(page.rejected) == 6
    no_author = page.comments[1]
    assert no_author.author is None and any("no author" in w and "line 4" in w for w in page.warnings)
    bad_time = page.comments[2]
    assert bad_time.posted is None and bad_time.posted_text == "sometime last week"
    assert any("time that could not be read" in w for w in page.warnings)


def test_semicolon_csv_and_tsv() -> None:
    (semi,) = pages_of("semicolon.csv")
    assert [(c.author, c.posted, c.text) for c in semi.comments] == [
        ("Karl", "2024-10-19T19:54", "Gute Idee, endlich mehr Grün."),
        ("Inge", "2024-10-20", "Zu teuer für die Stadt."),
    ]
    (tsv,) = pages_of("comments.tsv")
    assert tsv.kind == "tsv" and [c.text for c in tsv.comments] == ["Tabs are fine", "So are tabs in TSV"]


def test_mixed_encodings_are_decoded_line_by_line() -> None:
    (page,) = pages_of("mixed_encoding.csv")
    assert [c.author for c in page.comments] == ["Zoë", "Jürgen"]
    assert page.comments[1].text == "zweite Zeile in Latin-1: Köln"
    assert any("mixed encodings" in w for w in page.warnings)


def test_jsonl_bad_lines_are_reported() -> None:
    (page,) = pages_of("comments.jsonl")
    assert [c.id for c in page.comments] == ["a", "b", "d"]
    assert page.comments[1].reply_to == "a"
    assert len(page.rejected) == 2
    assert ":line 3: not valid JSON" in page.rejected[0]
    assert ":line 4: a JSON list, not an object" in page.rejected[1]
    assert rows_read([page]) == 5


def test_json_shapes() -> None:
    (listed,) = pages_of("comments_list.json")
    assert [c.author for c in listed.comments] == ["Ola", "Per"] and listed.comments[1].reply_to == "1"
    assert listed.article.url == "https://example.org/a"
    assert listed.rejected and "item 3" in listed.rejected[0]
    one, two = pages_of("pages.json")
    assert (one.article.title, one.article.byline, one.declared_comment_count) == (
        "Page one",
        "Ann Writer",
        2,
    )
    assert one.comments[1].reply_to == "c1" and two.comments == ()
    (obj,) = pages_of("object_comments.json")
    assert obj.article.title == "Housing plan approved" and obj.article.body == "The plan was approved."
    assert [c.id for c in obj.comments] == ["c1", "c2"]


@pytest.mark.parametrize("name", ["bad_shape.json", "scalar.json"])
def test_json_that_is_neither_list_nor_pages_is_refused(name: str) -> None:
    (page,) = pages_of(name)
    assert page.errors and name in page.errors[0]
    assert "neither" in page.errors[0] or 'no "pages"' in page.errors[0]


def test_disqus_export_one_page_per_thread() -> None:
    (page,) = pages_of("disqus_export.xml")
    assert page.kind == "disqus" and page.article.title == "Garden notes"
    assert page.article.url == "https://blog.example/garden"
    assert [(c.id, c.author, c.reply_to) for c in page.comments] == [
        ("p1", "Rosa", None),
        ("p2", "Blog Owner", "p1"),
    ]
    assert page.comments[1].text == "Thanks Rosa!\n\nThey are from last autumn."
    assert sorted(r.split(": ")[-1] for r in page.rejected) == ["deleted", "marked as spam"]


def test_parquet(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    table = pa.table(
        {
            "id": [1, 2, 3],
            "article_id": ["x", "y", "x"],
            "user": ["a", "b", "c"],
            "text": ["one", "two", "three"],
            "parent_id": [None, None, 1],
        }
    )
    path = tmp_path / "c.parquet"
    pq.write_table(table, path)
    pages = list(read_pages([path]))
    assert [p.source.rsplit("#", 1)[1] for p in pages] == ["x", "y"]
    assert [(c.id, c.reply_to) for c in pages[0].comments] == [("1", None), ("3", "1")]


def test_article_text_from_a_file(tmp_path: Path) -> None:
    art = tmp_path / "article.txt"
    art.write_text("The article the comments discuss.\n", encoding="utf-8")
    (page,) = pages_of("comments.tsv", article_file=str(art))
    assert page.article.body == "The article the comments discuss."


def test_unsorted_large_table_spills_and_groups_the_same(tmp_path: Path) -> None:
    lines = ["id,article_id,author,text"]
    for i in range(600):
        lines.append(f"{i},art{i % 7},u{i % 13},comment number {i}")
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    small = load_settings().with_overrides({"tables": {"max_buffered_rows": 50, "chunk_rows": 64}})
    spilled = list(read_table(path, "csv", str(path), TableOptions(), small))
    in_memory = list(read_table(path, "csv", str(path), TableOptions(), load_settings()))
    assert [p.to_dict() for p in spilled] == [p.to_dict() for p in in_memory]
    assert [p.article_id for p in spilled] == [f"art{k}" for k in range(7)]
    assert sum(len(p.comments) for p in spilled) == 600


def test_rows_stream_in_chunks(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("text\n" + "".join(f"row {i}\n" for i in range(25)), encoding="utf-8")
    settings = load_settings().with_overrides({"tables": {"chunk_rows": 10}})
    stream = iter_table_rows(path, "csv", str(path), TableOptions(), settings)
    assert [len(c) for c in stream.chunks] == [10, 10, 5]
    assert stream.report.rows == 25


def test_replies_to_missing_comments_are_kept_top_level(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("id,parent_id,text\n1,,a\n2,99,b\n3,3,c\n", encoding="utf-8")
    (page,) = read_pages([path])
    assert [c.reply_to for c in page.comments] == [None, None, None]
    assert any("not in the table" in w for w in page.warnings)


def test_duplicate_ids_stay_unique(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("id,text\n7,a\n7,b\n", encoding="utf-8")
    (page,) = read_pages([path])
    assert [c.id for c in page.comments] == ["7", "7#2"]


def test_parse_json_output_round_trips_through_the_json_reader(tmp_path: Path) -> None:
    pages = pages_of("comments.csv")
    out = tmp_path / "parsed.json"
    out.write_text(json.dumps([p.to_dict() for p in pages]), encoding="utf-8")
    again = list(read_pages([out]))
    assert [[c.text for c in p.comments] for p in again] == [[c.text for c in p.comments] for p in pages]


def test_reply_cycles_are_cut_and_depths_stay_finite(tmp_path: Path) -> None:
    path = tmp_path / "cycle.csv"
    path.write_text("id,parent_id,text\n1,2,a\n2,1,b\n3,2,c\n", encoding="utf-8")
    (page,) = read_pages([path])
    by_id = {c.id: c for c in page.comments}
    assert sum(c.reply_to is None for c in page.comments) >= 1
    for c in page.comments:
        parent = by_id.get(c.reply_to) if c.reply_to else None
        assert c.depth == (parent.depth + 1 if parent else 0)
