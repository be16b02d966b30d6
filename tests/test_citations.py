"""Citations mean the same fact: a sentence is cited for a claim only when it states the claim's fact.

Every sentence here is invented for these tests (places, people and outlets included).
"""

from __future__ import annotations

import numpy as np
import pytest

from measured import article
from newsprism.brief.claims import (
    StoryFacts,
    StorySentences,
    WordWeights,
    align_claims,
    read_facts,
    same_figure,
    sentence_stems,
    sentence_texts,
    stated_elsewhere,
    story_scores,
    unbacked,
)
from newsprism.dedup.paraphrase import SUPPORT_THRESHOLD
from newsprism.records import Article

# Background sentences: the words of a story that every report uses weigh less than the rare ones.
BACKGROUND = [
    "The storm hit the coast of Vellmark on Thursday.",
    "The storm brought heavy rain to Vellmark and the coast.",
    "Officials in Vellmark said the storm was the worst in years.",
    "Rescue teams worked through the night along the coast.",
]


def why_not(centre: str, member: str, language: str = "en", story: tuple[str, ...] = ()) -> str | None:
    """Why ``member`` does not back ``centre`` in a story of these sentences (None: it does)."""
    texts = [*BACKGROUND, *story, centre, member]
    weights = WordWeights.over([sentence_stems(t, language) for t in texts])
    return unbacked(read_facts(centre, language), read_facts(member, language), weights)


def test_a_paraphrase_with_more_detail_backs_and_the_reverse_does_not():
    centre = "The storm killed at least 12 people in Vellmark, the fire service said."
    member = (
        "At least 12 people were killed by the storm in Vellmark, most of them in the harbour district "
        "when the sea wall broke near the old lighthouse, according to the fire service."
    )
    assert why_not(centre, member) is None
    assert why_not(member, centre) == "words"  # the sea wall and the lighthouse are not in the shorter one


@pytest.mark.parametrize(
    ("centre", "member", "reason"),
    [
        (
            "The storm killed at least 10 people in Vellmark, officials said.",
            "The storm killed at least three people in Vellmark, officials said.",
            "figure",
        ),
        (
            "Mayor Ilse Brandt opened the shelter in Vellmark on Thursday.",
            "Mayor Ilse Brandt opened the shelter in Vellmark on Wednesday.",
            "day",
        ),
        (
            "The first evacuation train left Vellmark at 18:10 local time.",
            "The first evacuation train left Vellmark at 18:30 local time.",
            "time",
        ),
        (
            "It was the fourth storm to reach Vellmark this year, forecasters said.",
            "It was the third storm to reach Vellmark this year, forecasters said.",
            "ordinal",
        ),
        (
            "Governor Pell Aranda ordered the evacuation of the harbour district of Vellmark.",
            "Mayor Ilse Brandt ordered the evacuation of the harbour district of Vellmark.",
            "names",
        ),
        (
            "The evacuation of the harbour district did not go as planned, officials said.",
            "The evacuation of the harbour district went as planned, officials said.",
            "polarity",
        ),
        (
            "How did the harbour wall of Vellmark collapse during the storm?",
            "The harbour wall of Vellmark collapsed during the storm, engineers said.",
            "polarity",
        ),
        (
            "Councillor Aranda has won the Vellmark mayoral runoff, according to the final count.",
            "Councillor Aranda has taken a narrow lead in the Vellmark mayoral runoff, an exit poll shows.",
            "footing",
        ),
        (
            'Brandt said: "We will rebuild every house on the harbour front before winter."',
            'Brandt said: "Nobody should go back to the harbour front before the engineers check it."',
            "quote",
        ),
        ("pic.twitter.com/AbCdEf123", "pic.twitter.com/XyZ987", "fragment"),
        (  # minutes joined by a slash are figures, not a link: part of the scorers is not the list
            "The goals for Ostrava came from Kral with a double (54./56.) and from Dvorak (77.).",
            "Dvorak made it three for Ostrava late on (77.), a goal from Kral aside.",
            "figure",
        ),
    ],
)
def test_another_figure_day_time_ordinal_actor_polarity_or_quote_is_not_the_same_fact(centre, member, reason):
    assert why_not(centre, member) == reason


