"""Grading answer sheets against the teacher's key and among students: agreement and Cohen's
κ per student, Fleiss' κ and Krippendorff's α for the class, confusion matrices, and the
comments where students and the tool disagree most. Bad sheets get a message each."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..agreement import (
    ClassStatistic,
    cohen_kappa,
    confusion_matrix,
    fleiss_kappa,
    krippendorff_alpha_nominal,
    pairwise_kappas,
)
from ..classify.base import registered
from ..errors import InputError, InputFormatError
from ..sheets import read_csv_rows

#: Answers that mean "not applicable / left blank" rather than a label.
BLANKS = frozenset({"", "n/a", "na", "-", "—", "none", "?"})


@dataclass(frozen=True, slots=True)
class KeyItem:
    item: int
    comment_id: str
    author: str | None
    text: str
    labels: dict[str, str | None]
    evidence: dict[str, str]


@dataclass(frozen=True, slots=True)
class Key:
    """The teacher's key as read back from key.json or key.csv."""

    source: str
    worksheet_id: str
    tasks: dict[str, tuple[str, ...]]
    items: tuple[KeyItem, ...]


def read_key(path: str | Path) -> Key:
    """Read a teacher key written by ``exercise make`` (``key.json``, or ``key.csv``).

    Raises:
        InputError: unreadable or not a key.
    """
    source = str(path)
    p = Path(path)
    if p.suffix.lower() == ".json":
        try:
            data = json.loads(p.read_text(encoding="utf-8-sig"))
        except FileNotFoundError:
            raise InputError(source, "file not found") from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise InputFormatError(source, f"not a JSON key ({exc})") from None
        if not isinstance(data, dict) or "worksheet_id" not in data or "items" not in data:
            raise InputFormatError(source, "not a worksheet key (no worksheet_id or items)")
        tasks = {t: tuple(v.get("labels", [])) for t, v in data.get("tasks", {}).items()}
        items = []
        for it in data["items"]:
            labs = it.get("labels", {})
            items.append(
                KeyItem(
                    int(it["item"]),
                    str(it["comment_id"]),
                    it.get("author"),
                    it.get("text", ""),
                    {t: (labs.get(t) or {}).get("label") for t in tasks},
                    {t: (labs.get(t) or {}).get("evidence", "") for t in tasks},
                )
            )
        return Key(source, str(data["worksheet_id"]), tasks, tuple(items))
    header, rows = read_csv_rows(p)
    for col in ("worksheet_id", "item", "comment_id"):
        if col not in header:
            raise InputFormatError(source, f"not a worksheet key: no {col!r} column")
    tasks_csv = [h for h in header if f"{h}_evidence" in header]
    if not rows:
        raise InputFormatError(source, "the key has no items")
    labels_seen: dict[str, list[str]] = {t: [] for t in tasks_csv}
    items = []
    for r in rows:
        labs = {t: (r.get(t) or None) for t in tasks_csv}
        for t, v in labs.items():
            if v is not None and v not in labels_seen[t]:
                labels_seen[t].append(v)
        items.append(
            KeyItem(
                int(r["item"]),
                r["comment_id"],
                r.get("author") or None,
                r.get("text", ""),
                labs,
                {t: r.get(f"{t}_evidence", "") for t in tasks_csv},
            )
        )
    # A CSV key does not list label sets: take the registered classifier's, else those used.
    classes = registered()
    tasks = {t: tuple(classes[t].labels) if t in classes else tuple(labels_seen[t]) for t in tasks_csv}
    return Key(source, rows[0]["worksheet_id"], tasks, tuple(items))


@dataclass(slots=True)
class Sheet:
    """One student's answers: comment id → task → label (None when blank or unusable)."""

    student: str
    source: str
    answers: dict[str, dict[str, str | None]]


