"""The server's cached pages and API answers follow the store: a write by another process (here another
connection, as ``newsprism ingest`` would make) shows on the next request, and articles stored but not
yet placed in a story leave the story pages cached (``StoreBrowser.stories_version``)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from newsprism import Pipeline
from newsprism.records import Article, RawDocument
from newsprism.serve.api import outlets_json
from newsprism.store import Store
from newsprism.store.browse import OutletSummary
from serving import live_server

FERRY = (
    "The Holm Island ferry ran aground near Skarv Rock on Tuesday morning, the coastguard said. "
    "All 42 passengers were taken off by lifeboat and nobody was hurt. "
    "The operator said the ferry would stay out of service until divers had checked its hull."
)
FERRY_AGAIN = (
    "A ferry carrying 42 passengers ran aground near Skarv Rock off Holm Island on Tuesday. "
    "Lifeboats took everyone ashore and there were no injuries, the coastguard said. "
    "Divers will inspect the hull before the ferry returns to service, its operator said."
)


def post(base: str, *articles: dict) -> dict:
    response = httpx.post(f"{base}/api/v1/articles", json={"articles": list(articles)}, timeout=600)
    response.raise_for_status()
    return response.json()


def get(base: str, path: str, **kwargs) -> httpx.Response:
    response = httpx.get(base + path, timeout=600, **kwargs)
    assert response.status_code == 200, response.text[:300]
    return response


@pytest.fixture
def served(tmp_path: Path, models):
    db = tmp_path / "store.db"
    with live_server(db, models) as base:
        first = post(
            base,
            {"title": "Ferry aground off Holm", "text": FERRY, "outlet": "Coast Post"},
            {"title": "Holm ferry runs aground", "text": FERRY_AGAIN, "outlet": "Island Times"},
        )
        yield {"base": base, "db": db, "items": first["items"]}


@pytest.mark.slow
def test_a_copy_stored_by_another_process_shows_on_every_cached_answer(served: dict, models):
    base, original = served["base"], served["items"][0]
    story = original["story_id"]
    assert story == served["items"][1]["story_id"]
    paths = [
        "/",
        "/api/v1/stories",
        f"/api/v1/stories/{story}",
        f"/api/v1/articles/{original['article_id']}",
        f"/articles/{original['article_id']}",
    ]
    before = {path: get(base, path) for path in paths}  # cached now
    assert get(base, "/api/v1/stories").json()["items"][0]["n_articles"] == 2

    copy = RawDocument(origin="wire", text=FERRY, format="text", title="Ferry aground", outlet="Wire Copy")
    with Pipeline.open(served["db"], models=models) as other:
        report = other.ingest_documents([copy])
    copy_id = report.items[0].article_id
    assert copy_id and report.copies == 1

    after = {path: get(base, path) for path in paths}
    for path in paths:
        assert after[path].content != before[path].content, path
    assert get(base, "/api/v1/stories").json()["items"][0]["n_articles"] == 3
    detail = after[f"/api/v1/stories/{story}"].json()
    assert {a["id"]: a["relation"] for a in detail["articles"]}[copy_id] == "copy"
    assert [c["id"] for c in after[f"/api/v1/articles/{original['article_id']}"].json()["copies"]] == [
        copy_id
    ]
    assert "Copies and rewrites of this article" in after[f"/articles/{original['article_id']}"].text
    assert "Wire Copy" in after["/"].text  # the outlet filter counts the new article's outlet


@pytest.mark.slow
def test_articles_not_yet_in_a_story_leave_story_answers_cached_but_count_for_outlets(served: dict):
    base = served["base"]
    stories = get(base, "/api/v1/stories")
    outlets = get(base, "/api/v1/outlets")
    page = get(base, "/")
    unplaced = Article(
        id="00000000000000aa",
        outlet="Late Wire",
        title="Divers check the ferry",
        text="Divers began checking the hull of the Holm ferry on Wednesday.",
        sentences=("Divers began checking the hull of the Holm ferry on Wednesday.",),
        text_hash="00000000000000aa",
    )
    with Store(served["db"]) as store:
        store.add_article(unplaced, datetime.now(UTC))
        assert get(base, "/api/v1/stories").headers["etag"] == stories.headers["etag"]
        assert "Late Wire" in [o["name"] for o in get(base, "/api/v1/outlets").json()]
        assert get(base, "/api/v1/outlets").headers["etag"] != outlets.headers["etag"]
        assert "Late Wire" in get(base, "/").text and "Late Wire" not in page.text

        with store.transaction():  # placed as an ingest places it: the story pages change
            store.assign_story(unplaced.id, served["items"][0]["story_id"])
        moved = get(base, "/api/v1/stories")
        assert moved.headers["etag"] != stories.headers["etag"]
        assert moved.json()["items"][0]["n_articles"] == 3


@pytest.mark.slow
def test_an_article_page_cached_before_its_brief_was_built_highlights_it_after(served: dict, models):
    base = served["base"]
    documents = [  # stored by another connection, so the server has not started building the brief
        RawDocument(origin="a", text=FERRY, format="text", title="Ferry aground", outlet="North Wire"),
        RawDocument(origin="b", text=FERRY_AGAIN, format="text", title="Ferry stuck", outlet="South Wire"),
    ]
    with Pipeline.open(served["db"], models=models) as other:
        article_id = other.ingest_documents(documents).items[0].article_id
    pending = get(base, f"/articles/{article_id}")
    assert "is being built" in pending.text and "Shaded (" not in pending.text
    story = get(base, f"/api/v1/articles/{article_id}").json()["story_id"]
    get(base, f"/api/v1/stories/{story}/brief")  # waits until the brief is built
    ready = get(base, f"/articles/{article_id}")
    assert "Shaded (" in ready.text and "is being built" not in ready.text


def test_the_outlet_list_json_reuses_the_parts_of_outlets_whose_figures_held():
    quiet, busy = OutletSummary("Quiet Post", 2, 1, None), OutletSummary("Busy Wire", 1, 1, None)
    first = outlets_json([quiet, busy], None)
    busier = OutletSummary("Busy Wire", 3, 2, datetime(2026, 3, 5, tzinfo=UTC))
    second = outlets_json([busier, quiet], first)
    assert second.parts[quiet] is first.parts[quiet]
    assert second.body == outlets_json([busier, quiet], None).body
    assert json.loads(second.body)[0] == {
        "name": "Busy Wire",
        "articles": 3,
        "stories": 2,
        "last_seen": "2026-03-05T00:00:00Z",
    }
