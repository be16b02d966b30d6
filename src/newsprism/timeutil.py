"""Times as the store and the batch job's tables keep them: ISO 8601 text in UTC.

Every stage may import this (it imports nothing of newsprism): the store's rows, the feed state, the batch
job's Parquet rows and the records read back from any of them convert times here and nowhere else.
"""

from __future__ import annotations

from datetime import UTC, datetime


def to_iso(value: datetime | None) -> str | None:
    """``value`` as ISO text in UTC; a naive time is taken to be UTC already."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat()


def from_iso(value: object) -> datetime | None:
    """ISO text back as a time; None for anything else (None, "", or a null read back from Arrow as NaN)."""
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None
