"""Measure a classifier against a table of human labels, beside baselines run on the same rows.

``discourse evaluate TABLE --task T --label-column L`` runs the task's classifier over the table's
texts and reports accuracy, macro-F1, per-class precision and recall and the confusion matrix;
Spearman's ρ between the classifier's score and a human score column (``--score-column``); ROC AUC
for toxicity. Beside it, in the same run: a majority baseline (always the most frequent gold
label) and, for sentiment, plain VADER (vaderSentiment's ``polarity_scores``, labels at
±``sentiment.threshold``).

Macro-F1 is averaged over the classes present in the gold labels. A prediction outside that set
(a ``neutral`` on a data set with no neutral class) counts as an error: it lowers the recall of
the true class, but it is not a class of its own. ``macro_f1_all`` also reports the average over
the union of gold and predicted labels (scikit-learn's default), where such a class scores 0.
Both are computed the same way for every system.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from .classify.base import registered
from .classify.table import CHUNK_ROWS, ChunkJob, TableReader, TableSpec, label_table
from .config import Settings, load_settings
from .errors import ColumnError, ConfigError
from .model import Label


@dataclass(frozen=True)
class Task:
    """What evaluating one task means.

    Attributes:
        name: the task (``--task``).
        classifier: the registered classifier that does it.
        binary: gold labels are made binary (toxic or not) and ROC AUC is reported.
        vader_baseline: plain VADER is run beside it.
        synonyms: other spellings of the classifier's labels found in labelled data.
    """

    name: str
    classifier: str
    binary: bool = False
    vader_baseline: bool = False
    synonyms: dict[str, str] = field(default_factory=dict)


TASKS: dict[str, Task] = {
    "sentiment": Task("sentiment", "sentiment", vader_baseline=True, synonyms={
        "pos": "positive", "neg": "negative", "neu": "neutral", "mixed": "neutral", "none": "neutral"}),
    "register": Task("register", "register"),
    "stance": Task("stance", "stance", synonyms={
        "supporting": "support", "denying": "deny", "querying": "query", "commenting": "comment"}),
    "reply_stance": Task("reply_stance", "reply_stance", synonyms={
        "agreed": "agree", "disagreed": "disagree", "agreement": "agree", "disagreement": "disagree"}),
    "toxicity": Task("toxicity", "moderation", binary=True),
}

#: Gold labels read as "not toxic" when binarising toxicity labels; every other label is toxic.
#: Covers SOCC (not_toxic vs mildly_toxic/toxic/very_toxic), Davidson et al. (neither vs
#: offensive/hate_speech), 0/1 columns and the usual spellings. ``--positive-labels`` overrides.
NOT_TOXIC = frozenset({
    "not_toxic", "not toxic", "non_toxic", "non-toxic", "nontoxic", "neither", "none", "clean",
    "normal", "ok", "0", "0.0", "false", "no", "unlikely",
})
TOXIC, NOT_TOXIC_LABEL = "toxic", "not_toxic"


@dataclass
class ClassScores:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass
class SystemResult:
    """One system's figures on the evaluated rows."""

    system: str
    accuracy: float
    macro_f1: float
    macro_f1_all: float
    per_class: dict[str, ClassScores]
    confusion: dict[str, dict[str, int]]
    predicted: dict[str, int]
    spearman: float | None = None
    roc_auc: float | None = None


@dataclass
class Evaluation:
    """The result of one ``evaluate`` run (``to_dict`` is the ``--format json`` output)."""

    source: str
    task: str
    label_column: str
    score_column: str | None
    rows: int
    unlabelled: int
    gold: dict[str, int]
    systems: list[SystemResult]
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def system(self, name: str) -> SystemResult:
        return next(s for s in self.systems if s.system == name)


