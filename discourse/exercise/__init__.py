"""Classroom exercises (``discourse exercise``): worksheets sampled from a discussion, the
teacher's key with the tool's evidence, and the grading of students' answer sheets.

Builds data only; ``discourse.report.exercise`` renders worksheets, keys and grade reports.
"""

from __future__ import annotations

from .grading import (
    BLANKS,
    Grade,
    HardItem,
    Key,
    KeyItem,
    Sheet,
    StudentResult,
    StudentTask,
    TaskResult,
    grade,
    read_answers,
    read_key,
)
from .pseudonyms import Pseudonymiser, pseudonym
from .tasks import LabelDefinition, Task, label_definitions, resolve_tasks, task_for
from .worksheet import ArticleSection, Worksheet, WorksheetItem, make_worksheet

__all__ = [
    "BLANKS",
    "ArticleSection",
    "Grade",
    "HardItem",
    "Key",
    "KeyItem",
    "LabelDefinition",
    "Pseudonymiser",
    "Sheet",
    "StudentResult",
    "StudentTask",
    "Task",
    "TaskResult",
    "Worksheet",
    "WorksheetItem",
    "grade",
    "label_definitions",
    "make_worksheet",
    "pseudonym",
    "read_answers",
    "read_key",
    "resolve_tasks",
    "task_for",
]
