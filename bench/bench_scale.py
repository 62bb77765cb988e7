"""Scale benchmark: ``discourse analyze`` on generated corpora of 100,000 and 1,000,000 comments,
beside stock VADER on the same comments in the same run.

For each size N (a seeded corpus from bench/gen_corpus.py, one article per 200 comments on
average, written once to ``--data`` as Parquet) it prints:

* stock VADER alone: the vaderSentiment package's ``polarity_scores`` over every comment, one
  process, in comments/s: the reference the issue sets;
* end to end: ``analyze`` from the Parquet table with every classifier, themes, summaries and
  reports, Parquet (and CSV) output, on the local engine with ``--jobs``: wall time, comments/s,
  and the ratio to VADER's time; peak RSS of the whole process tree (the largest sum over the
  driver and its workers, sampled every 0.2 s) and of the largest single process;
* per stage (read, parse, classify, cluster, summarise, report, write): comments per CPU
  second, from the CPU time each process spent in it during that same run (summed over the
  workers), so that the gap to the target is visible stage by stage.

Then ``--jobs 1`` against ``--jobs 2`` on the smallest size (speed-up, identical outputs), the
Dask engine (a LocalCluster of ``--jobs`` workers) against the local engine on the largest size
(time ratio, identical outputs), and how peak RSS grows from the smallest size to the largest.
Outputs are compared by the SHA-256 of comments.csv and articles.json and of the contents of
comments.parquet (row by row, so that row-group layout does not matter).

The machine is shared and noisy: the load average is printed before and after each run; rerun
a figure that is near its target when the machine is quieter.

Usage:
    .venv/bin/python bench/bench_scale.py [--sizes 100000 1000000] [--jobs 2] [--data bench/out]
        [--no-jobs-compare] [--no-dask] [--keep]
    .venv/bin/python bench/bench_scale.py --one-article 100000 1000000   # clustering at scale
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
STAGES = ("read", "parse", "classify", "cluster", "summarise", "report", "write")


# ---------------------------------------------------------------------------- children


def child_vader(path: Path) -> dict[str, Any]:
    import pyarrow.parquet as pq
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    texts = pq.read_table(path, columns=["text"]).column(0).to_pylist()
    sia = SentimentIntensityAnalyzer()
    t0, c0 = time.perf_counter(), time.process_time()
    total = 0.0
    for text in texts:
        total += sia.polarity_scores(text or "")["compound"]
    return {
        "seconds": time.perf_counter() - t0,
        "cpu": time.process_time() - c0,
        "comments": len(texts),
        "checksum": round(total, 4),
    }


def child_analyze(path: Path, out: Path, jobs: int, engine: str) -> dict[str, Any]:
    from discourse.analyze import analyze_paths
    from discourse.engine import Engine

    t0 = time.perf_counter()
    result = analyze_paths([path], out, engine=Engine(engine, jobs))
    return {
        "seconds": time.perf_counter() - t0,
        "comments": result.comments,
        "articles": result.articles,
        "stages": result.seconds,
    }


def child_themes(n: int) -> dict[str, Any]:
    """Themes of ONE discussion of ``n`` comments (the clustering's scale path), twice: time,
    memory, and whether the two results are identical."""
    import resource

    import numpy as np

    sys.path.insert(0, str(HERE))
    from gen_corpus import rows

    from discourse.classify.doc import Doc
    from discourse.cluster import ClusterParams, TermCounts, stopwords_for, terms_of, themes_of

    params = ClusterParams()
    stop = stopwords_for(())
    counts = TermCounts()
    lengths = np.zeros(n, dtype=np.int64)
    c0 = time.process_time()
    buf: list[list[str]] = []
    for i, row in enumerate(rows(n, 1)):
        doc = Doc(row["text"])
        lengths[i] = len(doc.words)
        buf.append(terms_of(doc, stop, params.bigrams))
        if len(buf) == 5000:
            counts.add(buf)
            buf = []
    counts.add(buf)
    terms_cpu = time.process_time() - c0
    c0 = time.process_time()
    first = themes_of(counts, lengths, params)
    themes_cpu = time.process_time() - c0
    again = themes_of(counts, lengths, params)
    same = bool(np.array_equal(first.assignments, again.assignments)) and [
        (t.label, t.size, t.exemplars) for t in first.themes
    ] == [(t.label, t.size, t.exemplars) for t in again.themes]
    return {
        "comments": n,
        "terms_cpu": terms_cpu,
        "themes_cpu": themes_cpu,
        "method": first.method,
        "themes": len(first.themes),
        "nnz": len(counts.indices),
        "vocabulary": len(counts.vocab),
        "identical": same,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


# ---------------------------------------------------------------------------- helpers


class Peak:
    """Peak RSS of a process and its descendants, sampled in a thread: the largest sum over
    the tree and the largest single process."""

    def __init__(self, pid: int, every: float = 0.2) -> None:
        import psutil

        self.root = psutil.Process(pid)
        self.every = every
        self.tree = 0
        self.single = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                break
            sizes = []
            for p in procs:
                try:
                    sizes.append(p.memory_info().rss)
                except psutil.Error:
                    continue
            if sizes:
                self.tree = max(self.tree, sum(sizes))
                self.single = max(self.single, max(sizes))
            self._stop.wait(self.every)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def run_child(args: list[str]) -> tuple[dict[str, Any], Peak, float, tuple[float, float]]:
    """Run this script as a child; return its JSON result, peak RSS, wall time and the load
    average before and after."""
    before = os.getloadavg()[0]
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, __file__, *args], stdout=subprocess.PIPE, text=True, cwd=HERE.parent
    )
    peak = Peak(proc.pid)
    out, _ = proc.communicate()
    wall = time.perf_counter() - t0
    peak.stop()
    if proc.returncode:
        raise SystemExit(f"child {' '.join(args)} failed with exit code {proc.returncode}")
    return json.loads(out.strip().splitlines()[-1]), peak, wall, (before, os.getloadavg()[0])


def ensure_data(n: int, data: Path) -> Path:
    path = data / f"scale_{n}.parquet"
    if not path.exists():
        sys.path.insert(0, str(HERE))
        from gen_corpus import write

        t0 = time.perf_counter()
        write(path, n, max(1, n // 200))
        size = path.stat().st_size / 2**20
        print(f"generated {path} ({size:.0f} MiB) in {time.perf_counter() - t0:.0f} s")
    return path


def file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()[:16]


def parquet_hash(path: Path) -> str:
    """Hash of the rows of a Parquet file, whatever its row groups."""
    import pyarrow.parquet as pq

    h = hashlib.sha256()
    pf = pq.ParquetFile(path)
    h.update(repr(pf.schema_arrow).encode())
    for batch in pf.iter_batches(batch_size=50_000):
        for column in batch.columns:
            h.update(json.dumps(column.to_pylist(), ensure_ascii=False, default=str).encode())
    return h.hexdigest()[:16]


def hashes(out: Path) -> dict[str, str]:
    found = {}
    for name in ("comments.csv", "articles.json"):
        if (out / name).exists():
            found[name] = file_hash(out / name)
    if (out / "comments.parquet").exists():
        found["comments.parquet (rows)"] = parquet_hash(out / "comments.parquet")
    return found


def mib(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB"


def analyze(path: Path, runs: Path, jobs: int, engine: str, label: str) -> dict[str, Any]:
    out = runs / label
    shutil.rmtree(out, ignore_errors=True)
    result, peak, wall, load = run_child(
        ["--child", "analyze", "--path", str(path), "--out", str(out), "--jobs", str(jobs),
         "--engine", engine]
    )
    result.update(wall=wall, tree=peak.tree, single=peak.single, load=load, out=str(out))
    n = result["comments"]
    print(
        f"  analyze {label}: {wall:7.1f} s wall, {n / wall:8,.0f} comments/s; peak RSS tree "
        f"{mib(peak.tree)}, largest process {mib(peak.single)} (load {load[0]:.1f} → {load[1]:.1f})"
    )
    return result


def stage_table(result: dict[str, Any]) -> None:
    n = result["comments"]
    cpu = sum(result["stages"].values())
    print(f"  {'stage':10} {'CPU s':>9} {'comments/CPU-s':>15} {'share':>6}")
    for stage in STAGES:
        s = result["stages"].get(stage)
        if s is None:
            continue
        rate = f"{n / s:15,.0f}" if s > 0 else f"{'-':>15}"
        print(f"  {stage:10} {s:9.1f} {rate} {100 * s / cpu:5.0f}%")
    print(f"  {'all':10} {cpu:9.1f} {n / cpu:15,.0f}   (CPU of every process; wall is above)")


# ---------------------------------------------------------------------------- main


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--data", type=Path, default=HERE / "out")
    ap.add_argument("--no-jobs-compare", action="store_true", help="skip --jobs 1 on the smallest size")
    ap.add_argument("--no-dask", action="store_true", help="skip the Dask run on the largest size")
    ap.add_argument("--keep", action="store_true", help="keep the report folders (in DATA/runs)")
    ap.add_argument(
        "--one-article", type=int, nargs="+", metavar="N",
        help="instead: themes of one discussion of N comments (time, memory, same result twice)",
    )
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--path", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--engine", default="local", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child == "vader":
        print(json.dumps(child_vader(args.path)))
        return 0
    if args.child == "analyze":
        print(json.dumps(child_analyze(args.path, args.out, args.jobs, args.engine)))
        return 0
    if args.child == "themes":
        print(json.dumps(child_themes(args.jobs)))
        return 0
    if args.one_article:
        for n in args.one_article:
            r, peak, wall, load = run_child(["--child", "themes", "--jobs", str(n)])
            print(
                f"one article of {n:,} comments: terms {r['terms_cpu']:.1f} CPU-s, themes "
                f"{r['themes_cpu']:.1f} CPU-s ({r['method']}, {r['themes']} themes, {r['nnz']:,} term "
                f"occurrences, vocabulary {r['vocabulary']:,}); peak RSS {r['peak_mib']:,.0f} MiB; "
                f"same result twice: {r['identical']} (load {load[0]:.1f} → {load[1]:.1f})"
            )
        return 0

    args.data.mkdir(parents=True, exist_ok=True)
    runs = Path(tempfile.mkdtemp(prefix="runs-", dir=args.data))
    sizes = sorted(args.sizes)
    peaks: dict[int, dict[str, Any]] = {}
    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}")
    try:
        for n in sizes:
            path = ensure_data(n, args.data)
            print(f"\n== {n:,} comments ({path.name}) ==")
            vader, _, _, load = run_child(["--child", "vader", "--path", str(path)])
            print(
                f"  stock VADER (polarity_scores, 1 process): {vader['seconds']:7.1f} s, "
                f"{vader['comments'] / vader['seconds']:8,.0f} comments/s "
                f"(load {load[0]:.1f} → {load[1]:.1f})"
            )
            main_run = analyze(path, runs, args.jobs, "local", f"local-j{args.jobs}-{n}")
            peaks[n] = main_run
            ratio = main_run["wall"] / vader["seconds"]
            print(f"  end to end / stock VADER: {ratio:.2f} (target <= 1.0); peak RSS "
                  f"{'under' if main_run['tree'] < 4 * 2**30 else 'OVER'} 4 GB (tree)")
            stage_table(main_run)
            if n == sizes[0] and not args.no_jobs_compare and args.jobs > 1:
                one = analyze(path, runs, 1, "local", f"local-j1-{n}")
                speed = one["wall"] / main_run["wall"]
                same = hashes(Path(one["out"])) == hashes(Path(main_run["out"]))
                print(f"  --jobs {args.jobs} vs --jobs 1: {speed:.2f}x faster (target >= 1.6); "
                      f"outputs identical: {same}")
                if not args.keep:
                    shutil.rmtree(one["out"], ignore_errors=True)
            if n == sizes[-1] and not args.no_dask:
                dask = analyze(path, runs, args.jobs, "dask", f"dask-j{args.jobs}-{n}")
                local_h, dask_h = hashes(Path(main_run["out"])), hashes(Path(dask["out"]))
                print(f"  dask / local: {dask['wall'] / main_run['wall']:.2f} (target <= 1.3); outputs "
                      f"identical: {local_h == dask_h}")
                for name, value in local_h.items():
                    print(f"    {name}: local {value}, dask {dask_h.get(name)}")
                if not args.keep:
                    shutil.rmtree(dask["out"], ignore_errors=True)
            if not args.keep:
                shutil.rmtree(main_run["out"], ignore_errors=True)
        if len(sizes) > 1:
            lo, hi = peaks[sizes[0]], peaks[sizes[-1]]
            print(f"\npeak RSS {sizes[0]:,} → {sizes[-1]:,}: tree x{hi['tree'] / lo['tree']:.2f}, "
                  f"largest process x{hi['single'] / lo['single']:.2f} (target < 3)")
    finally:
        if not args.keep:
            shutil.rmtree(runs, ignore_errors=True)
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
