"""Each input format end to end (read_inputs, then clean_document) with its metadata mapping."""

from __future__ import annotations

import gzip
import shutil
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsprism.clean import clean_document
from newsprism.ingest import FieldMap, ReadOptions, read_inputs
from newsprism.records import Article, IngestError, RawDocument

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def read(*inputs: str | Path, options: ReadOptions = ReadOptions()) -> list[RawDocument | IngestError]:
    return list(read_inputs([str(item) for item in inputs], options))


def documents(*inputs: str | Path, options: ReadOptions = ReadOptions()) -> list[RawDocument]:
    items = read(*inputs, options=options)
    return [item for item in items if isinstance(item, RawDocument)]


def only_article(*inputs: str | Path, options: ReadOptions = ReadOptions()) -> Article:
    (document,) = documents(*inputs, options=options)
    return clean_document(document)


def assert_traceable(article: Article) -> None:
    assert article.sentences
    for sentence in article.sentences:
        assert sentence in article.text
        assert sentence == sentence.strip()


def test_plain_text_article_loses_its_furniture_and_keeps_every_real_sentence() -> None:
    article = only_article(FIXTURES / "text" / "harbor-gazette.txt")

    assert article.title == "Port Avel council approves tidal barrier after decade of delays"
    assert article.outlet == f"unknown-{article.text_hash[:6]}"  # no metadata, no URL: never the file name
    assert article.published == datetime(2024, 3, 14, tzinfo=UTC)  # from the dropped dateline
    assert article.sentences[0].startswith("The Port Avel town council voted 9 to 2")
    assert article.sentences[-1] == "Construction is due to start in September."
    for furniture in (
        "By Mara",
        "Share this",
        "Advertisement",
        "Read more",
        "Photo:",
        "©",
        "Bakery",
        "Ferry",
    ):
        assert furniture not in article.text
    assert (
        '"We have waited long enough for the sea to make this decision for us," said council leader Ilse Varga.'
        in (article.sentences)
    )
    assert article.text.count("\n\n") == 4  # five paragraphs
    assert_traceable(article)


def test_markdown_heading_is_the_title_and_syntax_is_stripped() -> None:
    (raw,) = documents(FIXTURES / "markdown" / "tidal-barrier.md")
    article = clean_document(raw)

    assert raw.format == "markdown" and raw.has_title
    assert article.title == "Tidal barrier vote splits Port Avel"
    assert article.url == "https://www.sellen-courier.example/news/barrier-vote"
    assert article.outlet == "Sellen Courier"
    assert article.published == datetime(2024, 3, 14, 17, 30, tzinfo=UTC)
    assert article.language == "en"
    assert article.sentences[0] == (
        "The council backed the tidal barrier by nine votes to two, a result that surprised few people in the "
        "harbor district."
    )
    assert '"The sea does not wait for committees," council leader Ilse Varga said.' in article.sentences
    assert "The barrier will cost 41 million crowns." in article.text.split("\n\n")
    assert "Use git blame on the minutes, joked one clerk." in article.sentences
    for syntax in ("**", "*", "](", "![", "> ", "`", "- ", "[ref]", "estuary.jpg", "#"):
        assert syntax not in article.text
    assert_traceable(article)


def test_html_main_text_and_metadata_come_from_the_page() -> None:
    (raw,) = documents(FIXTURES / "html" / "estuary-times.html")
    article = clean_document(raw)

    assert raw.format == "html"
    assert article.title == "Eel fishers vow to fight Port Avel barrier"
    assert article.url == "https://www.estuarytimes.example/2024/03/15/eel-fishers-barrier"
    assert article.outlet == "Estuary Times"  # og:site_name
    assert article.published == datetime(2024, 3, 15, 6, 45, tzinfo=UTC)
    assert article.language == "en"  # <html lang="en-GB">, kept as its base language
    assert article.sentences[0].startswith("The Sellen fishing cooperative said on Thursday")
    assert article.sentences[-1].endswith("the largest public works project in the town's history.")
    for furniture in ("Home", "Sport", "Most read", "Bakery", "Copyright", "Follow us"):
        assert furniture not in article.text
    assert_traceable(article)


