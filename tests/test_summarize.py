"""Per-article and corpus summaries: facts from labels, prose only from facts, sections that
degrade when a classifier did not run."""

from __future__ import annotations

from datetime import datetime

import pytest

from discourse.cluster import find_themes
from discourse.model import Article, Comment, Cue, Label, Page
from discourse.summarize import (
    ClassifierInfo,
    CorpusRow,
    Scored,
    SummaryParams,
    corpus_row,
    distinctive_terms,
    excerpt,
    human_date,
    parse_posted,
    summarize_article,
    summarize_corpus,
    tone_change,
)
from discourse.threads import build_threads

INFOS = {
    "sentiment": ClassifierInfo("sentiment", ("negative", "neutral", "positive"), "neutral"),
    "register": ClassifierInfo("register", ("informal", "neutral", "formal"), "neutral"),
    "stance": ClassifierInfo("stance", ("support", "deny", "query", "comment"), "comment"),
    "moderation": ClassifierInfo("moderation", ("unlikely", "maybe", "likely"), "unlikely"),
    "reply_stance": ClassifierInfo(
        "reply_stance", ("disagree", "neutral", "agree"), "neutral", replies_only=True
    ),
}

# (author, posted, reply_to, text, sentiment, register, stance, toxicity band, toxicity, flags, reply stance)
ROWS = [
    (
        "Gary Hill",
        "2024-05-01T10:00",
        None,
        "Man, this feels like a chess game with the budget.",
        0.3,
        30,
        "comment",
        "unlikely",
        0.05,
        [],
        None,
    ),
    (
        "Julius Berg",
        "2024-05-01T12:00",
        "c1",
        "Totally agree, Gary. Keep it calm.",
        0.6,
        35,
        "support",
        "unlikely",
        0.02,
        [],
        "agree",
    ),
    (
        "Maxine Roy",
        "2024-05-02T09:00",
        None,
        "What evidence supports the figures in this report?",
        0.0,
        70,
        "query",
        "unlikely",
        0.01,
        [],
        None,
    ),
    (
        "Katie Lund",
        "2024-05-02T11:30",
        "c3",
        "Indeed, Maxine, the figures deserve a formal audit.",
        0.1,
        80,
        "support",
        "unlikely",
        0.03,
        [],
        "agree",
    ),
    (
        "Troll",
        "2024-05-03T08:00",
        None,
        "This is FAKE NEWS, you idiots!!!",
        -0.8,
        10,
        "deny",
        "likely",
        0.92,
        ["insult", "shouting"],
        None,
    ),
    (
        "Pat Doe",
        "2024-05-03T09:00",
        None,
        "Propaganda from start to finish, no evidence at all.",
        -0.6,
        55,
        "deny",
        "maybe",
        0.41,
        [],
        None,
    ),
    (
        "Sam Poe",
        None,
        None,
        "The budget gap will hurt pensioners most, sadly.",
        -0.5,
        60,
        "support",
        "unlikely",
        0.04,
        [],
        None,
    ),
]


def _label(task: str, label: str, score: float, text: str, word: str | None = None) -> Label:
    cues = ()
    if word and word in text:
        i = text.index(word)
        cues = (Cue(f"{task}.test", word, i, i + len(word), 1.0),)
    return Label(task, label, score, cues)


def _page(rows=ROWS) -> Page:
    comments = tuple(
        Comment(
            id=f"c{i + 1}",
            author=a,
            posted=p,
            reply_to=r,
            text=t,
            reply_evidence="addressed (vocative)" if r else None,
        )
        for i, (a, p, r, t, *_) in enumerate(rows)
    )
    return Page(
        source="test.txt",
        article=Article(title="The budget report", published="2024-04-30"),
        comments=comments,
        kind="dump",
        declared_comment_count=len(rows),
    )


def _scored(rows=ROWS, only: tuple[str, ...] = tuple(INFOS)) -> Scored:
    labels: dict[str, list[Label | None]] = {name: [] for name in only}
    flags = []
    for _, _, reply, text, sent, form, stance, band, tox, fl, rst in rows:
        s_label = "positive" if sent >= 0.05 else "negative" if sent <= -0.05 else "neutral"
        r_label = "formal" if form >= 60 else "informal" if form <= 40 else "neutral"
        values = {
            "sentiment": _label("sentiment", s_label, sent, text),
            "register": _label("register", r_label, form, text),
            "stance": _label("stance", stance, 1.0, text),
            "moderation": _label("moderation", band, tox, text, "idiots"),
            "reply_stance": _label("reply_stance", rst, 1.0, text) if reply else None,
        }
        for name in only:
            labels[name].append(values[name])
        flags.append(fl if "moderation" in only else [])
    return Scored([INFOS[n] for n in only], labels, flags)


