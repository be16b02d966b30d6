"""Following feeds over time: poll, fetch new items' pages, ingest, keep the stories up to date.

One poll fetches every due feed at once (politely, per host, on the fetch thread) and, as each feed
arrives, records its new items and queues their pages. This thread, which owns the store, extracts each
page as it arrives and ingests the documents in batches, so stories update while slower hosts are still
being fetched. An item whose page is missing or fails (or whose page has no article text) is ingested
from the feed's own summary or content, marked ``feed-summary``. What makes a restart lose and duplicate
nothing is explained in :mod:`newsprism.live.state`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from newsprism.ingest.feeds import FEED_SUMMARY, FeedItem, FeedLink, FeedParseError, item_document, parse_feed
from newsprism.ingest.options import ReadOptions
from newsprism.live.fetch import FEED_ACCEPT, item_origin, page_document
from newsprism.live.fetcher import Fetcher
from newsprism.live.http import FetchError, HttpSettings, Response
from newsprism.live.state import FeedRecord, FeedState, ItemOutcome
from newsprism.pipeline import Pipeline
from newsprism.records import IngestError, RawDocument

CPU_STAGES = ("fetch", "parse", "extract", "ingest")


@dataclass(frozen=True, slots=True)
class WatchSettings:
    """How often to poll and what to fetch."""

    interval: float = 600.0  # seconds between two polls of one feed
    max_backoff: float = 6 * 3600.0  # a failing feed is polled less often, down to once in this long
    fetch_pages: bool = True  # False: ingest items from the feed's own text only
    batch_size: int = 32  # documents per ingest call (stories are updated after each)
    http: HttpSettings = field(default_factory=HttpSettings)
    read_options: ReadOptions = field(default_factory=ReadOptions)


@dataclass
class WatchProgress:
    """What a live display shows during one poll."""

    feeds_total: int = 0
    feeds_done: int = 0
    items_total: int = 0
    items_done: int = 0
    added: int = 0
    errors: int = 0


@dataclass
class PollReport:
    """What one poll did. ``item_errors`` include pages that failed but whose feed summary was used.

    ``cpu`` is CPU seconds by stage: ``fetch`` the fetch thread's, ``parse`` and ``extract`` this thread's,
    ``ingest`` the whole process's while ingesting (the models compute on threads of their own).
    """

    feeds: int = 0
    feeds_not_modified: int = 0
    feed_errors: list[IngestError] = field(default_factory=list)
    new_items: int = 0
    resumed_items: int = 0  # left pending by an earlier run that stopped
    pages: int = 0
    summaries: int = 0
    failed_items: int = 0
    item_errors: list[IngestError] = field(default_factory=list)
    added: int = 0
    already_stored: int = 0
    new_stories: set[str] = field(default_factory=set)
    updated_stories: set[str] = field(default_factory=set)
    cpu: dict[str, float] = field(default_factory=lambda: dict.fromkeys(CPU_STAGES, 0.0))
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "feeds": self.feeds,
            "feeds_not_modified": self.feeds_not_modified,
            "feed_errors": [{"url": e.origin, "reason": e.reason} for e in self.feed_errors],
            "new_items": self.new_items,
            "resumed_items": self.resumed_items,
            "pages": self.pages,
            "summaries": self.summaries,
            "failed_items": self.failed_items,
            "item_errors": [{"url": e.origin, "reason": e.reason} for e in self.item_errors],
            "added": self.added,
            "already_stored": self.already_stored,
            "new_stories": len(self.new_stories),
            "updated_stories": len(self.updated_stories - self.new_stories),
            "cpu_seconds": {k: round(v, 3) for k, v in self.cpu.items()},
            "seconds": round(self.seconds, 3),
        }


ProgressCallback = Callable[[WatchProgress], None]


class Watcher:
    """Follows feeds into a pipeline's store. The caller's thread must be the one that uses the pipeline."""

    def __init__(
        self,
        pipeline: Pipeline,
        settings: WatchSettings | None = None,
        progress: ProgressCallback | None = None,
    ) -> None:
        self.pipeline = pipeline
        self.settings = settings or WatchSettings()
        self.state = FeedState.of(pipeline)
        self.progress = progress

    def follow(self, links: Sequence[FeedLink]) -> int:
        """Add feeds to the followed list; returns how many were new."""
        return self.state.add_feeds(links)

    def poll(self, feed_urls: Sequence[str] | None = None, fetcher: Fetcher | None = None) -> PollReport:
        """Poll the named feeds (all followed feeds by default) once, and finish what earlier runs left."""
        feeds = self.state.feeds(feed_urls)
        if fetcher is not None:
            return _Poll(self, fetcher, feeds).run()
        with Fetcher(self.settings.http) as own:
            return _Poll(self, own, feeds).run()

    def due(self, feed_urls: Sequence[str] | None, now: datetime) -> list[str]:
        return [f.url for f in self.state.feeds(feed_urls) if f.next_poll_at is None or f.next_poll_at <= now]

    def watch(
        self,
        feed_urls: Sequence[str] | None,
        stop: threading.Event,
        on_poll: Callable[[PollReport], None] | None = None,
    ) -> None:
        """Poll each feed when it is due, until ``stop`` is set."""
        with Fetcher(self.settings.http) as fetcher:  # kept across polls: robots.txt and host limits persist
            while not stop.is_set():
                due = self.due(feed_urls, datetime.now(UTC))
                if due:
                    report = self.poll(due, fetcher)
                    if on_poll:
                        on_poll(report)
                times = [f.next_poll_at for f in self.state.feeds(feed_urls) if f.next_poll_at]
                until = (min(times) - datetime.now(UTC)).total_seconds() if times else self.settings.interval
                stop.wait(min(max(until, 1.0), self.settings.interval))


@dataclass
class _Job:
    feed_url: str
    item: FeedItem
    language: str | None


@dataclass
class _Ready:
    jobs: list[_Job]
    document: RawDocument
    status: str  # 'page' or 'summary'
    note: str | None = None  # why the page was not used


class _Poll:
    """The mutable state of one poll: feeds and pages in flight, documents waiting to be ingested."""

    def __init__(self, watcher: Watcher, fetcher: Fetcher, feeds: list[FeedRecord]) -> None:
        self.watcher = watcher
        self.state = watcher.state
        self.settings = watcher.settings
        self.fetcher = fetcher
        self.feeds = {f.url: f for f in feeds}
        self.futures: dict[Future[Response], tuple[str, str]] = {}
        self.waiting: dict[str, list[_Job]] = {}  # page URL → the items waiting for it
        self.ready: list[_Ready] = []
        self.report = PollReport(feeds=len(feeds))
        self.shown = WatchProgress(feeds_total=len(feeds))

    def run(self) -> PollReport:
        started = time.perf_counter()
        fetch_cpu = self.fetcher.cpu_seconds()
        self._resume()
        http = self.settings.http
        for feed in self.feeds.values():
            future = self.fetcher.get(
                feed.url,
                etag=feed.etag,
                last_modified=feed.last_modified,
                accept=FEED_ACCEPT,
                max_bytes=http.max_feed_bytes,
            )
            self.futures[future] = ("feed", feed.url)
        self._show()
        while self.futures:
            done, _ = wait(list(self.futures), timeout=0.2, return_when=FIRST_COMPLETED)
            for future in done:
                kind, url = self.futures.pop(future)
                if kind == "feed":
                    self._on_feed(url, future)
                else:
                    self._on_page(url, future)
            if self.ready and (len(self.ready) >= self.settings.batch_size or not done or not self.futures):
                self._ingest()
            self._show()
        while self.ready:
            self._ingest()
        self.report.cpu["fetch"] = self.fetcher.cpu_seconds() - fetch_cpu
        self.report.seconds = time.perf_counter() - started
        self._show()
        return self.report

    # -- feeds -----------------------------------------------------------------------------------------

    def _on_feed(self, url: str, future: Future[Response]) -> None:
        self.shown.feeds_done += 1
        now = datetime.now(UTC)
        try:
            response = future.result()
        except FetchError as error:
            self._feed_failed(url, error.reason, error.status, error.retry_after)
            return
        if response.not_modified:
            self.state.record_not_modified(url, now + timedelta(seconds=self.settings.interval))
            self.report.feeds_not_modified += 1
            return
        started = time.thread_time()
        try:
            feed = parse_feed(response.content, response.final_url)
        except FeedParseError as error:
            self._feed_failed(url, str(error), response.status, None)
            return
        finally:
            self.report.cpu["parse"] += time.thread_time() - started
        warning = f"{feed.warning}; the {len(feed.items)} items before it are read" if feed.warning else None
        new = self.state.record_success(
            url,
            status=response.status,
            etag=response.etag,
            last_modified=response.last_modified,
            feed=feed,
            next_poll_at=now + timedelta(seconds=self.settings.interval),
            warning=warning,
        )
        if warning:
            self._error(self.report.feed_errors, IngestError(url, warning))
        self.report.new_items += len(new)
        self._schedule([_Job(url, item, feed.language) for item in new])

    def _feed_failed(self, url: str, reason: str, status: int | None, retry_after: float | None) -> None:
        failures = self.feeds[url].failures + 1
        delay = min(self.settings.interval * 2 ** (failures - 1), self.settings.max_backoff)
        delay = max(delay, retry_after or 0.0)
        self.state.record_failure(url, reason, status, datetime.now(UTC) + timedelta(seconds=delay))
        self._error(self.report.feed_errors, IngestError(url, reason))

    # -- items -----------------------------------------------------------------------------------------

    def _resume(self) -> None:
        """Finish the items an earlier run recorded but did not finish: first those already stored."""
        pending = self.state.pending(list(self.feeds))
        if not pending:
            return
        self.report.resumed_items = len(pending)
        jobs = [_Job(p.feed_url, p.item, p.feed_language) for p in pending]
        stored = self.state.articles_from([item_origin(j.item, j.feed_url) for j in jobs])
        outcomes, rest = [], []
        for job in jobs:
            found = stored.get(item_origin(job.item, job.feed_url))
            if found is None:
                rest.append(job)
                continue
            article_id, kind = found
            status = "summary" if kind == FEED_SUMMARY else "page"
            outcomes.append(ItemOutcome(job.feed_url, job.item.key, status, article_id))
        self.shown.items_total += len(outcomes)
        self._finish(outcomes)
        self._schedule(rest)

    def _schedule(self, jobs: list[_Job]) -> None:
        """Queue pages to fetch; a link some feed already turned into an article is that article."""
        self.shown.items_total += len(jobs)
        known = self.state.done_by_url([j.item.url for j in jobs if j.item.url])
        outcomes = []
        for job in jobs:
            url = job.item.url
            if url and url in known:
                done = known[url]
                outcomes.append(ItemOutcome(job.feed_url, job.item.key, done.status, done.article_id))
            elif not url or not self.settings.fetch_pages:
                self._from_summary(job, None)
            elif url in self.waiting:
                self.waiting[url].append(job)
            else:
                self.waiting[url] = [job]
                self.futures[self.fetcher.get(url)] = ("page", url)
        self._finish(outcomes)

    def _on_page(self, url: str, future: Future[Response]) -> None:
        jobs = self.waiting.pop(url)
        started = time.thread_time()
        try:
            page = page_document(future.result(), url, self.settings.read_options, jobs[0].item)
        except FetchError as error:
            page = IngestError(url, error.reason)
        self.report.cpu["extract"] += time.thread_time() - started
        if isinstance(page, RawDocument):
            self.ready.append(_Ready(jobs, page, "page"))
            return
        for job in jobs:
            self._from_summary(job, page.reason)

    def _from_summary(self, job: _Job, page_error: str | None) -> None:
        origin = item_origin(job.item, job.feed_url)
        document = item_document(job.item, origin, self.settings.read_options, job.language)
        if isinstance(document, RawDocument):
            self.ready.append(_Ready([job], document, "summary", page_error))
            if page_error:
                note = IngestError(origin, f"{page_error}; used the feed's summary")
                self._error(self.report.item_errors, note)
            return
        reason = f"{page_error}; and the feed item carries no text" if page_error else document.reason
        self._error(self.report.item_errors, IngestError(origin, reason))
        self._finish([ItemOutcome(job.feed_url, job.item.key, "failed", error=reason)])

    def _ingest(self) -> None:
        batch, self.ready = self.ready, []
        started = time.process_time()  # the models compute on threads of their own
        result = self.watcher.pipeline.ingest_documents([r.document for r in batch], wait=None)
        self.report.cpu["ingest"] += time.process_time() - started
        report = self.report
        report.added += result.added
        report.already_stored += result.already_stored
        report.new_stories |= result.new_stories
        report.updated_stories |= result.updated_stories
        self.shown.added = report.added
        reasons = {e.origin: e.reason for e in result.errors}
        stored_as = {item.origin: item.article_id for item in result.items if item.article_id}
        outcomes = []
        for ready in batch:
            article_id = stored_as.get(ready.document.origin)
            if article_id is not None:
                outcomes += [
                    ItemOutcome(job.feed_url, job.item.key, ready.status, article_id, ready.note)
                    for job in ready.jobs
                ]
                continue
            reason = reasons.get(ready.document.origin, "not stored")
            for job in ready.jobs:
                if ready.status == "page":  # the page held no article text: the feed's own may do
                    self._from_summary(job, f"the page gave no article text ({reason})")
                else:
                    self._error(report.item_errors, IngestError(ready.document.origin, reason))
                    outcomes.append(ItemOutcome(job.feed_url, job.item.key, "failed", error=reason))
        self._finish(outcomes)

    def _finish(self, outcomes: list[ItemOutcome]) -> None:
        if not outcomes:
            return
        self.state.finish(outcomes)
        for outcome in outcomes:
            if outcome.status == "page":
                self.report.pages += 1
            elif outcome.status == "summary":
                self.report.summaries += 1
            else:
                self.report.failed_items += 1
        self.shown.items_done += len(outcomes)

    def _error(self, errors: list[IngestError], error: IngestError) -> None:
        errors.append(error)
        self.shown.errors += 1

    def _show(self) -> None:
        if self.watcher.progress:
            self.watcher.progress(self.shown)
