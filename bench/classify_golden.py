#!/usr/bin/env python3
"""Golden snapshot of every classifier's output, to show that speed work changes nothing.

Scores a large, varied, seeded sample (hand-written edge cases, bench_classify.py's synthetic
comments with their articles and parents, texts of every labelled set in ../shared/data with
their targets and parents, the annotated comments of ../shared/pages with their articles, and the
comments the parsers read from ../shared/seeds and pages) and writes, per text, Scorer.row (every
output column) and each Label in full (label, score, every cue with its unrounded weight, extras).
``check`` scores the same sample again and reports every difference.

Usage (from the repository root, with its venv):
    .venv/bin/python bench/classify_golden.py items /tmp/items.json [--shared ../shared]
    PYTHONPATH=<old checkout> .venv/bin/python bench/classify_golden.py write /tmp/golden.jsonl \
        --items /tmp/items.json
    .venv/bin/python bench/classify_golden.py check /tmp/golden.jsonl

``items`` draws the sample (with today's parsers), ``write`` scores it with the code before a
change (here an old checkout on PYTHONPATH; without --items it draws the sample itself), ``check``
scores the texts stored in the snapshot with the code after it. Keep snapshots outside the
repository: they quote ../shared texts.
"""

from __future__ import annotations

import csv
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_classify import article_text, synthetic_comments  # noqa: E402

from discourse.classify import ArticleContext, Context, Doc  # noqa: E402
from discourse.classify.pipeline import Scorer  # noqa: E402

SHARED = Path("../shared")  # --shared overrides


