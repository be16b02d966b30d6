"""Publication times as they appear in the wild, turned into timezone-aware UTC datetimes.

Feeds and dumps carry ISO 8601, RFC 2822 (``pubDate``), epoch seconds or milliseconds, and free forms such
as ``May 03, 2013`` or ``Fri Aug 2, 2013 6:50pm EDT``. Naive times are taken as UTC. A value that names no
year and month is refused rather than completed with today's date, so a bare ``5`` or ``12:30`` never
becomes a plausible-looking but invented publication time.
"""

from __future__ import annotations

import email.utils
import functools
import re
import reprlib
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

from dateutil import parser as dateutil_parser
from dateutil.tz import tzoffset

# Abbreviations dateutil does not know; the US ones dominate English-language news metadata.
_TZ_OFFSETS_HOURS = {
    "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": 1, "IST": 5.5, "CET": 1, "CEST": 2, "EET": 2,
    "EEST": 3, "MSK": 3, "JST": 9, "KST": 9, "HKT": 8, "SGT": 8, "AEST": 10, "AEDT": 11,
    "EST": -5, "EDT": -4, "ET": -5, "CST": -6, "CDT": -5, "CT": -6, "MST": -7, "MDT": -6, "MT": -7,
    "PST": -8, "PDT": -7, "PT": -8, "AKST": -9, "AKDT": -8, "HST": -10,
}  # fmt: skip
_EPOCH_DIGITS = re.compile(r"[+-]?\d+(?:\.\d+)?")
_COMPACT_DATE = re.compile(r"(19|20|21)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])")
_RFC_2822 = re.compile(r"(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}")

_FIRST_YEAR, _LAST_YEAR = 1800, 2200
_SMALLEST_EPOCH = 100_000_000  # March 1973
_NO_YEAR = datetime(1, 1, 1)


def parse_datetime(value: str | int | float | datetime | date) -> datetime:
    """Parse a publication time into an aware UTC datetime; raise ``ValueError`` naming the value."""
    try:
        return _parse(value)
    except OverflowError as error:  # year 9999 shifted past the calendar's end, an int no float holds
        raise ValueError(f"date {reprlib.repr(value)} is out of range") from error


def _parse(value: str | int | float | datetime | date) -> datetime:
    if isinstance(value, bool):
        raise ValueError(f"cannot use {value!r} as a date")
    if isinstance(value, datetime):
        return _in_range(_to_utc(value), value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, int | float):
        return _from_epoch(float(value), value)
    if not isinstance(value, str):
        raise ValueError(f"cannot use {value!r} ({type(value).__name__}) as a date")
    text = " ".join(value.split())
    if not text:
        raise ValueError("cannot parse an empty string as a date")
    if _COMPACT_DATE.fullmatch(text):
        return datetime.strptime(text, "%Y%m%d").replace(tzinfo=UTC)
    if _EPOCH_DIGITS.fullmatch(text):
        return _from_epoch(float(text), value)
    for parse in (_parse_iso, _parse_rfc_2822, _parse_free_form, _parse_other_languages):
        parsed = parse(text)
        if parsed is not None:
            if _zero_padded_year(text, parsed.year):
                raise ValueError(f"date {value!r} is out of range (year below 100)")
            return _in_range(_to_utc(parsed), value)
    raise ValueError(f"cannot parse {value!r} as a date or time")


def _zero_padded_year(text: str, year: int) -> bool:
    """Whether a year such as 2000 was read from "0000": email.utils and dateutil take any year below
    100 as two-digit, even when written with four digits."""
    return bool(re.search(rf"(?<![\d:+-])00{year % 100:02d}(?![\d:])", text))


def _parse_iso(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _parse_rfc_2822(text: str) -> datetime | None:
    if not _RFC_2822.match(text):
        return None
    try:
        return email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None


def _parse_free_form(text: str) -> datetime | None:
    # The default's year 1 marks a missing year; January is checked again with another default month,
    # so that a text that names no month is refused too.
    try:
        parsed = dateutil_parser.parse(text, default=_NO_YEAR, tzinfos=_tzinfo)
        if parsed.month == 1:
            parsed_again = dateutil_parser.parse(text, default=_NO_YEAR.replace(month=2), tzinfos=_tzinfo)
            if parsed_again.month != 1:
                return None
    except (ValueError, OverflowError):
        return None
    return None if parsed.year == _NO_YEAR.year else parsed


_YEAR_AND_WORD = re.compile(r"(?=.*\b(?:19|20)\d\d\b).*[^\W\d_]{3}")
_LONGEST_WRITTEN_DATE = 80  # "Donnerstag, 17. Oktober 2024, 14:15 Uhr MESZ" and the like; longer is prose


# The languages whose dates are read in words (dateparser would otherwise try all 200 of its locales: a
# third of a second a date).
WRITTEN_DATE_LANGUAGES = ("en", "de", "es", "fr", "it", "pt", "nl", "pl", "ru", "tr", "id", "hu")


@functools.cache
def _written_date_parser():  # type: ignore[no-untyped-def]
    """One dateparser per process (its language data loads once); read-only once built."""
    from dateparser.date import DateDataParser

    settings = {
        "REQUIRE_PARTS": ["day", "month", "year"],
        "PARSERS": ["absolute-time"],
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    return DateDataParser(languages=list(WRITTEN_DATE_LANGUAGES), settings=settings)


def _parse_other_languages(text: str) -> datetime | None:
    """Dates written in words of another language ("17. Oktober 2024", "12 de diciembre de 2024 a las
    14:15", "7 janvier 2025"), read by dateparser; a day, a month and a year must all be named, as for
    English dates, and nothing is read relative to today ("gestern" gives no date)."""
    if len(text) > _LONGEST_WRITTEN_DATE or not _YEAR_AND_WORD.search(text):
        return None
    try:
        found = _written_date_parser().get_date_data(text)
    except (ValueError, OverflowError, TypeError):
        return None
    return found.date_obj if found else None


def _tzinfo(name: str | None, offset: int | None) -> tzinfo | None:
    if name and name.upper() in _TZ_OFFSETS_HOURS:
        return timezone(timedelta(hours=_TZ_OFFSETS_HOURS[name.upper()]), name.upper())
    if offset is not None:
        return tzoffset(name, offset)
    return None


def _from_epoch(number: float, original: object) -> datetime:
    # Seconds until the year 5138, then milliseconds, then microseconds: the magnitudes do not overlap
    # for any date this century. Small numbers (a year, a day of the month) are no epoch times at all.
    if abs(number) < _SMALLEST_EPOCH:
        raise ValueError(f"{original!r} is too small to be an epoch time (seconds since 1970)")
    for divisor in (1, 1_000, 1_000_000):
        seconds = number / divisor
        if abs(seconds) < 1e11:
            try:
                return _in_range(datetime.fromtimestamp(seconds, tz=UTC), original)
            except (OverflowError, OSError) as error:
                raise ValueError(f"epoch time {original!r} is out of range") from error
    raise ValueError(f"epoch time {original!r} is out of range")


def _to_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.tzinfo.utcoffset(moment) is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _in_range(moment: datetime, original: object) -> datetime:
    if not _FIRST_YEAR <= moment.year <= _LAST_YEAR:
        raise ValueError(f"date {original!r} is out of range (year {moment.year})")
    return moment
