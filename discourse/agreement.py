"""Agreement and decision statistics: Cohen's κ, Fleiss' κ, Krippendorff's α (nominal),
confusion matrices, precision/recall/F1 and the threshold that best matches human decisions.

Pure functions over plain lists, no I/O. Missing ratings are ``None``. A statistic that is
undefined for the data (no items, or only one category in use so that chance agreement is
total) is returned as ``None``, never as NaN, so that renderers can say "n/a" and JSON stays
valid.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import TypeVar

T = TypeVar("T", bound=Hashable)


def _pairs(a: Sequence[T | None], b: Sequence[T | None]) -> list[tuple[T, T]]:
    if len(a) != len(b):
        raise ValueError(f"rating lists differ in length ({len(a)} vs {len(b)})")
    return [(x, y) for x, y in zip(a, b, strict=True) if x is not None and y is not None]


def observed_agreement(a: Sequence[T | None], b: Sequence[T | None]) -> float | None:
    """Share of items (rated by both) on which two raters chose the same label."""
    pairs = _pairs(a, b)
    if not pairs:
        return None
    return sum(x == y for x, y in pairs) / len(pairs)


def cohen_kappa(a: Sequence[T | None], b: Sequence[T | None]) -> float | None:
    """Cohen's κ between two raters over the items both rated.

    κ = (p_o − p_e) / (1 − p_e), where p_o is the observed agreement and p_e the agreement
    expected from each rater's own label frequencies. Same value as scikit-learn's
    ``cohen_kappa_score`` (unweighted).

    Returns:
        κ, or None when no item was rated by both or when chance agreement is total (both
        raters used one and the same label throughout: κ is 0/0).
    """
    pairs = _pairs(a, b)
    n = len(pairs)
    if n == 0:
        return None
    p_o = sum(x == y for x, y in pairs) / n
    ca = Counter(x for x, _ in pairs)
    cb = Counter(y for _, y in pairs)
    p_e = sum(ca[k] * cb.get(k, 0) for k in ca) / (n * n)
    if p_e >= 1.0:
        return None
    return (p_o - p_e) / (1.0 - p_e)


@dataclass(frozen=True, slots=True)
class ClassStatistic:
    """A class-wide agreement figure and the data it rests on.

    Attributes:
        value: the statistic, or None when undefined.
        items: items that entered the computation.
        raters: raters that entered it.
    """

    value: float | None
    items: int
    raters: int


def fleiss_kappa(ratings: Sequence[Sequence[T | None]]) -> ClassStatistic:
    """Fleiss' κ over items × raters (``ratings[i][r]`` is rater r's label for item i).

    Fleiss' κ assumes every item has the same number of ratings, so only items that every
    rater labelled are used (``items`` says how many). Use Krippendorff's α to keep the
    others.
    """
    if not ratings:
        return ClassStatistic(None, 0, 0)
    n_raters = len(ratings[0])
    if any(len(row) != n_raters for row in ratings):
        raise ValueError("every item needs one entry per rater (None for a missing rating)")
    complete = [row for row in ratings if all(x is not None for x in row)]
    if n_raters < 2 or not complete:
        return ClassStatistic(None, len(complete), n_raters)
    m = n_raters
    totals: Counter[T] = Counter()
    p_items = []
    for row in complete:
        counts = Counter(x for x in row if x is not None)
        totals.update(counts)
        # P_i: share of agreeing rater pairs on item i.
        p_items.append((sum(c * c for c in counts.values()) - m) / (m * (m - 1)))
    n_all = len(complete) * m
    p_bar = sum(p_items) / len(complete)
    p_e = sum((c / n_all) ** 2 for c in totals.values())
    if p_e >= 1.0:
        return ClassStatistic(None, len(complete), m)
    return ClassStatistic((p_bar - p_e) / (1.0 - p_e), len(complete), m)


def krippendorff_alpha_nominal(ratings: Sequence[Sequence[T | None]]) -> ClassStatistic:
    """Krippendorff's α for nominal labels over items × raters, missing ratings allowed.

    Builds the coincidence matrix: each item with m ≥ 2 ratings contributes each ordered pair
    of its ratings with weight 1/(m − 1); items with fewer than two ratings are not pairable
    and drop out. Then α = 1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k, with n the number of
    pairable ratings and n_c their count per label. Same value as the ``krippendorff``
    package's ``alpha(..., level_of_measurement="nominal")``.

    Returns:
        α, or None when fewer than two pairable ratings exist or only one label is used.
    """
    disagree = 0.0  # Σ_{c≠k} o_ck
    n_c: Counter[T] = Counter()
    items = 0
    raters: set[int] = set()
    for row in ratings:
        values = [x for x in row if x is not None]
        m = len(values)
        if m < 2:
            continue
        items += 1
        raters.update(r for r, x in enumerate(row) if x is not None)
        counts = Counter(values)
        n_c.update(counts)
        # Ordered pairs with different labels: m² − Σ n_uc², each weighted 1/(m − 1).
        disagree += (m * m - sum(c * c for c in counts.values())) / (m - 1)
    n = sum(n_c.values())
    expected = n * n - sum(c * c for c in n_c.values())  # Σ_{c≠k} n_c n_k
    if n < 2 or expected == 0:
        return ClassStatistic(None, items, len(raters))
    return ClassStatistic(1.0 - (n - 1) * disagree / expected, items, len(raters))


def pairwise_kappas(raters: Mapping[str, Sequence[T | None]]) -> dict[tuple[str, str], float | None]:
    """Cohen's κ for every pair of raters (names in the given order)."""
    return {(x, y): cohen_kappa(raters[x], raters[y]) for x, y in combinations(raters, 2)}


