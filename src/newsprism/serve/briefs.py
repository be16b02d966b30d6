"""Briefs for the web: served from the store's cache, built one at a time in the background otherwise.

Building a brief takes seconds (sentence embeddings, spaCy), so a request never builds one itself: it
asks for it and either finds it cached or gets ``None`` while a single worker thread builds it. One worker
keeps the CPU for readers and writes one brief at a time; asking twice for the same brief joins the build.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from newsprism.brief import SummaryOptions, brief_to_dict
from newsprism.pipeline import Pipeline
from newsprism.records import Brief, Story

log = logging.getLogger(__name__)
_CACHE_SIZE = 256


@dataclass(frozen=True, slots=True)
class CachedBrief:
    """A built brief with its JSON, ready to send; ``fingerprint`` doubles as its ETag."""

    brief: Brief
    fingerprint: str
    json: bytes


@dataclass(frozen=True, slots=True)
class BriefLookup:
    """What a request found: the brief, or that it is being built, or why building it failed."""

    story: Story
    fingerprint: str
    cached: CachedBrief | None
    error: str | None = None


class BriefService:
    def __init__(self, open_pipeline: Callable[[], Pipeline]) -> None:
        self._open_pipeline = open_pipeline
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsprism-brief")
        self._worker_pipeline: Pipeline | None = None  # used by the one worker thread only
        self._lock = threading.Lock()
        self._building: dict[tuple[str, str], Future[None]] = {}
        self._failed: dict[tuple[str, str], str] = {}
        self._cache: OrderedDict[tuple[str, str], CachedBrief] = OrderedDict()

    @property
    def building(self) -> int:
        with self._lock:
            return len(self._building)

    def lookup(
        self, pipeline: Pipeline, story: Story, fingerprint: str, options: SummaryOptions | None = None
    ) -> BriefLookup:
        """The brief of ``story`` whose fingerprint (``Pipeline.brief_fingerprint``) is given, if built; else
        start building it (once) and say so."""
        key = (story.id, fingerprint)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return BriefLookup(story, fingerprint, self._cache[key])
            if key in self._failed:
                return BriefLookup(story, fingerprint, None, self._failed[key])
        brief = pipeline.cached_brief(story.id, options)
        if brief is None:
            self._schedule(story.id, fingerprint, options)
            return BriefLookup(story, fingerprint, None)
        cached = CachedBrief(
            brief, fingerprint, json.dumps(brief_to_dict(brief), ensure_ascii=False).encode()
        )
        with self._lock:
            self._cache[key] = cached
            while len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        return BriefLookup(story, fingerprint, cached)

    def wait(
        self,
        pipeline: Pipeline,
        story: Story,
        fingerprint: str,
        options: SummaryOptions | None,
        timeout: float,
    ) -> BriefLookup:
        """Like :meth:`lookup`, but waits up to ``timeout`` seconds for a brief being built."""
        found = self.lookup(pipeline, story, fingerprint, options)
        if found.cached or found.error:
            return found
        with self._lock:
            future = self._building.get((story.id, fingerprint))
        if future is not None:
            try:
                future.result(timeout)
            except TimeoutError:
                return found
            except Exception:  # recorded in _failed by the worker; the lookup below reports it
                log.debug("brief build failed", exc_info=True)
        return self.lookup(pipeline, story, fingerprint, options)

    def prepare(self, story_ids: list[str], pipeline: Pipeline) -> None:
        """Start building these stories' default briefs (after an ingest, or at start-up)."""
        for story_id in story_ids:
            story = pipeline.story(story_id)
            self.lookup(pipeline, story, pipeline.brief_fingerprint(story))

    def _schedule(self, story_id: str, fingerprint: str, options: SummaryOptions | None) -> None:
        key = (story_id, fingerprint)
        with self._lock:
            if key in self._building:
                return
            self._building[key] = self._executor.submit(self._build, key, options)

    def _build(self, key: tuple[str, str], options: SummaryOptions | None) -> None:
        try:
            if self._worker_pipeline is None:
                self._worker_pipeline = self._open_pipeline()
            self._worker_pipeline.brief(key[0], options)
        except Exception as exc:
            log.exception("building the brief of story %s failed", key[0])
            with self._lock:
                self._failed[key] = f"{type(exc).__name__}: {exc}"
            raise
        finally:
            with self._lock:
                self._building.pop(key, None)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
        if self._worker_pipeline is not None:
            self._worker_pipeline.close()
