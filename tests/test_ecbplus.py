"""Real news at corpus scale: ECB+ topics 1-25 (535 documents, two look-alike events per topic)."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from pathlib import Path

import pytest

from conftest import shared_path
from newsprism.evaluation.metrics import score_clustering
from newsprism.evaluation.stories import read_labels, score_store

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus() -> Path:
    return shared_path("data", "ecbplus", "dev.jsonl")


@pytest.fixture(scope="module")
def ecb(tmp_path_factory: pytest.TempPathFactory, models, corpus: Path):
    from newsprism import Pipeline

    gold = {
        f"{corpus}:{n}": json.loads(line) for n, line in enumerate(corpus.read_text("utf-8").splitlines(), 1)
    }
    with Pipeline.open(tmp_path_factory.mktemp("ecb") / "store.db", models=models) as pipeline:
        report = pipeline.ingest([corpus])
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


def test_event_level_bcubed_beats_the_tuned_tfidf_baseline_by_five_points(ecb, corpus: Path):
    pipeline, _, _ = ecb
    result = score_store(pipeline.store, read_labels(corpus, "event"))
    figures = result.to_dict()
    print(f"\nnewsprism {figures['newsprism']}\nbaseline {figures['baseline']}")
    assert result.newsprism.bcubed_f1 >= 0.90
    assert result.newsprism.bcubed_f1 >= result.baseline.bcubed_f1 + 0.05


def test_two_days_give_the_partition_of_one_and_keep_day_one_ids(ecb, corpus: Path, tmp_path: Path, models):
    """Day 1 is the first half of the lines, day 2 the rest; stories of day 1 must not be renumbered."""
    from newsprism import Pipeline
    from newsprism.store import Store

    all_at_once, _, _ = ecb
    lines = corpus.read_text("utf-8").splitlines()
    half = len(lines) // 2
    documents = {}  # origin -> (ECB+ document id, gold event)
    for day, chunk in (("day1", lines[:half]), ("day2", lines[half:])):
        path = tmp_path / f"{day}.jsonl"
        path.write_text("\n".join(chunk) + "\n", "utf-8")
        for n, line in enumerate(chunk, 1):
            record = json.loads(line)
            documents[f"{path}:{n}"] = (record["id"], record["event"])
    for n, line in enumerate(lines, 1):
        record = json.loads(line)
        documents[f"{corpus}:{n}"] = (record["id"], record["event"])

    Store(tmp_path / "store.db").close()  # reuse the embedding cache: the same texts need no second pass
    with sqlite3.connect(tmp_path / "store.db") as db:
        db.execute("ATTACH DATABASE ? AS once", (str(all_at_once.store.path),))
        db.execute("INSERT INTO embeddings SELECT * FROM once.embeddings")
    with Pipeline.open(tmp_path / "store.db", models=models) as pipeline:
        pipeline.ingest([tmp_path / "day1.jsonl"])
        day_one = {e.article.id: e.story_id for e in pipeline.store.iter_entries()}
        pipeline.ingest([tmp_path / "day2.jsonl"])
        halves = {documents[e.article.origin][0]: e for e in pipeline.store.iter_entries()}
    assert {e.article.id: e.story_id for e in halves.values() if e.article.id in day_one} == day_one

    once = {documents[e.article.origin][0]: e for e in all_at_once.store.iter_entries()}
    ids = sorted(once)
    gold = [documents[once[i].article.origin][1] for i in ids]
    once_f1 = score_clustering([once[i].story_id for i in ids], gold).bcubed_f1
    halves_f1 = score_clustering([halves[i].story_id for i in ids], gold).bcubed_f1
    print(f"\nBCubed F1 all at once {once_f1:.4f}, in two days {halves_f1:.4f}")
    assert abs(halves_f1 - once_f1) <= 0.01