def _match_label(raw: str, labels: Sequence[str]) -> str | None:
    """A label a student wrote, matched case-insensitively or by an unambiguous prefix (≥ 3)."""
    v = raw.strip().lower()
    for lab in labels:
        if v == lab.lower():
            return lab
    if len(v) >= 3:
        hits = [lab for lab in labels if lab.lower().startswith(v)]
        if len(hits) == 1:
            return hits[0]
    return None


def read_answers(path: str | Path, key: Key) -> tuple[list[Sheet], list[str]]:
    """Read one answer sheet (CSV); return the students in it and one message per problem.

    Problems never stop the grading of the rest: a wrong worksheet id skips the file, an
    unknown label or a duplicated comment skips the cell or row, and missing rows or columns
    are graded as unanswered. Every message names the file.
    """
    source = str(path)
    problems: list[str] = []
    try:
        header, rows = read_csv_rows(path)
    except InputError as exc:
        return [], [f"{exc}; not graded"]
    by_id = {it.comment_id: it for it in key.items}
    by_item = {str(it.item): it for it in key.items}
    if "comment_id" not in header and "item" not in header:
        return [], [
            f"{source}: no 'comment_id' or 'item' column, cannot tell which answer is which; "
            f"not graded (columns found: {', '.join(header)})"
        ]
    known = {"worksheet_id", "item", "comment_id", "student", *key.tasks}
    extra = [h for h in header if h and h not in known]
    if extra:
        problems.append(f"{source}: columns ignored: {', '.join(extra)}")
    missing_tasks = [t for t in key.tasks if t not in header]
    for t in missing_tasks:
        problems.append(f"{source}: no {t!r} column: {t} not graded for this sheet")
    ids = {r.get("worksheet_id", "") for r in rows} - {""}
    if ids and key.worksheet_id not in ids:
        return [], [
            f"{source}: worksheet id {', '.join(sorted(ids))} does not match the key "
            f"({key.worksheet_id} in {key.source}): answers to another worksheet; not graded"
        ]
    students: dict[str, dict[str, dict[str, str | None]]] = defaultdict(dict)
    first_row: dict[tuple[str, str], int] = {}
    default_student = Path(source).stem
    named = [r.get("student", "").strip() for r in rows if r.get("student", "").strip()]
    single_name = named[0] if named and len(set(named)) == 1 else None
    for n, r in enumerate(rows, 2):
        wid = r.get("worksheet_id", "")
        if wid and wid != key.worksheet_id:
            problems.append(f"{source}: row {n} belongs to worksheet {wid}, not {key.worksheet_id}; ignored")
            continue
        cid = r.get("comment_id", "")
        it = by_id.get(cid) if cid else by_item.get(r.get("item", "").strip())
        if it is None:
            problems.append(
                f"{source}: row {n}: comment {cid or r.get('item', '?')!r} is not on this worksheet; ignored"
            )
            continue
        student = r.get("student", "").strip() or single_name or default_student
        if (student, it.comment_id) in first_row:
            problems.append(
                f"{source}: item {it.item} ({it.comment_id}) appears again in row {n} "
                f"(first in row {first_row[(student, it.comment_id)]}): the first is kept"
            )
            continue
        first_row[(student, it.comment_id)] = n
        answer: dict[str, str | None] = {}
        for t, labels in key.tasks.items():
            raw = r.get(t, "")
            if raw.strip().lower() in BLANKS:
                answer[t] = None
                continue
            lab = _match_label(raw, labels)
            if lab is None:
                problems.append(
                    f"{source}: row {n} (item {it.item}): {raw!r} is not a {t} label "
                    f"({', '.join(labels)}); left out"
                )
            answer[t] = lab
        students[student][it.comment_id] = answer
    sheets = []
    for student, answers in students.items():
        who = f"{source} ({student})" if student != default_student else source
        if not any(v is not None for a in answers.values() for v in a.values()):
            problems.append(f"{who}: every answer is blank; not graded")
            continue
        absent = [it for it in key.items if it.comment_id not in answers]
        if absent:
            problems.append(
                f"{who}: {len(absent)} of {len(key.items)} comments missing "
                f"(items {', '.join(str(it.item) for it in absent)}); graded on the rest"
            )
        sheets.append(Sheet(student, source, answers))
    if not students and not any("not on this worksheet" in p or "belongs to" in p for p in problems):
        problems.append(f"{source}: no answer rows; not graded")
    return sheets, problems


