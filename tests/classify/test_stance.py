"""Stance toward the article: cue tables, relevance, reply context, bad input, settings, and
quality floors over ../shared (RumourEval grouped CV, news_comments_dev, seeds)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from discourse.classify import ArticleContext, Context, Doc, create
from discourse.classify.stance import WORD_PREFIX, StanceModel, featurize, load_model
from discourse.config import load_settings
from discourse.errors import ConfigError

SETTINGS = load_settings()
ROOT = Path(__file__).resolve().parents[2]

# An article written for these tests (long enough to count as an article, not a short post).
ARTICLE_TEXT = (
    "City council approves new bike lanes\n\n"
    "The council voted 7-2 on Tuesday to build twelve kilometres of protected bike lanes "
    "downtown, citing a rise in cycling injuries. Cyclists welcomed the plan; shop owners worry "
    "about parking. The lanes will be built over two years and cost 14 million, paid from the "
    "transport budget. The mayor said the network would connect the university, the station "
    "and the old town, and that injuries had doubled since 2019. Opponents on the council said "
    "the money would be better spent on buses."
)


def article() -> ArticleContext:
    return ArticleContext.of(ARTICLE_TEXT)


@pytest.fixture(scope="module")
def stance():
    return create("stance", **SETTINGS.section("stance"))


def rules(label) -> set[str]:
    return {c.rule for c in label.cues}


# (comment, expected label, a rule among its cues or None)
CUE_TABLE = [
    ("This is fake news, the vote was 5-4 and you know it.", "deny", "stance.deny"),
    ("Total propaganda. No evidence injuries doubled.", "deny", "stance.deny"),
    ("This article is misleading and one-sided.", "deny", "stance.deny"),
    ("The council should correct this: the vote was not 7-2.", "deny", "stance.deny"),
    ("Where does the injury figure come from? Is there a source?", "query", "stance.question"),
    ("Will the bike lanes be open in winter?", "query", "stance.q_end"),
    ("Great article, thank you for writing it!", "support", "stance.praise"),
    ("Brilliant reporting, you explained the budget really well.", "support", "stance.praise"),
    ("Finally! Protected lanes are long overdue, good decision.", "support", "stance.praise_plain"),
    ("The council must act now, cycling injuries cannot be ignored.", "support", "stance.urge_on_topic"),
    ("My brother rides to work every day.", "comment", None),
    ("Someone needs to fix the potholes on my street.", "comment", None),
    ("Does anyone know a good pizza place near here?", "comment", "stance.q_offtopic"),
]


@pytest.mark.parametrize(("text", "expected", "rule"), CUE_TABLE)
def test_cue_table(stance, text: str, expected: str, rule: str | None) -> None:
    label = stance.score(text, Context(article=article()))
    assert label.label == expected, (label.label, label.extras["probabilities"], label.cues)
    if rule is not None:
        assert rule in rules(label)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("It is not true that the council voted.", "stance.deny"),  # "not true" is one phrase
        ("I don't agree that this is good news.", "stance.negated_support"),
        ("Not fake at all, I was at the meeting.", "stance.negated_deny"),
    ],
)
def test_negation_turns_a_cue_into_its_negated_form(stance, text: str, rule: str) -> None:
    fz = featurize(Doc(text), article())
    assert rule.split(".", 1)[1] in fz.feats


def test_fake_describing_something_is_not_a_denial() -> None:
    assert "deny" not in featurize(Doc("Spies with fake passports and secret ports.")).feats
    assert "deny" in featurize(Doc("Honestly, this is fake.")).feats
    assert "deny" not in featurize(Doc("The responsibility lies with the council.")).feats
    assert "deny" in featurize(Doc("The council lies about the injuries.")).feats


def test_praise_counts_as_aimed_only_with_a_target_in_its_sentence() -> None:
    aimed = featurize(Doc("Your article is brilliant.")).feats
    plain = featurize(Doc("The weather is brilliant.")).feats
    assert "praise" in aimed and "praise_plain" not in aimed
    assert "praise_plain" in plain and "praise" not in plain
    # Praise words inside a question praise nothing.
    assert not {"praise", "praise_plain"} & set(featurize(Doc("Is there a good café nearby?")).feats)


def test_cue_spans_point_at_the_words(stance) -> None:
    text = "Honestly this is propaganda and the numbers are made up."
    label = stance.score(text, Context(article=article()))
    assert label.label == "deny"
    spans = {text[c.start : c.end] for c in label.cues if c.has_span}
    assert {"propaganda", "made up"} <= spans


# --- relevance --------------------------------------------------------------------------------


def test_relevance_is_higher_on_topic_and_cached_once_per_article(stance) -> None:
    art = article()
    on = stance.score("The protected bike lanes downtown will cut cycling injuries.", Context(article=art))
    off = stance.score("My favourite pasta recipe uses fresh basil.", Context(article=art))
    assert on.extras["relevance"] > 0.3 > 0.05 > off.extras["relevance"]
    terms = art.cache["relevance.terms"]
    stance.score("Another comment about lanes.", Context(article=art))
    assert art.cache["relevance.terms"] is terms  # computed once per article, not per comment


def test_an_off_topic_question_is_not_a_query_but_a_deictic_one_is(stance) -> None:
    art = article()
    off = featurize(Doc("Does anyone know a good pizza place near here?"), art)
    assert "q_offtopic" in off.feats
    # "Is this true?" names no content word: it points at the article.
    deictic = featurize(Doc("Is this true?"), art)
    assert "q_offtopic" not in deictic.feats
    assert stance.score("Is this true?", Context(article=art)).label == "query"


def test_a_short_post_is_read_with_the_tweet_conventions() -> None:
    post = ArticleContext.of("Council votes 7-2 for bike lanes downtown")
    fz = featurize(Doc("@mayor source? http://example.org"), post)
    assert fz.target == "post"
    assert "post_url" in fz.feats and "q_offtopic" not in fz.feats
    assert featurize(Doc("source?"), article()).target == "article"


# --- no article, replies --------------------------------------------------------------------


def test_without_article_stance_still_works_and_says_so(stance) -> None:
    label = stance.score("This is fake news and propaganda.", Context())
    assert label.label == "deny"
    assert label.extras["relevance"] is None
    assert any("no article" in n for n in label.extras["notes"])
    quiet = create("stance", **{**SETTINGS.section("stance"), "note_missing_article": False})
    assert "notes" not in quiet.score("This is fake news.", None).extras


@pytest.mark.parametrize(
    ("parent", "reply", "expected"),
    [
        ("This story is fake, the council never voted.", "Exactly.", "deny"),
        ("This story is fake, the council never voted.", "Totally agree.", "deny"),
        ("This story is fake, the council never voted.", "No, it's true, I watched the vote.", "support"),
        ("So true, the lanes are long overdue.", "Totally agree.", "support"),
    ],
)
def test_a_reply_takes_its_side_through_its_parent(stance, parent: str, reply: str, expected: str) -> None:
    label = stance.score(reply, Context(article=article(), parent=Doc(parent)))
    assert label.label == expected
    assert any("x_parent" in c.rule for c in label.cues)


def test_agreement_between_commenters_alone_is_comment(stance) -> None:
    parent = Doc("It feels like a chess game with lots of pieces moving.")
    label = stance.score("Totally agree, Sam.", Context(article=article(), parent=parent))
    assert label.label == "comment"


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["", "   ", "😀😀🔥", "?!?! ...", "<p>Nice <b>work</b></p>&nbsp;", "ctrl\x00chars\x07 here\x1b[31m"],
)
def test_bad_input_gets_a_label_and_a_score(stance, text: str) -> None:
    for ctx in (None, Context(article=article()), Context(article=article(), parent=Doc(text))):
        label = stance.score(text, ctx)
        assert label.label in stance.labels
        assert 0.0 <= label.score <= 1.0


def test_html_remnants_and_links_are_not_words() -> None:
    fz = featurize(Doc("<b>Great</b> &amp; see https://example.org/fake-news?x=1 @fake"))
    assert "b" not in fz.words and "amp" not in fz.words and "fake" not in fz.words
    assert "deny" not in fz.feats


def test_huge_comment_is_scored_in_bounded_time(stance) -> None:
    text = "This is fake news. " * 6000  # 114,000 characters; Doc keeps the first 20,000
    label = stance.score(text, Context(article=article()))
    assert label.label == "deny"
    assert all(c.end <= 20_000 for c in label.cues)


def test_non_english_gets_a_language_note(stance) -> None:
    label = stance.score("Das ist doch alles Lüge und Propaganda, die Zahlen stimmen nicht.", None)
    assert any(n.startswith("language=de") for n in label.extras["notes"])
    assert label.label == "deny"  # the lexicons carry common German denials


def test_deterministic_across_instances() -> None:
    a = create("stance", **SETTINGS.section("stance"))
    b = create("stance", **SETTINGS.section("stance"))
    for text, _, _ in CUE_TABLE:
        la, lb = a.score(text, Context(article=article())), b.score(text, Context(article=article()))
        assert (la.label, la.score, la.cues) == (lb.label, lb.score, lb.cues)


# --- settings and the model file ----------------------------------------------------------


def test_bias_moves_labels(stance) -> None:
    text = "I doubt this will ever get built."
    assert stance.score(text, Context(article=article())).label == "deny"
    biased = create("stance", **{**SETTINGS.section("stance"), "bias": {"deny": -5.0}})
    assert biased.score(text, Context(article=article())).label != "deny"


@pytest.mark.parametrize(
    "params",
    [
        {"bias": {"maybe": 1.0}},
        {"bias": {"deny": "high"}},
        {"priors": {"praise": {"happy": 1.0}}},
        {"article_min_terms": 0},
        {"max_cues": 0},
        {"min_cue_weight": -1},
        {"model": "/nonexistent/stance.json"},
    ],
)
def test_bad_settings_are_refused(params: dict) -> None:
    with pytest.raises(ConfigError):
        create("stance", **{**SETTINGS.section("stance"), **params})


def test_model_file_round_trips(tmp_path: Path) -> None:
    model = load_model()
    assert model.labels == ("support", "deny", "query", "comment")
    assert model.meta["licence"].startswith("annotations CC BY 4.0")
    path = tmp_path / "m.json"
    path.write_text(json.dumps(model.to_dict()), encoding="utf-8")
    again = load_model(str(path))
    assert again.word_weights.keys() == model.word_weights.keys()
    assert again.weights.keys() == model.weights.keys()
    bad = tmp_path / "bad.json"
    bad.write_text('{"labels": ["a"], "weights": {}, "intercept": []}', encoding="utf-8")
    with pytest.raises(ConfigError):
        load_model(str(bad))


def test_shipped_weights_hold_no_text() -> None:
    """The model holds single words and feature names only: no tweet or comment text."""
    data = StanceModel.to_dict(load_model())
    assert all(" " not in k for k in data["weights"])
    assert all(k.startswith(WORD_PREFIX) or k.isidentifier() for k in data["weights"])


# --- quality gates over ../shared (floors just under what was measured; they may only rise) ---


def _load_script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_gate_rumoureval_grouped_cross_validation(shared_dir: Path) -> None:
    fit = _load_script("fit_stance")
    df = fit.load(shared_dir / "data" / "rumoureval2017_sdqc" / "rumoureval2017_sdqc.csv")
    y, groups = df["label"].to_numpy(), df["thread_id"].to_numpy()
    rows = fit.features(df)
    fit.center_rows(rows)
    meta = load_model().meta
    scores, fold_of = fit.cross_validate(
        rows,
        y,
        groups,
        C=meta["C"],
        min_threads=meta["min_threads"],
        power=meta["class_weight_power"],
        folds=5,
    )
    honest = fit.macro(y, fit.cross_fitted_predictions(scores, y, fold_of))
    assert honest >= 0.45  # measured 0.47-0.48 (majority 0.21, TF-IDF+LR 0.24, balanced 0.35)


def test_gate_news_comments_dev(shared_dir: Path, stance) -> None:
    ev = _load_script("eval_stance")
    df = ev.news_rows(shared_dir)
    pred = [lab.label for lab in ev.label_news(df, stance)]
    assert ev.macro(df["stance"], pred, ev.STANCE) >= 0.40  # measured 0.41-0.44 (majority 0.17)
    pred_na = [lab.label for lab in ev.label_news(df, stance, with_article=False)]
    assert ev.macro(df["stance"], pred_na, ev.STANCE) >= 0.36  # measured 0.39 without article text


def test_gate_seed_labels(shared_dir: Path, stance) -> None:
    ev = _load_script("eval_stance")
    agree = total = 0
    arts: dict[str, ArticleContext] = {}
    for c in ev.seed_comments(shared_dir):
        if "stance" in c["arguable"]:
            continue
        art = arts.setdefault(c["title"], ArticleContext(text=c["article"], title=c["title"]))
        ctx = Context(article=art, parent=Doc(c["parent"]) if c["parent"] else None)
        total += 1
        agree += stance.score(c["text"], ctx).label == c["stance"]
    assert total and agree / total >= 0.9  # measured 11/12
