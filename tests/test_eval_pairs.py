"""`newsprism eval pairs`: the same-story score against human judgements of article pairs.

The fixture pairs are written here (fictional events, two reports of each, in English, German and
Spanish); the SemEval-2022 Task 8 pairs of ../shared are only read by the test marked ``shared``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import shared_path
from newsprism.evaluation.pairs import ALL, PairsDataError, evaluate_pairs, read_pairs

# Per language: two events, two differently worded reports of each (title, text).
EVENTS = {
    "en": (
        (
            (
                "Flood closes river bridge in Hartley",
                "Heavy rain on Tuesday pushed the Avon River over its banks in Hartley, forcing the town "
                "council to close the Mill Street bridge. About 300 homes were evacuated overnight, and "
                "emergency crews used boats to reach residents. The council said the bridge would stay "
                "closed until at least Friday.",
            ),
            (
                "Hartley evacuates 300 homes as Avon River floods",
                "Some 300 households in Hartley left their homes overnight after the Avon River burst its "
                "banks following Tuesday's downpour. Rescue teams in boats helped residents on Mill Street, "
                "where the bridge has been shut. Officials expect the bridge to reopen on Friday at the "
                "earliest.",
            ),
        ),
        (
            (
                "Northgate chess club wins national title",
                "The Northgate chess club won the national team championship on Sunday, beating the "
                "defending champions 4.5 to 3.5 in the final round in Leeds. Captain Maria Olsen secured "
                "the decisive draw. It is the club's first national title in its 40-year history.",
            ),
            (
                "Leeds final: Northgate takes chess championship",
                "Northgate's chess players are national champions after a 4.5-3.5 win over the title "
                "holders in Leeds on Sunday. A draw by team captain Maria Olsen on the top board settled "
                "the match. The club, founded 40 years ago, had never won the title before.",
            ),
        ),
    ),
    "de": (
        (
            (
                "Brand in Lagerhalle in Tannfeld",
                "In einer Lagerhalle am Stadtrand von Tannfeld ist am Montagabend ein Großbrand "
                "ausgebrochen. Mehr als 80 Feuerwehrleute kämpften bis in die Nacht gegen die Flammen. "
                "Verletzt wurde nach Angaben der Polizei niemand, der Schaden wird auf zwei Millionen Euro "
                "geschätzt.",
            ),
            (
                "Großfeuer in Tannfeld: Millionenschaden an Lagerhalle",
                "Ein Feuer hat am Montagabend eine Lagerhalle in Tannfeld zerstört. Die Feuerwehr war mit "
                "über 80 Einsatzkräften vor Ort und löschte bis spät in die Nacht. Die Polizei schätzt den "
                "Schaden auf rund zwei Millionen Euro, Menschen kamen nicht zu Schaden.",
            ),
        ),
        (
            (
                "Neue Bahnstrecke zwischen Bergheim und Oberried eröffnet",
                "Die neue Bahnstrecke zwischen Bergheim und Oberried ist am Samstag eröffnet worden. Die "
                "Fahrt dauert nun 25 Minuten statt bisher einer Stunde. Der Bau der 30 Kilometer langen "
                "Strecke hatte sechs Jahre gedauert.",
            ),
            (
                "Bergheim und Oberried jetzt per Zug in 25 Minuten verbunden",
                "Seit Samstag fahren Züge auf der neuen Strecke von Bergheim nach Oberried. Reisende "
                "brauchen für die 30 Kilometer nur noch 25 Minuten. Sechs Jahre lang war an der Verbindung "
                "gebaut worden.",
            ),
        ),
    ),
    "es": (
        (
            (
                "La sequía obliga a restringir el agua en Valdemora",
                "El ayuntamiento de Valdemora anunció el jueves cortes de agua nocturnos por la sequía. El "
                "embalse que abastece a la ciudad está al 18 por ciento de su capacidad. Las restricciones "
                "se aplicarán desde el lunes entre las 23.00 y las 6.00 horas.",
            ),
            (
                "Valdemora cortará el agua por la noche ante la sequía",
                "Los vecinos de Valdemora tendrán cortes de agua cada noche a partir del lunes, informó el "
                "jueves el ayuntamiento. El embalse municipal apenas llega al 18 por ciento. Los cortes irán "
                "de las 23.00 a las 6.00 horas.",
            ),
        ),
        (
            (
                "Un museo de Castrillo recupera un cuadro robado",
                "El museo de Castrillo recuperó el martes un retrato del siglo XVII que había sido robado "
                "hace doce años. La policía encontró la obra en una casa de subastas de Lisboa. El cuadro "
                "volverá a exponerse en marzo.",
            ),
            (
                "Hallado en Lisboa el retrato robado del museo de Castrillo",
                "La policía localizó en una subasta de Lisboa el retrato del siglo XVII sustraído del museo "
                "de Castrillo hace doce años. El museo confirmó el martes la recuperación. La pintura se "
                "podrá ver de nuevo en marzo.",
            ),
        ),
    ),
}


def _pair(pair_id: str, language: str, first: tuple[str, str], second: tuple[str, str], overall: str) -> dict:
    return {
        "pair_id": pair_id,
        "lang1": language,
        "lang2": language,
        "title1": first[0],
        "text1": first[1],
        "title2": second[0],
        "text2": second[1],
        "overall": overall,  # a string, as some copies of the task data have it
    }


def fixture_rows() -> list[dict]:
    """Per language: each event's two reports (1.0, same story), and reports of different events (4.0)."""
    rows = []
    for language, ((a1, a2), (b1, b2)) in EVENTS.items():
        rows += [
            _pair(f"{language}-a", language, a1, a2, "1.0"),
            _pair(f"{language}-b", language, b1, b2, "1.0"),
            _pair(f"{language}-ab", language, a1, b2, "4.0"),
            _pair(f"{language}-ba", language, b1, a2, "4.0"),
        ]
    return rows


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), "utf-8")
    return path


