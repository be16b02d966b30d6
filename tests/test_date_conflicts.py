"""The day of the event: reports whose leads date it on different days are a discrepancy, quoted from each
side; datelines, deadlines, other happenings and reports naming both days are not. Every sentence here is
written for these tests."""

from __future__ import annotations

from measured import article
from newsprism.brief.date_conflicts import date_discrepancies
from newsprism.clean.sentences import split_sentences
from newsprism.records import Article, Discrepancy, SentenceRef

LAUNCH_EN = (
    "The Korvex rocket of Aldemar Space exploded minutes after its launch from Port Sella on March 14."
)
LAUNCH_FR = "La fusée Korvex d'Aldemar Space a explosé peu après son lancement de Port Sella le 15 mars 2031."
LAUNCH_DE = (
    "Die Korvex-Rakete von Aldemar Space ist am 14. März kurz nach dem Start über dem Meer explodiert."
)
AFTER = "Debris fell into the sea east of Port Sella, and nobody was hurt, Aldemar Space said."


def dated(*articles: Article) -> list[Discrepancy]:
    refs = [SentenceRef(a.id, a.outlet, i, s) for a in articles for i, s in enumerate(a.sentences)]
    return date_discrepancies(refs, articles, list(range(len(refs))))


def test_leads_that_date_the_event_on_different_days_disagree():
    (found,) = dated(
        article("a", "en", [LAUNCH_EN, AFTER]),
        article("b", "fr", [LAUNCH_FR]),
        article("c", "de", [LAUNCH_DE, AFTER]),
    )
    assert found.kind == "date" and found.subject == "date of the event" and found.nature == "conflict"
    assert [s.value for s in found.sides] == ["March 14", "15 mars"]
    assert [sorted(q.article_id for q in s.quotes) for s in found.sides] == [["a", "c"], ["b"]]


def test_two_reports_are_enough():
    (found,) = dated(article("a", "en", [LAUNCH_EN]), article("b", "fr", [LAUNCH_FR]))
    assert {s.value for s in found.sides} == {"March 14", "15 mars"}


def test_datelines_questions_and_deadlines_date_no_event():
    dateline = article("b", "en", ["PORT SELLA, March 15.", AFTER])
    question = article("c", "en", ["What happened to the Korvex rocket of Aldemar Space on March 15?", AFTER])
    deadline = article(
        "d",
        "en",
        ["Aldemar Space grounded the Korvex rocket of its fleet effective March 15 after the loss."],
    )
    assert dated(article("a", "en", [LAUNCH_EN]), dateline, question, deadline) == []


def test_a_report_naming_both_days_or_a_far_day_is_no_side():
    both = article(
        "b", "fr", [LAUNCH_FR, "Le premier essai de Korvex par Aldemar Space avait eu lieu le 14 mars."]
    )
    assert dated(article("a", "en", [LAUNCH_EN]), both) == []
    later = article(
        "c", "en", ["Aldemar Space will fly the Korvex rocket again from Port Sella on April 30."]
    )
    assert dated(article("a", "en", [LAUNCH_EN]), later) == []


def test_a_lead_about_something_else_dates_no_event():
    other = article("b", "en", ["Markets in the region were calm on March 15, traders in the city said."])
    assert dated(article("a", "en", [LAUNCH_EN]), other) == []


def test_an_abbreviated_month_before_its_day_ends_no_sentence():
    text = "The rocket exploded on Jan. 16, 2031, over the sea. It was the second loss this year."
    assert split_sentences(text) == [
        "The rocket exploded on Jan. 16, 2031, over the sea.",
        "It was the second loss this year.",
    ]
