"""What a server is configured with; the CLI fills it from its options."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class ServeSettings:
    """``max_body_bytes`` bounds any request body (uploads included); ``max_items`` bounds one JSON ingest.

    ``warm_briefs``: how many of the most covered stories get their brief built in the background at
    start-up, so their pages open from the cache. ``brief_wait_seconds``: how long the API waits for a
    brief being built before answering 202 with Retry-After.
    """

    db: Path
    max_body_bytes: int = 20 * 1024 * 1024
    max_items: int = 1000
    warm_briefs: int = 10
    brief_wait_seconds: float = 120.0
    page_size: int = 20
