"""Shared fixtures: the ../shared data folder, one set of loaded models per test session, fresh stores."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()
DEMO_CORPUS = REPO / "examples" / "fictional-news"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, skipping the calling test with a clear message when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path} (the ../shared data folder beside the repository); not found")
    return path


@pytest.fixture(scope="session")
def models():
    from newsprism.models import Models

    return Models()


@pytest.fixture
def pipeline(tmp_path: Path, models) -> Iterator:
    from newsprism import Pipeline

    with Pipeline.open(tmp_path / "store.db", models=models) as opened:
        yield opened


@pytest.fixture(scope="session")
def seeds_pipeline(tmp_path_factory: pytest.TempPathFactory, models) -> Iterator:
    """The five seed articles ingested once for the whole session (read-only use)."""
    from newsprism import Pipeline

    seeds = shared_path("seeds")
    with Pipeline.open(tmp_path_factory.mktemp("seeds") / "store.db", models=models) as opened:
        opened.ingest([seeds])
        yield opened


# One invented event reported twice in English and once in German, for the tests that show languages.
BRIDGE_REPORTS = [
    {
        "outlet": "Brennick Courier",
        "title": "Floodwater closes the old bridge at Brennick",
        "published": "2026-04-07T07:00:00Z",
        "text": "The old stone bridge at Brennick was closed on Tuesday after floodwater from the river Ause "
        "undermined one of its piers, the county engineer said. Drivers face a detour of 14 kilometres.",
    },
    {
        "outlet": "Ause Valley Post",
        "title": "Brennick bridge shut as the Ause floods",
        "published": "2026-04-07T09:30:00Z",
        "text": "Engineers shut the stone bridge at Brennick on Tuesday because the flooded river Ause had "
        "damaged a pier. The county said the detour adds 14 kilometres to journeys.",
    },
    {
        "outlet": "Brennicker Anzeiger",
        "title": "Hochwasser: Alte Brücke in Brennick gesperrt",
        "published": "2026-04-07T10:00:00Z",
        "text": "Die alte Steinbrücke in Brennick ist seit Dienstag gesperrt. Das Hochwasser der Ause hat "
        "einen Pfeiler unterspült, wie der Kreisingenieur mitteilte. Autofahrer müssen einen Umweg von 14 "
        "Kilometern fahren.",
    },
]

HOSTILE_TITLE = "<img src=x onerror=alert(1)>"
HOSTILE_TEXT = (
    "The council met on Tuesday <script>alert('body')</script> to discuss the harbour budget for next year.\n\n"
    "Members said the <b onmouseover=alert(2)>repairs</b> would cost more than planned and take two years."
)


@pytest.fixture(scope="session")
def web(tmp_path_factory: pytest.TempPathFactory, models) -> Iterator[dict]:
    """A real server on loopback over a store holding the seeds (uploaded through the API), the demo
    wire stories, and one hostile article whose title and body are HTML; every brief is built."""
    import httpx

    from serving import live_server, upload

    seeds = shared_path("seeds")
    db = tmp_path_factory.mktemp("web") / "store.db"
    with live_server(db, models, max_body_bytes=2 * 1024 * 1024, max_items=50) as base:
        seeded = upload(base, sorted(seeds.iterdir()))
        wire = upload(base, [DEMO_CORPUS / "articles" / "wire.jsonl"])
        hostile = httpx.post(
            f"{base}/api/v1/articles",
            json={
                "articles": [{"title": HOSTILE_TITLE, "text": HOSTILE_TEXT, "outlet": "Hostile <i>Feed</i>"}]
            },
            timeout=600,
        )
        assert hostile.status_code == 200, f"the hostile article was not ingested: {hostile.text}"
        stories = httpx.get(f"{base}/api/v1/stories", params={"limit": 100}).json()["items"]
        for story in stories:  # build every brief now, so pages open from the cache
            httpx.get(f"{base}/api/v1/stories/{story['id']}/brief", timeout=600).raise_for_status()
        seed_story = next(i["story_id"] for i in seeded["items"])
        yield {
            "base": base,
            "db": db,
            "seeded": seeded,
            "wire": wire,
            "hostile": hostile.json(),
            "seed_story": seed_story,
            "stories": stories,
        }
