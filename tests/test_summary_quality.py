"""Summary, fact table, unique items and key entities: what a reader should never see.

Every sentence here is invented (fictional places, clubs and people), in English, Spanish, German and
French, so that the rules are checked in more than one of the languages the project reads.
"""

from __future__ import annotations

import numpy as np
import pytest

from newsprism.brief.claims import ClaimGroup, StorySentences
from newsprism.brief.entities import display_name, key_entities
from newsprism.brief.facts import fact_table, unique_contributions
from newsprism.brief.summary import (
    SummaryOptions,
    is_fragment,
    main_language,
    points_back,
    points_back_somewhere,
    read_centrality,
    select_summary,
    split_quote,
    stands_alone,
)
from newsprism.models import Entity
from newsprism.records import Article, Claim, SentenceRef

# -- a match told by three outlets in three languages ---------------------------------------------------------

MATCH = {
    ("North Herald", "en"): (
        "Harbor City beat Lakeside 3-1 on Sunday at the Marlow Arena in front of 41,200 fans.",
        "Oriol Vance opened the scoring for Harbor City in the 12th minute with a header.",
        "He later set up the second goal for Tomas Brenner after a long run.",
        "Lakeside coach Ines Farago said her side had been outplayed for most of the game.",
    ),
    ("Diario Sur", "es"): (
        "El Harbor City venció 3-1 al Lakeside el domingo en el Marlow Arena ante su afición.",
        "Oriol Vance abrió el marcador en el minuto 12 con un cabezazo tras un córner.",
        "Sin embargo, el Lakeside nunca encontró su ritmo en la segunda parte del partido.",
        "Tomas Brenner marcó el segundo gol del Harbor City antes del descanso.",
    ),
    ("Abendpost", "de"): (
        "Harbor City hat Lakeside am Sonntag in der Marlow Arena mit 3:1 geschlagen.",
        "Oriol Vance traf in der 12. Minute per Kopf zur Führung für die Gastgeber.",
        "Dies war bereits der vierte Sieg des Teams in Folge in dieser Saison.",
        "Vor 41.200 Zuschauern kam Lakeside durch Pavel Dusek kurz vor Schluss noch zum Ehrentreffer.",
    ),
}


def _story(articles: dict[tuple[str, str], tuple[str, ...]]) -> tuple[StorySentences, dict[str, str | None]]:
    """The story's sentences, each its own claim, with orthogonal embeddings: nothing is redundant by
    embedding alone, so what is tested is the reading of the text."""
    refs, positions, languages = [], [], {}
    for number, ((outlet, language), sentences) in enumerate(articles.items()):
        article_id = f"a{number}"
        languages[article_id] = language
        for index, text in enumerate(sentences):
            refs.append(SentenceRef(article_id, outlet, index, text))
            positions.append(index / max(1, len(sentences) - 1))
    vectors = np.eye(len(refs), dtype=np.float32)
    return StorySentences(refs=tuple(refs), vectors=vectors, positions=np.asarray(positions)), languages


def _summary(articles: dict[tuple[str, str], tuple[str, ...]], **options: object) -> list[str]:
    sentences, languages = _story(articles)
    groups = [ClaimGroup(i, (i,)) for i in range(len(sentences.refs))]
    picks = select_summary(sentences, groups, SummaryOptions(**options), languages=languages)  # type: ignore[arg-type]
    return [sentences.refs[p.sentence].text for p in picks]


def test_no_summary_sentence_opens_on_a_word_pointing_back():
    summary = _summary(MATCH)
    assert summary
    for text in summary:
        assert not text.startswith(("He ", "Sin embargo", "Dies ")), text


def test_one_sentence_per_fact_the_opening_goal_is_told_once():
    summary = _summary(MATCH)
    opening_goal = [t for t in summary if "Oriol Vance" in t]
    final_score = [t for t in summary if "3-1" in t or "3:1" in t]
    assert len(opening_goal) <= 1, opening_goal
    assert len(final_score) <= 1, final_score
    assert len(summary) == len(set(summary)) <= 6


