"""The acceptance case: five real outlets' articles about one event become one story and one cited brief."""

from __future__ import annotations

import itertools
import re

import pytest
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from newsprism.brief import brief_to_dict, brief_to_markdown

JUNK = [
    "Taylor Swifts New Album",
    "Health issues from using ACs",
    "Boston Marathon 2024",
    "15 Practical Ways To Save Money",
    "Biden's Tariffs and Political Backlash",
    "Russia celebrated Victory Day",
    "Putin Nominates Mishustin",
    "What This Means for Russia",
    "Michael Cohen Is Accused Of Telling Lies",
    "Reading Time",
]


def content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in ENGLISH_STOP_WORDS}


def carries(article_sentences: tuple[str, ...], sentence: str) -> bool:
    """Independent of the product's matcher: verbatim, or a sentence holding 70% of its content words."""
    wanted = content_words(sentence)
    return any(
        s == sentence or len(wanted & content_words(s)) >= 0.7 * len(wanted) for s in article_sentences
    )


@pytest.fixture(scope="module")
def story(seeds_pipeline):
    stories = seeds_pipeline.stories()
    assert len(stories) == 1, [s.headline for s in stories]
    return stories[0]


@pytest.fixture(scope="module")
def articles(seeds_pipeline, story):
    return {e.article.id: e.article for e in seeds_pipeline.store.story_entries(story.id)}


@pytest.fixture(scope="module")
def brief(seeds_pipeline, story):
    return seeds_pipeline.brief(story.id)


def test_one_story_with_five_articles_from_five_outlets(story):
    assert len(story.article_ids) == 5
    assert len(story.outlets) == 5


def test_no_junk_tail_is_stored_or_shown(articles, brief):
    rendered = brief_to_markdown(brief) + str(brief_to_dict(brief))
    for article in articles.values():
        for junk in JUNK:
            assert junk not in article.text, (article.outlet, junk)
            assert all(junk not in s for s in article.sentences)
    for junk in JUNK:
        assert junk not in rendered


def test_every_summary_sentence_is_a_source_sentence_and_cites_every_carrier(brief, articles):
    assert 4 <= len(brief.summary) <= 8
    for line in brief.summary:
        source = articles[line.source.article_id]
        assert line.text in source.sentences
        for citation in line.citations:
            assert citation.text in articles[citation.article_id].sentences
            assert citation.outlet == articles[citation.article_id].outlet
        cited = {c.article_id for c in line.citations}
        carriers = {a.id for a in articles.values() if carries(a.sentences, line.text)}
        assert carriers <= cited, (line.text, carriers - cited)
        assert line.source.article_id in cited


def test_the_75th_anniversary_is_cited_to_at_least_three_outlets(brief):
    anniversary = [s for s in brief.summary if "75" in s.text and "Soviet Union" in s.text]
    assert anniversary, [s.text for s in brief.summary]
    assert len(anniversary[0].outlets) >= 3


def test_reingesting_the_seeds_adds_nothing(seeds_pipeline, story):
    from conftest import shared_path

    report = seeds_pipeline.ingest([shared_path("seeds")])
    assert report.read == 5
    assert report.added == 0
    assert report.already_stored == 5
    assert [s.id for s in seeds_pipeline.stories()] == [story.id]


def test_no_seed_is_a_copy_or_rewrite_of_another(seeds_pipeline, story, articles):
    """The five seeds cover one event and draw on common wire material, but none retells another.

    Evidence, measured here: a rewrite has most of its sentences paraphrased in its source and vice versa
    (demo-corpus rewrites align 71-88% both ways). Between any two seeds at most one sentence in five has
    a close match (the leaders' meeting, the 75th anniversary, Blinken's visit, the US view of China and
    Russia), and MinHash finds no shared passages. So all five are independent reports.
    """
    from newsprism.dedup.minhash import estimated_jaccard, signature
    from newsprism.dedup.rewrite import mutual_coverage

    embed = seeds_pipeline.embedder.encode
    for a, b in itertools.combinations(articles.values(), 2):
        coverage = mutual_coverage(a.sentences, embed(a.sentences), b.sentences, embed(b.sentences))
        assert max(coverage) < 0.2, (a.outlet, b.outlet, coverage)
        assert estimated_jaccard(signature(a.text), signature(b.text)) < 0.1
    assert seeds_pipeline.store.provenance(list(articles)) == {}
    assert set(story.independent_ids) == set(articles)
