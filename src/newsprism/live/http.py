"""A polite HTTP client for feeds and article pages.

Politeness is per host: a token bucket (``host_rate`` requests per second, bursts of ``host_burst``), at
most ``host_concurrency`` requests in flight, ``robots.txt`` (with its Crawl-delay), and a host-wide pause
after a 429 or 5xx so the retries of many requests do not hammer a struggling server. Each request has a
connect and a read timeout plus an overall deadline (a server that drips a byte a second cannot hold a
slot for long), a size limit counted on the decompressed body (no decompression bombs), and a redirect
limit with loop detection. Retries back off exponentially with jitter, or wait what ``Retry-After`` says.

Every failure is a :class:`FetchError` naming the URL and what went wrong, in words a user can act on.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urljoin, urlsplit

import httpx

from newsprism.ingest.detect import charset_param, decode_body
from newsprism.live.guard import BlockedAddressError, public_only_transport
from newsprism.live.robots import RobotsRules, parse_robots


def _version() -> str:
    try:
        return version("newsprism")
    except PackageNotFoundError:
        return "0"


ROBOTS_AGENT = "newsprism"
DEFAULT_USER_AGENT = f"{ROBOTS_AGENT}/{_version()} (news story reader; polite, obeys robots.txt)"
MEGABYTE = 1024 * 1024
_REDIRECTS = {301, 302, 303, 307, 308}
_RETRIED = {429, 500, 502, 503, 504}
ROBOTS_MAX_BYTES = 500 * 1024  # RFC 9309: parse at least 500 KiB
_RETRY_UNREACHABLE = 300.0
_MAX_CRAWL_DELAY = 60.0


@dataclass(frozen=True, slots=True)
class HttpSettings:
    """How politely and how patiently to fetch. Defaults suit following the world's news outlets."""

    user_agent: str = DEFAULT_USER_AGENT
    robots_agent: str = ROBOTS_AGENT  # the product token matched against robots.txt groups
    respect_robots: bool = True
    host_rate: float = 1.0  # requests per second per host; 0 for no limit (a local test server)
    host_burst: int = 3
    host_concurrency: int = 2
    concurrency: int = 32  # requests in flight over all hosts
    connect_timeout: float = 10.0
    read_timeout: float = 20.0  # between two bytes
    deadline: float = 60.0  # one whole attempt, body included
    max_redirects: int = 5
    retries: int = 3
    backoff: float = 1.0  # seconds, doubled on each retry
    max_retry_after: float = 120.0  # wait at most this long within one poll; longer is an error
    max_bytes: int = 5 * MEGABYTE  # decompressed; pages
    max_feed_bytes: int = 10 * MEGABYTE
    robots_ttl: float = 24 * 3600.0
    # Connect only to public addresses (a server fetching URLs its users name: SSRF); see live/guard.py.
    public_only: bool = False


