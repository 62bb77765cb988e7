"""Moved to :mod:`discourse.csvsafe` (layer 0, so that classify can use it); kept as an alias."""

from __future__ import annotations

from ..csvsafe import FORMULA_PREFIXES, safe_cell, safe_row

__all__ = ["FORMULA_PREFIXES", "safe_cell", "safe_row"]
