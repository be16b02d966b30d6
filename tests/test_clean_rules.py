"""Cleaning rules on text we wrote: normalisation, titles, boilerplate, trailing junk, ids, traceability."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.clean import (
    EmptyDocumentError,
    article_id,
    boilerplate_kind,
    clean_document,
    normalize_text,
    split_sentences,
    text_fingerprint,
)
from newsprism.records import Article, RawDocument

LEAD = "The Port Avel council approved the tidal barrier on Wednesday by nine votes to two."
SECOND = "Construction of the barrier is due to start in September, the engineering office said."


def clean(text: str, **fields: object) -> Article:
    return clean_document(RawDocument(origin="desk/story.txt", text=text, format="text", **fields))  # type: ignore[arg-type]


def assert_traceable(article: Article) -> None:
    for sentence in article.sentences:
        assert sentence in article.text


# --- normalisation -------------------------------------------------------------------------------------


def test_normalize_text_straightens_quotes_and_drops_invisible_characters() -> None:
    messy = "“Ready,” she said\u00a0\u2014 it\u2019s done.\u200b Co\u00adoperation\u2011based   work.\r\n\r\n\r\n\r\nNext\t\tline"
    assert normalize_text(messy) == '"Ready," she said — it\'s done. Cooperation-based work.\n\nNext line'


def test_normalize_text_composes_unicode_and_keeps_single_newlines() -> None:
    assert normalize_text("Cafe\u0301 \n  owners\n\nsaid") == "Café\nowners\n\nsaid"


# --- sentences -----------------------------------------------------------------------------------------


def test_sentences_are_exact_substrings_and_never_span_lines() -> None:
    text = "Dr. Varga met U.S. Secretary of State officials on Monday. They agreed.\nA new line starts here"
    sentences = split_sentences(text)
    assert sentences == [
        "Dr. Varga met U.S. Secretary of State officials on Monday.",
        "They agreed.",
        "A new line starts here",
    ]
    assert all(sentence in text for sentence in sentences)


def test_initialism_at_a_real_sentence_end_still_splits() -> None:
    assert split_sentences("The delegation flew to the U.K. It returned on Friday.") == [
        "The delegation flew to the U.K.",
        "It returned on Friday.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a German ordinal an article introduces, and a closing bracket after the minutes
            "In der 189. Auflage trafen Kral mit einem Doppelschlag (54./56.), Benda (77.) und Dvorak (84.). "
            "Die Fans jubelten.",
            [
                "In der 189. Auflage trafen Kral mit einem Doppelschlag (54./56.), Benda (77.) und Dvorak (84.).",
                "Die Fans jubelten.",
            ],
        ),
        (
            "Er wurde am Montag 25. Der Verein gratulierte.",
            ["Er wurde am Montag 25.", "Der Verein gratulierte."],
        ),
        (
            "Kral traf in seinem 100. Spiel. Die Fans jubelten.",
            ["Kral traf in seinem 100. Spiel.", "Die Fans jubelten."],
        ),
        (
            "The toll rose to 25. Rescue teams kept digging.",
            ["The toll rose to 25.", "Rescue teams kept digging."],
        ),
        (  # two sentences glued where a space was lost
            "Il consiglio ha votato la barriera.Tuttavia, il porto resta chiuso.",
            ["Il consiglio ha votato la barriera.", "Tuttavia, il porto resta chiuso."],
        ),
    ],
)
def test_ordinals_and_brackets_do_not_end_a_sentence_and_glued_ones_are_cut(
    text: str, expected: list[str]
) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    ("lead", "sentence"),
    [
        ("PORT AVEL, Fla. (AP) – The council backed the tidal barrier on Monday.", "The council backed"),
        ("PORT AVEL, Vellmark — (AP) — The council backed the tidal barrier.", "The council backed"),
        ("(Harbour Wire, Mar03'31) –The council backed the tidal barrier on Monday.", "The council backed"),
        ("(HW) - PORTO AVELLO - Il consiglio ha approvato la barriera lunedì.", "Il consiglio ha"),
        (
            "Avelburg, (Harbour Wire - 3rd Mar, 2031) The council backed the tidal barrier.",
            "The council backed",
        ),
        ("(Harbour Wire)The council backed the tidal barrier on Monday.", "The council backed"),
        ("The council - the town's last word on it - backed the barrier.", "The council - the"),
        ("NATO said on Monday it would act on the barrier.", "NATO said on"),
        ("PORT AVEL — Backed.", "PORT AVEL — Backed."),  # too little after it: no dateline
    ],
)
def test_a_dateline_opening_the_lead_is_in_the_text_but_in_no_sentence(lead: str, sentence: str) -> None:
    article = clean(f"{lead} It passed by nine votes.", title="Barrier backed")
    assert article.text.startswith(lead)
    assert article.sentences[0].startswith(sentence)
    assert_traceable(article)


def test_a_dateline_opening_a_lead_after_a_caption_is_found_too() -> None:
    caption = "The barrier's first gate, seen from the harbour wall. Photo by Ana Holm/Harbour Wire"
    lead = "Mar. 3 (HW) -- The council backed the tidal barrier on Monday by nine votes to two."
    article = clean(f"{caption}\n\n{lead}\n\nWork starts in May.", title="Barrier backed")
    assert "The council backed the tidal barrier on Monday by nine votes to two." in article.sentences
    assert not any("(HW)" in sentence for sentence in article.sentences)
    assert_traceable(article)


def test_a_title_taken_from_the_lead_leaves_its_dateline_out() -> None:
    article = clean(
        "PORT AVEL (AP) – The council backed the tidal barrier on Monday. It passed by nine votes."
    )
    assert article.title == "The council backed the tidal barrier on Monday."


# Words, punctuation and whitespace that stress the rules when thrown together at random.
PIECES = ("Port", "Avel", "U.S.", "Dr.", "said", "the", "barrier", "41", "“quoted”", "it’s", "—", "-", "•", ".",
          "!", "?", ",", ":", "\n", "\n\n", "  ", "\u00a0", "\u200b", "Share", "By", "http://x.example/a", "May",
          "3,", "2013", "#", "*", "(c)")  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=60))
def test_every_sentence_of_any_document_is_a_substring_of_its_text(tokens: list[str]) -> None:
    try:
        article = clean(" ".join(tokens))
    except EmptyDocumentError:
        return
    assert article.text and article.title
    assert article.sentences
    assert_traceable(article)
    assert "\n\n\n" not in article.text


# --- titles --------------------------------------------------------------------------------------------


def test_standalone_headline_followed_by_blank_line_leaves_the_body() -> None:
    article = clean(f"Council backs tidal barrier.\n\n{LEAD}\n\n{SECOND}")
    assert article.title == "Council backs tidal barrier."
    assert article.text == f"{LEAD}\n\n{SECOND}"


def test_short_unpunctuated_first_line_is_a_headline_even_without_blank_line() -> None:
    article = clean(f"Council backs tidal barrier\n{LEAD}\n{SECOND}")
    assert article.title == "Council backs tidal barrier"
    assert article.sentences == (LEAD, SECOND)


def test_lead_paragraph_stays_in_the_body_and_gives_the_title() -> None:
    article = clean(f"{LEAD} {SECOND}\n{SECOND}")
    assert article.title == LEAD
    assert article.text.startswith(LEAD)


def test_long_lead_sentence_title_is_cut_at_a_word_boundary() -> None:
    lead = (
        "The Port Avel town council, meeting in an extraordinary session that ran past midnight on Wednesday, "
        "approved a tidal barrier across the Sellen estuary by nine votes to two after a decade of delays."
    )
    article = clean(f"{lead}\n{SECOND}")
    assert article.title.endswith("…")
    assert len(article.title[:-1].split()) == 25
    assert lead.startswith(article.title[:-1])
    assert article.text.startswith(lead)


def test_markdown_style_heading_in_plain_text() -> None:
    article = clean(f"# Barrier approved\n{LEAD}")
    assert (article.title, article.text) == ("Barrier approved", LEAD)


def test_a_one_line_document_keeps_its_line_as_body_and_title() -> None:
    article = clean("Barrier approved in Port Avel")
    assert article.title == article.text == "Barrier approved in Port Avel"


def test_a_given_title_is_kept_and_its_repetition_in_the_body_dropped() -> None:
    article = clean(f"Barrier Approved!\n\n{LEAD}", title="Barrier approved", has_title=True)
    assert article.title == "Barrier approved"
    assert article.text == LEAD


# --- paragraphs ----------------------------------------------------------------------------------------


def test_hard_wrapped_paragraphs_are_joined_but_sentence_lines_are_not() -> None:
    wrapped = (
        "The Port Avel council approved the tidal barrier on Wednesday by nine\n"
        "votes to two, ending a debate that had run for a decade and divided\n"
        "the harbor district.\n\n"
        "Work starts in September."
    )
    article = clean(f"Barrier approved\n\n{wrapped}")
    assert article.text.split("\n\n") == [
        "The Port Avel council approved the tidal barrier on Wednesday by nine votes to two, ending a debate "
        "that had run for a decade and divided the harbor district.",
        "Work starts in September.",
    ]
    per_line = clean(f"Barrier approved\n{LEAD}\n{SECOND}\nWork starts in September.")
    assert per_line.text.count("\n\n") == 2


# --- boilerplate lines ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("http: / / www. harborgazette. example / 2024 / 03 / 14 / barrier - vote", "url"),
        ("https://www.harborgazette.example/2024/03/14/barrier-vote?ref=home", "url"),
        ("Reading Time: < 1 minute", "reading time"),
        ("4 min read", "reading time"),
        ("May 03, 2013", "dateline"),
        ("UPDATED 05 / 03 / 2013 at 11: 00 AM EDT", "dateline"),
        ("Published: 14:02 GMT, 12 March 2024 | Updated: 16:40 GMT, 12 March 2024", "dateline"),
        ("12: 52 p. m.", "dateline"),
        ("·14 mars 2024", "dateline"),
        ("Harborgazette.example", "site name"),
        ("Read more: How the 2014 floods changed Port Avel", "label"),
        ("Photo: Harbor Gazette / Tomas Berg", "label"),
        ("Tags: Port Avel, barrier, floods", "label"),
        ("Sign up for our morning newsletter", "call to action"),
        ("Follow Harbor Gazette on Instagram", "call to action"),
        ("© 2024 Harbor Gazette. All rights reserved.", "copyright"),
        ("Copyright 2024 Estuary Times", "copyright"),
        ("Workers inspect the barrier site. (Photo by Tomas Berg/Harbor Gazette)", "credit"),
        ("Divers at the estuary mouth / Getty Images", "credit"),
        ("Share this article", "interface"),
        ("Advertisement", "interface"),
        ("Share on Facebook Share on Twitter Email", "interface"),
        ("Comments", "interface"),
        ("More stories", "interface"),
        ("Show more", "interface"),
    ],
)
def test_boilerplate_lines_are_recognised_by_shape(line: str, kind: str) -> None:
    assert boilerplate_kind(line) == kind


@pytest.mark.parametrize(
    "line",
    [
        "By the time the council voted, most residents had gone home.",
        "Share prices of the construction firm rose 3% on Monday.",
        "Advertisement revenue at the Harbor Gazette fell by a third last year.",
        "Photo opportunities were rare, a council spokesman said.",
        "Follow the money, the auditor told the council.",
        "Updated flood maps were published on May 3, 2013, by the water board.",
        "The 2014 floods reached 2.4 metres in the harbor district.",
        "Lawyer: Harbor board broke procurement rules",
        "2024",
        "02-751-1500",
        LEAD,
    ],
)
def test_article_lines_are_not_boilerplate(line: str) -> None:
    assert boilerplate_kind(line) is None


def test_byline_is_boilerplate_only_at_the_top() -> None:
    assert boilerplate_kind("By Mara Lindqvist and Jonas Ek", at_top=True) == "byline"
    assert boilerplate_kind("By Mara Lindqvist and Jonas Ek", at_top=False) is None


def test_crawled_url_and_dateline_at_the_top_become_url_outlet_and_published() -> None:
    article = clean(
        "http: / / www. harborgazette. example / 2024 / 03 / 14 / barrier - vote\n"
        "Barrier approved after decade of delays\n"
        "March 14, 2024 | 4: 02 PM EDT\n"
        f"{LEAD}\n{SECOND}"
    )
    assert article.url == "http://www.harborgazette.example/2024/03/14/barrier-vote"
    assert article.outlet == "harborgazette.example"
    assert article.published == datetime(2024, 3, 14, 20, 2, tzinfo=UTC)
    assert article.title == "Barrier approved after decade of delays"
    assert article.sentences == (LEAD, SECOND)


def test_scraper_debris_at_the_top_is_dropped_and_a_dateline_in_any_language_dates_the_article() -> None:
    article = clean(f"403\nHarborgazette.example\n·14 mars 2024\nBarrier approved\n{LEAD}\n{SECOND}")
    assert article.title == "Barrier approved"
    assert article.published == datetime(2024, 3, 14, tzinfo=UTC)
    assert article.sentences == (LEAD, SECOND)


def test_metadata_wins_over_what_the_dropped_lines_say() -> None:
    published = datetime(2024, 3, 15, 9, 0, tzinfo=UTC)
    article = clean(
        f"March 14, 2024\n{LEAD}",
        published=published,
        url="https://gazette.example/a",
        outlet="Gazette",
    )
    assert (article.published, article.url, article.outlet) == (
        published,
        "https://gazette.example/a",
        "Gazette",
    )


def test_an_updated_dateline_is_used_only_without_a_published_one() -> None:
    article = clean(f"Barrier approved\nUpdated: March 15, 2024\nPublished: March 14, 2024\n{LEAD}")
    assert article.published == datetime(2024, 3, 14, tzinfo=UTC)


def test_a_document_of_boilerplate_only_is_an_empty_document_error() -> None:
    with pytest.raises(EmptyDocumentError, match=r"^desk/story\.txt: only boilerplate") as error:
        clean("Share this article\n\nAdvertisement\n\n© 2024 Harbor Gazette")
    assert isinstance(error.value, ValueError)
    assert error.value.origin == "desk/story.txt"
    with pytest.raises(EmptyDocumentError, match="empty text"):
        clean(" \n\u200b\n ")


# --- trailing junk -------------------------------------------------------------------------------------


def test_headlines_glued_to_the_last_sentence_are_removed() -> None:
    article = clean(
        f"{LEAD} {SECOND} Ferry Timetable Changes For Summer Season Announced Harbor Bakery Wins National "
        "Bread Award Again"
    )
    assert article.sentences == (LEAD, SECOND)


def test_several_junk_paragraphs_are_removed_repeatedly() -> None:
    article = clean(
        f"Barrier approved\n\n{LEAD}\n\n{SECOND}\n\nFerry Timetable Changes For Summer\n\n"
        "Harbor Bakery Wins National Bread Award\n\nWhy Eel Prices Are Rising Again In Europe"
    )
    assert article.text == f"{LEAD}\n\n{SECOND}"


def test_on_topic_title_case_tail_is_removed_too() -> None:
    article = clean(
        f"{LEAD}\n{SECOND}\nPort Avel Barrier Vote: What The Council Decision Means For The Harbor District"
    )
    assert article.sentences == (LEAD, SECOND)


@pytest.mark.parametrize(
    "last",
    [
        "Present were Ilse Varga, Oskar Brann, Tomas Berg, Mara Lindqvist and Jonas Ek of the Port Avel "
        "Harbor Board.",
        "Varga's answer was short: \"Ask the Sellen Estuary Trust, the Harbor Board and the Northern "
        'Fisheries Agency"',
        "Brann Thanked Varga, Berg And The Harbor Board!",
        "He declined to comment.",
        "Why?",
    ],
)
def test_a_real_last_sentence_is_never_cut(last: str) -> None:
    article = clean(f"Barrier approved\n\n{LEAD}\n\n{SECOND}\n\n{last}")
    assert article.sentences[-1] == last


def test_a_name_heavy_last_sentence_on_the_same_line_is_kept() -> None:
    last = "Ilse Varga, Oskar Brann and Tomas Berg Will Meet The Northern Fisheries Agency In April."
    article = clean(f"{LEAD} {SECOND} {last}")
    assert article.sentences[-1] == last


def test_a_list_of_short_bullet_sentences_is_kept_whole() -> None:
    bullets = "- The barrier costs 41 million crowns.\n- Work starts in September.\n- Eel ladders are planned\n- Length 300 metres"
    article = clean(f"Barrier approved\n\n{LEAD}\n\n{bullets}")
    assert article.text.endswith(bullets.replace("\n", "\n\n"))


def test_a_trailing_list_of_dates_and_places_is_kept() -> None:
    tour = "Sept. 12 - Harbor Hall, Port Avel\nSept. 18 - The Quay Theatre, Sellen\nOct. 2 - Eel Market Stage, Avel Island"
    article = clean(f"Harbor band announces autumn tour\n\n{LEAD}\n\nTour dates:\n{tour}")
    assert article.text.endswith(tour.replace("\n", "\n\n"))


def test_prose_cut_off_mid_sentence_is_not_taken_for_junk() -> None:
    for cut in (
        "Speaking to the Harbor Gazette,",
        "Asked whether the Harbor Board would",
        "certifying Ilse Varga",
    ):
        article = clean(f"{LEAD}\n{SECOND} {cut}")
        assert article.text.endswith(cut)


# --- ids -----------------------------------------------------------------------------------------------


def test_ids_are_stable_and_fingerprints_ignore_formatting() -> None:
    first = clean(f"Barrier approved\n\n{LEAD}\n\n{SECOND}")
    again = clean(f"Barrier approved\n\n{LEAD}\n\n{SECOND}")
    reformatted = clean(f"BARRIER APPROVED\n\n{LEAD.upper()}\n{SECOND.replace(',', ' ,')}  ")

    assert first.id == again.id == article_id(first.outlet, first.title, first.text)
    assert len(first.id) == 16 and int(first.id, 16) >= 0
    assert first.text_hash == text_fingerprint(first.text) == reformatted.text_hash
    assert first.id != reformatted.id
    assert text_fingerprint("Barrier approved.") != text_fingerprint("Barrier rejected.")
    assert article_id("Gazette", "Title", "Text") != article_id("Courier", "Title", "Text")