def test_json_export_with_nested_source_and_alternative_field_names() -> None:
    first, second = (clean_document(raw) for raw in documents(FIXTURES / "dumps" / "newsapi.json"))

    assert first.origin.endswith("newsapi.json[0]")
    assert first.title == "Fishing cooperative files appeal against barrier"
    assert first.outlet == "Harbor Radio"  # source.name
    assert first.published == datetime(2024, 3, 18, 9, 15, tzinfo=UTC)  # publishedAt ~ published_at
    assert (
        first.text.split("\n\n")[1]
        == "The environment court has six weeks to decide whether to hear the case."
    )
    # No outlet name: the URL's host, lower-cased, without www.
    assert second.outlet == "portavel.example"
    assert second.url == "https://www.portavel.example/council/fish-passage"  # "link"
    assert second.published == datetime(2024, 3, 19, 13, 0, tzinfo=UTC)  # RFC 2822 pubDate
    assert second.sentences == (
        "The council released its study of fish passages on Tuesday.",
        "It recommends two eel ladders on the eastern side of the barrier.",
    )


def test_jsonl_reads_good_lines_and_names_bad_ones_by_line() -> None:
    items = read(FIXTURES / "dumps" / "wire.jsonl")
    by_origin = {item.origin.rsplit("/", 1)[-1]: item for item in items}

    assert set(by_origin) == {"wire.jsonl:1", "wire.jsonl:2", "wire.jsonl:3", "wire.jsonl:5", "wire.jsonl:6"}
    first = by_origin["wire.jsonl:1"]
    assert isinstance(first, RawDocument)
    assert (first.title, first.outlet, first.language) == (
        "Barrier approved in Port Avel",
        "northwire.example",
        "en",
    )
    assert first.published == datetime(2024, 3, 13, 16, 2, tzinfo=UTC)
    corrupt = by_origin["wire.jsonl:2"]
    assert isinstance(corrupt, IngestError)
    assert corrupt.reason.startswith("not valid JSON at line 2: Expecting property name")
    assert "(col " in corrupt.reason
    epoch = by_origin["wire.jsonl:3"]
    assert isinstance(epoch, RawDocument)
    assert epoch.published == datetime(2024, 3, 14, 7, 6, 40, tzinfo=UTC)
    assert epoch.outlet == "northwire.example"  # from https://www.NorthWire.example/...
    no_text = by_origin["wire.jsonl:5"]
    assert isinstance(no_text, IngestError)
    assert no_text.reason.startswith("no text field (looked for text, body, content, article, maintext")
    assert "found headline, summary" in no_text.reason
    undated = by_origin["wire.jsonl:6"]
    assert isinstance(undated, RawDocument) and undated.published is None  # kept despite its bad date


def test_csv_delimiter_is_sniffed_and_rows_are_named_like_a_spreadsheet() -> None:
    items = read(FIXTURES / "dumps" / "desk.csv")
    ferry, empty, bakery = items

    assert isinstance(ferry, RawDocument) and ferry.origin.endswith("desk.csv#row 2")
    assert ferry.format == "csv"
    assert (ferry.title, ferry.outlet) == ("Ferry service cut during works", "Island Post")
    assert ferry.text.endswith("The operator said the cut is temporary.")  # a quoted multi-line cell
    assert isinstance(empty, IngestError)
    assert (empty.origin.rsplit("/", 1)[-1], empty.reason) == (
        "desk.csv#row 3",
        "empty (text field 'Body' is blank)",
    )
    assert isinstance(bakery, RawDocument) and bakery.published == datetime(2024, 3, 21, tzinfo=UTC)
    assert clean_document(bakery).outlet.startswith("unknown-")  # empty Outlet cell, no URL: not "desk"


def test_tsv_reads_with_tabs() -> None:
    (raw,) = documents(FIXTURES / "dumps" / "desk.tsv")
    assert (raw.format, raw.title) == ("tsv", "Market moves to quay")
    assert raw.published == datetime(2024, 3, 22, 7, 0, tzinfo=UTC)


def test_user_overrides_win_over_every_kind_of_metadata() -> None:
    options = ReadOptions(
        outlet="Override Daily",
        url="https://override.example/story",
        published=datetime(2030, 1, 2, 3, 4),
        language="fr",
    )
    inputs = [FIXTURES / "html", FIXTURES / "markdown", FIXTURES / "dumps" / "newsapi.json"]
    raws = documents(*inputs, options=options)

    assert len(raws) == 4
    for raw in raws:
        assert raw.outlet == "Override Daily"
        assert raw.url == "https://override.example/story"
        assert raw.published == datetime(2030, 1, 2, 3, 4, tzinfo=UTC)  # naive override read as UTC
        assert raw.language == "fr"


