"""Browsing queries and full-text search over a real SQLite store, and migration 0004 on an older file."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsprism.records import Article, Provenance
from newsprism.store import SCHEMA_VERSION, SearchSyntaxError, Store, StoreBrowser, StoryQuery
from newsprism.store.browse import fts_query
from newsprism.store.sqlite import _migrations

NOW = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)


def article(n: int, outlet: str, title: str, text: str, day: int) -> Article:
    return Article(
        id=f"{n:016x}",
        outlet=outlet,
        title=title,
        text=text,
        sentences=(text,),
        text_hash=f"{n:016x}",
        published=datetime(2026, 3, day, 9, tzinfo=UTC),
    )


ARTICLES = [
    article(
        1, "Meridian Wire", "Earthquake strikes Velmora", "An earthquake killed 12 people in Velmora.", 2
    ),
    article(2, "Coast Post", "Quake toll rises", "The earthquakes left 14 dead, officials said.", 3),
    article(3, "Meridian Wire", "Bank cuts rates", "The central bank cut its rate by a quarter point.", 4),
    article(4, "Ledger", "Rate cut copied", "The central bank cut its rate by a quarter point.", 4),
    article(5, "Ledger", "Harbour reopens", "The harbour at Dunmere reopened on Friday.", 1),
]
STORIES = {"quake": [1, 2], "rates": [3, 4], "harbour": [5]}


def fill(store: Store) -> None:
    with store.transaction():
        for a in ARTICLES:
            store.add_article(a, NOW)
        for story_id, members in STORIES.items():
            store.create_story(story_id, story_id.title(), NOW)
            for n in members:
                store.assign_story(f"{n:016x}", story_id)
        store.put_provenance(Provenance(f"{4:016x}", "copy", f"{3:016x}", 1.0))


@pytest.fixture
def browser(tmp_path: Path) -> StoreBrowser:
    store = Store(tmp_path / "s.db")
    fill(store)
    return StoreBrowser(store)


def test_search_migration_indexes_articles_stored_before_it(tmp_path: Path):
    path = tmp_path / "old.db"
    raw = sqlite3.connect(path)
    for version, script in _migrations():
        if version <= 2:
            raw.executescript(script)
    raw.execute("PRAGMA user_version = 2")
    raw.execute(
        "INSERT INTO articles (id, outlet, title, text, sentences, text_hash, origin, ingested_at)"
        " VALUES ('a1', 'Old Wire', 'Ferry sinks off Holm', 'A ferry sank off Holm Island.', '[]', 'h', 'x', ?)",
        (NOW.isoformat(),),
    )
    raw.commit()
    raw.close()
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        hits, total = StoreBrowser(store).search_articles("ferry")
        assert total == 1 and hits[0].article_id == "a1"


def test_search_matches_titles_and_text_with_stemming_and_marks(browser: StoreBrowser):
    hits, total = browser.search_articles("earthquake")
    assert total == 2 and {h.article_id for h in hits} == {f"{1:016x}", f"{2:016x}"}
    for hit in hits:
        for start, end in hit.marks:
            assert hit.text[start:end].lower().startswith("earthquake")
    assert browser.search_articles("harb*")[1] == 1
    assert browser.search_articles("Velmora")[0][0].title == "Earthquake strikes Velmora"


def test_search_treats_operators_and_quotes_as_words(browser: StoreBrowser):
    assert fts_query('bank AND "rate') == '"bank" "AND" """rate"'
    assert browser.search_articles("NEAR( OR bank")[1] == 0  # no article says "near" or "or"
    with pytest.raises(SearchSyntaxError, match="nothing to search for"):
        browser.search_articles('" ( ) *')
    # A NUL is a word break (it made SQLite's FTS5 fail with "unterminated string"; schemathesis found it).
    assert browser.search_articles("harbour\0Dunmere")[1] == 1
    assert browser.stories(StoryQuery(text="\0earthquake")).total == 1


def test_a_new_or_edited_article_is_searchable_at_once(tmp_path: Path):
    with Store(tmp_path / "s.db") as store:
        fill(store)
        browser = StoreBrowser(store)
        store.connection.execute(
            "UPDATE articles SET title = 'Harbour shut', text = 'The harbour at Dunmere closed.' WHERE id = ?",
            (f"{5:016x}",),
        )
        assert browser.search_articles("closed shut")[1] == 1
        assert browser.search_articles("reopened")[1] == 0


