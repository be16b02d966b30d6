"""Reader for HTML pages: main text and metadata through trafilatura.

The extraction settings are the ones that measured best on the Zyte article-extraction benchmark
(``python -m bench.extraction``): comments excluded and precision favoured, which drops more of the
related-links and teaser blocks that otherwise end up in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, TypedDict

import trafilatura
from trafilatura.settings import Document

from newsprism.ingest.fields import document
from newsprism.ingest.options import ReadOptions
from newsprism.ingest.source import Source
from newsprism.records import IngestError, RawDocument


class ExtractionSettings(TypedDict, total=False):
    """trafilatura's on/off extraction switches (``trafilatura.bare_extraction``'s keywords)."""

    fast: bool
    no_fallback: bool
    favor_precision: bool
    favor_recall: bool
    include_comments: bool
    include_tables: bool
    include_images: bool
    include_formatting: bool
    include_links: bool
    only_with_metadata: bool


EXTRACTION_SETTINGS: ExtractionSettings = {
    "include_comments": False,
    "favor_precision": True,
    "include_tables": True,
}
_DATE_PARAMS: dict[str, Any] = {"extensive_search": True, "original_date": True}
# trafilatura (htmldate) keeps only the day; these publication-time tags usually carry the time as well.
# Tags are found first and read one at a time: one pattern across a whole page backtracked cubically on a
# run of unclosed ``<meta`` tags (500 of them took 30 s).
_META_TAG = re.compile(r"<meta\b[^<>]{0,4000}>", re.I)
_PUBLISHED_PROPERTY = re.compile(
    r"""\b(?:property|name|itemprop)\s*=\s*["']?(?:article:published_time|og:published_time"""
    r"""|datePublished|pubdate|publish[-_]date|dc\.date\.issued)""",
    re.I,
)
_META_CONTENT = re.compile(r"""\bcontent\s*=\s*["']([^"']+)""", re.I)
_JSON_LD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]+)"', re.I)
_HTML_LANG = re.compile(r"<html\b[^<>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)", re.I)


def read_html(source: Source, options: ReadOptions) -> Iterator[RawDocument | IngestError]:
    html = source.read_text(options.max_file_bytes)
    yield extract_html(html, source.origin, options)


def extract_html(
    html: str, origin: str, options: ReadOptions, *, settings: ExtractionSettings = EXTRACTION_SETTINGS
) -> RawDocument | IngestError:
    """Extract one page's main text; paragraphs are separated by blank lines.

    ``settings`` are trafilatura's extraction switches (``favor_precision``, ``include_tables``, ...).
    """
    if not html.strip():
        return IngestError(origin, "empty")
    try:
        extracted = trafilatura.bare_extraction(
            html, url=options.url, with_metadata=True, date_extraction_params=_DATE_PARAMS, **settings
        )
    except Exception as error:  # a third-party parser on arbitrary pages: one bad page must not stop a batch
        return IngestError(origin, f"HTML extraction failed: {type(error).__name__}: {error}")
    # A Document, or None when trafilatura found no main text (a dict only with as_dict=True).
    text = (extracted.text or "") if isinstance(extracted, Document) else ""
    if not isinstance(extracted, Document) or not text.strip():
        return IngestError(origin, "no main text found in the HTML page")
    lang = _HTML_LANG.search(html[:20_000])
    published_meta = _published_stamp(html)
    return document(
        origin,
        "\n\n".join(line for line in text.split("\n") if line.strip()),
        "html",
        options,
        title=extracted.title,
        url=extracted.url,
        outlet=extracted.sitename,
        published=_more_precise(published_meta, extracted.date),
        language=lang.group(1) if lang else extracted.language,
    )


def _published_stamp(html: str) -> str | None:
    """The first publication time a meta tag or JSON-LD ``datePublished`` gives, in page order."""
    found: list[tuple[int, str]] = []
    for tag in _META_TAG.finditer(html):
        content = _META_CONTENT.search(tag.group())
        if content and _PUBLISHED_PROPERTY.search(tag.group(), 0, content.start()):
            found.append((tag.start(), content.group(1)))
            break
    json_ld = _JSON_LD_PUBLISHED.search(html)
    if json_ld:
        found.append((json_ld.start(), json_ld.group(1)))
    return min(found)[1] if found else None


def _more_precise(stamp: str | None, day: str | None) -> str | None:
    """The publication-time tag when it is on the day trafilatura found (or it found none)."""
    if stamp is None:
        return day
    return stamp if day is None or stamp.startswith(day[:10]) else day
