"""Relevance of a comment to its article: content terms, stemming, coverage and caching."""

from __future__ import annotations

import pytest

from discourse.classify import ArticleContext
from discourse.classify.relevance import CACHE_KEY, article_terms, content_key, relevance, stem, stopwords

ARTICLE = ArticleContext.of(
    "Harbour ferry fares rise\n\nThe harbour authority raised ferry fares by a fifth on Monday. "
    "Commuters who cross the harbour daily said the ferries were already crowded and late."
)


@pytest.mark.parametrize(
    ("words", "same"),
    [
        (("ferry", "ferries"), True),
        (("raised", "raise", "raising"), True),
        (("fares", "fare"), True),
        (("harbour", "harbor"), False),
    ],
)
def test_light_stemming_folds_regular_forms(words: tuple[str, ...], same: bool) -> None:
    assert (len({stem(w) for w in words}) == 1) is same


def test_stopwords_short_words_and_numbers_are_not_content() -> None:
    stop = stopwords()
    assert content_key("the", stop) is None
    assert content_key("on", stop) is None
    assert content_key("2019", stop) is None
    assert content_key("ferry's", stop) == content_key("ferry", stop)


def test_coverage_and_cosine_rank_on_topic_above_off_topic() -> None:
    terms = article_terms(ARTICLE)
    on = relevance("the ferry fares are far too high for commuters".split(), terms, cosine=True)
    off = relevance("my garden tomatoes are ripe early this year".split(), terms, cosine=True)
    assert on.coverage > off.coverage and on.cosine > off.cosine
    assert off.coverage == 0.0 and off.shared == ()
    assert "ferri" in on.shared and 0.0 < on.coverage <= 1.0 and 0.0 < on.cosine <= 1.0


def test_article_terms_are_computed_once_and_cached() -> None:
    art = ArticleContext.of(ARTICLE.text)
    assert CACHE_KEY not in art.cache
    first = article_terms(art)
    assert art.cache[CACHE_KEY] is first and article_terms(art) is first


def test_empty_sides_give_zero() -> None:
    assert relevance([], article_terms(ARTICLE)).coverage == 0.0
    empty = article_terms(ArticleContext.of("the and of"))
    assert empty.empty and relevance(["ferry"], empty).cosine == 0.0


def test_a_repeated_target_text_is_tokenised_once_across_contexts() -> None:
    """Tables give each row its own target cell; equal texts share their terms."""
    a, b = ArticleContext.of(ARTICLE.text + " Extra."), ArticleContext.of(ARTICLE.text + " Extra.")
    assert article_terms(a) is article_terms(b)
