"""`discourse evaluate`: metrics, baselines measured in the same run, label handling, the CLI."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import ClassVar

import pytest
from typer.testing import CliRunner

from discourse.classify import base
from discourse.classify import table as table_mod
from discourse.cli import app
from discourse.errors import ColumnError, ConfigError
from discourse.evaluate import (
    NOT_TOXIC_LABEL,
    TASKS,
    TOXIC,
    binarise,
    evaluate_table,
    normalise_label,
    render_text,
    roc_auc,
    score_system,
    spearman,
)
from discourse.model import Label

runner = CliRunner()

# Texts and labels written for these tests.
LABELLED = [
    ("I love this, it is wonderful!", "Positive", "3.1"),
    ("What a great idea, well done.", "positive", "2.5"),
    ("This is terrible and stupid.", "negative", "-2.9"),
    ("I hate how bad this plan is.", "NEG", "-2.2"),
    ("The meeting is on Tuesday.", "neutral", "0.1"),
    ("The report has twelve pages.", "neutral", ""),
    ("", "", "0"),  # no gold label: skipped
]


def _table(tmp_path: Path, rows=LABELLED, header=("text", "label", "score")) -> Path:
    path = tmp_path / "labelled.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def test_macro_f1_is_over_the_gold_classes_and_all_is_over_the_union() -> None:
    gold = ["pos", "pos", "neg", "neg"]
    pred = ["pos", "neu", "neg", "pos"]
    r = score_system("x", gold, pred)
    # pos: P=1/2 R=1/2 F=0.5; neg: P=1 R=1/2 F=2/3; neu: P=0 R=0 F=0 (no gold neu)
    assert r.macro_f1 == pytest.approx((0.5 + 2 / 3) / 2, abs=1e-4)
    assert r.macro_f1_all == pytest.approx((0.5 + 2 / 3 + 0) / 3, abs=1e-4)
    assert r.accuracy == 0.5
    assert r.confusion == {"neg": {"neg": 1, "neu": 0, "pos": 1}, "pos": {"neg": 0, "neu": 1, "pos": 1}}
    assert r.per_class["neu"].support == 0 and r.predicted == {"pos": 2, "neu": 1, "neg": 1}


def test_spearman_and_auc() -> None:
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == 1.0
    assert spearman([1, 2, 3, 4], [4.0, 3.0, None, 1.0]) == -1.0
    assert spearman([0, 0, 0, 0], [1, 2, 3, 4]) is None  # a constant has no rank order
    assert roc_auc([True, False, True, False], [0.9, 0.1, 0.8, 0.3]) == 1.0
    assert roc_auc([True, True], [0.9, 0.1]) is None


@pytest.mark.parametrize(
    ("label", "positive", "expected"),
    [("not_toxic", None, NOT_TOXIC_LABEL), ("mildly_toxic", None, TOXIC), ("very_toxic", None, TOXIC),
     ("neither", None, NOT_TOXIC_LABEL), ("offensive", None, TOXIC), ("hate_speech", None, TOXIC),
     ("0", None, NOT_TOXIC_LABEL), ("1", None, TOXIC), ("false", None, NOT_TOXIC_LABEL),
     ("offensive", frozenset({"hate_speech"}), NOT_TOXIC_LABEL),
     ("hate_speech", frozenset({"hate_speech"}), TOXIC)],
)
def test_toxicity_labels_are_binarised(label: str, positive, expected: str) -> None:
    assert binarise(label, positive) == expected


@pytest.mark.parametrize(
    ("value", "task", "expected"),
    [("Positive ", "sentiment", "positive"), ("NEG", "sentiment", "negative"), (None, "sentiment", ""),
     (1.0, "toxicity", "1"), ("Supporting", "stance", "support"), (float("nan"), "stance", "")],
)
def test_gold_labels_are_normalised(value, task: str, expected: str) -> None:
    assert normalise_label(value, TASKS[task]) == expected


def test_sentiment_beside_vader_and_majority(tmp_path: Path) -> None:
    ev = evaluate_table(_table(tmp_path), "sentiment", "label", score_column="score")
    assert ev.rows == 6 and ev.unlabelled == 1
    assert ev.gold == {"negative": 2, "neutral": 2, "positive": 2}
    assert [s.system for s in ev.systems] == ["discourse", "plain VADER", "majority"]
    ours, vader, majority = ev.systems
    assert ours.accuracy == vader.accuracy == 1.0
    assert ours.spearman is not None and ours.spearman > 0.8
    assert majority.predicted == {"negative": 6} and majority.accuracy == pytest.approx(2 / 6, abs=1e-4)
    assert majority.spearman is None
    text = render_text(ev)
    assert "plain VADER" in text and "confusion" in text and "Spearman" in text


def test_missing_columns_are_named(tmp_path: Path) -> None:
    path = _table(tmp_path)
    with pytest.raises(ColumnError) as err:
        evaluate_table(path, "sentiment", "gold")
    assert "'gold'" in str(err.value) and "text, label, score" in str(err.value)
    with pytest.raises(ColumnError, match="--text-column"):
        evaluate_table(path, "sentiment", "label", text_column="comment")
    with pytest.raises(ConfigError, match="unknown task"):
        evaluate_table(path, "mood", "label")


class _FakeModeration(base.Classifier):
    """Toxicity = share of words that are "awful" (a stand-in for the moderation classifier)."""

    name: ClassVar[str] = "moderation"
    labels: ClassVar[tuple[str, ...]] = ("unlikely", "likely")
    default_label: ClassVar[str] = "unlikely"

    def __init__(self, **params) -> None:
        self.params = params

    def score(self, text, context=None) -> Label:
        words = str(getattr(text, "text", text)).split() or [""]
        tox = sum(w == "awful" for w in words) / len(words)
        return Label(self.name, "likely" if tox >= 0.5 else "unlikely", tox)


def test_toxicity_reports_roc_auc_with_default_binarisation(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(base._REGISTRY, "moderation", _FakeModeration)
    monkeypatch.setattr(table_mod, "_SCORERS", {})
    rows = [("awful awful", "very_toxic", "1"), ("awful awful awful hi", "mildly_toxic", "0.8"),
            ("awful but fine here", "not_toxic", "0.4"), ("a kind remark", "not_toxic", "0")]
    path = _table(tmp_path, rows)
    ev = evaluate_table(path, "toxicity", "label", score_column="score")
    ours = ev.system("discourse")
    assert ev.gold == {NOT_TOXIC_LABEL: 2, TOXIC: 2}
    assert ours.roc_auc == 1.0 and ours.accuracy == 1.0
    assert ev.system("majority").roc_auc == 0.5
    only_very = evaluate_table(path, "toxicity", "label", positive_labels=["very_toxic"])
    assert only_very.gold == {NOT_TOXIC_LABEL: 3, TOXIC: 1}


def test_no_rows_gives_empty_figures_not_a_crash() -> None:
    r = score_system("x", [], [])
    assert r.accuracy == 0.0 and r.macro_f1 == 0.0 and r.confusion == {}


class _FakeReplyStance(_FakeModeration):
    name: ClassVar[str] = "reply_stance"
    labels: ClassVar[tuple[str, ...]] = ("agree", "disagree", "neutral")
    default_label: ClassVar[str] = "neutral"
    needs: ClassVar[frozenset[str]] = frozenset({"parent"})

    def score(self, text, context=None) -> Label:
        return Label(self.name, "agree" if "yes" in str(getattr(text, "text", text)) else "neutral", 0.5)


def test_reply_tasks_need_the_parent_columns(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(base._REGISTRY, "reply_stance", _FakeReplyStance)
    monkeypatch.setattr(table_mod, "_SCORERS", {})
    rows = [("p1", "", "The lanes are good", ""), ("r1", "p1", "yes indeed", "agree"),
            ("r2", "p1", "hmm maybe", "neutral"), ("r3", "zz", "yes", "agree")]
    path = _table(tmp_path, rows, header=("id", "parent", "text", "label"))
    with pytest.raises(ConfigError, match="--parent-column"):
        evaluate_table(path, "reply_stance", "label")
    ev = evaluate_table(path, "reply_stance", "label", id_column="id", parent_column="parent")
    assert ev.rows == 2 and ev.system("discourse").accuracy == 1.0
    assert "1 labelled row(s) skipped" in ev.notes[0]  # r3's parent is not in the table


def test_task_whose_classifier_is_missing(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delitem(base._REGISTRY, "moderation", raising=False)
    monkeypatch.setattr(base, "registered", lambda: {"sentiment": base._REGISTRY["sentiment"]})
    import discourse.evaluate as ev_mod

    monkeypatch.setattr(ev_mod, "registered", base.registered)
    with pytest.raises(ConfigError, match="not installed"):
        evaluate_table(_table(tmp_path), "toxicity", "label")


def test_cli_evaluate_text_and_json(tmp_path: Path) -> None:
    path = _table(tmp_path)
    result = runner.invoke(app, ["evaluate", str(path), "--task", "sentiment", "--label-column", "label"])
    assert result.exit_code == 0, result.output
    assert "plain VADER" in result.stdout and "majority" in result.stdout
    result = runner.invoke(app, ["evaluate", str(path), "--task", "sentiment", "--label-column", "label",
                                 "--score-column", "score", "--format", "json"])
    data = json.loads(result.stdout)
    assert data["task"] == "sentiment" and data["systems"][0]["system"] == "discourse"
    expected = {"accuracy", "macro_f1", "macro_f1_all", "per_class", "confusion", "spearman"}
    assert set(data["systems"][0]) >= expected


def test_cli_evaluate_bad_column_is_one_line(tmp_path: Path) -> None:
    args = ["evaluate", str(_table(tmp_path)), "--task", "sentiment", "--label-column", "x"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "columns found: text, label, score" in result.output and "Traceback" not in result.output


def test_cli_classify_writes_the_table_and_a_summary(tmp_path: Path) -> None:
    path = _table(tmp_path)
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["classify", str(path), "--out", str(out), "--only", "sentiment"])
    assert result.exit_code == 0, result.output
    assert "7 rows read, 7 written" in result.output and "0 row(s) with warnings" in result.output
    assert "sentiment: " in result.output and "positive 2" in result.output
    with out.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["sentiment"] for r in rows][:4] == ["positive", "positive", "negative", "negative"]


def test_cli_classify_guesses_the_text_column_or_lists_columns(tmp_path: Path) -> None:
    path = _table(tmp_path, [("I love it", "x")], header=("message", "label"))
    out = tmp_path / "out.csv"
    assert runner.invoke(app, ["classify", str(path), "-o", str(out), "--only", "sentiment"]).exit_code == 0
    path = _table(tmp_path, [("I love it", "x")], header=("words", "label"))
    result = runner.invoke(app, ["classify", str(path), "-o", str(out)])
    assert result.exit_code == 2 and "columns found: words, label" in result.output
