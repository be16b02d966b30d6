"""What ``newsprism watch`` is told to follow: feed URLs, feed files, OPML files, files of URLs, the
default list.

A feed saved on disk (``feed.rss``, or ``file:///.../feed.rss``) is followed as its ``file://`` URL and read
again on each poll (:mod:`newsprism.live.localfile`). Anything else named (a folder, an article page, a
data file) is refused in one line that says what it is and that ``newsprism ingest`` reads articles.

The default list (``default-feeds.opml``, shipped in the package) names public RSS feeds of major
international outlets; it is never fetched by the tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from newsprism.ingest.feeds import FeedLink, FeedParseError, is_opml, parse_opml
from newsprism.live.fetch import looks_like_feed
from newsprism.live.http import FetchError
from newsprism.live.localfile import file_url_path, is_file_url
from newsprism.records import IngestError

_URL = re.compile(r"https?://\S+", re.I)
_SHOWN_BAD_LINES = 3  # a file of URLs with more bad lines gets one line for the rest


def default_feeds() -> list[FeedLink]:
    """The shipped list of major international outlets' feeds."""
    data = (resources.files("newsprism.live") / "default-feeds.opml").read_bytes()
    return parse_opml(data)


def feed_links(inputs: Iterable[str]) -> tuple[list[FeedLink], list[IngestError]]:
    """Resolve URLs, feed files, OPML files and text files of URLs (one per line, ``#`` comments) to
    feeds; every input that names none gets one error saying why."""
    links: dict[str, FeedLink] = {}
    errors: list[IngestError] = []
    for given in inputs:
        if _URL.fullmatch(given.strip()):
            links.setdefault(given.strip(), FeedLink(given.strip()))
            continue
        found = _from_path(given, errors)
        for link in found:
            links.setdefault(link.url, link)
    return list(links.values()), errors


def _from_path(given: str, errors: list[IngestError]) -> list[FeedLink]:
    """The feeds a path or ``file://`` URL names: the feed file itself, or those its OPML or list names."""
    try:
        path = file_url_path(given.strip()) if is_file_url(given.strip()) else Path(given)
    except FetchError as error:
        errors.append(IngestError(given, error.reason))
        return []
    if path.is_dir():
        reason = f"a folder, not a feed: `newsprism ingest {given}` reads the articles in it"
        errors.append(IngestError(given, reason))
        return []
    if not path.is_file():
        if path.exists():
            reason = "not a file"
        elif is_file_url(given.strip()):
            reason = f"no such file: {path}"
        else:
            reason = "not a feed URL (http://, https://, file://) and no such file"
        errors.append(IngestError(given, reason))
        return []
    try:
        data = path.read_bytes()
    except OSError as error:
        errors.append(IngestError(given, error.strerror or str(error)))
        return []
    if looks_like_feed(data):
        return [FeedLink(path.resolve().as_uri())]
    found = _from_file(given, data, errors)
    if not found and not any(error.origin == given for error in errors):
        errors.append(IngestError(given, _not_a_feed_list(given, data)))
    return found


def _not_a_feed_list(given: str, data: bytes) -> str:
    head = data[:4096].lower()
    what = "an HTML page, " if b"<html" in head or b"<!doctype html" in head else ""
    return (
        f"{what}not an RSS/Atom feed, an OPML file or a list of feed URLs: "
        f"`newsprism ingest {given}` reads articles from files"
    )


def _from_file(name: str, data: bytes, errors: list[IngestError]) -> list[FeedLink]:
    if is_opml(data):
        try:
            return parse_opml(data)
        except FeedParseError as error:
            errors.append(IngestError(name, str(error)))
            return []
    text = data.decode("utf-8", errors="replace")
    found, bad = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        token = stripped.split()[0]  # anything after the URL is a comment
        if _URL.fullmatch(token):
            found.append(FeedLink(token))
        else:
            bad.append(IngestError(f"{name}:{number}", f"not a feed URL: {token[:80]!r}"))
    if found:  # a list of feed URLs with a few bad lines: name them (the rest in one line)
        errors.extend(bad[:_SHOWN_BAD_LINES])
        if len(bad) > _SHOWN_BAD_LINES:
            errors.append(IngestError(name, f"{len(bad) - _SHOWN_BAD_LINES} more lines are not feed URLs"))
    return found
