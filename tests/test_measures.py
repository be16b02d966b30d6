"""Figures compared as facts: the measure reader, the rules that make a difference no conflict, and an
update told from a conflict. Every sentence here is written for these tests."""

from __future__ import annotations

import pytest

from measured import article, story
from newsprism.brief.measures import read_measures


def read(text: str, language: str) -> list[tuple[str, str, float, float]]:
    return [(m.measure, m.qualifier, m.low, m.high) for m in read_measures(text, language)]


@pytest.mark.parametrize(
    ("text", "language", "measure", "value"),
    [
        ("The flood in the valley left 14 people dead on Monday.", "en", "dead", 14),
        ("Rescuers said 23 others were injured in the collapse.", "en", "injured", 23),
        ("Bei dem Unglück gab es neun Tote.", "de", "dead", 9),
        ("Das Beben hatte eine Stärke von 6,3.", "de", "magnitude", 6.3),
        ("El accidente dejó 37 heridos en la autopista.", "es", "injured", 37),
        ("La policía confirmó doce muertos en el incendio.", "es", "dead", 12),
        ("The ferry was carrying 212 passengers when it sank.", "en", "passengers", 212),
        ("Officials said 41 passengers survived the sinking.", "en", "survivors", 41),
        ("Ein Feuer zerstörte das 12-stöckige Gebäude.", "de", "storeys", 12),
        # a bare figure after a counting verb counts what the sentence named before it, not the warnings
        (
            "Se emitieron 90 avisos de tornados y se contabilizaron 14, algunos destructivos.",
            "es",
            "tornadoes",
            14,
        ),
    ],
)
def test_the_reader_names_what_a_figure_measures(text: str, language: str, measure: str, value: float):
    found = [m for m in read_measures(text, language) if m.measure == measure]
    assert len(found) == 1, read(text, language)
    assert found[0].low <= value <= found[0].high


def test_hedges_ranges_and_qualifiers_are_read():
    (dead,) = read_measures("Al menos cinco muertos dejó la tormenta en la costa.", "es")
    assert dead.low == 5 and dead.high == float("inf")
    (missing,) = read_measures("Between 10 and 20 fishermen are missing after the storm.", "en")
    assert missing.measure == "missing" and missing.low < 10 < 20 < missing.high
    (aftershock,) = read_measures("A 5.2-magnitude aftershock shook the town at noon.", "en")
    assert aftershock.qualifier == "aftershock"
    (rate,) = read_measures("The bank cut the deposit rate from 4.5% to 4.25% on Friday.", "en")
    assert rate.qualifier == "deposit rate" and rate.low < 4.25 < rate.high  # 4.5% is the former rate


def test_figures_without_a_measure_word_are_not_read():
    assert read("The storm passed 30 km north of the port before dawn.", "en") == []
    assert read("The pope, who died at 88, led the church for twelve years.", "en") == []
    assert read("Officials in the valley confirmed 14 on Monday.", "en") == []  # counted, but nothing named


def test_a_higher_toll_published_later_is_an_update():
    early = article("a", "en", ["The landslide near the village killed 6 people, the mayor said."], 3)
    later = article("b", "de", ["Beim Erdrutsch im Dorf gab es inzwischen 15 Tote."], 4)
    (found,) = story(early, later)
    assert found.nature == "update" and found.subject == "death toll"
    assert {s.value for s in found.sides} == {"6", "15"}


def test_lower_bounds_that_grow_with_the_reports_times_are_an_update_and_nothing_else():
    early = article("a", "en", ["At least three people were killed when the storm hit Vellmark."], 3)
    later = article("b", "fr", ["La tempête a fait au moins 17 morts à Vellmark."], 4)
    (found,) = story(early, later)
    assert found.nature == "update" and found.subject == "death toll"
    assert [s.value for s in found.sides] in (
        ["At least three", "au moins 17"],
        ["au moins 17", "At least three"],
    )
    # "at least 17" then "at least 3", or an undated report: both may be true, but the toll did not rise
    for day in (5, None):
        (found,) = story(article("a", "en", early.sentences, day), later)
        assert found.nature == "bounds" and {s.value for s in found.sides} == {
            "At least three",
            "au moins 17",
        }


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("At least 12 people were killed.", "El choque dejó 15 muertos."),
        ("More than 200 people were injured.", "Más de 230 heridos fueron atendidos."),
    ],
)
def test_tolls_that_differ_but_may_all_be_true_are_shown_as_bounds_not_a_conflict(first: str, second: str):
    (found,) = story(article("a", "en", [first], 3), article("b", "es", [second], 3))
    assert found.nature == "bounds" and len(found.sides) == 2


def test_each_article_is_taken_at_the_first_toll_it_gives_as_a_bound():
    one = article(
        "a",
        "en",
        [
            "The storm killed at least 11 people in Vellmark.",
            "The last storm killed at least 240 in Vellmark.",
        ],
    )
    other = article("b", "en", ["At least 11 people died in Vellmark."])
    assert story(one, other) == []


def test_tolls_listed_together_take_the_place_said_after_the_last():
    (dead, injured, missing) = read_measures(
        "At least 900 have been killed, 2,100 injured and 70 are missing in Orvania, officials said.", "en"
    )
    assert dead.places == injured.places == missing.places == {"orvan"}
    apart = read_measures("Six died in the capital, while 40 are missing in Orvania.", "en")
    assert not apart[0].places


def test_a_rate_is_no_toll():
    assert read("The country is averaging more than 1,500 deaths a day.", "en") == []
    assert read("Es gab zuletzt 300 Tote pro Tag.", "de") == []


def test_different_tolls_at_the_same_time_are_a_conflict():
    one = article("a", "en", ["The landslide near the village killed 6 people, the mayor said."], 3)
    other = article("b", "es", ["El deslizamiento dejó 11 muertos en el pueblo."], 3)
    undated = article("c", "en", ["At least 40 people were injured in the landslide."], None)
    (found,) = story(one, other, undated)
    assert found.nature == "conflict"
    assert [q.article_id for s in found.sides for q in s.quotes] in (["a", "b"], ["b", "a"])


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("The crash killed about 50 people.", "Der Absturz forderte 54 Tote."),  # "about"
        ("At least 12 people were killed.", "El choque dejó 12 muertos."),  # "at least"
        ("Between 8 and 12 people are missing.", "Zehn Menschen werden vermisst."),  # a range
        ("The quake had a magnitude of 6.4.", "Das Beben hatte die Stärke 6,4."),  # decimal comma
        ("Turnout was 61.2%, officials said.", "Die Wahlbeteiligung lag bei 61 Prozent."),  # rounding
    ],
)
def test_figures_that_can_both_be_true_are_no_discrepancy(first: str, second: str):
    assert story(article("a", "en", [first], 3), article("b", "de", [second], 3)) == []


def test_a_projection_is_not_compared_with_a_result():
    poll = article("a", "en", ["An exit poll gave Marlow 52.1% of the vote."], 3)
    result = article("b", "en", ["Marlow won the runoff with 50.4% of the vote."], 4)
    assert story(poll, result) == []
    rival = article("c", "es", ["Marlow ganó la segunda vuelta con el 48,2% de los votos."], 4)
    (found,) = story(poll, result, rival)
    assert found.kind == "percent" and "Marlow" in found.subject


def test_tolls_of_different_places_are_not_compared():
    here = article("a", "en", ["In Varnia, 30 people were killed by the storm."], 3)
    there = article("b", "en", ["In Oskland, 4 people were killed by the storm."], 3)
    assert story(here, there) == []


