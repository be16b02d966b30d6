"""The embedded store: one SQLite file in WAL mode, migrated forward on open.

Writers use short ``transaction()`` blocks (one per batch), so a crash loses at most the batch in flight and
readers (the web server) keep reading the last committed state meanwhile.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from newsprism.records import Article, ArticleEntry, MemberTitle, Provenance, Story, independent_ids
from newsprism.rows import (
    ARTICLE_COLUMNS,
    StoredFeatures,
    article_row,
    entry_from_row,
    signature_bytes,
    signature_from_bytes,
    vector_bytes,
    vector_from_bytes,
)
from newsprism.store.query import select_in
from newsprism.timeutil import from_iso, to_iso

SCHEMA_VERSION = 8
_INSERT_ARTICLE = (
    f"INSERT OR IGNORE INTO articles ({', '.join(ARTICLE_COLUMNS)}, ingested_at)"
    f" VALUES ({', '.join(':' + c for c in ARTICLE_COLUMNS)}, :ingested_at)"
)
_STORY_SUMMARY = """
    SELECT s.id, s.headline,
           coalesce(min(a.published), min(a.ingested_at)) AS first_seen,
           coalesce(max(a.published), max(a.ingested_at)) AS last_seen
    FROM stories s JOIN articles a ON a.story_id = s.id