WIN = {
    ("Diario Sur", "es"): (
        "El Harbor City se impuso por 2-0 al Lakeside en el primer clásico de la temporada en el Marlow Arena.",
        "Oriol Vance marcó los dos goles del Harbor City en la segunda parte.",
        "El Lakeside no había perdido en casa desde el mes de marzo.",
    ),
    ("Abendpost", "de"): (
        "Erster Klassiker, erster Sieg: Harbor City hat Lakeside in der Marlow Arena eine bittere Niederlage "
        "zugefügt.",
        "Ines Farago ist die erste Trainerin seit elf Jahren, die bei ihrem Klassiker-Debüt siegte.",
    ),
    ("Tagespost", "de"): (
        "Harbor City feierte in der Marlow Arena gegen Lakeside den ersten Sieg im Klassiker der Saison.",
        "Die Trainerin Ines Farago jubelte nach dem Schlusspfiff mit den Fans.",
    ),
    ("North Herald", "en"): (
        "Harbor City beat Lakeside 2-0 at the Marlow Arena on Sunday.",
        "Oriol Vance scored both goals for Harbor City after the break.",
    ),
}


def test_a_win_told_again_in_another_language_is_a_repeat_by_its_names():
    summary = _summary(WIN)
    assert summary[0] == "Harbor City beat Lakeside 2-0 at the Marlow Arena on Sunday."
    # the German reports' own words for the win (Sieg, Klassiker) meet no shown German sentence: the names
    # tell that it is the win again; the coach's record is a new fact
    assert not any("Harbor City" in text and "Lakeside" in text for text in summary[1:]), summary
    assert (
        "Ines Farago ist die erste Trainerin seit elf Jahren, die bei ihrem Klassiker-Debüt siegte."
        in summary
    )


def _summary_with_one_vector(articles: dict[tuple[str, str], tuple[str, ...]]) -> list[str]:
    """The summary when the sentence model gives every sentence the same vector: what it does to a language
    it does not read (two Spanish sentences are 0.9 alike to the English MiniLM whatever they say)."""
    sentences, languages = _story(articles)
    same = np.ones_like(sentences.vectors) / np.sqrt(sentences.vectors.shape[1])
    alike = StorySentences(refs=sentences.refs, vectors=same, positions=sentences.positions)
    groups = [ClaimGroup(i, (i,)) for i in range(len(alike.refs))]
    return [alike.refs[p.sentence].text for p in select_summary(alike, groups, languages=languages)]


def test_embedding_redundancy_counts_only_in_languages_the_model_reads():
    spanish = {key: texts for key, texts in MATCH.items() if key[1] == "es"}
    spanish[("Gaceta Norte", "es")] = (
        "El Harbor City ganó 3-1 al Lakeside en el Marlow Arena el domingo.",
        "Tomas Brenner marcó el segundo gol del Harbor City tras una larga carrera.",
    )
    assert len(_summary_with_one_vector(spanish)) > 1  # the vectors say nothing of Spanish sentences
    english = {key: texts for key, texts in MATCH.items() if key[1] == "en"}
    english[("South Gazette", "en")] = (
        "Harbor City won 3-1 against Lakeside at the Marlow Arena on Sunday.",
        "Tomas Brenner scored the second goal for Harbor City after a long run.",
    )
    assert len(_summary_with_one_vector(english)) == 1  # in English, the same vector is the same sentence


def test_the_core_comes_first_and_the_summary_stays_short():
    summary = _summary(MATCH, max_sentences=3)
    assert len(summary) <= 3
    assert "3-1" in summary[0] or "3:1" in summary[0]  # what happened: the result, from a lead


