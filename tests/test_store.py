"""The SQLite store: migrations, WAL, idempotent writes, atomic batches, id prefixes."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from newsprism.records import Article, MemberTitle
from newsprism.store import SCHEMA_VERSION, Store, StoreError
from newsprism.store.sqlite import _migrations

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


def test_stories_count_their_languages_most_articles_first(tmp_path: Path):
    languages = {1: "de", 2: "en", 3: None, 4: "en", 5: "es"}
    with Store(tmp_path / "s.db") as store, store.transaction():
        store.create_story("abc123", "Bridge reopens", NOW)
        for n, language in languages.items():
            store.add_article(replace(article(n), language=language), NOW)
            store.assign_story(article(n).id, "abc123")
        story = store.story("abc123")
    # Most articles first, then by code; the article of unknown language is not counted.
    assert story.languages == (("en", 2), ("de", 1), ("es", 1))


def test_title_sources_round_trip_and_a_store_from_before_them_reads_none(tmp_path: Path):
    path = tmp_path / "old.db"
    raw = sqlite3.connect(path)
    for version, script in _migrations():
        if version <= 7:
            raw.executescript(script)
    raw.execute("PRAGMA user_version = 7")
    raw.execute(
        "INSERT INTO articles (id, outlet, title, text, sentences, text_hash, origin, ingested_at, story_id)"
        " VALUES ('a1', 'Old Wire', 'Ferry sinks off Holm', 'A ferry sank. All were saved.',"
        " '[\"A ferry sank.\", \"All were saved.\"]', 'h', 'x', ?, NULL)",
        (NOW.isoformat(),),
    )
    raw.commit()
    raw.close()
    with Store(path) as store, store.transaction():
        assert store.schema_version == SCHEMA_VERSION
        assert store.entry("a1").article.title_source is None
        store.add_article(replace(article(1), title_source="first_line"), NOW)
        assert store.entry(article(1).id).article.title_source == "first_line"
        store.create_story("s1", "Ferry sinks off Holm", NOW)
        for article_id in ("a1", article(1).id):
            store.assign_story(article_id, "s1")
        members = store.member_titles("s1")
    assert members == [
        MemberTitle("a1", "Ferry sinks off Holm", None, None, "A ferry sank."),
        MemberTitle(article(1).id, "Title 1", "first_line", None, "The bridge reopened on Monday."),
    ]
