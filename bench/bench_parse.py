"""Benchmark the page-dump parser: pages/s and MB/s on one core over generated dumps.

    python bench/bench_parse.py [--pages 1000] [--seed 7] [--profile]

The corpus is generated here with a fixed seed: 1,000 dumps of 10–30 KB in the layouts the
parser meets on real sites (menus, a repeated headline, datelines, body with subheadings, teaser
blocks, share bars, comment sections in several languages and header styles, comment forms,
archive sidebars). Generation is not timed; only ``parse_dump`` is, in this one process.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from discourse.config import load_settings  # noqa: E402
from discourse.parse.dump import parse_dump  # noqa: E402

WORDS = (
    "the of and to in that it is was for on are as with his they at be this from have or by one "
    "had not but what all were when we there can an your which their said if do will each about "
    "how up out them then she many some so these would other into has more her two like him see "
    "time could no make than first been its who now people my made over did down only way find use "
    "may water long little very after words called just where most know get through back much go "
    "good new write our used me man too any day same right look think also around another came "
    "come work three word must because does part even place well such here take why things help "
    "put years different away again off went old number great tell men say small every found "
    "still between name should home big give air line set own under read last never us left end "
    "along while might next sound below saw something thought both few those always looked show "
    "large often together asked house world going want school important until form food keep "
    "children feet land side without boy once animals life enough took sometimes four head above "
    "kind began almost live page got earth need far hand high year mother light parts country "
    "father let night following picture being study second eyes soon times story boys since white "
    "days ever paper hard near sentence better best across during today others however sure means "
    "knew government council minister report city police market energy policy election court"
).split()
FIRST = (
    "Anna Ben Carla David Emma Felix Greta Hugo Ines Jonas Karin Luca Maria Nils Olga Paul Rita Sven".split()
)
LAST = "Weber Martin Rossi Dubois Jansen Kowalski Silva Smith Brown Müller Bernard Visser Nowak".split()
MONTHS = "January February March April May June July August September October November December".split()


def sentence(rng: random.Random, lo: int = 8, hi: int = 24) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    words[0] = words[0].capitalize()
    return " ".join(words) + rng.choice([".", ".", ".", "?", "!"])


def paragraph(rng: random.Random, lo: int = 2, hi: int = 6) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(lo, hi)))


def name(rng: random.Random) -> str:
    if rng.random() < 0.25:
        return rng.choice(FIRST).lower() + str(rng.randint(1, 999))
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def when(rng: random.Random, style: int) -> str:
    d, m, y = rng.randint(1, 28), rng.randint(1, 12), rng.choice([2019, 2021, 2023, 2024])
    h, mi = rng.randint(0, 23), rng.randint(0, 59)
    return [
        f"{MONTHS[m - 1]} {d}, {y} at {h % 12 or 12}:{mi:02d} {'am' if h < 12 else 'pm'}",
        f"{d:02d}.{m:02d}.{y} {h:02d}:{mi:02d}",
        f"{y}-{m:02d}-{d:02d} {h:02d}:{mi:02d}",
        f"{rng.randint(1, 23)} hours ago",
    ][style]


def dump(rng: random.Random) -> str:
    out: list[str] = []
    out += [
        rng.choice(["Home", "News", "World", "Politics", "Sport", "Culture", "Opinion", "Video"])
        for _ in range(rng.randint(8, 30))
    ]
    title = " ".join(w.capitalize() for w in rng.sample(WORDS, rng.randint(5, 11)))
    out += ["", title, ""] + ([title] if rng.random() < 0.4 else [])
    out += [f"By {name(rng)}", when(rng, rng.randint(0, 2)), rng.choice(["", "4 min read"]), ""]
    if rng.random() < 0.6:
        out += [sentence(rng, 12, 20).rstrip(".!?"), ""]
    for k in range(rng.randint(8, 22)):
        if k and rng.random() < 0.2:
            out += [" ".join(w.capitalize() for w in rng.sample(WORDS, rng.randint(2, 6))), ""]
        out += [paragraph(rng), ""]
    out += ["Share", "Facebook", "Twitter", "Email", "", "Tags: " + ", ".join(rng.sample(WORDS, 5)), ""]
    out += [rng.choice(["Related", "You May Also Like", "Lesen Sie auch", "À lire aussi"])]
    for _ in range(rng.randint(2, 6)):
        out += [
            " ".join(w.capitalize() for w in rng.sample(WORDS, 7)),
            sentence(rng)[:80] + "…",
            when(rng, 1).split()[0],
            "",
        ]
    n = rng.randint(0, 60)
    style = rng.randint(0, 3)
    out += [
        rng.choice([f"{n} Comments", f"Kommentare ({n})", f"{n} commentaires", f"{n} thoughts on “{title}”"]),
        "",
    ]
    authors: list[str] = []
    for _ in range(n):
        who = name(rng)
        text = paragraph(rng, 1, 4)
        if authors and rng.random() < 0.3:
            text = f"@{rng.choice(authors).split()[0]} " + text
        authors.append(who)
        stamp = when(rng, rng.choice([0, 1, 2, 3]))
        if style == 0:
            out += [f"{who} says:", stamp, "", text, "", "Reply", ""]
        elif style == 1:
            out += [f"{who} | {stamp}", "", text, ""]
        elif style == 2:
            out += ["Image placeholder", "", who, "", stamp, "", text, "", "Like · Reply", ""]
        else:
            out += [f"{who} said...", "", text, "", stamp]
    out += ["", "Leave a Reply", "Your email address will not be published.", "Name *", "Email *", ""]
    out += [f"{MONTHS[m]} {y} ({rng.randint(1, 30)})" for y in (2024, 2023) for m in range(12)]
    out += ["© 2024 Example Media. All rights reserved."]
    return "\n".join(out)


def corpus(pages: int, seed: int, lo: int = 10_000, hi: int = 30_000) -> list[str]:
    rng = random.Random(seed)
    docs: list[str] = []
    while len(docs) < pages:
        d = dump(rng)
        if lo <= len(d.encode()) <= hi:
            docs.append(d)
    return docs


def calibrate() -> float:
    """CPU seconds for five million integer additions: about 0.25 s on a quiet recent desktop
    core with CPython 3.11, so figures taken on a busy machine can be scaled."""
    c0 = time.process_time()
    total = 0
    for i in range(5_000_000):
        total += i
    return time.process_time() - c0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--profile", action="store_true", help="print the 25 costliest functions")
    args = ap.parse_args()
    docs = corpus(args.pages, args.seed)
    settings = load_settings()
    size = sum(len(d.encode()) for d in docs)
    comments = 0
    prof = cProfile.Profile() if args.profile else None
    if prof:
        prof.enable()
    t0 = time.perf_counter()
    c0 = time.process_time()
    for i, d in enumerate(docs):
        comments += len(parse_dump(d, f"gen{i}.txt", settings=settings).comments)
    elapsed = time.perf_counter() - t0
    cpu = time.process_time() - c0
    if prof:
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    print(
        f"pages={len(docs)} size={size / 2**20:.1f} MB comments={comments} wall={elapsed:.2f}s cpu={cpu:.2f}s"
    )
    print(f"pages/s={len(docs) / elapsed:.0f} MB/s={size / 2**20 / elapsed:.2f} (wall clock, one process)")
    print(
        f"pages/s={len(docs) / cpu:.0f} MB/s={size / 2**20 / cpu:.2f} (CPU time of that process: "
        "the one-core figure on a busy machine)"
    )
    cal = calibrate()
    print(f"calibration: 5M integer additions took {cal:.2f} s of CPU here (a quiet recent core: ~0.25 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
