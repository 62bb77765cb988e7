#!/usr/bin/env python3
"""Measure the shipped ``stance`` and ``reply_stance`` classifiers on the team's labelled data.

Prints, in one run:
* news_comments_dev (real news/blog comments judged against their own article): stance
  macro-F1, per-class precision/recall and the confusion matrix, with and without the rows
  whose stance is marked arguable, with and without the article text; a majority guess and
  TF-IDF + logistic regression fitted on RumourEval (balanced class weights) beside it;
* the seed page's hand labels (non-arguable stance labels agreed with);
* reply_stance on news_comments_dev's replies and on RumourEval replies that answer the source
  tweet directly (support → agree, deny → disagree, query/comment → neutral: a proxy, since
  RumourEval labels stance toward the source, which is then the parent).

The grouped cross-validation figure on RumourEval comes from ``scripts/fit_stance.py``.

Usage:
    .venv/bin/python scripts/eval_stance.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import classification_report, confusion_matrix, f1_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from discourse.classify import ArticleContext, Context, Doc, create  # noqa: E402
from discourse.config import load_settings  # noqa: E402

STANCE = ["support", "deny", "query", "comment"]
REPLY = ["agree", "disagree", "neutral"]


def macro(y, pred, labels) -> float:
    return f1_score(y, pred, labels=labels, average="macro", zero_division=0)


def news_rows(shared: Path) -> pd.DataFrame:
    """news_comments_dev with each reply's parent text (from pages/annotations.jsonl)."""
    df = pd.read_csv(shared / "data" / "news_comments_dev" / "news_comments_dev.csv")
    ann = {}
    for line in (shared / "pages" / "annotations.jsonl").read_text(encoding="utf-8").splitlines():
        a = json.loads(line)
        ann[f"{a['page']}:{a['index']}"] = a
    parents = []
    for cid in df["id"]:
        a = ann.get(cid)
        pi = a.get("parent_index") if a else None
        parents.append(ann[f"{a['page']}:{pi}"]["text"] if pi is not None else None)
    df["parent"] = parents
    df["page"] = df["id"].str.split(":").str[0]
    df["arguable"] = df["arguable"].fillna("")
    return df


def label_news(df: pd.DataFrame, clf, with_article: bool = True) -> list:
    articles: dict[str, ArticleContext] = {}
    out = []
    for r in df.itertuples(index=False):
        art = articles.setdefault(r.page, ArticleContext(text=r.target)) if with_article else None
        parent = Doc(r.parent) if isinstance(r.parent, str) else None
        ctx = Context(article=art, parent=parent)
        out.append(clf.score(r.text, ctx) if clf.applies(ctx) else None)
    return out


def report(title: str, y, pred, labels) -> float:
    m = macro(y, pred, labels)
    print(f"\n## {title}: macro-F1 {m:.3f} (n={len(y)})")
    print(classification_report(y, pred, labels=labels, digits=3, zero_division=0))
    print("confusion (rows = truth, columns = predicted):", labels)
    print(confusion_matrix(y, pred, labels=labels))
    return m


