"""Bad input to `discourse parse`: each bad page gets its object with `errors`, good pages are
parsed as usual, the exit status follows the contract (non-zero only when no page could be
read), and no traceback reaches the user."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from discourse.cli import app
from discourse.config import load_settings
from discourse.parse import read_pages
from discourse.parse.dump import parse_dump

DUMPS = Path(__file__).resolve().parents[1] / "fixtures" / "dumps"
GOOD = (DUMPS / "german_blog.txt").read_text("utf-8")


def _parse(*paths: Path) -> tuple[int, list[dict], str]:
    result = CliRunner().invoke(app, ["parse", *map(str, paths), "--format", "json"])
    pages = json.loads(result.stdout) if result.stdout.strip() else []
    return result.exit_code, pages, result.stderr


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "a_good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b_empty.txt").write_bytes(b"")
    (tmp_path / "c_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (tmp_path / "d_cp1252.txt").write_bytes(GOOD.replace("\n", "\r\n").encode("cp1252"))
    (tmp_path / "e_blank.txt").write_bytes(b"  \n\n \t\n")
    return tmp_path


def test_a_folder_with_bad_files_among_good_ones(folder: Path) -> None:
    code, pages, err = _parse(folder)
    assert code == 0
    assert [Path(p["source"]).name for p in pages] == [
        "a_good.txt",
        "b_empty.txt",
        "c_binary.txt",
        "d_cp1252.txt",
        "e_blank.txt",
    ]
    good, empty, binary, legacy, blank = pages
    assert good["errors"] == [] and len(good["comments"]) == 3
    assert "empty" in empty["errors"][0] and "b_empty.txt" in empty["errors"][0]
    assert "binary" in binary["errors"][0] and "PNG" in binary["errors"][0]
    assert blank["errors"] and "e_blank.txt" in blank["errors"][0]
    # The legacy encoding is read correctly, with a note, and parses like the UTF-8 file.
    assert legacy["errors"] == [] and any("cp1252" in w for w in legacy["warnings"])
    assert legacy["title"] == good["title"] and "Glatteis" in legacy["comments"][2]["text"]
    assert [c["author"] for c in legacy["comments"]] == [c["author"] for c in good["comments"]]
    assert "Traceback" not in err and "b_empty.txt" in err and "c_binary.txt" in err


def test_exit_status_is_one_when_no_page_could_be_read(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    code, pages, err = _parse(tmp_path / "empty.txt", tmp_path / "missing.txt")
    assert code == 1
    assert len(pages) == 2 and all(p["errors"] for p in pages)
    assert "no such file" in pages[1]["errors"][0]
    assert "Traceback" not in err


def test_latin1_file_is_decoded_with_a_note(tmp_path: Path) -> None:
    text = "Café au lait\n\nLe café était fermé à Noël, déjà pour la troisième année de suite.\n"
    (tmp_path / "latin.txt").write_bytes(text.encode("latin-1"))
    [page] = list(read_pages([tmp_path / "latin.txt"]))
    assert "fermé à Noël" in page.article.body and page.warnings


def test_a_100_mb_file_is_refused_as_too_large(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as fh:  # sparse: 100 MB on paper, nothing on disk
        fh.seek(100 * 2**20)
        fh.write(b"x")
    code, pages, err = _parse(big, DUMPS / "paywall.txt")
    assert code == 0
    assert "MB" in pages[0]["errors"][0] and "limit" in pages[0]["errors"][0]
    assert pages[1]["title"] == "Council to vote on closing three branch libraries"


def test_a_dump_over_the_dump_limit_is_refused_fast() -> None:
    settings = load_settings().with_overrides({"dump": {"max_dump_mb": 0.01}})
    with pytest.raises(Exception, match="over the 0.01 MB limit"):
        parse_dump(GOOD * 10, "big.txt", settings=settings)


def test_crlf_and_cr_line_endings(tmp_path: Path) -> None:
    (tmp_path / "crlf.txt").write_bytes(GOOD.replace("\n", "\r\n").encode())
    (tmp_path / "cr.txt").write_bytes(GOOD.replace("\n", "\r").encode())
    (tmp_path / "lf.txt").write_bytes(GOOD.encode())
    pages = {Path(p.source).name: p.to_dict() for p in read_pages([tmp_path])}
    for name in ("crlf.txt", "cr.txt"):
        assert {k: v for k, v in pages[name].items() if k not in ("source", "article_id")} == {
            k: v for k, v in pages["lf.txt"].items() if k not in ("source", "article_id")
        }


@pytest.mark.parametrize(
    "text",
    [
        "\x00" * 10 + "text",
        "Just one line",
        "Reply\nReply\nReply",
        "16 Comments",
        "\n\n\n   \n",
        "a" * 50000,
        "Jane Doe\nMarch 3, 2023\n" * 500,
        "<div><p>half a page</p>",
        "🙂" * 300,
    ],
)
def test_odd_text_never_raises(text: str) -> None:
    page = parse_dump(text, "odd.txt", settings=load_settings())
    assert page.kind == "dump"
    assert isinstance(page.to_dict(), dict)


def test_a_page_without_comments_has_no_error() -> None:
    page = parse_dump((DUMPS / "no_comments_form.txt").read_text("utf-8"), "x", settings=load_settings())
    assert page.comments == () and page.errors == () and page.declared_comment_count is None
