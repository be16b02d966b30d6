"""Cleaning on the shipped fictional corpus, checked line by line against its answer key (no models)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from newsprism.clean import clean_document
from newsprism.clean.boilerplate import ends_like_sentence
from newsprism.ingest import read_inputs
from newsprism.records import Article, RawDocument

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "fictional-news"
KEY = CORPUS / "answer-key.json"


@pytest.fixture(scope="module")
def key() -> dict:
    if not KEY.is_file():
        pytest.skip(f"no answer key at {KEY}")
    return json.loads(KEY.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def articles() -> dict[str, Article]:
    cleaned = {}
    for item in read_inputs([CORPUS / "articles"]):
        assert isinstance(item, RawDocument), item
        cleaned[item.origin] = clean_document(item)
    return cleaned


def origin_of(locator: dict) -> str:
    path = str(CORPUS / "articles" / locator["file"])
    if "line" in locator:
        return f"{path}:{locator['line']}"
    if "row" in locator:
        return f"{path}#row {locator['row'] + 1}"  # the key excludes the header; the reader counts it
    return path


def test_no_piece_of_any_junk_tail_survives(key: dict, articles: dict[str, Article]) -> None:
    tails = key.get("junk_tails") or pytest.skip("the answer key lists no junk tails")
    for tail in tails:
        article = articles[origin_of(tail["locator"])]
        for piece in re.split(r"\n| \| |: ", tail["junk"]):
            headline_words = " ".join(piece.split()[:3])
            assert headline_words not in article.text, (tail["id"], piece)
        assert ends_like_sentence(article.sentences[-1]), tail["id"]


def test_boilerplate_lines_are_gone(key: dict, articles: dict[str, Article]) -> None:
    entries = [*key.get("boilerplate_lines", []), *key.get("html_inline_boilerplate", [])]
    if not entries:
        pytest.skip("the answer key lists no boilerplate lines")
    for entry in entries:
        article = articles[origin_of(entry["locator"])]
        for line in entry["lines"]:
            assert line not in article.text.split("\n\n"), (entry["id"], line)


def test_every_article_is_traceable(articles: dict[str, Article]) -> None:
    assert len(articles) >= 30
    for article in articles.values():
        assert article.sentences and all(sentence in article.text for sentence in article.sentences)