def test_the_brief_evaluation_matches_values_and_facts_as_documented():
    from newsprism.evaluation.briefs import fact_stated, lower_case_words, text_words, value_in

    assert value_in("neun Tote", "Die Polizei meldete neun Tote.", "de")
    assert value_in("7,4", "Das Beben hatte die Stärke 7,4.", "de")
    assert value_in("250 mil pessoas", "Estiveram 250 mil pessoas na praça.", "pt")
    assert not value_in("179", "The toll rose to 177.", "en")
    fact = "The Harlow bridge, built in 1931, collapsed on Tuesday"
    assert fact_stated(fact, "El puente de Harlow, de 1931, se derrumbó.", "es")
    assert not fact_stated(fact, "El puente de Harlow se derrumbó.", "es")
    dated = "The Harlow bridge collapsed on 4 March 2025, killing 12"  # a date is not asked for, unless told
    assert fact_stated(dated, "El puente de Harlow se derrumbó el martes: 12 muertos.", "es")
    assert not fact_stated(
        dated, "El puente de Harlow se derrumbó el martes: 12 muertos.", "es", with_dates=True
    )
    assert not fact_stated(dated, "El puente de Harlow se derrumbó el martes.", "es")
    # a fact's first word is a name only when the coverage never writes it in lower case
    opening = "Main roads into Harlow and Vessby were closed, with 60 detours"
    lower = lower_case_words(["The main roads were shut.", "Harlow is quiet."])
    assert fact_stated(opening, "Le strade per Harlow sono chiuse: sessanta deviazioni.", "it", False, lower)
    assert not fact_stated(opening, "Le strade per Harlow sono chiuse: sessanta deviazioni.", "it")
    # a name the sentence's article never writes (it says "Suecia") is not asked for; the others are
    swedish = "Sweden closed the Harlow bridge to Vessby"
    article = "Suecia cerró el puente de Harlow. El tráfico se desvía por Vessby."
    sentence = "Suecia cerró el puente de Harlow."
    assert not fact_stated(swedish, sentence, "es")
    assert fact_stated(swedish, sentence, "es", written=text_words(article))
    assert not fact_stated(swedish, "Suecia cerró un puente.", "es", written=text_words(article))
    # ordinals written in digits are figures: "32nd" and "32e" meet, "31e" does not
    cup = "It was Harlow's 32nd cup"
    assert fact_stated(cup, "Harlow remporte sa 32e coupe.", "fr")
    assert not fact_stated(cup, "Harlow remporte sa 31e coupe.", "fr")
    # a clock time is one figure however it is written: "7:35 a.m." and "7.35 del mattino"
    timed = "The mayor of Harlow died at 7:35 a.m."
    assert fact_stated(timed, "Erano le 7.35 del mattino quando il sindaco di Harlow è morto.", "it")
    assert not fact_stated(timed, "Erano le 7.45 del mattino quando il sindaco di Harlow è morto.", "it")


def test_every_clock_time_is_read_and_a_rate_is_none():
    from newsprism.brief.measures import clock_times

    assert list(clock_times("Erano le 7.35 del mattino a Harlow.").values()) == [455]
    assert list(clock_times("The bridge closed at 7:35 p.m. on Monday.").values()) == [1175]
    assert list(clock_times("Er starb um 7.35 Uhr.").values()) == [455]
    assert clock_times("The deposit rate stands at 3.25 percent.") == {}
    assert clock_times("Inflation was 2.35 in the euro area.") == {}
    assert clock_times("The rates will be at 3.40 and 3.65 percent, respectively.") == {}
    assert clock_times("The bank cut its rates by 0.25 percentage points.") == {}
    assert list(clock_times("The train left at 9.53 from platform 4.").values()) == [593]


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("The jet carried sixty passengers.", "en", 60),
        ("Het toestel vervoerde zestig passagiers.", "nl", 60),
        ("Das Flugzeug hatte achtzig Passagiere an Bord.", "de", 80),
        ("El avión llevaba noventa pasajeros.", "es", 90),
        ("Samolot przewoził siedemdziesiąt pasażerów.", "pl", 70),
    ],
)
def test_tens_written_as_words_are_read(text: str, language: str, value: int):
    (passengers,) = read_measures(text, language)
    assert passengers.measure == "passengers" and passengers.low == value


def test_minutes_after_a_launch_are_compared_between_reports_of_one_happening():
    lost = article(
        "a",
        "en",
        ["Orvex Space said it lost contact with the ship at 8 minutes, 24 seconds into the flight."],
    )
    perte = article(
        "b",
        "fr",
        ["L'étage supérieur a explosé, entraînant sa perte environ sept minutes après le lancement."],
    )
    caught = article("c", "en", ["The booster was caught by the tower arms 7 minutes after launch."])
    (found,) = story(lost, perte, caught)
    assert found.kind == "duration" and found.subject == "minutes after launch (loss)"
    assert {s.value for s in found.sides} == {"8 minutes, 24 seconds", "environ sept minutes"}
    # the minutes of a saying are no time of the happening it tells of
    said = '"We lost the ship," the director said about 24 minutes after the launch.'
    assert read_measures(said, "en") == []
    # hedged figures that fit both sides join neither
    about = article(
        "d", "de", ["Die Verbindung zum Raumschiff ging etwa acht Minuten nach dem Start verloren."]
    )
    assert {s.value for s in story(lost, perte, about)[0].sides} == {
        "8 minutes, 24 seconds",
        "environ sept minutes",
    }


