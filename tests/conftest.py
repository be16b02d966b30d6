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
