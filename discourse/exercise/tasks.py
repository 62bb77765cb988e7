"""Label tasks of a worksheet: the registered classifier behind each, its labels, and their
plain-word definitions and examples (``discourse/exercise_labels.toml``)."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from ..classify.base import Classifier, registered
from ..scoring import resolve_task


@dataclass(frozen=True, slots=True)
class LabelDefinition:
    label: str
    definition: str
    example: str


@dataclass(frozen=True, slots=True)
class Task:
    """One label task of a worksheet: a classifier, its labels and their plain definitions.

    Attributes:
        replies_only: the classifier judges replies against their parent (``needs`` parent).
    """

    name: str
    question: str
    definitions: tuple[LabelDefinition, ...]
    replies_only: bool = False

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(d.label for d in self.definitions)


def label_definitions() -> dict[str, Any]:
    """The packaged definitions (``discourse/exercise_labels.toml``)."""
    text = resources.files("discourse").joinpath("exercise_labels.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def task_for(cls: type[Classifier], definitions: dict[str, Any] | None = None) -> Task:
    """Build a task from a classifier class and the written definitions of its labels."""
    defs = (definitions if definitions is not None else label_definitions()).get(cls.name, {})
    written = defs.get("labels", {})
    out = []
    for lab in cls.labels:
        d = written.get(lab, {})
        out.append(
            LabelDefinition(
                lab,
                d.get("definition", f"(no definition written for '{lab}' yet)"),
                d.get("example", ""),
            )
        )
    question = defs.get("question") or (
        f"Which {cls.name.replace('_', ' ')} label fits? ({cls.description})"
        if cls.description
        else f"Which {cls.name.replace('_', ' ')} label fits?"
    )
    return Task(cls.name, question, tuple(out), "parent" in cls.needs)


def resolve_tasks(names: Sequence[str]) -> tuple[list[Task], list[str]]:
    """Turn the requested label tasks into tasks backed by registered classifiers.

    Returns:
        The tasks (in the order asked, duplicates removed) and one note per name that no
        classifier provides.
    """
    classes = registered()
    defs = label_definitions()
    tasks: list[Task] = []
    notes: list[str] = []
    for raw in names:
        if not raw.strip():
            continue
        name = resolve_task(raw, classes)
        if name is None:
            notes.append(
                f"no classifier provides {raw.strip()!r}: left out of the worksheet "
                f"(available: {', '.join(classes)})"
            )
        elif name not in [t.name for t in tasks]:
            tasks.append(task_for(classes[name], defs))
    return tasks, notes
