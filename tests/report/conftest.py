"""Fixtures of the report tests: the sample pages of ``tests/sample_pages.py``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from sample_pages import discussion_page, hostile_page  # noqa: E402

from discourse.model import Page  # noqa: E402


@pytest.fixture()
def tram() -> Page:
    return discussion_page()


@pytest.fixture()
def hostile() -> Page:
    return hostile_page()