def test_a_country_written_in_two_languages_is_one_place():
    here = article("a", "fr", ["Le séisme a fait au moins 40 morts en Birmanie."], 3)
    there = article("b", "en", ["The quake killed at least 90 people in Myanmar, officials said."], 4)
    (found,) = story(here, there)
    assert found.nature == "update" and "Birmanie" in found.subject
    other = article("c", "en", ["The quake killed at least 90 people in Thailand, officials said."], 4)
    assert story(here, other) == []  # tolls of two countries


def test_a_figure_given_as_a_poll_is_never_a_result():
    poll = article(
        "a",
        "en",
        [
            "Runoff: Marlow Wins 52.1% Of The Vote",  # the poll's figure, in a headline without the word
            "In the runoff, Marlow took 52.1% of the vote, according to the Ipsos exit poll.",
        ],
    )
    shows = article(
        "c", "en", ["In the runoff, Kesler trails closely with 47.9% of the vote, the poll shows."]
    )
    result = article(
        "b", "en", ["In the runoff, Marlow won 50.4% of the vote.", "In the runoff, Kesler won 49.6%."]
    )
    assert story(poll, shows, result) == []


def test_minutes_listed_in_one_bracket_are_each_a_minute_and_keep_their_brackets():
    listed = [m.text for m in read_measures("Die Tore fielen durch Kral (54./56.) und Benda (77.).", "de")]
    assert listed == ["54.", "56.", "(77.)"]
    double = article(
        "a", "de", ["Die Tore erzielten Tomas Kral mit einem Doppelschlag (54./56.) und Benda (77.)."]
    )
    second = article("b", "es", ["Tomas Kral marcó su segundo gol en el minuto 56 con un cabezazo."])
    assert story(double, second) == []  # the second goal, not another minute for the first
    first = article("c", "es", ["Tomas Kral abrió el marcador en el minuto 52 con un disparo cruzado."])
    (found,) = story(double, second, first)
    assert found.subject.startswith("minute of the match")
    assert {s.value for s in found.sides} == {"54.", "52"}


def test_tolls_whose_sentences_say_when_they_stood_are_an_update():
    early = article(
        "a", "en", ["As of 3 p.m. local time, the landslide had killed 95 people in Vellmark."], None
    )
    late = article(
        "b", "en", ["The landslide killed 126 people in Vellmark as of 7 pm, officials said."], None
    )
    (found,) = story(early, late)
    assert found.nature == "update"  # no report is dated: the sentences' own times order the tolls
    backwards = article("c", "en", ["As of 9 p.m., the landslide had killed 80 people in Vellmark."], None)
    (found,) = story(backwards, late)
    assert found.nature == "conflict"  # a lower toll stated later than a higher one is no update
    bilan = "Selon un bilan établi le 8 janvier à 10h, le glissement a fait 126 morts à Vellmark."
    (moment,) = {m.as_of for m in read_measures(bilan, "fr") if m.measure == "dead"}
    assert moment is not None and (moment.day, moment.minutes) == ("01-08", 600)
    assert all(m.as_of is None for m in read_measures("The toll rose by 12 to 40 dead.", "en"))


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("Some 80,000 people attended the open-air mass in Castelvar.", "en", 80000),
        ("Cerca de 90 mil pessoas compareceram à praça central de Castelvar.", "pt", 90000),
        ("A cerimônia reuniu 70 mil pessoas diante da catedral.", "pt", 70000),
        ("Más de 60.000 personas se congregaron frente a la basílica.", "es", 60000),
    ],
)
def test_people_said_to_attend_gather_or_fill_a_place_are_a_crowd(text: str, language: str, value: int):
    (crowd,) = read_measures(text, language)
    assert crowd.measure == "crowd" and crowd.low <= value <= crowd.high


def test_a_count_said_on_top_of_another_is_not_the_crowd_nor_the_toll():
    (crowd,) = read_measures(
        "A missa reuniu 70 mil pessoas na praça, além de outros 30 mil fiéis nas ruas vizinhas.", "pt"
    )
    assert crowd.text == "70 mil"
    assert read("Another 12 people died in hospital overnight.", "en") == []