@pytest.mark.parametrize(
    ("centre", "member"),
    [
        (
            "The turnout was 71.63 percent, the Vellmark electoral board said.",
            "The electoral board of Vellmark put the turnout at 71.6 percent.",
        ),
        (
            "The ECB cut its deposit rate to 3 percent on Thursday.",
            "The European Central Bank cut its deposit rate to 3 percent on Thursday, its fourth cut this year.",
        ),
        (  # one time of day however it is written
            "The last evacuation train left Vellmark at 6:30 p.m. on Thursday.",
            "On Thursday the last evacuation train left Vellmark at 18:30.",
        ),
        (
            "The provincial government pledged $3.2bn for rebuilding Vellmark.",
            "Vellmark will get $3.2 billion for rebuilding from the provincial government.",
        ),
    ],
)
def test_rounded_figures_and_spelled_out_acronyms_are_the_same(centre, member):
    assert why_not(centre, member) is None


def test_a_name_is_given_capitalised_or_whole_not_by_a_common_word_of_its_stem():
    # "Wyborcza" (of the electoral commission) shares its first letters with "wyborów" (elections)
    centre = "Miejska Komisja Wyborcza w Vellmarku ogłosiła w poniedziałek oficjalne wyniki wyborów."
    member = "Wyniki wyborów w Vellmarku do samego końca pozostawały niepewne."
    assert why_not(centre, member, "pl") == "names"
    assert (
        why_not(
            "Vellmark's Constitutional Court annulled the vote over claims of fraud.",
            "The vote was annulled by Vellmark's constitutional court over claims of fraud.",
        )
        is None
    )


def test_figures_round_by_the_digits_written():
    def figure(text: str, language: str = "en"):
        return read_facts(text, language).figures[0]

    assert same_figure(figure("just over 31 percent of the vote"), figure("31.36 percent of the vote"))
    assert not same_figure(figure("3,15 Prozent", "de"), figure("3,00 Prozent", "de"))
    assert not same_figure(figure("250 mil pessoas", "pt"), figure("200 mil pessoas", "pt"))
    assert same_figure(figure("1,9 Millionen Menschen", "de"), figure("1,92 Millionen Menschen", "de"))


def test_german_nouns_are_not_names_and_other_languages_read_the_same_way():
    facts = read_facts("Die Feuerwehr in Vellmark meldete am Donnerstag 12 Tote.", "de")
    assert facts.names == frozenset()
    assert [f.value for f in facts.figures] == [12.0]
    assert facts.weekdays == frozenset({"thursday"})
    deaths = "La tempête a fait au moins 12 morts à Vellmark, selon les pompiers."
    reworded = "Selon les pompiers, au moins 12 personnes sont mortes à Vellmark dans la tempête de jeudi."
    assert why_not(deaths, reworded, "fr") is None
    assert why_not(deaths, deaths.replace("12", "21"), "fr") == "figure"


# -- the aligner ----------------------------------------------------------------------------------------

REPORTS = {
    "Harbour Gazette": [
        "President Arlo Venn arrived in Marlow on Thursday for a two-day state visit.",
        "Venn and his host signed a trade agreement worth $4 billion on the first day.",
        "Protesters gathered outside the palace in Marlow during the talks.",
    ],
    "Northern Mail": [
        "President Arlo Venn's state visit to Marlow in February 2019 preceded the border dispute.",
        "The two leaders signed a trade agreement worth $4 billion, officials said.",
        "The talks in Marlow covered energy, trade and the border.",
    ],
    "Coast Herald": [
        "President Arlo Venn arrived in Marlow on Thursday for a state visit of two days.",
        "A trade deal worth $2 billion was signed, according to the trade ministry.",
        "Protesters gathered outside the palace during the talks in Marlow.",
    ],
}


