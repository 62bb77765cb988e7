"""The moderation queue: ranking, reasons, thresholds, thread heat, outputs, and the review of
moderators' decisions. Classifiers are test fakes (tests/fakes.py) so the figures are exact."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakes import bus_page, park_page, registered_fakes
from typer.testing import CliRunner

from discourse import moderate
from discourse.classify.pipeline import Scorer
from discourse.cli import app
from discourse.config import Settings, load_settings
from discourse.errors import ColumnError, ConfigError
from discourse.model import Comment, Page
from discourse.moderate import band_thresholds, build_queue, review_decisions, thresholds_from
from discourse.report.moderation import render_queue_html, segments, write_queue_csv

runner = CliRunner()
USED = ["sentiment", "fake_moderation", "fake_reply_stance"]


@pytest.fixture
def scorer() -> Iterator[Scorer]:
    with registered_fakes():
        yield Scorer(load_settings(), only=USED)


@pytest.fixture
def queue(scorer: Scorer) -> moderate.Queue:
    return build_queue([bus_page(), park_page()], scorer=scorer)


def _by_id(q: moderate.Queue) -> dict[str, moderate.QueueItem]:
    return {f"{i.article}/{i.comment_id}": i for i in q.items}


def test_every_comment_is_in_the_queue_and_counts_add_up(queue: moderate.Queue) -> None:
    assert len(queue.items) == len(bus_page().comments) + len(park_page().comments)
    assert sum(queue.counts.values()) == len(queue.items)
    assert [i.rank for i in queue.items] == list(range(1, len(queue.items) + 1))


def test_held_first_then_review_then_ok(queue: moderate.Queue) -> None:
    order = {"hold": 0, "review": 1, "ok": 2}
    statuses = [order[i.status] for i in queue.items]
    assert statuses == sorted(statuses)
    for a, b in zip(queue.items, queue.items[1:], strict=False):
        if a.status == b.status:
            assert a.priority >= b.priority


def test_reasons_name_flag_words_and_threshold(queue: moderate.Queue) -> None:
    items = _by_id(queue)
    c3 = items["bus/c3"]
    assert c3.status == "hold"
    assert "insult: 'idiot' — toxicity 0.85 ≥ Likely 0.80" in [r.text for r in c3.reasons]
    # A threat holds whatever the score; the reason says why.
    c9 = items["bus/c9"]
    assert c9.status == "hold" and c9.flags == ("identity_attack", "threat")
    assert any("'kill'" in r.text and "always holds" in r.text for r in c9.reasons)
    # Below the review threshold a flag still puts the comment up for review, and says so.
    c11 = items["bus/c11"]
    assert c11.status == "review"
    assert c11.reasons[0].text == "profanity: 'damn' — toxicity 0.35 < Maybe 0.50"
    assert items["park/p7"].status == "ok" and not items["park/p7"].reasons


def test_escalation_and_pile_on(queue: moderate.Queue) -> None:
    items = _by_id(queue)
    # c3, c4, c5 insult Gary (c1); c2 disagrees with him in a negative tone: four replies.
    for cid in ("c2", "c3", "c4", "c5"):
        assert any(
            r.kind == "pile_on" and "4 hostile" in r.text and "Gary Holt's comment c1" in r.text
            for r in items[f"bus/{cid}"].reasons
        ), cid
    assert any(r.kind == "pile_on_target" for r in items["bus/c1"].reasons)
    assert items["bus/c1"].status == "review"
    # c12 insults Tom, whose question was calm: escalation. c10 agrees with Tom: no heat.
    assert any(r.kind == "escalation" and "0.55 vs 0.00" in r.text for r in items["bus/c12"].reasons)
    assert not items["bus/c10"].reasons
    # Two replies to Tom are not a pile-on.
    assert not any(r.kind.startswith("pile_on") for r in items["bus/c6"].reasons)


def test_pile_on_needs_the_configured_number_of_replies(scorer: Scorer) -> None:
    q = build_queue([bus_page()], scorer=scorer, pile_on_replies=5)
    assert not any(r.kind.startswith("pile_on") for i in q.items for r in i.reasons)


def test_disagreement_counts_toward_pile_on_only_when_configured(scorer: Scorer) -> None:
    base = load_settings()
    data = base.section("moderate") | {"pile_on_counts_disagreement": False}
    settings = base.with_overrides({"moderate": data})
    q = build_queue([bus_page()], settings=settings, scorer=scorer)
    c2 = _by_id(q)["bus/c2"]
    assert not c2.reasons and c2.status == "ok"


def test_escalation_needs_a_calmer_parent() -> None:
    page = Page(
        source="t",
        article_id="t",
        comments=(
            Comment("a", "You idiot.", author="A"),
            Comment("b", "No, you are the idiot.", author="B", reply_to="a"),
        ),
    )
    with registered_fakes():
        q = build_queue([page], scorer=Scorer(load_settings(), only=["fake_moderation"]))
    assert not any(r.kind == "escalation" for i in q.items for r in i.reasons)


def test_what_if_table(queue: moderate.Queue) -> None:
    rows = {w.threshold: w for w in queue.what_if}
    assert rows[0.8].current and sum(w.current for w in queue.what_if) == 1
    held = [w.held for w in queue.what_if]
    assert held == sorted(held, reverse=True)  # higher thresholds never hold more
    # At 0.5: c9 .9, c3 .85, c4 .8, c5 .6, c12 .55 reach it; c9 also holds by its flags.
    assert rows[0.5].at_or_above == 5 and rows[0.5].held == 5
    # At 0.9 only c9 reaches the score; nothing else carries a flag that always holds.
    assert rows[0.9].held == 1
    assert rows[0.8].held == queue.counts["hold"]


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        ({"likely_threshold": 0.75, "maybe_threshold": 0.45}, {"likely": 0.75, "maybe": 0.45}),
        ({"likely_threshold": 0.9}, {"likely": 0.9}),
        ({"unrelated": 0.3, "likely_threshold": "high"}, {}),
    ],
)
def test_band_thresholds_come_from_the_moderation_section(section: dict, expected: dict) -> None:
    assert {k: v for k, (v, _) in band_thresholds(section).items()} == expected


def _settings(moderation: dict | None = None, **moderate_keys: object) -> Settings:
    base = load_settings()
    data = base.data | {"moderation": moderation or {}, "moderate": base.section("moderate") | moderate_keys}
    return Settings(data)


def test_thresholds_reuse_moderation_and_take_options() -> None:
    th = thresholds_from(_settings({"likely_threshold": 0.7, "maybe_threshold": 0.4}))
    assert (th.hold, th.review) == (0.7, 0.4)
    assert th.hold_name == "Likely 0.70" and th.sources["likely"] == "[moderation] likely_threshold"
    th = thresholds_from(_settings({"likely_threshold": 0.7, "maybe_threshold": 0.4}), likely=0.9, hold="maybe")
    assert (th.likely, th.hold) == (0.9, 0.4)
    assert th.sources["likely"] == "option --likely" and th.sources["hold"] == "option --hold"
    th = thresholds_from(_settings(hold=0.65))
    assert th.hold == 0.65 and th.hold_name == "hold threshold 0.65"
    assert 0.65 in th.what_if


@pytest.mark.parametrize(
    "overrides",
    [
        {"hold": "severe"},
        {"hold": 1.5},
        {"likely": 0.3, "maybe": 0.6},
        {"hold": "maybe", "review": "likely"},
        {"escalation_gap": -0.1},
    ],
)
def test_bad_thresholds_are_refused(overrides: dict) -> None:
    with pytest.raises(ConfigError):
        thresholds_from(_settings(), **overrides)


def test_queue_without_a_toxicity_classifier_says_so() -> None:
    q = build_queue([bus_page()], scorer=Scorer(load_settings(), only=["sentiment"]))
    assert len(q.items) == len(bus_page().comments)
    assert any("no classifier provides 'toxicity'" in n for n in q.notes)
    assert any("no classifier provides 'flags'" in n for n in q.notes)
    assert q.what_if == [] and all(i.toxicity is None for i in q.items)


def test_unreadable_pages_are_noted_and_the_rest_queued(scorer: Scorer) -> None:
    bad = Page(source="broken.html", errors=("broken.html: binary data",), kind="unknown")
    q = build_queue([bad, bus_page()], scorer=scorer)
    assert q.pages == 2 and q.pages_failed == 1
    assert "broken.html: binary data" in q.notes
    assert len(q.items) == len(bus_page().comments)


def test_csv_queue_has_empty_decisions_and_safe_cells(queue: moderate.Queue) -> None:
    buf = io.StringIO()
    write_queue_csv(queue, buf)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert len(rows) == len(queue.items)
    assert all(r["decision"] == "" for r in rows)
    spam = next(r for r in rows if r["comment_id"] == "c7")
    assert spam["text"].startswith("'=HYPERLINK")
    assert spam["author"] == "'@spam"
    assert rows[0]["status"] == "hold" and rows[0]["reasons"]
    assert {r["hold_at"] for r in rows} == {"0.8000"}


def test_html_queue_escapes_page_text_and_shows_thresholds(queue: moderate.Queue) -> None:
    html = render_queue_html(queue)
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;Mallory&lt;/b&gt;" in html
    assert "<img" not in html
    head = html[: html.index("<h2>Queue</h2>")]
    assert "Likely 0.80" in head and "What if the hold threshold" in head
    assert '<mark title="insult">idiot</mark>' in html
    # A reply links to the comment it answers, by an id that page text cannot break.
    link = re.search(r'reply to <a href="#(c-[0-9a-f]{12})">c1</a>', html)
    assert link and f'id="{link.group(1)}"' in html


def test_html_queue_limits_rows_but_says_so(queue: moderate.Queue) -> None:
    html = render_queue_html(queue, max_rows=3)
    assert html.count('class="item ') == 3
    assert f"first 3 of {len(queue.items)}" in html


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        ("you idiot", [(4, 9, "insult")], [("you ", None), ("idiot", "insult")]),
        ("abc", [(0, 2, "x"), (1, 3, "y")], [("ab", "x"), ("c", "y")]),  # overlap: first wins
        ("abc", [(5, 9, "x")], [("abc", None)]),  # outside the text
        ("", [], []),
    ],
)
def test_segments(text: str, spans: list, expected: list) -> None:
    assert segments(text, spans) == expected


# --- review -----------------------------------------------------------------------------------

# A filled queue written for this test. Hand counts (actioned = remove or escalate):
#   held = a, b, c; actioned = a, b, d, e → tp 2, fp 1 (c), fn 2 (d, e), tn 3 (f, g, h)
#   precision 2/3, recall 1/2, F1 = 4/7.  Held vs removed (a, b, d): tp 2, fp 1, fn 1.
#   insult: b remove, c approve, d remove, e escalate → 3 of 4 actioned.
#   Best F1 threshold: at 0.55 hold a–e: tp 4, fp 1, fn 0 → F1 = 8/9; Youden's J there
#   = 1 + 3/4 − 1 = 0.75 (negatives c, f, g, h; f, g, h below 0.55).
FILLED = """comment_id,status,toxicity,toxicity_band,flags,decision,hold_at
a,hold,0.90,likely,threat,remove,0.8
b,hold,0.85,likely,insult,Remove,0.8
c,hold,0.80,likely,insult,approve,0.8
d,review,0.60,maybe,insult,removed,0.8
e,review,0.55,maybe,insult,escalate,0.8
f,review,0.35,unlikely,profanity,approve,0.8
g,ok,0.10,unlikely,,approve,0.8
h,ok,0.05,unlikely,,a,0.8
i,ok,0.00,unlikely,,,0.8
j,ok,0.20,unlikely,,maybe later,0.8
"""


def test_review_figures_by_hand(tmp_path: Path) -> None:
    path = tmp_path / "filled.csv"
    path.write_text(FILLED, encoding="utf-8")
    r = review_decisions(path)
    assert r.decisions == {"approve": 4, "remove": 3, "escalate": 1}
    assert r.undecided == 1 and r.rows == 10
    s = r.held_vs_actioned
    assert s is not None and (s.tp, s.fp, s.fn, s.tn) == (2, 1, 2, 3)
    assert s.precision == pytest.approx(2 / 3) and s.recall == pytest.approx(0.5)
    assert s.f1 == pytest.approx(4 / 7)
    rm = r.held_vs_removed
    assert rm is not None and (rm.tp, rm.fp, rm.fn) == (2, 1, 1)
    insult = next(f for f in r.flags if f.flag == "insult")
    assert (insult.comments, insult.removed, insult.escalated, insult.approved) == (4, 2, 1, 1)
    assert insult.agreement == pytest.approx(0.75)
    assert r.flags[-1].flag == "(no flag)" and r.flags[-1].agreement == 0.0
    assert r.suggested_f1 is not None and r.suggested_f1.threshold == 0.55
    assert r.suggested_f1.scores.f1 == pytest.approx(8 / 9)
    assert r.suggested_youden is not None and r.suggested_youden.scores.youden_j == pytest.approx(0.75)
    assert r.current_hold == 0.8
    assert any("row 11 (comment j)" in p and "maybe later" in p and "filled.csv" in p for p in r.problems)
    assert any("only 8 decisions" in p for p in r.problems)


def test_review_reads_spreadsheet_exports(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(("\ufeff" + FILLED.replace(",", ";")).encode("utf-8"))
    r = review_decisions(path)
    assert r.decisions["remove"] == 3


def test_review_without_decision_column(tmp_path: Path) -> None:
    path = tmp_path / "nodec.csv"
    path.write_text("comment_id,toxicity\na,0.5\n")
    with pytest.raises(ColumnError, match="nodec.csv.*decision.*columns found: comment_id, toxicity"):
        review_decisions(path)


def test_review_with_one_kind_of_decision_suggests_nothing(tmp_path: Path) -> None:
    path = tmp_path / "all_ok.csv"
    path.write_text("comment_id,status,toxicity,decision\na,ok,0.1,approve\nb,hold,0.9,approve\n")
    r = review_decisions(path)
    assert r.suggested_f1 is None
    assert any("no threshold suggested" in p for p in r.problems)


# --- CLI --------------------------------------------------------------------------------------


@pytest.fixture
def fake_cli(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The CLI over the hand-written pages, scored by the fakes."""
    import discourse.parse

    def read_pages(paths: object, **_: object) -> Iterator[Page]:
        yield bus_page()
        yield park_page()

    with registered_fakes():
        monkeypatch.setattr(discourse.parse, "read_pages", read_pages)
        monkeypatch.setattr(moderate.queue, "Scorer", lambda settings: Scorer(settings, only=USED))
        yield


