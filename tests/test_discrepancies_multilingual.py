"""Figures compared as facts in every language (issue 15, item 2): what each figure measures, read in its
own language, the rules that keep a difference from being a conflict, and how subjects are told apart.
Every sentence here is invented for these tests."""

from __future__ import annotations

import pytest

from measured import article, story
from newsprism.brief.discrepancies import _one_outlet_writes_both, _spelling_variant
from newsprism.brief.measures import in_a_row, read_measures, times_of_day
from newsprism.brief.quantities import extract_quantities
from newsprism.languages import ordinal_value
from newsprism.records import SentenceRef


def measured(text: str, language: str) -> list[tuple[str, str, float, float]]:
    return [(m.measure, m.qualifier, m.low, m.high) for m in read_measures(text, language)]


def one(text: str, language: str, measure: str):
    found = [m for m in read_measures(text, language) if m.measure == measure]
    assert len(found) == 1, measured(text, language)
    return found[0]


@pytest.mark.parametrize(
    ("text", "language", "measure", "value"),
    [
        ("The blast resulted in the death of 52 people, police said.", "en", "dead", 52),
        ("Se confirmó la muerte de un total de 31 personas a bordo.", "es", "dead", 31),
        ("Bei dem Brand im Lager starben drei Menschen.", "de", "dead", 3),
        ("Dodici persone hanno perso la vita nell'incendio.", "it", "dead", 12),
        ("The ferry was carrying 80 people, 41 of whom survived.", "en", "on board", 80),
        ("The ferry was carrying 80 people, 41 of whom survived.", "en", "survivors", 41),
        ("На борту было 54 человека.", "ru", "on board", 54),
        ("Das Epizentrum lag 38 Kilometer von Varna entfernt.", "de", "distance", 38),
        ("L'épicentre se trouvait à 183 km au sud-est de Lhassa.", "fr", "distance", 183),
        ("El apagón dejó a 4,3 millones de personas sin luz.", "es", "people without power", 4.3e6),
        ("Über 1,9 Millionen Menschen sind ohne Strom.", "de", "people without power", 2.0e6),
        ("La banque a réduit ses taux de 25 points de base.", "fr", "rate move (basis points)", 25),
        ("Die Notenbank senkte den Leitzins um einen Viertelpunkt.", "de", "rate move (basis points)", 25),
        ("Il Consiglio ha deciso di ridurre di 50 punti base i tassi.", "it", "rate move (basis points)", 50),
        ("Le saca cinco puntos de ventaja a su rival.", "es", "lead (points)", 5),
        ("Der Ausgleich fiel spät: Tormann Berk (84.) traf.", "de", "minute", 84),
        ("Ferrandi ha segnato al 70' di testa.", "it", "minute", 70),
        ("Kesler scored in the 71st minute.", "en", "minute", 71),
        ("Among the passengers were 42 Varnian citizens.", "en", "nationals", 42),
        ("Crews towed the 233-foot-tall booster back to the pad.", "en", "height (ft)", 233),
    ],
)
def test_each_figure_is_read_with_what_it_measures(text: str, language: str, measure: str, value: float):
    figure = one(text, language, measure)
    assert figure.low <= value <= figure.high


def test_a_part_of_a_toll_is_read_with_its_qualifier_and_a_part_of_the_dead_is_no_toll():
    serious = read_measures("Mindestens 40 Personen wurden verletzt, 12 von ihnen schwer.", "de")
    assert [(m.measure, m.qualifier) for m in serious] == [("injured", ""), ("injured", "serious")]
    critical = one("Tres personas siguen en estado crítico.", "es", "injured")
    assert critical.qualifier == "serious"
    assert measured("Two of the dead were dock workers.", "en") == []


def test_figures_that_count_something_else_are_not_read():
    assert measured("Doctors reported many injuries across three districts.", "en") == []
    assert [m[0] for m in measured("A magnitude 5.1 earthquake killed nobody.", "en")] == ["magnitude"]
    assert measured("Forecasters issued 116 tornado warnings overnight.", "en") == []
    assert measured("Se emitieron 100 avisos de tornados en el estado.", "es") == []
    assert measured("A 5.5-kilometre procession crossed the city.", "en") == []
    assert measured("Rates have fallen 100 basis points since June.", "en") == []
    assert measured("Neste sábado (26) o funeral reuniu a cidade.", "pt") == []
    assert measured("Early on, initial reports said 25 people had survived.", "en") == []


def test_times_of_day_are_read_with_their_event_and_zone():
    (landfall,) = times_of_day("El huracán tocó tierra a las 11:10 p.m. EDT cerca de la costa.")
    assert (landfall.qualifier, landfall.names) == ("landfall or strike", frozenset({"us-eastern"}))
    assert landfall.low <= 23 * 60 + 10 <= landfall.high
    (launch,) = times_of_day("Die Rakete hob gegen 14.00 Uhr MEZ von der Rampe ab.")
    assert launch.qualifier == "launch" and launch.low <= 13 * 60 + 55 and launch.high >= 14 * 60 + 5
    (smoke,) = times_of_day("C'est peu avant 18 heures 30 que la fumée blanche est apparue.")
    assert smoke.names == frozenset({"local"}) and smoke.high == pytest.approx(18 * 60 + 30.49)
    assert times_of_day("Police closed the coastal road at 18:00.") == []  # no event of a kind named
    assert times_of_day("Aftershocks struck between 7:02 and 9:11 local time.") == []  # a span