def test_the_story_main_language_wins_between_equal_sentences():
    same = "Harbor City beat Lakeside 3-1 at the Marlow Arena on Sunday evening."
    articles = {
        ("North Herald", "en"): (same, "Lakeside coach Ines Farago praised the crowd after the game."),
        ("South Gazette", "en"): ("Ines Farago praised the crowd of the Marlow Arena after the game.",),
        ("Diario Sur", "es"): ("Harbor City venció 3-1 al Lakeside en el Marlow Arena el domingo.",),
    }
    sentences, languages = _story(articles)
    sentences = StorySentences(
        refs=sentences.refs,
        vectors=np.asarray([[1, 0, 0], [0, 1, 0], [0, 1, 0], [1, 0, 0]], dtype=np.float32),
        positions=np.zeros(4, dtype=np.float32),
    )
    groups = [ClaimGroup(i, (i,)) for i in range(4)]
    reports = ["a0", "a0", "a1", "a2"]
    assert main_language([languages[r] for r in reports], np.asarray(reports)) == "en"
    picks = select_summary(sentences, groups, SummaryOptions(max_sentences=1), languages=languages)
    assert sentences.refs[picks[0].sentence].text == same


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("He said the club would appeal against the decision.", "en"),
        ("However, this decision was criticised by the players.", "en"),
        ("This move surprised the supporters of both clubs.", "en"),
        ("With this result, Harbor City move to the top of the table.", "en"),
        ("Dies teilte der Verein am Montag in einer Erklärung mit.", "de"),
        ("Das bestätigte ein Sprecher des Vereins am Abend.", "de"),
        ("Kurz darauf erhöhte Brenner auf 2:0 für die Gäste.", "de"),
        ("Sin embargo, el entrenador defendió a sus jugadores.", "es"),
        ("Con este resultado, el Harbor City lidera la tabla.", "es"),
        ("Poco después, Brenner amplió la ventaja del equipo.", "es"),
        ("Il a marqué deux buts en première mi-temps.", "fr"),
        ("Cependant, l'entraîneur a refusé de commenter le match.", "fr"),
    ],
)
def test_openings_that_point_back_are_recognised(text, language):
    assert points_back(text, language)
    assert not stands_alone(text, language)
    assert points_back_somewhere(text)  # also when the language is not given


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("This morning the stadium opened its gates at nine.", "en"),
        ("On the same day, Lakeside confirmed the injury of its captain.", "en"),
        ("Das Stadion war mit 41.200 Zuschauern ausverkauft.", "de"),
        ("Die Polizei meldete keine Zwischenfälle rund um das Spiel.", "de"),
        ("Este domingo el Harbor City ganó su cuarto partido seguido.", "es"),
        ("Este 26 de abril se jugó la final en el Marlow Arena.", "es"),
        ("Ce samedi, Harbor City a battu Lakeside trois buts à un.", "fr"),
        ("Il Harbor City ha vinto la partita per tre a uno.", "it"),
    ],
)
def test_ordinary_openings_stand_alone(text, language):
    assert not points_back(text, language)
    assert stands_alone(text, language)


# -- fragments ------------------------------------------------------------------------------------------------


def test_fragments_of_split_sentences_are_recognised():
    assert is_fragment("0 quake can cause severe damage.", before="Officials put the magnitude at 6.")
    assert is_fragment("Officials put the magnitude at 6.", after="0 quake can cause severe damage.")
    assert is_fragment('"')
    assert is_fragment("), Vance (12.) und Brenner (40.).")
    assert is_fragment('"We have no idea what caused the fire," said the Rev.')
    assert is_fragment("Brenner traf zum zweiten Mal und erzielte sein 14.", language="de")
    assert is_fragment("La tensión crecía en el estadio.Después llegó el gol.")
    assert is_fragment("Foto: Oriol Vance celebra su gol ante la afición.")
    assert is_fragment("The happy Marlow players after their win over Varnia 3-1 (Photo: Vellpress).")
    assert is_fragment("The harbour of Tarvel as seen from the deck of the ferry Maribel on its last trip.")
    assert split_quote('"At nine this morning the gates of the Marlow Arena were opened.')
    # whole statements are none
    assert not is_fragment(
        "38 people were killed when the old bridge collapsed.", before="The storm hit at noon."
    )
    assert not is_fragment("Le bilan s'élève à 12 morts selon les autorités.")
    assert not is_fragment("The ferry sank off Tarvel, as seen from the beach by dozens of people.")
    assert not is_fragment("Nach Angaben der Polizei wurden 14 Menschen verletzt.", language="de")


def _claim(claim_id: int, *refs: SentenceRef) -> Claim:
    outlets = tuple(dict.fromkeys(r.outlet for r in refs))
    return Claim(claim_id, refs, outlets, len(outlets), outlets)


