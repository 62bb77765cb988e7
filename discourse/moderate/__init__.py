"""The moderation queue (``discourse moderate``) and the review of moderators' decisions.

Toxicity bands reuse the ``[moderation]`` thresholds (the classifier's own); ``[moderate]``
holds only what the queue adds (which band holds a comment, flags that always hold, thread
heat). Whatever classifiers the registry holds are used; when none provides ``toxicity`` or
``flags`` the queue says so and ranks by what it has. Renderers live in
``discourse.report.moderation``; this package builds data only.
"""

from __future__ import annotations

from .queue import STATUSES, Queue, QueueItem, Reason, WhatIf, build_queue, what_if
from .review import BANDS, DECISIONS, FlagReview, Review, review_decisions
from .thresholds import BAND_KEYS, Thresholds, band_thresholds, thresholds_from

__all__ = [
    "BANDS",
    "DECISIONS",
    "BAND_KEYS",
    "STATUSES",
    "FlagReview",
    "Queue",
    "QueueItem",
    "Reason",
    "Review",
    "Thresholds",
    "WhatIf",
    "band_thresholds",
    "build_queue",
    "review_decisions",
    "thresholds_from",
    "what_if",
]
