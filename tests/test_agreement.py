"""Agreement statistics against hand-computed tables and against scikit-learn / krippendorff."""

from __future__ import annotations

import random

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from discourse.agreement import (
    best_threshold,
    binary_scores,
    cohen_kappa,
    confusion_matrix,
    fleiss_kappa,
    krippendorff_alpha_nominal,
    observed_agreement,
    pairwise_kappas,
)

# Two raters, ten comments, three sentiment labels (written for this test).
#   item:  1   2   3   4   5   6   7   8   9   10
#   A:    pos pos pos neu neu neu neg neg neg pos
#   B:    pos pos neu neu neu neg neg neg pos pos
# Agreement on items 1,2,4,5,7,8,10 → p_o = 7/10 = 0.7.
# A's marginals: pos 4, neu 3, neg 3; B's: pos 4, neu 3, neg 3.
# p_e = 0.4·0.4 + 0.3·0.3 + 0.3·0.3 = 0.34.
# κ = (0.7 − 0.34) / (1 − 0.34) = 0.36 / 0.66 = 6/11 ≈ 0.5455.
RATER_A = ["pos", "pos", "pos", "neu", "neu", "neu", "neg", "neg", "neg", "pos"]
RATER_B = ["pos", "pos", "neu", "neu", "neu", "neg", "neg", "neg", "pos", "pos"]

# Four comments, three raters, two labels (written for this test).
#   item 1: A A A   item 2: A A B   item 3: B B B   item 4: A B B
# Fleiss: P_i = (Σ n_ij² − m) / (m(m − 1)) with m = 3:
#   P_1 = (9 − 3)/6 = 1, P_2 = (4 + 1 − 3)/6 = 1/3, P_3 = 1, P_4 = 1/3 → P̄ = 2/3.
#   p_A = 6/12 = 0.5, p_B = 0.5 → P_e = 0.5.  κ = (2/3 − 1/2) / (1 − 1/2) = 1/3.
# Krippendorff (nominal): coincidences, each unit's ordered pairs weighted 1/(m − 1) = 1/2:
#   o_AA = 3 + 1 = 4, o_BB = 3 + 1 = 4, o_AB = o_BA = 1 + 1 = 2; n_A = n_B = 6, n = 12.
#   α = 1 − (n − 1)·(o_AB + o_BA) / (n_A·n_B + n_B·n_A) = 1 − 11·4/72 = 7/18 ≈ 0.3889.
CLASS = [["A", "A", "A"], ["A", "A", "B"], ["B", "B", "B"], ["A", "B", "B"]]

# Missing ratings (written for this test): three raters, five units.
#   unit 1: x x —    unit 2: x y y    unit 3: — y —    unit 4: y y y    unit 5: x — y
# Unit 3 has one rating: not pairable, drops out.
#   unit 1 (m=2): o_xx += 2/1 = 2
#   unit 2 (m=3): ordered pairs y-y 2, x-y 2, y-x 2, each /2 → o_yy += 1, o_xy += 1, o_yx += 1
#   unit 4 (m=3): o_yy += 6/2 = 3
#   unit 5 (m=2): o_xy += 1, o_yx += 1
# o_xx = 2, o_yy = 4, o_xy = o_yx = 2; n_x = 4, n_y = 6, n = 10.
# α = 1 − 9·4 / (2·4·6) = 1 − 36/48 = 0.25.
MISSING = [["x", "x", None], ["x", "y", "y"], [None, "y", None], ["y", "y", "y"], ["x", None, "y"]]


def _kripp(table: list[list[str | None]]) -> float:
    """The krippendorff package's α for an items × raters table of labels."""
    labels = sorted({x for row in table for x in row if x is not None})
    code = {lab: float(i) for i, lab in enumerate(labels)}
    data = np.array([[np.nan if x is None else code[x] for x in row] for row in table]).T
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def test_cohen_kappa_hand_example() -> None:
    assert observed_agreement(RATER_A, RATER_B) == pytest.approx(0.7)
    assert cohen_kappa(RATER_A, RATER_B) == pytest.approx(6 / 11)
    assert cohen_kappa(RATER_A, RATER_B) == pytest.approx(cohen_kappa_score(RATER_A, RATER_B))


def test_cohen_kappa_two_by_two_hand_example() -> None:
    # 20 items: yes/yes 8, yes/no 2, no/yes 4, no/no 6. p_o = 14/20 = 0.7.
    # A says yes 10/20 = 0.5, B says yes 12/20 = 0.6: p_e = 0.5·0.6 + 0.5·0.4 = 0.5.
    # κ = (0.7 − 0.5) / 0.5 = 0.4.
    a = ["y"] * 10 + ["n"] * 10
    b = ["y"] * 8 + ["n"] * 2 + ["y"] * 4 + ["n"] * 6
    assert cohen_kappa(a, b) == pytest.approx(0.4)


def test_cohen_kappa_ignores_items_a_rater_skipped() -> None:
    a = [*RATER_A, "pos", None]
    b = [*RATER_B, None, "neg"]
    assert cohen_kappa(a, b) == pytest.approx(6 / 11)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ([], [], None),  # nothing to compare
        (["x", "x"], ["x", "x"], None),  # one label throughout: 0/0
        (["x", "y"], ["y", "x"], -1.0),  # perfect disagreement
        (["x", "y", "x"], ["x", "y", "x"], 1.0),  # perfect agreement
    ],
)
def test_cohen_kappa_edges(a: list[str], b: list[str], expected: float | None) -> None:
    got = cohen_kappa(a, b)
    assert got == (pytest.approx(expected) if expected is not None else None)


