"""Bytes to text: gzip, byte-order marks, binary detection, legacy and mixed encodings, and
line endings. Every decision that changes the text is reported as a note."""

from __future__ import annotations

import gzip
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BinaryInputError, EmptyInputError, InputError

#: How much of a file is read to guess its kind.
HEAD_BYTES = 64 * 1024

# Magic numbers of common non-text files people drop into a folder of pages by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x7fELF", "an executable"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ", "an xz archive"),
    (b"RIFF", "a RIFF media file"),
    (b"\x00\x00\x00\x18ftyp", "an MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "an MP4 video"),
)

_GZIP_MAGIC = b"\x1f\x8b"
_PARQUET_MAGIC = b"PAR1"
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE
)


@dataclass
class Decoded:
    """Text read from a file, with what was done to read it."""

    text: str
    encoding: str
    notes: list[str] = field(default_factory=list)


def read_bytes(path: Path, limit: int) -> bytes:
    """Read a file (gunzipping ``.gz`` content), refusing more than ``limit`` bytes.

    Raises:
        InputError: missing/unreadable file, size over the limit, or a corrupt gzip stream.
    """
    source = str(path)
    try:
        size = path.stat().st_size
        if size > limit and not _is_gzip(path):
            raise InputError(
                source,
                f"file is {size / 2**20:.1f} MB, over the {limit / 2**20:.0f} MB limit for one "
                "page (raise parse.max_page_mb, or split the file)",
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except IsADirectoryError:
        raise InputError(source, "is a directory") from None
    except PermissionError:
        raise InputError(source, "permission denied") from None
    except OSError as exc:
        raise InputError(source, f"cannot be read ({exc.strerror or exc})") from None
    if data.startswith(_GZIP_MAGIC):
        data = gunzip(data, source, limit)
    return data


def gunzip(data: bytes, source: str, limit: int) -> bytes:
    """Decompress gzip data, stopping at ``limit`` bytes; a truncated stream keeps what it had."""
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = d.decompress(data, limit + 1)
    except zlib.error as exc:
        raise InputError(source, f"corrupt gzip data ({exc})") from None
    if len(out) > limit:
        raise InputError(source, f"decompresses to over {limit / 2**20:.0f} MB")
    return out


def _is_gzip(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(2) == _GZIP_MAGIC
    except OSError:
        return False


def read_head(path: Path, size: int = HEAD_BYTES) -> bytes:
    """The first ``size`` bytes of a file, gunzipped when it is gzip (for guessing its kind)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(size)
            if head.startswith(_GZIP_MAGIC):
                fh.seek(0)
                with gzip.open(fh) as gz:
                    try:
                        return gz.read(size)
                    except (OSError, EOFError):
                        return b""
            return head
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except PermissionError:
        raise InputError(str(path), "permission denied") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror or exc})") from None


def is_parquet(head: bytes) -> bool:
    return head.startswith(_PARQUET_MAGIC)


def check_not_binary(head: bytes, source: str) -> None:
    """Raise BinaryInputError when the bytes are clearly not text.

    NUL bytes are the tell (text never contains them, except UTF-16, which has a BOM or
    alternating zeros we accept), plus the magic numbers of common non-text files.
    """
    if not head.strip():
        raise EmptyInputError(source, "file is empty")
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise BinaryInputError(source, f"binary file ({what}), not a page or table")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return
    sample = head[:8192]
    zeros = sample.count(0)
    if zeros:
        # UTF-16 without BOM: zeros on every other byte of ASCII text.
        if _looks_utf16(sample):
            return
        raise BinaryInputError(source, "binary file (contains NUL bytes), not a page or table")
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    if controls > max(8, len(sample) // 20):
        raise BinaryInputError(source, "binary file (mostly control bytes), not a page or table")


def _looks_utf16(sample: bytes) -> bool:
    if len(sample) < 4:
        return False
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    return max(even, odd) > 0.4 * half and min(even, odd) < 0.05 * half


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag, if any (first 4 KB… 64 KB)."""
    m = _META_CHARSET.search(data[:HEAD_BYTES])
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").strip().lower()
    return name or None


def decode(data: bytes, source: str, *, declared: str | None = None) -> Decoded:
    """Decode file bytes to text with normalised line endings.

    Order: BOM, then strict UTF-8, then the declared charset (HTML ``<meta charset>``), then
    line-by-line UTF-8 with a cp1252 fallback when most of the file is UTF-8 (mixed files),
    then charset-normalizer's best guess, then cp1252. Legacy decodes are reported as notes.

    Raises:
        EmptyInputError: nothing but whitespace.
        BinaryInputError: not text.
    """
    check_not_binary(data[:HEAD_BYTES], source)
    notes: list[str] = []
    text: str | None = None
    encoding = "utf-8"
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                text, encoding = data.decode(enc), enc
            except UnicodeDecodeError:
                text = None
            break
    if text is None and _looks_utf16(data[:8192]):
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text, encoding = data.decode(enc), enc
                notes.append(f"decoded as {enc} (no byte-order mark)")
                break
            except UnicodeDecodeError:
                continue
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = None
    if text is None and declared:
        try:
            text, encoding = data.decode(_python_codec(declared)), declared
            notes.append(f"decoded as {declared}, the charset the page declares")
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text, encoding, note = _decode_undeclared(data)
        notes.append(note)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        text = text.replace("\x00", "")
    if not text.strip():
        raise EmptyInputError(source, "file has no text")
    return Decoded(text, encoding, notes)


def _python_codec(name: str) -> str:
    # Browsers read "iso-8859-1" and "us-ascii" as windows-1252 (WHATWG encoding standard).
    name = name.lower()
    if name in ("iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii", "iso8859-1"):
        return "cp1252"
    return name


def _decode_undeclared(data: bytes) -> tuple[str, str, str]:
    lines = data.split(b"\n")
    good = 0
    for line in lines:
        try:
            line.decode("utf-8")
            if any(b > 127 for b in line):
                good += 1
        except UnicodeDecodeError:
            pass
    bad = sum(1 for line in lines if not _utf8_ok(line))
    if good and good >= bad:
        # Mostly UTF-8 with some legacy lines: decode each line on its own.
        parts = []
        for line in lines:
            try:
                parts.append(line.decode("utf-8"))
            except UnicodeDecodeError:
                parts.append(line.decode("cp1252", errors="replace"))
        return "\n".join(parts), "mixed", (
            f"mixed encodings: {bad} line(s) not UTF-8 were decoded as cp1252"
        )
    cp1252 = data.decode("cp1252", errors="replace")
    if _looks_western(cp1252):
        return cp1252, "cp1252", "not UTF-8: decoded as cp1252 (Windows Western)"
    guess = None
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[: 256 * 1024], cp_isolation=list(_WEB_ENCODINGS)).best()
        guess = best.encoding if best is not None else None
    except Exception:  # noqa: BLE001 - detection is a hint; cp1252 below always works
        guess = None
    if guess:
        try:
            return data.decode(guess), guess, f"not UTF-8: decoded as {guess} (detected)"
        except (LookupError, UnicodeDecodeError):
            pass
    return cp1252, "cp1252", "not UTF-8: decoded as cp1252 (Windows Western)"


# Legacy encodings still met on the web; detection only chooses among these, because on short
# texts an unrestricted detector picks exotic code pages (cp775 for French, seen here).
_WEB_ENCODINGS = (
    "cp1252", "cp1250", "cp1251", "iso8859_2", "iso8859_15", "koi8_r", "cp1253", "cp1254",
    "cp1257", "shift_jis", "euc_jp", "iso2022_jp", "euc_kr", "gb18030", "big5",
)
# Non-ASCII characters of Western European text in cp1252 (letters, quotes, dashes, symbols).
_WESTERN = set(
    "àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿßœšžÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝŒŠŽ"
    "‘’‚“”„–—…€£¥©®°±·«»¿¡§¶×÷ªº¹²³½¼¾•™ \u00a0"
)


def _looks_western(text: str) -> bool:
    """True when nearly all non-ASCII characters are ones Western European text uses."""
    high = [ch for ch in text if ord(ch) > 127]
    if not high:
        return True
    western = sum(1 for ch in high if ch in _WESTERN)
    return western >= 0.95 * len(high)


def _utf8_ok(line: bytes) -> bool:
    try:
        line.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False
