"""Comment classifiers behind one interface, their registry, and the scorer that runs them all.

The ``@register`` decorator lives in :mod:`discourse.classify.base`; it is not re-exported here
because ``discourse.classify.register`` is the register (formality) classifier's module.
"""

from __future__ import annotations

from .base import ArticleContext, Classifier, Context, create, registered
from .doc import Doc

__all__ = [
    "ArticleContext",
    "Classifier",
    "Context",
    "Doc",
    "create",
    "registered",
]