def test_story_listing_orders_filters_and_pages(browser: StoreBrowser):
    page = browser.stories(StoryQuery())  # two stories of two articles: the later one first
    assert [h.story.id for h in page.items] == ["rates", "quake", "harbour"] and page.total == 3
    recent = browser.stories(StoryQuery(sort="recent"))
    assert [h.story.id for h in recent.items] == ["rates", "quake", "harbour"]
    assert browser.stories(StoryQuery(sort="recent", outlet="Coast Post")).items[0].story.id == "quake"
    assert [h.story.id for h in browser.stories(StoryQuery(outlet="Ledger")).items] == ["rates", "harbour"]
    since = browser.stories(StoryQuery(since=datetime(2026, 3, 3, tzinfo=UTC)))
    assert {h.story.id for h in since.items} == {"quake", "rates"}
    until = browser.stories(StoryQuery(until=datetime(2026, 3, 2, 23, tzinfo=UTC)))
    assert {h.story.id for h in until.items} == {"quake", "harbour"}
    found = browser.stories(StoryQuery(text="dead"))
    assert [h.story.id for h in found.items] == ["quake"] and found.items[0].snippets[
        0
    ].outlet == "Coast Post"
    second = browser.stories(StoryQuery(limit=2, offset=2))
    assert [h.story.id for h in second.items] == ["harbour"] and second.total == 3
    beyond = browser.stories(StoryQuery(limit=2, offset=10))
    assert beyond.items == () and beyond.total == 3


def test_outlet_profile_counts_first_copied_repeats_and_sole(browser: StoreBrowser):
    meridian = browser.outlet("Meridian Wire")
    assert (meridian.articles, meridian.stories, meridian.first, meridian.copied, meridian.repeats) == (
        2,
        2,
        2,
        1,
        0,
    )
    ledger = browser.outlet("Ledger")
    assert (ledger.first, ledger.repeats, ledger.sole, ledger.copied) == (1, 1, 1, 0)
    assert ledger.briefed == 0
    with pytest.raises(Exception, match="no articles from an outlet named 'Nobody'"):
        browser.outlet("Nobody")
    assert [o.name for o in browser.outlets()] == ["Ledger", "Meridian Wire", "Coast Post"]


def test_version_changes_with_every_write(tmp_path: Path):
    with Store(tmp_path / "s.db") as store:
        browser = StoreBrowser(store)
        empty = browser.version()
        fill(store)
        filled = browser.version()
        assert filled != empty
        store.update_story("harbour", "Harbour", datetime(2026, 3, 6, tzinfo=UTC))
        assert browser.version() != filled
        assert browser.counts() == (5, 3, 3)


def test_stories_version_ignores_articles_not_yet_in_a_story(tmp_path: Path):
    """Story pages are cached under it while an ingest stores articles: only placing them, or changing a
    story or a provenance record, may change it; the full version changes with every article."""
    with Store(tmp_path / "s.db") as store:
        fill(store)
        browser = StoreBrowser(store)
        stories, full = browser.stories_version(), browser.version()
        unplaced = article(6, "Ledger", "Harbour dredged", "The harbour at Dunmere was dredged.", 5)
        store.add_article(unplaced, NOW)
        assert browser.stories_version() == stories and browser.version() != full
        changes = [
            lambda: store.assign_story(unplaced.id, "harbour"),
            lambda: store.put_provenance(Provenance(unplaced.id, "rewrite", f"{5:016x}", 0.9)),
            lambda: store.update_story("harbour", "Harbour dredged", NOW),
            lambda: store.create_story("dredging", "Dredging", NOW),
            lambda: store.delete_empty_stories(),
        ]
        for change in changes:
            before = (browser.stories_version(), browser.version())
            change()
            after = (browser.stories_version(), browser.version())
            assert after[0] != before[0] and after[1] != before[1]


def test_an_outlet_listing_updated_with_new_articles_equals_one_read_afresh(tmp_path: Path):
    with Store(tmp_path / "s.db") as store:
        fill(store)
        browser = StoreBrowser(store)
        first = browser.outlet_listing()
        assert first.outlets == tuple(browser.outlets())
        assert browser.outlet_listing(first) is first  # nothing stored since
        store.add_article(article(6, "Zeta Wire", "Divers check the hull", "Divers went down.", 6), NOW)
        store.add_article(article(7, "Coast Post", "Harbour busy", "The harbour was busy again.", 7), NOW)
        store.add_article(article(8, "Coast Post", "Harbour full", "The harbour was full on Sunday.", 8), NOW)
        updated = browser.outlet_listing(first)
        assert updated.outlets == tuple(browser.outlets())
        assert [o.name for o in updated.outlets][:2] == ["Coast Post", "Ledger"]
        store.assign_story(f"{7:016x}", "harbour")  # a story change: read afresh, story counts too
        placed = browser.outlet_listing(updated)
        assert placed.outlets == tuple(browser.outlets()) and placed.story_changes != updated.story_changes
        assert next(o for o in placed.outlets if o.name == "Coast Post").stories == 2
