"""Do themes recover topics? Pool real comments from several articles into one discussion,
find its themes, and print the adjusted mutual information between theme and article.

Pools (from ../shared/data, read only; nothing is copied into the repository):
  news   news_comments_dev: real comments of 12 pages of ../shared/pages (page id from `id`)
  socc   SOCC-CTC: Globe and Mail comments on a dozen opinion articles (article = `target`)
  rumour RumourEval 2017: replies in Twitter threads about 8 news events (topic = `event`)
  news+socc  the first two together (24 articles)

Baselines printed beside it, in the same run: plain TF-IDF + k-means with k = the true number
of articles (scikit-learn defaults), which is the figure the issue quotes (about 0.24).

Usage: .venv/bin/python bench/bench_themes.py [--shared ../shared] [--max-themes N]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_mutual_info_score
from threadpoolctl import threadpool_limits

from discourse.cluster import ClusterParams, find_themes
from discourse.config import load_settings


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def pool_news(shared: Path) -> tuple[list[str], list[str]]:
    rows = _rows(shared / "data/news_comments_dev/news_comments_dev.csv")
    return [r["text"] for r in rows], [r["id"].split(":")[0] for r in rows]


def pool_socc(shared: Path) -> tuple[list[str], list[str]]:
    seen: dict[str, tuple[str, str]] = {}
    for name in ("socc_ctc_toxicity", "socc_ctc_constructiveness"):
        for r in _rows(shared / f"data/{name}/{name}.csv"):
            seen[r["id"]] = (r["text"], r["target"])
    items = [seen[k] for k in sorted(seen)]
    return [t for t, _ in items], [a for _, a in items]


def pool_rumour(shared: Path) -> tuple[list[str], list[str]]:
    rows = [
        r for r in _rows(shared / "data/rumoureval2017_sdqc/rumoureval2017_sdqc.csv") if r["event"] != "test"
    ]
    return [r["text"] for r in rows], [r["event"] for r in rows]


def plain_baseline(texts: list[str], truth: list[str]) -> float:
    X = TfidfVectorizer().fit_transform(texts)
    labels = KMeans(len(set(truth)), n_init=10, random_state=0).fit_predict(X)
    return adjusted_mutual_info_score(truth, labels)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    ap.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a [cluster] setting for this run (repeatable)",
    )
    args = ap.parse_args()
    if not (args.shared / "data").is_dir():
        print(f"no data folder under {args.shared}", file=sys.stderr)
        return 2
    params = ClusterParams.from_settings(load_settings().section("cluster"))
    for item in args.set:
        key, _, value = item.partition("=")
        kind = type(getattr(params, key))
        params = replace(
            params, **{key: value.lower() in ("1", "true", "yes") if kind is bool else kind(value)}
        )
    news, socc, rumour = pool_news(args.shared), pool_socc(args.shared), pool_rumour(args.shared)
    pools = {
        "news": news,
        "socc": socc,
        "rumour": rumour,
        "news+socc": (news[0] + socc[0], news[1] + socc[1]),
    }
    print(f"settings: {params}")
    print(
        f"{'pool':10} {'comments':>8} {'articles':>8} {'themes':>6} {'AMI':>6} {'plain':>6} "
        f"{'largest':>7} {'secs':>5}"
    )
    for name, (texts, truth) in pools.items():
        t0 = time.perf_counter()
        with threadpool_limits(1):  # as analyze runs it: one BLAS thread per process
            themes = find_themes(texts, params)
        secs = time.perf_counter() - t0
        ami = adjusted_mutual_info_score(truth, themes.assignments)
        largest = Counter(themes.assignments.tolist()).most_common(1)[0][1] / len(texts)
        print(
            f"{name:10} {len(texts):8d} {len(set(truth)):8d} {len(themes.themes):6d} {ami:6.3f} "
            f"{plain_baseline(texts, truth):6.3f} {largest:7.2f} {secs:5.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
