"""Score trafilatura's own article body on pages with a truth.json, the way eval_pages.py does.

Usage: .venv/bin/python bench/trafilatura_body.py ../shared/pages [--verbose] [--ours]

For each page folder: trafilatura.bare_extraction(page.html) with comments off (its body alone),
then body start/end at the right sentence (the truth sentence within the first/last
len+600 characters of the whitespace-normalised body), title, and leaks (a comment's first words
inside the body). With ``--ours`` the same figures are printed for discourse's parse_html too,
side by side, so both extractors are judged by one scorer.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path


def norm(s: str | None) -> str:
    s = (s or "").replace("\u00a0", " ").replace("\u00ad", "").replace("\u2019", "'").replace("\u2018", "'")
    s = s.replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", s).strip().casefold()


def score(truth: dict, title: str | None, body: str | None) -> dict[str, bool]:
    b = norm(body)
    bs, be = norm(truth.get("body_first_sentence")), norm(truth.get("body_last_sentence"))
    t = norm(truth.get("title"))
    return {
        "title": bool(t) and t in norm(title) and len(norm(title)) <= 1.5 * len(t) + 10,
        "start": bool(bs) and bs in b[: len(bs) + 600],
        "end": bool(be) and be in b[-(len(be) + 600) :],
        "leak": any(
            len(norm(c.get("text_first_words"))) > 15 and norm(c.get("text_first_words")) in b
            for c in truth.get("comments", [])
        ),
    }


def trafilatura_body(html: str) -> tuple[str | None, str]:
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, include_comments=False, with_metadata=True, favor_precision=False, include_tables=True
    )
    if doc is None:
        return None, ""
    return doc.title, doc.text or ""


def ours_body(path: Path) -> tuple[str | None, str]:
    from discourse.parse import parse_file

    page = next(parse_file(path, input_format="html"))
    return page.article.title, page.article.body


def main() -> None:
    pages = Path(sys.argv[1])
    verbose = "--verbose" in sys.argv
    runs = {"trafilatura": lambda p: trafilatura_body(p.read_text("utf-8", errors="replace"))}
    if "--ours" in sys.argv:
        runs["discourse"] = ours_body
    for name, fn in runs.items():
        tot = {"title": 0, "start": 0, "end": 0, "leak": 0}
        n = 0
        t0 = time.perf_counter()
        for d in sorted(p for p in pages.iterdir() if (p / "truth.json").is_file()):
            truth = json.loads((d / "truth.json").read_text())
            title, body = fn(d / "page.html")
            s = score(truth, title, body)
            n += 1
            for k in tot:
                tot[k] += s[k]
            if verbose:
                flags = " ".join(
                    f"{k}={'ok' if v else 'NO'}" if k != "leak" else f"leak={'YES' if v else 'no'}"
                    for k, v in s.items()
                )
                print(f"{name} {d.name}: {flags}")
        secs = time.perf_counter() - t0
        print(
            f"{name}: pages={n} title={tot['title'] / n:.3f} body_start={tot['start'] / n:.3f} "
            f"body_end={tot['end'] / n:.3f} leak={tot['leak']} ({secs:.1f} s)"
        )


if __name__ == "__main__":
    main()
