#!/usr/bin/env python3
"""Measure the register and moderation classifiers on the team's labelled DEV data (../shared).

Prints: Spearman rho of formality vs human ratings and label agreement (pavlick_formality);
register label distribution and agreement on news_comments_dev and on the seed comments
(non-arguable labels); toxicity ROC AUC on davidson_offensive_tweets and socc_ctc_toxicity
(two binarisations), Brier score and band counts; flag counts on news_comments_dev.
Nothing here is fitted: it only reads the shipped classifiers.

Usage:
    .venv/bin/python scripts/measure_register_moderation.py [--shared ../shared] [--only register|moderation]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr
from sklearn.metrics import brier_score_loss, f1_score, roc_auc_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from discourse.classify import ArticleContext, Context, create  # noqa: E402
from discourse.config import load_settings  # noqa: E402


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def seed_comments(shared: Path) -> list[tuple[str, dict]]:
    """(text, gold annotation) for every annotated seed comment, found by its first words."""
    gold = json.loads((shared / "gold" / "seeds.json").read_text(encoding="utf-8"))
    out = []
    for page in gold["pages"]:
        text = (shared / "seeds" / page["file"]).read_text(encoding="utf-8")
        lines = [ln.strip() for ln in text.splitlines()]
        for c in page["comments"]:
            line = next((ln for ln in lines if ln.startswith(c["starts"])), None)
            if line:
                out.append((line, c))
    return out


def register_report(shared: Path) -> None:
    clf = create("register", **load_settings().section("register"))
    data = rows(shared / "data" / "pavlick_formality" / "pavlick_formality.csv")
    labels = [clf.score(r["text"]) for r in data]
    scores = np.array([float(r["score"]) for r in data])
    rho = spearmanr([lb.score for lb in labels], scores).statistic
    gold = [r["label"] for r in data]
    pred = [lb.label for lb in labels]
    acc = np.mean([g == p for g, p in zip(gold, pred, strict=True)])
    f1 = f1_score(gold, pred, average="macro")
    print(
        f"pavlick_formality dev (n={len(data)}): Spearman rho {rho:.3f}; labels accuracy {acc:.3f}, "
        f"macro-F1 {f1:.3f}; predicted {dict(Counter(pred))} vs gold {dict(Counter(gold))}"
    )

    news = rows(shared / "data" / "news_comments_dev" / "news_comments_dev.csv")
    pred = [clf.score(r["text"]).label for r in news]
    gold = [r["register"] for r in news]
    clear = [i for i, r in enumerate(news) if "register" not in r["arguable"].split(";")]
    agree = np.mean([pred[i] == gold[i] for i in clear])
    print(
        f"news_comments_dev (n={len(news)}): predicted {dict(Counter(pred))} vs gold {dict(Counter(gold))}; "
        f"agreement {np.mean([p == g for p, g in zip(pred, gold, strict=True)]):.3f} all, "
        f"{agree:.3f} on {len(clear)} non-arguable; macro-F1 {f1_score(gold, pred, average='macro'):.3f}"
    )

    seeds = seed_comments(shared)
    hits = [(clf.score(t).label, c["register"]) for t, c in seeds if "register" not in c["arguable"]]
    print(
        f"seeds: register {sum(p == g for p, g in hits)}/{len(hits)} agree (non-arguable); "
        f"pairs (pred, gold): {Counter(hits).most_common()}"
    )


def auc_report(name: str, texts: list[str], y: np.ndarray, clf, extra: str = "") -> np.ndarray:
    p = np.array([clf.score(t).score for t in texts])
    bands = Counter(clf.score(t).label for t in texts)
    print(
        f"{name} (n={len(texts)}, positives {int(y.sum())}): ROC AUC {roc_auc_score(y, p):.3f}; "
        f"Brier {brier_score_loss(y, p):.3f}; mean score {p.mean():.3f}; bands {dict(bands)} {extra}"
    )
    return p


def moderation_report(shared: Path) -> None:
    clf = create("moderation", **load_settings().section("moderation"))
    dav = rows(shared / "data" / "davidson_offensive_tweets" / "davidson_offensive_tweets.csv")
    y = np.array([r["label"] != "neither" for r in dav], dtype=float)
    auc_report("davidson dev, offensive or hate vs neither", [r["text"] for r in dav], y, clf)
    socc = rows(shared / "data" / "socc_ctc_toxicity" / "socc_ctc_toxicity.csv")
    texts = [r["text"] for r in socc]
    y1 = np.array([r["label"] != "not_toxic" for r in socc], dtype=float)
    p = auc_report("socc dev, any toxicity vs not_toxic", texts, y1, clf)
    y2 = np.array([r["label"] in ("toxic", "very_toxic") for r in socc], dtype=float)
    print(f"socc dev, toxic or very_toxic vs rest: ROC AUC {roc_auc_score(y2, p):.3f}")
    # With the article headline as context (the only article text SOCC gives).
    news = rows(shared / "data" / "news_comments_dev" / "news_comments_dev.csv")
    flags: Counter[str] = Counter()
    scores = []
    cache: dict[str, ArticleContext] = {}
    for r in news:
        art = cache.setdefault(r["target"], ArticleContext.of(r["target"]))
        lb = clf.score(r["text"], Context(article=art))
        scores.append(lb.score)
        flags.update(lb.extras.get("flags", ()))
    yt = np.array([float(r["toxic"]) for r in news])
    s = np.array(scores)
    print(
        f"news_comments_dev (n={len(news)}, toxic {int(yt.sum())}): mean toxicity {s.mean():.3f}, "
        f"above 0.5: {int((s >= 0.5).sum())}, toxic comment scores {s[yt == 1].round(3).tolist()}; "
        f"flags {dict(flags)}"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--only", choices=("register", "moderation"))
    args = ap.parse_args()
    if args.only in (None, "register"):
        register_report(args.shared)
    if args.only in (None, "moderation"):
        moderation_report(args.shared)
    return 0


if __name__ == "__main__":
    sys.exit(main())
