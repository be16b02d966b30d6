"""A new user's first hour (issue 17): set-up, metadata that does not mislead, the small traps.

Every article here is invented for these tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from bench.newssite import NewsSite

from conftest import REPO

pytestmark = pytest.mark.slow

LIGHTHOUSE = [
    (
        "Carrow Point lighthouse relit after storm repairs",
        "The lighthouse at Carrow Point shone again on Friday night after three weeks of repairs to the "
        "lantern room, which the January storm had flooded. The harbour trust said the light reaches 18 "
        "nautical miles.",
    ),
    (
        "Carrow Point light back in service",
        "Fishing crews at Carrow welcomed the return of the Carrow Point light on Friday. Engineers "
        "replaced the flooded lantern machinery in three weeks, the harbour trust said, and the beam is "
        "visible 18 nautical miles out.",
    ),
    (
        "Storm-damaged Carrow Point lighthouse working again",
        "After a three-week repair of its lantern room, flooded in the January storm, the Carrow Point "
        "lighthouse was switched back on on Friday evening, according to the harbour trust.",
    ),
]


CARROW_POST = (
    "Ships off Carrow Point can see the lighthouse again: its lamp came back on on Friday, three weeks "
    "after January's storm flooded the lantern room, and the harbour trust expects no more closures."
)


def run(*args: str, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "newsprism.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1", **(env or {})},
        timeout=600,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"exit {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result


def write_reports(folder: Path, names: list[str]) -> list[Path]:
    """The lighthouse reports as plain text files (headline, blank line, body): no outlet, no URL."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, (title, text) in zip(names, LIGHTHOUSE, strict=False):
        paths.append(folder / name)
        paths[-1].write_text(f"{title}\n\n{text}\n", encoding="utf-8")
    return paths


# -- 1. running newsprism after `make demo`; the demo ends with the seeds' brief -----------------------


def test_demo_readme_says_how_to_run_newsprism_after_make_demo():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert ".venv/bin/newsprism" in readme and "source .venv/bin/activate" in readme
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "SEEDS_DB" in makefile and "--db $(SEEDS_DB) brief --top 1" in makefile


