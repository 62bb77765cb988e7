"""Comment classifiers behind one interface, their registry, and the scorer that runs them all."""

from __future__ import annotations

from .base import ArticleContext, Classifier, Context, create, register, registered
from .doc import Doc

__all__ = [
    "ArticleContext",
    "Classifier",
    "Context",
    "Doc",
    "create",
    "register",
    "registered",
]