def test_crowd_estimates_are_compared_whatever_the_place_is_called():
    vatican = article("a", "pt", ["Cerca de 90 mil pessoas compareceram à Praça de São Marcos."], 3)
    ministry = article("b", "en", ["More than 200,000 mourners gathered in St Mark's Square."], 3)
    agency = article("c", "en", ["The funeral drew an estimated 180,000 people."], 3)
    (found,) = story(vatican, ministry, agency)
    assert found.subject == "crowd size"
    assert sorted(sorted(q.article_id for q in s.quotes) for s in found.sides) == [["a"], ["b", "c"]]


def test_outages_given_as_different_bounds_are_shown_as_bounds():
    one = article("a", "en", ["More than 2.1 million customers were without power on Thursday."], 3)
    other = article("b", "es", ["Más de 400.000 hogares se quedaron sin electricidad por la tormenta."], 3)
    (found,) = story(one, other)
    assert found.subject == "homes without power" and found.nature == "bounds"
    assert story(one, article("c", "en", ["Over 2.1 million homes lost power in the storm."], 3)) == []


def test_turkish_and_indonesian_hedges_and_survivors_are_read():
    (survivors,) = read_measures("Bakanlık, en az 6 kişinin sağ kurtulduğunu duyurdu.", "tr")
    assert survivors.measure == "survivors" and survivors.low <= 6 and survivors.high == float("inf")
    (rose,) = read_measures("Hayatta kalan yolcuların sayısının 12’ye yükseldiği açıklandı.", "tr")
    assert rose.measure == "survivors" and rose.low <= 12 <= rose.high
    (dead,) = read_measures("Sedikitnya 20 orang tewas dalam banjir itu.", "id")
    assert dead.measure == "dead" and dead.high == float("inf")


def test_a_time_written_with_a_m_does_not_cut_the_sentence_before_the_figure():
    text = "Hurricane Varna struck Orlenia at 2:30 a.m. (local time) with winds of 190 km/h."
    (speed,) = [m for m in read_measures(text, "en") if m.measure == "speed"]
    assert {"varna", "orlen"} <= speed.names
    (toll,) = read_measures("The storm hit Orlenia. Four people died in Varna.", "en")
    assert toll.names == {"varna"}  # a full stop the splitter left still ends the clause


def test_a_split_of_a_vote_and_the_share_counted_so_far_are_no_ones_vote_share():
    def written(text: str, language: str) -> list[str]:
        return [m.text for m in read_measures(text, language)]

    # "52,1% do 47,9%": two rivals' shares, not a change from one to the other; neither is taken
    assert written("Marlow prowadził z wynikiem 52,1% do 47,9%.", "pl") == []
    assert written("Support for the plan fell from 60% to 40% in a year.", "en") == ["40%"]
    assert written("Marlow led with 52.1%, with 90% of the votes counted.", "en") == ["52.1%"]
    assert written("Nach Auszählung von 90 Prozent der Stimmen lag Marlow bei 52 Prozent.", "de") == [
        "52 Prozent"
    ]
    assert written("Marlow obtiene el 52,1% con el 90% escrutado.", "es") == ["52,1%"]


def test_a_discrepancy_both_detectors_find_keeps_the_detectors_values_and_the_measured_subject():
    from newsprism.brief.measure_conflicts import merge_discrepancies
    from newsprism.records import Discrepancy, DiscrepancySide, SentenceRef

    def side(value: str, article: str) -> DiscrepancySide:
        return DiscrepancySide(
            value, (SentenceRef(article, article, 0, f"Turnout was {value}."),), (article,), 1, (0,)
        )

    found = Discrepancy("percent", "percentage", (side("71.63%", "a"), side("71.7%", "b")))
    measured = Discrepancy("percent", "percentage (turnout)", (side("71.63", "a"), side("71.7", "b")))
    (merged,) = merge_discrepancies([found], [measured])
    assert merged.subject == "percentage (turnout)" and [s.value for s in merged.sides] == ["71.63%", "71.7%"]
    other = Discrepancy("percent", "share (votes)", (side("71.63", "a"), side("71.7", "b")))
    assert merge_discrepancies([found], [other])[0].subject == "percentage"  # says no more of the same