def test_how_many_in_a_row_is_read_from_ordinals_in_any_language():
    assert [ordinal_value(w) for w in ("second", "zweiten", "tercera", "troisième", "trzeci", "two")] == [
        2,
        2,
        3,
        3,
        3,
        None,
    ]
    (twice,) = in_a_row("The council lowered its rates for the second time in a row.")
    (thrice,) = in_a_row("Die Notenbank senkte die Zinsen zum dritten Mal in Folge.")
    assert (twice.qualifier, twice.low, thrice.qualifier, thrice.low) == ("time", 2, "time", 3)
    (title,) = in_a_row("Varna won its third straight title.")
    assert title.qualifier == "title"  # a third title in a row is no third time of something else
    assert in_a_row("It is the first time rates were cut at consecutive meetings.") == []


def test_decimal_commas_are_not_read_as_two_numbers_by_the_english_reader():
    assert [q.text for q in extract_quantities("Frekwencja wyniosła 71,63 proc.")] == []
    assert [q.text for q in extract_quantities("Die Quote lag bei 50,89 %.")] == []


def test_transliterations_and_one_outlets_slips_are_no_name_discrepancy():
    assert _spelling_variant("Aliyev", "Aliev")
    assert _spelling_variant("Bozumbayev", "Bozumbaev")
    assert not _spelling_variant("Wolfe", "Wolff")
    refs = [
        SentenceRef("a", "A", 0, "Mayor Ilena Vorst won the vote."),
        SentenceRef("a", "A", 1, "Ilana Vorst thanked her voters."),
        SentenceRef("b", "B", 0, "Ilana Vorst won the vote."),
    ]
    assert _one_outlet_writes_both(["Ilena Vorst", "Ilana Vorst"], refs)
    assert not _one_outlet_writes_both(["Ilena Vorst", "Ilana Vorst"], refs[1:])


def sides(found) -> set[frozenset[str]]:
    return {frozenset(q.article_id for q in s.quotes) for s in found.sides}


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Winds of up to 120 mph battered the coast.", "Vientos de 193 km/h azotaron la costa."),  # units
        ("Das Beben hatte die Stärke 6,4.", "Le séisme de magnitude 6,4 a frappé la côte."),  # commas
        ("At least 40 people were injured in the blast.", "Al menos 40 heridos fueron atendidos."),  # bounds
        ("El cohete despegó a las 8:00 EDT.", "Die Rakete startete um 14.00 Uhr MEZ."),  # two zones
        ("Kesler got 41% in the first round.", "Kesler won the runoff with 52% of the vote."),  # two rounds
        ("The crash killed about 50 people.", "Der Absturz forderte 54 Tote."),  # about
    ],
)
def test_differences_that_can_both_be_true_are_no_discrepancy(first: str, second: str):
    assert story(article("a", "en", [first]), article("b", "de", [second])) == []


def test_lower_bounds_that_differ_are_shown_as_bounds_never_as_a_conflict():
    first = article("a", "en", ["At least 40 people were injured in the blast."])
    (found,) = story(first, article("b", "es", ["Más de 55 heridos fueron atendidos."]))
    assert found.nature == "bounds"


def test_a_hedged_precise_figure_stays_near_it():
    about = article("a", "en", ["The storm brought winds of about 103 mph ashore."])
    other = article("b", "es", ["La tormenta tocó tierra con vientos de 120 millas por hora."])
    (found,) = story(about, other)
    assert found.kind == "speed" and sides(found) == {frozenset("a"), frozenset("b")}


def test_the_same_measure_is_compared_whatever_the_sentences_look_like():
    english = article("a", "en", ["The ferry was carrying 80 people when it capsized off the cape."])
    russian = article("b", "ru", ["На борту находилось 86 человек."])
    german = article(
        "c", "de", ["Bei dem Unglück starben zwei Menschen.", "Die Fähre hatte 80 Menschen an Bord."]
    )
    (found,) = story(english, russian, german)
    assert found.subject == "number on board" and sides(found) == {frozenset("ac"), frozenset("b")}


def test_a_players_minutes_are_compared_moment_by_moment():
    one_goal = article("a", "de", ["Das 3:0 erzielte Tormann Berk (84.)."])
    late = article("b", "de", ["Berk (85.) machte alles klar."])
    two_goals = article("c", "it", ["Doppietta di Berk al 5' e al 84'."])
    (found,) = story(one_goal, late, two_goals)
    assert found.kind == "minute" and sides(found) == {frozenset("ac"), frozenset("b")}
    early = article("d", "it", ["Berk ha segnato al 5'."])
    assert story(early, article("e", "de", ["Berk traf spät (84.)."])) == []  # two goals, not one


