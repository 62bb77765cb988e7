#!/usr/bin/env python3
"""Time ``stance`` and ``reply_stance`` per comment on one core, beside stock VADER in the same run.

Comments come from a seeded generator (5-120 words, questions, praise, denials, links, emoji,
capitals, replies, many articles) so the benchmark needs nothing outside the repository; with
``--shared`` the real RumourEval and news_comments_dev texts are timed as well. Each figure is
the best of ``--repeats`` passes in CPU time of this process (timings on a shared machine are
noisy even so: compare the ratio to
VADER, measured in the same pass, rather than absolute numbers).

Usage:
    .venv/bin/python bench/bench_stance.py [--n 5000] [--repeats 3] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # noqa: E402

from discourse.classify import ArticleContext, Context, Doc, create  # noqa: E402
from discourse.config import load_settings  # noqa: E402

_WORDS = (
    "the council vote lanes bike city people money budget really think would never always "
    "report story article news police government year week today local school traffic road "
    "street cyclists drivers parking shop owners mayor plan build cost million safety data "
    "because although however maybe probably just also still very quite"
).split()
_OPENERS = [
    "Great article, thanks for writing it.",
    "This is fake news.",
    "Where does that figure come from?",
    "I doubt this will happen.",
    "Totally agree with you.",
    "No, that's not what the report says.",
    "lol",
    "Is there a source for this?",
    "You're brilliant!",
    "Who cares?",
    "",
]
_TAILS = ["", "!", "!!!", "?", " 😂", " http://example.org/a?b=1", " WOW", " :)"]


def generate(n: int, seed: int = 7) -> list[tuple[str, int, int | None]]:
    """``(text, article index, parent index or None)`` for ``n`` synthetic comments."""
    rng = random.Random(seed)
    out: list[tuple[str, int, int | None]] = []
    for i in range(n):
        k = rng.randint(5, 120)
        body = " ".join(rng.choice(_WORDS) for _ in range(k))
        text = f"{rng.choice(_OPENERS)} {body.capitalize()}.{rng.choice(_TAILS)}".strip()
        parent = rng.randrange(i) if i and rng.random() < 0.3 else None
        out.append((text, i // 50, parent))
    return out


def article(i: int) -> ArticleContext:
    rng = random.Random(i)
    body = " ".join(rng.choice(_WORDS) for _ in range(600))
    return ArticleContext(text=f"Article {i}\n\n{body}", title=f"Article {i}")


def time_it(fn, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return best


def run(name: str, items: list[tuple[str, ArticleContext | None, int | None]], repeats: int) -> None:
    """Time VADER, tokenising, and the two classifiers' own cost on ``items``.

    ``items`` are ``(text, article, index of the parent item or None)``. As in a real run, each
    comment is one ``Doc`` shared by every classifier (its tokens are computed once, for
    whichever classifier comes first: timed separately here), a reply's parent is the parent's
    own ``Doc``, and article terms are computed once per article.
    """
    settings = load_settings()
    stance = create("stance", **settings.section("stance"))
    reply = create("reply_stance", **settings.section("reply_stance"))
    vader = SentimentIntensityAnalyzer()
    texts = [t for t, _, _ in items]

    def vader_pass() -> None:
        for t in texts:
            vader.polarity_scores(t)

    def fresh_docs() -> list[Doc]:
        return [Doc(t) for t in texts]

    def tokenise(docs: list[Doc]) -> None:
        for d in docs:
            d.lower_words  # noqa: B018  (computes words and spans once, as the first classifier does)
            d.language  # noqa: B018

    def classify(docs: list[Doc]) -> None:
        caches: dict[int, ArticleContext] = {}
        for doc, (_, art, parent) in zip(docs, items, strict=True):
            a = None
            if art is not None:
                a = caches.get(id(art))
                if a is None:
                    a = caches[id(art)] = ArticleContext(text=art.text, title=art.title)
            ctx = Context(article=a, parent=docs[parent] if parent is not None else None)
            stance.score(doc, ctx)
            if ctx.parent is not None:
                reply.score(doc, ctx)

    tv = time_it(vader_pass, repeats)
    tt = tc = float("inf")
    for _ in range(repeats):
        docs = fresh_docs()
        t0 = time.process_time()
        tokenise(docs)
        t1 = time.process_time()
        classify(docs)
        t2 = time.process_time()
        tt, tc = min(tt, t1 - t0), min(tc, t2 - t1)
    n = len(items)
    replies = sum(1 for _, _, p in items if p is not None)
    print(
        f"{name}: {n} comments ({replies} replies); stock VADER {tv / n * 1e6:.0f} µs/comment; "
        f"shared tokenising (Doc words + language) {tt / n * 1e6:.0f} µs; "
        f"stance + reply_stance {tc / n * 1e6:.0f} µs/comment = {tc / tv:.2f}× VADER"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--shared", type=Path, default=None)
    args = ap.parse_args(argv)

    gen = generate(args.n)
    articles = {a: article(a) for a in {a for _, a, _ in gen}}
    items = [(t, articles[a], p) for t, a, p in gen]
    run("generated", items, args.repeats)
    if args.shared:
        import pandas as pd

        re_df = pd.read_csv(args.shared / "data" / "rumoureval2017_sdqc" / "rumoureval2017_sdqc.csv")
        index = {i: k for k, i in enumerate(re_df["id"])}
        arts: dict[str, ArticleContext] = {}
        re_items = []
        for r in re_df.itertuples(index=False):
            a = arts.setdefault(r.thread_id, ArticleContext(text=r.target))
            parent = index.get(r.parent_id) if r.parent_id != r.thread_id else None
            re_items.append((r.text, a, parent))
        run("rumoureval2017_sdqc", re_items, args.repeats)
        nd = pd.read_csv(args.shared / "data" / "news_comments_dev" / "news_comments_dev.csv")
        arts = {}
        news_items = [
            (r.text, arts.setdefault(r.target, ArticleContext(text=r.target)), None) for r in nd.itertuples()
        ]
        run("news_comments_dev (x10)", news_items * 10, args.repeats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
