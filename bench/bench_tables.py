"""Benchmark the comment-table reader: a seeded 1,000,000-row CSV, parsed into Pages.

Usage: .venv/bin/python bench/bench_tables.py [--rows 1000000] [--articles 1000] [--out bench/out]
       [--mode pages|plan|batches|rows]

``pages`` (default) runs ``read_table`` end to end: rows are read in chunks, grouped by article
(the generated table is NOT sorted by article, so grouping spills sorted runs to a temporary
Arrow file above ``tables.max_buffered_rows``), and one Page per article is made and dropped,
as a streaming consumer (``discourse parse``) would. ``plan`` stops after the grouping: what
``discourse analyze`` does in its driver before the workers make the pages. ``batches`` only
streams the normalised Arrow batches; ``rows`` makes a :class:`TableRow` per row from them.
Prints rows/s and the process's peak RSS. Timings on a shared machine are noisy: rerun.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from discourse.config import load_settings  # noqa: E402
from discourse.parse import TableOptions  # noqa: E402
from discourse.parse.tables import iter_table_rows, plan_table, read_batches, read_table  # noqa: E402

WORDS = (
    "the council plan road school bridge tax rail price rent park water vote police market "
    "climate energy bus train nurse doctor teacher housing great terrible agree disagree why "
    "what never always maybe really think know said people city town year week today"
).split()


def generate(path: Path, rows: int, articles: int, seed: int = 7) -> None:
    """Write a CSV of ``rows`` comments over ``articles`` articles, interleaved at random."""
    rng = random.Random(seed)
    base = 1_700_000_000
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["comment_id", "article_id", "author", "created_at", "parent_id", "text"])
        last: dict[int, int] = {}
        for i in range(rows):
            art = rng.randrange(articles)
            parent = last.get(art) if rng.random() < 0.3 else None
            n = rng.randint(5, 60)
            text = " ".join(rng.choice(WORDS) for _ in range(n))
            if rng.random() < 0.2:
                text = text.capitalize() + ", really?\nSecond line."
            created = (
                base + i * 7
                if rng.random() < 0.5
                else time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(base + i * 7))
            )
            w.writerow(
                [
                    i,
                    f"a{art}",
                    f"user{rng.randrange(50_000)}",
                    created,
                    "" if parent is None else parent,
                    text,
                ]
            )
            last[art] = i


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--articles", type=int, default=1_000)
    ap.add_argument("--out", default=str(ROOT / "bench" / "out"))
    ap.add_argument("--mode", choices=("pages", "plan", "batches", "rows"), default="pages")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"comments_{args.rows}.csv"
    if not path.exists():
        t0 = time.perf_counter()
        generate(path, args.rows, args.articles)
        print(f"generated {path} ({path.stat().st_size / 2**20:.0f} MB) in {time.perf_counter() - t0:.1f} s")
    settings = load_settings()
    # Reference on the same machine in the same run: the csv module alone, no comments made.
    c0 = time.process_time()
    with path.open(newline="", encoding="utf-8") as fh:
        bare = sum(1 for _ in csv.reader(fh)) - 1
    base_cpu = time.process_time() - c0
    print(f"reference: csv.reader alone {bare / base_cpu:,.0f} rows/cpu-s")
    rss_before = peak_rss_mb()
    t0 = time.perf_counter()
    c0 = time.process_time()
    comments = pages = 0
    if args.mode == "rows":
        stream = iter_table_rows(path, "csv", str(path), TableOptions(), settings)
        for chunk in stream.chunks:
            comments += len(chunk)
        rejected = len(stream.report.rejected)
    elif args.mode == "batches":
        batches = read_batches(path, "csv", str(path), TableOptions(), settings)
        for batch in batches.batches:
            comments += batch.num_rows
        rejected = len(batches.report.rejected)
    elif args.mode == "plan":
        plan = plan_table(path, "csv", str(path), TableOptions(), settings)
        comments, rejected, pages = plan.groups.count, len(plan.report.rejected), len(plan.groups.order)
        plan.close()
    else:
        rejected = 0
        for page in read_table(path, "csv", str(path), TableOptions(), settings):
            pages += 1
            comments += len(page.comments)
            rejected += len(page.rejected)
    secs = time.perf_counter() - t0
    cpu = time.process_time() - c0
    n = comments + rejected
    # Wall time depends on what else runs on the machine; CPU time is this process's own cost.
    print(
        f"mode={args.mode} rows={n} comments={comments} rejected={rejected} pages={pages} "
        f"wall={secs:.1f}s rows/s={n / secs:,.0f} cpu={cpu:.1f}s rows/cpu-s={n / cpu:,.0f} "
        f"peak_rss={peak_rss_mb():.0f}MB (before parsing {rss_before:.0f}MB)"
    )


if __name__ == "__main__":
    main()