def normalise_label(value: Any, task: Task) -> str:
    """A gold label as the classifier spells it ("Positive " → "positive")."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = str(value).strip().lower()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    return task.synonyms.get(text, text)


def binarise(label: str, positive: frozenset[str] | None) -> str:
    """``toxic`` / ``not_toxic`` from a gold label (see ``NOT_TOXIC``)."""
    if positive is not None:
        return TOXIC if label in positive else NOT_TOXIC_LABEL
    return NOT_TOXIC_LABEL if label in NOT_TOXIC else TOXIC


def score_system(
    name: str,
    gold: Sequence[str],
    pred: Sequence[str],
    scores: Sequence[float] | None = None,
    human: Sequence[float | None] | None = None,
    binary: bool = False,
) -> SystemResult:
    """Accuracy, macro-F1 (gold classes and union), per-class figures, confusion, ρ and AUC."""
    from sklearn.metrics import precision_recall_fscore_support

    if not gold:
        return SystemResult(name, 0.0, 0.0, 0.0, {}, {}, {})
    gold_classes = sorted(set(gold))
    union = sorted(set(gold) | set(pred))
    p, r, f, s = precision_recall_fscore_support(gold, pred, labels=union, zero_division=0)
    per_class = {
        c: ClassScores(round(float(p[i]), 4), round(float(r[i]), 4), round(float(f[i]), 4), int(s[i]))
        for i, c in enumerate(union)
    }
    macro = sum(per_class[c].f1 for c in gold_classes) / len(gold_classes) if gold_classes else 0.0
    macro_all = sum(float(x) for x in f) / len(union) if union else 0.0
    confusion: dict[str, dict[str, int]] = {g: dict.fromkeys(union, 0) for g in gold_classes}
    for g, q in zip(gold, pred, strict=True):
        confusion[g][q] += 1
    result = SystemResult(
        system=name,
        accuracy=round(sum(g == q for g, q in zip(gold, pred, strict=True)) / len(gold), 4) if gold else 0.0,
        macro_f1=round(macro, 4),
        macro_f1_all=round(macro_all, 4),
        per_class=per_class,
        confusion=confusion,
        predicted=dict(Counter(pred)),
    )
    if scores is not None and human is not None:
        result.spearman = spearman(scores, human)
    if binary and scores is not None:
        result.roc_auc = roc_auc([g == TOXIC for g in gold], scores)
    return result


def spearman(scores: Sequence[float], human: Sequence[float | None]) -> float | None:
    """Spearman's ρ over rows where both numbers exist (None when undefined, e.g. a constant)."""
    pairs = [(a, b) for a, b in zip(scores, human, strict=True)
             if b is not None and not math.isnan(b) and not math.isnan(a)]
    if len(pairs) < 3 or len({a for a, _ in pairs}) < 2 or len({b for _, b in pairs}) < 2:
        return None
    from scipy.stats import spearmanr

    rho = spearmanr([a for a, _ in pairs], [b for _, b in pairs]).statistic
    return None if rho != rho else round(float(rho), 4)


def roc_auc(positive: Sequence[bool], scores: Sequence[float]) -> float | None:
    """Area under the ROC curve (None when the gold labels hold one class only)."""
    if len(set(positive)) < 2:
        return None
    from sklearn.metrics import roc_auc_score

    return round(float(roc_auc_score(positive, scores)), 4)


def _number(value: Any) -> float | None:
    if value is None or value == "":
        return None
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(x) else x


def evaluate_table(
    path: str | os.PathLike[str],
    task: str,
    label_column: str,
    *,
    text_column: str = "text",
    score_column: str | None = None,
    target_column: str | None = None,
    id_column: str | None = None,
    parent_column: str | None = None,
    positive_labels: Sequence[str] | None = None,
    settings: Settings | None = None,
    input_format: str | None = None,
    chunk_size: int = CHUNK_ROWS,
    jobs: int = 1,
) -> Evaluation:
    """Run the task's classifier over a labelled table and measure it beside the baselines.

    Rows whose gold label is empty are skipped (and counted).

    Raises:
        ConfigError: unknown task, or its classifier is not installed.
        ColumnError: a named column is missing (the message lists the columns present).
        InputError: the table cannot be read.
    """
    if task not in TASKS:
        raise ConfigError(f"unknown task {task!r} (known: {', '.join(TASKS)})")
    spec_task = TASKS[task]
    if spec_task.classifier not in registered():
        raise ConfigError(f"task {task!r} needs the {spec_task.classifier!r} classifier, which is not "
                          f"installed (installed: {', '.join(registered())})")
    if "parent" in registered()[spec_task.classifier].needs and not (parent_column and id_column):
        raise ConfigError(f"task {task!r} judges replies against their parent: name the columns with "
                          "--id-column and --parent-column")
    settings = settings or load_settings()
    reader = TableReader(path, input_format)
    for option, col in (("--label-column", label_column), ("--score-column", score_column)):
        if col is not None and col not in reader.columns:
            raise ColumnError(reader.source, f"no column {col!r} ({option})", reader.columns)
    spec = TableSpec(text_column=text_column, target_column=target_column,
                     id_column=id_column, parent_column=parent_column)
    spec.check(reader)
    positive = frozenset(normalise_label(x, spec_task) for x in positive_labels) if positive_labels else None
    extra = [label_column, text_column] + ([score_column] if score_column else [])
    job = ChunkJob(settings=settings.data, only=(spec_task.classifier,))

    gold: list[str] = []
    pred: list[str] = []
    ours: list[float] = []
    human: list[float | None] = []
    texts: list[str] = []
    unlabelled = 0
    not_applied = 0
    for values, labels in label_table(reader, spec, job, extra, chunk_size=chunk_size, jobs=jobs):
        g = normalise_label(values[0], spec_task)
        if not g:
            unlabelled += 1
            continue
        label: Label | None = labels.get(spec_task.classifier)
        if label is None:  # e.g. reply stance on a row with no parent
            not_applied += 1
            continue
        if spec_task.binary:
            g = binarise(g, positive)
            pred.append(TOXIC if label.score >= 0.5 else NOT_TOXIC_LABEL)
        else:
            pred.append(label.label)
        gold.append(g)
        ours.append(float(label.score))
        texts.append("" if values[1] is None else str(values[1]))
        human.append(_number(values[2]) if score_column else None)

    notes: list[str] = []
    if not_applied:
        notes.append(f"{not_applied} labelled row(s) skipped: the classifier does not apply to them "
                     "(replies without a parent in the table)")
    if reader.stats.rejected:
        notes.append(f"{len(reader.stats.rejected)} unreadable row(s) skipped")
    if task == "stance" and target_column is None:
        notes.append("no --target-column: stance judged without the article text")
    use_scores = score_column is not None or spec_task.binary
    systems = [score_system("discourse", gold, pred, ours if use_scores else None,
                            human if score_column else None, spec_task.binary)]
    if spec_task.vader_baseline:
        systems.append(_vader_baseline(gold, texts, human if score_column else None, settings))
    systems.append(_majority(gold, human if score_column else None, spec_task.binary))
    return Evaluation(
        source=str(path), task=task, label_column=label_column, score_column=score_column,
        rows=len(gold), unlabelled=unlabelled, gold=dict(sorted(Counter(gold).items())),
        systems=systems, notes=notes,
    )


