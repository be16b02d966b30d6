"""Ingest over HTTP: JSON items or uploaded files, through ``Pipeline.ingest_documents``, one run at a time.

A second request while a run is going gets :class:`IngestBusyError` (HTTP 409) instead of waiting in a
queue nobody can see. Each run gets a fresh pipeline unless the store is unchanged since the last run, so
articles another process (``newsprism ingest``) stored in between are always taken into account.
"""

from __future__ import annotations

import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePath

from newsprism.ingest import READERS, ReadOptions, parse_datetime, read_inputs
from newsprism.ingest.source import Source
from newsprism.pipeline import Pipeline
from newsprism.records import IngestError, RawDocument
from newsprism.serve.schemas import ArticleIn
from newsprism.store.lock import WriterBusyError

Item = RawDocument | IngestError


class IngestBusyError(RuntimeError):
    """Another ingest is running in this server, or another process is writing the store."""


@dataclass(frozen=True, slots=True)
class ItemResult:
    origin: str
    status: str
    article_id: str | None
    story_id: str | None
    reason: str | None


@dataclass(frozen=True, slots=True)
class IngestResult:
    items: tuple[ItemResult, ...]
    added: int
    already_stored: int
    rejected: int
    new_stories: tuple[str, ...]
    updated_stories: tuple[str, ...]
    seconds: float


def documents_from_json(articles: Sequence[ArticleIn]) -> list[Item]:
    """Each JSON item as the document a reader would have produced; a bad item becomes an IngestError."""
    found: list[Item] = []
    for index, item in enumerate(articles):
        origin = item.origin or item.url or f"articles[{index}]"
        if not (item.text or "").strip():
            found.append(IngestError(origin, "no text: give the article in `text`"))
            continue
        try:
            published = parse_datetime(item.published) if item.published else None
        except ValueError as exc:
            found.append(IngestError(origin, f"published: {exc}"))
            continue
        options = ReadOptions(
            outlet=item.outlet or (None if item.url else "unknown"),
            url=item.url,
            published=published,
            language=item.language,
            format=item.format,
        )
        source = Source(origin, None, data=(item.text or "").encode("utf-8"))
        for document in READERS[item.format](source, options):
            if isinstance(document, RawDocument) and item.title:
                document = replace(document, title=item.title, has_title=True)
            found.append(document)
    return found


def documents_from_files(files: Sequence[tuple[str, bytes]]) -> list[Item]:
    """Uploaded files read exactly as ``newsprism ingest`` reads files, named by their upload names."""
    found: list[Item] = []
    with tempfile.TemporaryDirectory(prefix="newsprism-upload-") as tmp:
        for index, (name, data) in enumerate(files):
            safe = PurePath(name.replace("\\", "/")).name.lstrip(".") or f"upload-{index}.txt"
            folder = Path(tmp, str(index))
            folder.mkdir()
            (folder / safe).write_bytes(data)
            prefix = f"{folder}/"
            for document in read_inputs([folder / safe]):
                origin = document.origin.replace(prefix, "", 1)
                found.append(replace(document, origin=origin))
    return found


def documents_from_urls(urls: Sequence[str], public_only: bool, max_items: int) -> list[Item]:
    """Pages and feeds fetched as ``newsprism fetch`` fetches them (politely), at most ``max_items``
    documents; with ``public_only`` no connection is made to a non-public address (see live/guard.py)."""
    from newsprism.live.fetch import fetch_documents
    from newsprism.live.fetcher import Fetcher
    from newsprism.live.http import HttpSettings

    found: list[Item] = []
    with Fetcher(HttpSettings(public_only=public_only)) as fetcher:
        for document in fetch_documents(urls, fetcher):
            if len(found) == max_items:
                found.append(IngestError(document.origin, f"not read: over {max_items} items in one request"))
                break
            found.append(document)
    return found


class Ingestor:
    def __init__(self, open_pipeline: Callable[[], Pipeline]) -> None:
        self._open_pipeline = open_pipeline
        self._lock = threading.Lock()
        self._pipeline: Pipeline | None = None
        self._version_after: str | None = None

    @property
    def running(self) -> bool:
        return self._lock.locked()

    def run(self, documents: Sequence[Item]) -> IngestResult:
        if not self._lock.acquire(blocking=False):
            raise IngestBusyError("another ingest is running in this server; retry when it has finished")
        try:
            return self._run(documents)
        finally:
            self._lock.release()

    def _run(self, documents: Sequence[Item]) -> IngestResult:
        started = time.perf_counter()
        pipeline = self._current_pipeline()
        try:
            report = pipeline.ingest_documents(documents)
        except WriterBusyError as exc:  # `newsprism ingest` or a watcher is writing the same store
            raise IngestBusyError(str(exc)) from None
        ids = [i.article_id for i in report.items if i.article_id]
        stories = {e.article.id: e.story_id for e in pipeline.entries(sorted(set(ids)))}
        self._version_after = pipeline.browser().version()
        items = tuple(
            ItemResult(
                i.origin,
                i.status,
                i.article_id,
                stories.get(i.article_id) if i.article_id else None,
                i.reason,
            )
            for i in report.items
        )
        return IngestResult(
            items=items,
            added=report.added,
            already_stored=report.already_stored,
            rejected=sum(1 for i in items if i.status == "rejected"),
            new_stories=tuple(sorted(report.new_stories)),
            updated_stories=tuple(sorted(report.updated_stories - report.new_stories)),
            seconds=round(time.perf_counter() - started, 3),
        )

    def _current_pipeline(self) -> Pipeline:
        """Reuse the last run's pipeline (its loaded story index) only if nobody wrote since."""
        if self._pipeline is not None and self._pipeline.browser().version() != self._version_after:
            self._pipeline.close()
            self._pipeline = None
        if self._pipeline is None:
            self._pipeline = self._open_pipeline()
        return self._pipeline

    def close(self) -> None:
        with self._lock:
            if self._pipeline is not None:
                self._pipeline.close()
                self._pipeline = None