@dataclass(frozen=True, slots=True)
class StudentTask:
    """One student on one task: answers given, agreement with the key, Cohen's κ with it."""

    answered: int
    agreed: int
    kappa: float | None

    @property
    def agreement(self) -> float | None:
        return self.agreed / self.answered if self.answered else None


@dataclass(frozen=True, slots=True)
class StudentResult:
    student: str
    source: str
    tasks: dict[str, StudentTask]

    @property
    def agreement(self) -> float | None:
        answered = sum(t.answered for t in self.tasks.values())
        return sum(t.agreed for t in self.tasks.values()) / answered if answered else None


@dataclass(frozen=True, slots=True)
class TaskResult:
    """The class on one task.

    Attributes:
        pairwise: Cohen's κ for every pair of students.
        fleiss: Fleiss' κ among students (items every student answered).
        alpha: Krippendorff's α (nominal) among students (all answers).
        alpha_with_tool: the same with the tool as one more rater.
        confusion: rows = the tool's label, columns = students' labels, summed over students.
    """

    task: str
    labels: tuple[str, ...]
    items: int
    pairwise: dict[tuple[str, str], float | None]
    fleiss: ClassStatistic
    alpha: ClassStatistic
    alpha_with_tool: ClassStatistic
    confusion: list[list[int]]
    agreement_with_key: float | None


@dataclass(frozen=True, slots=True)
class HardItem:
    """A comment where students and the tool disagree most, with the tool's evidence."""

    item: int
    comment_id: str
    author: str | None
    text: str
    disagreement: float
    tool: dict[str, str | None]
    evidence: dict[str, str]
    answers: dict[str, dict[str, int]]


@dataclass(slots=True)
class Grade:
    worksheet_id: str
    key_source: str
    students: list[StudentResult]
    tasks: list[TaskResult]
    hardest: list[HardItem]
    problems: list[str]

    def to_dict(self) -> dict[str, Any]:
        def stat(s: ClassStatistic) -> dict[str, Any]:
            return {"value": s.value, "items": s.items, "raters": s.raters}

        return {
            "worksheet_id": self.worksheet_id,
            "key": self.key_source,
            "students": [
                {
                    "student": s.student,
                    "source": s.source,
                    "agreement": s.agreement,
                    "tasks": {
                        t: {
                            "answered": r.answered,
                            "agreed": r.agreed,
                            "agreement": r.agreement,
                            "kappa": r.kappa,
                        }
                        for t, r in s.tasks.items()
                    },
                }
                for s in self.students
            ],
            "tasks": [
                {
                    "task": t.task,
                    "labels": list(t.labels),
                    "items": t.items,
                    "agreement_with_key": t.agreement_with_key,
                    "pairwise_kappa": [{"a": a, "b": b, "kappa": k} for (a, b), k in t.pairwise.items()],
                    "fleiss_kappa": stat(t.fleiss),
                    "krippendorff_alpha": stat(t.alpha),
                    "krippendorff_alpha_with_tool": stat(t.alpha_with_tool),
                    "confusion": {
                        "rows": "tool",
                        "columns": "students",
                        "labels": list(t.labels),
                        "matrix": t.confusion,
                    },
                }
                for t in self.tasks
            ],
            "hardest": [
                {
                    "item": h.item,
                    "comment_id": h.comment_id,
                    "author": h.author,
                    "text": h.text,
                    "disagreement": round(h.disagreement, 4),
                    "tool": h.tool,
                    "evidence": h.evidence,
                    "answers": h.answers,
                }
                for h in self.hardest
            ],
            "problems": list(self.problems),
        }