def edge_cases() -> list[str]:
    return [
        "",
        " ",
        "\n\t ",
        "😀",
        "😀😀😀🔥",
        "?!?!... --- !!!",
        "!!!",
        "...",
        ":) :( :D <3 xD ^_^ -_-",
        "<p>Nice <b>work</b></p>&nbsp;<br/>",
        "ctrl\x00chars\x07 here\x1b[31m red",
        "Die Stadt hat endlich etwas für die Radfahrer getan, das ist wirklich gut und nicht schlecht.",
        "Le gouvernement a dit que ce n'est pas vrai et que les chiffres sont faux.",
        "Это просто ужасно, я не согласен.",
        "这是假新闻",
        "مرحبا بالعالم",
        "very long " * 10_000,
        ("This is fake news!!! " * 2000),
        "A" * 25_000,
        "YOU ARE ALL IDIOTS!!! Get a car like normal people!!!",
        "You're a f*cking idiot, sh1t for brains. a$$hole. fuuuuck this. bull-shit",
        "I will kill you. We're going to hurt them. go back to your country",
        "Dick Cheney and Randy Johnson met Willy.",
        "Those immigrants are vermin and animals.",
        "It isn’t true, I don’t believe it’s real. They’re lying.",
        "kind of good, sort of bad, at least ok, the very least",
        "not bad. never so good. without doubt the best. no good. nor great",
        "The food was great but the service was awful but ok",
        "BUY NOW!!! click here click here click here www.spam.biz visit http://x.y/z",
        "call 555-123-4567 or write to me@mail.com",
        "buy buy buy buy buy buy buy cheap cheap",
        "sooooooo goooood!!!!!!",
        "Source? Proof?",
        "Is this true??",
        "What? Why would anyone think that?! Really?",
        "lol ok 😂😂 smh tbh idk u r wrong lmao",
        "Moreover, the fiscal implications merit scrutiny; consequently, I respectfully disagree.",
        "e.g. regarding taxes, i.e. the levy etc.",
        "i think i agree. yes. exactly. totally agree with you.",
        "No, you're wrong. Nonsense. That's not true at all.",
        "@Sam: exactly right. @bob_smith nope",
        "Hi Sam, I disagree though.",
        "#fakenews #MAGA @user123 RT",
        "Tab\tseparated\ttext\r\nwith CRLF\r\n\r\nand paragraphs.\n\n- bullet one\n- bullet two",
        "e.g. i.e. etc. cf. viz. 17.6% of 3.5m people",
        "I'm, you're, they've, we'll, he'd, it's, that's, John's",
        "dont cant wont im ive youre thats aint",
        "THIS IS NOT OK. NATO FBI CIA USA",
        "😡😡😡 terrible 👎",
        "❤️❤️ love it 👍👍",
        "&amp; &lt; &#39; &#x27; <a href='x'>link</a> <3 </3",
        "\u200b\u200bzero width\u00a0nbsp",
        "ＦＵＬＬＷＩＤＴＨ text",
        "Ünïcödé wörds àçcéntś naïve café",
        "1234 5678 90",
        "http://example.com",
        "What a great article, thank you! Brilliant reporting.",
        "This article is propaganda and lies, no evidence.",
        "I doubt this. Where is the evidence? Any sources?",
        "fake IDs and false teeth; the onus lies upon us",
        "It's fake. False! Staged and bogus.",
        "Call your MP now! Sign the petition!",
        "maybe, perhaps, I guess, sort of",
    ]


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def sample() -> list[tuple[str, str, dict]]:
    """(key, text, context spec) items; context spec: article text, parent text, parent author, author."""
    rng = random.Random(1234)
    items: list[tuple[str, str, dict]] = []
    for k, t in enumerate(edge_cases()):
        items.append((f"edge:{k}:none", t, {}))
        items.append(
            (
                f"edge:{k}:art",
                t,
                {
                    "article": (
                        "City council approves new bike lanes. The council voted 7-2 on Tuesday to "
                        "build twelve kilometres of protected bike lanes downtown, citing a rise in "
                        "cycling injuries and traffic. "
                    )
                    * 3
                },
            )
        )
        items.append(
            (
                f"edge:{k}:reply",
                t,
                {
                    "article": "Fake news about vaccines spreads online; scientists say the study is sound.",
                    "parent": "This story is fake news and propaganda, you know it.",
                    "parent_author": "Sam",
                },
            )
        )
    # synthetic bench comments with articles and parents
    comments = synthetic_comments(2500, seed=777)
    by_id = {c.comment_id: c for c in comments}
    for c in comments:
        spec = {"article": article_text(c.article_id, 777), "author": c.author}
        if c.parent_id:
            spec["parent"] = by_id[c.parent_id].text
            spec["parent_author"] = by_id[c.parent_id].author
        items.append((f"synth:{c.comment_id}", c.text, spec))
    data = SHARED / "data"
    if data.exists():
        for name, n in (
            ("davidson_offensive_tweets", 500),
            ("goemotions_sentiment", 400),
            ("stanford_politeness", 400),
            ("vader_amazon_reviews", 300),
            ("vader_movie_reviews", 300),
            ("vader_nyt_editorials", 300),
            ("vader_tweets", 400),
            ("pavlick_formality", 499),
        ):
            rows = read_csv(data / name / f"{name}.csv")
            for r in rng.sample(rows, min(n, len(rows))):
                items.append((f"{name}:{r['id']}", r["text"], {}))
        for name in ("socc_ctc_toxicity", "socc_ctc_constructiveness", "news_comments_dev"):
            for r in read_csv(data / name / f"{name}.csv"):
                items.append((f"{name}:{r['id']}", r["text"], {"article": r.get("target") or ""}))
        rows = read_csv(data / "rumoureval2017_sdqc" / "rumoureval2017_sdqc.csv")
        by = {r["id"]: r for r in rows}
        for r in rng.sample(rows, 1000):
            spec = {"article": r["target"]}
            p = by.get(r["parent_id"])
            if p is not None and r["parent_id"] != r["thread_id"]:
                spec["parent"] = p["text"]
            items.append((f"rumour:{r['id']}", r["text"], spec))
    pages = SHARED / "pages"
    if pages.exists():
        ann = [
            json.loads(line)
            for line in (pages / "annotations.jsonl").read_text().splitlines()
            if line.strip()
        ]
        by_page: dict = {}
        for a in ann:
            by_page.setdefault(a["page"], {})[a["index"]] = a
        for a in ann:
            art = (pages / a["page"] / "page.txt").read_text(encoding="utf-8", errors="replace")
            spec = {"article": art, "author": a.get("author")}
            pi = a.get("parent_index")
            if pi is not None and pi in by_page[a["page"]]:
                spec["parent"] = by_page[a["page"]][pi]["text"]
                spec["parent_author"] = by_page[a["page"]][pi].get("author")
            items.append((f"page:{a['page']}:{a['index']}", a["text"], spec))
            items.append((f"page:{a['page']}:{a['index']}:bare", a["text"], {}))
    for key, text, spec in _parsed_comments():
        items.append((key, text, spec))
        items.append((key + ":bare", text, {}))
    return items


