#!/usr/bin/env python3
"""Our VADER against vaderSentiment: equality on many texts, speed, and cost against length.

Usage:
    .venv/bin/python bench/bench_vader.py [N] [--check M] [--seed S] [--profile]

1. Equality: the four scores (neg/neu/pos/compound) of ``FastVader.polarity_scores`` against the
   package's ``SentimentIntensityAnalyzer().polarity_scores`` on the hand-written edge cases, M
   rule-exercising generated texts (``discourse.classify.vader_check``, default 20,000) and the N
   synthetic comments of the speed test. Prints the number of mismatches (0 expected) and exits 1
   on any.
2. Speed on N synthetic comments (default 20,000; ``bench_classify.synthetic_comments``), one
   process: stock, ours (scores only), ours (scores and cues).
3. Cost against length: microseconds per comment at 10, 100 and 1,000 words. The package's cost
   grows with the square of the length (it lower-cases the whole comment again for every
   sentiment word); ours grows linearly.
``--profile`` adds a cProfile of the package on 2,000 comments (where its time goes).
Timings on a shared machine are noisy (±20 %); compare figures from the same run.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_classify import synthetic_comments  # noqa: E402


def _time(func, texts: list[str]) -> float:
    t = time.perf_counter()
    for text in texts:
        func(text)
    return time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", nargs="?", type=int, default=20_000)
    ap.add_argument("--check", type=int, default=20_000, help="generated rule-exercising texts to compare")
    ap.add_argument("--seed", type=int, default=20240611)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args(argv)

    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from discourse.classify.vader import FastVader, package_version
    from discourse.classify.vader_check import EDGE_CASES, generate_texts

    stock = SentimentIntensityAnalyzer()
    fast = FastVader()
    comments = [c.text for c in synthetic_comments(args.n, args.seed)]
    generated = list(generate_texts(args.check, seed=args.seed, max_words=40))
    print(f"vaderSentiment {package_version()}")

    # 1. equality (the stock scores of the comments are reused for the speed figure)
    t = time.perf_counter()
    stock_scores = [stock.polarity_scores(x) for x in comments]
    t_stock = time.perf_counter() - t
    bad = [x for x, s in zip(comments, stock_scores, strict=True) if fast.polarity_scores(x) != s]
    bad += [x for x in list(EDGE_CASES) + generated if fast.polarity_scores(x) != stock.polarity_scores(x)]
    bad += [x for x in comments[:2000] if fast.analyse(x).polarity_scores() != stock.polarity_scores(x)]
    total = len(comments) + len(EDGE_CASES) + len(generated) + min(2000, len(comments))
    print(f"equality: {len(bad)} mismatches in {total:,} texts ({len(EDGE_CASES)} edge cases, "
          f"{len(generated):,} generated, {len(comments):,} synthetic comments, "
          f"{min(2000, len(comments)):,} re-checked with cues)")
    for x in bad[:5]:
        print("  MISMATCH", repr(x[:200]), fast.polarity_scores(x), stock.polarity_scores(x))

    # 2. speed
    t_fast = _time(fast.polarity_scores, comments)
    t_expl = _time(fast.analyse, comments)
    n = len(comments)
    print(f"{'stock vaderSentiment':<28}{n / t_stock:>10,.0f} comments/s")
    print(f"{'ours, scores only':<28}{n / t_fast:>10,.0f} comments/s  ({t_stock / t_fast:.1f}x)")
    print(f"{'ours, scores + cues':<28}{n / t_expl:>10,.0f} comments/s  ({t_stock / t_expl:.1f}x)")

    # 3. cost against length
    base = " ".join(comments[:200]).split()
    print("microseconds per comment by length (stock / ours scores / ours with cues):")
    for words in (10, 100, 1000):
        count = max(10, 20_000 // words)
        texts = [" ".join((base * 3)[i:i + words]) for i in range(count)]
        funcs = (stock.polarity_scores, fast.polarity_scores, fast.analyse)
        us = [1e6 * min(_time(f, texts) for _ in range(3)) / len(texts) for f in funcs]
        print(f"  {words:>5} words: {us[0]:>10,.0f} / {us[1]:>8,.0f} / {us[2]:>8,.0f}"
              f"   ({us[0] / us[1]:.1f}x)")

    if args.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        for x in comments[:2000]:
            stock.polarity_scores(x)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(8)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