"""


class StoreError(RuntimeError):
    """The store file cannot be used (wrong file, newer schema, unknown id...)."""


def _migrations() -> list[tuple[int, str]]:
    folder = resources.files("newsprism.store") / "migrations"
    found = []
    for item in folder.iterdir():
        if item.name.endswith(".sql"):
            found.append((int(item.name.split("_", 1)[0]), item.read_text(encoding="utf-8")))
    return sorted(found)


def language_counts(languages: Iterable[str | None]) -> tuple[tuple[str, int], ...]:
    """Each language with how often it occurs, most first (then by code); unknown ones (None) left out."""
    counts = Counter(language for language in languages if language)
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


class Store:
    """Articles, stories and caches in one SQLite file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a folder; --db needs a file path")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path} is not a newsprism database: {exc}") from exc
        self._db.execute("PRAGMA synchronous=NORMAL")
        # Ids are hashes, so every insert lands somewhere random in the indexes; SQLite's default 2 MB page
        # cache makes each one a read from disk once a store outgrows it.
        self._db.execute("PRAGMA cache_size=-65536")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.row_factory = sqlite3.Row
        self._migrate()

    # -- lifecycle -------------------------------------------------------------------------------------

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def connection(self) -> sqlite3.Connection:
        """The open connection, for the stores of other stages that share this file and its transactions
        (feed state in :mod:`newsprism.live.state`, read queries in :mod:`newsprism.store.browse`)."""
        return self._db

    def data_version(self) -> int:
        """Changes whenever another connection commits to the file (not with this connection's commits)."""
        return int(self._db.execute("PRAGMA data_version").fetchone()[0])

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        current = self.schema_version
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has schema version {current}, newer than this newsprism ({SCHEMA_VERSION}); "
                "upgrade newsprism to open it"
            )
        for version, script in _migrations():
            if version <= current:
                continue
            with self.transaction():
                for statement in script.split(";\n"):
                    if statement.strip():
                        self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {version}")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic write; nests by joining the outer transaction."""
        if self._db.in_transaction:
            yield
            return
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # -- articles --------------------------------------------------------------------------------------

    def add_article(self, article: Article, ingested_at: datetime) -> bool:
        """Store an article; False when one with the same id is already stored."""
        row = article_row(article)
        row["sentences"] = json.dumps(row["sentences"], ensure_ascii=False)
        cursor = self._db.execute(_INSERT_ARTICLE, {**row, "ingested_at": to_iso(ingested_at)})
        return cursor.rowcount == 1

    def existing_ids(self, ids: Iterable[str]) -> set[str]:
        return {r[0] for r in select_in(self._db, "SELECT id FROM articles WHERE id IN ({marks})", list(ids))}

    def article_count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def story_count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM stories").fetchone()[0])

    def entries(self, ids: Sequence[str]) -> list[ArticleEntry]:
        """Stored articles in the order of ``ids``; unknown ids raise StoreError."""
        by_id: dict[str, ArticleEntry] = {}
        for row in select_in(self._db, "SELECT * FROM articles WHERE id IN ({marks})", list(ids)):
            by_id[row["id"]] = _entry(row)
        missing = [i for i in ids if i not in by_id]
        if missing:
            raise StoreError(f"unknown article id {missing[0]}")
        return [by_id[i] for i in ids]

    def entry(self, article_id: str) -> ArticleEntry:
        return self.entries([article_id])[0]

    def iter_entries(self) -> Iterator[ArticleEntry]:
        """Every article, in ingest order."""
        for row in self._db.execute("SELECT * FROM articles ORDER BY seq"):
            yield _entry(row)

    def story_entries(self, story_id: str) -> list[ArticleEntry]:
        rows = self._db.execute("SELECT * FROM articles WHERE story_id = ? ORDER BY seq", (story_id,))
        return [_entry(r) for r in rows]

    def member_titles(self, story_id: str) -> list[MemberTitle]:
        """What choosing the story's headline reads of each member (title, its source, language, first
        sentence), in ingest order, without reading the members' texts into Python."""
        rows = self._db.execute(
            "SELECT id, title, title_source, language, coalesce(json_extract(sentences, '$[0]'), '') AS lead"
            " FROM articles WHERE story_id = ? ORDER BY seq",
            (story_id,),
        )
        return [MemberTitle(r["id"], r["title"], r["title_source"], r["language"], r["lead"]) for r in rows]

    def ids_with_text_hash(self, text_hash: str) -> list[str]:
        rows = self._db.execute("SELECT id FROM articles WHERE text_hash = ? ORDER BY seq", (text_hash,))
        return [r[0] for r in rows]

    # -- embeddings and features ---------------------------------------------------------------------

    def vectors(self, model: str, keys: Sequence[str]) -> dict[str, np.ndarray]:
        rows = select_in(
            self._db,
            "SELECT key, vector FROM embeddings WHERE model = ? AND key IN ({marks})",
            list(dict.fromkeys(keys)),
            before=(model,),
        )
        return {key: vector_from_bytes(blob) for key, blob in rows}

    def put_vectors(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        self._db.executemany(
            "INSERT OR REPLACE INTO embeddings (model, key, vector) VALUES (?, ?, ?)",
            [(model, key, vector_bytes(v)) for key, v in vectors.items()],
        )

    def put_features(
        self, article_id: str, data: dict[str, Any], vector: np.ndarray, channels: bytes
    ) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO features (article_id, data, vector, channels) VALUES (?, ?, ?, ?)",
            (
                article_id,
                json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                vector_bytes(vector),
                channels,
            ),
        )

    def features(self, article_ids: Sequence[str]) -> dict[str, StoredFeatures]:
        rows = select_in(
            self._db,
            "SELECT article_id, data, vector, channels FROM features WHERE article_id IN ({marks})",
            list(article_ids),
        )
        return {r[0]: StoredFeatures(json.loads(r[1]), r[2], r[3]) for r in rows}

    def recent_clustered(self, limit: int) -> list[tuple[ArticleEntry, StoredFeatures]]:
        """The ``limit`` most recently ingested articles that are in a story, oldest first, with features."""
        rows = self._db.execute(
            "SELECT a.*, f.data AS f_data, f.vector AS f_vector, f.channels AS f_channels FROM ("
            " SELECT * FROM articles WHERE story_id IS NOT NULL ORDER BY seq DESC LIMIT ?) a"
            " JOIN features f ON f.article_id = a.id ORDER BY a.seq",
            (limit,),
        )
        return [
            (_entry(r), StoredFeatures(json.loads(r["f_data"]), r["f_vector"], r["f_channels"])) for r in rows
        ]

    def ids_without_features(self) -> list[str]:
        rows = self._db.execute(
            "SELECT id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM features f WHERE f.article_id = a.id)"
            " ORDER BY seq"
        )
        return [r[0] for r in rows]

    def put_neighbours(self, article_id: str, neighbours: Sequence[str]) -> None:
        self._db.execute(
            "UPDATE features SET data = json_set(data, '$.neighbours', json(?)) WHERE article_id = ?",
            (json.dumps(list(neighbours)), article_id),
        )

    def add_bucket_counts(self, buckets: np.ndarray) -> None:
        """Count one more document for each bucket of ``buckets`` (with repeats: one per document)."""
        unique, counts = np.unique(np.asarray(buckets, dtype=np.int64), return_counts=True)
        self._db.executemany(
            "INSERT INTO bucket_df (bucket, df) VALUES (?, ?)"
            " ON CONFLICT(bucket) DO UPDATE SET df = df + excluded.df",
            zip(unique.tolist(), counts.tolist(), strict=True),
        )

    def bucket_counts(self, size: int) -> tuple[np.ndarray, int]:
        """Document frequencies of every bucket (an array of ``size``) and the number of documents."""
        counts = np.zeros(size, dtype=np.int32)
        rows = self._db.execute("SELECT bucket, df FROM bucket_df").fetchall()
        if rows:
            table = np.asarray(rows, dtype=np.int64)
            counts[table[:, 0]] = table[:, 1]
        documents = int(self._db.execute("SELECT count(*) FROM features").fetchone()[0])
        return counts, documents

    def meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def drop_features(self) -> None:
        """Forget every article's features (they are recomputed from the text), e.g. after a model change."""
        self._db.execute("DELETE FROM features")
        self._db.execute("DELETE FROM bucket_df")

    def unassigned_ids(self) -> list[str]:
        """Stored articles not yet placed in a story (a run stopped between storing and clustering)."""
        return [r[0] for r in self._db.execute("SELECT id FROM articles WHERE story_id IS NULL ORDER BY seq")]

    def unassigned_count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM articles WHERE story_id IS NULL").fetchone()[0])

    def put_signature(self, article_id: str, minhash: np.ndarray) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO signatures (article_id, minhash) VALUES (?, ?)",
            (article_id, signature_bytes(minhash)),
        )

    def signatures(self, article_ids: Sequence[str]) -> dict[str, np.ndarray]:
        rows = select_in(
            self._db,
            "SELECT article_id, minhash FROM signatures WHERE article_id IN ({marks})",
            list(article_ids),
        )
        return {a: signature_from_bytes(blob) for a, blob in rows}

    def iter_signatures(self) -> Iterator[tuple[str, np.ndarray]]:
        for article_id, blob in self._db.execute("SELECT article_id, minhash FROM signatures"):
            yield article_id, signature_from_bytes(blob)

    # -- provenance ------------------------------------------------------------------------------------

    def put_provenance(self, record: Provenance) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO provenance (article_id, kind, original_id, score) VALUES (?, ?, ?, ?)",
            (record.article_id, record.kind, record.original_id, record.score),
        )

    def provenance(self, article_ids: Sequence[str]) -> dict[str, Provenance]:
        rows = select_in(
            self._db, "SELECT * FROM provenance WHERE article_id IN ({marks})", list(article_ids)
        )
        return {row["article_id"]: _provenance(row) for row in rows}

    def copies_of(self, article_ids: Sequence[str]) -> list[Provenance]:
        """Provenance records pointing at any of ``article_ids`` as their original."""
        rows = select_in(
            self._db, "SELECT * FROM provenance WHERE original_id IN ({marks})", list(article_ids)
        )
        return [_provenance(row) for row in rows]

    def record_story_event(self, kind: str, story_id: str, detail: dict[str, Any], at: datetime) -> None:
        self._db.execute(
            "INSERT INTO story_events (at, kind, story_id, detail) VALUES (?, ?, ?, ?)",
            (to_iso(at), kind, story_id, json.dumps(detail, ensure_ascii=False)),
        )

    def story_events(self, story_id: str | None = None) -> list[dict[str, Any]]:
        query = "SELECT * FROM story_events"
        args: tuple[str, ...] = ()
        if story_id is not None:
            query, args = query + " WHERE story_id = ?", (story_id,)
        return [
            {"at": r["at"], "kind": r["kind"], "story_id": r["story_id"], "detail": json.loads(r["detail"])}
            for r in self._db.execute(query + " ORDER BY seq", args)
        ]

    # -- stories ---------------------------------------------------------------------------------------

    def create_story(self, story_id: str, headline: str, at: datetime) -> None:
        self._db.execute(
            "INSERT INTO stories (id, headline, created_at, updated_at) VALUES (?, ?, ?, ?)",
            (story_id, headline, to_iso(at), to_iso(at)),
        )

    def update_story(self, story_id: str, headline: str, at: datetime) -> None:
        self._db.execute(
            "UPDATE stories SET headline = ?, updated_at = ? WHERE id = ?", (headline, to_iso(at), story_id)
        )

    def assign_story(self, article_id: str, story_id: str) -> None:
        self._db.execute("UPDATE articles SET story_id = ? WHERE id = ?", (story_id, article_id))

    def delete_empty_stories(self) -> int:
        cursor = self._db.execute(
            "DELETE FROM stories WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.story_id = stories.id)"
        )
        self._db.execute("DELETE FROM briefs WHERE story_id NOT IN (SELECT id FROM stories)")
        return cursor.rowcount

    def story_ids(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT id FROM stories ORDER BY created_at, id")]

    def stories(self, limit: int | None = None) -> list[Story]:
        """Stories, most covered first, then most recent."""
        query = _STORY_SUMMARY + " GROUP BY s.id ORDER BY count(a.id) DESC, last_seen DESC, s.id"
        if limit is not None:
            query += f" LIMIT {int(limit)}"
        return self._with_members(self._db.execute(query).fetchall())

    def stories_by_id(self, story_ids: Sequence[str]) -> list[Story]:
        """The stories with these ids, in the order given; unknown ids are left out."""
        rows = list(select_in(self._db, _STORY_SUMMARY + " WHERE s.id IN ({marks}) GROUP BY s.id", story_ids))
        found = {s.id: s for s in self._with_members(rows)}
        return [found[i] for i in story_ids if i in found]

    def story(self, story_id: str) -> Story:
        rows = self._db.execute(_STORY_SUMMARY + " WHERE s.id = ? GROUP BY s.id", (story_id,)).fetchall()
        if not rows:
            raise StoreError(f"no story with id {story_id!r}")
        return self._with_members(rows)[0]

    def _with_members(self, rows: list[sqlite3.Row]) -> list[Story]:
        # Each member with its outlet, language, and the story of the article it repeats (if any).
        members: dict[str, list[tuple[str, str, str | None, str | None]]] = {r["id"]: [] for r in rows}
        for story_id, article_id, outlet, original, language in select_in(
            self._db,
            "SELECT a.story_id, a.id, a.outlet, o.story_id, a.language FROM articles a"
            " LEFT JOIN provenance p ON p.article_id = a.id LEFT JOIN articles o ON o.id = p.original_id"
            " WHERE a.story_id IN ({marks}) ORDER BY a.seq",
            list(members),
        ):
            members[story_id].append((article_id, outlet, original, language))
        return [
            Story(
                id=r["id"],
                headline=r["headline"],
                article_ids=tuple(a for a, _, _, _ in members[r["id"]]),
                outlets=tuple(dict.fromkeys(o for _, o, _, _ in members[r["id"]])),
                first_seen=from_iso(r["first_seen"]),
                last_seen=from_iso(r["last_seen"]),
                independent_ids=independent_ids(
                    r["id"], ((a, original) for a, _, original, _ in members[r["id"]])
                ),
                languages=language_counts(language for _, _, _, language in members[r["id"]]),
            )
            for r in rows
        ]

    def undated_stories(self, story_ids: Sequence[str]) -> set[str]:
        """The stories none of whose articles gives a published date."""
        rows = select_in(
            self._db,
            "SELECT story_id FROM articles WHERE story_id IN ({marks})"
            " GROUP BY story_id HAVING count(published) = 0",
            list(story_ids),
        )
        return {row[0] for row in rows}

    def resolve_story_id(self, prefix: str) -> str:
        """The full id of the one story whose id starts with ``prefix`` (ids can be shortened, as in git)."""
        prefix = prefix.strip()
        if not prefix:
            raise StoreError("empty story id")
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = [
            r[0]
            for r in self._db.execute(
                "SELECT id FROM stories WHERE id LIKE ? ESCAPE '\\' LIMIT 3", (escaped + "%",)
            )
        ]
        if not rows:
            raise StoreError(f"no story with id {prefix!r}; `newsprism stories` lists them")
        if len(rows) > 1 and prefix not in rows:
            raise StoreError(
                f"story id {prefix!r} is ambiguous ({', '.join(rows)}, ...); give more characters"
            )
        return prefix if prefix in rows else rows[0]

    # -- briefs ----------------------------------------------------------------------------------------

    def cached_brief(self, story_id: str, fingerprint: str) -> str | None:
        row = self._db.execute(
            "SELECT data FROM briefs WHERE story_id = ? AND fingerprint = ?", (story_id, fingerprint)
        ).fetchone()
        return row[0] if row else None

    def put_brief(self, story_id: str, fingerprint: str, data: str, at: datetime) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO briefs (story_id, fingerprint, data, created_at) VALUES (?, ?, ?, ?)",
            (story_id, fingerprint, data, to_iso(at)),
        )


def _entry(row: sqlite3.Row) -> ArticleEntry:
    return entry_from_row({**dict(row), "sentences": json.loads(row["sentences"])})


def _provenance(row: sqlite3.Row) -> Provenance:
    return Provenance(row["article_id"], row["kind"], row["original_id"], row["score"])
