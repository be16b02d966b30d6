"""The multi-outlet brief on fictional reports written for this test: discrepancies quoted from both sides,
hedged or reworded figures left alone, the fact table, unique contributions, independent support given a
provenance mapping, the timeline and key entities."""

from __future__ import annotations

import json

import pytest

from newsprism.brief import brief_from_dict, brief_to_dict, brief_to_markdown
from newsprism.records import NATURE_LABELS

# Fictional: every place, person, company and outlet is invented.
COURIER = {
    "outlet": "Tarnfield Courier",
    "title": "Dam burst floods lower Orlin, killing nine",
    "published": "2026-05-12T08:00:00Z",
    "text": (
        "A dam burst above the mountain town of Orlin on Monday night, sending a wall of water through the "
        "lower streets. The flood killed 9 people, the regional fire service said. About 90 homes were "
        "flooded, officials said. The provincial government pledged $3.2bn for rebuilding the town. The "
        "dam's operator, Velder Hydro, set aside $40 million for compensation. Its chief executive, Anton "
        "Brask, aged 64, apologised to residents. Rescue teams will resume the search on Wednesday."
    ),
}
LEDGER = {
    "outlet": "Weyport Ledger",
    "title": "Eleven dead as Orlin dam gives way",
    "published": "2026-05-12T11:30:00Z",
    "text": (
        "Floodwater poured through the lower streets of Orlin late on Monday after a dam burst in the hills "
        "above the town. The flood killed 11 people, according to the town's hospital. Around 90 homes were "
        "flooded, the town council said. The provincial government pledged $3.2 billion for rebuilding the "
        "town. Velder Hydro set aside $25 million for compensation, the company said. Its chief executive, "
        "Anton Brask, who is in his sixties, apologised to residents. Volunteers from Kessen brought boats "
        "and blankets to the town hall, which has become a shelter for the night."
    ),
}
# A word-for-word copy of the Courier's report under another outlet's name.
ECHO = {**COURIER, "outlet": "Valley Echo", "published": "2026-05-12T13:00:00Z"}


@pytest.fixture(scope="module")
def flood(tmp_path_factory: pytest.TempPathFactory, models):
    from newsprism import Pipeline

    folder = tmp_path_factory.mktemp("flood")
    (folder / "reports.jsonl").write_text("\n".join(json.dumps(r) for r in (COURIER, LEDGER, ECHO)), "utf-8")
    with Pipeline.open(folder / "store.db", models=models) as pipeline:
        pipeline.ingest([folder / "reports.jsonl"])
        [story] = pipeline.stories()
        entries = pipeline.store.story_entries(story.id)
        yield pipeline, story, entries, pipeline.brief(story.id)


def by_outlet(entries, outlet: str):
    return next(e.article for e in entries if e.article.outlet == outlet)


def test_different_tolls_and_amounts_are_reported_with_both_quotes(flood):
    _, _, _, brief = flood
    values = {tuple(sorted(s.value for s in d.sides)): d for d in brief.discrepancies}
    assert set(values) == {("11 people", "9 people"), ("$25 million", "$40 million")}
    toll = values["11 people", "9 people"]
    sides = {s.value: s for s in toll.sides}
    assert [q.text for q in sides["9 people"].quotes] == [
        "The flood killed 9 people, the regional fire service said."
    ] * 2
    assert set(sides["9 people"].outlets) == {"Tarnfield Courier", "Valley Echo"}
    assert [q.text for q in sides["11 people"].quotes] == [
        "The flood killed 11 people, according to the town's hospital."
    ]
    assert sides["11 people"].outlets == ("Weyport Ledger",)


def test_markdown_labels_each_discrepancy_with_its_nature(flood):
    _, _, _, brief = flood
    markdown = brief_to_markdown(brief)
    for d in brief.discrepancies:
        assert f"- **{d.subject}**: " in markdown
        assert f"({NATURE_LABELS[d.nature]})" in markdown