def seed_comments(shared: Path) -> list[dict]:
    """The annotated seed comments with their text, cut from the seed page by their headers."""
    gold = json.loads((shared / "gold" / "seeds.json").read_text(encoding="utf-8"))
    out = []
    for page in gold["pages"]:
        if not page["comments"]:
            continue
        raw = (shared / "seeds" / page["file"]).read_text(encoding="utf-8")
        body_start = raw.find(page["body_first"])
        body_end = raw.find(page["body_last"]) + len(page["body_last"])
        article = raw[body_start:body_end]
        starts = [raw.find(c["starts"]) for c in page["comments"]]
        by_author = {}
        for i, c in enumerate(page["comments"]):
            end = starts[i + 1] if i + 1 < len(starts) else len(raw)
            chunk = raw[starts[i] : end]
            nxt = page["comments"][i + 1]["author"] if i + 1 < len(starts) else None
            if nxt and nxt in chunk:
                chunk = chunk[: chunk.rfind(nxt)]
            text = re.sub(r"\s*•?\s*Image placeholder\s*$", "", chunk.strip()).strip()
            by_author[c["author"]] = text
            out.append(dict(c, text=text, title=page["title"], article=article))
        for c in out:
            c["parent"] = by_author.get(c["reply_to"]) if c.get("reply_to") else None
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args(argv)
    settings = load_settings()
    stance = create("stance", **settings.section("stance"))
    reply = create("reply_stance", **settings.section("reply_stance"))

    # --- news_comments_dev: stance
    df = news_rows(args.shared)
    y = df["stance"].to_numpy()
    pred = np.array([lab.label for lab in label_news(df, stance)])
    report("news_comments_dev stance (with article)", y, pred, STANCE)
    keep = ~df["arguable"].str.contains("stance").to_numpy()
    print(f"without arguable rows: macro-F1 {macro(y[keep], pred[keep], STANCE):.3f} (n={keep.sum()})")
    pred_na = np.array([lab.label for lab in label_news(df, stance, with_article=False)])
    print(f"without article text: macro-F1 {macro(y, pred_na, STANCE):.3f}")
    majority = pd.Series(y).mode()[0]
    print(f"majority guess ({majority}): macro-F1 {macro(y, [majority] * len(y), STANCE):.3f}")
    re_df = pd.read_csv(args.shared / "data" / "rumoureval2017_sdqc" / "rumoureval2017_sdqc.csv")
    vec = TfidfVectorizer()
    lr = LogisticRegression(max_iter=2000, class_weight="balanced")
    lr.fit(vec.fit_transform(re_df["text"].fillna("")), re_df["label"])
    base = lr.predict(vec.transform(df["text"]))
    print(f"TF-IDF+LR (balanced) fitted on RumourEval: macro-F1 {macro(y, base, STANCE):.3f}")
    per_page = {
        page: round(
            float((pred[(df["page"] == page).to_numpy()] == y[(df["page"] == page).to_numpy()]).mean()), 2
        )
        for page in sorted(df["page"].unique())
    }
    print("accuracy per page:", per_page)

    # --- seeds
    seeds = seed_comments(args.shared)
    agree = total = 0
    print("\n## seeds (stance, non-arguable labels)")
    arts: dict[str, ArticleContext] = {}
    for c in seeds:
        art = arts.setdefault(c["title"], ArticleContext(text=c["article"], title=c["title"]))
        ctx = Context(article=art, parent=Doc(c["parent"]) if c["parent"] else None)
        lab = stance.score(c["text"], ctx)
        mark = "arguable" if "stance" in c["arguable"] else ("ok" if lab.label == c["stance"] else "MISS")
        if "stance" not in c["arguable"]:
            total += 1
            agree += lab.label == c["stance"]
        print(f"  {mark:8} gold={c['stance']:8} got={lab.label:8} {c['starts'][:40]!r}")
        if c["parent"]:
            r = reply.score(c["text"], ctx)
            print(f"           reply_stance={r.label} ({r.score:+.2f}) toward {c['reply_to']}")
    print(f"seeds stance: {agree}/{total} non-arguable labels agree")

    # --- reply_stance
    rdf = df[df["reply_stance"].notna() & df["parent"].notna()]
    ry = rdf["reply_stance"].to_numpy()
    rlabels = label_news(rdf, reply)
    rpred = np.array([lab.label if lab else "neutral" for lab in rlabels])
    report("news_comments_dev reply_stance", ry, rpred, REPLY)
    d = re_df[(re_df["parent_id"] == re_df["thread_id"])]
    proxy = d["label"].map({"support": "agree", "deny": "disagree"}).fillna("neutral").to_numpy()
    ppred = np.array(
        [
            reply.score(t, Context(parent=Doc(p))).label
            for t, p in zip(d["text"].fillna(""), d["target"].fillna(""), strict=True)
        ]
    )
    report("RumourEval direct replies, reply_stance proxy", proxy, ppred, REPLY)
    print(f"majority guess (neutral): macro-F1 {macro(proxy, ['neutral'] * len(proxy), REPLY):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
