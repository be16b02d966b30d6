"""A story's headline is the best real title among its members, whatever order they come in; titles made
from a first sentence are never cut inside a figure. Every title and place below is invented."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from newsprism.clean import clean_document
from newsprism.clean.titles import first_sentence, shorten_title
from newsprism.cluster.headline import choose_headline, is_real_title, main_language, member_title
from newsprism.records import MemberTitle, RawDocument

DE_LEAD = (
    "Ein Erdbeben der Stärke 7,4 hat am Montag die Stadt Velmora erschüttert und zwölf Menschen getötet."
)
EN_LEAD = "A magnitude 7.4 earthquake struck the town of Velmora on Monday, killing twelve people."
ES_LEAD = "Un terremoto de magnitud 7,4 sacudió el lunes la ciudad de Velmora y mató a doce personas."


def member(
    id: str, title: str, source: str | None = "metadata", language: str | None = "en", lead: str = EN_LEAD
) -> MemberTitle:
    return MemberTitle(id, title, source, language, lead)  # type: ignore[arg-type]


# -- what counts as a title ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title", ["×", ", , :", "****", "", "   ", "SPORT", "VELMORA, March 2.", "BREAKING | 12:04", "— · —"]
)
def test_symbols_punctuation_and_one_or_two_words_are_not_titles(title: str):
    assert not is_real_title(title)


@pytest.mark.parametrize(
    "title",
    [
        "Earthquake kills twelve in Velmora",
        "Erdbeben erschüttert Velmora",
        "Un terremoto sacude Velmora",
        "Magnitude 7.4 quake hits Velmora",
        "ヴェルモラで大きな地震",  # no spaces between words: two characters count as one
    ],
)
def test_titles_in_english_german_spanish_and_unspaced_scripts_are_titles(title: str):
    assert is_real_title(title)


# -- choosing among the members ------------------------------------------------------------------------


def test_a_junk_title_is_never_the_headline_even_of_the_representative():
    members = [member("a", "×"), member("b", ", , :"), member("c", "****"), member("d", "Quake hits Velmora")]
    assert choose_headline(members, "a") == "Quake hits Velmora"


def test_a_title_the_source_gave_beats_one_made_from_a_sentence():
    made = shorten_title(EN_LEAD)
    members = [member("a", made, "sentence"), member("b", "Twelve dead in Velmora earthquake", "first_line")]
    assert choose_headline(members, "a") == "Twelve dead in Velmora earthquake"


def test_a_whole_sentence_beats_one_cut_short():
    long = f"{EN_LEAD.removesuffix('.')} and destroying the old bridge over the river in Velmora, officials said."
    members = [member("a", shorten_title(long, 20), "sentence", lead=long), member("b", EN_LEAD, "sentence")]
    assert members[0].title.endswith("…")
    assert choose_headline(members, "a") == EN_LEAD


def test_a_title_in_the_storys_main_language_beats_one_in_another():
    members = [
        member("en1", "Earthquake kills twelve in Velmora"),
        member("de1", "Erdbeben tötet zwölf Menschen in Velmora", language="de", lead=DE_LEAD),
        member("de2", "Schweres Erdbeben in Velmora", language="de", lead=DE_LEAD),
        member("es1", "Un terremoto deja doce muertos en Velmora", language="es", lead=ES_LEAD),
    ]
    assert main_language(members, "en1") == "de"
    assert choose_headline(members, "en1") == "Erdbeben tötet zwölf Menschen in Velmora"
    spanish = [m for m in members if m.language == "es"]
    spanish.append(member("es2", "Sismo en Velmora", language="es", lead=ES_LEAD))
    assert choose_headline([*spanish, members[0]], "en1").startswith("Un terremoto")


def test_a_tie_between_languages_goes_to_the_representatives():
    members = [
        member("en1", "Earthquake kills twelve in Velmora"),
        member("es1", "Un terremoto deja doce muertos en Velmora", language="es", lead=ES_LEAD),
    ]
    assert choose_headline(members, "es1").startswith("Un terremoto")
    assert choose_headline(members, "en1").startswith("Earthquake")


def test_the_title_naming_the_event_beats_a_vague_representative():
    lead = "The 7.4 earthquake in Velmora killed twelve people and destroyed the old bridge."
    members = [
        member("a", "A dark day for the whole region", lead=lead),
        member("b", "Earthquake of 7.4 kills twelve in Velmora", lead=lead),
        member("c", "Residents count the cost", lead=lead),
    ]
    assert choose_headline(members, "a") == "Earthquake of 7.4 kills twelve in Velmora"


def test_a_title_giving_an_exit_polls_figure_as_the_outcome_comes_after_the_others():
    poll = "Marlow leads the Velmora runoff with 52.4% of the vote, according to an exit poll."
    result = "Marlow won the Velmora runoff with 50.9% of the vote, the electoral board said."
    members = [
        member("a", "Marlow Secures 52.4 Percent in Velmora Runoff", lead=poll),
        member("b", "Marlow elected mayor of Velmora", lead=result),
    ]
    assert choose_headline(members, "a") == "Marlow elected mayor of Velmora"
    # a poll's figure the title does not give is no reason to pass it over
    members[0] = member("a", "Marlow Wins the Velmora Runoff, 50.9 Percent", lead=poll)
    assert choose_headline(members, "a") == "Marlow Wins the Velmora Runoff, 50.9 Percent"


def test_on_a_tie_the_representative_wins_and_the_order_of_members_never_matters():
    members = [member(i, f"Velmora earthquake report number {i}") for i in "abcdef"]
    assert choose_headline(members, "d") == "Velmora earthquake report number d"
    for seed in range(5):
        shuffled = members[:]
        random.Random(seed).shuffle(shuffled)
        assert choose_headline(shuffled, "d") == choose_headline(members, "d")
        assert choose_headline(shuffled, "zz") == "Velmora earthquake report number a"  # then the smallest id


def test_an_article_stored_before_title_sources_were_kept_is_judged_by_its_title():
    made = shorten_title(EN_LEAD)
    old = [member("a", made, None), member("b", "Earthquake kills twelve in Velmora", None)]
    assert choose_headline(old, "a") == "Earthquake kills twelve in Velmora"


def test_when_no_title_qualifies_a_first_sentence_stands_in():
    members = [member("a", "×", lead="×"), member("b", "****", lead=EN_LEAD)]
    assert choose_headline(members, "a") == EN_LEAD
    assert choose_headline([member("a", "×", lead="•")], "a") == "×"  # nothing better exists
    assert choose_headline([], "a") == ""


# -- titles at cleaning ---------------------------------------------------------------------------------


def test_cleaning_records_where_each_title_came_from():
    given = clean_document(RawDocument("a.json", EN_LEAD, "text", title="Earthquake kills twelve"))
    heading = clean_document(RawDocument("b.txt", f"Erdbeben in Velmora\n\n{DE_LEAD}", "text"))
    untitled = clean_document(RawDocument("c.txt", ES_LEAD, "text"))
    assert (given.title_source, heading.title_source, untitled.title_source) == (
        "metadata",
        "first_line",
        "sentence",
    )
    assert heading.title == "Erdbeben in Velmora" and untitled.title == ES_LEAD
    assert (heading.language, untitled.language) == ("de", "es")
    assert member_title(heading) == MemberTitle(heading.id, heading.title, "first_line", "de", DE_LEAD)


def test_a_long_first_sentence_is_cut_between_words_never_inside_a_figure():
    opening = "Officials in the coastal province said on Monday evening that the earthquake of magnitude"
    for figure in ("7.4", "1,000", "1 000", "7. 4"):  # the last two as a splitter or a French text leave them
        sentence = f"{opening} {figure} was the strongest in the region for more than a century."
        for limit in (14, 15, 16):
            title = shorten_title(sentence, max_words=limit)
            assert title.endswith("…"), title
            kept = title.removesuffix("…")
            assert kept.endswith("magnitude") or figure in kept, title  # the figure whole, or not at all
            assert kept.split() == sentence.split()[: len(kept.split())]  # whole words, in order
    assert shorten_title("Quake of 7.4 hits Velmora.") == "Quake of 7.4 hits Velmora."  # no cut, no ellipsis
    assert shorten_title("The quake had magnitude 7. 4 said the agency", 5) == "The quake had magnitude…"
    assert (
        shorten_title("Mehr als 1.000 Menschen mussten am Montag ihre Häuser verlassen", 3)
        == "Mehr als 1.000…"
    )


def test_a_first_sentence_broken_inside_a_figure_is_taken_whole():
    text = "The quake of magnitude 7.4 struck at dawn. Twelve people died."
    cut, second = text.index("7.") + 2, text.index("Twelve")
    broken = [(0, cut), (cut, second - 1), (second, len(text))]  # a splitter that stopped at "7."
    assert text[:cut] == "The quake of magnitude 7."
    assert first_sentence(text, broken) == "The quake of magnitude 7.4 struck at dawn."
    assert first_sentence(text) == "The quake of magnitude 7.4 struck at dawn."
    untitled = clean_document(
        RawDocument(
            "d.txt", "Ein Erdbeben der Stärke 7.4 hat Velmora erschüttert. Zwölf Menschen starben.", "text"
        )
    )
    assert untitled.title == "Ein Erdbeben der Stärke 7.4 hat Velmora erschüttert."
    assert untitled.title_source == "sentence"


# -- the same headline from ingest and from recluster ---------------------------------------------------

REPORTS = [
    {
        "outlet": "Velmora Post",
        "title": "****",
        "text": "A magnitude 7.4 earthquake struck Velmora before dawn on Monday, killing twelve people, the "
        "regional governor said. Rescue teams searched collapsed houses in the old town through the morning.",
    },
    {
        "outlet": "Coastal Herald",
        "title": "×",
        "text": "The earthquake that struck Velmora on Monday had a magnitude of 7.4 and killed twelve people, "
        "the regional governor said. Rescue teams searched the collapsed houses of the old town all morning.",
    },
    {
        "outlet": "Northern Wire",
        "title": "Earthquake of magnitude 7.4 kills twelve in Velmora",
        "text": "An earthquake of magnitude 7.4 killed twelve people in Velmora on Monday, the regional governor "
        "said. Rescue teams searched collapsed houses in the old town for survivors through the morning.",
    },
]


def test_ingest_and_recluster_give_the_same_real_headline(tmp_path: Path, pipeline):
    path = tmp_path / "quake.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in REPORTS), "utf-8")
    pipeline.ingest([path])
    [story] = pipeline.stories()
    assert story.headline == "Earthquake of magnitude 7.4 kills twelve in Velmora"
    assert story.languages == (("en", 3),)
    pipeline.recluster()
    assert [s.headline for s in pipeline.stories()] == [story.headline]


def test_a_line_naming_nothing_of_the_event_is_no_headline_even_given_by_the_source():
    lead = "The 7.4 earthquake in Velmora killed twelve people and destroyed the old bridge."
    members = [
        member("a", "Weather Loading temperature...", lead=lead),
        member("b", shorten_title(lead), "sentence", lead=lead),
    ]
    assert choose_headline(members, "a") == shorten_title(lead)