def test_hedged_and_reworded_figures_are_not_discrepancies(flood):
    _, _, _, brief = flood
    disputed = {q.text for d in brief.discrepancies for s in d.sides for q in s.quotes}
    for text in ("About 90 homes", "Around 90 homes", "$3.2bn", "$3.2 billion", "aged 64", "in his sixties"):
        assert not any(text in quote for quote in disputed), text
    rebuilding = [c for c in brief.claims if any("$3.2" in r.text for r in c.sentences)]
    assert len(rebuilding) == 1 and len(rebuilding[0].outlets) == 3  # one claim, stated by all three


def test_fact_table_marks_states_contradicts_and_silent(flood):
    _, _, _, brief = flood
    claims = {c.id: c for c in brief.claims}
    rows = {claims[r.claim_id].sentences[0].text: r for r in brief.fact_table}
    nine = next(r for text, r in rows.items() if "killed 9 people" in text)
    states = {c.outlet: c.state for c in nine.cells}
    assert states == {"Tarnfield Courier": "states", "Valley Echo": "states", "Weyport Ledger": "contradicts"}
    contradicting = next(c for c in nine.cells if c.state == "contradicts")
    assert "11 people" in contradicting.sentences[0].text
    assert all(
        len(claims[r.claim_id].outlets) >= 2
        or r.claim_id in {i for d in brief.discrepancies for s in d.sides for i in s.claim_ids}
        for r in brief.fact_table
    )
    assert [c.outlet for c in nine.cells] == list(brief.outlets)


def test_unique_contributions_name_what_only_one_outlet_reports(flood):
    _, _, _, brief = flood
    claims = {c.id: c for c in brief.claims}
    unique = {u.outlet: [claims[i].sentences[0].text for i in u.claim_ids] for u in brief.unique}
    assert any("Volunteers from Kessen" in t for t in unique["Weyport Ledger"])
    assert "Tarnfield Courier" not in unique and "Valley Echo" not in unique  # each has a twin


def test_copies_count_once_and_are_listed_under_their_original(flood, models):
    pipeline, story, entries, brief = flood
    courier, echo = by_outlet(entries, "Tarnfield Courier"), by_outlet(entries, "Valley Echo")
    shared = next(c for c in brief.claims if any("$3.2" in r.text for r in c.sentences))
    assert shared.independent_support == 2  # the Echo's verbatim copy of the Courier counts once
    assert set(shared.independent_outlets) == {"Tarnfield Courier", "Weyport Ledger"}
    toll = next(d for d in brief.discrepancies if d.kind == "count")
    nine = next(s for s in toll.sides if s.value == "9 people")
    assert (len(nine.quotes), nine.independent_support) == (2, 1)
    echo_source = next(s for s in brief.sources if s.article_id == echo.id)
    assert (echo_source.repeats, echo_source.relation) == (courier.id, "copy")
    markdown = brief_to_markdown(brief)
    sources = markdown[markdown.index("## Sources") :].splitlines()
    courier_line = next(i for i, line in enumerate(sources) if "**Tarnfield Courier**" in line)
    assert sources[courier_line + 1].startswith("  - copy of the above: **Valley Echo**")

    untraced = pipeline.brief_builder().build(story, entries)  # no provenance at all
    claim = next(c for c in untraced.claims if any("$3.2" in r.text for r in c.sentences))
    assert claim.independent_support == 3
    assert all(s.repeats is None for s in untraced.sources)


def test_timeline_orders_coverage_and_resolves_relative_days(flood):
    _, _, _, brief = flood
    assert [s.outlet for s in brief.timeline.coverage] == [
        "Tarnfield Courier",
        "Weyport Ledger",
        "Valley Echo",
    ]
    assert brief.timeline.undated == ()
    by_words = {(e.as_written, str(e.when)) for e in brief.timeline.events}
    assert ("Monday", "2026-05-11") in by_words  # published Tuesday 12 May: the Monday before
    assert ("Wednesday", "2026-05-13") in by_words  # "will resume ... on Wednesday": the one after
    for event in brief.timeline.events:
        assert all(event.as_written in q.text for q in event.quotes)


def test_key_entities_count_outlets(flood):
    _, _, _, brief = flood
    entities = {e.name: e for e in brief.entities}
    assert "Orlin" in entities and len(entities["Orlin"].outlets) == 3
    assert any("Brask" in name for name in entities)


