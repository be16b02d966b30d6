"""Quality measurements against public data sets; the CLI's ``eval`` commands only call these."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path


def numbered_lines(
    path: Path, *, encoding: str = "utf-8-sig", limit: int | None = None
) -> Iterator[tuple[int, str]]:
    """The non-blank lines of a JSONL corpus with their line numbers (from 1), the first ``limit`` of them
    if given; each line keeps its end of line."""
    with path.open(encoding=encoding) as lines:
        count = 0
        for number, line in enumerate(lines, 1):
            if limit is not None and count >= limit:
                return
            if not line.strip():
                continue
            count += 1
            yield number, line
