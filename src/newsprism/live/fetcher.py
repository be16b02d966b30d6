"""The polite client on a thread of its own, so fetching and CPU work overlap.

The caller's thread owns the store and does the CPU work (feed parsing, extraction, embedding,
clustering); this thread runs an asyncio loop that only waits on sockets. Fetches are submitted from the
caller's thread and come back as ``concurrent.futures.Future`` objects, so a slow host never holds up
the others, and a long ingest batch never stalls the downloads queued behind it.
"""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import Future
from typing import Any

from newsprism.live.http import FetchError, HttpSettings, PoliteClient, Response
from newsprism.live.localfile import is_file_url, read_file_url


class Fetcher:
    """Start with ``with Fetcher(settings) as fetcher:``; ``fetcher.get(url)`` returns a Future."""

    def __init__(self, settings: HttpSettings | None = None) -> None:
        self.settings = settings or HttpSettings()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name="newsprism-fetch", daemon=True)
        self._client: PoliteClient | None = None
        self._started = threading.Event()

    def __enter__(self) -> Fetcher:
        self._thread.start()
        self._started.wait()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)

        async def start() -> None:
            self._client = PoliteClient(self.settings)

        self._loop.run_until_complete(start())
        self._started.set()
        self._loop.run_forever()

    def get(self, url: str, **options: Any) -> Future[Response]:
        """Fetch ``url`` with :meth:`PoliteClient.get`'s options; the Future raises ``FetchError``."""
        assert self._client is not None, "use the Fetcher as a context manager"
        if is_file_url(url):
            return self._read_file(url, options)
        return asyncio.run_coroutine_threadsafe(self._client.get(url, **options), self._loop)

    def _read_file(self, url: str, options: dict[str, Any]) -> Future[Response]:
        """A ``file://`` URL, read at once on this thread (see :mod:`newsprism.live.localfile`)."""
        future: Future[Response] = Future()
        try:
            if self.settings.public_only:
                raise FetchError(url, "unsupported URL scheme 'file' here (only public http(s) addresses)")
            max_bytes = options.get("max_bytes") or self.settings.max_bytes
            future.set_result(read_file_url(url, options.get("etag"), max_bytes))
        except FetchError as error:
            future.set_exception(error)
        return future

    def cpu_seconds(self) -> float:
        """CPU time the fetch thread has used (HTTP, TLS, decompression): the benchmark's fetch share."""
        if not self._thread.is_alive():
            return 0.0

        async def measure() -> float:
            return time.thread_time()

        return asyncio.run_coroutine_threadsafe(measure(), self._loop).result()

    def close(self) -> None:
        if not self._thread.is_alive():
            return

        async def shutdown() -> None:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            if self._client is not None:
                await self._client.aclose()

        asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(timeout=30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=30)
        self._loop.close()
