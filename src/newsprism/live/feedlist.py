"""What ``newsprism watch`` is told to follow: feed URLs, OPML files, files of URLs, the default list.

The default list (``default-feeds.opml``, shipped in the package) names public RSS feeds of major
international outlets; it is never fetched by the tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from newsprism.ingest.feeds import FeedLink, FeedParseError, is_opml, parse_opml
from newsprism.records import IngestError

_URL = re.compile(r"https?://\S+", re.I)


def default_feeds() -> list[FeedLink]:
    """The shipped list of major international outlets' feeds."""
    data = (resources.files("newsprism.live") / "default-feeds.opml").read_bytes()
    return parse_opml(data)


def feed_links(inputs: Iterable[str]) -> tuple[list[FeedLink], list[IngestError]]:
    """Resolve URLs, OPML files and text files of URLs (one per line, ``#`` comments) to feeds."""
    links: dict[str, FeedLink] = {}
    errors: list[IngestError] = []
    for given in inputs:
        if _URL.fullmatch(given.strip()):
            links.setdefault(given.strip(), FeedLink(given.strip()))
            continue
        path = Path(given)
        if not path.is_file():
            reason = (
                "not a file" if path.exists() else "not a feed URL (http:// or https://) and no such file"
            )
            errors.append(IngestError(given, reason))
            continue
        try:
            data = path.read_bytes()
        except OSError as error:
            errors.append(IngestError(given, error.strerror or str(error)))
            continue
        found = _from_file(given, data, errors)
        if not found:
            errors.append(IngestError(given, "lists no feeds (expected OPML, or one feed URL per line)"))
        for link in found:
            links.setdefault(link.url, link)
    return list(links.values()), errors


def _from_file(name: str, data: bytes, errors: list[IngestError]) -> list[FeedLink]:
    if is_opml(data):
        try:
            return parse_opml(data)
        except FeedParseError as error:
            errors.append(IngestError(name, str(error)))
            return []
    text = data.decode("utf-8", errors="replace")
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        token = stripped.split()[0]  # anything after the URL is a comment
        if _URL.fullmatch(token):
            found.append(FeedLink(token))
        else:
            errors.append(IngestError(f"{name}:{number}", f"not a feed URL: {token[:80]!r}"))
    return found
