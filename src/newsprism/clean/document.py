"""From a RawDocument to a clean Article: normalise, drop boilerplate, find the title, split sentences.

Every sentence of the Article is an exact substring of its text, so anything shown later can be traced
back. The text is the kept paragraphs joined by a blank line; a dateline opening it ("TAMPA, Fla. (AP) –")
stays in the text but in no sentence.
"""

from __future__ import annotations

import hashlib
import re

from newsprism.clean.boilerplate import lead_dateline_end, strip_boilerplate, trim_trailing_junk_with_spans
from newsprism.clean.language import detect_language, normalize_language
from newsprism.clean.normalize import normalize_inline, normalize_text
from newsprism.clean.paragraphs import Line, split_lines
from newsprism.clean.sentences import sentence_spans
from newsprism.clean.titles import first_sentence, shorten_title, take_title
from newsprism.ingest.fields import outlet_from_url
from newsprism.records import Article, RawDocument, TitleSource, unknown_outlet

PARAGRAPH_BREAK = "\n\n"
_DATELINE_PARAGRAPHS = 3  # a dateline opens the lead, which a caption or a heading may precede
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
    title_source: TitleSource = "metadata"
    if title:
        lines = _without_repeated_title(lines, title)
    elif not raw.has_title:
        title, lines, title_source = take_title(lines)
    # never removes the last sentence
    paragraphs, last_spans = trim_trailing_junk_with_spans([line.text for line in lines])
    text = PARAGRAPH_BREAK.join(paragraphs)
    spans = last_spans if len(paragraphs) == 1 and last_spans is not None else sentence_spans(text)
    spans = _after_dateline(text, spans)
    sentences = tuple(text[start:end] for start, end in spans)
    url = raw.url or facts.url
    outlet = raw.outlet or outlet_from_url(url) or outlet_from_origin(raw.origin, text)
    if not title:
        title, title_source = shorten_title(first_sentence(text, spans)), "sentence"
    return Article(
        id=article_id(outlet, title, text),
        outlet=outlet,
        title=title,
        text=text,
        sentences=sentences,
        text_hash=text_fingerprint(text),
        url=url,
        published=raw.published or facts.published,
        language=normalize_language(raw.language) or detect_language(f"{title}\n{text}"),
        origin=raw.origin,
        source_kind=raw.source_kind,
        title_source=title_source,
    )


def _after_dateline(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A sentence opening one of the first paragraphs starts after its dateline ("TAMPA, Fla. (AP) – "),
    which stays in the text: the lead may follow a caption or a heading."""
    opening = [k for k, (start, _) in enumerate(spans) if start == 0 or text[start - 1] == "\n"]
    found = list(spans)
    for k in opening[:_DATELINE_PARAGRAPHS]:
        start, end = spans[k]
        found[k] = (start + lead_dateline_end(text[start:end]), end)
    return found


def article_id(outlet: str, title: str, text: str) -> str:
    """Stable id: the same outlet, title and cleaned text always give the same id."""
    return hashlib.sha256(f"{outlet}\x1f{title}\x1f{text}".encode()).hexdigest()[:16]


def text_fingerprint(text: str) -> str:
    """Hash of the text lower-cased with every non-alphanumeric removed: reformatted copies share it."""
    return hashlib.sha256(_NOT_ALPHANUMERIC.sub("", text.lower()).encode()).hexdigest()[:16]


def outlet_from_origin(origin: str, text: str = "") -> str:
    """The outlet of last resort: the host of an origin that is a URL, else ``unknown-`` and the start of
    the text's fingerprint (:func:`newsprism.records.unknown_outlet`), one per article.

    A file's name never names an outlet: ``000_efc234f7d9ef9d66.txt`` or ``dev.jsonl`` (every record of
    it) would pass for one, and a story's reports would look grouped under it.
    """
    if "://" in origin and (outlet := outlet_from_url(origin)):
        return outlet
    return unknown_outlet(text_fingerprint(text))


def _without_repeated_title(lines: list[Line], title: str) -> list[Line]:
    # Scraped dumps often repeat the headline as the first line of the body.
    if len(lines) > 1 and _comparable(lines[0].text) == _comparable(title):
        return lines[1:]
    return lines


def _comparable(text: str) -> str:
    return _NOT_ALPHANUMERIC.sub("", text.lower())
