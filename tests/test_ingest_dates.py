"""parse_datetime: the date forms news metadata uses, always aware UTC, and clear errors for the rest."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from newsprism.ingest import parse_datetime


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-05-16T08:30:00Z", datetime(2024, 5, 16, 8, 30, tzinfo=UTC)),
        ("2024-05-16T10:30:00+02:00", datetime(2024, 5, 16, 8, 30, tzinfo=UTC)),
        ("2024-05-16", datetime(2024, 5, 16, tzinfo=UTC)),
        ("2024-05-16 08:30:00", datetime(2024, 5, 16, 8, 30, tzinfo=UTC)),
        ("20240516", datetime(2024, 5, 16, tzinfo=UTC)),
        ("Thu, 16 May 2024 10:30:00 +0200", datetime(2024, 5, 16, 8, 30, tzinfo=UTC)),
        ("Thu, 16 May 2024 08:30:00 GMT", datetime(2024, 5, 16, 8, 30, tzinfo=UTC)),
        ("May 03, 2013", datetime(2013, 5, 3, tzinfo=UTC)),
        ("May 3rd, 2013", datetime(2013, 5, 3, tzinfo=UTC)),
        ("3 May 2013", datetime(2013, 5, 3, tzinfo=UTC)),
        ("Fri Aug 2, 2013 6:50pm EDT", datetime(2013, 8, 2, 22, 50, tzinfo=UTC)),
        ("August 2, 2013 8:13 AM PT", datetime(2013, 8, 2, 16, 13, tzinfo=UTC)),
        ("1715848200", datetime(2024, 5, 16, 8, 30, tzinfo=UTC)),
        ("1715848200000", datetime(2024, 5, 16, 8, 30, tzinfo=UTC)),
        (1715848200, datetime(2024, 5, 16, 8, 30, tzinfo=UTC)),
        (1715848200000, datetime(2024, 5, 16, 8, 30, tzinfo=UTC)),
        (1715848200.5, datetime(2024, 5, 16, 8, 30, 0, 500000, tzinfo=UTC)),
        (datetime(2024, 5, 16, 8, 30), datetime(2024, 5, 16, 8, 30, tzinfo=UTC)),
        (
            datetime(2024, 5, 16, 10, 30, tzinfo=timezone(timedelta(hours=2))),
            datetime(2024, 5, 16, 8, 30, tzinfo=UTC),
        ),
    ],
)
def test_parses_news_date_forms_to_aware_utc(value: object, expected: datetime) -> None:
    parsed = parse_datetime(value)  # type: ignore[arg-type]
    assert parsed == expected
    assert parsed.tzinfo is not None and parsed.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    "value", ["garbage", "not a date at all", "", "   ", "12:30", "5", "next Tuesday-ish"]
)
def test_garbage_raises_value_error_naming_the_value(value: str) -> None:
    with pytest.raises(ValueError) as error:
        parse_datetime(value)
    if value.strip():
        assert repr(value) in str(error.value)


def test_a_bare_month_and_day_is_not_completed_with_this_year() -> None:
    with pytest.raises(ValueError, match="May 3"):
        parse_datetime("May 3")


@pytest.mark.parametrize("value", [True, 10**20, "99999999999999999999"])
def test_nonsense_numbers_are_refused(value: object) -> None:
    with pytest.raises(ValueError):
        parse_datetime(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("17. Oktober 2024", datetime(2024, 10, 17, tzinfo=UTC)),
        ("12 de diciembre de 2024 a las 14:15", datetime(2024, 12, 12, 14, 15, tzinfo=UTC)),
        ("7 janvier 2025", datetime(2025, 1, 7, tzinfo=UTC)),
        ("13 октября 2024 г.", datetime(2024, 10, 13, tzinfo=UTC)),
    ],
)
def test_dates_written_in_other_languages(written: str, expected: datetime) -> None:
    assert parse_datetime(written) == expected


@pytest.mark.parametrize("written", ["gestern", "Oktober 2024", "am Donnerstag"])
def test_other_languages_need_day_month_and_year(written: str) -> None:
    with pytest.raises(ValueError, match="cannot parse"):
        parse_datetime(written)
