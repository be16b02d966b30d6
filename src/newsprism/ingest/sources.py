"""From what the user named (files, folders, globs, URLs, ``-``) to documents, one reader per format.

Readers are looked up in two tables, :data:`READERS` by format and :data:`URL_READERS` by URL scheme. A
saved feed file is read from the feed's own text. Reading the web is not this package's work: the layer
that fetches (:mod:`newsprism.live`) registers its reader of ``http(s)://`` inputs here with
:func:`register_url_reader` (``newsprism.live.urls.register_url_readers``; the command line does it), and
without one such an input is reported, not fetched. Nothing here raises for a bad input: each problem is an
:class:`IngestError` naming the input, and the batch goes on.
"""

from __future__ import annotations

import glob
import gzip
import os
import re
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from newsprism.ingest.detect import (
    BINARY_FORMATS,
    GZIP_MAGIC,
    PARQUET_MAGIC,
    UndecodableError,
    describe_binary,
    format_from_name,
    sniff_format,
)
from newsprism.ingest.feeds import read_feed
from newsprism.ingest.html import read_html
from newsprism.ingest.options import ReadOptions
from newsprism.ingest.source import InputTooLargeError, Source
from newsprism.ingest.tabular import read_csv, read_json, read_jsonl, read_parquet, read_tsv
from newsprism.ingest.text import read_markdown, read_text
from newsprism.ingest.warc import read_warc
from newsprism.records import IngestError, RawDocument

Item = RawDocument | IngestError
Reader = Callable[[Source, ReadOptions], Iterator[Item]]
UrlReader = Callable[[str, ReadOptions], Iterator[Item]]

_URL_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")
_GLOB_CHARS = re.compile(r"[*?\[]")
STORE_FILE_REASON = "the store's own file (database, journal or lock): never read as an article"


READERS: dict[str, Reader] = {
    "text": read_text,
    "markdown": read_markdown,
    "html": read_html,
    "json": read_json,
    "jsonl": read_jsonl,
    "csv": read_csv,
    "tsv": read_tsv,
    "feed": read_feed,
    "parquet": read_parquet,
    "warc": read_warc,
}
# The schemes of web pages and feeds: read by the reader registered for them, never listed as files.
WEB_SCHEMES = ("http", "https")
URL_READERS: dict[str, UrlReader] = {}
DEFAULT_OPTIONS = ReadOptions()


def register_url_reader(scheme: str, reader: UrlReader) -> None:
    """Read inputs naming ``scheme://`` URLs with ``reader`` (one URL and the read options -> items)."""
    URL_READERS[scheme.lower()] = reader


@dataclass(frozen=True, slots=True)
class UrlInput:
    """An input naming a URL: fetched by its scheme's reader, never listed as a file."""

    url: str
    scheme: str


def read_inputs(inputs: Iterable[str | Path], options: ReadOptions = DEFAULT_OPTIONS) -> Iterator[Item]:
    """Read every document the inputs name, in a deterministic order.

    Folders are walked recursively in sorted order, skipping hidden entries; globs (``data/*.jsonl``,
    ``**``) are expanded; ``-`` is standard input; a file named twice is read once. Yields a
    :class:`RawDocument` per article and an :class:`IngestError` per unreadable item, never raising for
    bad input. Raises ``ValueError`` only for an unknown ``options.format``.
    """
    for found in input_sources(inputs, options):
        if isinstance(found, IngestError):
            yield found
        elif isinstance(found, UrlInput):
            yield from _read_scheme(found.url, found.scheme, options)
        else:
            yield from read_source(found, options)


def input_sources(
    inputs: Iterable[str | Path], options: ReadOptions = DEFAULT_OPTIONS
) -> Iterator[Source | UrlInput | IngestError]:
    """The files (and URLs) the inputs name, in reading order, each file once; the batch job hands these
    to its executors, which read each with :func:`read_source`."""
    if options.format is not None and options.format not in READERS:
        raise ValueError(f"unknown format {options.format!r}; choose one of {', '.join(sorted(READERS))}")
    seen: set[Path] = set()
    for given in inputs:
        name = str(given)
        scheme = url_scheme(given)
        if scheme is not None and scheme != "file":
            yield UrlInput(name, scheme)
            continue
        if scheme:
            name = name[len("file://") :]
        for found in _expand(name, options):
            if isinstance(found, IngestError):
                yield found
                continue
            if found.path is not None:
                key = found.path.resolve()
                if key in seen:
                    continue
                seen.add(key)
                if key in options.exclude:
                    yield IngestError(found.origin, STORE_FILE_REASON)
                    continue
            yield found