def test_cli_queue_then_review(fake_cli: None, tmp_path: Path) -> None:
    out = tmp_path / "queue.csv"
    result = runner.invoke(app, ["moderate", "pages/", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "3 held, 5 to review" in result.stdout
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:  # a moderator removes what was held and approves the rest
        row["decision"] = "remove" if row["status"] == "hold" else "approve"
    rows[3]["decision"] = "escalate"  # …and escalates the top comment under review
    with out.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    result = runner.invoke(app, ["moderate", "review", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["decisions"] == {"approve": 16, "remove": 3, "escalate": 1}
    assert data["held_vs_actioned"]["precision"] == 1.0
    assert data["held_vs_actioned"]["recall"] == pytest.approx(3 / 4)
    assert data["current_hold"] == 0.8
    text = runner.invoke(app, ["moderate", "review", str(out)])
    assert text.exit_code == 0 and "suggested hold threshold by F1" in text.stdout


def test_cli_queue_html_and_options(fake_cli: None, tmp_path: Path) -> None:
    out = tmp_path / "q.html"
    result = runner.invoke(
        app, ["moderate", "queue", "x", "--out", str(out), "--likely", "0.9", "--maybe", "0.3"]
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "Likely 0.90" in html and "option --likely" in html
    result = runner.invoke(app, ["moderate", "x", "--hold", "maybe"])
    assert result.exit_code == 0
    assert "hold at Maybe 0.50" in result.stdout and "#1 [hold]" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["moderate", "x", "--out", "q.xlsx"], "written as .csv, .html or .json"),
        (["moderate", "x", "--hold", "severe"], "moderate.hold must be"),
        (["moderate", "review", "missing.csv"], "missing.csv: file not found"),
    ],
)
def test_cli_errors_are_one_line(fake_cli: None, args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_moderate_help_lists_both_commands() -> None:
    result = runner.invoke(app, ["moderate", "--help"])
    assert result.exit_code == 0
    assert "queue" in result.stdout and "review" in result.stdout and "Example" in result.stdout
    for sub in ("queue", "review"):
        result = runner.invoke(app, ["moderate", sub, "--help"])
        assert result.exit_code == 0 and "Example" in result.stdout


def test_queue_over_the_seeds_with_the_registered_classifiers(tmp_path: Path) -> None:
    """Whatever the registry and the parsers hold: every comment read is queued."""
    from discourse.parse import read_pages

    seeds = Path(__file__).resolve().parents[1] / "seeds"
    pages = list(read_pages([seeds]))
    q = build_queue(pages)
    assert q.pages == len(pages) == 5
    assert len(q.items) == sum(len(p.comments) for p in pages)
    assert sum(q.counts.values()) == len(q.items)
    out = tmp_path / "queue.html"
    result = runner.invoke(app, ["moderate", str(seeds), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_same_file_name_in_two_folders_gets_distinct_article_ids(scorer: Scorer) -> None:
    pages = [Page(source=f"{d}/page.txt", comments=(Comment("c1", "A calm remark."),)) for d in ("a", "b")]
    q = build_queue(pages, scorer=scorer)
    assert sorted(i.article for i in q.items) == ["page", "page-2"]


def test_cli_reads_queue_settings_from_a_user_file(fake_cli: None, tmp_path: Path) -> None:
    user = tmp_path / "mine.toml"
    user.write_text('[moderate]\nhold = "maybe"\nhold_flags = []\n')
    result = runner.invoke(app, ["moderate", "x", "--config", str(user)])
    assert result.exit_code == 0, result.output
    assert "hold at Maybe 0.50 ([moderate] hold)" in result.stdout
    assert "always held: none" in result.stdout
    assert "5 held" in result.stdout  # c9, c3, c4, c5, c12 reach Maybe


def test_the_fakes_honour_the_classifier_contract() -> None:
    """The fakes stand in for real classifiers only if they keep the same contract."""
    from fakes import FAKES

    from discourse.classify import Context, Doc, create
    from discourse.classify.base import ArticleContext

    ctxs = [
        None,
        Context(article=ArticleContext.of("An article.")),
        Context(article=ArticleContext.of("An article."), parent=Doc("You idiot.")),
    ]
    texts = ["You idiot, that is wrong and fake!", "lol yo", "Moreover, why?", "", "😀", "damn " * 5000]
    with registered_fakes():
        for cls in FAKES:
            clf = create(cls.name)
            for ctx in ctxs:
                if not clf.applies(ctx):
                    continue
                for text in texts:
                    doc = Doc(text)
                    label = clf.score(doc, ctx)
                    assert label.label in cls.labels and label.task == cls.name
                    if label.label != cls.default_label:
                        assert label.cues
                    for cue in label.cues:
                        assert cue.rule.startswith(cls.name + ".")
                        assert not cue.has_span or doc.text[cue.start : cue.end] == cue.text
                    assert clf.score(text, ctx) == label  # deterministic
                assert clf.score("", ctx).label == cls.default_label