def test_renderings_carry_every_part_and_round_trip(flood):
    _, _, _, brief = flood
    assert brief_from_dict(json.loads(json.dumps(brief_to_dict(brief)))) == brief
    data = brief_to_dict(brief)
    assert data["schema_version"] == "1.5"
    assert [s["language"] for s in data["sources"]] == ["en", "en", "en"]  # added in 1.2
    assert all(s["language"] == "en" for s in data["timeline"]["coverage"])
    for key in ("fact_table", "discrepancies", "unique", "timeline", "entities", "outlets"):
        assert data[key], key
    markdown = brief_to_markdown(brief)
    for heading in (
        "## Summary",
        "## Discrepancies",
        "## Fact table",
        "## Only one outlet reports",
        "## Timeline",
        "## Key entities",
        "## Sources",
    ):
        assert heading in markdown
    assert "The flood killed 11 people, according to the town's hospital." in markdown
    assert "- **Weyport Ledger** (en): Eleven dead as Orlin dam gives way (2026-05-12 11:30 UTC)" in markdown


# A German report of the same flood, written for this test.
BOTE = {
    "outlet": "Orliner Bote",
    "title": "Dammbruch über Orlin: elf Tote",
    "published": "2026-05-12T15:00:00Z",
    "text": (
        "Oberhalb der Bergstadt Orlin ist am Montagabend ein Damm gebrochen. Das Wasser flutete die unteren "
        "Straßen der Stadt. Nach Angaben des Krankenhauses kamen elf Menschen ums Leben. Rund 90 Häuser "
        "wurden überflutet, teilte der Stadtrat mit. Der Betreiber Velder Hydro stellte 25 Millionen Dollar "
        "für Entschädigungen bereit."
    ),
}


def test_each_source_carries_its_articles_language_in_json_and_markdown(flood):
    from dataclasses import replace
    from datetime import UTC, datetime

    from newsprism.clean import clean_document
    from newsprism.records import RawDocument
    from newsprism.store import ArticleEntry

    pipeline, story, entries, _ = flood
    raw = RawDocument(
        "bote.json",
        BOTE["text"],
        "text",
        title=BOTE["title"],
        outlet=BOTE["outlet"],
        published=datetime.fromisoformat(BOTE["published"]),
    )
    german = clean_document(raw)
    assert german.language == "de"  # detected: the report names no language
    ledger = next(e for e in entries if e.article.outlet == "Weyport Ledger")
    mixed = [ledger, ArticleEntry(german, 99, datetime(2026, 5, 12, 16, tzinfo=UTC), story.id)]
    ids = tuple(e.article.id for e in mixed)
    brief = pipeline.brief_builder().build(
        replace(story, article_ids=ids, outlets=("Weyport Ledger", "Orliner Bote"), independent_ids=ids),
        mixed,
    )
    assert {s.outlet: s.language for s in brief.sources} == {"Weyport Ledger": "en", "Orliner Bote": "de"}
    data = brief_to_dict(brief)
    assert [(s["outlet"], s["language"]) for s in data["sources"]] == [
        ("Weyport Ledger", "en"),
        ("Orliner Bote", "de"),
    ]
    assert brief_from_dict(json.loads(json.dumps(data))) == brief
    assert (
        "- **Orliner Bote** (de): Dammbruch über Orlin: elf Tote (2026-05-12 15:00 UTC)"
        in brief_to_markdown(brief)
    )
    # A brief cached in schema 1.1 has no languages: it still reads, its sources' languages unknown.
    for source in data["sources"]:
        del source["language"]
    assert {s.language for s in brief_from_dict(data).sources} == {None}


def test_a_name_spelt_two_ways_is_a_discrepancy_and_a_variant_is_not(models):
    from newsprism.brief.discrepancies import name_conflict

    texts = [
        "Its chief executive, Anton Brask, apologised to residents on Tuesday.",
        "Its chief executive, Anton Brasck, apologised to residents on Tuesday.",
        "Its chief executive, Brask, apologised to residents on Tuesday.",
    ]
    brask, brasck, short = models.tagger.tag(texts)
    x, y = name_conflict(brask, brasck)
    assert (x.text, y.text, x.label) == ("Anton Brask", "Anton Brasck", "PERSON")
    assert name_conflict(brask, short) is None