def _summary(rows=ROWS, only: tuple[str, ...] = tuple(INFOS), params: SummaryParams | None = None):
    page = _page(rows)
    scored = _scored(rows, only)
    stances = (
        [lab.label if lab else None for lab in scored.labels["reply_stance"]]
        if "reply_stance" in only
        else None
    )
    threads = build_threads(page.comments, stances)
    themes = find_themes([c.text for c in page.comments])
    return summarize_article(
        page,
        article_id="test",
        slug="test",
        scored=scored,
        threads=threads,
        themes=themes,
        params=params or SummaryParams(now=datetime(2025, 1, 1)),
    )


def test_counts_and_distributions() -> None:
    s = _summary()
    assert (s.comments, s.authors, s.empty_texts) == (7, 7, 0)
    assert s.labels["sentiment"].counts == {"negative": 3, "neutral": 1, "positive": 3}
    assert s.labels["register"].counts == {"informal": 3, "neutral": 1, "formal": 3}
    assert s.labels["reply_stance"].scored == 2
    assert s.labels["sentiment"].mean_score == pytest.approx(sum(r[4] for r in ROWS) / 7, abs=1e-4)


def test_agreement_and_polarisation() -> None:
    ag = _summary().agreement
    assert ag is not None
    assert (ag.support, ag.deny, ag.query, ag.scored) == (3, 2, 1, 7)
    assert ag.support_share == pytest.approx(3 / 7, abs=1e-4)
    assert ag.polarisation == pytest.approx(2 * 2 / 7, abs=1e-4)


def test_threads_name_who_answers_whom() -> None:
    s = _summary()
    pairs = [(p.replier, p.addressee) for p in s.threads.pairs]
    assert pairs == [("Julius Berg", "Gary Hill"), ("Katie Lund", "Maxine Roy")]
    assert "Julius Berg → Gary Hill" in s.paragraph and "Katie Lund → Maxine Roy" in s.paragraph
    assert "by name" in s.paragraph


def test_notable_comments() -> None:
    n = _summary().notable
    assert n["most_positive"].author == "Julius Berg"
    assert n["most_negative"].author == "Troll"
    assert n["most_formal"].author == "Katie Lund"
    assert n["most_informal"].author == "Troll"
    assert n["most_replied_to"].author == "Gary Hill" and n["most_replied_to"].value == 1


def test_moderation_reads_the_worst_first_with_reasons() -> None:
    mod = _summary().moderation
    assert mod is not None
    assert mod.bands == {"unlikely": 5, "maybe": 1, "likely": 1}
    assert mod.flags == {"insult": 1, "shouting": 1}
    assert mod.flagged == 2
    assert [r.author for r in mod.read_first] == ["Troll", "Pat Doe"]
    reasons = " ".join(mod.read_first[0].reasons)
    assert "insult" in reasons and "idiots" in reasons and "0.92" in reasons


def test_timeline() -> None:
    tl = _summary().timeline
    assert (tl.dated, tl.undated, tl.future) == (6, 1, 0)
    assert tl.first == "2024-05-01T10:00" and tl.last == "2024-05-03T09:00"
    assert tl.unit == "hour"
    assert sum(b.count for b in tl.buckets) == 6


def test_future_and_missing_dates_are_counted_not_plotted() -> None:
    rows = [list(r) for r in ROWS]
    rows[0][1] = "2031-01-01T00:00"
    rows[1][1] = "yesterday at noon"  # not ISO: unusable
    s = _summary([tuple(r) for r in rows])
    assert (s.timeline.future, s.timeline.undated, s.timeline.dated) == (1, 2, 4)
    assert any("future" in w for w in s.warnings)


def test_tone_change_over_time() -> None:
    scores = [0.6, 0.5, 0.7, 0.6, 0.5, -0.5, -0.6, -0.4, -0.7, -0.5]
    params = SummaryParams()
    found = tone_change(list(range(10)), scores, params)
    assert found is not None
    pos, before, after, nb, na = found
    assert pos == 5 and (nb, na) == (5, 5)
    assert before == pytest.approx(0.58) and after == pytest.approx(-0.54)