def test_field_map_entries_can_be_replaced(tmp_path: Path) -> None:
    dump = tmp_path / "custom.jsonl"
    dump.write_text(
        '{"story": "The quay reopened on Sunday.", "name": "Quay reopens", "paper": "Quay Crier", '
        '"when": "2024-04-07", "text": "not this one"}\n',
        encoding="utf-8",
    )
    fields = FieldMap(text=("story",), title=("name",), outlet=("paper",), published=("when",))
    (raw,) = documents(dump, options=ReadOptions(fields=fields))

    assert (raw.text, raw.title, raw.outlet) == ("The quay reopened on Sunday.", "Quay reopens", "Quay Crier")
    assert raw.published == datetime(2024, 4, 7, tzinfo=UTC)


def test_field_names_match_ignoring_case_and_separators(tmp_path: Path) -> None:
    dump = tmp_path / "export.json"
    dump.write_text(
        '[{"Article": "Crews poured the first caisson.", "HEADLINE": "First caisson poured",'
        ' "Published At": "2024-09-02T06:00:00Z", "Site": "Caisson Weekly"}]',
        encoding="utf-8",
    )
    (raw,) = documents(dump)
    assert (raw.title, raw.outlet) == ("First caisson poured", "Caisson Weekly")
    assert raw.published == datetime(2024, 9, 2, 6, 0, tzinfo=UTC)


def test_outlet_falls_back_to_url_domain_then_unknown(tmp_path: Path) -> None:
    (tmp_path / "with-url.jsonl").write_text(
        '{"text": "Tugs towed the caisson into place.", "url": "https://WWW.Tugboat-News.example/caisson"}\n'
        '{"text": "Divers inspected the seal."}\n',
        encoding="utf-8",
    )
    with_url, without_url = (clean_document(raw) for raw in documents(tmp_path / "with-url.jsonl"))
    assert with_url.outlet == "tugboat-news.example"
    assert without_url.outlet.startswith("unknown-")  # not "with-url", the file's name


@pytest.mark.parametrize(
    ("relative", "name"),
    [
        ("text/harbor-gazette.txt", "harbor-gazette.txt.gz"),
        ("markdown/tidal-barrier.md", "tidal-barrier.md.gz"),
        ("html/estuary-times.html", "estuary-times.html.gz"),
        ("dumps/newsapi.json", "newsapi.json.gz"),
        ("dumps/wire.jsonl", "wire.jsonl.gz"),
        ("dumps/desk.csv", "desk.csv.gz"),
        ("dumps/desk.tsv", "desk.tsv.gz"),
    ],
)
def test_gzip_of_each_format_reads_like_the_original(tmp_path: Path, relative: str, name: str) -> None:
    original = FIXTURES / relative
    compressed = tmp_path / name
    compressed.write_bytes(gzip.compress(original.read_bytes()))

    def comparable(items: list[RawDocument | IngestError]) -> list[RawDocument | IngestError]:
        return [replace(item, origin=Path(item.origin).name.replace(".gz", "")) for item in items]

    assert comparable(read(compressed)) == comparable(read(original))


def test_unknown_extensions_are_sniffed(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "html" / "estuary-times.html", tmp_path / "page.download")
    shutil.copy(FIXTURES / "dumps" / "newsapi.json", tmp_path / "export.dat")
    shutil.copy(FIXTURES / "dumps" / "wire.jsonl", tmp_path / "lines.log")
    shutil.copy(FIXTURES / "markdown" / "tidal-barrier.md", tmp_path / "NOTES")
    formats = [item.format for item in read(tmp_path) if isinstance(item, RawDocument)]
    assert formats == ["markdown", "json", "json", "jsonl", "jsonl", "jsonl", "html"]


def test_forced_format_overrides_the_extension(tmp_path: Path) -> None:
    misnamed = tmp_path / "lines.txt"
    misnamed.write_text('{"text": "Lines, not prose."}\n', encoding="utf-8")
    (raw,) = documents(misnamed, options=ReadOptions(format="jsonl"))
    assert (raw.format, raw.text) == ("jsonl", "Lines, not prose.")
    with pytest.raises(ValueError, match="unknown format 'docx'"):
        read(misnamed, options=ReadOptions(format="docx"))