def test_nationalities_on_board_and_a_players_two_minutes_are_compared():
    found = story(
        article("a", "en", ["The passengers included 37 Varnians and 16 Osklanders."]),
        article("b", "en", ["Among the passengers were 42 Varnian citizens and 16 Osklanders."]),
    )
    (nationals,) = found
    assert "Varnian" in nationals.subject and {s.value for s in nationals.sides} == {
        "37 Varnians",
        "42 Varnian citizens",
    }
    minutes = story(
        article("c", "en", ["Kesler struck twice, in the 35th and 45th minutes."]),
        article("d", "it", ["Doppietta di Kesler al 34' e al 45'."]),
    )
    assert [{s.value for s in d.sides} for d in minutes] == [{"35th", "34"}]


def test_sizes_are_compared_in_the_unit_written_and_said_of_their_thing():
    found = story(
        article("a", "en", ["Crews towed the 233-foot-tall booster back to the pad."]),
        article("b", "en", ["It caught the 232-foot-tall booster, which is reusable."]),
        article("c", "en", ["The 400-foot-tall stack lifted off at dawn."]),
        article("d", "en", ["It consists of a 70-meter-tall booster and a ship."]),
    )
    (height,) = found
    assert height.subject == "height (ft)" and sides(height) == {frozenset("a"), frozenset("b")}
    assert (
        story(article("e", "en", ["Someone counted 30 to 40 firefighters at the three-story church."])) == []
    )


def test_a_rate_move_is_compared_across_languages():
    found = story(
        article("a", "de", ["Die Notenbank senkte den Leitzins um einen Viertelpunkt."]),
        article("b", "it", ["La banca ha ridotto i tassi di 25 punti base."]),
        article("c", "de", ["Die Notenbank hat den Leitzins um 1 Prozentpunkt gesenkt."]),
    )
    (move,) = found
    assert move.subject.startswith("size of the rate move") and sides(move) == {
        frozenset("ab"),
        frozenset("c"),
    }


def test_places_an_article_tells_apart_are_compared_apart():
    both = article("a", "en", ["In Varnia, at least 140 people died, while Oskland reported 10 deaths."])
    varnia = article("b", "en", ["In Varnia the toll reached 150 dead."])
    oskland = article("c", "es", ["En Oskland murieron 18 personas."])
    found = story(both, varnia, oskland)
    (conflict,) = [d for d in found if d.nature == "conflict"]
    assert sides(conflict) == {frozenset("a"), frozenset("c")} and "Oskland" in conflict.subject
    (bounds,) = [d for d in found if d.nature == "bounds"]  # "at least 140" and "150" may both be true
    assert sides(bounds) == {frozenset("a"), frozenset("b")} and "Varnia" in bounds.subject


def test_a_name_beside_a_toll_that_is_no_place_does_not_split_it():
    first = article("a", "en", ["A black Corvax van drove into the market, killing two people."], 3)
    second = article("b", "de", ["Bei dem Anschlag auf den Markt starben fünf Menschen."], 3)
    third = article("c", "en", ["The Daily Vell cited the death toll at five."], 3)
    (found,) = story(first, second, third)
    assert found.nature == "conflict" and sides(found) == {frozenset("a"), frozenset("bc")}


def test_times_of_an_event_are_compared_within_one_zone():
    found = story(
        article("a", "en", ["The storm made landfall around 2:30 a.m. near the bay."]),
        article("b", "es", ["La tormenta tocó tierra a las 8:30 PM hora local."]),
        article("c", "en", ["The storm made landfall at 2:30 a.m. EDT."]),
    )
    (time,) = found
    assert time.kind == "time" and sides(time) == {frozenset("a"), frozenset("b")}


def test_an_outlet_leading_with_one_value_is_taken_at_it():
    first = article("a", "de", ["Das Beben hatte die Stärke 7,4.", "Die Erdbebenwarte meldet sogar 7,7."])
    second = article("b", "en", ["The quake had a magnitude of 7.7."])
    (found,) = story(first, second)
    assert found.kind == "magnitude" and {s.value for s in found.sides} == {"7,4", "7.7"}


def test_a_figure_an_article_gives_as_a_poll_is_a_poll_wherever_it_repeats_it():
    from newsprism.brief.discrepancies import polled_sentences

    refs = [
        SentenceRef("a", "A", 0, "Marlow Wins 52.1% In Runoff"),
        SentenceRef("a", "A", 1, "Marlow took 52.1% of the vote in 2031, according to the Ipsos exit poll."),
        SentenceRef("a", "A", 2, "Turnout was 61.2% in 2031."),
        SentenceRef("b", "B", 0, "Marlow won 52.1% of the vote."),
    ]
    assert polled_sentences(refs, {"a": "en", "b": "en"}) == [True, True, False, False]