def test_cohen_kappa_matches_sklearn_on_random_tables() -> None:
    rng = random.Random(7)
    for _ in range(40):
        n = rng.randint(5, 60)
        labels = ["a", "b", "c", "d"][: rng.randint(2, 4)]
        a = [rng.choice(labels) for _ in range(n)]
        # Make b agree with a more often than chance so κ is not always near 0.
        b = [x if rng.random() < 0.6 else rng.choice(labels) for x in a]
        if len(set(a)) == 1 and len(set(b)) == 1:
            continue
        assert cohen_kappa(a, b) == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)


def test_fleiss_kappa_hand_example() -> None:
    stat = fleiss_kappa(CLASS)
    assert stat.value == pytest.approx(1 / 3)
    assert (stat.items, stat.raters) == (4, 3)


def test_fleiss_kappa_uses_complete_items_only() -> None:
    stat = fleiss_kappa([*CLASS, ["A", None, "B"]])
    assert stat.value == pytest.approx(1 / 3)
    assert stat.items == 4


def test_fleiss_kappa_equals_cohen_for_two_raters_with_equal_marginals() -> None:
    # With two raters whose label frequencies are equal, Fleiss' p_e equals Cohen's p_e.
    table = [[x, y] for x, y in zip(RATER_A, RATER_B, strict=True)]
    assert fleiss_kappa(table).value == pytest.approx(6 / 11)


def test_krippendorff_hand_examples() -> None:
    assert krippendorff_alpha_nominal(CLASS).value == pytest.approx(7 / 18)
    stat = krippendorff_alpha_nominal(MISSING)
    assert stat.value == pytest.approx(0.25)
    assert stat.items == 4  # unit 3 had a single rating


def test_krippendorff_matches_the_package() -> None:
    assert krippendorff_alpha_nominal(CLASS).value == pytest.approx(_kripp(CLASS))
    assert krippendorff_alpha_nominal(MISSING).value == pytest.approx(_kripp(MISSING))
    rng = random.Random(11)
    for _ in range(30):
        labels = ["neg", "neu", "pos"]
        n_items, n_raters = rng.randint(4, 30), rng.randint(2, 6)
        truth = [rng.choice(labels) for _ in range(n_items)]
        table: list[list[str | None]] = [
            [
                None if rng.random() < 0.15 else (t if rng.random() < 0.7 else rng.choice(labels))
                for _ in range(n_raters)
            ]
            for t in truth
        ]
        used = {x for row in table for x in row if x is not None}
        if len(used) < 2:
            continue
        assert krippendorff_alpha_nominal(table).value == pytest.approx(_kripp(table), abs=1e-9)


def test_class_statistics_undefined_cases() -> None:
    assert fleiss_kappa([]).value is None
    assert krippendorff_alpha_nominal([["a", "a"], ["a", "a"]]).value is None  # one label only
    assert krippendorff_alpha_nominal([["a", None], [None, "b"]]).value is None  # nothing pairable


def test_pairwise_kappas_names_every_pair_once() -> None:
    got = pairwise_kappas({"ann": RATER_A, "bo": RATER_B, "cy": RATER_A})
    assert list(got) == [("ann", "bo"), ("ann", "cy"), ("bo", "cy")]
    assert got[("ann", "cy")] == pytest.approx(1.0)
    assert got[("bo", "cy")] == pytest.approx(6 / 11)


def test_confusion_matrix_rows_are_truth() -> None:
    m = confusion_matrix(RATER_A, RATER_B, ["neg", "neu", "pos"])
    # A=neg: B said neg twice (items 7, 8) and pos once (item 9).
    assert m == [[2, 0, 1], [1, 2, 0], [0, 1, 3]]


def test_binary_scores_and_best_threshold() -> None:
    # Scores and decisions (True = removed). Hand count at t = 0.6: held = {0.9, 0.8, 0.6};
    # removed = {0.9, 0.6, 0.4}: tp 2, fp 1, fn 1 → precision = recall = F1 = 2/3.
    scores = [0.9, 0.8, 0.6, 0.4, 0.2, 0.1]
    truth = [True, False, True, True, False, False]
    s = binary_scores([x >= 0.6 for x in scores], truth)
    assert (s.tp, s.fp, s.fn, s.tn) == (2, 1, 1, 2)
    assert s.f1 == pytest.approx(2 / 3)
    # At t = 0.4: tp 3, fp 1, fn 0 → precision 3/4, recall 1, F1 = 6/7 (the best);
    # J = 1 + 2/3 − 1 = 2/3, also the best J.
    choice = best_threshold(scores, truth, "f1")
    assert choice is not None and choice.threshold == 0.4
    assert choice.scores.f1 == pytest.approx(6 / 7)
    j = best_threshold(scores, truth, "youden")
    assert j is not None and j.threshold == 0.4 and j.scores.youden_j == pytest.approx(2 / 3)


def test_best_threshold_needs_both_kinds_of_decision() -> None:
    assert best_threshold([0.2, 0.9], [True, True]) is None
    assert best_threshold([0.2, 0.9], [False, False]) is None
    with pytest.raises(ValueError):
        best_threshold([0.2], [True], "accuracy")
