"""Our VADER gives vaderSentiment's exact scores, and explains them with cues that add up."""

from __future__ import annotations

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer, normalize

from discourse.classify.vader import VERIFIED_VERSION, FastVader, package_version
from discourse.classify.vader_check import EDGE_CASES, generate_texts, mismatches

VADER = FastVader()
STOCK = SentimentIntensityAnalyzer()
# A generated sample mixing every rule (seeded); bench/bench_vader.py checks many more.
SAMPLE = list(EDGE_CASES) + list(generate_texts(1500, seed=20240611, max_words=30))


def test_verified_against_the_installed_release() -> None:
    assert package_version() == VERIFIED_VERSION


def test_same_four_scores_as_the_package_on_every_text() -> None:
    bad = mismatches(SAMPLE, VADER)
    assert not bad, bad[:3]


def test_sample_reaches_every_rule() -> None:
    rules = {c.rule for t in SAMPLE for c in VADER.analyse(t).cues}
    expected = {"lexicon", "emoji", "negation", "booster", "dampener", "caps", "intensifier", "kind_of",
                "idiom", "least", "without_doubt", "but", "exclamation", "question"}
    assert {f"sentiment.{r}" for r in expected} <= rules


def test_explaining_does_not_change_the_scores() -> None:
    for text in SAMPLE[:400]:
        assert VADER.analyse(text, explain=True).polarity_scores() == VADER.polarity_scores(text)


def test_cue_weights_add_up_to_the_raw_sum_and_spans_point_into_the_text() -> None:
    for text in SAMPLE:
        result = VADER.analyse(text)
        assert sum(c.weight for c in result.cues) == pytest.approx(result.raw, abs=1e-6), text
        assert round(normalize(result.raw), 4) == result.compound if result.tokens else True
        for cue in result.cues:
            assert text[cue.start:cue.end] == cue.text, (text, cue)


# (text, rule, the text the cue points at, sign of its weight)
RULES = [
    ("The food was good", "lexicon", "good", 1),
    ("It was not good", "negation", "not", -1),
    ("It isn't good at all", "negation", "isn't", -1),
    ("It was not bad", "negation", "not", 1),
    ("no problem at all", "negation", "no", 1),
    ("It was very good", "booster", "very", 1),
    ("It was very bad", "booster", "very", -1),
    ("It was barely good", "dampener", "barely", -1),
    ("The food was GOOD today", "caps", "GOOD", 1),
    ("It was VERY good today", "caps", "VERY", 1),
    ("never so good", "intensifier", "never so", 1),
    ("It was kind of good", "kind_of", "kind of", -1),
    ("one of the least good ideas", "least", "least", -1),
    ("without a doubt, good", "without_doubt", "without a doubt", 0),
    ("The food was good but the service was bad", "but", "but", -1),
    ("good!!!", "exclamation", "!!!", 1),
    ("good! really!", "exclamation", "!", 1),
    ("bad??", "question", "??", -1),
    ("so happy 😀", "emoji", "😀", 1),
    ("lunch was the bomb today", "idiom", "the bomb", 1),
    ("and then you said yeah right", "idiom", "yeah right", -1),
]


@pytest.mark.parametrize(("text", "rule", "where", "sign"), RULES)
def test_each_rule_leaves_its_cue(text: str, rule: str, where: str, sign: int) -> None:
    result = VADER.analyse(text)
    cues = [c for c in result.cues if c.rule == f"sentiment.{rule}" and c.text == where]
    assert cues, (text, result.cues)
    weight = sum(c.weight for c in cues)
    assert (weight > 0) - (weight < 0) == sign, (text, cues)
    assert result.polarity_scores() == STOCK.polarity_scores(text)


def test_cues_are_merged_and_sorted_strongest_first() -> None:
    result = VADER.analyse("not good, not nice, not kind")
    negations = [c for c in result.cues if c.rule == "sentiment.negation"]
    assert len({(c.start, c.end) for c in negations}) == len(negations) == 3
    weights = [abs(c.weight) for c in result.cues]
    assert weights == sorted(weights, reverse=True)


@pytest.mark.parametrize("text", ["", " ", "\n\t", "123 456", "the of and", "---"])
def test_texts_without_sentiment_score_zero_without_cues(text: str) -> None:
    result = VADER.analyse(text)
    assert result.compound == 0.0 and not result.cues
    assert result.polarity_scores() == STOCK.polarity_scores(text)


def test_emoji_description_glued_to_a_word_as_the_package_does() -> None:
    # The package writes "😀abc" as "grinning faceabc": the word after an emoji is lost.
    for text in ("😀happy", "happy😀", "😀 happy", "a😀😀b", "ON🔛!"):
        assert VADER.polarity_scores(text) == STOCK.polarity_scores(text), text


def test_but_rule_reproduces_the_packages_position_mix_up() -> None:
    # Equal valences before "but": the package shifts the first one twice.
    text = "good good but good bad good"
    assert VADER.polarity_scores(text) == STOCK.polarity_scores(text)
    result = VADER.analyse(text)
    assert any(c.rule == "sentiment.but" for c in result.cues)


def test_long_text_is_scored_like_the_package() -> None:
    text = " ".join(["I was not very happy with it, but the staff were GREAT!!!"] * 80)
    assert VADER.polarity_scores(text) == STOCK.polarity_scores(text)


def test_check_reports_disagreements() -> None:
    assert VADER.check(list(EDGE_CASES[:20])) == []