@pytest.fixture(scope="module")
def visit(models):
    articles = [
        Article(f"a{k}", outlet, outlet, " ".join(sentences), tuple(sentences), f"h{k}", language="en")
        for k, (outlet, sentences) in enumerate(REPORTS.items())
    ]
    texts = sentence_texts(articles)
    sentences = StorySentences.build(articles, models.static_embedder.encode(texts))
    return sentences, align_claims(sentences, SUPPORT_THRESHOLD)


def _claim_of(sentences: StorySentences, groups, start: str) -> list[str]:
    index = next(i for i, r in enumerate(sentences.refs) if r.text.startswith(start))
    group = next(g for g in groups if index in g.members)
    return [sentences.refs[i].outlet for i in group.members]


def test_the_aligner_cites_the_same_fact_and_not_another_visit_or_figure(visit):
    sentences, groups = visit
    assert sorted(_claim_of(sentences, groups, "President Arlo Venn arrived")) == [
        "Coast Herald",
        "Harbour Gazette",
    ]
    assert _claim_of(sentences, groups, "President Arlo Venn's state visit to Marlow") == ["Northern Mail"]
    deal = _claim_of(sentences, groups, "Venn and his host signed")
    assert sorted(deal) == ["Harbour Gazette", "Northern Mail"]  # not the Herald's $2 billion
    assert sorted(_claim_of(sentences, groups, "Protesters gathered outside the palace in")) == [
        "Coast Herald",
        "Harbour Gazette",
    ]


def test_every_member_backs_its_centre_and_scores_above_the_threshold(visit):
    sentences, groups = visit
    scores = story_scores(sentences)
    weights = WordWeights.over([sentence_stems(r.text, "en") for r in sentences.refs])
    assert sorted(i for g in groups for i in g.members) == list(range(len(sentences.refs)))
    for group in groups:
        centre = read_facts(sentences.refs[group.centre].text, "en")
        for i in group.members:
            if i != group.centre:
                assert scores[group.centre, i] >= SUPPORT_THRESHOLD
                assert unbacked(centre, read_facts(sentences.refs[i].text, "en"), weights) is None


def test_the_old_topic_links_are_there_and_the_fact_test_is_what_drops_them(visit):
    """The February 2019 visit scores as a paraphrase of Thursday's arrival: only the fact test tells them
    apart (otherwise this test would prove nothing)."""
    sentences, _ = visit
    scores = story_scores(sentences)
    texts = [r.text for r in sentences.refs]
    arrival = texts.index("President Arlo Venn arrived in Marlow on Thursday for a two-day state visit.")
    earlier = next(i for i, t in enumerate(texts) if "February 2019" in t)
    assert isinstance(scores, np.ndarray) and scores[arrival, earlier] >= SUPPORT_THRESHOLD
    assert why_not(texts[arrival], texts[earlier], story=tuple(texts)) is not None


def test_a_fact_another_outlet_states_in_another_language_is_stated_elsewhere():
    english = article(
        "a",
        "en",
        [
            "Turnout in Vellmark reached 64.72 percent, the electoral board said.",
            "Five fishing boats were lost in the storm, the harbour master said.",
            "The flood defences cost 2.4 million, 2.1 million and 1.9 million in three phases.",
        ],
    )
    french = article(
        "b",
        "fr",
        [
            "La participation à Vellmark a atteint 64,72 %, selon le bureau électoral.",
            "Cinq maisons ont été détruites à Vellmark pendant la tempête.",
            "Les digues auraient coûté environ 2 millions selon la mairie.",
        ],
    )
    articles = [english, french]
    vectors = np.eye(6, dtype=np.float32)
    facts = StoryFacts(StorySentences.build(articles, vectors))
    # the turnout, in French words; not "five" boats for "cinq" houses (a small number anchors nothing), nor
    # three costs for one rounded one
    assert stated_elsewhere(facts, [0, 1, 2]) == {0}
