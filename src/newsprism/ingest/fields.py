"""Metadata precedence, in one place for every reader.

Outlet: the user's override, else the document's metadata, else the URL's domain; when all are missing
:func:`newsprism.clean.clean_document` falls back to a URL line in the text, then ``unknown`` (never the file
name: see :data:`newsprism.records.UNKNOWN_OUTLET`). Published: override, else metadata through
:func:`parse_datetime`; a date that does not parse is dropped, never fatal.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any, overload
from urllib.parse import urlsplit

from newsprism.ingest.dates import parse_datetime
from newsprism.ingest.options import ReadOptions
from newsprism.records import IngestError, RawDocument

_KEY_NOISE = re.compile(r"[\s_\-]+")
_LANGUAGE_TAG = re.compile(r"([A-Za-z]{2,3})(?:[-_]([A-Za-z0-9]{2,8}))*")
# Where a nested ``source``/``publisher`` object keeps the outlet's name (NewsAPI, schema.org).
_NAME_KEYS = ("name", "title", "id", "domain")
_SURROGATE = re.compile("[\ud800-\udfff]")


def document(
    origin: str,
    text: str,
    fmt: str,
    options: ReadOptions,
    *,
    title: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    published: object = None,
    language: str | None = None,
) -> RawDocument:
    """Build a RawDocument from what a reader found, applying the user's overrides and fallbacks."""
    text = _without_surrogates(text)
    title, url, outlet, language = (_without_surrogates(v) for v in (title, url, outlet, language))
    title = _clean_value(title)
    url = _clean_value(options.url) or _clean_value(url)
    published_at = parse_datetime(options.published) if options.published else lenient_date(published)
    return RawDocument(
        origin=origin,
        text=text,
        format=fmt,
        title=title,
        url=url,
        outlet=_clean_value(options.outlet) or _clean_value(outlet) or outlet_from_url(url),
        published=published_at,
        language=normalize_language(options.language) or normalize_language(language),
        has_title=title is not None,
    )


def document_from_record(
    record: Mapping[str, Any], origin: str, fmt: str, options: ReadOptions
) -> RawDocument | IngestError:
    """Map one JSON object or CSV row to a document with the options' FieldMap."""
    fields = options.fields
    text_name, text_value = pick(record, fields.text)
    if text_name is None:
        blank = _present_key(record, fields.text)
        if blank is not None:
            return IngestError(origin, f"empty (text field {blank!r} is blank)")
        found = ", ".join(str(key) for key in list(record)[:8]) or "none"
        wanted = ", ".join(fields.text)
        return IngestError(origin, f"no text field (looked for {wanted}; found {found})")
    text = _as_text(text_value)
    if text is None:
        kind = type(text_value).__name__
        return IngestError(origin, f"text field {text_name!r} holds {kind}, not text")
    if not text.strip():
        return IngestError(origin, f"empty (text field {text_name!r} is blank)")
    return document(
        origin,
        text,
        fmt,
        options,
        title=_as_scalar_text(pick(record, fields.title)[1]),
        url=_as_scalar_text(pick(record, fields.url)[1]),
        outlet=_outlet_value(pick(record, fields.outlet)[1]),
        published=pick(record, fields.published)[1],
        language=_as_scalar_text(pick(record, fields.language)[1]),
    )


def pick(record: Mapping[str, Any], names: tuple[str, ...]) -> tuple[str | None, Any]:
    """The first of ``names`` present with a non-empty value: (the record's key, its value)."""
    keys = {_field_key(key): key for key in record if isinstance(key, str)}
    for name in names:
        if "." in name:
            value = _dotted(record, name)
            if not _is_blank(value):
                return name, value
            continue
        key = keys.get(_field_key(name))
        if key is not None and not _is_blank(record[key]):
            return key, record[key]
    return None, None


def _present_key(record: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    keys = {_field_key(key): key for key in record if isinstance(key, str)}
    return next((keys[_field_key(name)] for name in names if _field_key(name) in keys), None)


def outlet_from_url(url: str | None) -> str | None:
    """The URL's host, lower-cased and without ``www.``: the outlet when nothing names it."""
    if not url:
        return None
    try:
        host = urlsplit(url if "://" in url else f"//{url}").hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    return host.removeprefix("www.")


def normalize_language(value: str | None) -> str | None:
    """``en``, ``en-GB`` style tags; anything else (``English``) is kept as given, lower-cased."""
    value = _clean_value(value)
    if value is None:
        return None
    if _LANGUAGE_TAG.fullmatch(value):
        primary, *rest = re.split(r"[-_]", value)
        return "-".join([primary.lower(), *(part.upper() if len(part) == 2 else part for part in rest)])
    return value.lower()


def lenient_date(value: object) -> datetime | None:
    if _is_blank(value) or not isinstance(value, str | int | float | datetime):
        return None
    try:
        return parse_datetime(value)
    except ValueError:
        return None


def _field_key(name: str) -> str:
    return _KEY_NOISE.sub("", name).lower()


def _dotted(record: Mapping[str, Any], dotted: str) -> Any:
    value: Any = record
    for part in dotted.split("."):
        if not isinstance(value, Mapping):
            return None
        value = pick(value, (part,))[1]
    return value


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value in ([], {})


def _as_text(value: Any) -> str | None:
    # A list of strings is a list of paragraphs.
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return "\n\n".join(value)
    return None


def _as_scalar_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _outlet_value(value: Any) -> str | None:
    if isinstance(value, Mapping):
        return _as_scalar_text(pick(value, _NAME_KEYS)[1])
    return _as_scalar_text(value)


@overload
def _without_surrogates(value: str) -> str: ...
@overload
def _without_surrogates(value: str | None) -> str | None: ...
def _without_surrogates(value: str | None) -> str | None:
    # JSON's "\ud800" escapes decode to lone surrogates, which no encoder accepts (hashing, storing).
    return _SURROGATE.sub("\ufffd", value) if value else value


def _clean_value(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None
