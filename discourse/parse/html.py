"""HTML pages: metadata, main text and DOM comments.

FOUNDATION PLACEHOLDER: the HTML issue replaces this with the real extractor.
"""

from __future__ import annotations

import lxml.html

from ..config import Settings
from ..errors import InputFormatError
from ..model import Article, Page


def parse_html(text: str, source: str, *, settings: Settings) -> Page:
    try:
        root = lxml.html.document_fromstring(text)
    except Exception as exc:  # noqa: BLE001
        raise InputFormatError(source, f"not readable as HTML ({exc})") from None
    title = (root.findtext(".//title") or "").strip() or None
    paras = [p.text_content().strip() for p in root.iter("p")]
    return Page(source=source, article=Article(title=title, body="\n\n".join(p for p in paras if p)),
                kind="html")
