"""Benchmark huge HTML pages: how long a 50 MB page takes, and what happens to it.

Usage: .venv/bin/python bench/bench_big_html.py [--mb 50]

Three generated pages of about ``--mb`` MB each (seeded):
  inline   an article with 300 comments plus megabytes of inline script data and base64 images
           (what real 50 MB pages mostly are): read after dropping the inline data;
  comments an article with tens of thousands of WordPress comments (real markup): read when
           under html.max_markup_mb, refused with a message when over it;
  markup   the same at the given size, with the limit raised so that it is parsed in full.
Prints seconds and the outcome of each. Timings are noisy on a shared machine.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from discourse.config import load_settings  # noqa: E402
from discourse.errors import DiscourseError  # noqa: E402
from discourse.parse.html import parse_html  # noqa: E402

WORDS = "river bridge council plan rain road school vote market train price people city week".split()


def comment(i: int, rng: random.Random) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 60)))
    return (
        f'<li id="comment-{i}" class="comment depth-1"><article class="comment-body">'
        f'<footer class="comment-meta"><div class="comment-author vcard"><b class="fn">user{i % 997}</b>'
        f' <span class="says">says:</span></div><div class="comment-metadata">'
        f'<time datetime="2024-01-01T10:{i % 60:02d}:00">'
        f'January 1, 2024</time></div></footer><div class="comment-content"><p>{text}.</p></div>'
        f'<div class="reply"><a class="comment-reply-link" href="#">Reply</a></div></article></li>'
    )


def page(target_mb: float, kind: str, seed: int = 3) -> str:
    rng = random.Random(seed)
    head = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>A big page | Site</title></head><body>"
        "<article><h1>A big page</h1><div class='entry-content'>"
        + "".join(
            f"<p>Paragraph {k}: " + " ".join(rng.choice(WORDS) for _ in range(40)) + ".</p>"
            for k in range(30)
        )
        + "</div></article><div id='comments'><ol class='comment-list'>"
    )
    tail = "</ol></div></body></html>"
    target = int(target_mb * 2**20)
    if kind == "inline":
        comments = "".join(comment(i, rng) for i in range(300))
        filler = target - len(head) - len(comments) - len(tail)
        blob = "<script>window.__DATA__=" + '"' + "a1b2c3d4" * (filler // 16) + '";</script>'
        img = '<img src="data:image/png;base64,' + "QUJD" * (filler // 8) + '">'
        return head.replace("<body>", "<body>" + blob + img) + comments + tail
    parts = [head]
    size = len(head)
    i = 0
    while size < target:
        c = comment(i, rng)
        parts.append(c)
        size += len(c)
        i += 1
    parts.append(tail)
    return "".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=50.0)
    ap.add_argument(
        "--full", action="store_true", help="also parse the markup page with the limit raised (slow)"
    )
    args = ap.parse_args()
    settings = load_settings()
    raised = settings.with_overrides({"html": {"max_markup_mb": args.mb * 2}})
    runs = [("inline", settings), ("comments", settings)] + ([("markup", raised)] if args.full else [])
    for kind, st in runs:
        text = page(args.mb, "inline" if kind == "inline" else "comments")
        t0 = time.perf_counter()
        try:
            p = parse_html(text, f"{kind}.html", settings=st)
            outcome = f"read: {len(p.comments)} comments, body {len(p.article.body)} chars"
        except DiscourseError as exc:
            outcome = f"refused: {exc}"
        print(f"{kind}: {len(text) / 2**20:.0f} MB in {time.perf_counter() - t0:.1f} s -> {outcome}")


if __name__ == "__main__":
    main()
