"""`newsprism eval summaries` on a slice of NeuS val: the real pipeline pieces, every system scored, and
every summary sentence checked against the cited article's input text. (The full run is a benchmark.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import shared_path
from newsprism.evaluation.summaries import (
    BASELINES,
    EvaluationDataError,
    evaluate_summaries,
    read_neus,
)


@pytest.fixture(scope="module")
def scores(models):
    return evaluate_summaries(read_neus(shared_path("data", "neus", "val.jsonl"), limit=12), models)


def test_every_system_is_scored_on_every_story(scores):
    data = scores.to_dict()
    assert data["stories"] == 12
    assert set(data) == {"newsprism", *BASELINES, "stories"}
    for name in ("newsprism", *BASELINES):
        assert set(data[name]) >= {"rouge1", "rouge2", "rougeL"}
        assert all(0.05 < data[name][t] < 1 for t in ("rouge1", "rouge2", "rougeL")), (name, data[name])


def test_every_summary_sentence_is_attributed(scores):
    assert scores.attribution_rate == 1.0


def test_a_bad_line_is_named(tmp_path: Path):
    path = tmp_path / "broken.jsonl"
    path.write_text('{"id": "a", "articles": []}\n', "utf-8")
    with pytest.raises(EvaluationDataError, match=r"broken.jsonl:1: not a NeuS story \(KeyError"):
        list(read_neus(path))


@pytest.mark.slow
def test_the_command_prints_one_json_object():
    val = shared_path("data", "neus", "val.jsonl")
    result = subprocess.run(
        [sys.executable, "-m", "newsprism.cli", "eval", "summaries", str(val), "--limit", "3", "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        timeout=600,
        check=True,
    )
    data = json.loads(result.stdout)
    assert data["stories"] == 3
    assert set(data["newsprism"]) == {"rouge1", "rouge2", "rougeL", "attribution_rate"}
    assert set(data["lead3"]) == {"rouge1", "rouge2", "rougeL"}


@pytest.mark.slow
def test_newsprism_beats_lead3_and_every_sumy_baseline_on_val(models):
    """The whole of NeuS val (307 stories, a few minutes): ROUGE-1 and ROUGE-L above every baseline."""
    full = evaluate_summaries(read_neus(shared_path("data", "neus", "val.jsonl")), models)
    assert full.stories == 307
    assert full.attribution_rate == 1.0
    ours = full.rouge["newsprism"]
    for name in BASELINES:
        for measure in ("rouge1", "rougeL"):
            assert ours[measure] > full.rouge[name][measure], (name, measure, full.to_dict())
