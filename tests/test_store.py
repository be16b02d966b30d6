"""The SQLite store: migrations, WAL, idempotent writes, atomic batches, id prefixes."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from newsprism.records import Article
from newsprism.store import SCHEMA_VERSION, Store, StoreError

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def article(n: int, story_text: str = "The bridge reopened on Monday.") -> Article:
    return Article(
        id=f"{n:016x}",
        outlet=f"outlet-{n}",
        title=f"Title {n}",
        text=story_text,
        sentences=(story_text,),
        text_hash="h" * 16,
        url=f"https://outlet{n}.example/a",
        published=datetime(2026, 3, 1, n, tzinfo=UTC),
    )


def test_a_new_store_is_migrated_and_in_wal_mode(tmp_path: Path):
    with Store(tmp_path / "s.db") as store:
        assert store.schema_version == SCHEMA_VERSION
    raw = sqlite3.connect(tmp_path / "s.db")
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_store_from_a_newer_version_is_refused(tmp_path: Path):
    Store(tmp_path / "s.db").close()
    raw = sqlite3.connect(tmp_path / "s.db")
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    with pytest.raises(StoreError, match="newer"):
        Store(tmp_path / "s.db")


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path):
    (tmp_path / "notes.db").write_text("these are my notes, not a database " * 100)
    with pytest.raises(StoreError, match="not a newsprism database"):
        Store(tmp_path / "notes.db")


def test_adding_an_article_twice_stores_it_once(tmp_path: Path):
    with Store(tmp_path / "s.db") as store:
        assert store.add_article(article(1), NOW) is True
        assert store.add_article(article(1), NOW) is False
        assert store.article_count() == 1
        entry = store.entry(article(1).id)
        assert entry.article == article(1)
        assert entry.ingested_at == NOW


def test_a_failed_batch_leaves_nothing_behind(tmp_path: Path):
    with Store(tmp_path / "s.db") as store:
        store.add_article(article(1), NOW)
        with pytest.raises(RuntimeError), store.transaction():
            store.add_article(article(2), NOW)
            raise RuntimeError("crash in the middle of a batch")
        assert store.article_count() == 1
        assert store.existing_ids([article(1).id, article(2).id]) == {article(1).id}


def test_vectors_round_trip_as_float16(tmp_path: Path):
    vector = np.linspace(-1, 1, 384, dtype=np.float32)
    with Store(tmp_path / "s.db") as store:
        store.put_vectors("m", {"k": vector})
        back = store.vectors("m", ["k", "missing"])
    assert set(back) == {"k"}
    np.testing.assert_allclose(back["k"], vector, atol=1e-3)


def test_stories_aggregate_their_articles_and_resolve_by_prefix(tmp_path: Path):
    with Store(tmp_path / "s.db") as store, store.transaction():
        for n in (1, 2, 3):
            store.add_article(article(n), NOW)
        store.create_story("abc123", "Bridge reopens", NOW)
        store.create_story("abd999", "Other", NOW)
        for n in (1, 2):
            store.assign_story(article(n).id, "abc123")
        store.assign_story(article(3).id, "abd999")
        story = store.story(store.resolve_story_id("abc"))
        assert story.article_ids == (article(1).id, article(2).id)
        assert story.outlets == ("outlet-1", "outlet-2")
        assert story.first_seen == article(1).published
        assert story.last_seen == article(2).published
        assert [s.id for s in store.stories()] == ["abc123", "abd999"]
        with pytest.raises(StoreError, match="ambiguous"):
            store.resolve_story_id("ab")
        with pytest.raises(StoreError, match="no story"):
            store.resolve_story_id("zzz")
