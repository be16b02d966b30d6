"""What only one outlet reports (issue 15): every item is kept, in rank order; a brief shows three per
outlet and puts the rest behind "more", in the record, the JSON (``shown``) and its round trip, and the
Markdown ("+N more"). The web page is checked in test_serve_pages.py and test_serve_browser.py."""

from __future__ import annotations

import json

from newsprism.brief import brief_from_dict, brief_to_dict, brief_to_markdown
from newsprism.records import UNIQUES_SHOWN, Brief, Claim, OutletContribution, SentenceRef

# Each outlet's items as ranked (most wanted first): Harbour Gazette has five of its own, Quay Post two.
RANKED = {
    "Harbour Gazette": [
        "The port authority said 41 containers fell into the basin when the crane gave way.",
        "Harbour master Ilse Rovan said the quay would stay closed until at least Friday.",
        '"We heard a crack like a gunshot and then the whole arm came down," a docker said.',
        "Two ferries to the islands were diverted to the northern terminal on Tuesday night.",
        "The crane had been inspected in March and passed every test, the operator said.",
    ],
    "Quay Post": [
        "Insurers put the damage to the quay and the cargo at about 12 million euros.",
        "Divers will start lifting the containers from the basin on Thursday morning.",
    ],
}


def brief_with_uniques() -> Brief:
    claims, unique = [], []
    for outlet, texts in RANKED.items():
        ids = []
        for text in texts:
            ref = SentenceRef(f"{outlet[:5]}-1", outlet, len(ids), text)
            claims.append(Claim(len(claims), (ref,), (outlet,), 1, (outlet,)))
            ids.append(claims[-1].id)
        unique.append(OutletContribution(outlet, tuple(reversed(ids))))  # a rank order unlike reading order
    return Brief(
        "s1", "Crane collapses at the harbour", (), tuple(claims), (), tuple(RANKED), unique=tuple(unique)
    )


def test_an_outlet_shows_three_uniques_and_keeps_the_rest_behind_more():
    gazette, post = brief_with_uniques().unique
    assert UNIQUES_SHOWN == 3
    assert gazette.claim_ids == (4, 3, 2, 1, 0)  # every item, in rank order
    assert gazette.shown == 3 and gazette.shown_ids == (4, 3, 2) and gazette.more_ids == (1, 0)
    assert post.shown == 2 and post.shown_ids == (6, 5) and post.more_ids == ()  # never more than there are


def test_the_json_lists_every_unique_in_rank_order_and_says_how_many_are_shown():
    brief = brief_with_uniques()
    data = brief_to_dict(brief)
    assert data["schema_version"] == "1.5"
    assert data["unique"] == [
        {"outlet": "Harbour Gazette", "claim_ids": [4, 3, 2, 1, 0], "shown": 3},
        {"outlet": "Quay Post", "claim_ids": [6, 5], "shown": 2},
    ]
    again = brief_from_dict(json.loads(json.dumps(data)))
    assert again == brief and again.unique[0].more_ids == (1, 0)


def test_a_brief_of_schema_1_3_reads_with_three_shown():
    data = brief_to_dict(brief_with_uniques())
    for entry in data["unique"]:
        del entry["shown"]
    data["schema_version"] = "1.3"
    gazette, post = brief_from_dict(data).unique
    assert (gazette.shown, post.shown) == (3, 2)
    assert gazette.claim_ids == (4, 3, 2, 1, 0)


def test_the_markdown_shows_three_per_outlet_and_counts_the_rest():
    markdown = brief_to_markdown(brief_with_uniques())
    section = markdown[markdown.index("## Only one outlet reports") : markdown.index("## Timeline")]
    gazette = section[section.index("**Harbour Gazette**") : section.index("**Quay Post**")]
    texts = RANKED["Harbour Gazette"]
    assert [t in gazette for t in texts] == [False, False, True, True, True]  # the three ranked first
    assert "  - +2 more (in the JSON export)" in gazette
    post = section[section.index("**Quay Post**") :]
    assert all(t in post for t in RANKED["Quay Post"]) and "more" not in post