def url_scheme(given: str | Path) -> str | None:
    """The scheme of an input naming a URL (``https``, ``file``, ``s3a``), lower-cased; None for a path
    (a :class:`~pathlib.Path` is always a path)."""
    found = _URL_SCHEME.match(given) if isinstance(given, str) else None
    return found.group(1).lower() if found else None


def _read_scheme(url: str, scheme: str, options: ReadOptions) -> Iterator[Item]:
    reader = URL_READERS.get(scheme)
    if reader is None and scheme in WEB_SCHEMES:
        yield IngestError(
            url, "no reader of web pages here: `newsprism ingest` or `newsprism fetch` reads it"
        )
        return
    if reader is None:
        yield IngestError(url, f"unsupported URL scheme {scheme!r} (expected http or https)")
        return
    yield from reader(url, options)


def _expand(name: str, options: ReadOptions) -> Iterator[Source | IngestError]:
    """The files one input names, or why it names none."""
    if name == "-":
        yield Source("<stdin>", None, data=sys.stdin.buffer.read())
        return
    path = Path(name)
    if path.is_dir():
        files = _walk(path, options.include_hidden)
        if not files:
            yield IngestError(name, "empty folder (no files to read)")
        yield from (_file_source(file) for file in files)
    elif path.exists():
        yield _file_source(path)
    elif _GLOB_CHARS.search(name):
        matches = sorted(glob.glob(name, recursive=True))  # noqa: PTH207 (absolute patterns too)
        if not matches:
            yield IngestError(name, "no files match this pattern")
        for match in matches:
            match_path = Path(match)
            files = _walk(match_path, options.include_hidden) if match_path.is_dir() else [match_path]
            yield from (_file_source(file) for file in files)
    else:
        yield IngestError(name, "file not found")


def _walk(folder: Path, include_hidden: bool) -> list[Path]:
    files: list[Path] = []
    for root, dirnames, filenames in os.walk(folder):
        if not include_hidden:
            dirnames[:] = [name for name in dirnames if not name.startswith(".")]
        files.extend(Path(root, name) for name in filenames if include_hidden or not name.startswith("."))
    return sorted(files, key=lambda file: file.parts)


def _file_source(path: Path) -> Source:
    return Source(str(path), path, compressed=format_from_name(path.name)[1])


def read_source(source: Source, options: ReadOptions = DEFAULT_OPTIONS) -> Iterator[Item]:
    """Every document of one file, by the reader its format names; errors name the file or record."""
    try:
        if (options.format or format_from_name(source.origin)[0]) == "warc":
            yield from READERS["warc"](source, options)  # per-record gzip: read from the raw bytes
            return
        head = source.head()
        if head.startswith(GZIP_MAGIC) and not source.compressed:
            source = replace(source, compressed=True)
            head = source.head()
        if not head.strip():
            yield IngestError(source.origin, "empty")
            return
        named = options.format or format_from_name(source.origin)[0]
        if named in BINARY_FORMATS or (named is None and head.startswith(PARQUET_MAGIC)):
            yield from READERS[named or "parquet"](source, options)
            return
        binary = describe_binary(head)
        if binary:
            yield IngestError(source.origin, f"binary file ({binary})")
            return
        fmt = options.format or format_from_name(source.origin)[0] or sniff_format(_peek_text(head))
        yield from READERS[fmt](source, options)
    except (UndecodableError, InputTooLargeError) as error:
        yield IngestError(source.origin, str(error))
    except (OSError, EOFError, zlib.error) as error:
        yield IngestError(source.origin, _os_reason(error))


def _peek_text(head: bytes) -> str:
    return head.decode("utf-8", errors="replace")


def _os_reason(error: BaseException) -> str:
    if isinstance(error, FileNotFoundError):
        return "file not found"
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, IsADirectoryError):
        return "is a folder, not a file"
    if isinstance(error, EOFError):
        return "truncated gzip data (the file ends early)"
    if isinstance(error, zlib.error | gzip.BadGzipFile):
        return f"corrupt gzip data: {error}"
    return getattr(error, "strerror", None) or str(error)
