"""robots.txt as RFC 9309 defines it, plus the Crawl-delay most news sites still set.

The standard library's ``urllib.robotparser`` takes the first matching rule and knows no wildcards; RFC 9309
takes the *longest* match (Allow winning a tie) and supports ``*`` and ``$``, which news sites use
(``Disallow: /*?share=``). Fetch outcomes follow the RFC: a 4xx means no rules (everything allowed); a 5xx,
a 429 or an unreachable server means assume everything is disallowed until it can be read. Rules are
cached per origin for ``robots_ttl`` (24 hours), failures for five minutes.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from newsprism.live.http import FetchError, host_key

if TYPE_CHECKING:
    from newsprism.live.http import PoliteClient

ROBOTS_MAX_BYTES = 500 * 1024  # RFC 9309: parse at least 500 KiB
_RETRY_UNREACHABLE = 300.0
_MAX_CRAWL_DELAY = 60.0


@dataclass(frozen=True, slots=True)
class Rule:
    allow: bool
    pattern: str
    regex: re.Pattern[str]

    @property
    def line(self) -> str:
        return f"{'Allow' if self.allow else 'Disallow'}: {self.pattern}"


@dataclass(frozen=True, slots=True)
class RobotsRules:
    """The rules of the group that applies to our agent (or ``*``)."""

    rules: tuple[Rule, ...] = ()
    crawl_delay: float | None = None
    unreachable: str | None = None  # why everything is disallowed for now

    def verdict(self, url: str) -> Rule | None:
        """The rule that decides ``url``: the longest matching pattern, Allow winning ties; None allows."""
        parts = urlsplit(url)
        path = _normalise(parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        if path == "/robots.txt":
            return None
        best: Rule | None = None
        for rule in self.rules:
            if rule.regex.match(path) and (
                best is None
                or len(rule.pattern) > len(best.pattern)
                or (len(rule.pattern) == len(best.pattern) and rule.allow)
            ):
                best = rule
        return best

    def allowed(self, url: str) -> bool:
        if self.unreachable:
            return urlsplit(url).path == "/robots.txt"
        rule = self.verdict(url)
        return rule is None or rule.allow


def parse_robots(text: str, agent: str) -> RobotsRules:
    """The rules for ``agent``: every group naming its product token, else every ``*`` group, merged."""
    groups: list[tuple[list[str], list[Rule], list[float]]] = []
    agents: list[str] = []
    rules: list[Rule] = []
    delays: list[float] = []
    in_rules = False
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        key, colon, value = line.partition(":")
        if not colon:
            continue
        key, value = key.strip().lower(), value.strip()
        if key in {"user-agent", "useragent"}:
            if in_rules:
                groups.append((agents, rules, delays))
                agents, rules, delays, in_rules = [], [], [], False
            agents.append(value.split("/")[0].strip().lower())
        elif key in {"allow", "disallow"} and agents:
            in_rules = True
            if value:  # an empty Disallow allows everything: no rule
                rules.append(Rule(key == "allow", value, _compile(value)))
        elif key == "crawl-delay" and agents:
            in_rules = True
            with contextlib.suppress(ValueError):
                delays.append(float(value))
    if agents:
        groups.append((agents, rules, delays))
    token = agent.lower()
    chosen = [g for g in groups if token in g[0]] or [g for g in groups if "*" in g[0]]
    merged = tuple(rule for _, group_rules, _ in chosen for rule in group_rules)
    found_delays = [d for _, _, group_delays in chosen for d in group_delays if d >= 0]
    return RobotsRules(merged, max(found_delays) if found_delays else None)


def _compile(pattern: str) -> re.Pattern[str]:
    anchored = pattern.endswith("$")
    body = _normalise(pattern[:-1] if anchored else pattern)
    regex = ".*".join(re.escape(part) for part in body.split("*"))
    return re.compile(regex + ("$" if anchored else ""))


def _normalise(path: str) -> str:
    # Compare decoded paths, except an encoded slash stays distinct (RFC 9309 section 2.2.2).
    return unquote(path.replace("%2F", "%252F").replace("%2f", "%252f"))


@dataclass
class _Entry:
    rules: RobotsRules
    expires: float


class RobotsCache:
    """robots.txt per origin, fetched once through the polite client and kept for ``robots_ttl``."""

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
