"""The first brief: claims as stars of matching sentences, a cited extractive summary, its renderings."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from newsprism.brief import SummaryOptions, brief_from_dict, brief_to_dict, brief_to_markdown
from newsprism.brief.claims import StorySentences, align_claims, sentence_texts
from newsprism.dedup.paraphrase import SUPPORT_THRESHOLD, paraphrase_matrix

# Fictional reports, written for this test.
REPORTS = [
    {
        "outlet": "Alder Post",
        "title": "Ferry runs aground off Tessel Point",
        "published": "2026-04-10T07:00:00Z",
        "text": (
            "A passenger ferry ran aground off Tessel Point early on Friday, the coastguard said. "
            "All 212 passengers were taken off the vessel by lifeboats within three hours. "
            "The ferry, the Marigold, was sailing from Oster to Tessel Harbour in thick fog. "
            "Investigators from the maritime safety board will inspect the hull on Saturday."
        ),
    },
    {
        "outlet": "Brindle Times",
        "title": "Fog blamed as Marigold ferry strands on rocks",
        "published": "2026-04-10T09:30:00Z",
        "text": (
            "The ferry Marigold struck rocks near Tessel Point in dense fog on Friday morning. "
            "Lifeboat crews evacuated all 212 people on board in under three hours, according to the coastguard. "
            "The operator, Westway Lines, cancelled its remaining crossings for the day. "
            "A spokeswoman said the captain had twenty years of experience."
        ),
    },
    {
        "outlet": "Corran Herald",
        "title": "<script>alert('x')</script> Ferry aground",
        "published": "2026-04-10T11:00:00Z",
        "text": (
            "Westway Lines suspended sailings after its ferry Marigold went aground off Tessel Point on Friday. "
            "Every one of the 212 passengers was brought ashore safely by lifeboat, the coastguard said. "
            "Oil booms were placed around the vessel as a precaution, harbour officials said. "
            "Some passengers described a loud bang followed by the ship tilting <img src=x onerror=alert(1)>."
        ),
    },
]


@pytest.fixture(scope="module")
def ferry(tmp_path_factory: pytest.TempPathFactory, models):
    from newsprism import Pipeline

    folder = tmp_path_factory.mktemp("ferry")
    (folder / "reports.jsonl").write_text("\n".join(json.dumps(r) for r in REPORTS), "utf-8")
    with Pipeline.open(folder / "store.db", models=models) as pipeline:
        pipeline.ingest([folder / "reports.jsonl"])
        stories = pipeline.stories()
        assert len(stories) == 1
        yield pipeline, stories[0]


def test_every_claim_is_a_star_of_matching_sentences_one_per_article(ferry):
    pipeline, story = ferry
    articles = [e.article for e in pipeline.store.story_entries(story.id)]
    texts = sentence_texts(articles)
    sentences = StorySentences.build(articles, pipeline.brief_builder().embedder.encode(texts))
    scores = paraphrase_matrix(texts, sentences.vectors)
    groups = align_claims(sentences)
    assert sorted(i for g in groups for i in g.members) == list(range(len(texts)))
    assert any(len(g.members) == 3 for g in groups)
    for group in groups:
        members_articles = [sentences.refs[i].article_id for i in group.members]
        assert len(members_articles) == len(set(members_articles))
        assert all(scores[group.centre, i] >= SUPPORT_THRESHOLD for i in group.members if i != group.centre)


def test_the_fact_all_three_report_is_cited_to_all_three(ferry):
    pipeline, story = ferry
    brief = pipeline.brief(story.id)
    evacuation = [s for s in brief.summary if "212" in s.text]
    assert evacuation, [s.text for s in brief.summary]
    assert set(evacuation[0].outlets) == {"Alder Post", "Brindle Times", "Corran Herald"}


def test_summary_length_follows_the_options(ferry):
    pipeline, story = ferry
    assert len(pipeline.brief(story.id, SummaryOptions(max_sentences=2)).summary) == 2
    short = pipeline.brief(story.id, SummaryOptions(max_sentences=8, max_words=30)).summary
    assert sum(len(s.text.split()) for s in short[1:]) <= 30


def test_json_round_trips_and_markdown_keeps_hostile_text_literal(ferry):
    pipeline, story = ferry
    brief = pipeline.brief(story.id)
    data = json.loads(json.dumps(brief_to_dict(brief)))
    assert brief_from_dict(data) == brief
    markdown = brief_to_markdown(brief)
    # Every "<" of article text is escaped; the only raw ones open links to the sources' URLs.
    assert re.findall(r"(?<!\\)<(?!https?://)", markdown) == []
    assert r"\<script\>" in markdown
    assert r"\<img src=x onerror=alert(1)\>" in markdown  # shown, as the text it is (an outlet's only claim)


def test_a_second_request_is_served_from_the_store(ferry, tmp_path: Path):
    pipeline, story = ferry
    first = pipeline.brief(story.id)
    again = pipeline.brief(story.id)
    assert again.generated_at == first.generated_at
