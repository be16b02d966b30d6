"""Feed state in the store: the feeds followed, their validators and failures, every item seen.

What makes a restart safe (even after SIGKILL):

1. A poll records the feed's new items as ``pending`` in the same transaction as its new ETag and
   Last-Modified, so a later 304 can never hide an item that was not recorded.
2. An item's article is stored (by the pipeline, in its own transaction) before the item is marked done.
3. On restart, pending items are first matched to articles already stored from their URL (the article's
   ``origin``); only the rest are fetched again. Article ids are content hashes, so a page fetched twice
   adds nothing.

So no item is lost, and none becomes two articles: "duplicate" means one feed item (feed URL + guid)
giving more than one article. The same link in two feeds is one article too.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from newsprism.ingest.feeds import Feed, FeedItem, FeedLink
from newsprism.pipeline import Pipeline
from newsprism.store import Store
from newsprism.store.query import select_in
from newsprism.timeutil import from_iso, to_iso

ItemStatus = str  # 'pending', 'page', 'summary' or 'failed'


@dataclass(frozen=True, slots=True)
class FeedRecord:
    """A followed feed and how its polls went."""

    url: str
    title: str | None
    site_url: str | None
    added_at: datetime
    etag: str | None
    last_modified: str | None
    last_polled_at: datetime | None
    last_success_at: datetime | None
    last_status: int | None
    last_error: str | None
    last_error_at: datetime | None
    failures: int
    next_poll_at: datetime | None
    items_seen: int = 0
    items_pending: int = 0
    items_from_summary: int = 0
    items_failed: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "title": self.title,
            "site_url": self.site_url,
            "added_at": to_iso(self.added_at),
            "last_polled_at": to_iso(self.last_polled_at),
            "last_success_at": to_iso(self.last_success_at),
            "last_status": self.last_status,
            "last_error": self.last_error,
            "last_error_at": to_iso(self.last_error_at),
            "failures": self.failures,
            "next_poll_at": to_iso(self.next_poll_at),
            "items_seen": self.items_seen,
            "items_pending": self.items_pending,
            "items_from_summary": self.items_from_summary,
            "items_failed": self.items_failed,
        }


@dataclass(frozen=True, slots=True)
class PendingItem:
    """An item recorded but not yet turned into an article, with what its feed said about it."""

    feed_url: str
    item: FeedItem
    feed_title: str | None
    feed_language: str | None


@dataclass(frozen=True, slots=True)
class ItemOutcome:
    """How one item ended: ``page`` or ``summary`` with its article, or ``failed`` with why."""

    feed_url: str
    key: str
    status: ItemStatus
    article_id: str | None = None
    error: str | None = None


class FeedState:
    """Reads and writes the ``feeds`` and ``feed_items`` tables through the pipeline's store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._db: sqlite3.Connection = store.connection

    @classmethod
    def of(cls, pipeline: Pipeline) -> FeedState:
        """The feed state kept in the store of ``pipeline``, in its connection and transactions."""
        return cls(pipeline.store)

    # -- feeds -----------------------------------------------------------------------------------------

    def add_feeds(self, links: Iterable[FeedLink], now: datetime | None = None) -> int:
        """Follow these feeds (already followed ones are kept as they are); returns how many are new."""
        now = now or datetime.now(UTC)
        added = 0
        with self.store.transaction():
            for link in links:
                cursor = self._db.execute(
                    "INSERT OR IGNORE INTO feeds (url, title, site_url, added_at) VALUES (?, ?, ?, ?)",
                    (link.url, link.title, link.site_url, to_iso(now)),
                )
                added += cursor.rowcount
        return added

    def remove_feed(self, url: str) -> bool:
        with self.store.transaction():
            self._db.execute("DELETE FROM feed_items WHERE feed_url = ?", (url,))
            return self._db.execute("DELETE FROM feeds WHERE url = ?", (url,)).rowcount == 1

    def feeds(self, urls: Sequence[str] | None = None) -> list[FeedRecord]:
        """Followed feeds (all, or those named, in the order named) with their item counts."""
        counts: dict[str, dict[str, int]] = {}
        for feed_url, status, count in self._db.execute(
            "SELECT feed_url, status, count(*) FROM feed_items GROUP BY feed_url, status"
        ):
            counts.setdefault(feed_url, {})[status] = count
        rows = {r["url"]: r for r in self._db.execute("SELECT * FROM feeds ORDER BY added_at, url")}
        order = list(rows) if urls is None else [u for u in dict.fromkeys(urls) if u in rows]
        return [_record(rows[url], counts.get(url, {})) for url in order]

    def record_success(
        self,
        url: str,
        *,
        status: int,
        etag: str | None,
        last_modified: str | None,
        feed: Feed,
        next_poll_at: datetime,
        warning: str | None = None,
        now: datetime | None = None,
    ) -> list[FeedItem]:
        """Store the feed's items not seen before as pending, with the new validators, atomically.

        Returns the new items, in feed order.
        """
        now = now or datetime.now(UTC)
        new: list[FeedItem] = []
        context = {"feed_title": feed.title, "feed_language": feed.language}
        with self.store.transaction():
            for item in feed.items:
                cursor = self._db.execute(
                    "INSERT OR IGNORE INTO feed_items (feed_url, key, url, title, data, status,"
                    " first_seen_at) VALUES (?, ?, ?, ?, ?, 'pending', ?)",
                    (
                        url,
                        item.key,
                        item.url,
                        item.title,
                        json.dumps({**item.to_json(), **context}, ensure_ascii=False),
                        to_iso(now),
                    ),
                )
                if cursor.rowcount == 1:
                    new.append(item)
            self._db.execute(
                "UPDATE feeds SET title = coalesce(?, title), site_url = coalesce(?, site_url), etag = ?,"
                " last_modified = ?, last_polled_at = ?, last_success_at = ?, last_status = ?, failures = 0,"
                " next_poll_at = ?, last_error = coalesce(?, last_error),"
                " last_error_at = CASE WHEN ? IS NULL THEN last_error_at ELSE ? END WHERE url = ?",
                (
                    feed.title,
                    feed.site_url,
                    etag,
                    last_modified,
                    to_iso(now),
                    to_iso(now),
                    status,
                    to_iso(next_poll_at),
                    warning,
                    warning,
                    to_iso(now),
                    url,
                ),
            )
        return new

    def record_not_modified(self, url: str, next_poll_at: datetime, now: datetime | None = None) -> None:
        now = now or datetime.now(UTC)
        with self.store.transaction():
            self._db.execute(
                "UPDATE feeds SET last_polled_at = ?, last_success_at = ?, last_status = 304, failures = 0,"
                " next_poll_at = ? WHERE url = ?",
                (to_iso(now), to_iso(now), to_iso(next_poll_at), url),
            )

    def record_failure(
        self, url: str, error: str, status: int | None, next_poll_at: datetime, now: datetime | None = None
    ) -> None:
        now = now or datetime.now(UTC)
        with self.store.transaction():
            self._db.execute(
                "UPDATE feeds SET last_polled_at = ?, last_status = ?, last_error = ?, last_error_at = ?,"
                " failures = failures + 1, next_poll_at = ? WHERE url = ?",
                (to_iso(now), status, error, to_iso(now), to_iso(next_poll_at), url),
            )

    # -- items -----------------------------------------------------------------------------------------

    def pending(self, feed_urls: Sequence[str]) -> list[PendingItem]:
        """Items recorded by an earlier poll and not finished (a run stopped, or was killed, meanwhile)."""
        found: list[PendingItem] = []
        for feed_url, data in select_in(
            self._db,
            "SELECT feed_url, data FROM feed_items WHERE status = 'pending' AND feed_url IN ({marks})"
            " ORDER BY first_seen_at, feed_url, key",
            list(feed_urls),
        ):
            values = json.loads(data)
            title, language = values.pop("feed_title", None), values.pop("feed_language", None)
            found.append(PendingItem(feed_url, FeedItem.from_json(values), title, language))
        return found

    def articles_from(self, origins: Sequence[str]) -> dict[str, tuple[str, str | None]]:
        """Origin → (article id, source kind) of the first article stored from it."""
        rows = select_in(
            self._db,
            "SELECT origin, id, source_kind FROM articles WHERE origin IN ({marks}) ORDER BY seq DESC",
            list(dict.fromkeys(origins)),
        )
        return {origin: (article_id, kind) for origin, article_id, kind in rows}

    def done_by_url(self, urls: Sequence[str]) -> dict[str, ItemOutcome]:
        """For links some feed already listed and finished: that item's outcome (a link is one article)."""
        found: dict[str, ItemOutcome] = {}
        for row in select_in(
            self._db,
            "SELECT feed_url, key, url, status, article_id, error FROM feed_items"
            " WHERE status IN ('page', 'summary') AND url IN ({marks})",
            list(dict.fromkeys(urls)),
        ):
            outcome = ItemOutcome(row["feed_url"], row["key"], row["status"], row["article_id"], row["error"])
            found.setdefault(row["url"], outcome)
        return found

    def finish(self, outcomes: Iterable[ItemOutcome], now: datetime | None = None) -> None:
        now = now or datetime.now(UTC)
        with self.store.transaction():
            self._db.executemany(
                "UPDATE feed_items SET status = ?, article_id = ?, error = ?, done_at = ?"
                " WHERE feed_url = ? AND key = ?",
                [(o.status, o.article_id, o.error, to_iso(now), o.feed_url, o.key) for o in outcomes],
            )

    def items(self, feed_url: str | None = None) -> list[dict[str, Any]]:
        """Every recorded item (for status displays and tests): feed, key, url, status, article, error."""
        query = (
            "SELECT feed_url, key, url, title, status, article_id, error, first_seen_at, done_at"
            " FROM feed_items"
        )
        args: tuple[str, ...] = ()
        if feed_url is not None:
            query, args = query + " WHERE feed_url = ?", (feed_url,)
        return [dict(row) for row in self._db.execute(query + " ORDER BY first_seen_at, feed_url, key", args)]


def _record(row: sqlite3.Row, counts: dict[str, int]) -> FeedRecord:
    added_at = from_iso(row["added_at"])
    assert added_at is not None
    return FeedRecord(
        url=row["url"],
        title=row["title"],
        site_url=row["site_url"],
        added_at=added_at,
        etag=row["etag"],
        last_modified=row["last_modified"],
        last_polled_at=from_iso(row["last_polled_at"]),
        last_success_at=from_iso(row["last_success_at"]),
        last_status=row["last_status"],
        last_error=row["last_error"],
        last_error_at=from_iso(row["last_error_at"]),
        failures=row["failures"],
        next_poll_at=from_iso(row["next_poll_at"]),
        items_seen=sum(counts.values()),
        items_pending=counts.get("pending", 0),
        items_from_summary=counts.get("summary", 0),
        items_failed=counts.get("failed", 0),
    )
