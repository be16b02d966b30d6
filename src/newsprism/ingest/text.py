"""Readers for plain text and Markdown files: one article per file."""

from __future__ import annotations

from collections.abc import Iterator

from newsprism.ingest.fields import document, pick
from newsprism.ingest.markdown import markdown_to_text
from newsprism.ingest.options import ReadOptions
from newsprism.ingest.source import Source
from newsprism.records import IngestError, RawDocument


def read_text(source: Source, options: ReadOptions) -> Iterator[RawDocument | IngestError]:
    """The whole file is the article; cleaning finds its title in the first line."""
    text = source.read_text(options.max_file_bytes)
    yield document(source.origin, text, "text", options)


def read_markdown(source: Source, options: ReadOptions) -> Iterator[RawDocument | IngestError]:
    """A leading heading is the title; front matter may give url, date, outlet and language."""
    converted = markdown_to_text(source.read_text(options.max_file_bytes))
    if not converted.text.strip():
        yield IngestError(source.origin, "empty (no text besides Markdown markup)")
        return
    meta, fields = converted.metadata, options.fields
    yield document(
        source.origin,
        converted.text,
        "markdown",
        options,
        title=converted.title or pick(meta, fields.title)[1],
        url=pick(meta, fields.url)[1],
        outlet=pick(meta, fields.outlet)[1],
        published=pick(meta, fields.published)[1],
        language=pick(meta, fields.language)[1],
    )
