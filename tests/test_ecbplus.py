"""Real news at corpus scale: ECB+ topics 1-25 (535 documents, two look-alike events per topic)."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest

from conftest import shared_path

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def ecb(tmp_path_factory: pytest.TempPathFactory, models):
    from newsprism import Pipeline

    path = shared_path("data", "ecbplus", "dev.jsonl")
    gold = {f"{path}:{n}": json.loads(line) for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)}
    with Pipeline.open(tmp_path_factory.mktemp("ecb") / "store.db", models=models) as pipeline:
        report = pipeline.ingest([path])
        yield pipeline, report, gold


def test_the_whole_corpus_goes_through(ecb):
    pipeline, report, gold = ecb
    assert report.errors == []
    assert report.read == len(gold) == 535
    stories = pipeline.stories()
    print(f"\nECB+ dev: {report.added} articles -> {len(stories)} stories (46 gold events)")
    assert 46 // 2 < len(stories) < 535 // 2


def test_lookalike_events_of_a_topic_are_not_merged(ecb):
    """Topic 1 holds two celebrity rehab check-ins (Tara Reid, Lindsay Lohan): same kind, different events."""
    pipeline, _, gold = ecb
    stories_of_event: dict[str, set[str]] = defaultdict(set)
    for entry in pipeline.store.iter_entries():
        event = gold[entry.article.origin]["event"]
        if event in {"1ecb", "1ecbplus"}:
            stories_of_event[event].add(entry.story_id)
    assert stories_of_event["1ecb"].isdisjoint(stories_of_event["1ecbplus"])
