"""Quality gate: the page-dump parser on the team's development pages (../shared/pages), scored
like ../shared/tools/eval_pages.py. Floors may only rise. Skipped when ../shared is absent."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from discourse.parse import read_pages

# Floors, set just under the figures measured when the gate was written (see the README).
FLOORS = {
    "precision": 0.97,
    "recall": 0.97,
    "author": 0.93,
    "reply": 0.85,
    "title": 0.95,
    "body_start": 0.95,
    "body_end": 0.95,
}


def _n(s: str | None) -> str:
    s = (s or "").replace("\u00a0", " ").replace("\u00ad", "").replace("\u2019", "'").replace("\u2018", "'")
    s = s.replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", s).strip().casefold()


def _score(pages_dir: Path) -> dict[str, float]:
    tot = dict(
        found=0,
        truth=0,
        matched=0,
        author=0,
        reply_total=0,
        reply_ok=0,
        pages=0,
        title=0,
        body_start=0,
        body_end=0,
        body_pages=0,
        leak=0,
    )
    for d in sorted(p for p in pages_dir.iterdir() if (p / "truth.json").is_file()):
        truth = json.loads((d / "truth.json").read_text("utf-8"))
        [page] = list(read_pages([d / "page.txt"]))
        p = page.to_dict()
        found = p["comments"]
        fnorm = [_n(c["text"]) for c in found]
        match: dict[int, int] = {}
        start = 0
        for i, c in enumerate(truth["comments"]):
            w = _n(c["text_first_words"])
            for j in list(range(start, len(found))) + list(range(0, start)):
                if j not in match.values() and w and w in fnorm[j][: max(400, len(w) + 50)]:
                    match[i] = j
                    start = j + 1
                    break
        tot["pages"] += 1
        tot["found"] += len(found)
        tot["truth"] += len(truth["comments"])
        tot["matched"] += len(match)
        ids = {c["id"]: k for k, c in enumerate(found)}
        for i, j in match.items():
            tot["author"] += _n(found[j]["author"]) == _n(truth["comments"][i]["author"])
            if truth["comments"][i]["reply_to"] is not None:
                tot["reply_total"] += 1
                parent = ids.get(found[j]["reply_to"])
                tot["reply_ok"] += (
                    parent is not None and match.get(truth["comments"][i]["reply_to"]) == parent
                )
        t, got = _n(truth.get("title")), _n(p["title"])
        tot["title"] += (bool(t) and t in got and len(got) <= 1.5 * len(t) + 10) or (not t and not got)
        body = _n(p["body"])
        bs, be = _n(truth.get("body_first_sentence")), _n(truth.get("body_last_sentence"))
        if bs:
            tot["body_pages"] += 1
            tot["body_start"] += bs in body[: len(bs) + 600]
            tot["body_end"] += bool(be) and be in body[-(len(be) + 600) :]
        tot["leak"] += any(
            _n(c["text_first_words"]) in body
            for c in truth["comments"]
            if len(_n(c["text_first_words"])) > 15
        )
    return {
        "precision": tot["matched"] / max(1, tot["found"]),
        "recall": tot["matched"] / max(1, tot["truth"]),
        "author": tot["author"] / max(1, tot["matched"]),
        "reply": tot["reply_ok"] / max(1, tot["reply_total"]),
        "title": tot["title"] / max(1, tot["pages"]),
        "body_start": tot["body_start"] / max(1, tot["body_pages"]),
        "body_end": tot["body_end"] / max(1, tot["body_pages"]),
        "leak": tot["leak"],
    }


def test_dev_pages_meet_the_floors(shared_dir: Path) -> None:
    pages = shared_dir / "pages"
    if not pages.is_dir():
        pytest.skip("../shared/pages is absent")
    figures = _score(pages)
    assert figures["leak"] == 0, figures
    low = {k: round(figures[k], 3) for k, floor in FLOORS.items() if figures[k] < floor}
    assert not low, f"below the floors {FLOORS}: {low} (all: {figures})"