class FetchError(Exception):
    """One URL could not be fetched; ``reason`` says why in a user's words."""

    def __init__(
        self, url: str, reason: str, *, status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.status = status
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class Response:
    """A completed fetch. ``url`` is what was asked for, ``final_url`` where the redirects ended."""

    url: str
    final_url: str
    status: int
    content: bytes
    content_type: str  # media type, lower-cased, without parameters ("" when not given)
    charset: str | None
    etag: str | None
    last_modified: str | None
    redirects: tuple[str, ...] = ()

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def text(self) -> str:
        """The body decoded: BOM, else the header's charset, else UTF-8, the declared or a detected one."""
        return decode_body(self.content, self.charset)


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds from now: delta-seconds or an HTTP date; None when absent or garbled."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def host_key(url: str) -> str:
    """What politeness is counted per: scheme, host and port."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


class HostGate:
    """One host's limits: concurrency, a token bucket, and a pause the server asked for."""

    def __init__(self, rate: float, burst: int, concurrency: int) -> None:
        self.rate = rate
        self.burst = max(1, burst)
        self.tokens = float(self.burst)
        self.stamp = time.monotonic()
        self.paused_until = 0.0
        self._slots = asyncio.Semaphore(max(1, concurrency))

    def slow_down(self, interval: float) -> None:
        """At most one request per ``interval`` seconds from now on (robots.txt Crawl-delay)."""
        if interval > 0 and (self.rate <= 0 or 1 / interval < self.rate):
            self.rate = 1 / interval
            self.burst = 1
            self.tokens = min(self.tokens, 1.0)

    def pause(self, seconds: float) -> None:
        self.paused_until = max(self.paused_until, time.monotonic() + seconds)

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        async with self._slots:
            await self._take_token()
            yield

    async def _take_token(self) -> None:
        while True:
            now = time.monotonic()
            wait = self.paused_until - now
            if self.rate > 0:
                self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
                self.stamp = now
                if wait <= 0 and self.tokens >= 1:
                    self.tokens -= 1
                    return
                wait = max(wait, (1 - self.tokens) / self.rate)
            elif wait <= 0:
                return
            await asyncio.sleep(wait)


class PoliteClient:
    """``httpx.AsyncClient`` with per-host politeness, robots.txt, retries, redirects and size limits.

    Use it from one event loop (:class:`newsprism.live.fetcher.Fetcher` runs one on its own thread).
    """

    def __init__(self, settings: HttpSettings | None = None) -> None:
        self.settings = settings or HttpSettings()
        s = self.settings
        limits = httpx.Limits(max_connections=s.concurrency, max_keepalive_connections=s.concurrency)
        self._client = httpx.AsyncClient(
            headers={"User-Agent": s.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(s.connect_timeout, read=s.read_timeout, pool=None),
            limits=limits,
            transport=public_only_transport(limits) if s.public_only else None,
            follow_redirects=False,
        )
        self._gates: dict[str, HostGate] = {}
        self._in_flight = asyncio.Semaphore(s.concurrency)
        self.robots = RobotsCache(self)

    async def aclose(self) -> None:
        await self._client.aclose()

    def gate(self, url: str) -> HostGate:
        key = host_key(url)
        if key not in self._gates:
            s = self.settings
            self._gates[key] = HostGate(s.host_rate, s.host_burst, s.host_concurrency)
        return self._gates[key]

    async def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        max_bytes: int | None = None,
        check_robots: bool = True,
        raise_for_status: bool = True,
    ) -> Response:
        """GET ``url`` politely; a 304 comes back as a Response with ``not_modified``."""
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        limit = max_bytes or self.settings.max_bytes
        chain = [url]
        current = url
        for _ in range(self.settings.max_redirects + 1):
            scheme = urlsplit(current).scheme.lower()
            if scheme not in {"http", "https"}:
                raise FetchError(url, f"unsupported URL scheme {scheme!r} in {current} (expected http(s))")
            if check_robots and self.settings.respect_robots:
                await self.robots.check(current)
            response = await self._with_retries(current, headers, limit)
            if response.status in _REDIRECTS:
                location = response.location
                if not location:
                    raise FetchError(url, f"HTTP {response.status} redirect without a Location header")
                target = urljoin(current, location)
                if target in chain:
                    raise FetchError(url, f"redirect loop: {' → '.join([*chain, target])}")
                chain.append(target)
                current = target
                continue
            if raise_for_status and response.status >= 400:
                described = f"HTTP {response.status} {_phrase(response.status)}"
                raise FetchError(url, described, status=response.status)
            return Response(
                url,
                current,
                response.status,
                response.content,
                response.content_type,
                response.charset,
                response.etag,
                response.last_modified,
                tuple(chain[1:]),
            )
        raise FetchError(
            url, f"too many redirects (more than {self.settings.max_redirects}): {' → '.join(chain)}"
        )

    async def _with_retries(self, url: str, headers: dict[str, str], limit: int) -> _Raw:
        s = self.settings
        gate = self.gate(url)
        for attempt in range(s.retries + 1):
            last = attempt == s.retries
            try:
                response = await self._attempt(url, headers, limit, gate)
            except _TransientError as error:
                if last:
                    raise FetchError(url, f"{error} (after {attempt + 1} attempts)") from None
                gate.pause(self._backoff(attempt))
                continue
            if response.status not in _RETRIED:
                return response
            retry_after = response.retry_after
            described = f"HTTP {response.status} {_phrase(response.status)}"
            if retry_after is not None and retry_after > s.max_retry_after:
                gate.pause(retry_after)
                raise FetchError(
                    url,
                    f"{described}: the server asks to wait {retry_after:.0f} s, longer than the "
                    f"{s.max_retry_after:.0f} s waited within one poll; trying again later",
                    status=response.status,
                    retry_after=retry_after,
                )
            if last:
                described += f" (after {attempt + 1} attempts)"
                raise FetchError(url, described, status=response.status, retry_after=retry_after)
            # The whole host waits, not just this request: its other requests would meet the same answer.
            gate.pause(retry_after if retry_after is not None else self._backoff(attempt))
        raise AssertionError("unreachable")

    def _backoff(self, attempt: int) -> float:
        return self.settings.backoff * (2**attempt) * random.uniform(0.5, 1.0)

    async def _attempt(self, url: str, headers: dict[str, str], limit: int, gate: HostGate) -> _Raw:
        s = self.settings
        async with self._in_flight, gate.slot():
            try:
                async with asyncio.timeout(s.deadline):
                    request = self._client.build_request("GET", url, headers=headers)
                    response = await self._client.send(request, stream=True)
                    try:
                        return await self._read(url, response, limit)
                    finally:
                        await response.aclose()
            except TimeoutError:
                raise _TransientError(f"timed out: no complete response within {s.deadline:g} s") from None
            except httpx.ConnectTimeout:
                raise _TransientError(f"timed out connecting (after {s.connect_timeout:g} s)") from None
            except httpx.ReadTimeout:
                raise _TransientError(f"timed out: no data for {s.read_timeout:g} s") from None
            except httpx.ConnectError as error:
                raise _TransientError(f"cannot connect: {error or type(error).__name__}") from None
            except httpx.RemoteProtocolError as error:
                raise _TransientError(f"the server broke the connection: {error}") from None
            except BlockedAddressError as error:
                raise FetchError(url, str(error)) from None
            except httpx.DecodingError as error:
                raise FetchError(url, f"corrupt compressed response: {error}") from None
            except httpx.HTTPError as error:
                raise FetchError(url, f"{type(error).__name__}: {error}") from None

    async def _read(self, url: str, response: httpx.Response, limit: int) -> _Raw:
        status = response.status_code
        content = b""
        if 200 <= status < 300:
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limit:
                sizes = f"{_size(int(declared))} declared, the limit is {_size(limit)}"
                raise FetchError(url, f"too large: {sizes}")
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > limit:
                    raise FetchError(url, f"too large: more than the {_size(limit)} limit (stopped reading)")
                chunks.append(chunk)
            content = b"".join(chunks)
        content_type = response.headers.get("Content-Type", "")
        media_type = content_type.partition(";")[0]
        return _Raw(
            status,
            content,
            media_type.strip().lower(),
            charset_param(content_type),
            response.headers.get("ETag"),
            response.headers.get("Last-Modified"),
            response.headers.get("Location") if status in _REDIRECTS else None,
            retry_after_seconds(response.headers.get("Retry-After")),
        )


@dataclass
class _Entry:
    rules: RobotsRules
    expires: float


class RobotsCache:
    """robots.txt per origin, fetched once through the polite client and kept for ``robots_ttl``.

    Fetch outcomes follow RFC 9309: a 4xx means no rules (everything allowed); a 5xx, a 429 or an
    unreachable server means assume everything is disallowed until it can be read. Rules are kept per
    origin for ``robots_ttl`` (24 hours), failures for five minutes.
    """

    def __init__(self, client: PoliteClient) -> None:
        self._client = client
        self._entries: dict[str, _Entry] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def check(self, url: str) -> None:
        """Raise :class:`FetchError` when robots.txt forbids ``url`` (or cannot be read for now)."""
        rules = await self.rules(url)
        if rules.unreachable:
            raise FetchError(url, f"robots.txt {rules.unreachable}, so nothing on the site is fetched yet")
        rule = rules.verdict(url)
        if rule is not None and not rule.allow:
            raise FetchError(url, f"disallowed by robots.txt ({rule.line})")

    async def rules(self, url: str) -> RobotsRules:
        origin = host_key(url)
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:  # one fetch of robots.txt per site, however many requests wait for it
            entry = self._entries.get(origin)
            if entry is None or entry.expires < time.monotonic():
                rules, ttl = await self._fetch(origin)
                entry = _Entry(rules, time.monotonic() + ttl)
                self._entries[origin] = entry
                if rules.crawl_delay:
                    self._client.gate(url).slow_down(min(rules.crawl_delay, _MAX_CRAWL_DELAY))
            return entry.rules

    async def _fetch(self, origin: str) -> tuple[RobotsRules, float]:
        settings = self._client.settings
        try:
            response = await self._client.get(
                f"{origin}/robots.txt",
                accept="text/plain,*/*;q=0.5",
                max_bytes=ROBOTS_MAX_BYTES,
                check_robots=False,
                raise_for_status=False,
            )
        except FetchError as error:
            if error.status is not None and 400 <= error.status < 500 and error.status != 429:
                return RobotsRules(), settings.robots_ttl
            return RobotsRules(unreachable=f"cannot be read ({error.reason})"), _RETRY_UNREACHABLE
        if response.status >= 500 or response.status == 429:
            return RobotsRules(unreachable=f"answers HTTP {response.status}"), _RETRY_UNREACHABLE
        if response.status >= 400:
            return RobotsRules(), settings.robots_ttl  # no robots.txt: no rules
        text = response.content.decode("utf-8", errors="replace")
        return parse_robots(text, settings.robots_agent), settings.robots_ttl


@dataclass(frozen=True, slots=True)
class _Raw:
    status: int
    content: bytes
    content_type: str
    charset: str | None
    etag: str | None
    last_modified: str | None
    location: str | None
    retry_after: float | None


class _TransientError(Exception):
    """A failure worth retrying (timeouts, refused or broken connections)."""


def _phrase(status: int) -> str:
    try:
        return httpx.codes.get_reason_phrase(status)
    except ValueError:
        return ""


def _size(count: int) -> str:
    return f"{count / MEGABYTE:.1f} MB" if count >= MEGABYTE else f"{count / 1024:.0f} KB"