@pytest.mark.parametrize(
    "scores",
    [[0.2] * 12, [0.1, -0.1] * 6, [0.5, 0.5, -0.5], []],
)
def test_no_tone_change_without_a_shift(scores: list[float]) -> None:
    assert tone_change(list(range(len(scores))), scores, SummaryParams()) is None


def test_paragraph_is_made_of_the_facts() -> None:
    s = _summary()
    p = s.paragraph
    assert p.startswith("7 comments from 7 readers")
    assert "3 negative, 1 neutral and 3 positive" in p
    assert "3 support it, 2 dispute it, 1 ask questions about it and 1 take no clear position" in p
    assert "read first: Troll" in p
    placed = [t for t in s.themes if t.placed]
    assert placed[0].label in p


def test_sections_degrade_when_classifiers_are_missing() -> None:
    s = _summary(only=("sentiment",))
    assert s.agreement is None and s.moderation is None
    assert "most_formal" not in s.notable
    assert "Toward the article" not in s.paragraph and "Moderation" not in s.paragraph
    assert "Tone:" in s.paragraph
    bare = _summary(only=())
    assert bare.labels == {} and bare.notable.keys() <= {"most_replied_to"}
    assert bare.paragraph.startswith("7 comments")


def test_zero_comments() -> None:
    page = Page(source="empty.txt", kind="dump", declared_comment_count=12)
    s = summarize_article(
        page,
        article_id="e",
        slug="e",
        scored=_scored([], ()),
        threads=build_threads([]),
        themes=find_themes([]),
    )
    assert s.comments == 0 and s.themes == [] and s.notable == {}
    assert s.paragraph == "No reader comments (the page says 12)."
    assert any("12" in w for w in s.warnings)


def test_to_dict_is_json_ready() -> None:
    import json

    d = _summary().to_dict()
    again = json.loads(json.dumps(d))
    assert again["threads"]["pairs"][0]["replier"] == "Julius Berg"
    assert again["labels"]["stance"]["counts"]["deny"] == 2


def test_corpus_rankings_and_distinctive_words() -> None:
    a = _summary()
    calm_rows = [r[:4] + (0.5, 50, "support", "unlikely", 0.01, [], r[10]) for r in ROWS]
    b = _summary(calm_rows)
    b.slug, b.article_id = "calm", "calm"
    rows = [
        corpus_row(a, {"budget": 45, "pension": 25, "figure": 10}, 80),
        corpus_row(b, {"garden": 40, "flower": 30, "budget": 5}, 75),
    ]
    corpus = summarize_corpus(rows, min_comments=3)
    assert corpus.articles == 2 and corpus.comments == 14
    assert [r.slug for r in corpus.most_negative] == ["test"]
    assert [r.slug for r in corpus.most_polarised] == ["test"]
    assert [r.slug for r in corpus.most_uncivil] == ["test"]
    assert "budget" in corpus.distinctive["test"] and "garden" in corpus.distinctive["calm"]
    assert "budget" not in corpus.distinctive.get("calm", [])


def test_distinctive_terms_need_two_articles() -> None:
    row = CorpusRow(
        "a", "a", None, "a", 3, 0, 0, None, None, None, None, None, None, None, None, {}, {"word": 5}
    )
    assert distinctive_terms([row]) == {}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-12-28T21:59", datetime(2024, 12, 28, 21, 59)),
        ("2024-12-28", datetime(2024, 12, 28)),
        ("2024-12-28T21:59:00+02:00", datetime(2024, 12, 28, 19, 59)),
        ("2024-12-28T21:59Z", datetime(2024, 12, 28, 21, 59)),
        ("3 hours ago", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_posted(value: str | None, expected: datetime | None) -> None:
    assert parse_posted(value) == expected


def test_human_date_and_excerpt() -> None:
    assert human_date("2024-12-28T21:59") == "28 Dec 2024"
    assert human_date("2024-12-28T21:59", with_time=True) == "28 Dec 2024 21:59"
    assert human_date(None) == "unknown date"
    assert excerpt("word " * 100, 30).endswith("…") and len(excerpt("word " * 100, 30)) <= 32
    assert excerpt("  short\n text ") == "short text"
