"""The shipped fictional corpus: stories match its answer key; look-alike events stay apart; bad files are
reported by name while the rest is stored."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import DEMO_CORPUS

ARTICLES = DEMO_CORPUS / "articles"


def origin_of(locator: dict) -> str:
    path = str(ARTICLES / locator["file"])
    if "line" in locator:
        return f"{path}:{locator['line']}"
    if "row" in locator:
        return f"{path}#row {locator['row'] + 1}"  # the reader counts the header as row 1, as spreadsheets do
    return path


@pytest.fixture(scope="module")
def key() -> dict:
    return json.loads((DEMO_CORPUS / "answer-key.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, models):
    from newsprism import Pipeline

    with Pipeline.open(tmp_path_factory.mktemp("demo") / "store.db", models=models) as pipeline:
        report = pipeline.ingest([ARTICLES])
        yield pipeline, report


def story_of_origin(pipeline) -> dict[str, str]:
    return {e.article.origin: e.story_id for e in pipeline.store.iter_entries()}


def test_every_article_is_read_without_errors(demo, key):
    _, report = demo
    assert report.errors == []
    assert report.added == sum(len(e["articles"]) for e in key["events"]) == 36


def test_stories_are_exactly_the_answer_key_events(demo, key):
    pipeline, _ = demo
    stories = story_of_origin(pipeline)
    predicted = {frozenset(o for o, s in stories.items() if s == sid) for sid in set(stories.values())}
    gold = {frozenset(origin_of(a) for a in event["articles"]) for event in key["events"]}
    assert predicted == gold


def test_lookalike_events_are_separate_stories(demo, key):
    pipeline, _ = demo
    stories = story_of_origin(pipeline)
    events = {e["event"]: e for e in key["events"]}
    for pair in key["lookalike_pairs"]:
        first, second = (events[name]["articles"] for name in pair["events"])
        assert {stories[origin_of(a)] for a in first}.isdisjoint({stories[origin_of(a)] for a in second})


def test_junk_tails_never_reach_stored_text(demo, key):
    pipeline, _ = demo
    texts = [e.article.text for e in pipeline.store.iter_entries()]
    for tail in key["junk_tails"]:
        assert not any(tail["junk"] in text for text in texts), tail["junk"]


def test_a_bad_file_among_good_ones_is_reported_and_the_rest_stored(tmp_path: Path, pipeline):
    folder = tmp_path / "mixed"
    shutil.copytree(ARTICLES / "notes", folder)
    (folder / "photo.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "broken.jsonl").write_text(
        '{"title": "ok", "text": "A fine first record, it says: the harbour board met on Monday and agreed to '
        'repair the north quay before the autumn storms arrive."}\n{"title": ',
        "utf-8",
    )
    report = pipeline.ingest([folder])
    origins = {e.origin for e in report.errors}
    assert str(folder / "photo.md") in origins
    assert f"{folder / 'broken.jsonl'}:2" in origins
    assert all(e.reason for e in report.errors)
    assert report.added == 4  # three notes and the good JSONL record
    assert pipeline.store.article_count() == 4


def test_reingest_adds_nothing_and_keeps_story_ids(demo):
    pipeline, _ = demo
    before = {s.id: s.article_ids for s in pipeline.stories()}
    report = pipeline.ingest([ARTICLES])
    assert report.added == 0
    assert {s.id: s.article_ids for s in pipeline.stories()} == before
