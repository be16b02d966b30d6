"""Copies, near copies and rewrites on fixtures written for the purpose, and look-alike events kept apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.dedup.minhash import NearCopyIndex, estimated_jaccard, shingles, signature

FIXTURE = Path(__file__).parent / "fixtures" / "dedup" / "plant-fires.jsonl"


@pytest.fixture(scope="module")
def fires(tmp_path_factory: pytest.TempPathFactory, models):
    from newsprism import Pipeline

    with Pipeline.open(tmp_path_factory.mktemp("fires") / "store.db", models=models) as pipeline:
        report = pipeline.ingest([FIXTURE])
        entries = {int(e.article.origin.rsplit(":", 1)[1]): e for e in pipeline.store.iter_entries()}
        yield pipeline, report, entries


def test_lookalike_fires_are_two_stories(fires):
    _, _, entries = fires
    dunmoor = {entries[n].story_id for n in (1, 2, 3, 4)}
    eastvale = {entries[n].story_id for n in (5, 6)}
    assert len(dunmoor) == 1 and len(eastvale) == 1
    assert dunmoor != eastvale


def test_each_repeat_points_at_the_original_with_its_kind(fires):
    pipeline, report, entries = fires
    original = entries[1].article.id
    found = pipeline.store.provenance([entries[n].article.id for n in range(1, 7)])
    assert found[entries[2].article.id].kind == "copy"
    assert found[entries[3].article.id].kind == "near_copy"
    assert found[entries[4].article.id].kind == "rewrite"
    assert {found[entries[n].article.id].original_id for n in (2, 3, 4)} == {original}
    assert original not in found  # the original repeats nothing
    assert entries[5].article.id not in found and entries[6].article.id not in found
    assert (report.copies, report.rewrites) == (2, 1)


def test_independent_reports_do_not_count_repeats(fires):
    pipeline, _, entries = fires
    dunmoor = pipeline.story(entries[1].story_id)
    assert len(dunmoor.article_ids) == 4
    assert dunmoor.independent_ids == (entries[1].article.id,)
    eastvale = pipeline.story(entries[5].story_id)
    assert len(eastvale.independent_ids) == 2


def test_an_earlier_copy_ingested_later_becomes_the_original(tmp_path: Path, models):
    from newsprism import Pipeline

    lines = FIXTURE.read_text("utf-8").splitlines()
    (tmp_path / "later.jsonl").write_text(lines[1] + "\n", "utf-8")  # published 06:00, ingested first
    (tmp_path / "earlier.jsonl").write_text(lines[0] + "\n", "utf-8")  # published 23:10 the night before
    with Pipeline.open(tmp_path / "store.db", models=models) as pipeline:
        pipeline.ingest([tmp_path / "later.jsonl"])
        pipeline.ingest([tmp_path / "earlier.jsonl"])
        by_outlet = {e.article.outlet: e.article.id for e in pipeline.store.iter_entries()}
        found = pipeline.store.provenance(list(by_outlet.values()))
    assert found[by_outlet["Valley Wire"]].original_id == by_outlet["Dunmoor Courier"]
    assert by_outlet["Dunmoor Courier"] not in found


def test_minhash_estimates_track_true_jaccard():
    text = " ".join(f"word{i}" for i in range(300))
    edited = text.replace("word150", "changed").replace("word20 ", "other ")
    truth = len(shingles(text) & shingles(edited)) / len(shingles(text) | shingles(edited))
    assert abs(estimated_jaccard(signature(text), signature(edited)) - truth) < 0.1
    index = NearCopyIndex()
    index.add("a", signature(text))
    index.add("b", signature(" ".join(f"other{i}" for i in range(300))))
    assert [match for match, _ in index.matches(signature(edited))] == ["a"]
