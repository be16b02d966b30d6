"""Stories across languages, on invented reports written for these tests (German, Spanish, Russian, English).

Three claims of the real-news stories work, each of which failed before it: articles of one language about
different events stay apart (no language blob); one event covered in several languages is one story; two
look-alike events of one week (two rate decisions) stay apart, in every language.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

# Three different events, all in German: an earthquake, a rate decision, a product launch.
GERMAN_THREE_EVENTS = [
    {
        "outlet": "talbote.example",
        "title": "Erdbeben der Stärke 6,1 erschüttert die Provinz Varnholm",
        "published": "2026-03-02T06:10:00Z",
        "text": "Ein Erdbeben der Stärke 6,1 hat am Montagmorgen die Provinz Varnholm erschüttert. Nach Angaben "
        "des Zivilschutzes wurden in der Stadt Oskerby 14 Menschen verletzt, mehrere alte Häuser stürzten "
        "ein. Das Epizentrum lag in zehn Kilometern Tiefe nördlich von Oskerby.",
    },
    {
        "outlet": "finanzblatt.example",
        "title": "Zentralbank von Lutavia senkt den Leitzins auf 2,75 Prozent",
        "published": "2026-03-05T13:30:00Z",
        "text": "Die Zentralbank von Lutavia hat ihren Leitzins am Donnerstag um 0,25 Prozentpunkte auf 2,75 "
        "Prozent gesenkt. Gouverneurin Mira Castellan begründete den Schritt mit der nachlassenden "
        "Teuerung. Die Inflation lag im Februar bei 2,1 Prozent.",
    },
    {
        "outlet": "technikwelt.example",
        "title": "Kerrowatt stellt ein faltbares Tablet für 899 Euro vor",
        "published": "2026-03-04T09:00:00Z",
        "text": "Der Hersteller Kerrowatt hat in Hamburg ein faltbares Tablet vorgestellt, das ab April für 899 "
        "Euro in den Handel kommt. Das Gerät wiegt 540 Gramm und soll mit einer Akkuladung zwei Tage "
        "durchhalten, sagte Firmenchef Jonas Pellwitz bei der Vorstellung.",
    },
]

# One event (the Varnholm earthquake) reported in German, Spanish and Russian.
ONE_EVENT_THREE_LANGUAGES = [
    GERMAN_THREE_EVENTS[0],
    {
        "outlet": "diariodelsur.example",
        "title": "Un terremoto de magnitud 6,1 sacude la provincia de Varnholm",
        "published": "2026-03-02T08:40:00Z",
        "text": "Un terremoto de magnitud 6,1 sacudió el lunes por la mañana la provincia de Varnholm. Según "
        "la protección civil, 14 personas resultaron heridas en la ciudad de Oskerby y varias casas "
        "antiguas se derrumbaron. El epicentro se situó a diez kilómetros de profundidad al norte de Oskerby.",
    },
    {
        "outlet": "vestnik.example",
        "title": "Землетрясение магнитудой 6,1 произошло в провинции Варнхольм",
        "published": "2026-03-02T09:15:00Z",
        "text": "Землетрясение магнитудой 6,1 произошло в понедельник утром в провинции Варнхольм. По данным "
        "гражданской обороны, в городе Оскерби пострадали 14 человек, несколько старых домов обрушились. "
        "Эпицентр находился на глубине десяти километров к северу от Оскерби.",
    },
]

# Two look-alike events of one week: the Lutavian central bank's cut on Thursday and the Serenian central
# bank's hold on Tuesday, each reported in two languages.
TWO_RATE_DECISIONS = [
    GERMAN_THREE_EVENTS[1],
    {
        "outlet": "economia.example",
        "title": "El banco central de Lutavia baja los tipos al 2,75 %",
        "published": "2026-03-05T14:05:00Z",
        "text": "El banco central de Lutavia recortó el jueves su tipo de interés de referencia en 0,25 puntos, "
        "hasta el 2,75 %. La gobernadora Mira Castellan justificó la decisión por la moderación de los "
        "precios: la inflación fue del 2,1 % en febrero.",
    },
    {
        "outlet": "marktbericht.example",
        "title": "Serenische Notenbank lässt den Leitzins bei 4,5 Prozent",
        "published": "2026-03-03T12:00:00Z",
        "text": "Die Notenbank von Serenia hat ihren Leitzins am Dienstag unverändert bei 4,5 Prozent belassen. "
        "Präsident Aurel Vantrescu verwies auf die hohe Inflation von 3,8 Prozent im Januar und schloss "
        "eine Senkung vor dem Sommer aus.",
    },
    {
        "outlet": "dengi.example",
        "title": "Центробанк Серении сохранил ключевую ставку на уровне 4,5%",
        "published": "2026-03-03T12:40:00Z",
        "text": "Центральный банк Серении во вторник сохранил ключевую ставку на уровне 4,5%. Председатель "
        "Аурел Вантреску сослался на высокую инфляцию в 3,8% в январе и исключил снижение ставки до лета.",
    },
]


def _stories(pipeline, reports: list[dict], tmp_path: Path) -> dict[str, set[str]]:
    """Ingest the reports; outlet → the id of the story its article joined."""
    path = tmp_path / "reports.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in reports), encoding="utf-8")
    report = pipeline.ingest([path])
    assert report.added == len(reports), report.errors
    by_outlet: dict[str, set[str]] = {}
    for story in pipeline.stories():
        for article_id in story.article_ids:
            by_outlet.setdefault(pipeline.store.entry(article_id).article.outlet, set()).add(story.id)
    return dict(by_outlet.items())


def test_languages_are_identified_from_the_text(pipeline, tmp_path: Path) -> None:
    _stories(pipeline, ONE_EVENT_THREE_LANGUAGES, tmp_path)
    languages = {e.article.outlet: e.article.language for e in pipeline.store.iter_entries()}
    assert languages == {"talbote.example": "de", "diariodelsur.example": "es", "vestnik.example": "ru"}


def test_three_german_articles_about_three_events_are_three_stories(pipeline, tmp_path: Path) -> None:
    stories = _stories(pipeline, GERMAN_THREE_EVENTS, tmp_path)
    assert len(pipeline.stories()) == 3, stories


def test_one_event_in_three_languages_is_one_story(pipeline, tmp_path: Path) -> None:
    stories = _stories(pipeline, ONE_EVENT_THREE_LANGUAGES, tmp_path)
    assert len(pipeline.stories()) == 1, stories


def test_two_rate_decisions_of_one_week_stay_apart_in_every_language(pipeline, tmp_path: Path) -> None:
    stories = _stories(pipeline, TWO_RATE_DECISIONS, tmp_path)
    (cut,) = stories["finanzblatt.example"]
    (hold,) = stories["marktbericht.example"]
    assert cut != hold
    assert stories["economia.example"] == {cut}, "the Spanish report of the cut joins the German one"
    assert stories["dengi.example"] == {hold}, "the Russian report of the hold joins the German one"


@pytest.mark.parametrize(
    ("figure", "language", "expected"),
    [("7,4", "de", "7.4"), ("7.4", "en", "7.4"), ("1.000", "de", "1000"), ("1,000", "en", "1000")],
)
def test_figures_read_in_their_language(figure: str, language: str, expected: str) -> None:
    from newsprism.languages import canonical_number

    assert canonical_number(figure, language) == expected


def test_names_meet_across_scripts() -> None:
    from newsprism.cluster.names import proper_names

    russian = proper_names("Председатель Аурел Вантреску выступил в Москве.", "ru")
    romanian = proper_names("Președintele Aurel Vantrescu a vorbit la București.", "ro")
    assert "vantresku" in russian and "vantrescu" in romanian  # spelled alike, not the same: see docs
    assert "aurel" in russian and "aurel" in romanian


def _lead_article(text: str, language: str):
    from newsprism.clean import clean_document
    from newsprism.records import RawDocument

    return clean_document(RawDocument(origin="test", text=text, format="text", language=language))


def test_ordinals_of_a_series_tell_its_events_apart_in_any_language() -> None:
    from newsprism.cluster.features import specifics
    from newsprism.cluster.similarity import specifics_conflict

    seventh_es = _lead_article(
        "El séptimo vuelo de prueba del cohete Helion terminó con la pérdida de la etapa superior sobre el "
        "océano. La empresa Orvane dijo que analizará los datos.",
        "es",
    )
    seventh_en = _lead_article(
        "The seventh test flight of the Helion rocket ended with the loss of its upper stage over the ocean. "
        "Orvane said it would study the data.",
        "en",
    )
    eighth_de = _lead_article(
        "Der achte Testflug der Rakete Helion ist erneut gescheitert: Die Oberstufe zerbrach kurz nach dem "
        "Start. Orvane will die Ursache untersuchen.",
        "de",
    )
    ordinals = {
        name: specifics(a)[2] for name, a in [("es", seventh_es), ("en", seventh_en), ("de", eighth_de)]
    }
    assert ordinals["es"][0] == ordinals["en"][0] == frozenset({7}) and ordinals["de"][0] == frozenset({8})
    assert not specifics_conflict(ordinals["es"], ordinals["en"])
    assert specifics_conflict(ordinals["es"], ordinals["de"])


def test_words_meet_in_their_stems() -> None:
    from newsprism.cluster.features import content_terms

    assert set(content_terms("Wahlen", "de")) == set(content_terms("Wahl", "de"))
    assert set(content_terms("depremde", "tr")) == set(content_terms("depremin", "tr"))
    assert set(content_terms("elecciones", "es")) == set(content_terms("elección", "es"))
    assert content_terms("Wahlen", None) == {"wahlen": 1.0}  # no language, no stemmer
