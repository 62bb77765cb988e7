"""The contract every registered classifier keeps (run over the whole registry)."""

from __future__ import annotations

import pytest

from discourse.classify import Context, Doc, create, registered
from discourse.classify.base import ArticleContext
from discourse.config import load_settings

SETTINGS = load_settings()
NAMES = list(registered())

ARTICLE = ArticleContext.of(
    "City council approves new bike lanes\n\nThe council voted 7-2 on Tuesday to build "
    "twelve kilometres of protected bike lanes downtown, citing a rise in cycling injuries."
)
PARENT = Doc("The bike lanes are a waste of money and nobody will use them.")

# Texts written for these tests: ordinary comments and the bad inputs the issues name.
TEXTS = [
    "Great decision, I cycle downtown every day and it's been scary for years!",
    "This is fake news, the vote was 5-4 and you know it.",
    "Where does the injury figure come from? Is there a source?",
    "YOU ARE ALL IDIOTS!!! Get a car like normal people!!!",
    "I respectfully disagree; moreover, the fiscal implications merit scrutiny.",
    "lol ok 😂😂",
    "",
    "   \n\t ",
    "😀😀😀🔥",
    "?!?!... --- !!!",
    "<p>Nice <b>work</b></p>&nbsp;<br/>",
    "ctrl\x00chars\x07 here\x1b[31m red",
    "Die Stadt hat endlich etwas für die Radfahrer getan, das ist wirklich gut.",
    "very long " * 10_000,
]


def _contexts() -> list[Context | None]:
    return [None, Context(article=ARTICLE), Context(article=ARTICLE, parent=PARENT, parent_author="Sam")]


@pytest.fixture(scope="module", params=NAMES)
def classifier(request: pytest.FixtureRequest):
    return create(request.param, **SETTINGS.section(request.param))


def test_registry_has_the_built_in_classifiers() -> None:
    assert "sentiment" in NAMES
    for name, cls in registered().items():
        assert cls.name == name
        assert cls.default_label in cls.labels


def test_one_label_from_its_set_for_every_input(classifier) -> None:
    for ctx in _contexts():
        if not classifier.applies(ctx):
            continue
        for text in TEXTS:
            label = classifier.score(text, ctx)
            assert label.task == classifier.name
            assert label.label in classifier.labels, (text[:40], label.label)
            assert label.score == label.score  # not NaN


def test_cues_lie_in_the_text(classifier) -> None:
    for ctx in _contexts():
        if not classifier.applies(ctx):
            continue
        for text in TEXTS:
            doc = Doc(text)
            label = classifier.score(doc, ctx)
            if label.label != classifier.default_label:
                assert label.cues, f"{classifier.name}: {label.label!r} without cues for {text[:40]!r}"
            for cue in label.cues:
                assert cue.rule.startswith(classifier.name + "."), cue.rule
                if cue.has_span:
                    assert doc.text[cue.start:cue.end] == cue.text, (cue, text[:40])


def test_empty_in_empty_out(classifier) -> None:
    for ctx in _contexts():
        if not classifier.applies(ctx):
            continue
        for text in ("", "   "):
            label = classifier.score(text, ctx)
            assert label.label == classifier.default_label
            assert not [c for c in label.cues if c.has_span]


def test_deterministic_and_batch_equals_single(classifier) -> None:
    ctx = _contexts()[2]
    if not classifier.applies(ctx):
        pytest.skip("needs a context this test does not build")
    single = [classifier.score(t, ctx) for t in TEXTS]
    again = [classifier.score(t, ctx) for t in TEXTS]
    batch = classifier.score_many(TEXTS, [ctx] * len(TEXTS))
    assert [(x.label, x.score, x.cues) for x in single] == [(x.label, x.score, x.cues) for x in again]
    assert [(x.label, x.score, x.cues) for x in single] == [(x.label, x.score, x.cues) for x in batch]


def test_columns_are_the_same_whatever_the_label(classifier) -> None:
    ctx = _contexts()[2]
    empty = classifier.columns(None)
    assert all(v is None for v in empty.values())
    label = classifier.score(TEXTS[0], ctx)
    assert list(classifier.columns(label)) == list(empty)


def test_parameters_come_from_settings_and_round_trip(classifier) -> None:
    params = classifier.get_params()
    assert set(SETTINGS.section(classifier.name)) <= set(params)
    rebuilt = create(classifier.name, **params)
    assert rebuilt.get_params() == params
