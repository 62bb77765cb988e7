#!/usr/bin/env python3
"""Refit the sentiment calibration model (discourse/classify/data/sentiment_model.json).

Usage:
    OMP_NUM_THREADS=1 .venv/bin/python scripts/fit_sentiment.py [--data ../shared/data] [--cv] [--out PATH]

Data (the DEV halves in ../shared/data; see its README), all under permissive licences:
  - vader_tweets, vader_nyt_editorials, vader_movie_reviews, vader_amazon_reviews:
    Hutto & Gilbert (ICWSM 2014) ground truth from cjhutto/vaderSentiment, MIT licence;
  - goemotions_sentiment: GoEmotions (Demszky et al., ACL 2020), Apache-2.0 licence.
SOCC (CC BY-NC-SA) and news_comments_dev (development only) are not used for fitting.

Model: multinomial logistic regression (scikit-learn, lbfgs, L2, C=0.05) over VADER's scores
(``VADER_FEATURES``) and binary word features (lower-cased words, ``NOT_word`` within three words
after a negator; words seen in at least 2 texts), each data set weighted equally, class weights
neutral 1.3 / negative 1.2 / positive 1.0 (macro-F1 rewards the rarer classes). Words whose
weights all stay within ``--prune`` of zero are dropped to keep the file small.

``--cv`` prints, before fitting, the in-domain cross-validation that chose these settings
(2-fold stratified within each set, 4 seeds; the label taken only where the model is at least
``min_confidence`` sure, as the classifier does) and a leave-one-set-out run: macro-F1 of the
calibrated labels minus plain VADER's (±0.05), per set.
Set OMP_NUM_THREADS=1 on a shared machine: threaded BLAS makes lbfgs 20x slower there.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

from discourse.classify.doc import Doc
from discourse.classify.sentiment import LABELS, VADER_FEATURES, vader_features, vader_label, word_features
from discourse.classify.vader import FastVader, package_version

SETS = {
    "vader_tweets": "MIT",
    "vader_nyt_editorials": "MIT",
    "vader_movie_reviews": "MIT",
    "vader_amazon_reviews": "MIT",
    "goemotions_sentiment": "Apache-2.0",
}
C = 0.05
CLASS_WEIGHT = {"negative": 1.2, "neutral": 1.3, "positive": 1.0}
MIN_DF = 2
MIN_CONFIDENCE = 0.45  # the classifier's default; kept in step with defaults.toml
THRESHOLD = 0.05


class Data:
    """Texts, labels, data-set names and precomputed features of all training rows."""

    def __init__(self, root: Path) -> None:
        vader = FastVader()
        self.sets: list[str] = []
        self.labels: list[str] = []
        self.vfeats: list[list[float]] = []
        self.words: list[list[str]] = []
        self.compound: list[float] = []
        for name in SETS:
            path = root / name / f"{name}.csv"
            with path.open(encoding="utf-8", newline="") as f:
                for row in csv.DictReader(f):
                    doc = Doc(row["text"])
                    result = vader.analyse(doc.text, explain=False)
                    self.sets.append(name)
                    self.labels.append(row["label"])
                    self.vfeats.append(vader_features(result))
                    self.words.append([w for w, _ in word_features(doc)])
                    self.compound.append(result.compound)
        self.y = np.array(self.labels)
        self.set_arr = np.array(self.sets)
        self.plain = np.array([vader_label(c, THRESHOLD) for c in self.compound])


def fit(data: Data, idx: np.ndarray) -> tuple[LogisticRegression, CountVectorizer]:
    vec = CountVectorizer(analyzer=lambda x: x, binary=True, min_df=MIN_DF)
    xw = vec.fit_transform([data.words[i] for i in idx])
    x = sparse.hstack([np.array([data.vfeats[i] for i in idx]), xw]).tocsr()
    sets = data.set_arr[idx]
    names, counts = np.unique(sets, return_counts=True)
    per_set = dict(zip(names, len(idx) / len(names) / counts, strict=True))
    weights = np.array([per_set[s] for s in sets])  # every data set weighs the same in total
    model = LogisticRegression(C=C, max_iter=3000, class_weight=CLASS_WEIGHT)
    model.fit(x, data.y[idx], sample_weight=weights)
    return model, vec


def predict(data: Data, idx: np.ndarray, model: LogisticRegression, vec: CountVectorizer) -> np.ndarray:
    x = sparse.hstack([np.array([data.vfeats[i] for i in idx]),
                       vec.transform([data.words[i] for i in idx])]).tocsr()
    proba = model.predict_proba(x)
    best = model.classes_[proba.argmax(1)]
    return np.where(proba.max(1) >= MIN_CONFIDENCE, best, data.plain[idx])


def macro_f1(gold: np.ndarray, pred: np.ndarray) -> float:
    """Macro-F1 over the gold label set (as ``discourse evaluate`` computes it)."""
    return float(f1_score(gold, pred, labels=sorted(set(gold)), average="macro", zero_division=0))


def cross_validate(data: Data) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    deltas: dict[str, list[float]] = {s: [] for s in SETS}
    for seed in range(4):
        folds = {}
        for s in SETS:
            where = np.flatnonzero(data.set_arr == s)
            folds[s] = [(where[a], where[b]) for a, b in
                        StratifiedKFold(2, shuffle=True, random_state=seed).split(where, data.y[where])]
        for k in range(2):
            train = np.concatenate([folds[s][k][0] for s in SETS])
            model, vec = fit(data, train)
            for s in SETS:
                test = folds[s][k][1]
                pred = predict(data, test, model, vec)
                deltas[s].append(macro_f1(data.y[test], pred) - macro_f1(data.y[test], data.plain[test]))
    for s in SETS:
        out[s] = {"in_domain_mean": round(float(np.mean(deltas[s])), 4),
                  "in_domain_worst": round(float(np.min(deltas[s])), 4)}
        train = np.flatnonzero(data.set_arr != s)
        test = np.flatnonzero(data.set_arr == s)
        model, vec = fit(data, train)
        pred = predict(data, test, model, vec)
        gain = macro_f1(data.y[test], pred) - macro_f1(data.y[test], data.plain[test])
        out[s]["leave_set_out"] = round(gain, 4)
    return out


def export(model: LogisticRegression, vec: CountVectorizer, prune: float, meta: dict) -> dict:
    classes = [str(c) for c in model.classes_]
    assert sorted(classes) == sorted(LABELS), classes
    coef = model.coef_  # (classes, features)
    nv = len(VADER_FEATURES)
    vocab = vec.get_feature_names_out()
    words = {}
    for j, word in enumerate(vocab):
        w = coef[:, nv + j]
        if np.abs(w).max() >= prune:
            words[str(word)] = [round(float(x), 4) for x in w]
    return {
        "classes": classes,
        "intercept": [round(float(x), 4) for x in model.intercept_],
        "vader": {name: [round(float(x), 4) for x in coef[:, i]] for i, name in enumerate(VADER_FEATURES)},
        "words": dict(sorted(words.items())),
        "meta": {**meta, "words_kept": len(words), "words_fitted": len(vocab)},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    root = Path(__file__).resolve().parents[1]
    ap.add_argument("--data", type=Path, default=root.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=root / "discourse/classify/data/sentiment_model.json")
    ap.add_argument("--prune", type=float, default=0.05, help="drop words whose weights are all below this")
    ap.add_argument("--cv", action="store_true", help="print cross-validation figures first")
    args = ap.parse_args(argv)

    data = Data(args.data)
    print(f"{len(data.y)} texts from {len(SETS)} sets", file=sys.stderr)
    meta: dict = {
        "fitted_by": "scripts/fit_sentiment.py",
        "data": {
            name: {"licence": lic, "rows": int((data.set_arr == name).sum()),
                   "file": f"../shared/data/{name}/{name}.csv (DEV half)"}
            for name, lic in SETS.items()
        },
        "settings": {"C": C, "class_weight": CLASS_WEIGHT, "min_df": MIN_DF, "prune": args.prune,
                     "negation_scope": 3, "set_weights": "equal"},
        "vaderSentiment": package_version(),
    }
    if args.cv:
        cv = cross_validate(data)
        for s, row in cv.items():
            print(f"{s:24} in-domain {row['in_domain_mean']:+.4f} (worst fold {row['in_domain_worst']:+.4f})"
                  f"  leave-set-out {row['leave_set_out']:+.4f}")
        meta["cross_validation_macro_f1_minus_vader"] = cv
    model, vec = fit(data, np.arange(len(data.y)))
    out = export(model, vec, args.prune, meta)
    args.out.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    kept, fitted = out["meta"]["words_kept"], out["meta"]["words_fitted"]
    print(f"wrote {args.out} ({kept} of {fitted} words)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