@pytest.fixture(scope="module")
def fixture_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_jsonl(tmp_path_factory.mktemp("pairs") / "pairs.jsonl", fixture_rows())


def test_newsprism_agrees_with_the_judgements_in_every_language(fixture_file: Path, models):
    result = evaluate_pairs(read_pairs(fixture_file), models)
    data = result.to_dict()
    assert list(data["groups"]) == ["en", "de", "es", ALL]
    assert [group["pairs"] for group in data["groups"].values()] == [4, 4, 4, 12]
    assert data["pairs"] == 12 and data["skipped"] == 0
    for name, group in data["groups"].items():
        assert set(group) == {"pairs", "newsprism", "tfidf", "static"}
        assert group["newsprism"]["pearson"] > 0.5, (name, group)
        assert group["newsprism"]["spearman"] > 0.5, (name, group)
    assert data["groups"][ALL]["tfidf"]["pearson"] is not None
    assert data["groups"][ALL]["static"]["pearson"] is not None


def test_a_pair_whose_article_cleans_to_nothing_is_skipped_and_counted(tmp_path: Path, models):
    rows = fixture_rows()
    rows.append({**rows[0], "pair_id": "empty", "text2": "   \n  "})
    result = evaluate_pairs(read_pairs(write_jsonl(tmp_path / "pairs.jsonl", rows)), models)
    assert result.to_dict()["skipped"] == 1 and result.pairs == 12
    assert result.skipped[0].startswith("empty: ")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", r"bad\.jsonl:2: not valid JSON"),
        (json.dumps({**fixture_rows()[0], "text2": None}), r"bad\.jsonl:2: not an article pair"),
        (
            json.dumps({k: v for k, v in fixture_rows()[0].items() if k != "overall"}),
            r"bad\.jsonl:2: missing field overall",
        ),
        (json.dumps({**fixture_rows()[0], "overall": "same"}), r"bad\.jsonl:2: not an article pair"),
        ("[1, 2]", r"bad\.jsonl:2: not an article pair"),
    ],
)
def test_a_bad_line_is_named_by_file_and_line(tmp_path: Path, line: str, message: str):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(fixture_rows()[0]) + "\n" + line + "\n", "utf-8")
    with pytest.raises(PairsDataError, match=message):
        list(read_pairs(path))


def test_limit_counts_pairs_not_lines(tmp_path: Path):
    path = tmp_path / "pairs.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in fixture_rows()[:3]).replace("\n", "\n\n"), "utf-8")
    assert [pair.pair_id for pair in read_pairs(path, limit=2)] == ["en-a", "en-b"]


@pytest.mark.slow
def test_the_command_prints_one_json_object_or_a_table(fixture_file: Path):
    def run(*extra: str) -> str:
        return subprocess.run(
            [sys.executable, "-m", "newsprism.cli", "eval", "pairs", str(fixture_file), *extra],
            capture_output=True,
            text=True,
            env={**os.environ, "HF_HUB_OFFLINE": "1"},
            timeout=600,
            check=True,
        ).stdout

    data = json.loads(run("--json", "--limit", "8"))
    assert data["pairs"] == 8 and list(data["groups"]) == ["en", "de", ALL]
    table = run()
    assert "12 pairs" in table and all(f" {name} " in table for name in ("en", "de", "es", "all"))


@pytest.mark.shared
def test_the_first_200_semeval_pairs(models):
    train = shared_path("data", "semeval22", "train.jsonl")
    result = evaluate_pairs(read_pairs(train, limit=200), models)
    data = result.to_dict()
    assert data["pairs"] + data["skipped"] == 200
    assert data["groups"][ALL]["pairs"] == data["pairs"]
    newsprism = data["groups"][ALL]["newsprism"]
    assert newsprism["pearson"] > 0.4 and newsprism["spearman"] > 0.4, newsprism
