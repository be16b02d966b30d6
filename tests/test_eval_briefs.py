"""`newsprism eval briefs`: citation precision counted on judged (shown sentence, cited sentence) pairs.

The corpus, the event and the judgements are written here: one invented event, three invented outlets.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsprism.evaluation.briefs import (
    EventsError,
    evaluate_briefs,
    read_judgements,
    sentence_hash,
)

RECORDS = [
    {
        "id": "T1",
        "outlet": "Lakeside Courier",
        "title": "Ferry Marigold runs aground off Tessel Point",
        "published": "2026-04-10",
        "language": "en",
        "text": "The ferry Marigold ran aground off Tessel Point on Friday morning, the coastguard said. "
        "All 212 passengers were taken off by lifeboats within three hours. "
        "The operator, Westway Lines, cancelled its remaining crossings for the day.",
    },
    {
        "id": "T2",
        "outlet": "Harbour Times",
        "title": "Marigold ferry aground at Tessel Point",
        "published": "2026-04-10",
        "language": "en",
        "text": "The ferry Marigold ran aground off Tessel Point on Friday morning, according to the coastguard. "
        "Lifeboats took all 212 passengers off the vessel within three hours. "
        "Divers will inspect the hull of the Marigold on Saturday.",
    },
    {
        "id": "T3",
        "outlet": "Tessel Herald",
        "title": "212 rescued as ferry strands off Tessel Point",
        "published": "2026-04-10",
        "language": "en",
        "text": "All 212 passengers of the ferry Marigold were brought ashore by lifeboats within three hours. "
        "The Marigold ran aground off Tessel Point on Friday morning in thick fog, the coastguard said. "
        "Westway Lines said it would pay for hotel rooms for the passengers.",
    },
]
EVENTS = {
    "events": [
        {
            "event_id": "E1",
            "article_ids": ["T1", "T2", "T3"],
            "key_facts": [
                {"fact": "212 passengers were rescued by lifeboats", "article_ids": ["T1", "T2", "T3"]}
            ],
            "discrepancies": [],
        }
    ]
}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("eval-briefs")
    corpus, events = folder / "corpus.jsonl", folder / "events.json"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), "utf-8")
    events.write_text(json.dumps(EVENTS), "utf-8")
    return corpus, events


@pytest.fixture(scope="module")
def unjudged(files, models) -> list[dict]:
    """Every shown citation of the event's brief, none judged yet."""
    event = evaluate_briefs(*files, models).events[0]
    assert event.citations >= 2 and event.citations_judged == 0
    assert len(event.unjudged) == event.citations + event.fact_citations
    return event.unjudged


def judgement_line(pair: dict, judgement: str) -> str:
    ids = {side: {k: pair[side][k] for k in ("article", "sentence", "sha1")} for side in ("summary", "cited")}
    return json.dumps({"event": pair["event"], **ids, "judgement": judgement}) + "\n"


def test_unjudged_citations_name_both_sentences_by_label_id_index_and_hash(unjudged):
    texts = {r["id"]: r["text"] for r in RECORDS}
    for pair in unjudged:
        assert pair["event"] == "E1" and pair["where"] in ("summary", "fact")
        for side in ("summary", "cited"):
            sentence = pair[side]
            assert sentence["text"] in texts[sentence["article"]]
            assert sentence["sha1"] == sentence_hash(sentence["text"]) and len(sentence["sha1"]) == 12
        assert pair["summary"]["article"] != pair["cited"]["article"]


def test_precision_is_the_same_share_of_the_judged_shown_citations(files, models, unjudged, tmp_path: Path):
    summary = list({json.dumps(p, sort_keys=True): p for p in unjudged if p["where"] == "summary"}.values())
    judged = tmp_path / "judgements.jsonl"
    # The first summary citation SAME, the second PARTIAL, any others left unjudged.
    judged.write_text(judgement_line(summary[0], "SAME") + judgement_line(summary[1], "PARTIAL"), "utf-8")
    event = evaluate_briefs(*files, models, judgements=read_judgements(judged)).events[0]
    assert (event.citations_judged, event.citations_same, event.citations_partial) == (2, 1, 1)
    assert event.to_dict()["citation_precision"] == 0.5
    assert len([p for p in event.unjudged if p["where"] == "summary"]) == event.citations - 2
    # The fact table shows the same pairs among its cells: judged once, counted there too.
    assert event.fact_judged == 2 and event.fact_same == 1


def test_a_changed_sentence_is_no_longer_judged(files, models, unjudged, tmp_path: Path):
    pair = next(p for p in unjudged if p["where"] == "summary")
    stale = {**pair, "cited": {**pair["cited"], "sha1": sentence_hash(pair["cited"]["text"] + " (updated)")}}
    judged = tmp_path / "judgements.jsonl"
    judged.write_text(judgement_line(stale, "SAME"), "utf-8")
    event = evaluate_briefs(*files, models, judgements=read_judgements(judged)).events[0]
    assert event.citations_judged == 0 and event.to_dict()["citation_precision"] is None


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"event": "E1"}', "not a judgement"),
        ("not json", "not a judgement"),
        (
            '{"event": "E1", "summary": {"article": "T1", "sentence": 0, "sha1": "abc"}, '
            '"cited": {"article": "T2", "sentence": 0, "sha1": "def"}, "judgement": "MAYBE"}',
            "MAYBE",
        ),
    ],
)
def test_a_bad_judgement_line_is_named_by_file_and_line(tmp_path: Path, line: str, message: str):
    path = tmp_path / "judgements.jsonl"
    path.write_text("\n" + line + "\n", "utf-8")
    with pytest.raises(EventsError, match=rf"judgements.jsonl:2: .*{message}"):
        read_judgements(path)


def test_the_command_prints_precision_and_lists_unjudged_pairs(files, unjudged, tmp_path: Path):
    corpus, events = files
    summary = next(p for p in unjudged if p["where"] == "summary")
    judged = tmp_path / "judgements.jsonl"
    judged.write_text(judgement_line(summary, "SAME"), "utf-8")

    def run(*extra: str) -> str:
        command = [
            sys.executable,
            "-m",
            "newsprism.cli",
            "eval",
            "briefs",
            str(corpus),
            "--events",
            str(events),
        ]
        return subprocess.run(
            [*command, "--judgements", str(judged), *extra],
            capture_output=True,
            text=True,
            env={**os.environ, "HF_HUB_OFFLINE": "1"},
            timeout=600,
            check=True,
        ).stdout

    data = json.loads(run("--json"))
    totals = data["totals"]
    assert totals["citations_judged"] == 1 and totals["citation_precision"] == 1.0
    assert data["judgements"] == str(judged)
    assert len(data["events"][0]["unjudged_citations"]) == totals["citations"] + totals["fact_citations"] - 2
    shown = run("--show-unjudged")
    assert f"summary citations: 1/1 judged SAME (100.0%), {totals['citations'] - 1} of" in shown
    others = [p for p in unjudged if p != summary and p["where"] == "summary"]
    assert others and others[0]["cited"]["sha1"] in shown and "SAME|PARTIAL|DIFFERENT" in shown
