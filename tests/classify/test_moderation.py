"""Moderation: flag rules, obfuscation and Scunthorpe cases, calibration sanity, off-topic,
bad input, and quality gates."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest
from sklearn.metrics import roc_auc_score

from discourse.classify import ArticleContext, Context, Doc, create
from discourse.classify.features import TermMatcher
from discourse.classify.moderation import FLAGS, TOXICITY_FEATURES, load_weights
from discourse.config import load_settings
from discourse.errors import ConfigError

SETTINGS = load_settings().section("moderation")


@pytest.fixture(scope="module")
def clf():
    return create("moderation", **SETTINGS)


# Texts written for these tests (CONTENT WARNING: abusive language, needed to test the flags).
# (text, flags that must be raised, flags that must not be raised)
FLAG_RULES = [
    ("You are an idiot", {"insult"}, set()),
    ("idiots like you ruin everything", {"insult"}, set()),
    ("your stupid comment again", {"insult"}, set()),
    ("I felt like an idiot at work today", set(), {"insult"}),
    ("This policy is ridiculous nonsense", set(), {"insult", "profanity"}),
    ("What the f*ck is this", {"profanity"}, set()),
    ("this is sh1t and a$$ backwards", {"profanity"}, set()),
    ("fuuuuck that", {"profanity"}, set()),
    ("bull-shit", {"profanity"}, set()),
    ("Scunthorpe United beat Penistone and Middlesex", set(), set(FLAGS)),
    ("Please assess the class before the cocktail party", set(), set(FLAGS)),
    ("Dick Cheney and Willy Brandt gave speeches", set(), set(FLAGS)),
    ("He graduated magna cum laude", set(), set(FLAGS)),
    ("What a cock-up by the ministry", set(), set(FLAGS)),
    ("There is a chink in the armour of the argument", set(), {"identity_attack"}),
    ("Kick-ass performance tonight", set(), {"profanity"}),
    ("I will kill you", {"threat"}, set()),
    ("someone should shoot them", {"threat"}, set()),
    ("kill yourself", {"threat"}, set()),
    ("I know where you live", {"threat"}, set()),
    ("The army will kill the engine test tomorrow", set(), {"threat"}),
    ("immigrants are vermin", {"identity_attack"}, set()),
    ("go back to your country", {"identity_attack"}, set()),
    ("Muslims and Jews marched together for peace", set(), {"identity_attack"}),
    ("Women are stupid and inferior", {"identity_attack"}, set()),
    ("YOU ARE ALL WRONG ABOUT THIS ISSUE", {"shouting"}, set()),
    ("Great!!! Really!!! Yes!!!", {"shouting"}, set()),
    ("NATO and the FBI met in DC", set(), {"shouting"}),
    ("buy now at http://cheap-deals.xyz click here and make money", {"spam"}, set()),
    ("spam spam spam spam spam spam spam", {"spam"}, set()),
    ("See https://example.org/report and https://example.org/data for the figures", set(), {"spam"}),
    ("send nudes", {"sexual"}, set()),
    ("The council voted 7-2 to build bike lanes.", set(), set(FLAGS)),
]


@pytest.mark.parametrize(("text", "raised", "not_raised"), FLAG_RULES)
def test_flag_rules(clf, text: str, raised: set[str], not_raised: set[str]) -> None:
    flags = set(clf.score(text).extras["flags"])
    assert raised <= flags, (text, flags)
    assert not (not_raised & flags), (text, flags)


def test_each_flag_comes_with_the_words_that_raised_it(clf) -> None:
    text = "You are a f*cking idiot!!! I will kill you"
    label = clf.score(text)
    rules = {c.rule for c in label.cues}
    for flag in label.extras["flags"]:
        assert f"moderation.{flag}" in rules, flag
    for cue in label.cues:
        if cue.has_span:
            assert text[cue.start : cue.end] == cue.text
    assert any(c.text == "f*cking" and c.rule == "moderation.profanity" for c in label.cues)


@pytest.mark.parametrize(
    ("token", "meant"),
    [
        ("f*ck", "fuck"),
        ("f**king", "fucking"),
        ("sh!t", "shit*"),
        ("$hit", "shit*"),
        ("b1tch", "bitch*"),
        ("@ss", "ass"),
        ("a$$", "ass"),
        ("fuuuuck", "fuck*"),
    ],
)
def test_obfuscated_words_are_unmasked(token: str, meant: str) -> None:
    m = TermMatcher({"fuck*": 3.0, "shit*": 2.0, "bitch*": 2.5, "ass": 1.5})
    found = m.unmask(token) or m.lookup(token)
    assert found is not None and found[0] == meant


@pytest.mark.parametrize("word", ["assess", "classic", "Scunthorpe", "cocktail", "shitake", "h2o", "****"])
def test_whole_words_only(word: str) -> None:
    m = TermMatcher({"fuck*": 3.0, "shit*": 2.0, "ass": 1.5, "cock": 1.5, "cunt*": 3.0, "!shitake": 1.0})
    doc = Doc(f"the {word} here")
    assert m.find(doc.word_spans, doc.lower_words, doc.text) == []


# --- calibration sanity ---------------------------------------------------------------------


def test_scores_are_probabilities_and_bands_follow_thresholds(clf) -> None:
    for text in ["", "fine", "you idiot", "fuck you, you stupid bitch, I will kill you", "x" * 50_000]:
        label = clf.score(text)
        assert 0.0 <= label.score <= 1.0
        band = "likely" if label.score >= 0.8 else "maybe" if label.score >= 0.5 else "unlikely"
        assert label.label == band


def test_more_abuse_never_lowers_the_score(clf) -> None:
    steps = [
        "The plan is wrong.",
        "The plan is ridiculous.",
        "You are wrong and ridiculous.",
        "You are an idiot.",
        "You are a fucking idiot.",
        "You are a fucking idiot and I will kill you.",
    ]
    scores = [clf.score(t).score for t in steps]
    assert scores == sorted(scores)
    assert scores[0] < 0.1 < 0.5 <= scores[3] and scores[-1] >= 0.8


def test_weights_are_non_negative_and_complete() -> None:
    model = load_weights()
    assert set(model["coef"]) == set(TOXICITY_FEATURES)
    assert all(w >= 0 for w in model["coef"].values())
    # No evidence at all scores the configured base rate.
    assert 1 / (1 + math.exp(-model["intercept"])) == pytest.approx(model["base_rate"], abs=1e-3)


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("This is crap.", "unlikely"),  # mild profanity aimed at no one
        ("That was a fucking brilliant goal", "unlikely"),  # the team's rule: not aimed at anyone
        ("The minister's plan is absurd and incompetent.", "unlikely"),  # harsh but civil
        ("you idiot", "maybe"),
        ("fuck you", "likely"),
        ("I will kill you", "likely"),
    ],
)
def test_bands_mean_what_a_moderator_expects(clf, text: str, band: str) -> None:
    assert clf.score(text).label == band


# --- off-topic ------------------------------------------------------------------------------

ARTICLE = (
    "City council approves new bike lanes\n\nThe council voted 7-2 on Tuesday to build twelve "
    "kilometres of protected bike lanes downtown, citing a rise in cycling injuries. Drivers' "
    "groups said parking would suffer; the mayor promised a review of parking after one year."
)


def test_off_topic_needs_an_article_and_uses_its_cache(clf) -> None:
    text = (
        "My grandmother's lasagne recipe uses three cheeses, fresh basil, slow cooked tomato "
        "sauce and homemade pasta sheets layered carefully overnight before baking."
    )
    assert "off_topic" not in clf.score(text).extras["flags"]
    art = ArticleContext.of(ARTICLE)
    label = clf.score(text, Context(article=art))
    assert "off_topic" in label.extras["flags"]
    assert "moderation.terms" in art.cache
    on_topic = (
        "The council should have asked cyclists and drivers before building protected lanes "
        "downtown; parking near the shops will suffer for a whole year before any review."
    )
    assert "off_topic" not in clf.score(on_topic, Context(article=art)).extras["flags"]
    assert "off_topic" not in clf.score("Love it!", Context(article=art)).extras["flags"]
    assert "off_topic" not in clf.score(text, Context(article=ArticleContext.of("  "))).extras["flags"]


def test_off_topic_is_not_judged_for_other_languages(clf) -> None:
    text = (
        "Die Stadt hat endlich etwas für die Radfahrer getan, das ist wirklich gut und wir "
        "freuen uns sehr über die neuen Wege in der Innenstadt."
    )
    label = clf.score(text, Context(article=ArticleContext.of(ARTICLE)))
    assert "off_topic" not in label.extras["flags"]


# --- output columns, bad input, settings ----------------------------------------------------


def test_columns(clf) -> None:
    assert clf.columns(None) == {"toxicity": None, "toxicity_band": None, "flags": None}
    cols = clf.columns(clf.score("You are an idiot!!! Great!!! Yes!!!"))
    assert cols["flags"] == "insult;shouting"
    assert clf.columns(clf.score("Nice work."))["flags"] == ""


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "😀😀😀🔥",
        "?!?!... --- !!!",
        "<p>Nice <b>work</b></p>&nbsp;<br/>",
        "ctrl\x00chars\x07 here\x1b[31m red",
        "idiot " * 20_000,
        "*" * 100_000,
        "@$!#%" * 1000,
    ],
)
def test_bad_input_gets_a_band_and_a_score(clf, text: str) -> None:
    label = clf.score(text, Context(article=ArticleContext.of(ARTICLE)))
    assert label.label in clf.labels
    assert 0 <= label.score <= 1


def test_other_languages_get_a_note(clf) -> None:
    label = clf.score("Die Stadt hat endlich etwas für die Radfahrer getan, das ist wirklich gut.")
    assert any("language=de" in n for n in label.extras.get("notes", []))


@pytest.mark.parametrize(
    "params",
    [
        {"maybe_threshold": 0.9, "likely_threshold": 0.8},
        {"shouting_caps_ratio": 0.0},
        {"insult_threshold": 0.0},
        {"off_topic_min_words": 0},
        {"weights": "missing.json"},
    ],
)
def test_bad_settings_are_refused(params: dict) -> None:
    with pytest.raises(ConfigError):
        create("moderation", **{**SETTINGS, **params})


# --- quality gates over ../shared (floors just under what was measured; they may only rise) ---


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_quality_auc_on_davidson_dev(shared_dir: Path, clf) -> None:
    rows = _rows(shared_dir / "data" / "davidson_offensive_tweets" / "davidson_offensive_tweets.csv")
    y = [r["label"] != "neither" for r in rows]
    assert roc_auc_score(y, [clf.score(r["text"]).score for r in rows]) >= 0.95  # measured 0.959


def test_quality_auc_on_socc_dev(shared_dir: Path, clf) -> None:
    rows = _rows(shared_dir / "data" / "socc_ctc_toxicity" / "socc_ctc_toxicity.csv")
    y = [r["label"] != "not_toxic" for r in rows]
    assert roc_auc_score(y, [clf.score(r["text"]).score for r in rows]) >= 0.62  # measured 0.630


def test_quality_news_comments_are_mostly_unflagged(shared_dir: Path, clf) -> None:
    rows = _rows(shared_dir / "data" / "news_comments_dev" / "news_comments_dev.csv")
    civil = [r for r in rows if r["toxic"] == "0" and "toxic" not in r["arguable"]]
    held = sum(clf.score(r["text"]).score >= 0.5 for r in civil)
    assert held <= 1  # measured 0 of the civil, non-arguable comments
