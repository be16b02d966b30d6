"""The one query over a list of values: ``... IN (?, ?, ...)``, chunked under SQLite's parameter limit.

Write the query once with ``{marks}`` where the list goes: ``select_in(db, "SELECT id FROM articles WHERE
id IN ({marks})", ids)`` runs it for every chunk of ``ids`` and yields the rows of all of them. Parameters
the query needs before the list are passed as ``before``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

IN_CHUNK = 900  # values per statement: under SQLite's limit of host parameters (999 in old builds)


def chunks(values: Sequence[Any], size: int = IN_CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def select_in(
    db: sqlite3.Connection, sql: str, values: Sequence[Any], before: Sequence[Any] = ()
) -> Iterator[Any]:
    """The rows of ``sql`` (with ``{marks}`` inside its ``IN (...)``) for every chunk of ``values``."""
    for chunk in chunks(values):
        marks = ",".join("?" * len(chunk))
        yield from db.execute(sql.replace("{marks}", marks), (*before, *chunk))
