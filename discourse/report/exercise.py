"""Worksheets, answer sheets, teacher keys and grade reports as Markdown, HTML, CSV and JSON.

Renderers only format :class:`~discourse.exercise.Worksheet` and :class:`~discourse.exercise.Grade`.
Page text is escaped in Markdown and HTML (autoescaped templates) and neutralised in CSV.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..agreement import ClassStatistic
from ..classify.pipeline import readable_evidence
from ..exercise import Grade, Worksheet, WorksheetItem
from ..csvsafe import safe_row
from .atomic import atomic_open, write_text_atomic
from .moderation import template_env

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md(text: str | None) -> str:
    """Escape page text for Markdown so that it shows as written and never becomes markup."""
    return _MD_SPECIAL.sub(r"\\\1", text or "")


def md_quote(text: str) -> str:
    """A blockquote of (escaped) text, paragraphs kept."""
    return "\n".join("> " + md(line) if line.strip() else ">" for line in text.strip().split("\n"))


def _num(x: float | None, digits: int = 2) -> str:
    return "n/a" if x is None else f"{x:.{digits}f}"


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.0%}"


# --------------------------------------------------------------------------------------------
# Worksheet, answer sheet, key


def _byline(it: WorksheetItem) -> str:
    who = it.author or "anonymous"
    if it.parent_excerpt is None:
        return who
    to = it.parent_author or "another reader"
    where = f" (comment {it.parent_item})" if it.parent_item is not None else ""
    return f"{who}, replying to {to}{where}"


def worksheet_markdown(ws: Worksheet) -> str:
    """The students' worksheet: instructions, label definitions, articles and comments."""
    out = [f"# Worksheet {ws.worksheet_id}", ""]
    out.append(
        "Read each comment and choose one label for each question below. Write your answers on the "
        "answer sheet (`answers.csv`): one row per comment, one column per question. Careful readers "
        "can disagree; afterwards you will compare your labels with each other's and with a computer's."
    )
    if ws.anonymised:
        out.append("")
        out.append("Commenters' names have been replaced (Reader A, Reader B, …).")
    out += ["", "## The labels", ""]
    for t in ws.tasks:
        out.append(f"### {t.name.replace('_', ' ').capitalize()}: {md(t.question)}")
        if t.replies_only:
            out.append("")
            out.append("Only for replies: write n/a for comments that answer nobody.")
        out.append("")
        for d in t.definitions:
            line = f"- **{md(d.label)}**: {md(d.definition)}"
            if d.example:
                line += f" *Example:* “{md(d.example)}”"
            out.append(line)
        out.append("")
    for sec in ws.sections:
        out += [f"## {md(sec.title)}", ""]
        if sec.standfirst:
            out += [f"*{md(sec.standfirst)}*", ""]
        for it in sec.items:
            out += [f"### Comment {it.item} — {md(_byline(it))}", ""]
            if it.parent_excerpt:
                out += [f"> *In reply to:* {md(it.parent_excerpt)}", ""]
            out += [md_quote(it.text), ""]
            for t in ws.tasks:
                if t.replies_only and it.parent_excerpt is None:
                    continue
                boxes = "  ".join(f"☐ {md(lab)}" for lab in t.labels)
                out.append(f"- {t.name.replace('_', ' ').capitalize()}: {boxes}")
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def worksheet_html(ws: Worksheet) -> str:
    """The worksheet as a printable, self-contained HTML page."""
    return (
        template_env()
        .get_template("exercise_worksheet.html.j2")
        .render(
            ws=ws,
            byline=_byline,
        )
    )


def answer_rows(ws: Worksheet) -> list[dict[str, Any]]:
    """The blank answer sheet: one row per comment, one empty column per task."""
    rows = []
    for it in ws.items:
        row: dict[str, Any] = {
            "worksheet_id": ws.worksheet_id,
            "item": it.item,
            "comment_id": it.comment_id,
            "student": "",
        }
        for t in ws.tasks:
            row[t.name] = "n/a" if t.replies_only and it.parent_excerpt is None else ""
        rows.append(row)
    return rows


def key_rows(ws: Worksheet) -> list[dict[str, Any]]:
    """The teacher's key as CSV rows: the tool's label, score and evidence per task."""
    rows = []
    for it in ws.items:
        row: dict[str, Any] = {
            "worksheet_id": ws.worksheet_id,
            "item": it.item,
            "comment_id": it.comment_id,
            "author": it.author or "",
            "text": it.text,
        }
        for t in ws.tasks:
            lab = it.labels.get(t.name)
            row[t.name] = lab.label if lab is not None else ""
            row[f"{t.name}_score"] = round(lab.score, 4) if lab is not None else ""
            row[f"{t.name}_evidence"] = readable_evidence(lab)
        rows.append(row)
    return rows


