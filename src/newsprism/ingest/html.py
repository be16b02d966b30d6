"""Reader for HTML pages: main text and metadata through trafilatura.

The extraction settings are the ones that measured best on the Zyte article-extraction benchmark
(``python -m bench.extraction``): comments excluded and precision favoured, which drops more of the
related-links and teaser blocks that otherwise end up in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

import trafilatura

from newsprism.ingest.fields import document
from newsprism.ingest.options import ReadOptions
from newsprism.ingest.source import Source
from newsprism.records import IngestError, RawDocument

EXTRACTION_SETTINGS = {"include_comments": False, "favor_precision": True, "include_tables": True}
_DATE_PARAMS = {"extensive_search": True, "original_date": True}
# trafilatura (htmldate) keeps only the day; these publication-time tags usually carry the time as well.
_PUBLISHED_META = re.compile(
    r"""<meta\b[^>]*?\b(?:property|name|itemprop)\s*=\s*["']?(?:article:published_time|og:published_time"""
    r"""|datePublished|pubdate|publish[-_]date|dc\.date\.issued)["']?[^>]*?\bcontent\s*=\s*["']([^"']+)"""
    r'|"datePublished"\s*:\s*"([^"]+)"',
    re.I,
)
_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)", re.I)


def read_html(source: Source, options: ReadOptions) -> Iterator[RawDocument | IngestError]:
    html = source.read_text()
    yield extract_html(html, source.origin, options)


def extract_html(
    html: str, origin: str, options: ReadOptions, *, settings: Mapping[str, bool] = EXTRACTION_SETTINGS
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
    text = getattr(extracted, "text", None) or ""
    if not text.strip():
        return IngestError(origin, "no main text found in the HTML page")
    lang = _HTML_LANG.search(html[:20_000])
    published_meta = _PUBLISHED_META.search(html)
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


def _more_precise(meta: re.Match[str] | None, day: str | None) -> str | None:
    """The publication-time tag when it is on the day trafilatura found (or it found none)."""
    if meta is None:
        return day
    stamp = meta.group(1) or meta.group(2)
    return stamp if day is None or stamp.startswith(day[:10]) else day
