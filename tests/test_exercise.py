"""Classroom exercises: stratified, seeded sampling; pseudonyms; worksheet, answer sheet and key
files; grading with κ and α checked by hand; every kind of bad answer sheet."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakes import bus_page, park_page, registered_fakes
from sklearn.metrics import cohen_kappa_score
from typer.testing import CliRunner

from discourse.classify.base import registered
from discourse.cli import app
from discourse.errors import ConfigError, InputError
from discourse.exercise import (
    Pseudonymiser,
    grade,
    label_definitions,
    make_worksheet,
    pseudonym,
    read_answers,
    read_key,
    resolve_tasks,
)
from discourse.model import Article, Comment, Page
from discourse.report.exercise import md, worksheet_html, worksheet_markdown, write_worksheet

runner = CliRunner()
TASKS = ["sentiment", "fake_stance", "fake_register"]
AUTHORS = [
    "Gary Holt",
    "Maxine",
    "Julius",
    "Katie",
    "Priya",
    "Tom",
    "spam",
    "Mallory",
    "Dee",
    "Sam",
    "Ola",
    "Ben",
    "Ruth",
    "Ed",
    "Kai",
    "Lena",
    "Mo",
    "Zed",
]


@pytest.fixture(autouse=True)
def fakes() -> Iterator[None]:
    with registered_fakes():
        yield


def _ws(**kw: object):  # type: ignore[no-untyped-def]
    args = {"tasks": TASKS, "n": 8, "seed": 1} | kw
    return make_worksheet([bus_page(), park_page()], **args)  # type: ignore[arg-type]


# --- sampling -------------------------------------------------------------------------------


def test_every_label_of_every_task_appears_when_the_data_allows() -> None:
    ws = _ws()
    assert len(ws.items) == 8
    for task in ws.tasks:
        shown = {it.labels[task.name].label for it in ws.items if it.labels[task.name] is not None}
        assert shown == set(task.labels), task.name
    assert not any("cannot show" in n for n in ws.notes)


def test_missing_labels_are_noted() -> None:
    ws = make_worksheet([park_page()], tasks=["fake_moderation"], n=5, seed=1)
    note = next(n for n in ws.notes if "cannot show" in n)
    assert "'maybe', 'likely'" in note and "fake_moderation" in note


def test_sampling_is_reproducible_and_depends_on_the_seed() -> None:
    a, b = _ws(seed=4), _ws(seed=4)
    assert a.worksheet_id == b.worksheet_id
    assert [it.comment_id for it in a.items] == [it.comment_id for it in b.items]
    assert worksheet_markdown(a) == worksheet_markdown(b)
    selections = {tuple(it.comment_id for it in _ws(seed=s, n=5).items) for s in range(1, 7)}
    assert len(selections) > 1
    assert len({_ws(seed=s, n=5).worksheet_id for s in range(1, 4)}) > 1


def test_items_keep_page_order_and_skip_short_and_duplicate_comments() -> None:
    page = Page(
        source="dup.txt",
        article_id="dup",
        comments=tuple(
            [Comment(f"d{k}", "The same words in every comment here.") for k in range(5)]
            + [Comment("x", "ok"), Comment("y", "A different and longer comment about the plan.")]
        ),
    )
    ws = make_worksheet([page], tasks=["sentiment"], n=10, seed=1)
    # One of the five identical comments (the first), not "ok" (too short), in page order.
    assert [it.comment_id for it in ws.items] == ["dup/d0", "dup/y"]
    assert any("asked for 10 comments" in n for n in ws.notes)
    ws = _ws(n=12)
    order = [(it.article, int(re.sub(r"\D", "", it.comment_id.split("/")[1]))) for it in ws.items]
    assert order == sorted(order, key=lambda x: (x[0] != "bus", x[1]))


def test_article_opening_stands_in_for_a_missing_standfirst() -> None:
    article = Article(
        title="T",
        body="A subheading\n\nThe first real paragraph of the story.",
        subheadings=("A subheading",),
    )
    page = Page(
        source="o.txt",
        article_id="o",
        article=article,
        comments=(Comment("a", "A comment long enough to be used."),),
    )
    ws = make_worksheet([page], tasks=["sentiment"], n=1)
    assert ws.sections[0].standfirst == "The first real paragraph of the story."


def test_long_comments_only_when_needed() -> None:
    long_text = "A long comment. " * 60
    page = Page(
        source="long.txt",
        article_id="l",
        comments=(
            Comment("a", long_text),
            Comment("b", "Short and neutral remark here."),
        ),
    )
    ws = make_worksheet([page], tasks=["sentiment"], n=1, seed=1)
    assert [it.comment_id for it in ws.items] == ["l/b"]


@pytest.mark.parametrize(
    ("names", "expected", "noted"),
    [
        (["sentiment", "fake_stance"], ["sentiment", "fake_stance"], []),
        (["toxicity"], ["moderation"], []),  # a column name finds the classifier that writes it
        (["Sentiment", "sentiment"], ["sentiment"], []),
        (["sentiment", "nosuch"], ["sentiment"], ["nosuch"]),
    ],
)
def test_resolve_tasks(names: list[str], expected: list[str], noted: list[str]) -> None:
    tasks, notes = resolve_tasks(names)
    assert [t.name for t in tasks] == expected
    assert len(notes) == len(noted) and all(
        f"no classifier provides {n!r}" in m for n, m in zip(noted, notes, strict=True)
    )


def test_no_usable_task_or_no_comments_is_an_error() -> None:
    with pytest.raises(ConfigError, match="none of the label tasks"):
        make_worksheet([bus_page()], tasks=["nosuch"])
    with pytest.raises(InputError, match="no comments"):
        make_worksheet([Page(source="empty.txt")], tasks=["sentiment"])


def test_every_registered_classifier_with_definitions_has_all_its_labels_defined() -> None:
    defs = label_definitions()
    for name, cls in registered().items():
        if name in defs:
            written = defs[name]["labels"]
            assert set(cls.labels) <= set(written), name
            assert all(written[lab]["definition"] and written[lab]["example"] for lab in cls.labels)


# --- pseudonyms -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("You are wrong, Gary. Nurses use it.", "You are wrong, Reader A. Nurses use it."),
        ("@gary_h and Gary Holt and GaryHolt", "Reader C and Reader A and Reader A"),
        ("Will the council act? I will ask Will.", "Will the council act? I will ask Reader B."),
        ("tom and Tom but not Tomorrow", "tom and Reader D but not Tomorrow"),
        ("Ask @Will about it", "Ask Reader B about it"),
    ],
)
def test_pseudonymiser(text: str, expected: str) -> None:
    p = Pseudonymiser(["Gary Holt", "Will", "gary_h", "Tom"])
    p.name("Gary Holt")
    p.name("Will")
    p.name("gary_h")
    assert p.text(text) == expected


def test_pseudonym_letters() -> None:
    assert [pseudonym(k) for k in (0, 25, 26, 27, 701, 702)] == [
        "Reader A",
        "Reader Z",
        "Reader AA",
        "Reader AB",
        "Reader ZZ",
        "Reader AAA",
    ]


def test_worksheet_is_pseudonymised_consistently(tmp_path: Path) -> None:
    ws = _ws(n=20)
    files = write_worksheet(ws, tmp_path)
    everything = "\n".join(f.read_text(encoding="utf-8") for f in files)
    for name in AUTHORS:
        assert not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", everything), name
    by_id = {it.comment_id: it for it in ws.items}
    # Replies that address their parent's author by name show the parent's pseudonym.
    for cid in ("bus/c2", "bus/c10", "park/p6"):
        it = by_id[cid]
        assert it.parent_author and it.parent_author in it.text, cid
    assert by_id["bus/c12"].parent_author == by_id["bus/c10"].parent_author  # both answer Tom
    assert by_id["bus/c6"].author == by_id["bus/c10"].parent_author


def test_no_anonymise_keeps_names() -> None:
    ws = _ws(n=20, anonymise=False)
    assert "Gary Holt" in {it.author for it in ws.items}
    assert any("Gary" in it.text for it in ws.items)


def test_key_labels_are_the_labels_of_the_text_students_read() -> None:
    # A name that is a sentiment word: scored before and after pseudonymising, it differs.
    page = Page(
        source="joy.txt",
        article_id="j",
        comments=(
            Comment("a", "The plan is fine.", author="Joy"),
            Comment("b", "Thanks Joy, that is exactly it.", author="Sam", reply_to="a"),
        ),
    )
    ws = make_worksheet([page], tasks=["sentiment"], n=2, seed=1)
    b = next(it for it in ws.items if it.comment_id == "j/b")
    assert "Joy" not in b.text
    label = b.labels["sentiment"]
    assert label is not None and all(b.text[c.start : c.end] == c.text for c in label.cues if c.has_span)


# --- files ----------------------------------------------------------------------------------


HOSTILE = Page(
    source="hostile.txt",
    article_id="h",
    article=Article(title="<script>alert('t')</script> Title", standfirst="Stand & first"),
    comments=(
        Comment("a", "=cmd|' /C calc'!A0 is what this plan deserves", author="=Eve"),
        Comment("b", "+1 to that, a sensible plan for the town", author="Ann"),
        Comment("c", "<script>alert(1)</script> <img src=x onerror=alert(2)> great plan", author="Al"),
        Comment("d", "@everyone read the report before you comment", author="Bo"),
    ),
)


def test_files_written_and_cells_neutralised(tmp_path: Path) -> None:
    ws = make_worksheet([HOSTILE], tasks=["sentiment", "fake_reply_stance"], n=4, seed=1)
    files = write_worksheet(ws, tmp_path)
    assert sorted(str(f.relative_to(tmp_path)) for f in files) == [
        "answers.csv",
        "teacher/key.csv",
        "teacher/key.json",
        "teacher/key.md",
        "worksheet.html",
        "worksheet.md",
    ]
    with (tmp_path / "answers.csv").open(encoding="utf-8", newline="") as f:
        answers = list(csv.DictReader(f))
    assert list(answers[0]) == [
        "worksheet_id",
        "item",
        "comment_id",
        "student",
        "sentiment",
        "fake_reply_stance",
    ]
    assert all(r["sentiment"] == "" for r in answers)
    assert all(r["fake_reply_stance"] == "n/a" for r in answers)  # nobody replies here
    assert {r["worksheet_id"] for r in answers} == {ws.worksheet_id}
    with (tmp_path / "teacher" / "key.csv").open(encoding="utf-8", newline="") as f:
        key = {r["comment_id"]: r for r in csv.DictReader(f)}
    assert key["h/a"]["text"].startswith("'=cmd")
    assert key["h/b"]["text"].startswith("'+1")
    assert key["h/d"]["text"].startswith("'@everyone")
    html = (tmp_path / "worksheet.html").read_text(encoding="utf-8")
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    mdtext = (tmp_path / "worksheet.md").read_text(encoding="utf-8")
    assert "<script>" not in mdtext and "\\<script\\>" in mdtext


def test_key_round_trip(tmp_path: Path) -> None:
    ws = _ws()
    write_worksheet(ws, tmp_path)
    for name in ("key.json", "key.csv"):
        key = read_key(tmp_path / "teacher" / name)
        assert key.worksheet_id == ws.worksheet_id
        assert [it.comment_id for it in key.items] == [it.comment_id for it in ws.items]
        assert key.tasks["sentiment"] == ("negative", "neutral", "positive")
        assert [it.labels["fake_stance"] for it in key.items] == [
            it.labels["fake_stance"].label for it in ws.items
        ]  # type: ignore[union-attr]


def test_md_escapes_markup() -> None:
    assert md("<b>*x*</b> | _y_") == "\\<b\\>\\*x\\*\\</b\\> \\| \\_y\\_"


# --- grading, by hand -----------------------------------------------------------------------

# A key written for this test: four comments, one task with labels A and B; the tool says
# A, A, B, B. Three students answer (the table of tests/test_agreement.py):
#   item 1: A A A   item 2: A A B   item 3: B B B   item 4: A B B
# Fleiss' κ = 1/3 and Krippendorff's α = 7/18 among the students (worked there).
# Agreement with the tool: s1 = A,A,B,A → 3/4; s2 = A,A,B,B → 4/4; s3 = A,B,B,B → 3/4.
# Confusion (rows tool, columns students): tool A → A 5, B 1; tool B → A 1, B 5.
# Disagreement with the tool: item 2 (s3) 1/3, item 4 (s1) 1/3, items 1 and 3 none.
# Cohen's κ s1 vs tool: s1 A,A,B,A; tool A,A,B,B: p_o = 3/4; s1 A 3/4, tool A 1/2
#   → p_e = 3/4·1/2 + 1/4·1/2 = 1/2 → κ = (3/4 − 1/2)/(1/2) = 1/2.
HAND_KEY = {
    "worksheet_id": "ws-hand",
    "tasks": {"colour": {"labels": ["A", "B"]}},
    "items": [
        {
            "item": k,
            "comment_id": f"t/{k}",
            "text": f"comment {k}",
            "labels": {"colour": {"label": lab, "evidence": f"cue {k}"}},
        }
        for k, lab in enumerate("AABB", 1)
    ],
}
HAND_ANSWERS = {"s1": "AABA", "s2": "AABB", "s3": "ABBB"}


def _answers(path: Path, labels: str, extra: dict[str, str] | None = None, wid: str = "ws-hand") -> Path:
    lines = ["worksheet_id,item,comment_id,colour" + ("," + ",".join(extra) if extra else "")]
    for k, lab in enumerate(labels, 1):
        lines.append(f"{wid},{k},t/{k},{lab}" + ("," + ",".join(extra.values()) if extra else ""))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def hand(tmp_path: Path) -> tuple[Path, list[Path]]:
    key = tmp_path / "key.json"
    key.write_text(json.dumps(HAND_KEY), encoding="utf-8")
    return key, [_answers(tmp_path / f"{s}.csv", a) for s, a in HAND_ANSWERS.items()]


def test_grade_by_hand(hand: tuple[Path, list[Path]]) -> None:
    key, files = hand
    g = grade(read_key(key), files)
    assert g.problems == []
    agree = {s.student: s.tasks["colour"].agreement for s in g.students}
    assert agree == {"s1": 0.75, "s2": 1.0, "s3": 0.75}
    s1 = next(s for s in g.students if s.student == "s1")
    assert s1.tasks["colour"].kappa == pytest.approx(0.5)
    t = g.tasks[0]
    assert t.fleiss.value == pytest.approx(1 / 3) and t.alpha.value == pytest.approx(7 / 18)
    assert t.confusion == [[5, 1], [1, 5]]
    assert t.agreement_with_key == pytest.approx(10 / 12)
    for (a, b), k in t.pairwise.items():
        assert k == pytest.approx(cohen_kappa_score(list(HAND_ANSWERS[a]), list(HAND_ANSWERS[b])))
    assert [(h.item, round(h.disagreement, 4)) for h in g.hardest] == [(2, 0.3333), (4, 0.3333)]
    assert g.hardest[0].evidence["colour"] == "cue 2"
    assert g.hardest[0].answers["colour"] == {"A": 2, "B": 1}


def test_grade_cli_formats(hand: tuple[Path, list[Path]], tmp_path: Path) -> None:
    key, files = hand
    result = runner.invoke(app, ["exercise", "grade", str(key), *map(str, files), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["tasks"][0]["fleiss_kappa"]["value"] == pytest.approx(1 / 3)
    assert data["tasks"][0]["krippendorff_alpha"]["value"] == pytest.approx(7 / 18)
    assert data["tasks"][0]["confusion"]["matrix"] == [[5, 1], [1, 5]]
    result = runner.invoke(app, ["exercise", "grade", str(key), *map(str, files)])
    assert result.exit_code == 0 and "Fleiss' κ among students: 0.33" in result.stdout
    out = tmp_path / "grade.html"
    result = runner.invoke(app, ["exercise", "grade", str(key), *map(str, files), "--out", str(out)])
    assert result.exit_code == 0
    assert "Krippendorff" in out.read_text(encoding="utf-8")
    result = runner.invoke(
        app, ["exercise", "grade", str(key), *map(str, files), "--out", str(tmp_path / "g.pdf")]
    )
    assert result.exit_code == 2 and ".md, .html or .json" in result.output


# --- bad answer sheets ----------------------------------------------------------------------


def test_bad_answer_sheets_each_get_a_message_and_the_rest_is_graded(
    hand: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    key_path, good = hand
    key = read_key(key_path)
    d = tmp_path
    (d / "missing.csv").write_text("worksheet_id,item,comment_id,colour\nws-hand,1,t/1,A\nws-hand,3,t/3,B\n")
    (d / "unknown.csv").write_text(
        "worksheet_id,item,comment_id,colour\nws-hand,1,t/1,purple\n"
        "ws-hand,2,t/2,a\nws-hand,3,t/3,B\nws-hand,4,t/4,B\n"
    )
    _answers(d / "extra.csv", "AABB", {"notes": "hmm", "mood": "ok"})
    (d / "blank.csv").write_text(
        "worksheet_id,item,comment_id,colour\n" + "".join(f"ws-hand,{k},t/{k},\n" for k in range(1, 5))
    )
    (d / "dup.csv").write_text(
        "worksheet_id,item,comment_id,colour\nws-hand,1,t/1,A\nws-hand,2,t/2,A\n"
        "ws-hand,1,t/1,B\nws-hand,3,t/3,B\nws-hand,4,t/4,B\n"
    )
    _answers(d / "other.csv", "AABB", wid="ws-other")
    (d / "nocol.csv").write_text("name,answer\nx,A\n")
    (d / "stray.csv").write_text("worksheet_id,item,comment_id,colour\nws-hand,9,t/9,A\nws-hand,1,t/1,A\n")
    (d / "empty.csv").write_bytes(b"")
    bad = ["missing", "unknown", "extra", "blank", "dup", "other", "nocol", "stray", "empty"]
    g = grade(key, [*good, *(d / f"{b}.csv" for b in bad), d / "absent.csv"])
    text = "\n".join(g.problems)

    def said(file: str, *parts: str) -> bool:
        return any(file in p and all(x in p for x in parts) for p in g.problems)

    assert said("missing.csv", "2 of 4 comments missing", "items 2, 4", "graded on the rest"), text
    assert said("unknown.csv", "row 2 (item 1)", "'purple' is not a colour label (A, B)"), text
    assert said("extra.csv", "columns ignored: notes, mood"), text
    assert said("blank.csv", "every answer is blank", "not graded"), text
    assert said("dup.csv", "item 1 (t/1) appears again in row 4", "first is kept"), text
    assert said("other.csv", "worksheet id ws-other does not match the key", "not graded"), text
    assert said("nocol.csv", "no 'comment_id' or 'item' column"), text
    assert said("stray.csv", "comment 't/9' is not on this worksheet"), text
    assert said("empty.csv", "empty"), text
    assert said("absent.csv", "not found"), text
    graded = {s.student: s for s in g.students}
    assert set(graded) == {"s1", "s2", "s3", "missing", "unknown", "extra", "dup", "stray"}
    assert graded["unknown"].tasks["colour"].answered == 3  # 'a' matched A; 'purple' left out
    assert graded["dup"].tasks["colour"].agreed == 4  # the first answer for item 1 (A) was kept
    assert graded["missing"].tasks["colour"].answered == 2


def test_one_file_may_hold_several_students(hand: tuple[Path, list[Path]], tmp_path: Path) -> None:
    key_path, _ = hand
    lines = ["worksheet_id,item,comment_id,student,colour"]
    for s, labels in HAND_ANSWERS.items():
        lines += [f"ws-hand,{k},t/{k},{s},{lab}" for k, lab in enumerate(labels, 1)]
    path = tmp_path / "class.csv"
    path.write_text("\n".join(lines) + "\n")
    g = grade(read_key(key_path), [path])
    assert [s.student for s in g.students] == ["s1", "s2", "s3"]
    assert g.tasks[0].fleiss.value == pytest.approx(1 / 3)


def test_missing_task_column(hand: tuple[Path, list[Path]], tmp_path: Path) -> None:
    key = read_key(hand[0])
    path = tmp_path / "nocolour.csv"
    path.write_text("worksheet_id,item,comment_id,shade\nws-hand,1,t/1,A\n")
    sheets, problems = read_answers(path, key)
    assert any("no 'colour' column" in p for p in problems)
    assert any("every answer is blank" in p for p in problems) and sheets == []


def test_grade_with_no_gradable_sheet_exits_1(hand: tuple[Path, list[Path]], tmp_path: Path) -> None:
    other = _answers(tmp_path / "x.csv", "AAAA", wid="ws-zzz")
    result = runner.invoke(app, ["exercise", "grade", str(hand[0]), str(other)])
    assert result.exit_code == 1
    assert "x.csv: worksheet id ws-zzz does not match" in result.output


def test_bad_key_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "key.json"
    bad.write_text("{not json")
    result = runner.invoke(app, ["exercise", "grade", str(bad), str(bad)])
    assert result.exit_code == 2 and "key.json: not a JSON key" in result.output


# --- end to end -----------------------------------------------------------------------------


@pytest.fixture
def fake_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    import discourse.parse

    def read_pages(paths: object, **_: object) -> Iterator[Page]:
        yield bus_page()
        yield park_page()

    monkeypatch.setattr(discourse.parse, "read_pages", read_pages)


def test_make_then_grade_with_the_cli(fake_pages: None, tmp_path: Path) -> None:
    out = tmp_path / "ws"
    result = runner.invoke(
        app,
        [
            "exercise",
            "make",
            "x",
            "--n",
            "6",
            "--labels",
            "sentiment,fake_stance,nosuch",
            "--seed",
            "2",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "no classifier provides 'nosuch'" in result.output
    key = read_key(out / "teacher" / "key.json")
    with (out / "answers.csv").open(encoding="utf-8", newline="") as f:
        blank = list(csv.DictReader(f))
    # One student copies the tool; another says "neutral"/"comment" throughout.
    for name, pick in (
        ("copy", lambda it, t: it.labels[t]),
        ("flat", lambda it, t: {"sentiment": "neutral", "fake_stance": "comment"}[t]),
    ):
        rows = []
        for row, it in zip(blank, key.items, strict=True):
            rows.append(row | {"student": name} | {t: pick(it, t) for t in key.tasks})
        with (tmp_path / f"{name}.csv").open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(blank[0]))
            w.writeheader()
            w.writerows(rows)
    result = runner.invoke(
        app,
        [
            "exercise",
            "grade",
            str(out / "teacher" / "key.csv"),
            str(tmp_path / "copy.csv"),
            str(tmp_path / "flat.csv"),
            "-f",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    copy = next(s for s in data["students"] if s["student"] == "copy")
    assert copy["agreement"] == 1.0
    assert data["hardest"] and all(h["disagreement"] > 0 for h in data["hardest"])


def test_exercise_help() -> None:
    for args in (["exercise", "--help"], ["exercise", "make", "--help"], ["exercise", "grade", "--help"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0 and "Example" in result.stdout


def test_worksheet_over_the_seeds_with_the_registered_classifiers(tmp_path: Path) -> None:
    """The README's example: a ten-comment worksheet from the seed pages, with its key."""
    seeds = Path(__file__).resolve().parents[1] / "seeds"
    out = tmp_path / "w"
    result = runner.invoke(app, ["exercise", "make", str(seeds), "--n", "10", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "worksheet.html").is_file() and (out / "worksheet.md").is_file()
    key = json.loads((out / "teacher" / "key.json").read_text(encoding="utf-8"))
    assert len(key["items"]) == 10
    assert all(item["text"].strip() for item in key["items"])


def test_html_worksheet_shows_definitions() -> None:
    html = worksheet_html(_ws())
    assert "What feeling does the writer express?" in html
    assert "Commenters' names have been replaced" in html


def test_same_file_name_in_two_folders_keeps_comment_ids_unique() -> None:
    pages = [
        Page(source=f"{d}/page.txt", comments=(Comment("c1", f"A comment from folder {d}, quite long."),))
        for d in ("a", "b")
    ]
    ws = make_worksheet(pages, tasks=["sentiment"], n=2)
    assert [it.comment_id for it in ws.items] == ["page/c1", "page-2/c1"]


def test_grade_html_escapes_names_and_texts(tmp_path: Path) -> None:
    key = dict(HAND_KEY)
    key["items"] = [dict(HAND_KEY["items"][0], text="<script>alert(1)</script>")] + HAND_KEY["items"][1:]
    (tmp_path / "key.json").write_text(json.dumps(key), encoding="utf-8")
    sheet = tmp_path / "x.csv"
    sheet.write_text(
        "worksheet_id,item,comment_id,student,colour\n"
        + "".join(f"ws-hand,{k},t/{k},<b>Eve</b>,B\n" for k in range(1, 5))
    )
    g = grade(read_key(tmp_path / "key.json"), [sheet, *hand_files(tmp_path)])
    from discourse.report.exercise import grade_html, grade_markdown

    html = grade_html(g)
    assert "<script" not in html and "<b>Eve" not in html
    assert "&lt;b&gt;Eve&lt;/b&gt;" in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in grade_markdown(g)


def hand_files(d: Path) -> list[Path]:
    return [_answers(d / f"{s}.csv", a) for s, a in HAND_ANSWERS.items()]