def key_markdown(ws: Worksheet) -> str:
    """The teacher's key: per comment the tool's labels and the words that decided them."""
    out = [f"# Teacher key for worksheet {ws.worksheet_id}", ""]
    out.append(
        "The tool's labels are one reading, not the truth: where students disagree, ask them "
        "to point at the words that decided their label, and compare with the evidence below."
    )
    out.append("")
    if ws.notes:
        out += ["Notes:", ""] + [f"- {md(n)}" for n in ws.notes] + [""]
    for it in ws.items:
        out += [f"## Comment {it.item} — {md(_byline(it))} ({md(it.comment_id)})", "", md_quote(it.text), ""]
        for t in ws.tasks:
            lab = it.labels.get(t.name)
            if lab is None:
                continue
            ev = readable_evidence(lab)
            out.append(
                f"- **{t.name}**: {md(lab.label)} (score {lab.score:.2f})"
                + (f" — {md(ev)}" if ev else " — no cue words: the default label")
            )
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _write_csv(path: Path, rows: list[dict[str, Any]], columns: Sequence[str]) -> None:
    with atomic_open(path, newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(columns), lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow(safe_row(r))


def write_worksheet(ws: Worksheet, out_dir: Path) -> list[Path]:
    """Write the worksheet for students to ``out_dir`` and the key to ``out_dir/teacher/``.

    Returns:
        The files written.
    """
    teacher = out_dir / "teacher"
    teacher.mkdir(parents=True, exist_ok=True)
    written = []
    p = out_dir / "worksheet.md"
    write_text_atomic(p, worksheet_markdown(ws))
    written.append(p)
    p = out_dir / "worksheet.html"
    write_text_atomic(p, worksheet_html(ws))
    written.append(p)
    p = out_dir / "answers.csv"
    _write_csv(
        p, answer_rows(ws), ["worksheet_id", "item", "comment_id", "student", *[t.name for t in ws.tasks]]
    )
    written.append(p)
    p = teacher / "key.json"
    write_text_atomic(p, json.dumps(ws.key_dict(), ensure_ascii=False, indent=1) + "\n")
    written.append(p)
    p = teacher / "key.csv"
    cols = ["worksheet_id", "item", "comment_id", "author", "text"]
    for t in ws.tasks:
        cols += [t.name, f"{t.name}_score", f"{t.name}_evidence"]
    _write_csv(p, key_rows(ws), cols)
    written.append(p)
    p = teacher / "key.md"
    write_text_atomic(p, key_markdown(ws))
    written.append(p)
    return written


# --------------------------------------------------------------------------------------------
# Grade report


def _stat(s: ClassStatistic) -> str:
    return f"{_num(s.value)} ({s.items} comments, {s.raters} raters)"


def grade_markdown(g: Grade) -> str:
    """The grade report in Markdown: per student, per task, the most disputed comments."""
    out = [f"# Results for worksheet {g.worksheet_id}", ""]
    out.append(f"{len(g.students)} student(s) graded against the key `{md(g.key_source)}`.")
    out.append("")
    if g.problems:
        out += ["## Problems with the answer sheets", ""] + [f"- {md(p)}" for p in g.problems] + [""]
    tasks = [t.task for t in g.tasks]
    out += ["## Students: agreement with the tool", ""]
    out.append("| student | " + " | ".join(f"{md(t)} agree | {md(t)} κ" for t in tasks) + " | overall |")
    out.append("|---|" + "---|---|" * len(tasks) + "---|")
    for s in g.students:
        cells = []
        for t in tasks:
            r = s.tasks[t]
            cells += [f"{_pct(r.agreement)} ({r.agreed}/{r.answered})", _num(r.kappa)]
        out.append(f"| {md(s.student)} | " + " | ".join(cells) + f" | {_pct(s.agreement)} |")
    out.append("")
    out.append(
        "κ (Cohen's kappa) corrects agreement for chance: 1 is perfect, 0 is what guessing with "
        "the same label frequencies gives, below 0 is worse than chance."
    )
    out.append("")
    for tr in g.tasks:
        out += [f"## {md(tr.task)}", ""]
        out.append(f"- Agreement of students with the tool: {_pct(tr.agreement_with_key)}")
        out.append(f"- Fleiss' κ among students: {_stat(tr.fleiss)}")
        out.append(f"- Krippendorff's α among students: {_stat(tr.alpha)}")
        out.append(f"- Krippendorff's α with the tool as one more rater: {_stat(tr.alpha_with_tool)}")
        if tr.pairwise:
            out += ["", "Cohen's κ between students:", ""]
            out += [f"- {md(a)} – {md(b)}: {_num(k)}" for (a, b), k in tr.pairwise.items()]
        out += ["", "Confusion (rows: the tool's label; columns: students' labels):", ""]
        out.append("| tool \\ students | " + " | ".join(md(lab) for lab in tr.labels) + " |")
        out.append("|---|" + "---|" * len(tr.labels))
        for lab, row in zip(tr.labels, tr.confusion, strict=True):
            out.append(f"| **{md(lab)}** | " + " | ".join(str(x) for x in row) + " |")
        out.append("")
    if g.hardest:
        out += ["## Where students and the tool disagree most", ""]
        for h in g.hardest:
            out += [
                f"### Comment {h.item} ({md(h.comment_id)}) — {h.disagreement:.0%} disagreement",
                "",
                md_quote(h.text),
                "",
            ]
            for task, tool_label in h.tool.items():
                if tool_label is None:
                    continue
                answers = ", ".join(f"{md(k)} {v}" for k, v in h.answers.get(task, {}).items()) or "none"
                ev = h.evidence.get(task) or "no cue words"
                out.append(f"- **{md(task)}**: tool says {md(tool_label)} ({md(ev)}); students: {answers}")
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def grade_html(g: Grade) -> str:
    """The grade report as a self-contained HTML page."""
    return (
        template_env()
        .get_template("exercise_grade.html.j2")
        .render(
            g=g,
            num=_num,
            pct=_pct,
            stat=_stat,
        )
    )


def grade_json(g: Grade) -> str:
    return json.dumps(g.to_dict(), ensure_ascii=False, indent=1) + "\n"


def grade_format(path: Path) -> str:
    """``md``, ``html`` or ``json`` from a file name; ValueError for anything else."""
    kinds = {"md": "md", "markdown": "md", "html": "html", "htm": "html", "json": "json"}
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in kinds:
        raise ValueError(
            f"{path}: a grade report is written as .md, .html or .json, not {path.suffix or 'no suffix'!r}"
        )
    return kinds[suffix]


def render_grade(g: Grade, fmt: str) -> str:
    return {"md": grade_markdown, "html": grade_html, "json": grade_json}[fmt](g)
