"""A seeded generator of realistic-looking comment corpora for benchmarks.

Comments are 5-120 words (log-normal, median about 25), drawn from function words, each
article's own topic words, sentiment words, negations and intensifiers, with sentence
punctuation, "!!!" and "?!" runs, emoji (10 %), slang and emoticons (4 %), ALL-CAPS runs (8 %),
URLs (1 %) and replies (35 %; half of them open with "@name" or "Name,"). Article sizes are
skewed (log-normal): most discussions are small, a few are large. The text is word salad, but
its shape (lengths, token mix, reply structure) is what costs time. The word lists are written
here for this purpose.

Everything streams: articles are produced one at a time, so 1M comments never sit in memory.

Use it as a library (``pages(...)`` yields :class:`discourse.model.Page`; ``rows(...)`` yields
flat dicts) or write a table:

    python bench/gen_corpus.py 100000 --articles 1000 --out data/comments_100k.parquet
    python bench/gen_corpus.py 1000000 --articles 5000 --out data/comments_1m.csv
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

SEED = 20240611

FUNCTION = (
    "the a an and or but so of to in on at for with about from by as is are was were be been it this "
    "that these those i you he she we they my your our their not no just really very quite also even "
    "still then than if when because while what who which how why there here all some any more most"
).split()
VERBS = (
    "think know say see feel want need believe read wrote said hope agree disagree doubt expect "
    "remember guess mean find call show tell ask keep seem try report claim deny support".split()
)
POSITIVE = "good great love excellent nice happy brilliant helpful wonderful fair honest best thanks".split()
NEGATIVE = "bad terrible awful hate wrong stupid sad horrible worse worst angry ugly useless corrupt".split()
NEGATION = "not never no nobody nothing isn't don't can't won't".split()
BOOSTERS = "very really extremely totally absolutely hardly barely kind of somewhat".split()
SLANG = "lol omg tbh imo smh lmao ikr btw :) :( ;) :D".split()
EMOJI = "😀 😂 😡 👍 👎 🙄 🔥 💯 😢 🤔 ❤️ 🚀".split()
FIRST = (
    "anna ben carla dev emma farid gary hana ivan julia kim leo maria nico olga pat quinn rosa sam tara"
).split()
LAST = "smith brown lee garcia novak khan meyer rossi silva tanaka okafor dubois".split()
TOPIC_POOL = (
    "election vote senate budget tax deficit inflation rates housing rent mortgage climate carbon "
    "flood drought wildfire energy nuclear solar wind grid school teacher exam university tuition "
    "hospital nurse vaccine virus clinic police court judge trial prison border migrant asylum "
    "visa trade tariff export factory union strike wage pension football league coach transfer "
    "goal stadium film actor series album concert festival museum library bridge railway airport "
    "traffic bike parking startup software privacy data phone app bank crypto market stocks oil "
    "gas farm harvest drought fishing ocean plastic recycling forest wildlife zoo war troops "
    "missile treaty sanctions embassy summit minister mayor council protest riot scandal"
).split()


@dataclass(frozen=True)
class ArticleSpec:
    article_id: str
    title: str
    body: str
    size: int
    topic: tuple[str, ...]
    start: datetime


def article_sizes(n_comments: int, n_articles: int, rng: random.Random) -> list[int]:
    """Skewed sizes (log-normal, sigma 1.1) that add up to exactly ``n_comments``; every
    article gets at least one comment when there are enough to go round."""
    weights = [rng.lognormvariate(0.0, 1.1) for _ in range(n_articles)]
    total = sum(weights)
    sizes = [max(1 if n_comments >= n_articles else 0, int(n_comments * w / total)) for w in weights]
    diff = n_comments - sum(sizes)
    order = sorted(range(n_articles), key=lambda i: -weights[i])
    i = 0
    while diff != 0:
        j = order[i % n_articles]
        if diff > 0:
            sizes[j] += 1
            diff -= 1
        elif sizes[j] > 1:
            sizes[j] -= 1
            diff += 1
        i += 1
    return sizes


def articles(n_comments: int, n_articles: int, seed: int = SEED) -> Iterator[ArticleSpec]:
    rng = random.Random(seed)
    sizes = article_sizes(n_comments, n_articles, rng)
    base = datetime(2024, 1, 1)
    for a, size in enumerate(sizes):
        topic = tuple(rng.sample(TOPIC_POOL, 6))
        title = (
            f"The {topic[0]} {rng.choice(['debate', 'crisis', 'plan', 'report', 'vote'])} and the {topic[1]}"
        )
        body = " ".join(_sentence(rng, topic, 18) for _ in range(8))
        yield ArticleSpec(
            f"a{a:06d}",
            title.capitalize(),
            body,
            size,
            topic,
            base + timedelta(hours=rng.randrange(0, 24 * 365)),
        )


def _sentence(rng: random.Random, topic: tuple[str, ...], n: int) -> str:
    words = []
    for _ in range(n):
        r = rng.random()
        if r < 0.45:
            words.append(rng.choice(FUNCTION))
        elif r < 0.65:
            words.append(rng.choice(topic))
        elif r < 0.75:
            words.append(rng.choice(VERBS))
        elif r < 0.83:
            words.append(rng.choice(POSITIVE if rng.random() < 0.5 else NEGATIVE))
        elif r < 0.87:
            words.append(rng.choice(NEGATION))
        elif r < 0.91:
            words.append(rng.choice(BOOSTERS))
        else:
            words.append(rng.choice(TOPIC_POOL))
    words[0] = words[0].capitalize()
    return " ".join(words) + rng.choice([".", ".", ".", "!", "?", "!!!", "?!"])


def comment_text(rng: random.Random, topic: tuple[str, ...], addressee: str | None) -> str:
    n = max(5, min(120, int(rng.lognormvariate(math.log(25), 0.7))))
    parts = []
    left = n
    while left > 0:
        k = min(left, rng.randint(6, 18))
        parts.append(_sentence(rng, topic, k))
        left -= k
    text = " ".join(parts)
    if rng.random() < 0.08:  # shouting
        words = text.split()
        i = rng.randrange(len(words))
        words[i : i + 4] = [w.upper() for w in words[i : i + 4]]
        text = " ".join(words)
    if rng.random() < 0.10:
        text += " " + rng.choice(EMOJI)
    if rng.random() < 0.04:
        text += " " + rng.choice(SLANG)
    if rng.random() < 0.01:
        text += f" https://www.example.com/{rng.choice(topic)}/{rng.randrange(10**6)}"
    if addressee:
        text = (
            f"@{addressee.replace(' ', '_')} " if rng.random() < 0.5 else f"{addressee.split()[0].title()}, "
        ) + text
    return text


def rows(n_comments: int, n_articles: int, seed: int = SEED) -> Iterator[dict[str, Any]]:
    """Flat rows, article after article: article_id, comment_id, parent_id, author, posted,
    text, title, article_text."""
    for spec in articles(n_comments, n_articles, seed):
        rng = random.Random(f"{seed}:{spec.article_id}")
        authors: list[str] = []
        t = spec.start
        for i in range(spec.size):
            author = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            parent = None
            addressee = None
            if i and rng.random() < 0.35:
                p = rng.randrange(max(0, i - 20), i)  # replies answer recent comments
                parent = f"{spec.article_id}-{p}"
                if rng.random() < 0.5:
                    addressee = authors[p]
            t = t + timedelta(minutes=rng.expovariate(1 / 40))
            yield {
                "article_id": spec.article_id,
                "comment_id": f"{spec.article_id}-{i}",
                "parent_id": parent,
                "author": author,
                "posted": t.strftime("%Y-%m-%dT%H:%M"),
                "text": comment_text(rng, spec.topic, addressee),
                "title": spec.title,
                "article_text": spec.body,
            }
            authors.append(author)


def pages(n_comments: int, n_articles: int, seed: int = SEED) -> Iterator[Any]:
    """The corpus as :class:`discourse.model.Page` objects, one article at a time."""
    from discourse.model import Article, Comment, Page

    current: list[dict[str, Any]] = []

    def page(group: list[dict[str, Any]]) -> Page:
        first = group[0]
        comments = tuple(
            Comment(
                id=r["comment_id"],
                text=r["text"],
                author=r["author"],
                posted=r["posted"],
                reply_to=r["parent_id"],
                reply_evidence="column" if r["parent_id"] else None,
            )
            for r in group
        )
        return Page(
            source=f"generated#{first['article_id']}",
            article=Article(title=first["title"], body=first["article_text"]),
            comments=comments,
            kind="generated",
            article_id=first["article_id"],
        )

    for r in rows(n_comments, n_articles, seed):
        if current and r["article_id"] != current[0]["article_id"]:
            yield page(current)
            current = []
        current.append(r)
    if current:
        yield page(current)


def write(path: Path, n_comments: int, n_articles: int, seed: int = SEED, chunk: int = 50_000) -> None:
    """Write the corpus as CSV, JSONL or Parquet (by extension), in chunks."""
    suffix = path.suffix.lower()
    path.parent.mkdir(parents=True, exist_ok=True)
    it = rows(n_comments, n_articles, seed)
    if suffix == ".parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        writer = None
        while True:
            batch = [r for _, r in zip(range(chunk), it, strict=False)]
            if not batch:
                break
            table = pa.Table.from_pylist(batch)
            if writer is None:
                writer = pq.ParquetWriter(path, table.schema)
            writer.write_table(table)
        if writer is not None:
            writer.close()
    elif suffix in (".csv", ".jsonl"):
        import csv
        import json

        with path.open("w", encoding="utf-8", newline="") as fh:
            w = None
            for r in it:
                if suffix == ".jsonl":
                    fh.write(json.dumps(r, ensure_ascii=False) + "\n")
                else:
                    if w is None:
                        w = csv.DictWriter(fh, fieldnames=list(r))
                        w.writeheader()
                    w.writerow(r)
    else:
        raise SystemExit(f"unknown table kind {suffix!r}: use .csv, .jsonl or .parquet")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("comments", type=int)
    ap.add_argument("--articles", type=int, default=None, help="default: one per 100 comments")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    write(args.out, args.comments, args.articles or max(1, args.comments // 100), args.seed)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