def confusion_matrix(
    truth: Sequence[T | None], pred: Sequence[T | None], labels: Sequence[T]
) -> list[list[int]]:
    """Counts ``m[i][j]`` of items whose truth is ``labels[i]`` and prediction ``labels[j]``.

    Pairs with a missing side, or with a label outside ``labels``, are not counted.
    """
    index = {lab: i for i, lab in enumerate(labels)}
    m = [[0] * len(labels) for _ in labels]
    for x, y in _pairs(truth, pred):
        if x in index and y in index:
            m[index[x]][index[y]] += 1
    return m


@dataclass(frozen=True, slots=True)
class BinaryScores:
    """A yes/no decision rule scored against human decisions.

    Attributes:
        tp: rule says yes, humans said yes.  fp: rule yes, humans no.
        fn: rule no, humans yes.             tn: rule no, humans no.
    """

    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def specificity(self) -> float | None:
        return self.tn / (self.tn + self.fp) if self.tn + self.fp else None

    @property
    def youden_j(self) -> float | None:
        """Youden's J = recall + specificity − 1 (0: no better than chance, 1: perfect)."""
        r, s = self.recall, self.specificity
        return None if r is None or s is None else r + s - 1.0

    def as_dict(self) -> dict[str, float | int | None]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "youden_j": self.youden_j,
        }


def binary_scores(rule: Sequence[bool], truth: Sequence[bool]) -> BinaryScores:
    """Count agreement of a yes/no rule with yes/no truth."""
    if len(rule) != len(truth):
        raise ValueError(f"lists differ in length ({len(rule)} vs {len(truth)})")
    tp = sum(r and t for r, t in zip(rule, truth, strict=True))
    fp = sum(r and not t for r, t in zip(rule, truth, strict=True))
    fn = sum(t and not r for r, t in zip(rule, truth, strict=True))
    return BinaryScores(tp, fp, fn, len(rule) - tp - fp - fn)


@dataclass(frozen=True, slots=True)
class ThresholdChoice:
    """The threshold t ("hold when score ≥ t") that best matches the decisions."""

    threshold: float
    criterion: str
    scores: BinaryScores


def best_threshold(
    scores: Sequence[float], truth: Sequence[bool], criterion: str = "f1"
) -> ThresholdChoice | None:
    """Find the threshold t for "score ≥ t" that maximises F1 or Youden's J against truth.

    Candidates are the observed scores themselves (any t between two neighbouring scores gives
    the same decisions). Ties go to the highest threshold: hold no more comments than the
    decisions justify.

    Returns:
        The choice, or None when truth has no positive or no negative case (nothing to fit).
    """
    if criterion not in ("f1", "youden"):
        raise ValueError(f"criterion must be 'f1' or 'youden', got {criterion!r}")
    if len(scores) != len(truth):
        raise ValueError(f"lists differ in length ({len(scores)} vs {len(truth)})")
    if not any(truth) or all(truth):
        return None
    best: ThresholdChoice | None = None
    best_value = float("-inf")
    for t in sorted(set(scores), reverse=True):
        s = binary_scores([x >= t for x in scores], truth)
        value = s.f1 if criterion == "f1" else s.youden_j
        if value is not None and value > best_value + 1e-12:
            best, best_value = ThresholdChoice(t, criterion, s), value
    return best
