"""What one server process holds: the models, a store connection per thread, the brief and ingest workers.

SQLite connections belong to one thread each: FastAPI runs handlers in a thread pool, so every thread
opens its own :class:`Store` (WAL lets them read while an ingest writes), and the ingest and the brief
builder each have theirs. The models are loaded once and shared.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from newsprism.models import Models
from newsprism.pipeline import Pipeline
from newsprism.serve.briefs import BriefService
from newsprism.serve.ingest import Ingestor
from newsprism.serve.settings import ServeSettings
from newsprism.store import Store, StoreBrowser

T = TypeVar("T")
_LIST_CACHE_SIZE = 512


class WebState:
    def __init__(self, settings: ServeSettings, models: Models | None = None) -> None:
        self.settings = settings
        self.models = models or Models()
        Store(settings.db).close()  # create and migrate the file before any reader opens it
        self._local = threading.local()
        self._opened: list[Pipeline] = []
        self._opened_lock = threading.Lock()
        self.briefs = BriefService(self.open_pipeline)
        self.ingestor = Ingestor(self.open_pipeline)
        self._lists: OrderedDict[tuple, object] = OrderedDict()
        self._lists_lock = threading.Lock()
        self._computing: dict[tuple, threading.Event] = {}  # listings being computed, by key

    def open_pipeline(self) -> Pipeline:
        pipeline = Pipeline(Store(self.settings.db), models=self.models)
        with self._opened_lock:
            self._opened.append(pipeline)
        return pipeline

    def pipeline(self) -> Pipeline:
        """This thread's pipeline (and store connection), for reading."""
        pipeline = getattr(self._local, "pipeline", None)
        if pipeline is None:
            pipeline = self._local.pipeline = self.open_pipeline()
            self._local.browser = StoreBrowser(pipeline.store)
        return pipeline

    def browser(self) -> StoreBrowser:
        self.pipeline()
        return self._local.browser

    def cached(self, version: str, key: tuple, compute: Callable[[], T]) -> T:
        """A listing computed once per store version (``StoreBrowser.version``) and key.

        Requests asking for a listing that another thread is computing wait for its result instead of
        computing it too: while an ingest commits a batch every second or so, each new version would
        otherwise have every client recompute the same listing at once, and all of them answer late.
        """
        full_key = (version, *key)
        while True:
            with self._lists_lock:
                if full_key in self._lists:
                    self._lists.move_to_end(full_key)
                    return self._lists[full_key]  # type: ignore[return-value]
                running = self._computing.get(full_key)
                if running is None:
                    running = self._computing[full_key] = threading.Event()
                    break
            running.wait()  # computed by another thread (or it failed: then compute it here)
        try:
            value = compute()
            with self._lists_lock:
                self._lists[full_key] = value
                while len(self._lists) > _LIST_CACHE_SIZE:
                    self._lists.popitem(last=False)
            return value
        finally:
            with self._lists_lock:
                del self._computing[full_key]
            running.set()

    def close(self) -> None:
        self.briefs.close()
        self.ingestor.close()
        with self._opened_lock:
            for pipeline in self._opened:
                pipeline.close()
            self._opened.clear()