def _unique_names(sheets: list[Sheet]) -> list[Sheet]:
    counts = Counter(s.student for s in sheets)
    out = []
    for s in sheets:
        name = f"{s.student} ({s.source})" if counts[s.student] > 1 else s.student
        out.append(Sheet(name, s.source, s.answers))
    return out


def grade(key: Key, answer_files: Sequence[str | Path], hardest: int = 5) -> Grade:
    """Grade answer sheets against the key and against each other.

    Args:
        key: the teacher's key (``read_key``).
        answer_files: students' answer sheets (CSV); one file may hold several students when
            its ``student`` column says so.
        hardest: how many of the most disputed comments to list.
    """
    problems: list[str] = []
    sheets: list[Sheet] = []
    for f in answer_files:
        got, probs = read_answers(f, key)
        sheets.extend(got)
        problems.extend(probs)
    sheets = _unique_names(sheets)
    items = list(key.items)
    students: list[StudentResult] = []
    for s in sheets:
        per: dict[str, StudentTask] = {}
        for t in key.tasks:
            tool = [it.labels.get(t) for it in items]
            mine = [
                s.answers.get(it.comment_id, {}).get(t) if k is not None else None
                for it, k in zip(items, tool, strict=True)
            ]
            pairs = [(a, b) for a, b in zip(tool, mine, strict=True) if a is not None and b is not None]
            per[t] = StudentTask(len(pairs), sum(a == b for a, b in pairs), cohen_kappa(tool, mine))
        students.append(StudentResult(s.student, s.source, per))
    tasks: list[TaskResult] = []
    for t, labels in key.tasks.items():
        rows = [it for it in items if it.labels.get(t) is not None]
        matrix = [[s.answers.get(it.comment_id, {}).get(t) for s in sheets] for it in rows]
        by_student = {s.student: [m[k] for m in matrix] for k, s in enumerate(sheets)}
        tool = [it.labels.get(t) for it in rows]
        conf = [[0] * len(labels) for _ in labels]
        for col in by_student.values():
            m = confusion_matrix(tool, col, labels)
            conf = [[a + b for a, b in zip(r1, r2, strict=True)] for r1, r2 in zip(conf, m, strict=True)]
        answered = sum(sum(r) for r in conf)
        agreed = sum(conf[i][i] for i in range(len(labels)))
        tasks.append(
            TaskResult(
                task=t,
                labels=labels,
                items=len(rows),
                pairwise=pairwise_kappas(by_student),
                fleiss=fleiss_kappa(matrix) if sheets else ClassStatistic(None, 0, 0),
                alpha=krippendorff_alpha_nominal(matrix),
                alpha_with_tool=krippendorff_alpha_nominal(
                    [[*m, k] for m, k in zip(matrix, tool, strict=True)]
                ),
                confusion=conf,
                agreement_with_key=agreed / answered if answered else None,
            )
        )
    hard: list[HardItem] = []
    for it in items:
        shares = []
        dist: dict[str, dict[str, int]] = {}
        for t in key.tasks:
            tool_label = it.labels.get(t)
            if tool_label is None:
                continue
            given = [g for s in sheets if (g := s.answers.get(it.comment_id, {}).get(t)) is not None]
            dist[t] = dict(Counter(given).most_common())
            if given:
                shares.append(sum(g != tool_label for g in given) / len(given))
        if shares and max(shares) > 0:
            hard.append(
                HardItem(
                    it.item,
                    it.comment_id,
                    it.author,
                    it.text,
                    sum(shares) / len(shares),
                    dict(it.labels),
                    dict(it.evidence),
                    dist,
                )
            )
    hard.sort(key=lambda h: (-h.disagreement, h.item))
    return Grade(key.worksheet_id, key.source, students, tasks, hard[:hardest], problems)
