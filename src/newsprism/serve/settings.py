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

    ``allow_private_urls``: let ``POST /api/v1/fetch`` fetch loopback, private and link-local addresses.
    Off by default, because anyone who can reach the API could otherwise make the server fetch from the
    network behind it (SSRF); turn it on for local use. ``max_fetch_urls`` bounds one fetch request.
    """

    db: Path
    max_body_bytes: int = 20 * 1024 * 1024
    max_items: int = 1000
    warm_briefs: int = 10
    brief_wait_seconds: float = 120.0
    page_size: int = 20
    allow_private_urls: bool = False
    max_fetch_urls: int = 20
