"""What a caller can tell the readers: which fields hold what, and values that win over the files' own."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

MIB = 1 << 20
# Defaults far above any real article or dump file, low enough that one hostile input cannot exhaust
# memory: a whole-file reader holds the bytes, the decoded text and a parse tree at once.
MAX_FILE_BYTES = 64 * MIB
MAX_RECORD_BYTES = 16 * MIB
MAX_DECOMPRESSED_BYTES = 1024 * MIB


@dataclass(frozen=True, slots=True)
class FieldMap:
    """Which JSON/CSV fields hold what.

    Each entry lists accepted names, first match wins. Names match case-insensitively and ignoring
    ``_``, ``-`` and spaces (so ``published_at`` also finds ``publishedAt``); a dotted name such as
    ``source.name`` reaches into a nested object.
    """

    text: tuple[str, ...] = ("text", "body", "content", "article", "maintext")
    title: tuple[str, ...] = ("title", "headline")
    url: tuple[str, ...] = ("url", "link")
    published: tuple[str, ...] = ("published", "date", "pubDate", "published_at", "date_publish")
    outlet: tuple[str, ...] = ("outlet", "source", "domain", "site", "publisher")
    language: tuple[str, ...] = ("language", "lang")


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read a batch of inputs.

    ``outlet``, ``url``, ``published`` and ``language`` are the user's overrides (CLI ``--outlet`` and
    friends): when set they win over whatever the files say. ``format`` forces one reader (``text``,
    ``markdown``, ``html``, ``json``, ``jsonl``, ``csv``, ``tsv``) instead of going by file extension and
    content; ``include_hidden`` also reads dot-files and dot-folders found inside folders.

    Limits keep one hostile input from exhausting memory; each is reported as an error naming the item.
    ``max_file_bytes``: a file read whole (every format but JSON Lines), counted after decompression;
    for WARC, which is streamed, each record's page.
    ``max_record_bytes``: one JSON Lines line (JSON Lines files are streamed, so have no file limit).
    ``max_decompressed_bytes``: everything a ``.gz`` file inflates to, streamed or not (gzip bombs).
    ``exclude``: files never read, as resolved paths (the store's own files: a folder given to ingest may
    hold the store); each one met is reported as skipped.
    """

    outlet: str | None = None
    url: str | None = None
    published: datetime | None = None
    language: str | None = None
    fields: FieldMap = field(default_factory=FieldMap)
    format: str | None = None
    include_hidden: bool = False
    max_file_bytes: int = MAX_FILE_BYTES
    max_record_bytes: int = MAX_RECORD_BYTES
    max_decompressed_bytes: int = MAX_DECOMPRESSED_BYTES
    exclude: frozenset[Path] = frozenset()
