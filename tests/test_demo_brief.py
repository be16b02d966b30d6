"""The demo corpus's answer key: the brief reports exactly the discrepancies it lists, and none of its
non-conflicts (the same figure hedged or worded differently) nor anything in the other events."""

from __future__ import annotations

import json
import re

import pytest

from conftest import DEMO_CORPUS


@pytest.fixture(scope="module")
def briefs(tmp_path_factory: pytest.TempPathFactory, models):
    from newsprism import Pipeline

    with Pipeline.open(tmp_path_factory.mktemp("demo") / "store.db", models=models) as pipeline:
        pipeline.ingest([DEMO_CORPUS / "articles"])
        yield [pipeline.brief(s.id) for s in pipeline.stories()]


def figure(value: str) -> str:
    """The number in a written value: "$3.2 billion" -> "3.2", "March 18" -> "18", "12 people" -> "12"."""
    return re.findall(r"\d+(?:\.\d+)?", value)[0]


def answer_key() -> list[dict]:
    return json.loads((DEMO_CORPUS / "answer-key.json").read_text("utf-8"))["events"]


def brief_of(briefs, event: dict):
    outlets = {a["outlet"] for a in event["articles"]}
    return max(briefs, key=lambda b: len(outlets & {s.outlet for s in b.sources}))


def test_discrepancies_are_exactly_the_answer_keys(briefs):
    for event in answer_key():
        brief = brief_of(briefs, event)
        expected = [{s["value"] for s in d["sides"]} for d in event["discrepancies"]]
        found = [{s.value for s in d.sides} for d in brief.discrepancies]
        assert len(found) == len(expected), (event["event"], found)
        for want, got in zip(expected, found, strict=True):
            assert {figure(v) for v in want} == {figure(v) for v in got}, (event["event"], got)


def test_each_side_quotes_every_statement_of_its_value(briefs):
    for event in answer_key():
        brief = brief_of(briefs, event)
        for want, got in zip(event["discrepancies"], brief.discrepancies, strict=True):
            for side in want["sides"]:
                [match] = [s for s in got.sides if figure(s.value) == figure(side["value"])]
                quoted = {q.text for q in match.quotes}
                statements = {s["sentence"] for s in side["statements"]}
                assert statements <= quoted, (event["event"], statements - quoted)
                assert len(match.outlets) == len(side["outlets"])
