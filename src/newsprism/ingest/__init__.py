"""Ingest: read files, folders, globs and dumps into :class:`~newsprism.records.RawDocument` records.

``read_inputs`` is the one entry point; it yields an :class:`~newsprism.records.IngestError` for each
item it cannot read and goes on. See ``docs/ingest.md`` for the formats, field mapping and error reasons.
"""

from newsprism.ingest.dates import parse_datetime
from newsprism.ingest.fields import normalize_language, outlet_from_url
from newsprism.ingest.html import extract_html
from newsprism.ingest.options import FieldMap, ReadOptions
from newsprism.ingest.sources import (
    READERS,
    URL_READERS,
    WEB_SCHEMES,
    input_sources,
    read_inputs,
    read_source,
    register_url_reader,
)

__all__ = [
    "READERS",
    "URL_READERS",
    "WEB_SCHEMES",
    "FieldMap",
    "ReadOptions",
    "extract_html",
    "input_sources",
    "normalize_language",
    "outlet_from_url",
    "parse_datetime",
    "read_inputs",
    "read_source",
    "register_url_reader",
]