def test_demo_ends_with_the_seeds_brief_from_their_own_store(tmp_path: Path):
    write_reports(tmp_path / "shared" / "seeds", ["000_a1.txt", "001_b2.txt", "002_c3.txt"])
    demo, seeds = tmp_path / "demo.db", tmp_path / "seeds.db"
    bin_dir = Path(sys.executable).parent  # installed already: make must not reinstall
    result = subprocess.run(
        [
            "make",
            "-o",
            f"{bin_dir}/.installed",
            "demo",
            f"BIN={bin_dir}",
            f"SHARED={tmp_path / 'shared'}",
            f"DEMO_DB={demo}",
            f"SEEDS_DB={seeds}",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert result.returncode == 0, result.stderr
    seeds_part = result.stdout.split("== the seed articles")[1]
    last_brief = seeds_part[seeds_part.rindex("\n# ") :]
    assert "Carrow Point" in last_brief.splitlines()[1]  # the brief's headline: the seeds' story
    assert "Kastrelia" not in seeds_part  # nothing of the fictional corpus again
    assert "next: .venv/bin/newsprism" in result.stdout
    in_demo = json.loads(run("--db", str(demo), "stories", "--json").stdout)
    assert not any("Carrow" in story["headline"] for story in in_demo)  # the demo store is left alone


# -- 2. models prepared at install time, once ------------------------------------------------------------


def test_cli_models_prepare_distils_once_then_only_loads(tmp_path: Path):
    overrides = ("NEWSPRISM_STATIC_MODEL", "NEWSPRISM_EVENT_MODEL", "NEWSPRISM_MODEL")
    env = {k: v for k, v in os.environ.items() if k not in overrides}
    env |= {"HF_HUB_OFFLINE": "1", "XDG_CACHE_HOME": str(tmp_path / "cache")}  # an empty cache

    def prepare() -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "newsprism.cli", "models", "prepare", "--json"]
        return subprocess.run(command, capture_output=True, text=True, env=env, timeout=900)

    first = prepare()
    assert first.returncode == 0, first.stderr
    actions = {m["name"]: m["action"] for m in json.loads(first.stdout)["models"]}
    assert actions == {"static": "distilled", "event": "loaded", "spacy": "loaded"}
    assert list((tmp_path / "cache" / "newsprism" / "static-models").glob("*/config.json"))
    second = prepare()
    assert {m["action"] for m in json.loads(second.stdout)["models"]} == {"loaded"}  # nothing rebuilt
    assert "distilling" not in second.stderr


def test_cli_models_prepare_is_run_by_make_install_and_its_help_teaches():
    recipe = (REPO / "Makefile").read_text(encoding="utf-8").split("$(BIN)/.installed: pyproject.toml")[1]
    assert "$(BIN)/newsprism models prepare" in recipe.split("\n\n")[0]
    shown = " ".join(run("models", "prepare", "--help", env={"COLUMNS": "200"}).stdout.split())
    assert "about a minute" in shown and "second run" in shown and "make install" in shown


# -- 3. outlets from metadata or URLs only; ingest times labelled ----------------------------------------


def test_ingest_never_names_an_outlet_after_a_file(tmp_path: Path):
    folder = tmp_path / "corpus"
    write_reports(folder, ["000_efc234f7d9ef9d66.txt", "001_df33988119df3632.txt"])
    title, text = LIGHTHOUSE[2]
    records = [
        {"title": title, "text": text},
        {
            "title": "Carrow light shines again",
            "text": CARROW_POST,
            "url": "https://www.carrowpost.example/l",
        },
    ]
    (folder / "dev.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = tmp_path / "news.db"
    report = json.loads(run("--db", str(db), "ingest", str(folder), "--json").stdout)
    assert report["added"] == 4 and report["errors"] == []
    stories = json.loads(run("--db", str(db), "stories", "--json").stdout)
    outlets = {outlet for story in stories for outlet in story["outlets"]}
    unknown = {o for o in outlets if o.startswith("unknown-")}
    assert outlets - unknown == {"carrowpost.example"}  # never "000_efc234f7d9ef9d66" nor "dev"
    assert len(unknown) == 3  # one per article without outlet metadata or URL: never grouped
    for story in stories:
        assert story["n_independent"] == story["n_articles"]  # each article its own report
        assert story["n_outlets"] == story["n_articles"]  # each article its own outlet here


def test_store_counts_each_unknown_outlet_article_and_labels_ingest_times(tmp_path: Path):
    from newsprism.clean import clean_document
    from newsprism.records import RawDocument
    from newsprism.store import Store

    db, now = tmp_path / "placed.db", datetime(2026, 4, 7, 12, tzinfo=UTC)
    published = datetime(2008, 3, 1, 9, 30, tzinfo=UTC)
    with Store(db) as store, store.transaction():  # placed by hand: the counting is what is shown
        store.create_story("c4rr0wlight0", LIGHTHOUSE[0][0], now)
        store.create_story("d4tedstory00", LIGHTHOUSE[1][0], now)
        for number, (title, text) in enumerate(LIGHTHOUSE):
            article = clean_document(RawDocument(f"file{number}.txt", text, "text", title=title))
            store.add_article(article, now)
            store.assign_story(article.id, "c4rr0wlight0")
        for outlet in ("Carrow Post", "Carrow Post"):  # two articles of one named outlet count once
            title, text = LIGHTHOUSE[len(outlet) % 2]
            raw = RawDocument(outlet, text, "text", title=f"{title} {outlet}", outlet=outlet)
            article = clean_document(raw)
            store.add_article(article, now)
            store.assign_story(article.id, "c4rr0wlight0")
        dated = clean_document(
            RawDocument("dated.txt", LIGHTHOUSE[1][1], "text", title="Dated", published=published)
        )
        store.add_article(dated, now)
        store.assign_story(dated.id, "d4tedstory00")
    stories = {s["id"]: s for s in json.loads(run("--db", str(db), "stories", "--json").stdout)}
    undated, dated_story = stories["c4rr0wlight0"], stories["d4tedstory00"]
    assert sorted(undated["outlets"])[0] == "Carrow Post"
    assert all(o.startswith("unknown-") for o in sorted(undated["outlets"])[1:])
    assert undated["n_outlets"] == 4  # three unknown-outlet articles, each its own, and Carrow Post
    assert undated["dated_by"] == "ingested"
    assert dated_story["dated_by"] == "published"
    assert dated_story["first_seen"] == published.isoformat()  # the publication time, not 2026
    table = run("--db", str(db), "stories", env={"COLUMNS": "200"}).stdout
    assert "(ingested)" in table and "no article gives a publication date" in table
    assert "2008-03-01 09:30" in table and "2008-03-01 09:30 (ingested)" not in table


# -- 4. the store's own files and texts too short to be articles -----------------------------------------


def test_ingest_a_folder_holding_the_store_adds_none_of_its_files(tmp_path: Path):
    folder = tmp_path / "news"
    write_reports(folder, ["a.txt", "b.txt"])
    (folder / "pid.txt").write_text("17939\n", encoding="utf-8")
    db = folder / "news.db"  # the store lives inside the folder ingested
    first = json.loads(run("--db", str(db), "ingest", str(folder), "--json").stdout)
    assert first["added"] == 2
    reasons = {Path(e["origin"]).name: e["reason"] for e in first["errors"]}
    assert reasons["pid.txt"].startswith("too short to be an article: 1 words")
    assert "news.db.lock" in reasons  # held (with this process's pid in it) while the ingest reads
    second = run("--db", str(db), "ingest", str(folder))
    assert "0 new, 2 already stored" in second.stdout
    skipped = [line for line in second.stderr.splitlines() if line.startswith("skipped")]
    names = {Path(line.split()[1].rstrip(":")).name for line in skipped}
    assert {"news.db", "news.db.lock", "pid.txt"} <= names
    assert all("store's own file" in line for line in skipped if "news.db" in line)
    from newsprism.store import Store

    with Store(db) as store:
        origins = {entry.article.origin for entry in store.iter_entries()}
    assert {Path(o).name for o in origins} == {"a.txt", "b.txt"}


def test_ingest_word_count_floor():
    from newsprism.clean.length import MIN_ARTICLE_WORDS, word_count

    assert word_count("17939") == 1 < MIN_ARTICLE_WORDS
    assert word_count("The ferry to Carrow runs again on Monday.") == 8
    assert word_count("渡船の運航が再開された") >= MIN_ARTICLE_WORDS  # unspaced: two characters a word


# -- 5. watching a feed file; mixed arguments; brief with an id and --top --------------------------------


def stored(db: Path) -> set[tuple]:
    from newsprism.store import Store

    with Store(db) as store:
        return {
            (a.id, a.outlet, a.title, a.text, a.url, a.published, a.source_kind)
            for a in (e.article for e in store.iter_entries())
        }


def test_live_watch_once_on_a_feed_file_stores_what_loopback_http_does(tmp_path: Path):
    with NewsSite("Harbour Herald") as site:
        site.publish(3)
        feed = tmp_path / "feed.rss"
        feed.write_bytes(site.feed_xml())
        from_file, over_http = tmp_path / "file.db", tmp_path / "http.db"
        report = json.loads(
            run("--db", str(from_file), "watch", "--once", "--rate", "0", "--json", str(feed)).stdout
        )
        assert (report["new_items"], report["added"], report["feed_errors"]) == (3, 3, [])
        run("--db", str(over_http), "watch", "--once", "--rate", "0", "--json", site.feed_url)
        assert stored(from_file) == stored(over_http) and len(stored(from_file)) == 3

        unchanged = json.loads(run("--db", str(from_file), "watch", "--once", "--rate", "0", "--json").stdout)
        assert (unchanged["feeds_not_modified"], unchanged["new_items"]) == (1, 0)
        site.publish(1)
        feed.write_bytes(site.feed_xml())  # the file is read again on each poll
        uri = feed.resolve().as_uri()
        more = json.loads(run("--db", str(from_file), "watch", "--once", "--rate", "0", "--json", uri).stdout)
        assert (more["new_items"], more["added"]) == (1, 1)
        followed = json.loads(run("--db", str(from_file), "feeds", "--json").stdout)
        assert [f["url"] for f in followed] == [uri]


def test_live_watch_names_each_mixed_argument_in_one_line(tmp_path: Path):
    from newsprism.live.feedlist import feed_links

    (tmp_path / "folder").mkdir()
    (tmp_path / "page.html").write_text("<!doctype html><html><body><p>A page.</p></body></html>")
    (tmp_path / "notes.txt").write_text("".join(f"a note, line {n}\n" for n in range(22)))
    (tmp_path / "feed.atom").write_text(
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>'
    )
    given = ["https://herald.example/rss", str(tmp_path / "feed.atom"), str(tmp_path / "folder")]
    given += [str(tmp_path / "page.html"), str(tmp_path / "notes.txt"), "file:///no/such/feed.rss"]
    links, errors = feed_links(given)
    assert [link.url for link in links] == [
        "https://herald.example/rss",
        (tmp_path / "feed.atom").resolve().as_uri(),
    ]
    assert len(errors) == 4  # one line per argument that names no feed, never one per line of a file
    by_name = {Path(e.origin).name: e.reason for e in errors}
    assert "newsprism ingest" in by_name["folder"] and "newsprism ingest" in by_name["notes.txt"]
    assert by_name["page.html"].startswith("an HTML page")
    assert by_name["feed.rss"] == "no such file: /no/such/feed.rss"
    assert all("\n" not in e.reason for e in errors)


def test_live_a_server_fetcher_never_reads_local_files(tmp_path: Path):
    from newsprism.live.fetcher import Fetcher
    from newsprism.live.http import FetchError, HttpSettings

    secret = tmp_path / "secret.txt"
    secret.write_text("private")
    with (
        Fetcher(HttpSettings(public_only=True)) as fetcher,
        pytest.raises(FetchError, match="unsupported URL scheme 'file'"),
    ):
        fetcher.get(secret.as_uri()).result()
    with Fetcher(HttpSettings()) as fetcher:
        assert fetcher.get(secret.as_uri()).result().content == b"private"


def test_cli_brief_with_an_id_and_top_says_to_give_one(tmp_path: Path):
    db = str(tmp_path / "empty.db")
    both = run("--db", db, "brief", "3fa1", "--top", "1", check=False)
    assert both.returncode == 1 and len(both.stderr.strip().splitlines()) == 1
    assert "not both" in both.stderr and "newsprism brief --top 1" in both.stderr
    neither = run("--db", db, "brief", check=False)
    assert neither.returncode == 1 and "--top N" in neither.stderr
    too_far = run("--db", db, "brief", "--top", "1", check=False)
    assert "there are only 0 stories" in too_far.stderr
