"""Themes: sizes from 0 to thousands of comments, readable labels, determinism, and the pieces
(plural folding, Ward cuts, silhouette) checked against reference implementations."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import numpy as np
import pytest
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.metrics import adjusted_mutual_info_score, silhouette_score

from discourse.cluster import (
    UNPLACED_LABEL,
    ClusterParams,
    _prefer_bigrams,
    cosine_distances,
    find_themes,
    fold,
    silhouette,
    tree_cuts,
)

# Two topics, written for these tests: bike lanes in a city, and school exam results.
BIKES = [
    "The new bike lanes on Main Street are a disaster for delivery vans.",
    "Cyclists finally have protected bike lanes, about time the council did this.",
    "I ride to work every day and the bike lanes made my commute so much safer.",
    "Parking spaces vanished for these bike lanes and shops on Main Street suffer.",
    "Bike lanes are empty in winter, the council wasted money on paint.",
    "My kids can cycle to school now thanks to the protected bike lanes.",
    "Delivery vans block the bike lanes every morning, nobody enforces anything.",
    "The council should extend the bike lanes to the harbour district.",
    "Cycling numbers doubled since the bike lanes opened, the data is clear.",
    "Drivers hate the bike lanes because they lost two parking lanes.",
    "Protected bike lanes work in Copenhagen and they work here too.",
    "Main Street traffic is slower since the bike lanes, but the air is cleaner.",
]
EXAMS = [
    "Exam results dropped again and teachers blame the new curriculum.",
    "My daughter studied for months and her maths exam grade was still unfair.",
    "Schools should publish exam results by subject, not only the average grade.",
    "The curriculum changed three times in five years, no wonder exam grades fell.",
    "Teachers are exhausted, marking exam papers in the holidays for no extra pay.",
    "Private tutoring decides exam grades now, poorer pupils cannot keep up.",
    "The exam board admitted errors in the maths paper marking.",
    "Grades inflated during the pandemic, so this year's exam results look worse.",
    "Pupils need fewer exams and more project work, the curriculum is outdated.",
    "Our school's exam results improved because teachers ran extra maths classes.",
    "The ministry blames teachers for exam results but cut school budgets.",
    "A maths exam with twenty pages of reading is a reading test, not maths.",
]


def test_no_comments() -> None:
    themes = find_themes([])
    assert themes.method == "none" and themes.themes == () and themes.assignments.size == 0


@pytest.mark.parametrize("n", [1, 2, 5])
def test_a_handful_of_comments_is_one_theme(n: int) -> None:
    themes = find_themes(BIKES[:n])
    assert len(themes.themes) == 1
    assert themes.themes[0].size == n
    assert themes.assignments.tolist() == [0] * n


def test_two_topics_are_recovered_with_readable_labels() -> None:
    texts = [t for pair in zip(BIKES, EXAMS, strict=True) for t in pair]
    truth = [i % 2 for i in range(len(texts))]
    themes = find_themes(texts)
    placed = [t for t in themes.themes if t.placed]
    assert len(placed) >= 2
    assert adjusted_mutual_info_score(truth, themes.assignments) > 0.5
    labels = " ".join(t.label for t in placed)
    assert "bike" in labels and "exam" in labels
    # Exemplars are members of their own theme, at most the configured number.
    for t in themes.themes:
        assert 1 <= len(t.exemplars) <= 3
        assert all(themes.assignments[i] == t.id for i in t.exemplars)


def test_theme_ids_follow_size_and_sizes_add_up() -> None:
    texts = BIKES + EXAMS[:6]
    themes = find_themes(texts)
    sizes = [t.size for t in themes.themes if t.placed]
    assert sizes == sorted(sizes, reverse=True)
    assert sum(t.size for t in themes.themes) == len(texts)
    assert [t.id for t in themes.themes] == list(range(len(themes.themes)))
    assert Counter(themes.assignments.tolist()) == {t.id: t.size for t in themes.themes}


def test_deterministic_and_independent_of_earlier_calls() -> None:
    texts = EXAMS + BIKES
    first = find_themes(texts)
    find_themes(BIKES)  # nothing carried over between calls
    again = find_themes(texts)
    assert first.assignments.tolist() == again.assignments.tolist()
    assert [t.label for t in first.themes] == [t.label for t in again.themes]


def test_identical_comments_share_their_words_as_theme() -> None:
    themes = find_themes(["Stop the new parking fees now!"] * 20)
    assert len(themes.themes) == 1
    assert themes.themes[0].placed and "parking" in themes.themes[0].label


def test_comments_without_words_get_their_own_labelled_theme() -> None:
    texts = BIKES + ["+1", "👍👍", "", "Yes!!! lol"]
    themes = find_themes(texts)
    unplaced = [t for t in themes.themes if not t.placed]
    assert len(unplaced) == 1 and unplaced[0].label == UNPLACED_LABEL
    assert unplaced[0].size == 4 and unplaced[0].id == len(themes.themes) - 1
    assert all(themes.assignments[i] == unplaced[0].id for i in range(len(BIKES), len(texts)))


def test_only_empty_comments() -> None:
    themes = find_themes(["", "", "   "])
    assert [t.label for t in themes.themes] == [UNPLACED_LABEL]


def test_stopwords_of_the_discussions_language_stay_out_of_labels() -> None:
    texts = [
        "Die neue Brücke über den Fluss ist seit Wochen gesperrt und der Verkehr staut sich.",
        "Ich fahre jeden Tag über die Brücke, und die Umleitung kostet mich eine Stunde.",
        "Die Stadt hätte die Brücke früher sanieren müssen, das wussten alle.",
        "Der Verkehr in der Innenstadt ist wegen der Brücke ein Chaos.",
        "Wann wird die Brücke endlich wieder geöffnet? Niemand sagt etwas.",
        "Die Sanierung der Brücke war überfällig, aber die Planung ist schlecht.",
        "Für Radfahrer gibt es über die Brücke keine sichere Umleitung.",
    ]
    themes = find_themes(texts)
    words = {w for t in themes.themes for term in t.terms for w in term.split()}
    assert "brücke" in words
    assert not words & {"die", "der", "und", "ist", "ich", "über", "wird"}


def test_large_discussions_use_minibatch_without_one_bin_swallowing_all() -> None:
    rng = np.random.default_rng(7)
    texts = [str(rng.choice(BIKES + EXAMS)) + f" comment {i}" for i in range(600)]
    params = replace(ClusterParams(), large_threshold=200, sample_size=150)
    themes = find_themes(texts, params)
    assert themes.method == "minibatch"
    assert themes.assignments.size == 600
    largest = max(t.size for t in themes.themes)
    assert largest < 0.9 * 600
    again = find_themes(texts, params)
    assert themes.assignments.tolist() == again.assignments.tolist()


def test_max_themes_bounds_the_number_of_themes() -> None:
    texts = [t for pair in zip(BIKES, EXAMS, strict=True) for t in pair] * 3
    themes = find_themes(texts, replace(ClusterParams(), max_themes=2))
    assert len([t for t in themes.themes if t.placed]) <= 2


@pytest.mark.parametrize(
    ("word", "folded"),
    [
        ("troops", "troop"),
        ("policies", "policy"),
        ("putin's", "putin"),
        ("news", "news"),
        ("bus", "bus"),
        ("analysis", "analysis"),
        ("class", "class"),
        ("politics", "politics"),
        ("gas", "gas"),
        ("cats", "cat"),
        ("series", "series"),
    ],
)
def test_fold(word: str, folded: str) -> None:
    assert fold(word) == folded


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        (["fee", "parking", "parking fee"], ["parking fee"]),
        (["cooperate", "cooperate militarily", "deep"], ["cooperate militarily", "deep"]),
        (["north korea", "korea", "north", "troop"], ["north korea", "troop"]),
        (["a b", "b c"], ["a b"]),
    ],
)
def test_prefer_bigrams(terms: list[str], expected: list[str]) -> None:
    assert _prefer_bigrams(terms) == expected


def test_tree_cuts_match_scipy_fcluster() -> None:
    rng = np.random.default_rng(3)
    Z = rng.normal(size=(40, 5))
    tree = linkage(Z, method="ward")
    cuts = tree_cuts(tree, 40, range(2, 8))
    for k in range(2, 8):
        ours = cuts[k]
        ref = fcluster(tree, k, criterion="maxclust")
        assert len(set(ours)) == k
        # Same partition, whatever the numbering.
        assert adjusted_mutual_info_score(ref, ours) == pytest.approx(1.0)


def test_silhouette_matches_scikit_learn() -> None:
    rng = np.random.default_rng(5)
    Z = rng.normal(size=(60, 4))
    Z /= np.linalg.norm(Z, axis=1, keepdims=True)
    labels = rng.integers(0, 3, size=60)
    ours = silhouette(cosine_distances(Z), labels, 3)
    assert ours == pytest.approx(silhouette_score(Z, labels, metric="cosine"), abs=1e-5)
