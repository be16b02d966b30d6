"""Read-only queries for browsing a store: story lists with filters, full-text search, outlet profiles.

The web pages and the JSON API page through these. Ordering always ends on an id, so a page boundary
never moves while nothing is written; full-text search uses the FTS5 index of migration 0005.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from newsprism.records import Story
from newsprism.store.query import select_in
from newsprism.store.sqlite import Store, StoreError
from newsprism.timeutil import from_iso, to_iso

StorySort = Literal["covered", "recent"]
_MARK_START, _MARK_END = "\x02", "\x03"  # cannot survive cleaning, so they never come from an article
_SNIPPETS_PER_STORY = 2
_ORDER = {
    "covered": "n_articles DESC, last_seen DESC, a.story_id",
    "recent": "last_seen DESC, n_articles DESC, a.story_id",
}


class SearchSyntaxError(ValueError):
    """A search that names nothing to look for."""


@dataclass(frozen=True, slots=True)
class StoryQuery:
    """Which stories to list: a full-text search, an outlet, a date range, an order and a page."""

    text: str | None = None
    outlet: str | None = None
    since: datetime | None = None  # stories last seen at or after this
    until: datetime | None = None  # stories first seen at or before this
    sort: StorySort = "covered"
    limit: int = 20
    offset: int = 0


@dataclass(frozen=True, slots=True)
class Snippet:
    """A passage of an article matching a search; ``marks`` are [start, end) spans of the matched words."""

    article_id: str
    outlet: str
    title: str
    text: str
    marks: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class StoryHit:
    story: Story
    snippets: tuple[Snippet, ...] = ()


@dataclass(frozen=True, slots=True)
class StoryPage:
    items: tuple[StoryHit, ...]
    total: int


@dataclass(frozen=True, slots=True)
class OutletSummary:
    name: str
    articles: int
    stories: int
    last_seen: datetime | None


@dataclass(frozen=True, slots=True)
class OutletListing:
    """Every outlet, most articles first, as the store was when the articles went up to ``seq`` and the
    story changes (migration 0007) numbered ``story_changes``."""

    seq: int
    story_changes: int
    outlets: tuple[OutletSummary, ...]


@dataclass(frozen=True, slots=True)
class OutletProfile:
    """How an outlet takes part in the stories it covers.

    ``first``: stories where its article is the earliest. ``copied``: its articles that another outlet's
    article copies or rewrites. ``repeats``: its articles that copy or rewrite an earlier article.
    ``sole``: stories no other outlet covers. ``unique``: stories whose built brief credits it with a
    claim no other outlet states, out of ``briefed`` stories with a brief built.
    """

    name: str
    articles: int
    stories: int
    first: int
    copied: int
    repeats: int
    sole: int
    unique: int
    briefed: int


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """An article in a list: enough to show and link it."""

    id: str
    outlet: str
    title: str
    published: datetime | None
    ingested_at: datetime
    story_id: str | None
    repeats: str | None
    relation: str | None
    language: str | None = None


def _most_articles(outlet: OutletSummary) -> tuple[int, str]:
    return -outlet.articles, outlet.name  # SQLite's ORDER BY n DESC, outlet: UTF-8 bytes sort as code points


def fts_query(text: str) -> str:
    """A user's words as an FTS5 query: every word must occur; ``word*`` matches a prefix.

    Each word is quoted, so FTS5 operators and punctuation in the input are read as text, never as syntax.
    A NUL separates words: FTS5 reads its query as a C string, so one inside a word ended the query there.
    """
    words = []
    for raw in text.replace("\0", " ").split():
        prefix = raw.endswith("*")
        word = raw.rstrip("*").replace('"', '""')
        if re.search(r"\w", word):
            words.append(f'"{word}"' + ("*" if prefix else ""))
    if not words:
        raise SearchSyntaxError(f"nothing to search for in {text!r}: give at least one word")
    return " ".join(words)


def _snippet(article_id: str, outlet: str, title: str, marked: str) -> Snippet:
    text, marks, start = [], [], 0
    position = 0
    for part in re.split(f"([{_MARK_START}{_MARK_END}])", marked):
        if part == _MARK_START:
            start = position
        elif part == _MARK_END:
            marks.append((start, position))
        else:
            text.append(part)
            position += len(part)
    return Snippet(article_id, outlet, title, "".join(text), tuple(marks))


class StoreBrowser:
    """Browsing queries over one :class:`Store` (and its connection: one browser per thread)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._db = store.connection

    def version(self) -> str:
        """Changes whenever an article is stored or :meth:`stories_version` changes: a cache key and ETag
        for what counts every article (outlets, article lists)."""
        row = self._db.execute(
            "SELECT (SELECT max(seq) FROM articles), (SELECT n FROM story_changes)"
        ).fetchone()
        return f"{row[0] or 0}.{row[1]}"

    def stories_version(self) -> str:
        """Changes whenever a story, an article's story or a provenance record changes (counted by triggers,
        migration 0007): a cache key and ETag for what shows stories and their articles. Articles stored but
        not yet placed in a story leave it alone, so those pages stay cached while an ingest stores them."""
        return str(self._db.execute("SELECT n FROM story_changes").fetchone()[0])

    def counts(self) -> tuple[int, int, int]:
        """How many articles, stories and outlets are stored."""
        row = self._db.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM stories),"
            " (SELECT count(DISTINCT outlet) FROM articles)"
        ).fetchone()
        return int(row[0]), int(row[1]), int(row[2])

    # -- stories ---------------------------------------------------------------------------------------

    def stories(self, query: StoryQuery) -> StoryPage:
        where: list[str] = []
        args: list[str | None] = []
        if query.outlet:
            where.append("a.story_id IN (SELECT story_id FROM articles WHERE outlet = ?)")
            args.append(query.outlet)
        match = fts_query(query.text) if query.text else None
        if match:
            where.append(
                "a.story_id IN (SELECT m.story_id FROM articles_fts"
                " JOIN articles m ON m.seq = articles_fts.rowid WHERE articles_fts MATCH ?)"
            )
            args.append(match)
        having = []
        if query.since:
            having.append("last_seen >= ?")
            args.append(to_iso(query.since))
        if query.until:
            having.append("first_seen <= ?")
            args.append(to_iso(query.until))
        # Grouping the articles by story reads only the covering index articles_story_seen (migration 0006);
        # every story_id names a story (a foreign key), so the stories table is not joined.
        sql = (
            "SELECT a.story_id AS id, count(*) AS n_articles,"
            " coalesce(min(a.published), min(a.ingested_at)) AS first_seen,"
            " coalesce(max(a.published), max(a.ingested_at)) AS last_seen,"
            " count(*) OVER () AS total"
            " FROM articles a WHERE "
            + " AND ".join(["a.story_id IS NOT NULL", *where])
            + " GROUP BY a.story_id"
            + (" HAVING " + " AND ".join(having) if having else "")
            + f" ORDER BY {_ORDER[query.sort]} LIMIT ? OFFSET ?"
        )
        rows = self._db.execute(sql, [*args, query.limit, query.offset]).fetchall()
        if rows:
            total = int(rows[0]["total"])
        else:
            counted = sql.split(" ORDER BY ")[0]
            total = int(self._db.execute(f"SELECT count(*) FROM ({counted})", args).fetchone()[0])
        stories = self.store.stories_by_id([r["id"] for r in rows])
        snippets = self._snippets(match, [s.id for s in stories]) if match else {}
        return StoryPage(tuple(StoryHit(s, tuple(snippets.get(s.id, ()))) for s in stories), total)

    def _snippets(self, match: str, story_ids: list[str]) -> dict[str, list[Snippet]]:
        if not story_ids:
            return {}
        marks = ",".join("?" * len(story_ids))
        rows = self._db.execute(
            "SELECT a.story_id, a.id, a.outlet, a.title,"
            f" snippet(articles_fts, -1, '{_MARK_START}', '{_MARK_END}', '…', 24) AS passage"
            " FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid"
            f" WHERE articles_fts MATCH ? AND a.story_id IN ({marks}) ORDER BY rank",
            [match, *story_ids],
        )
        found: dict[str, list[Snippet]] = {}
        for row in rows:
            kept = found.setdefault(row["story_id"], [])
            if len(kept) < _SNIPPETS_PER_STORY:
                kept.append(_snippet(row["id"], row["outlet"], row["title"], row["passage"]))
        return found

    # -- articles --------------------------------------------------------------------------------------

    def search_articles(self, text: str, limit: int = 20, offset: int = 0) -> tuple[list[Snippet], int]:
        """Articles matching a full-text search, best first, each with a passage; and how many match."""
        match = fts_query(text)
        rows = self._db.execute(
            "SELECT a.id, a.outlet, a.title,"
            f" snippet(articles_fts, -1, '{_MARK_START}', '{_MARK_END}', '…', 24) AS passage"
            " FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid"
            " WHERE articles_fts MATCH ? ORDER BY rank, a.seq LIMIT ? OFFSET ?",
            (match, limit, offset),
        ).fetchall()
        # FTS5's snippet() cannot run beside a window function, so the total is a query of its own.
        total = int(
            self._db.execute(
                "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (match,)
            ).fetchone()[0]
        )
        return [_snippet(r["id"], r["outlet"], r["title"], r["passage"]) for r in rows], total

    def articles(
        self, outlet: str | None = None, limit: int = 20, offset: int = 0
    ) -> tuple[list[ArticleRow], int]:
        """Articles newest first (published, else ingested), optionally of one outlet; and how many."""
        where, args = ("WHERE a.outlet = ?", [outlet]) if outlet else ("", [])
        rows = self._db.execute(
            "SELECT a.id, a.outlet, a.title, a.published, a.ingested_at, a.story_id, p.original_id, p.kind,"
            " a.language, count(*) OVER () AS total"
            f" FROM articles a LEFT JOIN provenance p ON p.article_id = a.id {where}"
            " ORDER BY coalesce(a.published, a.ingested_at) DESC, a.seq DESC LIMIT ? OFFSET ?",
            [*args, limit, offset],
        ).fetchall()
        if rows:
            total = int(rows[0]["total"])
        else:
            total = int(self._db.execute(f"SELECT count(*) FROM articles a {where}", args).fetchone()[0])
        return [
            ArticleRow(
                r["id"],
                r["outlet"],
                r["title"],
                from_iso(r["published"]),
                from_iso(r["ingested_at"]),  # type: ignore[arg-type]
                r["story_id"],
                r["original_id"],
                r["kind"],
                r["language"],
            )
            for r in rows
        ], total

    # -- outlets ---------------------------------------------------------------------------------------

    def outlets(self, names: Sequence[str] | None = None) -> list[OutletSummary]:
        """Every outlet (or those named), most articles first."""
        select = (
            "SELECT outlet, count(*) AS n, count(DISTINCT story_id) AS stories,"
            " max(coalesce(published, ingested_at)) AS last_seen FROM articles"
        )
        if names is None:
            rows = self._db.execute(select + " GROUP BY outlet").fetchall()
        else:
            rows = list(select_in(self._db, select + " WHERE outlet IN ({marks}) GROUP BY outlet", names))
        found = [OutletSummary(r["outlet"], r["n"], r["stories"], from_iso(r["last_seen"])) for r in rows]
        return sorted(found, key=_most_articles)

    def outlet_listing(self, previous: OutletListing | None = None) -> OutletListing:
        """Every outlet, most articles first; given an earlier listing and no story change since (an ingest
        storing articles before it places them), only the outlets of the articles stored since are re-read.

        A serving process lists the outlets again after each batch an ingest commits, every second or so;
        re-reading thousands of outlets each time was most of its work while an ingest ran.
        """
        with self._snapshot():
            seq, changes = self._db.execute(
                "SELECT coalesce((SELECT max(seq) FROM articles), 0), (SELECT n FROM story_changes)"
            ).fetchone()
            if previous is None or previous.story_changes != changes or previous.seq > seq:
                return OutletListing(seq, changes, tuple(self.outlets()))
            if previous.seq == seq:
                return previous
            stored_since = self._db.execute(
                "SELECT DISTINCT outlet FROM articles WHERE seq > ?", (previous.seq,)
            )
            names = [r[0] for r in stored_since]
            fresh = self.outlets(names)
        named = set(names)
        kept = [o for o in previous.outlets if o.name not in named]
        return OutletListing(seq, changes, tuple(sorted([*kept, *fresh], key=_most_articles)))

    @contextmanager
    def _snapshot(self) -> Iterator[None]:
        """Reads that see one state of the store (a read transaction), whatever commits meanwhile."""
        if self._db.in_transaction:
            yield
            return
        self._db.execute("BEGIN")
        try:
            yield
        finally:
            self._db.execute("COMMIT")

    def outlet(self, name: str) -> OutletProfile:
        counts = self._db.execute(
            "SELECT count(*), count(DISTINCT story_id) FROM articles WHERE outlet = ?", (name,)
        ).fetchone()
        if not counts[0]:
            raise StoreError(f"no articles from an outlet named {name!r}")
        mine = "SELECT DISTINCT story_id FROM articles WHERE outlet = :o AND story_id IS NOT NULL"
        first = self._db.execute(
            "SELECT count(*) FROM (SELECT outlet, row_number() OVER (PARTITION BY story_id"
            " ORDER BY coalesce(published, ingested_at), seq) AS rank"
            f" FROM articles WHERE story_id IN ({mine})) WHERE rank = 1 AND outlet = :o",
            {"o": name},
        ).fetchone()[0]
        sole = self._db.execute(
            f"SELECT count(*) FROM (SELECT story_id FROM articles WHERE story_id IN ({mine})"
            " GROUP BY story_id HAVING count(DISTINCT outlet) = 1)",
            {"o": name},
        ).fetchone()[0]
        copied = self._db.execute(
            "SELECT count(DISTINCT p.original_id) FROM provenance p"
            " JOIN articles o ON o.id = p.original_id JOIN articles a ON a.id = p.article_id"
            " WHERE o.outlet = :o AND a.outlet != :o",
            {"o": name},
        ).fetchone()[0]
        repeats = self._db.execute(
            "SELECT count(*) FROM provenance p JOIN articles a ON a.id = p.article_id WHERE a.outlet = :o",
            {"o": name},
        ).fetchone()[0]
        # Read from the cached briefs' JSON (docs/brief-schema.md: unique[].outlet); no brief is built here.
        briefed, unique = self._db.execute(
            "SELECT count(*), coalesce(sum(EXISTS (SELECT 1 FROM json_each(b.data, '$.unique') u"
            " WHERE json_extract(u.value, '$.outlet') = :o)), 0)"
            f" FROM briefs b WHERE b.story_id IN ({mine})",
            {"o": name},
        ).fetchone()
        return OutletProfile(name, counts[0], counts[1], first, copied, repeats, sole, unique, briefed)
