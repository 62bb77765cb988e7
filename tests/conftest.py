"""Shared fixtures. Tests never need ../shared; quality gates over it run only where it exists
(as in CI, which clones main with ../shared beside it)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The team's shared folder (labelled data, real pages); quality gates skip without it."""
    if not (SHARED / "CONTRACT.md").is_file():
        pytest.skip("../shared is not beside the checkout: quality gate not run")
    return SHARED


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES
