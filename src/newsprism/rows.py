"""Records as flat rows: the one conversion between an :class:`Article` and the columns that hold it.

The store's ``articles`` table and the batch job's Parquet tables hold an article the same way: its fields
as columns, ``sentences`` a list (the store writes it as JSON text), ``published`` ISO text in UTC. Vectors
are kept as little-endian float16 bytes and MinHash signatures as uint32 bytes, here too. Every stage may
import this module; it imports only records and time conversion.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast, get_args

import numpy as np

from newsprism.records import Article, ArticleEntry, TitleSource
from newsprism.timeutil import from_iso, to_iso

# The columns of an article, in the order of the store's table.
ARTICLE_COLUMNS = (
    "id",
    "outlet",
    "title",
    "text",
    "sentences",
    "text_hash",
    "url",
    "published",
    "language",
    "origin",
    "source_kind",
    "title_source",
)
_VECTOR = "<f2"
_SIGNATURE = "<u4"


def article_row(article: Article) -> dict[str, Any]:
    """The article's columns (:data:`ARTICLE_COLUMNS`): ``sentences`` a list, ``published`` in UTC."""
    return {
        "id": article.id,
        "outlet": article.outlet,
        "title": article.title,
        "text": article.text,
        "sentences": list(article.sentences),
        "text_hash": article.text_hash,
        "url": article.url,
        "published": to_iso(article.published),
        "language": article.language,
        "origin": article.origin,
        "source_kind": article.source_kind,
        "title_source": article.title_source,
    }


def article_from_row(row: Mapping[str, Any]) -> Article:
    """The article a row holds (a missing optional column, or a null read back as NaN, is None)."""
    return Article(
        id=row["id"],
        outlet=row["outlet"],
        title=row["title"],
        text=row["text"],
        sentences=tuple(row["sentences"]),
        text_hash=row["text_hash"],
        url=optional_text(row.get("url")),
        published=from_iso(row.get("published")),
        language=optional_text(row.get("language")),
        origin=row["origin"],
        source_kind=optional_text(row.get("source_kind")),
        title_source=optional_title_source(row.get("title_source")),
    )


def entry_from_row(row: Mapping[str, Any], ingested_at: datetime | None = None) -> ArticleEntry:
    """The article with its ``seq`` and story; ingested at ``ingested_at``, else at the row's own time."""
    ingested = ingested_at or from_iso(row.get("ingested_at"))
    assert ingested is not None, "an article row without its ingest time"
    return ArticleEntry(article_from_row(row), int(row["seq"]), ingested, optional_text(row.get("story_id")))


def vector_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=_VECTOR).tobytes()


def vector_from_bytes(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=_VECTOR).astype(np.float32)


def signature_bytes(signature: np.ndarray) -> bytes:
    return np.asarray(signature, dtype=_SIGNATURE).tobytes()


def signature_from_bytes(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=_SIGNATURE).astype(np.uint32)


@dataclass(frozen=True, slots=True)
class StoredFeatures:
    """An article's clustering features as stored: small JSON facts and two binary blobs."""

    data: dict[str, Any]
    vector: bytes  # float16
    channels: bytes

    def vector_array(self) -> np.ndarray:
        return vector_from_bytes(self.vector)


def optional_text(value: object) -> str | None:
    """A text column's value, or None (a null read back from Arrow may arrive as NaN)."""
    return value if isinstance(value, str) else None


def optional_title_source(value: object) -> TitleSource | None:
    """A title source column's value when it names one, else None."""
    return cast("TitleSource", value) if value in get_args(TitleSource) else None
