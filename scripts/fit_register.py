#!/usr/bin/env python3
"""Refit the register (formality) weights shipped in discourse/classify/data/register_weights.json.

Data: Pavlick & Tetreault (2016) formality ratings, 1,000-sentence sample (news, blogs, emails,
Q&A answers), licence CC BY 3.0; the team's DEV half is
../shared/data/pavlick_formality/pavlick_formality.csv (columns id, text, label, score; score is
the mean human rating from -3, very informal, to +3, very formal).

Vocabulary: each word's formality score is its log-odds of appearing in formal prose (NYT
editorial snippets and Rotten Tomatoes review sentences, ../shared/data/vader_nyt_editorials and
vader_movie_reviews, MIT) rather than in chat (tweets: vader_tweets, MIT, and
davidson_offensive_tweets, MIT; Reddit comments: goemotions_sentiment, Apache-2.0). Only word
statistics are kept (discourse/classify/data/register_vocabulary.tsv), no text.

Model: ridge regression on standardised features (discourse.classify.register.FEATURES) with the
sign of each weight fixed by what the feature means (informal markers can only lower the score,
formal ones only raise it: the explanation never says that "!!!" made a text more formal), its
penalty chosen by repeated 10-fold cross-validation. The fitted line is rescaled so that 0 on the
0-100 formality scale is a rating of -3 and 100 a rating of +3, and each feature's weight becomes
"score points per unit of the feature". Features the ratings never show (emoji, @handles: the
sentences come from 2010-era news, blogs, e-mails and answers) take the weight of slang.

Usage:
    .venv/bin/python scripts/fit_register.py [--data CSV] [--out JSON] [--dry-run]
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr
from sklearn.linear_model import Ridge
from sklearn.model_selection import RepeatedKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from discourse.classify.doc import Doc  # noqa: E402
from discourse.classify.register import (  # noqa: E402
    FEATURES,
    FORMAL_FEATURES,
    TEXT_FEATURES,
    Vocabulary,
    extract,
)

DATA = ROOT.parent / "shared" / "data"
DEFAULT_DATA = DATA / "pavlick_formality" / "pavlick_formality.csv"
OUT_DIR = ROOT / "discourse" / "classify" / "data"
FORMAL_SETS = ("vader_nyt_editorials", "vader_movie_reviews")  # MIT
INFORMAL_SETS = ("vader_tweets", "davidson_offensive_tweets", "goemotions_sentiment")  # MIT, MIT, Apache-2.0
MIN_COUNT = 3  # a word must occur in this many texts of the two corpora to get a score
MIN_ABS_SCORE = 0.25  # scores closer to 0 say little and are left out to keep the file small
UNKNOWN_SCORES = (0.0, 1.0, 1.5)
ALPHAS = (100.0, 300.0, 800.0, 1600.0)
# Chat markers the ratings hardly show (emoji and @handles never; interjections in 2% of the
# sentences, mostly "Yes,"/"No," in careful answers) take the weight of slang.
TIED = {"emoji": "slang", "handle": "slang", "interjection": "slang"}
SCALE_MIN, SCALE_MAX = -3.0, 3.0  # the rating scale of the data


def read(path: Path) -> tuple[list[str], np.ndarray]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [r["text"] for r in rows], np.array([float(r["score"]) if r.get("score") else 0.0 for r in rows])


def build_vocabulary(data: Path) -> dict[str, float]:
    """Word → log-odds of occurring in a formal rather than an informal text (document counts)."""

    def doc_counts(names: tuple[str, ...]) -> tuple[Counter[str], int]:
        counts: Counter[str] = Counter()
        n = 0
        for name in names:
            texts, _ = read(data / name / f"{name}.csv")
            n += len(texts)
            for t in texts:
                counts.update(set(Doc(t).lower_words))
        return counts, n

    formal, nf = doc_counts(FORMAL_SETS)
    informal, ni = doc_counts(INFORMAL_SETS)
    out = {}
    for w in set(formal) | set(informal):
        a, b = formal[w], informal[w]
        if a + b < MIN_COUNT or any(ch.isdigit() for ch in w):
            continue
        score = math.log((a + 0.5) / (nf + 1)) - math.log((b + 0.5) / (ni + 1))
        if abs(score) >= MIN_ABS_SCORE:
            out[w] = round(score, 2)
    return dict(sorted(out.items()))


def matrix(texts: list[str], vocabulary: Vocabulary | None) -> np.ndarray:
    out = np.zeros((len(texts), len(FEATURES)))
    for i, t in enumerate(texts):
        values = extract(Doc(t), vocabulary).values
        out[i] = [values.get(f, 0.0) for f in FEATURES]
    return out


def signs() -> np.ndarray:
    """+1 for features that can only raise formality, -1 for those that can only lower it."""
    return np.array([1.0 if f in FORMAL_FEATURES else -1.0 for f in FEATURES])


def _fit(x: np.ndarray, y: np.ndarray, alpha: float) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    """Sign-constrained ridge; returns coefficients per raw unit, intercept, mean and sd."""
    sg = signs()
    fitted = [k for k, f in enumerate(FEATURES) if f not in TIED]
    mu, sd = x.mean(0), x.std(0) + 1e-9
    z = (x[:, fitted] - mu[fitted]) / sd[fitted] * sg[fitted]
    model = Ridge(alpha=alpha, positive=True).fit(z, y)
    coef = np.zeros(len(FEATURES))
    coef[fitted] = model.coef_ * sg[fitted] / sd[fitted]
    for f, like in TIED.items():
        coef[FEATURES.index(f)] = coef[FEATURES.index(like)]
    intercept = float(model.intercept_) - float(np.sum(coef[fitted] * mu[fitted]))
    return coef, intercept, mu, sd


def predict(coef: np.ndarray, intercept: float, x: np.ndarray) -> np.ndarray:
    return intercept + x @ coef


def cv_spearman(x: np.ndarray, y: np.ndarray, alpha: float, seed: int = 0) -> tuple[float, float]:
    """Mean and spread of held-out Spearman rho over 5 x 10-fold cross-validation."""
    rhos = []
    for train, test in RepeatedKFold(n_splits=10, n_repeats=5, random_state=seed).split(x):
        coef, b, _, _ = _fit(x[train], y[train], alpha)
        rhos.append(spearmanr(predict(coef, b, x[test]), y[test]).statistic)
    return float(np.mean(rhos)), float(np.std(rhos))


def cv_pooled(x: np.ndarray, y: np.ndarray, alpha: float, seed: int = 0) -> float:
    """Spearman rho of out-of-fold predictions pooled over a 10-fold split (mean of 5 seeds)."""
    rhos = []
    for rep in range(5):
        pred = np.zeros(len(y))
        for train, test in RepeatedKFold(n_splits=10, n_repeats=1, random_state=seed + rep).split(x):
            coef, b, _, _ = _fit(x[train], y[train], alpha)
            pred[test] = predict(coef, b, x[test])
        rhos.append(spearmanr(pred, y).statistic)
    return float(np.mean(rhos))


def stretch(x: np.ndarray, y: np.ndarray, alpha: float) -> tuple[float, float]:
    """Undo ridge shrinkage: the line from out-of-fold predictions to ratings (a + b * pred).

    A heavy penalty ranks well but squeezes every score towards the middle; stretching the
    fitted line back keeps the ranking and lets "rating > 1 = formal" hold on the 0-100 scale.
    """
    pred = np.zeros(len(y))
    for train, test in RepeatedKFold(n_splits=10, n_repeats=1, random_state=0).split(x):
        coef, b, _, _ = _fit(x[train], y[train], alpha)
        pred[test] = predict(coef, b, x[test])
    slope, intercept = np.polyfit(pred, y, 1)
    return float(intercept), float(slope)


def to_points(x: np.ndarray, y: np.ndarray, alpha: float) -> dict:
    coef, intercept, _, sd = _fit(x, y, alpha)
    a, b = stretch(x, y, alpha)
    coef, intercept = coef * b, a + b * intercept
    points = 100.0 / (SCALE_MAX - SCALE_MIN)
    reference = {
        f: float(np.median(x[:, k]))
        for k, f in enumerate(FEATURES)
        if f in TEXT_FEATURES and f != "all_lowercase" and f != "no_final_punct"
    }
    ref = np.array([reference.get(f, 0.0) for f in FEATURES])
    rating_at_ref = intercept + float(np.sum(coef * ref))
    return {
        "coef": {f: round(float(coef[k] * points), 4) for k, f in enumerate(FEATURES)},
        "reference": {f: round(v, 4) for f, v in reference.items()},
        "baseline": round(float((rating_at_ref - SCALE_MIN) * points), 3),
        "standardised": {f: float(coef[k] * sd[k]) for k, f in enumerate(FEATURES)},
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--corpora", type=Path, default=DATA, help="folder with the vocabulary corpora")
    ap.add_argument("--out-dir", type=Path, default=OUT_DIR)
    ap.add_argument("--dry-run", action="store_true", help="report only; do not write files")
    args = ap.parse_args()
    texts, y = read(args.data)
    scores = build_vocabulary(args.corpora)
    print(f"vocabulary: {len(scores)} words")
    best = (-1.0, 0.0, 0.0, None)
    for unknown in UNKNOWN_SCORES:
        x = matrix(texts, Vocabulary(scores, unknown))
        for alpha in ALPHAS:
            m, sd = cv_spearman(x, y, alpha)
            print(f"unknown={unknown} alpha={alpha:>5}: CV Spearman rho {m:.3f} (sd {sd:.3f})")
            if m > best[0]:
                best = (m, unknown, alpha, x)
    rho, unknown, alpha, x = best
    assert x is not None
    pooled = cv_pooled(x, y, alpha)
    no_vocab = cv_spearman(matrix(texts, None), y, alpha)[0]
    model = to_points(x, y, alpha)
    print(
        f"chosen unknown={unknown} alpha={alpha}: CV rho {rho:.3f} (pooled {pooled:.3f}); "
        f"without vocabulary {no_vocab:.3f}; baseline {model['baseline']:.1f} points"
    )
    for f in sorted(FEATURES, key=lambda f: -abs(model["standardised"][f])):
        print(f"  {f:<16} {model['standardised'][f]:+.3f} (per sd)  {model['coef'][f]:+9.2f} points/unit")
    if args.dry_run:
        return 0
    payload = {
        "about": (
            "Register (formality) model fitted by scripts/fit_register.py: sign-constrained ridge "
            "regression on standardised features, rescaled to 0-100 formality points. coef = points "
            "per unit of a feature; features in 'reference' count from that value (the training "
            "median), the others from 0. The vocabulary feature reads register_vocabulary.tsv."
        ),
        "data": "pavlick_formality (Pavlick & Tetreault 2016), CC BY 3.0",
        "vocabulary_data": "vader_nyt_editorials, vader_movie_reviews, vader_tweets (MIT); "
        "davidson_offensive_tweets (MIT); goemotions_sentiment (Apache-2.0)",
        "alpha": alpha,
        "cv_spearman": round(rho, 4),
        "cv_spearman_pooled": round(pooled, 4),
        "n": len(y),
        "unknown_word_score": unknown,
        "baseline": model["baseline"],
        "reference": model["reference"],
        "coef": model["coef"],
    }
    args.out_dir.mkdir(parents=True, exist_ok=True)
    (args.out_dir / "register_weights.json").write_text(
        json.dumps(payload, indent=1) + "\n", encoding="utf-8"
    )
    with (args.out_dir / "register_vocabulary.tsv").open("w", encoding="utf-8") as fh:
        fh.write(
            "# Word formality scores: log-odds of a word occurring in formal prose (NYT editorial "
            "snippets, movie-review sentences; MIT) vs chat (tweets, MIT; Reddit comments, "
            "Apache-2.0). Made by scripts/fit_register.py; statistics only, no text.\n"
        )
        for w, sc in scores.items():
            fh.write(f"{w}\t{sc}\n")
    print(f"wrote {args.out_dir}/register_weights.json and register_vocabulary.tsv")
    return 0


if __name__ == "__main__":
    sys.exit(main())
