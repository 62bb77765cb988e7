#!/usr/bin/env python3
"""Classify speed: stock VADER, our VADER, and all registered classifiers, on the same comments.

Usage:
    .venv/bin/python bench/bench_classify.py [N] [--seed S] [--repeat R]

Generates N synthetic comments (default 20,000; seeded), then prints comments/s for
  1. stock vaderSentiment ``polarity_scores`` (one process; the reference),
  2. our VADER (``discourse.classify.vader.FastVader``), scores only and with explanations,
  3. the ``sentiment`` classifier,
  4. every registered classifier together through ``Scorer`` (one core), with replies given
     their parent and every comment its article,
and the ratio of (4) to (1): the target is all classifiers in at most 2x stock VADER's time.
With ``--repeat R`` each timing is the best of R runs, taken in turns. Rates are by CPU time of this process
(wall time beside it): the machine is shared and noisy (±20 % run to run), so compare figures
from the same run, not across runs.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

# Word pools for the generator (written for this benchmark). Sentiment words are a small share
# of the words, as in real comments (about 1 in 10 tokens is a VADER lexicon hit).
FUNCTION = (
    "the a an and or but of to in on for with at by from as is are was were be been it this that "
    "these those i you he she we they my your his her our their me him us them not no so if then "
    "than just also only still even what who which when where why how there here do does did have "
    "has had will would can could should may might must about into over after before because"
).split()
TOPIC = (
    "council city mayor budget tax taxes road roads bike lanes traffic police school schools "
    "teacher teachers students parents housing rent market prices inflation bank rates election "
    "vote voters party government minister law court judge climate energy power gas oil war "
    "troops border report article journalist paper story data study scientists vaccine health "
    "hospital doctors nurses team coach game season players fans league club stadium company "
    "workers jobs wages union strike plan policy money people country world year years week"
).split()
VERBS = (
    "said says think thought know knew see saw want need pay paid build built read wrote make "
    "made take took give gave vote voted cut raise raised ban banned support oppose agree "
    "disagree believe claim claimed ask asked tell told show showed remember forget"
).split()
SENTIMENT = (
    "good great excellent best love like nice happy glad thanks thank wonderful amazing brilliant "
    "fair helpful agree win hope smart fun funny cool perfect sure "
    "bad worst terrible awful hate wrong stupid idiot idiots sad angry disgusting ridiculous "
    "shame pathetic corrupt liar lies fail failed problem problems crisis fear afraid dead kill "
    "disaster mess waste useless joke hell damn crap"
).split()
NEGATION = "not never no don't isn't can't won't didn't nothing without".split()
BOOSTERS = "very really so extremely totally absolutely completely kinda barely hardly".split()
EMOJI = "😀 😂 🤣 😡 😢 👍 👎 ❤️ 🔥 🙄 🤔 😱 👏 💯 🙏".split()
EMOTICONS = ":) :( :D ;) :P lol lmao smh wtf omg".split()


def _zipf_choice(rng: random.Random, pool: list[str], s: float = 1.1) -> str:
    # Inverse-rank sampling: early words in a pool are much more common, like real text.
    k = int(len(pool) * (rng.random() ** (1 + s)))
    return pool[min(k, len(pool) - 1)]


@dataclass(frozen=True)
class SynthComment:
    """One generated comment: ids, its article, the comment it answers (or None), its text."""

    comment_id: str
    article_id: str
    parent_id: str | None
    author: str
    text: str


def synthetic_comments(n: int, seed: int = 20240611) -> list[SynthComment]:
    """N seeded comments: 5–120 words (lognormal, median ~25), sentence punctuation with "!!!"
    and "?!", ~10 % with emoji, ~4 % emoticons/slang, ~8 % with an ALL-CAPS run, ~35 % replies
    (half start with @user), ~1 % URLs, one article per ~200 comments."""
    rng = random.Random(seed)
    out: list[SynthComment] = []
    article = 0
    in_article: list[str] = []
    for i in range(n):
        if not in_article or rng.random() < 1 / 200:
            article += 1
            in_article = []
        words = max(5, min(120, int(math.exp(rng.gauss(math.log(25), 0.6)))))
        parts: list[str] = []
        reply_to = None
        if in_article and rng.random() < 0.35:
            reply_to = rng.choice(in_article[-50:])
            if rng.random() < 0.5:
                parts.append(f"@user{rng.randrange(5000)}")
        caps_from = rng.randrange(words) if rng.random() < 0.08 else -1
        sentence_start = True
        for w in range(words):
            r = rng.random()
            if r < 0.42:
                tok = _zipf_choice(rng, FUNCTION)
            elif r < 0.70:
                tok = _zipf_choice(rng, TOPIC)
            elif r < 0.83:
                tok = _zipf_choice(rng, VERBS)
            elif r < 0.93:
                tok = _zipf_choice(rng, SENTIMENT, 0.5)
            elif r < 0.97:
                tok = rng.choice(NEGATION)
            else:
                tok = rng.choice(BOOSTERS)
            if sentence_start:
                tok = tok.capitalize()
                sentence_start = False
            if 0 <= caps_from <= w < caps_from + 4:
                tok = tok.upper()
            if rng.random() < 0.08:
                tok += rng.choice((".", ".", ".", ",", ",", "?", "!", "!!!", "?!", "..."))
                sentence_start = tok[-1] in ".?!"
            parts.append(tok)
        if rng.random() < 0.10:
            parts.insert(rng.randrange(len(parts) + 1), rng.choice(EMOJI) * rng.randint(1, 3))
        if rng.random() < 0.04:
            parts.append(rng.choice(EMOTICONS))
        if rng.random() < 0.01:
            parts.append(f"https://news.example.com/{rng.randrange(10**6)}?ref=c{i}")
        cid = f"c{i}"
        in_article.append(cid)
        out.append(SynthComment(cid, f"a{article}", reply_to, f"user{rng.randrange(5000)}",
                                " ".join(parts)))
    return out


def article_text(article_id: str, seed: int = 20240611) -> str:
    """A generated article body for an article id (deterministic)."""
    rng = random.Random(f"{seed}:{article_id}")
    return " ".join(_zipf_choice(rng, TOPIC + FUNCTION + VERBS) for _ in range(300))


def _interleaved(runs: list[tuple[str, Callable[[], object]]], n: int, repeat: int) -> dict[str, float]:
    """Time every run ``repeat`` times, in turns (stock VADER, ours, …, stock VADER, ours, …) so that
    a busy spell on the shared machine hits all of them alike; print the best CPU and wall time
    of each; return the best CPU seconds by label.

    CPU time (this process only) is the figure to compare on a shared machine: other people's
    jobs inflate wall time much more than the CPU time this process gets.
    """
    cpu = dict.fromkeys((label for label, _ in runs), math.inf)
    wall = dict(cpu)
    for _ in range(repeat):
        for label, func in runs:
            c, t = time.process_time(), time.perf_counter()
            func()
            cpu[label] = min(cpu[label], time.process_time() - c)
            wall[label] = min(wall[label], time.perf_counter() - t)
    for label, _ in runs:
        print(f"{label:<48} {n / cpu[label]:>8,.0f} comments/s  ({cpu[label]:6.2f} s CPU, "
              f"{wall[label]:6.2f} s wall)", flush=True)
    return cpu


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", nargs="?", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=20240611)
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args(argv)

    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from discourse.classify import ArticleContext, Context, Doc
    from discourse.classify.pipeline import Scorer
    from discourse.classify.vader import FastVader

    comments = synthetic_comments(args.n, args.seed)
    texts = [c.text for c in comments]
    words = sum(len(t.split()) for t in texts)
    print(f"{args.n:,} synthetic comments (seed {args.seed}), {words / args.n:.1f} words on average, "
          f"{sum(c.parent_id is not None for c in comments) / args.n:.0%} replies")

    stock = SentimentIntensityAnalyzer()
    fast = FastVader()
    scorer = Scorer()
    sentiment = next(c for c in scorer.classifiers if c.name == "sentiment")
    by_id = {c.comment_id: c for c in comments}
    articles: dict[str, ArticleContext] = {}

    def run_all() -> None:
        articles.clear()  # article preparation is part of the work
        docs: dict[str, Doc] = {}
        for c in comments:
            art = articles.get(c.article_id)
            if art is None:
                art = articles[c.article_id] = ArticleContext(text=article_text(c.article_id, args.seed))
            parent = docs.get(c.parent_id) if c.parent_id else None
            if c.parent_id and parent is None:
                parent = Doc(by_id[c.parent_id].text)
            doc = docs[c.comment_id] = Doc(c.text)
            scorer.row(doc, Context(article=art, parent=parent,
                                    parent_author=by_id[c.parent_id].author if c.parent_id else None,
                                    author=c.author))

    def each(func: Callable[[str], object]) -> Callable[[], None]:
        def run() -> None:
            for t in texts:  # results are dropped, as in a streamed run
                func(t)
        return run

    labels_ = {
        "stock": "stock vaderSentiment polarity_scores",
        "fast": "our VADER, scores only",
        "expl": "our VADER, scores + cues",
        "sent": "sentiment classifier (Doc per comment)",
        "all": f"all classifiers, {len(scorer.names)} (Scorer.row)",
    }
    cpu = _interleaved([
        (labels_["stock"], each(stock.polarity_scores)),
        (labels_["fast"], each(fast.polarity_scores)),
        (labels_["expl"], each(fast.analyse)),
        (labels_["sent"], each(lambda t: sentiment.score(Doc(t)))),
        (labels_["all"], run_all),
    ], args.n, args.repeat)
    t_stock, t_fast, t_expl, t_sent, t_all = (cpu[labels_[k]] for k in labels_)

    # Where the time of "all classifiers" goes: the shared Doc, each classifier, the flattening.
    print("breakdown (CPU s; Docs and contexts built beforehand):")
    docs: dict[str, Doc] = {}
    items = []
    for c in comments:
        art = articles.get(c.article_id) or ArticleContext(text=article_text(c.article_id, args.seed))
        articles[c.article_id] = art
        parent = docs.get(c.parent_id) if c.parent_id else None
        docs[c.comment_id] = Doc(c.text)
        ctx = Context(article=art, parent=parent, author=c.author,
                      parent_author=by_id[c.parent_id].author if c.parent_id else None)
        items.append((docs[c.comment_id], ctx))

    def cpu(func: Callable[[], object]) -> float:
        t = time.process_time()
        func()
        return time.process_time() - t

    shared = cpu(lambda: [(d.word_spans, d.lower_words, d.language) for d, _ in items])
    print(f"  {'Doc (words, spans, language)':<30}{shared:7.2f}  ({shared / t_stock:.2f}x stock VADER)")
    labels: list[dict] = [{} for _ in items]
    for clf in scorer.classifiers:
        def run(clf=clf) -> None:
            for k, (d, ctx) in enumerate(items):
                labels[k][clf.name] = clf.score(d, ctx) if clf.applies(ctx) else None
        t = cpu(run)
        print(f"  {clf.name:<30}{t:7.2f}  ({t / t_stock:.2f}x stock VADER)")
    t = cpu(lambda: [scorer.flatten(d, lab) for (d, _), lab in zip(items, labels, strict=True)])
    print(f"  {'flatten (evidence JSON)':<30}{t:7.2f}  ({t / t_stock:.2f}x stock VADER)")
    print(f"speed-up of our VADER over stock: {t_stock / t_fast:.1f}x (scores), "
          f"{t_stock / t_expl:.1f}x (with cues), {t_stock / t_sent:.1f}x (sentiment classifier)")
    print(f"all classifiers / stock VADER CPU time: {t_all / t_stock:.2f} (target <= 2.0)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