def _parsed_comments() -> list[tuple[str, str, dict]]:
    """Comments the parsers read from the seed dumps and the real pages, with article and parent."""
    import glob

    from discourse.parse import read_pages

    paths = sorted(glob.glob(str(SHARED / "seeds" / "*.txt"))) + sorted(
        glob.glob(str(SHARED / "pages" / "*" / "page.html"))
    )
    out = []
    for page in read_pages(paths):
        by_id = {c.id: c for c in page.comments}
        for c in page.comments:
            spec = {"article": page.article.text, "author": c.author}
            if c.reply_to and c.reply_to in by_id:
                spec["parent"] = by_id[c.reply_to].text
                spec["parent_author"] = by_id[c.reply_to].author
            out.append(
                (f"parsed:{Path(page.source).parent.name}/{Path(page.source).name}:{c.id}", c.text, spec)
            )
    return out


def deep(labels: dict) -> dict:
    out = {}
    for name, lab in labels.items():
        if lab is None:
            out[name] = None
            continue
        out[name] = {
            "label": lab.label,
            "score": repr(lab.score),
            "task": lab.task,
            "cues": [[c.rule, c.text, c.start, c.end, repr(c.weight), c.has_span] for c in lab.cues],
            "extras": json.dumps(lab.extras, sort_keys=True, default=repr),
        }
    return out


def run(items, scorer):
    arts: dict[str, ArticleContext] = {}
    for key, text, spec in items:
        art = None
        if "article" in spec:
            art = arts.get(spec["article"])
            if art is None:
                art = arts[spec["article"]] = ArticleContext(text=spec["article"])
        parent = Doc(spec["parent"]) if spec.get("parent") is not None else None
        ctx = Context(
            article=art, parent=parent, parent_author=spec.get("parent_author"), author=spec.get("author")
        )
        doc = Doc(text)
        labels = scorer.labels(doc, ctx)
        row = scorer.flatten(doc, labels)
        row2 = scorer.row(text, ctx)
        assert row == row2, key
        yield {"key": key, "text": text, "spec": spec, "row": row, "deep": deep(labels)}


def main() -> None:
    global SHARED
    args = sys.argv[1:]
    if "--shared" in args:
        k = args.index("--shared")
        SHARED = Path(args[k + 1])
        del args[k : k + 2]
    items_file = None
    if "--items" in args:
        k = args.index("--items")
        items_file = Path(args[k + 1])
        del args[k : k + 2]
    mode, path = args[0], Path(args[1])
    if mode == "check":
        # The texts are read back from the snapshot: the same sample whatever else changed.
        gold = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        items = [(g["key"], g["text"], g["spec"]) for g in gold]
    elif items_file is not None:
        items = [tuple(item) for item in json.loads(items_file.read_text(encoding="utf-8"))]
    else:
        items = sample()
    if mode == "items":
        path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
        print(f"{len(items)} texts written to {path}", file=sys.stderr)
        return
    scorer = Scorer()
    t = time.process_time()
    recs = list(run(items, scorer))
    dt = time.process_time() - t
    print(f"{len(recs)} texts scored in {dt:.1f} s CPU", file=sys.stderr)
    if mode == "write":
        with path.open("w", encoding="utf-8") as fh:
            for r in recs:
                fh.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
        return
    assert len(gold) == len(recs), (len(gold), len(recs))
    row_diff: dict[str, int] = {}
    deep_diff: dict[str, int] = {}
    shown = 0
    for g, r in zip(gold, recs, strict=True):
        r = json.loads(json.dumps(r, ensure_ascii=False, sort_keys=True))
        assert g["key"] == r["key"]
        for col in g["row"]:
            if g["row"][col] != r["row"].get(col):
                row_diff[col] = row_diff.get(col, 0) + 1
                if shown < 8:
                    shown += 1
                    print(f"ROW {g['key']} {col}:")
                    print(f"  gold {str(g['row'][col])[:400]}\n  now  {str(r['row'].get(col))[:400]}")
        if set(g["row"]) != set(r["row"]):
            row_diff["<columns>"] = row_diff.get("<columns>", 0) + 1
        for name in g["deep"]:
            if g["deep"][name] != r["deep"].get(name):
                for part in ("label", "score", "cues", "extras"):
                    a, b = (g["deep"][name] or {}).get(part), (r["deep"].get(name) or {}).get(part)
                    if a != b:
                        deep_diff[f"{name}.{part}"] = deep_diff.get(f"{name}.{part}", 0) + 1
                        if shown < 12:
                            shown += 1
                            print(f"DEEP {g['key']} {name}.{part}:")
                            print(f"  gold {str(a)[:400]}\n  now  {str(b)[:400]}")
    print(f"{len(recs)} texts: row differences {row_diff or 'none'}; deep differences {deep_diff or 'none'}")
    sys.exit(1 if row_diff or deep_diff else 0)


if __name__ == "__main__":
    main()
