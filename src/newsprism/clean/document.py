"""From a RawDocument to a clean Article: normalise, drop boilerplate, find the title, split sentences.

Every sentence of the Article is an exact substring of its text, so anything shown later can be traced
back. The text is the kept paragraphs joined by a blank line.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import PurePath

from newsprism.clean.boilerplate import strip_boilerplate, trim_trailing_junk
from newsprism.clean.normalize import normalize_inline, normalize_text
from newsprism.clean.paragraphs import Line, split_lines
from newsprism.clean.sentences import sentence_spans
from newsprism.clean.titles import shorten_title, take_title
from newsprism.ingest.fields import outlet_from_url
from newsprism.records import Article, RawDocument

PARAGRAPH_BREAK = "\n\n"
_ORIGIN_LOCATOR = re.compile(r"(?::\d+|#row \d+|\[\d+\])$")
_NOT_ALPHANUMERIC = re.compile(r"[\W_]+")


class EmptyDocumentError(ValueError):
    """Nothing of the document is left to call an article; names the origin and why."""

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


def clean_document(raw: RawDocument) -> Article:
    """Clean one document; raise :class:`EmptyDocumentError` when no article text remains."""
    lines = split_lines(normalize_text(raw.text))
    if not lines:
        raise EmptyDocumentError(raw.origin, "empty text")
    lines, facts = strip_boilerplate(lines)
    if not lines:
        raise EmptyDocumentError(raw.origin, "only boilerplate (no article text left after cleaning)")
    title = normalize_inline(raw.title) if raw.title else ""
    if title:
        lines = _without_repeated_title(lines, title)
    elif not raw.has_title:
        title, lines = take_title(lines)
    paragraphs = trim_trailing_junk([line.text for line in lines])  # never removes the last sentence
    text = PARAGRAPH_BREAK.join(paragraphs)
    sentences = tuple(text[start:end] for start, end in sentence_spans(text))
    url = raw.url or facts.url
    outlet = raw.outlet or outlet_from_url(url) or outlet_from_origin(raw.origin)
    title = title or shorten_title(sentences[0])
    return Article(
        id=article_id(outlet, title, text),
        outlet=outlet,
        title=title,
        text=text,
        sentences=sentences,
        text_hash=text_fingerprint(text),
        url=url,
        published=raw.published or facts.published,
        language=raw.language,
        origin=raw.origin,
        source_kind=raw.source_kind,
    )


def article_id(outlet: str, title: str, text: str) -> str:
    """Stable id: the same outlet, title and cleaned text always give the same id."""
    return hashlib.sha256(f"{outlet}\x1f{title}\x1f{text}".encode()).hexdigest()[:16]


def text_fingerprint(text: str) -> str:
    """Hash of the text lower-cased with every non-alphanumeric removed: reformatted copies share it."""
    return hashlib.sha256(_NOT_ALPHANUMERIC.sub("", text.lower()).encode()).hexdigest()[:16]


def outlet_from_origin(origin: str) -> str:
    """The file name stem of an origin (``data/bbc.jsonl:17`` gives ``bbc``): the outlet of last resort."""
    if "://" in origin and (outlet := outlet_from_url(origin)):
        return outlet
    name = PurePath(_ORIGIN_LOCATOR.sub("", origin)).name.strip("<>")
    name = name.removesuffix(".gz").removesuffix(".GZ")
    return PurePath(name).stem or name or "unknown"


def _without_repeated_title(lines: list[Line], title: str) -> list[Line]:
    # Scraped dumps often repeat the headline as the first line of the body.
    if len(lines) > 1 and _comparable(lines[0].text) == _comparable(title):
        return lines[1:]
    return lines


def _comparable(text: str) -> str:
    return _NOT_ALPHANUMERIC.sub("", text.lower())
