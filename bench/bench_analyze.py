"""How much does ``analyze`` cost on top of scoring? Time and peak memory on a generated corpus.

Phases, each in its own process (so that peak RSS is its own), on the same generated comments
(bench/gen_corpus.py, fixed seed), pages built in Python and fed to the driver directly:

  generate  building the pages alone (subtracted from the others' time: it is not the tool's)
  classify  every registered classifier over every comment (Scorer, with article and parent
            context), one process: the "classify alone" reference
  analyze   analyze_pages(): scoring, threads, themes, summaries, and every output file
            (comments.csv, comments.parquet, articles.json, per-article .md/.html, index)

Targets (issue 5): analyze <= 2 x classify, peak RSS < 2 GiB, at 100,000 comments over 1,000
articles. The machine is shared: timings vary by +-20 %; rerun when a figure is close.

Usage: .venv/bin/python bench/bench_analyze.py [--comments 100000] [--articles 1000] [--jobs 1 2]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _peak_mib() -> float:
    """Largest resident set of this process or any of its finished worker processes."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def _cpu() -> float:
    """CPU seconds of this process and its finished children (worker processes): on a shared
    machine this varies less than wall time."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def phase(name: str, comments: int, articles: int, jobs: int) -> dict[str, float]:
    sys.path.insert(0, str(HERE))
    from gen_corpus import pages

    if name == "generate":
        t0 = time.perf_counter()
        n = sum(len(p.comments) for p in pages(comments, articles))
        return {"seconds": time.perf_counter() - t0, "comments": n}
    if name == "classify":
        from threadpoolctl import threadpool_limits

        from discourse.classify.base import ArticleContext, Context
        from discourse.classify.doc import Doc
        from discourse.classify.pipeline import Scorer

        scorer = Scorer()
        t0 = time.perf_counter()
        n = 0
        with threadpool_limits(1):
            for page in pages(comments, articles):
                art = ArticleContext.of(page.article)
                docs = [Doc(c.text) for c in page.comments]
                pos = {c.id: i for i, c in enumerate(page.comments)}
                for c, d in zip(page.comments, docs, strict=True):
                    p = pos.get(c.reply_to) if c.reply_to else None
                    ctx = Context(
                        article=art,
                        parent=docs[p] if p is not None else None,
                        parent_author=page.comments[p].author if p is not None else None,
                        author=c.author,
                    )
                    scorer.row(d, ctx)
                    n += 1
        return {"seconds": time.perf_counter() - t0, "comments": n}
    if name == "analyze":
        from discourse.analyze import analyze_pages

        with tempfile.TemporaryDirectory() as out:
            t0 = time.perf_counter()
            result = analyze_pages(pages(comments, articles), out, jobs=jobs)
            secs = time.perf_counter() - t0
            size = sum(f.stat().st_size for f in Path(out).iterdir()) / 2**20
        return {"seconds": secs, "comments": result.comments, "articles": result.articles, "out_mib": size}
    raise SystemExit(f"unknown phase {name}")


def run_phase(name: str, comments: int, articles: int, jobs: int = 1) -> dict[str, float]:
    cmd = [
        sys.executable,
        __file__,
        "--phase",
        name,
        "--comments",
        str(comments),
        "--articles",
        str(articles),
        "--jobs",
        str(jobs),
    ]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--comments", type=int, default=100_000)
    ap.add_argument("--articles", type=int, default=1_000)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1], help="analyze with these --jobs values")
    ap.add_argument("--phase", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        cpu0 = _cpu()
        result = phase(args.phase, args.comments, args.articles, args.jobs[0])
        result["cpu"] = _cpu() - cpu0
        result["peak_mib"] = _peak_mib()
        print(json.dumps(result))
        return 0
    print(f"corpus: {args.comments} comments over {args.articles} articles (bench/gen_corpus.py, seed fixed)")
    gen = run_phase("generate", args.comments, args.articles)
    cls = run_phase("classify", args.comments, args.articles)
    # The classify phase and the analyze phase both generate pages as they go: take that out.
    classify_s = cls["seconds"] - gen["seconds"]
    classify_cpu = cls["cpu"] - gen["cpu"]
    print(f"{'phase':9} {'wall s':>7} {'cpu s':>7} {'comments/s':>10} {'peak MiB':>9}")
    print(
        f"{'generate':9} {gen['seconds']:7.1f} {gen['cpu']:7.1f} {'':>10} {gen['peak_mib']:9.0f}"
        "  (subtracted below)"
    )
    print(
        f"{'classify':9} {classify_s:7.1f} {classify_cpu:7.1f} {args.comments / classify_s:10.0f} "
        f"{cls['peak_mib']:9.0f}"
    )
    for jobs in args.jobs:
        ana = run_phase("analyze", args.comments, args.articles, jobs)
        analyze_s = ana["seconds"] - gen["seconds"]
        analyze_cpu = ana["cpu"] - gen["cpu"]
        print(
            f"{'analyze':9} {analyze_s:7.1f} {analyze_cpu:7.1f} {args.comments / analyze_s:10.0f} "
            f"{ana['peak_mib']:9.0f}  --jobs {jobs}, outputs {ana['out_mib']:.0f} MiB"
        )
        print(
            f"  analyze / classify: wall {analyze_s / classify_s:.2f}, cpu {analyze_cpu / classify_cpu:.2f} "
            f"(target <= 2.0); peak RSS {'under' if ana['peak_mib'] < 2048 else 'OVER'} 2 GiB"
            + ("" if jobs == 1 else " (largest process)")
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
