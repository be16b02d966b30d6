"""`recluster`: the batch pass fixes earlier decisions, records every merge and split, and keeps ids."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import DEMO_CORPUS
from newsprism import Pipeline
from newsprism.store import Store

WIRE = DEMO_CORPUS / "articles" / "wire.jsonl"


def test_recluster_merges_what_a_too_strict_ingest_split_and_records_it(tmp_path: Path, models):
    with Pipeline(Store(tmp_path / "s.db"), models, threshold=0.9) as strict:
        strict.ingest([WIRE])
        before = {e.article.id: e.story_id for e in strict.store.iter_entries()}
    assert len(set(before.values())) > 7  # too strict: events are split into pieces

    with Pipeline.open(tmp_path / "s.db", models=models) as pipeline:
        report = pipeline.recluster()
        after = {e.article.id: e.story_id for e in pipeline.store.iter_entries()}
        events = pipeline.store.story_events()
        story_ids = {s.id for s in pipeline.stories()}

    key = json.loads((DEMO_CORPUS / "answer-key.json").read_text("utf-8"))
    line_event = {
        a["line"]: e["event"] for e in key["events"] for a in e["articles"] if a["file"] == "wire.jsonl"
    }
    with Pipeline.open(tmp_path / "s.db", models=models) as pipeline:
        event_of = {
            e.article.id: line_event[int(e.article.origin.rsplit(":", 1)[1])]
            for e in pipeline.store.iter_entries()
        }
    predicted = {frozenset(a for a, s in after.items() if s == sid) for sid in set(after.values())}
    gold = {frozenset(a for a, e in event_of.items() if e == ev) for ev in set(event_of.values())}
    assert predicted == gold
    assert report.merged and all(event["kind"] == "merged" for event in events)
    assert {m["into"] for m in report.merged} <= set(before.values())  # merged stories keep an old id
    assert story_ids == set(after.values())  # emptied stories are gone
    assert report.stories_after == len(gold) < report.stories_before


def test_recluster_of_a_good_partition_changes_nothing(tmp_path: Path, models):
    with Pipeline.open(tmp_path / "s.db", models=models) as pipeline:
        pipeline.ingest([WIRE])
        before = {e.article.id: e.story_id for e in pipeline.store.iter_entries()}
        report = pipeline.recluster()
        after = {e.article.id: e.story_id for e in pipeline.store.iter_entries()}
    assert after == before
    assert (report.moved_articles, report.merged, report.split) == (0, [], [])