def _vader_baseline(
    gold: list[str], texts: list[str], human: list[float | None] | None, settings: Settings
) -> SystemResult:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from .classify.sentiment import vader_label

    analyzer = SentimentIntensityAnalyzer()
    threshold = float(settings.section("sentiment").get("threshold", 0.05))
    compound = [analyzer.polarity_scores(t)["compound"] for t in texts]
    pred = [vader_label(c, threshold) for c in compound]
    return score_system("plain VADER", gold, pred, compound if human is not None else None, human)


def _majority(gold: list[str], human: list[float | None] | None, binary: bool) -> SystemResult:
    counts = Counter(gold)
    top = min(counts, key=lambda c: (-counts[c], c)) if counts else ""
    constant = [0.0] * len(gold)
    scores = constant if (human is not None or binary) else None
    return score_system("majority", gold, [top] * len(gold), scores, human, binary)


# -- text rendering -------------------------------------------------------------------------------


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def render_text(ev: Evaluation) -> str:
    """The human-readable report of ``discourse evaluate``."""
    lines = [
        f"{ev.source}: task {ev.task}, gold labels from {ev.label_column!r}: {ev.rows} rows"
        + (f" ({ev.unlabelled} without a label skipped)" if ev.unlabelled else ""),
        "gold: " + ", ".join(f"{k} {v}" for k, v in ev.gold.items()),
    ]
    lines += [f"note: {n}" for n in ev.notes]
    show_rho = ev.score_column is not None
    show_auc = any(s.roc_auc is not None for s in ev.systems)
    head = f"{'system':<14}{'accuracy':>10}{'macro-F1':>10}{'(all)':>8}"
    head += f"{'Spearman':>10}" if show_rho else ""
    head += f"{'ROC AUC':>9}" if show_auc else ""
    lines += ["", head]
    for s in ev.systems:
        row = f"{s.system:<14}{s.accuracy:>10.3f}{s.macro_f1:>10.3f}{s.macro_f1_all:>8.3f}"
        row += f"{_fmt(s.spearman):>10}" if show_rho else ""
        row += f"{_fmt(s.roc_auc):>9}" if show_auc else ""
        lines.append(row)
    lines.append("macro-F1: mean F1 over the gold classes; (all): over gold and predicted classes")
    for s in ev.systems:
        if s.system == "majority":
            continue
        lines += ["", f"{s.system}: per class"]
        lines.append(f"  {'class':<14}{'precision':>10}{'recall':>8}{'F1':>7}{'support':>9}{'predicted':>11}")
        for c, m in s.per_class.items():
            lines.append(f"  {c:<14}{m.precision:>10.3f}{m.recall:>8.3f}{m.f1:>7.3f}{m.support:>9}"
                         f"{s.predicted.get(c, 0):>11}")
        cols = list(next(iter(s.confusion.values()), {}))
        width = max([len(c) for c in cols] + [6]) + 2
        lines.append("  confusion (rows: gold, columns: predicted)")
        lines.append("  " + " " * 14 + "".join(f"{c:>{width}}" for c in cols))
        for g, counts in s.confusion.items():
            lines.append(f"  {g:<14}" + "".join(f"{counts[c]:>{width}}" for c in cols))
    return "\n".join(lines) + "\n"
