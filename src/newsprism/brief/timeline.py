"""The timeline: when each outlet published, and the dates the articles mention, with their quotes.

Explicit dates ("March 18", "18 March 2026", "May 2024", "in 1949") are normalised; a date without a year
takes the year of the article's publication (the nearest such date to it). Relative days ("on Thursday",
"yesterday", "tomorrow") are resolved against the article's published time: the latest such day on or
before it, or the next one when the sentence speaks of the future. Without a published time they are
listed as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from newsprism.brief.quantities import (
    DATE_DAY_MONTH,
    DATE_MONTH_DAY,
    DATE_MONTH_YEAR,
    MONTH_NUMBER,
    YEAR,
)
from newsprism.records import (
    Claim,
    DatePrecision,
    SentenceRef,
    SourceEntry,
    Timeline,
    TimelineEvent,
)

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(r"\b(?:(?P<which>last|next|this)\s+)?(?P<day>" + "|".join(WEEKDAYS) + r")\b", re.I)
_RELATIVE = re.compile(r"\b(?P<word>yesterday|today|tonight|tomorrow)\b", re.I)
_FUTURE = re.compile(r"\b(?:will|shall|is to|are to|scheduled|due to|set to|set for|plans? to|next)\b", re.I)
_QUOTED = re.compile(r'"[^"]+"')
_RELATIVE_DAYS = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date in a sentence: its value when known, its precision and the words that give it."""

    when: date | None
    precision: DatePrecision
    as_written: str


def find_dates(text: str, published: datetime | None) -> list[DateMention]:
    """Every date the sentence names, resolved as far as the published time allows."""
    found: list[tuple[int, DateMention]] = []
    taken: list[tuple[int, int]] = []
    reference = published.date() if published else None

    def free(span: tuple[int, int]) -> bool:
        return all(span[1] <= s or span[0] >= e for s, e in taken)

    def add(start: int, end: int, when: date | None, precision: DatePrecision) -> None:
        found.append((start, DateMention(when, precision, text[start:end])))
        taken.append((start, end))

    for pattern in (DATE_MONTH_DAY, DATE_DAY_MONTH):
        for m in pattern.finditer(text):
            name = m["month"].rstrip(".")
            if not free(m.span()) or (name.lower() == "may" and not name[0].isupper()):
                continue
            month, day = MONTH_NUMBER[name.lower()], int(m["day"])
            year = int(m["year"]) if m["year"] else _nearest_year(month, day, reference)
            when = _date(year, month, day) if year else None
            if year and when is None:
                continue  # "February 30": not a date
            add(*m.span(), when, "day")
    for m in DATE_MONTH_YEAR.finditer(text):
        if free(m.span()):
            add(*m.span(), date(int(m["year"]), MONTH_NUMBER[m["month"].rstrip(".").lower()], 1), "month")
    for m in YEAR.finditer(text):
        if free(m.span()):
            add(*m.span(), date(int(m["year"]), 1, 1), "year")
    future = bool(_FUTURE.search(text))
    for m in _WEEKDAY.finditer(text):
        if free(m.span()):
            which = (m["which"] or "").lower()
            forward = which == "next" or (future and which != "last")
            add(*m.span(), _weekday(WEEKDAYS.index(m["day"].lower()), reference, forward), "day")
    quoted = [q.span() for q in _QUOTED.finditer(text)]
    for m in _RELATIVE.finditer(text):
        if any(s <= m.start() < e for s, e in quoted):
            continue  # "the relationship today is hard-earned," he said: not a date
        if free(m.span()):
            offset = _RELATIVE_DAYS[m["word"].lower()]
            add(*m.span(), reference + timedelta(days=offset) if reference else None, "day")
    return [mention for _, mention in sorted(found, key=lambda item: item[0])]


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _nearest_year(month: int, day: int, reference: date | None) -> int | None:
    """The year putting month/day closest to the reference (news speaks of the near past and future)."""
    if reference is None:
        return None
    candidates = [
        (abs((d - reference).days), y)
        for y in (reference.year - 1, reference.year, reference.year + 1)
        if (d := _date(y, month, day))
    ]
    return min(candidates)[1] if candidates else None


def _weekday(weekday: int, reference: date | None, forward: bool) -> date | None:
    if reference is None:
        return None
    if forward:
        return reference + timedelta(days=(weekday - reference.weekday()) % 7)
    return reference - timedelta(days=(reference.weekday() - weekday) % 7)


def coverage(sources: Sequence[SourceEntry]) -> tuple[tuple[SourceEntry, ...], tuple[SourceEntry, ...]]:
    """Dated articles earliest first, and the undated ones in the order they were seen."""
    dated = sorted((s for s in sources if s.published), key=lambda s: s.published)  # type: ignore[arg-type,return-value]
    return tuple(dated), tuple(s for s in sources if not s.published)


def build_timeline(
    sources: Sequence[SourceEntry], claims: Sequence[Claim], published: dict[str, datetime | None]
) -> Timeline:
    """Coverage plus one event per claim and date, quoting every sentence of the claim that names it."""
    events: dict[tuple[int, object], tuple[DateMention, list[SentenceRef]]] = {}
    for claim in claims:
        for ref in claim.sentences:
            for mention in find_dates(ref.text, published.get(ref.article_id)):
                key = (mention.when, mention.precision) if mention.when else mention.as_written.lower()
                entry = events.setdefault((claim.id, key), (mention, []))
                if ref not in entry[1]:
                    entry[1].append(ref)
    timeline = [
        TimelineEvent(mention.when, mention.precision, mention.as_written, claim_id, tuple(quotes))
        for (claim_id, _), (mention, quotes) in events.items()
    ]
    timeline.sort(key=lambda e: (e.when is None, e.when or date.min, e.claim_id))
    dated, undated = coverage(sources)
    return Timeline(dated, undated, tuple(timeline))
