"""What one server process holds: the models, a store connection per thread, the brief and ingest workers.

SQLite connections belong to one thread each: FastAPI runs handlers in a thread pool, so every thread
opens its own :class:`Store` (WAL lets them read while an ingest writes), and the ingest and the brief
builder each have theirs. The models are loaded once and shared.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar, cast

from newsprism.brief import SummaryOptions
from newsprism.models import Models
from newsprism.pipeline import Pipeline
from newsprism.records import Story
from newsprism.serve.briefs import BriefLookup, BriefService
from newsprism.serve.ingest import Ingestor
from newsprism.serve.settings import ServeSettings
from newsprism.store import StoreBrowser, StoryQuery
from newsprism.store.browse import OutletListing, OutletSummary, StoryPage

T = TypeVar("T")
_CACHE_SIZE = 512


class WebState:
    def __init__(self, settings: ServeSettings, models: Models | None = None) -> None:
        self.settings = settings
        self.models = models or Models()
        # Create and migrate the file before any reader opens it.
        Pipeline.open(settings.db, models=self.models).close()
        self._local = threading.local()
        self._opened: list[Pipeline] = []
        self._opened_lock = threading.Lock()
        self.briefs = BriefService(self.open_pipeline)
        self.ingestor = Ingestor(self.open_pipeline)
        self._values: OrderedDict[tuple[object, ...], tuple[str, object]] = (
            OrderedDict()
        )  # key: (version, value)
        self._values_lock = threading.Lock()
        self._computing: dict[
            tuple[object, ...], threading.Event
        ] = {}  # values being computed, by version and key

    def open_pipeline(self) -> Pipeline:
        pipeline = Pipeline.open(self.settings.db, models=self.models)
        with self._opened_lock:
            self._opened.append(pipeline)
        return pipeline

    def pipeline(self) -> Pipeline:
        """This thread's pipeline (and store connection), for reading."""
        pipeline = getattr(self._local, "pipeline", None)
        if pipeline is None:
            pipeline = self._local.pipeline = self.open_pipeline()
            self._local.browser = pipeline.browser()
        return pipeline

    def browser(self) -> StoreBrowser:
        self.pipeline()
        return self._local.browser

    def stories(self, query: StoryQuery) -> StoryPage:
        """A story listing, computed once per stories version (pages and API share it)."""
        browser = self.browser()
        return self.cached(browser.stories_version(), ("stories", query), lambda: browser.stories(query))

    def outlets(self, version: str) -> tuple[OutletSummary, ...]:
        """Every outlet, most articles first, at this ``StoreBrowser.version``: the latest listing updated
        with the outlets of the articles stored since (``StoreBrowser.outlet_listing``)."""
        previous = cast(OutletListing | None, self.latest(("outlets",)))
        browser = self.browser()
        return self.cached(version, ("outlets",), lambda: browser.outlet_listing(previous)).outlets

    def brief(self, story_id: str, options: SummaryOptions | None = None, wait: float = 0.0) -> BriefLookup:
        """A story's brief (the story by id or unique prefix), waiting up to ``wait`` seconds for one being
        built; StoreError for an unknown story.

        The story page, the article pages and the brief API all start here, so the story and its brief's
        fingerprint are read once per stories version rather than on every request.
        """
        story, fingerprint = self.cached(
            self.browser().stories_version(),
            ("brief-of", story_id, options),
            lambda: self._brief_of(story_id, options),
        )
        if wait:
            return self.briefs.wait(self.pipeline(), story, fingerprint, options, wait)
        return self.briefs.lookup(self.pipeline(), story, fingerprint, options)

    def _brief_of(self, story_id: str, options: SummaryOptions | None) -> tuple[Story, str]:
        pipeline = self.pipeline()
        story = pipeline.story(story_id)
        return story, pipeline.brief_fingerprint(story, options)

    def latest(self, key: tuple[object, ...]) -> object | None:
        """The value last computed for ``key``, whatever its version (a start for updating it)."""
        with self._values_lock:
            found = self._values.get(key)
        return found[1] if found else None

    def cached(self, version: str, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        """A value (a listing, a rendered page or JSON body) computed once per version and key: a
        ``StoreBrowser`` version, or a brief's fingerprint, naming everything the value depends on.

        Only the latest version of each key is kept: versions only move forward, so an older one is never
        asked for again, and a long ingest would otherwise fill the cache with dead listings (and the
        garbage collector with their objects).

        Requests asking for a value that another thread is computing wait for its result instead of
        computing it too: while an ingest commits a batch every second or so, each new version would
        otherwise have every client recompute the same listing at once, and all of them answer late.
        """
        while True:
            with self._values_lock:
                found = self._values.get(key)
                if found is not None and found[0] == version:
                    self._values.move_to_end(key)
                    return found[1]  # type: ignore[return-value]
                running = self._computing.get((version, key))
                if running is None:
                    running = self._computing[(version, key)] = threading.Event()
                    break
            running.wait()  # computed by another thread (or it failed: then compute it here)
        try:
            value = compute()
            with self._values_lock:
                self._values[key] = (version, value)
                self._values.move_to_end(key)
                while len(self._values) > _CACHE_SIZE:
                    self._values.popitem(last=False)
            return value
        finally:
            with self._values_lock:
                del self._computing[(version, key)]
            running.set()

    def close(self) -> None:
        self.briefs.close()
        self.ingestor.close()
        with self._opened_lock:
            for pipeline in self._opened:
                pipeline.close()
            self._opened.clear()
