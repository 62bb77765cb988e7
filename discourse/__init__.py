"""discourse: turn news pages into an analysis of their reader discussion.

Pipeline: parse → classify → cluster → summarise → report. The public API is small:

    >>> from discourse import read_pages
    >>> pages = list(read_pages(["seeds/"]))
"""

from __future__ import annotations

from .config import Settings, load_settings
from .errors import (
    ColumnError,
    ConfigError,
    DiscourseError,
    InputError,
    RunError,
)
from .model import Article, Comment, Cue, Label, Page
from .parse import TableOptions, read_pages

__version__ = "0.1.0"

__all__ = [
    "Article",
    "ColumnError",
    "Comment",
    "ConfigError",
    "Cue",
    "DiscourseError",
    "InputError",
    "Label",
    "Page",
    "RunError",
    "Settings",
    "TableOptions",
    "__version__",
    "load_settings",
    "read_pages",
]
