"""Page dumps (browser select-all / innerText): split into article, comments and furniture.

FOUNDATION PLACEHOLDER: the page-dump issue replaces this with the real line classifier.
"""

from __future__ import annotations

from ..config import Settings
from ..model import Article, Page


def parse_dump(text: str, source: str, *, settings: Settings) -> Page:
    lines = [ln.strip() for ln in text.split("\n")]
    content = [ln for ln in lines if ln]
    title = content[0] if content else None
    body = "\n\n".join(content[1:])
    return Page(source=source, article=Article(title=title, body=body), kind="dump")
