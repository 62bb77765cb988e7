"""Reading bytes: encodings, binary files, gzip, line endings."""

from __future__ import annotations

import gzip

import pytest

from discourse.errors import BinaryInputError, EmptyInputError
from discourse.parse.source import decode, gunzip


def test_utf8_is_read_as_is_and_line_endings_normalised() -> None:
    d = decode("Café\r\nnaïve\rend".encode(), "x")
    assert d.text == "Café\nnaïve\nend"
    assert d.notes == []


def test_cp1252_is_decoded_with_a_note() -> None:
    d = decode("Le café était “fermé” – déjà.\n".encode("cp1252"), "x")
    assert d.text.startswith("Le café était “fermé” – déjà.")
    assert d.encoding == "cp1252" and "cp1252" in d.notes[0]


def test_legacy_cyrillic_is_detected() -> None:
    text = "Правительство объявило о новых мерах поддержки, говорится в сообщении.\n" * 3
    d = decode(text.encode("cp1251"), "x")
    assert d.text.startswith("Правительство")


def test_declared_charset_wins_for_html() -> None:
    html = '<meta charset="iso-8859-1"><p>Grüße aus Köln</p>'.encode("latin-1")
    d = decode(html, "x", declared="iso-8859-1")
    assert "Grüße aus Köln" in d.text


def test_mixed_file_decodes_each_line() -> None:
    data = "première ligne en UTF-8 é\n".encode() + "zweite Zeile in Latin-1: Köln\n".encode("cp1252")
    d = decode(data, "x")
    assert "première" in d.text and "Köln" in d.text
    assert "mixed" in d.notes[0]


@pytest.mark.parametrize("data", [b"", b"   \n\n\t"])
def test_empty_files_are_refused(data: bytes) -> None:
    with pytest.raises(EmptyInputError):
        decode(data, "empty.txt")


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n" + bytes(100), b"abc\x00\x01\x02\x00" * 50])
def test_binary_files_are_refused_with_the_file_named(data: bytes) -> None:
    with pytest.raises(BinaryInputError, match="pic.bin"):
        decode(data, "pic.bin")


def test_utf16_with_bom() -> None:
    d = decode("Hallo Welt".encode("utf-16"), "x")
    assert d.text == "Hallo Welt"


def test_gunzip_and_truncated_gzip() -> None:
    text = " ".join(f"word{i * 7919 % 10007}" for i in range(5000)).encode()
    data = gzip.compress(text)
    assert gunzip(data, "x", 10**6) == text
    partial = gunzip(data[: len(data) // 2], "x", 10**6)
    assert 0 < len(partial) < len(text) and text.startswith(partial)
