"""Scoring comment tables chunk by chunk: columns kept, every row written, bad input survived."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest

from discourse.classify import table as table_mod
from discourse.classify.pipeline import Scorer
from discourse.classify.table import (
    ChunkJob,
    ChunkRow,
    TableReader,
    TableSpec,
    classify_table,
    map_chunks,
    score_chunk,
)
from discourse.config import load_settings
from discourse.errors import ColumnError, InputError, RunError

# Comments written for these tests, including the bad inputs issue 4 names.
COMMENTS = [
    ("c1", "", "Great decision, I cycle downtown every day!"),
    ("c2", "c1", "I disagree, this is a waste of money."),
    ("c3", "", "=HYPERLINK(\"http://example.org\") click me"),
    ("c4", "c2", "-1 for this comment"),
    ("c5", "", ""),
    ("c6", "", "😀😀😀 !!!"),
    ("c7", "", "Die Stadt hat endlich etwas für die Radfahrer getan, das ist gut."),
    ("c8", "", "<p>Nice <b>work</b></p>&nbsp;<br/>"),
    ("c9", "c1", "ctrl\x07chars\x1b[31m here, NOT GOOD!!!"),
    ("c10", "", "long " * 25_000),
]
ARTICLE = "City council approves new bike lanes downtown after a long debate about safety."
SCORE_COLUMNS = ["sentiment", "sentiment_score", "sentiment_evidence", "evidence", "warnings"]


def _write_csv(path: Path, rows: list[tuple[str, ...]], header=("id", "parent", "text"), **kw) -> Path:
    with path.open("w", encoding=kw.pop("encoding", "utf-8"), newline="") as f:
        w = csv.writer(f, **kw)
        w.writerow(header)
        w.writerows(rows)
    return path


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture
def comments_csv(tmp_path: Path) -> Path:
    rows = [(cid, parent, text) for cid, parent, text in COMMENTS]
    return _write_csv(tmp_path / "comments.csv", [r + ("3.5", "-2") for r in rows],
                      header=("id", "parent", "text", "votes", "delta"))


def test_every_row_scored_and_input_columns_kept(comments_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "scored.csv"
    stats = classify_table(comments_csv, out, TableSpec(text_column="text", article_text=ARTICLE),
                           only=["sentiment"])
    rows = _read_csv(out)
    assert stats.read == stats.written == len(rows) == len(COMMENTS)
    assert list(rows[0]) == ["id", "parent", "text", "votes", "delta"] + SCORE_COLUMNS
    for row, (cid, _, text) in zip(rows, COMMENTS, strict=True):
        assert row["id"] == cid
        assert row["votes"] == "3.5" and row["delta"] == "-2"  # numbers are not "neutralised"
        assert row["sentiment"] in ("negative", "neutral", "positive")
        assert -1 <= float(row["sentiment_score"]) <= 1
        if not text.startswith(("=", "-")):
            assert row["text"] == text
    # formula-like cells are neutralised for spreadsheets
    assert rows[2]["text"].startswith("'=HYPERLINK")
    assert rows[3]["text"] == "'-1 for this comment"
    assert "language=de" in rows[6]["warnings"]
    assert "first 20000 characters" in rows[9]["warnings"]
    assert stats.warnings == 2
    assert json.loads(rows[0]["evidence"])["sentiment"]


def test_output_columns_come_from_the_registry(comments_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "scored.csv"
    classify_table(comments_csv, out, TableSpec(text_column="text", article_text=ARTICLE))
    header = list(_read_csv(out)[0])
    assert header[:5] == ["id", "parent", "text", "votes", "delta"]
    assert header[5:] == Scorer(load_settings()).columns


def test_chunk_size_and_processes_do_not_change_the_output(comments_csv: Path, tmp_path: Path) -> None:
    outs = []
    for i, (size, jobs) in enumerate([(2000, 1), (1, 1), (3, 2)]):
        out = tmp_path / f"out{i}.csv"
        spec = TableSpec(text_column="text", id_column="id", parent_column="parent")
        classify_table(comments_csv, out, spec, chunk_size=size, jobs=jobs)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] == outs[2]


def test_an_output_column_name_in_the_input_is_renamed(tmp_path: Path) -> None:
    src = _write_csv(tmp_path / "in.csv", [("1", "I love it", "negative")],
                     header=("id", "text", "sentiment"))
    out = tmp_path / "out.csv"
    stats = classify_table(src, out, TableSpec(text_column="text"), only=["sentiment"])
    row = _read_csv(out)[0]
    assert stats.renamed == {"sentiment": "sentiment_input"}
    assert row["sentiment_input"] == "negative" and row["sentiment"] == "positive"


def test_missing_column_lists_the_columns_present(comments_csv: Path, tmp_path: Path) -> None:
    with pytest.raises(ColumnError) as err:
        classify_table(comments_csv, tmp_path / "o.csv", TableSpec(text_column="body"))
    assert "'body'" in str(err.value) and "id, parent, text, votes, delta" in str(err.value)
    with pytest.raises(ColumnError, match="--id-column"):
        spec = TableSpec(text_column="text", parent_column="parent")
        classify_table(comments_csv, tmp_path / "o.csv", spec)
    assert not (tmp_path / "o.csv").exists()


@pytest.mark.parametrize("kind", ["jsonl", "json", "parquet", "tsv", "csv.gz", "semicolon"])
def test_other_table_formats(kind: str, tmp_path: Path) -> None:
    records = [{"id": cid, "text": text, "score": i} for i, (cid, _, text) in enumerate(COMMENTS[:4])]
    if kind == "jsonl":
        src = tmp_path / "in.jsonl"
        src.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    elif kind == "json":
        src = tmp_path / "in.json"
        src.write_text(json.dumps({"comments": records}), encoding="utf-8")
    elif kind == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        src = tmp_path / "in.parquet"
        pq.write_table(pa.Table.from_pylist(records), src)
    elif kind == "csv.gz":
        plain = _write_csv(tmp_path / "x.csv", [(r["id"], r["text"], r["score"]) for r in records],
                           header=("id", "text", "score"))
        src = tmp_path / "in.csv.gz"
        src.write_bytes(gzip.compress(plain.read_bytes()))
    else:
        delim = "\t" if kind == "tsv" else ";"
        src = _write_csv(tmp_path / f"in.{'tsv' if kind == 'tsv' else 'csv'}",
                         [(r["id"], r["text"], r["score"]) for r in records],
                         header=("id", "text", "score"), delimiter=delim)
    out = tmp_path / "out.csv"
    stats = classify_table(src, out, TableSpec(text_column="text"), only=["sentiment"])
    rows = _read_csv(out)
    assert stats.written == 4
    assert [r["id"] for r in rows] == ["c1", "c2", "c3", "c4"]
    assert [r["score"] for r in rows] == ["0", "1", "2", "3"]
    assert rows[0]["sentiment"] == "positive"


@pytest.mark.parametrize("fmt", ["jsonl", "parquet", "tsv"])
def test_output_formats(fmt: str, comments_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / f"out.{fmt}"
    classify_table(comments_csv, out, TableSpec(text_column="text"), only=["sentiment"])
    back = TableReader(out)
    rows = list(back.rows())
    assert len(rows) == len(COMMENTS)
    assert back.columns[:5] == ["id", "parent", "text", "votes", "delta"]
    scores = [r.values[back.columns.index("sentiment_score")] for r in rows]
    assert all(-1 <= float(s) <= 1 for s in scores)


def test_bad_rows_are_reported_and_the_rest_scored(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "good"}\n{"text": broken\n\n[1, 2]\n{"text": "bad", "extra": {"a": 1}}\n',
                   encoding="utf-8")
    out = tmp_path / "out.csv"
    stats = classify_table(src, out, TableSpec(text_column="text"), only=["sentiment"])
    assert stats.read == stats.written == 2
    assert len(stats.rejected) == 2
    assert "line 2" in stats.rejected[0] and "line 4" in stats.rejected[1]
    rows = _read_csv(out)
    assert rows[1]["extra"] == '{"a": 1}'


def test_ragged_csv_rows_nul_bytes_and_legacy_encoding(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    text = "id,text\n1,caf\xe9 was lovely\n2,too,many,fields\n3\n4,nul\x00byte good\n"
    src.write_bytes(text.encode("cp1252"))
    out = tmp_path / "out.csv"
    stats = classify_table(src, out, TableSpec(text_column="text"), only=["sentiment"])
    rows = _read_csv(out)
    assert stats.written == 4
    assert rows[0]["text"] == "café was lovely" and rows[0]["sentiment"] == "positive"
    assert "beyond the header" in rows[1]["warnings"] and "'many'" in rows[1]["warnings"]
    assert "missing" in rows[2]["warnings"]
    assert rows[3]["text"] == "nul\ufffdbyte good"


def test_replies_get_their_parent_even_before_it_appears(tmp_path: Path) -> None:
    src = _write_csv(tmp_path / "in.csv", [
        ("r1", "p1", "I agree with you"),
        ("p1", "", "The lanes are great"),
        ("r2", "p1", "Me too"),
        ("r3", "zz", "Orphan reply"),
    ])
    reader = TableReader(src)
    spec = TableSpec(text_column="text", id_column="id", parent_column="parent")
    items = [item for _, chunk in table_mod.chunk_rows(reader, spec, size=2) for item in chunk]
    assert [i.parent_text for i in items] == ["The lanes are great", None, "The lanes are great", None]
    rows = [row for chunk, _ in table_mod.chunk_rows(TableReader(src), spec) for row in chunk]
    assert "parent 'zz' not in the table" in rows[3].notes[0]


def test_parent_store_forgets_parents_after_their_last_reply(tmp_path: Path) -> None:
    src = _write_csv(tmp_path / "in.csv", [("p1", "", "Parent"), ("r1", "p1", "Reply"), ("x", "", "Other")])
    reader = TableReader(src)
    spec = TableSpec(text_column="text", id_column="id", parent_column="parent")
    store = table_mod.ParentStore(reader, spec)
    store.see("p1", "Parent", None)
    assert store.parent_of("p1") == ("Parent", None)
    assert store.texts == {} and not store.pending


def test_interrupted_run_leaves_no_output(comments_csv: Path, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out.csv"

    def boom(items, job):
        raise KeyboardInterrupt

    monkeypatch.setattr(table_mod, "score_chunk", boom)
    with pytest.raises(KeyboardInterrupt):
        classify_table(comments_csv, out, TableSpec(text_column="text"), only=["sentiment"])
    assert list(tmp_path.iterdir()) == [comments_csv]


def test_refuses_to_overwrite_its_input(comments_csv: Path) -> None:
    with pytest.raises(RunError, match="overwrite the input"):
        classify_table(comments_csv, comments_csv, TableSpec(text_column="text"))


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"", "empty"), (b"\x89PNG\r\n\x1a\n" + bytes(40), "binary"), (b"just a line of prose\n", "header")],
)
def test_unreadable_tables_name_the_file(content: bytes, problem: str, tmp_path: Path) -> None:
    src = tmp_path / "bad.csv"
    src.write_bytes(content)
    with pytest.raises(InputError) as err:
        classify_table(src, tmp_path / "o.csv", TableSpec(text_column="text"))
    assert "bad.csv" in str(err.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        TableReader(tmp_path / "nope.csv")


def test_map_chunks_keeps_order_with_workers() -> None:
    assert list(map_chunks(abs, [-3, 1, -2, 5, -8], jobs=2)) == [3, 1, 2, 5, 8]


def test_chunk_job_is_picklable() -> None:
    import pickle

    job = ChunkJob(settings=load_settings().data, only=("sentiment",))
    assert pickle.loads(pickle.dumps(job)) == job


def test_a_chunk_shares_docs_between_replies_and_parents_without_changing_output() -> None:
    # Parents scored in the same chunk, several replies to one parent and a repeated text: each
    # text is tokenised once per chunk, and every row scores as it does on its own.
    parent = "This story is fake news. Where is the evidence?"
    rows = [
        ChunkRow(parent, target="Council approves bike lanes after a vote.", author="ann"),
        ChunkRow("Exactly, total lies.", target="Council approves bike lanes after a vote.",
                 parent_text=parent, parent_author="ann", author="bo"),
        ChunkRow("No, you're wrong!!", parent_text=parent, parent_author="ann"),
        ChunkRow(parent, author="cy"),
        ChunkRow("", parent_text=""),
    ]
    job = ChunkJob(settings=load_settings().data)
    together = score_chunk(rows, job)
    alone = [score_chunk([r], job)[0] for r in rows]
    assert together == alone
    assert together[1]["reply_stance"] is not None and together[0]["reply_stance"] is None
