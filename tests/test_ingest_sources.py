"""Folders, globs, compression, encodings and bad items: every problem is named, the batch goes on."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bench.newssite import NewsSite

from newsprism.clean import clean_document
from newsprism.ingest import ReadOptions, read_inputs
from newsprism.live.urls import register_url_readers
from newsprism.records import IngestError, RawDocument

register_url_readers()  # http(s) inputs are read by the live layer's polite fetching, as the CLI sets up

PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
)
CP1252_TEXT = "Café owners in München said the résumé of the season was naïve – but welcome."


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def read(*inputs: str | Path, options: ReadOptions = ReadOptions()) -> list[RawDocument | IngestError]:
    return list(read_inputs([str(item) for item in inputs], options))


def errors_by_name(items: list[RawDocument | IngestError]) -> dict[str, str]:
    return {Path(item.origin).name: item.reason for item in items if isinstance(item, IngestError)}


def names(items: list[RawDocument | IngestError]) -> list[str]:
    return [Path(item.origin).name for item in items if isinstance(item, RawDocument)]


def test_bad_items_among_good_ones_are_each_named_with_a_specific_reason(tmp_path: Path) -> None:
    write(tmp_path / "good.txt", "A good article about the quay.\n\nIt has two paragraphs.")
    write(
        tmp_path / "lines.jsonl",
        '{"text": "First line is fine."}\n{"text": "broken",\n{"text": "Third is fine."}\n',
    )
    write(tmp_path / "photo.png", PNG_BYTES)
    write(tmp_path / "disguised.txt", PNG_BYTES)
    write(
        tmp_path / "latin.txt",
        f"{CP1252_TEXT}\n\nThe owners expect more visitors this year.".encode("cp1252"),
    )
    write(
        tmp_path / "declared.html",
        (
            '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
            "<title>Caf\xe9 reopens</title></head><body><article>"
            f"<p>{CP1252_TEXT} The café on the quay reopened on Monday after a winter of repairs.</p>"
            "<p>Its owner said the new terrace would seat forty guests when the weather allows it.</p>"
            "</article></body></html>"
        ).encode("cp1252"),
    )
    write(tmp_path / "empty.txt", "")
    write(tmp_path / "blank.md", "\n\n   \n")
    write(tmp_path / "object.json", '{"headline": "Where is the text?", "url": "https://example.org/x"}')

    items = read(tmp_path)
    errors = errors_by_name(items)

    assert errors == {
        "lines.jsonl:2": "not valid JSON at line 2: Expecting property name enclosed in double quotes (col 19)",
        "photo.png": "binary file (looks like PNG image)",
        "disguised.txt": "binary file (looks like PNG image)",
        "empty.txt": "empty",
        "blank.md": "empty",
        "object.json": "no text field (looked for text, body, content, article, maintext; found headline, url)",
    }
    assert names(items) == ["declared.html", "good.txt", "latin.txt", "lines.jsonl:1", "lines.jsonl:3"]
    documents = {Path(item.origin).name: item for item in items if isinstance(item, RawDocument)}
    assert documents["latin.txt"].text.startswith(CP1252_TEXT)
    assert CP1252_TEXT in documents["declared.html"].text
    assert documents["declared.html"].title == "Café reopens"


def test_a_path_that_does_not_exist_is_an_error_not_an_exception(tmp_path: Path) -> None:
    write(tmp_path / "real.txt", "Real text.")
    items = read(tmp_path / "missing.txt", tmp_path / "real.txt", tmp_path / "nothing-*.jsonl")
    assert [type(item).__name__ for item in items] == ["IngestError", "RawDocument", "IngestError"]
    assert items[0] == IngestError(str(tmp_path / "missing.txt"), "file not found")
    assert items[2] == IngestError(str(tmp_path / "nothing-*.jsonl"), "no files match this pattern")


def test_folders_are_walked_recursively_in_sorted_order_skipping_hidden_entries(tmp_path: Path) -> None:
    for relative in [
        "b.txt",
        "a/z.txt",
        "a/b/c.md",
        "c.txt",
        ".hidden.txt",
        ".git/config.txt",
        "a/.cache/x.txt",
    ]:
        write(tmp_path / relative, f"Text of {relative}.")
    assert names(read(tmp_path)) == ["c.md", "z.txt", "b.txt", "c.txt"]
    with_hidden = names(read(tmp_path, options=ReadOptions(include_hidden=True)))
    assert with_hidden == ["config.txt", ".hidden.txt", "x.txt", "c.md", "z.txt", "b.txt", "c.txt"]


def test_globs_expand_including_double_star(tmp_path: Path) -> None:
    write(tmp_path / "data" / "one.jsonl", '{"text": "One."}\n')
    write(tmp_path / "data" / "two.jsonl", '{"text": "Two."}\n')
    write(tmp_path / "data" / "skip.txt", "Not a JSONL file.")
    write(tmp_path / "data" / "deep" / "three.jsonl", '{"text": "Three."}\n')

    assert names(read(f"{tmp_path}/data/*.jsonl")) == ["one.jsonl:1", "two.jsonl:1"]
    assert names(read(f"{tmp_path}/**/*.jsonl")) == ["three.jsonl:1", "one.jsonl:1", "two.jsonl:1"]


def test_a_file_named_twice_is_read_once(tmp_path: Path) -> None:
    article = write(tmp_path / "once.txt", "Read me once.")
    assert names(read(article, tmp_path, f"{tmp_path}/*.txt")) == ["once.txt"]


def test_empty_folder_and_urls_are_read_or_reported(tmp_path: Path) -> None:
    (tmp_path / "nothing").mkdir()
    with NewsSite() as site:  # a real server on 127.0.0.1: tests never reach the internet
        [article] = site.publish(1)
        page, missing = site.page_url(article), f"{site.base}/story"
        items = read(tmp_path / "nothing", page, missing, "ftp://files.example/a.txt")
    assert items[0] == IngestError(str(tmp_path / "nothing"), "empty folder (no files to read)")
    assert isinstance(items[1], RawDocument) and items[1].origin == page and items[1].url == page
    assert items[1].source_kind == "web-page" and items[1].outlet == "Harbour Herald"
    assert items[2] == IngestError(missing, "HTTP 404 Not Found")
    assert items[3] == IngestError(
        "ftp://files.example/a.txt", "unsupported URL scheme 'ftp' (expected http or https)"
    )


def test_file_urls_read_the_local_file(tmp_path: Path) -> None:
    article = write(tmp_path / "local.txt", "A local article.")
    (raw,) = read(f"file://{article}")
    assert isinstance(raw, RawDocument) and raw.text == "A local article."


def test_a_saved_feed_without_items_is_reported(tmp_path: Path) -> None:
    feed = write(tmp_path / "news.rss", '<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>')
    assert read(feed) == [IngestError(str(feed), "empty feed (no items)")]


def test_compressed_data_without_gz_extension_and_corrupt_gzip(tmp_path: Path) -> None:
    write(tmp_path / "packed.jsonl", gzip.compress(b'{"text": "Packed but unlabelled."}\n'))
    write(tmp_path / "broken.txt.gz", gzip.compress(b"Some text that will be cut off." * 50)[:40])
    write(tmp_path / "fake.txt.gz", b"this is not gzip data at all")
    items = read(tmp_path)
    assert names(items) == ["packed.jsonl:1"]
    errors = errors_by_name(items)
    assert errors["broken.txt.gz"] == "truncated gzip data (the file ends early)"
    assert errors["fake.txt.gz"].startswith("corrupt gzip data")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_unicode_with_and_without_byte_order_marks(tmp_path: Path, encoding: str) -> None:
    text = "Zürich's ferry «returns» – 12 °C on the lake.\n\nThe line reopened on Monday."
    (raw,) = read(write(tmp_path / "unicode.txt", text.encode(encoding)))
    assert isinstance(raw, RawDocument) and raw.text == text


def test_undecodable_bytes_are_reported(tmp_path: Path) -> None:
    noise = write(tmp_path / "noise.txt", bytes(range(128, 256)) * 3)  # high bytes only: no charset fits
    assert read(noise) == [IngestError(str(noise), "cannot decode as UTF-8 or a detected charset")]


def test_jsonl_lines_keep_their_own_line_numbers_and_skip_blank_lines(tmp_path: Path) -> None:
    dump = write(
        tmp_path / "gaps.jsonl", '\n{"text": "Line two."}\n\n\n{"text": "Line five."}\n[1, 2]\nnull\n'
    )
    items = read(dump)
    assert [Path(item.origin).name for item in items] == [
        "gaps.jsonl:2",
        "gaps.jsonl:5",
        "gaps.jsonl:6",
        "gaps.jsonl:7",
    ]
    assert items[2].reason == "expected an object with a text field, found list"  # type: ignore[union-attr]
    assert items[3].reason == "expected an object with a text field, found null"  # type: ignore[union-attr]


def test_json_shapes_list_wrapper_and_single_object(tmp_path: Path) -> None:
    write(tmp_path / "list.json", '[{"text": "In a list."}, "A bare string is a text too.", 7]')
    write(tmp_path / "wrapped.json", '{"meta": {"count": 1}, "Items": [{"body": "Wrapped in items."}]}')
    write(tmp_path / "single.json", '{"content": "Just one object.", "title": "One"}')
    write(tmp_path / "bad.json", '{"text": "Unclosed"')
    write(tmp_path / "nothing.json", "[]")
    items = read(tmp_path)
    assert names(items) == ["list.json[0]", "list.json[1]", "single.json", "wrapped.json[0]"]
    errors = errors_by_name(items)
    assert errors == {
        "bad.json": "not valid JSON at line 1: Expecting ',' delimiter (col 20)",
        "list.json[2]": "expected an object with a text field, found int",
        "nothing.json": "empty (the JSON array holds no items)",
    }


def test_csv_rows_with_extra_fields_and_header_only_files(tmp_path: Path) -> None:
    write(tmp_path / "extra.csv", "title,text\nOk,Fine text.\nToo,many,fields\n")
    write(tmp_path / "header.csv", "title,text\n")
    items = read(tmp_path)
    assert names(items) == ["extra.csv#row 2"]
    errors = errors_by_name(items)
    assert errors == {
        "extra.csv#row 3": "row has 3 fields but the header names 2",
        "header.csv": "empty (a header row but no data rows)",
    }


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files without read permission")
def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    locked = write(tmp_path / "locked.txt", "Secret.")
    locked.chmod(0)
    assert read(locked) == [IngestError(str(locked), "permission denied")]


def test_every_document_read_from_a_mixed_folder_cleans(tmp_path: Path) -> None:
    fixtures = Path(__file__).parent / "fixtures" / "ingest"
    articles = [clean_document(item) for item in read(fixtures) if isinstance(item, RawDocument)]
    assert len(articles) == 11
    assert len({article.id for article in articles}) == len(articles)
    for article in articles:
        assert all(sentence in article.text for sentence in article.sentences)


def test_deeply_nested_json_and_pages_without_text_are_reported(tmp_path: Path) -> None:
    write(tmp_path / "deep.json", "[" * 100_000 + "]" * 100_000)
    write(tmp_path / "deep.jsonl", '{"text": "Fine."}\n' + "[" * 100_000 + "]" * 100_000 + "\n")
    write(
        tmp_path / "menu.html",
        "<html><body><nav><ul><li><a href='/'>Home</a></li><li><a href='/n'>News</a></li></ul></nav>"
        "<footer>Copyright 2024</footer></body></html>",
    )
    items = read(tmp_path)
    assert names(items) == ["deep.jsonl:1"]
    assert errors_by_name(items) == {
        "deep.json": "JSON nested too deeply to read",
        "deep.jsonl:2": "JSON nested too deeply to read",
        "menu.html": "no main text found in the HTML page",
    }


def test_standard_input_is_read_with_its_format_sniffed() -> None:
    script = (
        "from newsprism.ingest import read_inputs\n"
        "for item in read_inputs(['-']): print(item.origin, item.format, item.title, sep='|')\n"
    )
    lines = '{"title": "From a pipe", "text": "Piped text."}\n{"title": "Second", "text": "More."}\n'
    done = subprocess.run(
        [sys.executable, "-c", script], input=lines, capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.splitlines() == ["<stdin>:1|jsonl|From a pipe", "<stdin>:2|jsonl|Second"]
