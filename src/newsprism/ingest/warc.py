"""WARC archives (Common Crawl's CC-NEWS and any crawler writing WARC/1.0 or 1.1), read with ``warcio``.

Only ``response`` records of HTML pages with a 2xx status carry articles; request, metadata and other
records are skipped silently, because a crawl holds several of them per page (a file with no article page
at all is one error saying so). Each page is decoded as a fetched page is (the charset its HTTP header
names first: a crawl keeps the header, and many pages name their charset nowhere else) and goes through
the same HTML extraction as a single page file; its origin is ``path#record N`` (N counts every record
from 1, as ``warcio index`` does) so a user can find it again. The record's target URI is the article's
URL unless the user gave one, and the crawl date stands in for a page that names no publication date.
"""

from __future__ import annotations

import dataclasses
import io
import zlib
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from newsprism.ingest.detect import charset_param, decode_body
from newsprism.ingest.fields import lenient_date
from newsprism.ingest.html import extract_html
from newsprism.ingest.options import ReadOptions
from newsprism.ingest.source import Source, describe_size
from newsprism.records import IngestError, RawDocument

Item = RawDocument | IngestError
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(source: Source, options: ReadOptions) -> Iterator[Item]:
    """One document per HTML response record; one error per bad record, naming it, and the rest read on."""
    number = yielded = 0
    try:
        # The raw bytes: warcio undoes the per-record gzip members itself, record by record.
        raw = source.path.open("rb") if source.path is not None else io.BytesIO(source.data or b"")
        with raw as stream:
            for number, record in enumerate(ArchiveIterator(stream), start=1):
                if record.rec_type != "response":
                    continue
                place = f"{source.origin}#record {number}"
                item = _response(record, place, options)
                if item is not None:
                    yielded += 1
                    yield item
    except ArchiveLoadFailed as error:
        yield IngestError(source.origin, f"not a readable WARC file{_after(number)}: {error}")
        return
    except (EOFError, zlib.error):
        yield IngestError(source.origin, f"truncated or corrupt gzip data{_after(number)}")
        return
    except Exception as error:  # warcio on arbitrary bytes: one bad file must not stop a batch
        reason = f"{type(error).__name__}: {error}"
        yield IngestError(source.origin, f"not a readable WARC file{_after(number)} ({reason})")
        return
    if number == 0:
        yield IngestError(source.origin, "empty (no WARC records)")
    elif yielded == 0:  # skipping is silent per record, never for a whole file
        reason = f"no article pages (none of its {number} records is an HTML response with a 2xx status)"
        yield IngestError(source.origin, reason)


def _after(number: int) -> str:
    return f" after record {number}" if number else ""


def _response(record: object, place: str, options: ReadOptions) -> Item | None:
    """The page a response record carries, an error saying why it cannot be read, or None to skip it."""
    http = record.http_headers  # type: ignore[attr-defined]
    if http is None:
        return IngestError(place, "response record without HTTP headers")
    status = http.get_statuscode() or ""
    content_type = http.get_header("Content-Type") or ""
    media_type = content_type.split(";")[0].strip().lower()
    if not status.startswith("2") or (media_type and media_type not in _HTML_TYPES):
        return None  # redirects, errors, images, feeds: not articles
    limit = options.max_file_bytes
    try:
        # One byte past the limit at most: warcio undoes the Content-Encoding as it reads, and a 2 MB
        # record that inflates to 1 GB was held whole before.
        body = record.content_stream().read(limit + 1)  # type: ignore[attr-defined]
    except Exception as error:  # truncated or corrupt transfer/content encodings: this record only
        return IngestError(place, f"unreadable record body: {type(error).__name__}: {error}")
    if len(body) > limit:
        return IngestError(
            place,
            f"too large: the page decompresses to more than {describe_size(limit)}, the limit for a page"
            " read whole (ReadOptions.max_file_bytes)",
        )
    headers = record.rec_headers  # type: ignore[attr-defined]
    uri = headers.get_header("WARC-Target-URI")
    page_options = options if options.url or not uri else dataclasses.replace(options, url=uri)
    try:
        html = decode_body(body, charset_param(content_type))
    except ValueError as error:
        return IngestError(place, str(error))
    item = extract_html(html, place, page_options)
    if isinstance(item, RawDocument) and item.published is None and options.published is None:
        item = dataclasses.replace(item, published=lenient_date(headers.get_header("WARC-Date")))
    return item
