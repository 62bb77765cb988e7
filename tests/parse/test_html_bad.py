"""HTML bad input: legacy charsets, truncated markup, script-only pages, huge pages."""

from __future__ import annotations

from pathlib import Path

from discourse.config import load_settings
from discourse.parse import parse_file, read_pages
from discourse.parse.html import parse_html

HTML = Path(__file__).resolve().parents[1] / "fixtures" / "html"


def test_legacy_charset_declared_in_meta_is_decoded() -> None:
    (page,) = parse_file(HTML / "legacy_latin1.html")
    assert page.article.title == "Straßenfest am Rhein"
    assert "„deutlich weniger Müll“" in page.article.body
    assert page.comments[0].author == "Jürgen"
    assert page.comments[0].text == "Schön war’s! Nächstes Jahr wieder."
    assert any("iso-8859-1" in w and "legacy_latin1.html" in w for w in page.warnings)


def test_truncated_page_keeps_what_is_there_and_says_so() -> None:
    (page,) = parse_file(HTML / "truncated.html")
    assert [c.author for c in page.comments] == ["Ruth", "Omar"]
    assert page.article.body.startswith("The council will meet on Tuesday")
    assert any("ends early" in w for w in page.warnings)


def test_script_only_page_is_an_error_naming_the_file() -> None:
    (page,) = parse_file(HTML / "scripts_only.html")
    assert page.comments == () and page.article.body == ""
    assert page.errors and "scripts_only.html" in page.errors[0] and "no readable text" in page.errors[0]


def test_bad_pages_do_not_stop_the_batch(tmp_path: Path) -> None:
    (tmp_path / "a_empty.html").write_bytes(b"")
    (tmp_path / "b_binary.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (tmp_path / "c_good.html").write_bytes((HTML / "wordpress_nested.html").read_bytes())
    pages = list(read_pages([tmp_path]))
    assert [Path(p.source).name for p in pages] == ["a_empty.html", "b_binary.html", "c_good.html"]
    assert "a_empty.html" in pages[0].errors[0] and "empty" in pages[0].errors[0]
    assert "b_binary.html" in pages[1].errors[0]
    assert len(pages[2].comments) == 4 and not pages[2].errors


def _big_page(filler_kb: int) -> str:
    good = (HTML / "wordpress_nested.html").read_text(encoding="utf-8")
    blob = "<script>var data = '" + "x" * (filler_kb * 1024) + "';</script>"
    img = '<img src="data:image/png;base64,' + "A" * (filler_kb * 1024) + '">'
    return good.replace("<body ", blob + img + "<body ", 1)


def test_page_over_the_limit_is_read_without_its_inline_data() -> None:
    settings = load_settings().with_overrides({"html": {"max_markup_mb": 0.1}})
    page = parse_html(_big_page(300), "big.html", settings=settings)
    assert len(page.comments) == 4
    assert any("large page" in w for w in page.warnings)


def test_page_still_over_the_limit_is_refused_with_a_clear_message() -> None:
    settings = load_settings().with_overrides({"html": {"max_markup_mb": 0.01}})
    text = (HTML / "wordpress_nested.html").read_text(encoding="utf-8") * 3
    try:
        parse_html(text, "huge.html", settings=settings)
    except Exception as exc:  # noqa: BLE001 - the type and the words are what is tested
        assert type(exc).__name__ == "InputFormatError"
        assert "huge.html" in str(exc) and "max_markup_mb" in str(exc)
    else:
        raise AssertionError("the page should have been refused")
