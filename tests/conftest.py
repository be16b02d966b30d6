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
