"""One-off fetching: URLs to documents, for ``newsprism fetch`` and ``newsprism ingest https://...``.

A URL serving a page gives one document, extracted by :func:`newsprism.ingest.extract_html` with the same
metadata precedence as a saved file, its ``origin`` the URL asked for and its ``url`` the page's canonical
URL (else where the redirects ended). A URL serving a feed gives its items: each item's page, or, when the
item has no page or its page fails, the feed's own text for it, marked ``source_kind="feed-summary"``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from dataclasses import replace

from newsprism.ingest.detect import UndecodableError, describe_binary
from newsprism.ingest.feeds import Feed, FeedItem, FeedParseError, item_document, parse_feed
from newsprism.ingest.fields import document, outlet_from_url
from newsprism.ingest.html import extract_html
from newsprism.ingest.options import ReadOptions
from newsprism.live.fetcher import Fetcher
from newsprism.live.http import FetchError, HttpSettings, Response
from newsprism.records import IngestError, RawDocument

WEB_PAGE = "web-page"
FEED_ACCEPT = "application/rss+xml,application/atom+xml,application/rdf+xml,application/xml;q=0.9,*/*;q=0.5"
_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_FEED_ROOTS = (b"<rss", b"<feed", b"<rdf:rdf", b"<channel")

Item = RawDocument | IngestError


def kind_of(response: Response) -> str:
    """``feed``, ``html``, ``text`` or ``other``, from the Content-Type checked against the body."""
    head = response.content[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    feed_like = _feed_head(head)
    media_type = response.content_type
    if media_type in _HTML_TYPES or not media_type:
        return "feed" if feed_like and b"<html" not in head else "html"
    if media_type.endswith(("/xml", "+xml")):
        return "html" if b"<html" in head and not feed_like else "feed"
    if media_type == "text/plain":
        return "feed" if feed_like else "text"
    return "other"


def looks_like_feed(data: bytes) -> bool:
    """Whether bytes (a saved file) begin as an RSS, Atom or RDF feed and not as an HTML page."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return _feed_head(head) and b"<html" not in head


def _feed_head(head: bytes) -> bool:
    return (head.startswith(b"<?xml") and any(root in head for root in _FEED_ROOTS)) or head.startswith(
        _FEED_ROOTS
    )


def page_document(
    response: Response, origin: str, options: ReadOptions = ReadOptions(), item: FeedItem | None = None
) -> Item:
    """The page's main text as a document; the feed item (if any) fills a missing title or date."""
    binary = describe_binary(response.content[:4096])
    if binary:
        served = response.content_type or "no Content-Type"
        return IngestError(origin, f"not a page: binary content ({binary}) served as {served}")
    kind = kind_of(response)
    if kind not in {"html", "text"}:
        served = response.content_type or "no Content-Type"
        return IngestError(origin, f"not an HTML page: the server sends {served}")
    if not response.content.strip():
        return IngestError(origin, "empty page (no content)")
    try:
        text = response.text()
    except UndecodableError as error:
        return IngestError(origin, f"{error} (the server names charset {response.charset or 'none'})")
    raw = extract_html(text, origin, options) if kind == "html" else document(origin, text, "text", options)
    if isinstance(raw, IngestError):
        return raw
    url = raw.url or response.final_url
    title = raw.title or (item.title if item else None)
    return replace(
        raw,
        url=url,
        outlet=raw.outlet or outlet_from_url(url),
        title=title,
        has_title=raw.has_title or title is not None,
        published=raw.published or (item.published or item.updated if item else None),
        source_kind=WEB_PAGE,
    )


def item_origin(item: FeedItem, feed_url: str) -> str:
    """How an item's document is named: its link, else the feed URL and the item's guid."""
    return item.url or f"{feed_url}#{item.key}"


def with_fallback(
    page: Item | None, item: FeedItem, origin: str, options: ReadOptions, language: str | None
) -> list[Item]:
    """The page's document, else the feed's own text for the item (with the page's error beside it)."""
    if isinstance(page, RawDocument):
        return [page]
    summary = item_document(item, origin, options, language)
    if isinstance(summary, IngestError):
        reason = f"{page.reason}; and the feed item carries no text of its own" if page else summary.reason
        return [IngestError(origin, reason)]
    if page is None:
        return [summary]
    return [IngestError(origin, f"{page.reason}; ingested the feed's summary instead"), summary]


def fetch_documents(
    urls: Iterable[str], fetcher: Fetcher, options: ReadOptions = ReadOptions()
) -> Iterator[Item]:
    """Fetch every URL at once (politely, per host); yield documents in the order the URLs were given."""
    settings = fetcher.settings
    pending = [(url, fetcher.get(url, accept=FEED_ACCEPT, max_bytes=settings.max_feed_bytes)) for url in urls]
    for url, future in pending:
        try:
            response = future.result()
        except FetchError as error:
            yield IngestError(url, error.reason)
            continue
        if kind_of(response) != "feed":
            yield page_document(response, url, options)
            continue
        try:
            feed = parse_feed(response.content, response.final_url)
        except FeedParseError as error:
            yield IngestError(url, str(error))
            continue
        if feed.warning:
            yield IngestError(url, f"{feed.warning}; the {len(feed.items)} items before it are read")
        yield from _feed_items(feed, url, fetcher, options)


def read_url(url: str, options: ReadOptions) -> Iterator[Item]:
    """``URL_READERS`` entry: one URL read as ``newsprism ingest`` reads a file."""
    with Fetcher(HttpSettings()) as fetcher:
        yield from fetch_documents([url], fetcher, options)


def _feed_items(feed: Feed, feed_url: str, fetcher: Fetcher, options: ReadOptions) -> Iterator[Item]:
    futures: list[tuple[FeedItem, Future[Response] | None]] = [
        (item, fetcher.get(item.url) if item.url else None) for item in feed.items
    ]
    for item, future in futures:
        origin = item_origin(item, feed_url)
        page: Item | None = None
        if future is not None:
            try:
                page = page_document(future.result(), origin, options, item)
            except FetchError as error:
                page = IngestError(origin, error.reason)
        yield from with_fallback(page, item, origin, options, feed.language)
