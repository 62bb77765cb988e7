"""Output files that appear only when complete: written under a temporary name beside the
target and renamed over it, so an interrupted command never leaves a half-written file that
looks finished."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

#: Suffix of a file being written.
PART = ".part"


@contextmanager
def atomic_open(path: str | os.PathLike[str], newline: str | None = None) -> Iterator[IO[str]]:
    """Open ``path`` for writing text (UTF-8); the file takes its name only when the block ends
    without an exception (otherwise the partial file is removed)."""
    target = Path(path)
    tmp = target.with_name(f".{target.name}{PART}")
    try:
        with tmp.open("w", encoding="utf-8", newline=newline) as fh:
            yield fh
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file."""
    with atomic_open(path) as fh:
        fh.write(text)