def test_fact_table_rows_are_statements_not_punctuation_or_fragments():
    a, b = "North Herald", "Diario Sur"
    shared = _claim(
        0,
        SentenceRef("a0", a, 0, "The old bridge over the Tarn river collapsed on Friday."),
        SentenceRef("a1", b, 0, "El viejo puente sobre el río Tarn se derrumbó el viernes."),
    )
    quote_mark = _claim(1, SentenceRef("a0", a, 1, '"'), SentenceRef("a1", b, 1, '"'))
    before = _claim(2, SentenceRef("a0", a, 2, "Officials put the magnitude at 6."))
    piece = _claim(
        3,
        SentenceRef("a0", a, 3, "0 quake can cause severe damage."),
        SentenceRef("a1", b, 2, "0 quake can cause severe damage."),
    )
    rows = fact_table([shared, quote_mark, before, piece], [a, b], [])
    assert [r.claim_id for r in rows] == [0]


def test_unique_items_come_most_wanted_first():
    a, b = "North Herald", "Diario Sur"
    claims = [
        _claim(0, SentenceRef("a0", a, 0, "The weather in Tarnfield was mild for the time of the year.")),
        _claim(1, SentenceRef("a0", a, 1, "He also visited the old town before returning to the capital.")),
        _claim(
            2, SentenceRef("a0", a, 2, "At least 14 people were killed and 30 injured when the bridge fell.")
        ),
        _claim(
            3, SentenceRef("a0", a, 3, 'Mayor Ilse Moran said: "We will rebuild the bridge within a year."')
        ),
        _claim(
            4, SentenceRef("a1", b, 0, "Las autoridades cerraron el puente por la tarde, según la policía.")
        ),
    ]
    unique = {u.outlet: u.claim_ids for u in unique_contributions(claims, [a, b])}
    assert unique[a][:2] == (2, 3)  # new figures and a consequence, then a named person quoted
    assert unique[a][-1] == 1  # points back to someone not shown
    assert unique[b] == (4,)


# -- key entities ---------------------------------------------------------------------------------------------


def test_display_names_drop_overrun_and_reject_what_is_no_name():
    assert display_name('"') is None
    assert display_name("Dans la Marlow Arena") == "Marlow Arena"
    assert display_name("de Corea del Sur") == "Corea del Sur"
    assert display_name("Séville le") == "Séville"
    assert display_name("President Oriol Vance") == "Oriol Vance"
    assert display_name("Dans") is None
    assert display_name("Harbor Post / Sport - 12 May") is None
    assert display_name("Vance à Marlow Arena de Tarnfield") is None  # a phrase, not a name
    assert display_name("Bank of Tarnfield") == "Bank of Tarnfield"


def _article(number: int, outlet: str, language: str, text: str) -> Article:
    sentences = tuple(text.split(". "))
    return Article(f"e{number}", outlet, "", text, sentences, f"h{number}", language=language)


def test_key_entities_leave_out_common_words_and_german_nouns():
    articles = [
        _article(
            0,
            "North Herald",
            "en",
            "The State of Tarnfield said the state budget would cover the bridge. "
            "Governor Ilse Moran visited the bridge. Moran said the state would pay.",
        ),
        _article(
            1,
            "Abendpost",
            "de",
            "Der Absturz der Brücke in Tarnfield erschütterte Ilse Moran. "
            "Nach dem Absturz sprach Moran von einer Tragödie.",
        ),
        _article(2, "Diario Sur", "es", "La gobernadora Ilse Moran visitó el puente de Tarnfield."),
    ]
    found = [
        [
            Entity("State", "ORG", 0, 5),
            Entity("Ilse Moran", "PERSON", 0, 10),
            Entity("Tarnfield", "GPE", 0, 9),
        ],
        [Entity("Absturz", "ORG", 0, 7), Entity("Ilse Moran", "PERSON", 0, 10)],
    ]
    names = {e.name: len(e.outlets) for e in key_entities(articles, found)}
    assert names.get("Ilse Moran") == 3
    assert names.get("Tarnfield") == 3
    assert "State" not in names  # the texts write "state" in lower case: a common word
    assert "Absturz" not in names  # only German capitalises it: a noun


def test_centrality_counts_only_where_the_sentence_model_reads_the_language():
    cosines = np.array([0.9, 0.5, 0.1, 0.95])
    read = read_centrality(cosines, ["en", "en", "de", "pl"], frozenset({"en"}))
    assert read.tolist() == [0.9, 0.5, 0.7, 0.7]  # German and Polish at the English sentences' mean
    assert read_centrality(cosines, ["de", "pl", "de", "pl"], frozenset({"en"})).tolist() == [0.6125] * 4
    assert read_centrality(cosines, ["en", "en", "de", "pl"], None) is cosines
