"""The sentiment classifier: VADER's compound as the score, labels, calibration and its evidence."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from discourse.classify import Doc, create
from discourse.classify.sentiment import (
    LABELS,
    VADER_FEATURES,
    feature_set,
    load_model,
    vader_label,
    word_features,
)
from discourse.classify.vader_check import generate_texts
from discourse.config import load_settings
from discourse.errors import ConfigError

STOCK = SentimentIntensityAnalyzer()
CALIBRATED = create("sentiment", **load_settings().section("sentiment"))
PLAIN = create("sentiment", calibrated=False)


@pytest.mark.parametrize(
    ("compound", "threshold", "label"),
    [(0.05, 0.05, "positive"), (0.0499, 0.05, "neutral"), (-0.05, 0.05, "negative"),
     (0.3, 0.5, "neutral"), (-0.6, 0.5, "negative"), (0.0, 0.0, "positive")],
)
def test_vader_label_band(compound: float, threshold: float, label: str) -> None:
    assert vader_label(compound, threshold) == label


def test_plain_labels_follow_the_threshold() -> None:
    strict = create("sentiment", calibrated=False, threshold=0.6)
    text = "The food was good."  # compound 0.4404
    assert PLAIN.score(text).label == "positive"
    assert strict.score(text).label == "neutral"


def test_score_is_vaders_compound_for_english_text() -> None:
    for text in generate_texts(300, seed=7, max_words=25):
        doc = Doc(text)
        if doc.language not in ("en", "und") or "<" in text:
            continue  # other languages and HTML tags are read differently (tests below)
        label = CALIBRATED.score(doc)
        assert label.score == STOCK.polarity_scores(doc.text)["compound"], text
        assert -1.0 <= label.score <= 1.0


def test_calibrated_label_says_what_the_calibration_added() -> None:
    changed = 0
    for text in generate_texts(400, seed=11, max_words=25):
        label = CALIBRATED.score(text)
        assert label.label in LABELS
        probs = label.extras.get("probabilities")
        if probs is None:
            continue
        assert sum(probs.values()) == pytest.approx(1.0, abs=1e-3)
        if label.label != label.extras["vader_label"]:
            changed += 1
            assert label.cues[0].rule == "sentiment.calibration"
            assert label.label in label.cues[0].text and not label.cues[0].has_span
            assert probs[label.label] >= CALIBRATED.min_confidence
        else:
            assert all(c.rule != "sentiment.calibration" for c in label.cues)
    assert changed > 0  # the sample is varied enough for the model to disagree sometimes


def test_learned_word_cues_point_at_words() -> None:
    text = "A tepid, plodding and overlong film."
    label = CALIBRATED.score(text)
    for cue in label.cues:
        if cue.rule == "sentiment.learned":
            assert text[cue.start:cue.end] == cue.text and cue.weight > 0


def test_uncalibrated_classifier_is_plain_vader() -> None:
    for text in ["I love it", "I hate it", "It is a table", "not bad", "😡😡"]:
        label = PLAIN.score(text)
        assert label.label == vader_label(STOCK.polarity_scores(text)["compound"], 0.05)
        assert "probabilities" not in label.extras


def test_word_features_mark_negated_words() -> None:
    feats = dict(word_features(Doc("I don't like this film, it is not funny at all")))
    assert "NOT_like" in feats and "NOT_funny" in feats and "film" not in feats
    assert "NOT_film" in feats  # three words after "don't"
    assert "it" in feats


def test_feature_set_equals_the_word_features() -> None:
    # The classifier's fast set-based reading must match the ordered one the model was fitted on.
    texts = list(generate_texts(500, seed=3, max_words=30)) + [
        "not not good", "no no no", "I don\u2019t like it, not at all, never again", "not good, good"]
    for text in texts:
        doc = Doc(text)
        assert feature_set(doc.lower_words) == {f for f, _ in word_features(doc)}, text


def test_other_languages_are_read_from_emoji_only_with_a_note() -> None:
    text = "Die Stadt hat endlich etwas für die Radfahrer getan, das ist wirklich gut 😀"
    label = CALIBRATED.score(text)
    assert label.label == "positive"
    assert [c.rule for c in label.cues] == ["sentiment.emoji"]
    assert "language=de" in label.extras["notes"][0]


def test_english_text_guessed_foreign_is_still_scored_as_english() -> None:
    # "a" is also a Portuguese function word; "from" marks the text as English.
    label = CALIBRATED.score("got a great deal from a reputable seller")
    assert label.score > 0.5 and "notes" not in label.extras


@pytest.mark.parametrize(
    ("text", "label", "cue"),
    [("<p>Nice <b>work</b></p>", "positive", "Nice"), ("I <3 it", "positive", "<3"),
     ('<a href="x">bad</a>&nbsp;idea<!-- c -->', "negative", "bad"),
     ("<script>alert(1)</script>", "neutral", None), ("it was the<i> </i>bomb", "positive", "bomb")],
)
def test_html_remnants_are_read_as_spaces(text: str, label: str, cue: str | None) -> None:
    result = PLAIN.score(text)
    assert result.label == label
    assert [c.text for c in result.cues if c.rule == "sentiment.lexicon"] == ([cue] if cue else [])
    for c in result.cues:
        assert text[c.start:c.end] == c.text


@pytest.mark.parametrize("text", ["", "   ", "\x00\x07", "?!?!", "…", "<br/>&nbsp;"])
def test_degenerate_text_gets_a_label(text: str) -> None:
    label = CALIBRATED.score(text)
    assert label.label in LABELS


@pytest.mark.parametrize(
    "params",
    [{"threshold": 1.5}, {"threshold": -0.1}, {"threshold": "high"}, {"calibrated": "yes"},
     {"min_confidence": 2.0}, {"model_file": 3}],
)
def test_bad_settings_are_refused(params: dict) -> None:
    with pytest.raises(ConfigError):
        create("sentiment", **params)


def test_model_file_round_trip_and_errors(tmp_path: Path) -> None:
    packaged = load_model()
    assert set(packaged.classes) == set(LABELS)
    assert set(packaged.meta["data"]) == {"vader_tweets", "vader_nyt_editorials", "vader_movie_reviews",
                                          "vader_amazon_reviews", "goemotions_sentiment"}
    data = {
        "classes": ["negative", "neutral", "positive"],
        "intercept": [0.0, 5.0, 0.0],  # always neutral
        "vader": {name: [0.0, 0.0, 0.0] for name in VADER_FEATURES},
        "words": {},
    }
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data))
    always_neutral = create("sentiment", model_file=str(path))
    assert always_neutral.score("I love this, it is wonderful!").label == "neutral"
    data["words"] = {"bad": [1.0, 2.0]}
    path.write_text(json.dumps(data))
    with pytest.raises(ConfigError, match="do not match"):
        create("sentiment", model_file=str(path))
    path.write_text("{not json")
    with pytest.raises(ConfigError, match="cannot read"):
        create("sentiment", model_file=str(path))
    with pytest.raises(ConfigError, match="not found"):
        create("sentiment", model_file=str(tmp_path / "missing.json"))


# -- quality gate over ../shared (runs where the shared folder is present) ----------------------

SETS = ["vader_tweets", "vader_nyt_editorials", "vader_movie_reviews", "vader_amazon_reviews",
        "goemotions_sentiment", "news_comments_dev"]
# Floors that may only rise: macro-F1 on the DEV halves (the model was fitted on the first five,
# so these are in-sample; scripts/fit_sentiment.py --cv gives the held-out estimates).
FLOORS = {"vader_tweets": 0.75, "vader_nyt_editorials": 0.62, "vader_movie_reviews": 0.50,
          "vader_amazon_reviews": 0.67, "goemotions_sentiment": 0.81, "news_comments_dev": 0.52}


def test_quality_never_below_plain_vader(shared_dir: Path) -> None:
    from discourse.evaluate import score_system

    for name in SETS:
        with (shared_dir / "data" / name / f"{name}.csv").open(encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        column = "sentiment" if name == "news_comments_dev" else "label"
        gold = [r[column] for r in rows]
        ours = [CALIBRATED.score(r["text"]).label for r in rows]
        plain = [vader_label(PLAIN.vader_.polarity_scores(r["text"])["compound"], 0.05) for r in rows]
        ours_f1 = score_system("ours", gold, ours).macro_f1
        plain_f1 = score_system("vader", gold, plain).macro_f1
        assert ours_f1 >= plain_f1, (name, ours_f1, plain_f1)
        assert ours_f1 >= FLOORS[name], (name, ours_f1)
