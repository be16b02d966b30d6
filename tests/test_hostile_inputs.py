"""Nasty real-world inputs, built here in temporary folders: each has a clear outcome and bounded memory.

Big cases run in a child process that reads the input with ``read_inputs`` and reports its own peak RSS
(``resource.getrusage``), so the bound asserted is the reader's, not the test session's. The bounds are
the ones docs/reliability.md states. Also here: one regression test per crash or hang fuzzing found.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from newsprism.clean import EmptyDocumentError, clean_document
from newsprism.ingest import ReadOptions, read_inputs
from newsprism.ingest.dates import parse_datetime
from newsprism.ingest.detect import decode_body
from newsprism.live.fetch import page_document
from newsprism.live.http import Response
from newsprism.records import IngestError, RawDocument

MIB = 1 << 20
_CHILD = """
import json, resource, sys, time
from newsprism.ingest import ReadOptions, read_inputs
from newsprism.records import IngestError
options = ReadOptions(**json.loads(sys.argv[2]))
start = time.perf_counter()
documents, errors = 0, []
for item in read_inputs([sys.argv[1]], options):
    if isinstance(item, IngestError):
        errors.append([item.origin, item.reason])
    else:
        documents += 1
print(json.dumps({"documents": documents, "errors": errors[:5], "n_errors": len(errors),
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "seconds": time.perf_counter() - start}))
"""


def measure(path: Path, **options: object) -> dict:
    """Read ``path`` in a fresh interpreter: documents, errors, peak RSS in MiB, seconds."""
    child = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), json.dumps(options)],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return json.loads(child.stdout)


@pytest.fixture(scope="module")
def baseline_mib(tmp_path_factory: pytest.TempPathFactory) -> float:
    """Peak RSS of a child that reads one small article: what the interpreter and libraries cost."""
    small = tmp_path_factory.mktemp("baseline") / "small.txt"
    small.write_text("A headline\n\nThe council met on Tuesday and agreed the budget.\n")
    return measure(small)["peak_mib"]


def read(path: Path, options: ReadOptions = ReadOptions()) -> list[RawDocument | IngestError]:
    return list(read_inputs([path], options))


def reasons(items: list[RawDocument | IngestError]) -> list[str]:
    return [item.reason for item in items if isinstance(item, IngestError)]


def documents(items: list[RawDocument | IngestError]) -> list[RawDocument]:
    return [item for item in items if isinstance(item, RawDocument)]


PROSE = "The harbour council met on Tuesday and agreed to pay for the repairs to the old sea wall."

# -- encodings -------------------------------------------------------------------------------------------


def test_wrong_declared_charset_falls_back_to_the_bytes(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    body = f"<p>{PROSE} Café owners on the quay welcomed the decision after months of delay.</p>" * 3
    page.write_bytes(
        f"<html><head><meta charset='utf-8'></head><body><article>{body}</article></body></html>".encode(
            "cp1252"
        )
    )
    [doc] = read(page)
    assert "Café owners" in doc.text


def test_missing_charset_is_detected(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_bytes(
        f"Naïve café façade\n\n{PROSE} Résidents said the façade was déjà restored.".encode("cp1252")
    )
    [doc] = read(story)
    assert "déjà" in doc.text and "façade" in doc.text


def test_mixed_encodings_in_jsonl_decode_line_by_line(tmp_path: Path) -> None:
    utf8 = [json.dumps({"text": f"{PROSE} Zürich {i}"}, ensure_ascii=False).encode() for i in range(3)]
    cp1252 = '{"text": "Caf\u00e9 owners on the quay welcomed it."}'.encode("cp1252")
    near = tmp_path / "near.jsonl"  # the odd line within the sniffed head: UTF-8 first, then cp1252
    near.write_bytes(b"\n".join([utf8[0], cp1252, *utf8[1:]]))
    texts = [doc.text for doc in documents(read(near))]
    assert (
        texts[1] == "Café owners on the quay welcomed it."
        and texts[0].endswith("Zürich 0")
        and len(texts) == 4
    )
    far = tmp_path / "far.jsonl"  # the odd line after 64 KB of UTF-8: only that line is refused
    far.write_bytes(b"\n".join([*utf8 * 300, cp1252, utf8[0]]))
    items = read(far)
    assert len(documents(items)) == 901
    assert [(e.origin, e.reason) for e in items if isinstance(e, IngestError)] == [
        (f"{far}:901", "line 901 is not valid utf-8: invalid continuation byte")
    ]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be"])
@pytest.mark.parametrize("name", ["a.csv", "a.jsonl", "a.json", "a.txt"])
def test_byte_order_marks(tmp_path: Path, name: str, encoding: str) -> None:
    content = {
        "a.csv": f"title,text\nHarbour,{PROSE}\n",
        "a.jsonl": json.dumps({"title": "Harbour", "text": PROSE}) + "\n",
        "a.json": json.dumps([{"title": "Harbour", "text": PROSE}]),
        "a.txt": f"Harbour\n\n{PROSE}\n",
    }[name]
    path = tmp_path / name
    text = content if encoding != "utf-16-be" else "\ufeff" + content
    path.write_bytes(text.encode(encoding))
    [doc] = read(path)
    assert clean_document(doc).title == "Harbour"
    assert PROSE in doc.text


def test_nul_bytes(tmp_path: Path) -> None:
    early = tmp_path / "early.txt"
    early.write_bytes(b"Headline\x00\n\n" + PROSE.encode())
    assert reasons(read(early)) == ["binary file (contains NUL bytes)"]
    late = tmp_path / "late.txt"  # beyond the sniffed head: read, and cleaning drops the control character
    late.write_bytes(b"Headline\n\n" + (PROSE + "\n").encode() * 1000 + b"tail\x00end.")
    [doc] = read(late)
    assert "tailend." in clean_document(doc).text


# -- size limits and bounded memory ----------------------------------------------------------------------


def _write_repeated(path: Path, unit: bytes, size: int) -> None:
    with path.open("wb") as out:
        for _ in range(size // len(unit)):
            out.write(unit)


@pytest.mark.slow
def test_200_mb_jsonl_is_streamed_in_bounded_memory(tmp_path: Path, baseline_mib: float) -> None:
    dump = tmp_path / "dump.jsonl"
    record = (json.dumps({"title": "Harbour", "text": PROSE * 10}) + "\n").encode()  # about 930 bytes
    _write_repeated(dump, record * 1000, 200 * MIB)
    outcome = measure(dump)
    assert outcome["n_errors"] == 0
    assert outcome["documents"] == 200 * MIB // (len(record) * 1000) * 1000
    assert outcome["peak_mib"] - baseline_mib < 40, outcome


@pytest.mark.slow
def test_200_mb_single_line_and_200_mb_text_are_refused_in_bounded_memory(
    tmp_path: Path, baseline_mib: float
) -> None:
    line = tmp_path / "one-line.jsonl"
    with line.open("wb") as out:
        out.write(b'{"text": "')
        for _ in range(200):
            out.write(b"x" * MIB)
        out.write(b'"}\n' + json.dumps({"text": PROSE}).encode() + b"\n")
    outcome = measure(line)
    assert outcome["errors"] == [
        [f"{line}:1", "line 1 is too large: over 16 MiB (ReadOptions.max_record_bytes)"]
    ]
    assert outcome["documents"] == 1  # the record after it is read
    assert outcome["peak_mib"] - baseline_mib < 60, outcome

    text = tmp_path / "huge.txt"
    text.write_bytes(b"")
    _write_repeated(text, (PROSE + "\n").encode() * 1000, 200 * MIB)
    outcome = measure(text)
    assert outcome["documents"] == 0
    [[origin, reason]] = outcome["errors"]
    assert origin == str(text)
    assert reason.startswith("too large: 200 MiB, over the 64 MiB limit for a file read whole")
    assert outcome["peak_mib"] - baseline_mib < 10, outcome


def test_file_limit_is_an_option(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(f"Harbour\n\n{PROSE}\n" * 100)
    assert reasons(read(story, ReadOptions(max_file_bytes=1000))) == [
        f"too large: {story.stat().st_size} bytes, over the 1000 bytes limit for a file read whole (ReadOptions.max_file_bytes);"
        " JSON Lines files are streamed and have no such limit"
    ]
    assert len(documents(read(story))) == 1


def _gzip_bomb(path: Path, unit: bytes, size: int, first: bytes = b"") -> None:
    """``first`` then ``size`` bytes of ``unit`` repeated: one 16 MiB gzip member written over and over
    (gzip members concatenate), so a bomb of gigabytes takes a moment to build and a few MiB of disk."""
    member = gzip.compress(unit * (16 * MIB // len(unit)), compresslevel=9)
    with path.open("wb") as out:
        out.write(gzip.compress(first))
        for _ in range(size // (16 * MIB)):
            out.write(member)


@pytest.mark.slow
def test_gzip_bombs_stop_at_the_limit(tmp_path: Path, baseline_mib: float) -> None:
    whole = tmp_path / "bomb.txt.gz"
    _gzip_bomb(whole, PROSE.encode() + b" ", 4096 * MIB)
    assert whole.stat().st_size < 16 * MIB
    outcome = measure(whole)
    assert outcome["errors"] == [
        [
            str(whole),
            "too large: decompresses to more than 64 MiB, the limit for a file read whole (ReadOptions.max_file_bytes)",
        ]
    ]
    assert outcome["peak_mib"] - baseline_mib < 150, outcome

    streamed = tmp_path / "bomb.jsonl.gz"  # one record, then 1 KiB blank lines: nothing but inflation
    _gzip_bomb(streamed, b" " * 1023 + b"\n", 4096 * MIB, first=json.dumps({"text": PROSE}).encode() + b"\n")
    outcome = measure(streamed, max_decompressed_bytes=256 * MIB)
    assert outcome["documents"] == 1
    assert outcome["errors"] == [
        [
            str(streamed),
            "decompresses to more than 256 MiB (ReadOptions.max_decompressed_bytes): a gzip bomb, or a dump to split",
        ]
    ]
    assert outcome["peak_mib"] - baseline_mib < 20, outcome


# -- structure abuse -------------------------------------------------------------------------------------


def test_deeply_nested_html(tmp_path: Path, baseline_mib: float) -> None:
    page = tmp_path / "deep.html"
    depth = 100_000
    page.write_text(f"<html><body>{'<div>' * depth}<p>{PROSE}</p>{'</div>' * depth}</body></html>")
    outcome = measure(page)
    assert outcome["documents"] + outcome["n_errors"] == 1
    assert outcome["documents"] == 1 or outcome["errors"][0][1] == "no main text found in the HTML page"
    assert outcome["seconds"] < 30 and outcome["peak_mib"] - baseline_mib < 150, outcome


def test_deeply_nested_json_and_xml(tmp_path: Path) -> None:
    deep_json = tmp_path / "deep.json"
    deep_json.write_text("[" * 100_000 + "]" * 100_000)
    assert reasons(read(deep_json)) == ["JSON nested too deeply to read"]
    deep_feed = tmp_path / "deep.rss"
    deep_feed.write_text("<rss><channel>" + "<x>" * 100_000 + "</x>" * 100_000 + "</channel></rss>")
    too_deep, empty = reasons(read(deep_feed))
    assert too_deep.startswith("malformed XML at line 1: Excessive depth in document: 256")
    assert empty == "empty feed (no items)"


def _rss(items: str, doctype: str = "") -> str:
    return (
        f"<?xml version='1.0'?>{doctype}<rss version='2.0'><channel><title>T</title>{items}</channel></rss>"
    )


@pytest.mark.slow
def test_feed_with_50k_items(tmp_path: Path, baseline_mib: float) -> None:
    feed = tmp_path / "big.rss"
    item = "<item><title>Item {0}</title><guid>id-{0}</guid><description>{1}</description></item>"
    feed.write_text(_rss("".join(item.format(i, PROSE) for i in range(50_000))))
    outcome = measure(feed)
    assert outcome["documents"] == 50_000 and outcome["n_errors"] == 0
    assert outcome["peak_mib"] - baseline_mib < 250, outcome


def test_billion_laughs_is_not_expanded(tmp_path: Path, baseline_mib: float) -> None:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">' for n in range(1, 10)
    )
    feed = tmp_path / "laughs.rss"
    feed.write_text(
        _rss(
            f"<item><title>&lol9;</title><description>{PROSE} &lol9;</description></item>",
            f"<!DOCTYPE rss [{entities}]>",
        )
    )
    outcome = measure(feed)  # libxml2 refuses the amplification itself; nothing is expanded
    assert outcome["documents"] == 0 and "lol" not in json.dumps(outcome["errors"]).replace("laughs", "")
    assert "Maximum entity amplification factor exceeded" in outcome["errors"][0][1]
    assert outcome["peak_mib"] - baseline_mib < 40, outcome
    small = tmp_path / "small.rss"  # an entity too small to trip that check is dropped, not expanded
    small.write_text(
        _rss(
            f"<item><title>&lol1;</title><description>{PROSE} &lol1;</description></item>",
            '<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;">]>',
        )
    )
    [doc] = read(small)
    assert doc.text == PROSE and doc.title is None
    cdata = tmp_path / "cdata.rss"  # CDATA nested, split, and holding markup and a fake end
    cdata.write_text(
        _rss(f"<item><description><![CDATA[<p>{PROSE}</p>]]]]><![CDATA[>]]></description></item>")
    )
    [doc] = read(cdata)
    assert doc.text == f"{PROSE}\n\n]]>"  # the literal "]]>" survives as text, after the paragraph


def test_external_entities_are_never_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-TOKEN")
    dtd = tmp_path / "evil.dtd"
    dtd.write_text(f'<!ENTITY leak SYSTEM "file://{secret}">')
    doctypes = [
        f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>',
        f'<!DOCTYPE rss SYSTEM "file://{dtd}">',
        f'<!DOCTYPE rss [<!ENTITY % p SYSTEM "file://{dtd}"> %p;]>',
    ]
    for index, doctype in enumerate(doctypes):
        feed = tmp_path / f"xxe{index}.rss"
        feed.write_text(
            _rss(
                f"<item><title>&xxe;&leak;</title><description>{PROSE} &xxe;&leak;</description></item>",
                doctype,
            )
        )
        items = read(feed)
        assert "TOP-SECRET-TOKEN" not in repr(items)
        assert [doc.text for doc in documents(items)] == [PROSE]


def test_duplicate_ids(tmp_path: Path) -> None:
    feed = tmp_path / "dupes.rss"
    item = "<item><guid>same</guid><title>Harbour</title><description>{}</description></item>"
    feed.write_text(_rss(item.format(PROSE) * 2 + item.format(PROSE + " A second report.")))
    docs = documents(read(feed))
    assert [doc.origin for doc in docs] == [f"{feed}[0]", f"{feed}[1]", f"{feed}[2]"]
    ids = [clean_document(doc).id for doc in docs]
    assert ids[0] == ids[1] != ids[2]  # the store keeps one article per id: the exact repeat collapses


@pytest.mark.parametrize(
    ("value", "published"),
    [
        ("9999-12-31T23:59:59-05:00", None),  # past the calendar's end once in UTC
        ("2201-01-01", None),
        ("0000-01-01", None),
        ("Mon, 01 Jan 0000 10:00 GMT", None),  # was read as 2000
        ("1799-12-31", None),
        (10**400, None),
        ("yesterday", None),
        ("2099-06-01T12:00:00Z", "2099-06-01T12:00:00+00:00"),
        ("1850-06-01", "1850-06-01T00:00:00+00:00"),
    ],
)
def test_far_and_unparseable_dates_keep_the_article(
    tmp_path: Path, value: object, published: str | None
) -> None:
    dump = tmp_path / "dates.json"
    dump.write_text(json.dumps([{"text": PROSE, "published": value}]))
    [doc] = read(dump)
    assert (doc.published.isoformat() if doc.published else None) == published


# -- regressions: crashes and hangs fuzzing found --------------------------------------------------------


def test_declared_charset_whose_codec_refuses_everything(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(
        f"<html><head><meta charset=undefined></head><body><article><p>{PROSE} caf\xe9</p></article></body></html>".encode(
            "latin-1"
        )
    )
    [doc] = read(page)
    assert "café" in doc.text


def test_enclosure_length_that_is_a_digit_but_not_a_number(tmp_path: Path) -> None:
    feed = tmp_path / "f.rss"
    feed.write_text(
        _rss(f'<item><description>{PROSE}</description><enclosure url="http://x/a.mp3" length="²"/></item>')
    )
    assert len(documents(read(feed))) == 1


def test_numbers_past_python_limits(tmp_path: Path) -> None:
    dump = tmp_path / "n.json"
    dump.write_text('{"text": "x", "id": ' + "9" * 5000 + "}")
    assert reasons(read(dump)) == ["not valid JSON: a number with more than 4300 digits"]
    lines = tmp_path / "n.jsonl"
    lines.write_text('{"text": "x", "id": ' + "9" * 5000 + "}\n" + json.dumps({"text": PROSE}))
    items = read(lines)
    assert reasons(items) == ["not valid JSON at line 1: a number with more than 4300 digits"]
    assert len(documents(items)) == 1
    with pytest.raises(ValueError, match="out of range"):
        parse_datetime(10**400)


def test_lone_surrogates_from_json_escapes(tmp_path: Path) -> None:
    dump = tmp_path / "s.json"
    dump.write_text(
        '[{"text": "The council \\ud800 met on Tuesday.", "source": "a\\udc00b", "title": "\\udfff"}]'
    )
    [doc] = read(dump)
    article = clean_document(doc)
    assert article.text == "The council \ufffd met on Tuesday." and article.outlet == "a\ufffdb"
    assert clean_document(RawDocument("x", "Hi \ud800 there.", "text")).text == "Hi \ufffd there."


def test_recovered_xml_with_an_invalid_tag_name(tmp_path: Path) -> None:
    feed = tmp_path / "bad.rss"
    feed.write_text("<rdf: ><channel/></rdf:>")
    assert reasons(read(feed)) == [
        "not a feed: malformed XML that recovery cannot repair (Invalid tag name 'rdf:')"
    ]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("meta.html", f"<html><body><p>{PROSE}</p>" + "<meta property=og:published_time " * 2000),
        ("unclosed.rss", _rss(f"<item><description>{PROSE} {'&lt;a' * 50_000}</description></item>")),
        ("images.md", f"# Title\n\n{PROSE} " + "![" * 20_000),
        ("tags.md", f"# Title\n\n{PROSE} " + "<a" * 20_000),
        ("bangs.txt", f"Title\n\n{PROSE} " + "![" * 20_000),
    ],
)
def test_pathological_repetitions_take_linear_time(tmp_path: Path, name: str, content: str) -> None:
    """Each took from 15 s to minutes before (cubic or quadratic scans); now well under a second."""
    path = tmp_path / name
    path.write_text(content)
    start = time.perf_counter()
    for item in read(path):
        if isinstance(item, RawDocument):
            with contextlib.suppress(EmptyDocumentError):
                clean_document(item)
    assert time.perf_counter() - start < 5


def test_published_meta_tag_still_found(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text(
        "<html><head><meta name='x' content='y'><meta property='article:published_time' content='2024-05-16T09:30:00Z'>"
        f"</head><body><article><p>{PROSE}</p><p>{PROSE}</p></article></body></html>"
    )
    [doc] = read(page)
    assert doc.published is not None and doc.published.isoformat() == "2024-05-16T09:30:00+00:00"


def test_gzip_member_reads_like_the_plain_file(tmp_path: Path) -> None:
    plain = tmp_path / "a.jsonl"
    plain.write_text(json.dumps({"text": PROSE}) + "\n")
    packed = tmp_path / "b.jsonl.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    assert [d.text for d in documents(read(plain))] == [d.text for d in documents(read(packed))] == [PROSE]


def _warc_record(html: bytes, http_headers: bytes, status: bytes = b"200 OK") -> bytes:
    """One WARC response record carrying ``html`` under the given HTTP status and header lines."""
    payload = b"HTTP/1.1 " + status + b"\r\n" + http_headers + b"\r\n" + html
    return (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example/a\r\n"
        b"Content-Type: application/http; msgtype=response\r\n"
        b"Content-Length: " + str(len(payload)).encode() + b"\r\n\r\n" + payload + b"\r\n\r\n"
    )


@pytest.mark.parametrize(
    ("charset", "text"),
    [
        ("iso-8859-7", "Το δημοτικό συμβούλιο συμφώνησε την Τρίτη να πληρώσει για την επισκευή."),
        ("iso-8859-2", "Rada miasta zgodziła się we wtorek zapłacić za naprawę starego falochronu."),
    ],
)
def test_warc_page_in_the_charset_its_http_header_names(tmp_path: Path, charset: str, text: str) -> None:
    """Was detected from the bytes alone: Greek came out as Cyrillic, Polish as cp1252 (``zgodzi³a``)."""
    html = f"<html><body><article><p>{text}</p></article></body></html>".encode(charset)
    archive = tmp_path / "crawl.warc"
    archive.write_bytes(_warc_record(html, f"Content-Type: text/html; charset={charset}\r\n".encode()))
    [doc] = read(archive)
    assert doc.text == text


def test_http_charset_whose_codec_refuses_everything_or_is_quadratic() -> None:
    """``charset=undefined`` raised UnicodeError out of a fetched page; a 320 KB body declared punycode
    took 8 s to decode (5 MB, the page limit: most of an hour)."""
    html = f"<html><body><article><p>{PROSE}</p></article></body></html>".encode()
    page = Response(
        "https://x.example/a", "https://x.example/a", 200, html, "text/html", "undefined", None, None
    )
    assert isinstance(page_document(page, page.url), RawDocument)
    body = b"-" + b"ab" * 160_000
    start = time.perf_counter()
    assert decode_body(body, "punycode") == body.decode()
    assert time.perf_counter() - start < 2


def test_warc_page_that_inflates_past_the_limit(tmp_path: Path, baseline_mib: float) -> None:
    """A 256 KB record whose Content-Encoding inflated to 256 MiB was held whole (1 GB for a 2 MB one)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # gzip, written in pieces: never 256 MiB at once
    prose = PROSE.encode() * (MIB // len(PROSE))
    bomb = b"".join([packer.compress(b"<html><body><p>"), *(packer.compress(prose) for _ in range(256))])
    html = f"<html><body><article><p>{PROSE}</p></article></body></html>".encode()
    archive = tmp_path / "bomb.warc"
    archive.write_bytes(
        _warc_record(bomb + packer.flush(), b"Content-Encoding: gzip\r\n") + _warc_record(html, b"")
    )
    outcome = measure(archive, max_file_bytes=16 * MIB)
    assert outcome["errors"] == [
        [
            f"{archive}#record 1",
            "too large: the page decompresses to more than 16 MiB, the limit for a page read whole"
            " (ReadOptions.max_file_bytes)",
        ]
    ]
    assert outcome["documents"] == 1  # the next record is read
    assert outcome["peak_mib"] - baseline_mib < 60, outcome


def test_warc_without_article_pages_says_so(tmp_path: Path) -> None:
    """Records that carry no article are skipped without an error; a file of nothing else gave nothing."""
    archive = tmp_path / "redirects.warc"
    page = b"<html><body><p>Moved.</p></body></html>"
    archive.write_bytes(
        _warc_record(page, b"Content-Type: text/html\r\n", status=b"301 Moved Permanently")
        + _warc_record(page, b"Content-Type: image/png\r\n")
    )
    assert [(item.origin, item.reason) for item in read(archive)] == [
        (str(archive), "no article pages (none of its 2 records is an HTML response with a 2xx status)")
    ]
