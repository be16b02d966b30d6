"""The command line, run as a user runs it: a real process, a real store file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BRIDGE_REPORTS, DEMO_CORPUS

pytestmark = pytest.mark.slow
RATE_STORIES = DEMO_CORPUS / "articles" / "wire.jsonl"


def run(*args: str, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "newsprism.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=600,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"exit {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "news.db"
    report = json.loads(run("--db", str(path), "ingest", str(RATE_STORIES), "--json").stdout)
    assert report["added"] == 20 and report["errors"] == []
    return path


def test_stories_json_lists_every_story_with_its_fields(db: Path):
    stories = json.loads(run("--db", str(db), "stories", "--json").stdout)
    assert sum(s["n_articles"] for s in stories) == 20
    fields = {"id", "headline", "n_articles", "outlets", "languages", "first_seen", "last_seen"}
    for story in stories:
        assert fields <= story.keys()
        assert story["first_seen"] <= story["last_seen"]
        english = {"language": "en", "articles": story["n_articles"]}
        assert story["languages"] == [english]  # the demo wire is written in English
    assert stories == sorted(stories, key=lambda s: -s["n_articles"])


def test_stories_show_each_storys_languages_most_articles_first(tmp_path: Path):
    from datetime import UTC, datetime

    from newsprism.clean import clean_document
    from newsprism.records import RawDocument
    from newsprism.store import Store

    db, now = tmp_path / "bridge.db", datetime(2026, 4, 7, 12, tzinfo=UTC)
    with Store(db) as store, store.transaction():  # placed by hand: the story is what is shown, not found
        store.create_story("b7e1bridge00", BRIDGE_REPORTS[0]["title"], now)
        for report in reversed(BRIDGE_REPORTS):  # the German report first: counts order, not arrival
            raw = RawDocument(
                report["outlet"], report["text"], "text", title=report["title"], outlet=report["outlet"]
            )
            article = clean_document(raw)  # its language is detected
            store.add_article(article, now)
            store.assign_story(article.id, "b7e1bridge00")
    [story] = json.loads(run("--db", str(db), "stories", "--json").stdout)
    assert story["languages"] == [{"language": "en", "articles": 2}, {"language": "de", "articles": 1}]
    table = run("--db", str(db), "stories").stdout
    assert "languages" in table and "en 2, de 1" in table


def test_brief_by_id_prefix_in_markdown_and_json(db: Path):
    top = json.loads(run("--db", str(db), "stories", "--json").stdout)[0]
    markdown = run("--db", str(db), "brief", top["id"][:6]).stdout
    assert markdown.startswith("# ")
    assert "## Summary" in markdown and "## Sources" in markdown
    brief = json.loads(
        run("--db", str(db), "brief", top["id"], "--format", "json", "--sentences", "3").stdout
    )
    assert brief["story_id"] == top["id"]
    assert brief["schema_version"] == "1.5"
    assert {s["language"] for s in brief["sources"]} == {"en"}
    assert 1 <= len(brief["summary"]) <= 3
    assert all(s["citations"] and s["outlets"] for s in brief["summary"])
    assert {"fact_table", "discrepancies", "unique", "timeline", "entities"} <= set(brief)


def test_an_unknown_story_is_a_clear_error(db: Path):
    result = run("--db", str(db), "brief", "doesnotexist", check=False)
    assert result.returncode == 1
    assert "no story with id 'doesnotexist'" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_store_location_comes_from_the_environment(tmp_path: Path):
    path = tmp_path / "from-env.db"
    result = run("stories", env={"NEWSPRISM_DB": str(path)})
    assert "no stories yet" in result.stdout
    assert path.exists()


def test_help_teaches_the_commands():
    text = run("--help").stdout
    for command in ("ingest", "stories", "brief", "eval"):
        assert command in text
    assert "--outlet" in run("ingest", "--help").stdout
