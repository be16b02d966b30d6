"""Figures, dates and their comparison: what may count as a discrepancy and what may not (no models)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from newsprism.brief.discrepancies import (
    _spelling_variant,
    anchored,
    figures_disagree,
    others_agree,
    same_time,
)
from newsprism.brief.quantities import compatible, extract_quantities, parse_number
from newsprism.brief.timeline import find_dates


def only(text: str):
    found = extract_quantities(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("about 90 people", "around 90 people"),
        ("$3.2bn", "$3.2 billion"),
        ("chief executive Henrik Tallow, aged 64, said", "Tallow, who is in his sixties, said"),
        ("the 64-year-old chief executive", "Tallow, who is in his sixties, said"),
        ("Putin, 71, said", "both in their seventies"),
        ("a rate of 4.00%", "a rate of 4%"),
        ("a quarter of a percentage point", "25 basis points"),
        ("half a percentage point", "a half-point"),
        ("more than 300 homes", "350 homes"),
        ("some 1,800 jobs", "about 1,800 jobs"),
        ("$3.15 billion", "$3.2 billion"),
        ("twelve people", "12 people"),
    ],
)
def test_compatible_wordings(a: str, b: str):
    assert compatible(only(a), only(b)), (only(a), only(b))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("12 people", "14 people"),
        ("$3.2 billion", "$2.9 billion"),
        ("on March 18", "on March 25"),
        ("Tallow, aged 64, said", "Tallow, aged 58, said"),
        ("a rate of 4.25%", "a rate of 4.00%"),
        ("voted 6-3", "voted 7-2"),
        ("25 basis points", "half a percentage point"),
    ],
)
def test_incompatible_figures(a: str, b: str):
    assert not compatible(only(a), only(b))


def test_a_round_figure_may_be_a_rounded_one():
    # "4%" may be 4.25% rounded; only "4.00%" says the rate is not 4.25%.
    assert compatible(only("a rate of 4.25%"), only("a rate of 4%"))


def test_numbers_in_words_and_digits():
    assert parse_number("1,800") == 1800
    assert parse_number("forty-two") == 42
    assert parse_number("a dozen") == 12
    assert parse_number("several") is None


def test_times_of_day_ordinals_and_partitive_totals_are_not_counts():
    assert extract_quantities("The quake hit at 04:17 local time, shortly after 4 a.m.") == []
    assert extract_quantities("It marked the 75th anniversary.") == []
    three, nine = [q for q in extract_quantities("Three of the nine members voted no.") if q.kind == "count"]
    assert (three.unit, nine.unit) == ("", "total member")


def disagreement(a: str, b: str):
    return figures_disagree(extract_quantities(a), extract_quantities(b))


def test_a_different_toll_in_otherwise_parallel_sentences_disagrees():
    a = "The earthquake killed 12 people, the Interior Ministry said."
    b = "The earthquake killed 14 people, the provincial governor's office said."
    x, y = disagreement(a, b)
    assert (x.text, y.text) == ("12 people", "14 people")
    assert anchored(a, x, b, y) and same_time(a, x, b, y)


def test_a_figure_the_other_sentence_also_gives_is_no_disagreement():
    assert (
        disagreement(
            "The earthquake killed 14 people and injured about 90, according to the government.",
            "Around 90 people were injured, most of them by falling masonry.",
        )
        is None
    )


def test_figures_said_of_different_things_or_times_are_not_anchored():
    a = "The earthquake killed 12 people, the Interior Ministry said."
    b = "About 90 people were injured, the ministry said."
    x, y = disagreement(a, b)
    assert not anchored(a, x, b, y)
    c = "The bank cut its rate by half a percentage point on Thursday."
    d = "The bank had already cut the rate by a quarter point in January."
    x, y = disagreement(c, d)
    assert not same_time(c, x, d, y)


def test_dates_resolve_against_the_published_time():
    published = datetime(2026, 3, 5, 9, 0, tzinfo=UTC)  # a Thursday
    [vote] = find_dates("A final vote is scheduled for March 18.", published)
    assert (vote.when, vote.precision) == (date(2026, 3, 18), "day")
    [met] = find_dates("The two leaders met on Tuesday.", published)
    assert met.when == date(2026, 3, 3)
    [next_vote] = find_dates("The council will vote on Tuesday.", published)
    assert next_vote.when == date(2026, 3, 10)
    [unknown] = find_dates("The two leaders met on Tuesday.", None)
    assert (unknown.when, unknown.as_written) == (None, "Tuesday")
    assert find_dates('"The relationship today is hard-earned," Xi said.', published) == []
    [year] = find_dates("The republic was declared in 1949.", None)
    assert (year.when, year.precision) == (date(1949, 1, 1), "year")
    [month] = find_dates("Putin last visited in May 2024.", None)
    assert (month.when, month.precision) == (date(2024, 5, 1), "month")


def test_durations_bare_numbers_and_tokenising_debris_are_not_compared():
    assert extract_quantities("The new rules take effect in about 30 days.") == []
    assert extract_quantities("He spent four seasons as director.") == []
    assert extract_quantities("An estimated 100, 000 people marched; a 90 - day stint.") == []
    assert (
        disagreement("The earthquake killed 12, officials said.", "The earthquake killed 14, officials said.")
        is None
    )


def test_two_records_are_not_one_disputed_figure():
    # Two games' statistics: the other figures disagree too, so the passes are not a discrepancy.
    a = "He caught 29 passes for 201 yards and two touchdowns."
    b = "He caught 39 passes for 302 yards and six touchdowns."
    x, y = disagreement(a, b)
    assert not others_agree(extract_quantities(a), extract_quantities(b), (x, y))
    c = "Voters in 2009 approved a $3 million bond, Bower said."
    d = "Palmer voters in 2010 approved a $3 million bond."
    x, y = disagreement(c, d)
    assert others_agree(extract_quantities(c), extract_quantities(d), (x, y))


def test_british_and_american_spellings_are_one_name():
    assert _spelling_variant("Centre", "Center")
    assert _spelling_variant("Organisation", "Organization")
    assert _spelling_variant("Advisors", "Advisers")
    assert not _spelling_variant("Wolfe", "Wolff")


def test_the_quick_gate_hides_no_figure_in_real_news(monkeypatch):
    """``extract_quantities`` skips sentences with no digit and no number word; on every ECB+ sentence the
    full reading finds nothing in the skipped ones."""
    import json
    import re

    from conftest import shared_path
    from newsprism.brief import quantities

    path = shared_path("data", "ecbplus", "dev.jsonl")
    sentences = [
        s
        for line in path.open(encoding="utf-8")
        for s in re.split(r"(?<=[.!?])\s+", json.loads(line)["text"])
    ]
    skipped = [s for s in sentences if not quantities._MAY_HAVE_FIGURE.search(s)]
    assert len(skipped) > len(sentences) / 3  # the gate matters
    monkeypatch.setattr(quantities, "_MAY_HAVE_FIGURE", re.compile(""))
    assert [s for s in skipped if extract_quantities(s)] == []
