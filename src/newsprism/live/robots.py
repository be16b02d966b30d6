"""robots.txt as RFC 9309 defines it, plus the Crawl-delay most news sites still set.

The standard library's ``urllib.robotparser`` takes the first matching rule and knows no wildcards; RFC 9309
takes the *longest* match (Allow winning a tie) and supports ``*`` and ``$``, which news sites use
(``Disallow: /*?share=``). This module only reads the rules; fetching robots.txt, obeying it and keeping
it per origin is :class:`newsprism.live.http.RobotsCache`'s work, through the polite client.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit


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
