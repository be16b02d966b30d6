"""Fuzz every reader and the cleaner: generated hostile inputs, 0 unhandled exceptions allowed.

Two engines over the same harness (:func:`run_one`: bytes through ``read_source`` with the reader forced,
then every document through ``clean_document``):

- hypothesis, with structure-aware strategies per format (feeds with entities, CDATA and DTDs; HTML
  trees; JSON with field names; CSV with quotes and stray delimiters; text with boilerplate, dates,
  invisible characters), each input then encoded in a random charset, sometimes corrupted byte by byte,
  truncated or gzipped;
- atheris (coverage-guided, libFuzzer), one process per reader, seeded with one generated input, when
  the ``atheris`` package is installed.

Every rejected input must come back as an ``IngestError`` (or ``EmptyDocumentError``) whose origin names
the item and whose reason is not blank, and every input must give a document or a rejection (nothing at
all is a silent drop); anything else raised is a crash. Printed per reader: inputs
tried, unhandled exceptions, documents, rejections by reason, the slowest input and seconds.

    python -m bench.fuzz [--examples 10000] [--atheris-runs 10000] [--readers text html ...] [--json]

WARC inputs are records with WARC headers around HTTP responses carrying generated HTML, with lengths
that are sometimes wrong, then damaged like every other format; Parquet inputs are files pyarrow writes
from generated columns of every type, damaged the same way.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from newsprism.clean import EmptyDocumentError, clean_document
from newsprism.ingest.options import ReadOptions
from newsprism.ingest.source import Source
from newsprism.ingest.sources import read_source
from newsprism.records import IngestError, RawDocument

if TYPE_CHECKING:
    import pyarrow as pa

ORIGIN = "fuzz-input"
# Small enough that the limit paths are fuzzed too; a whole file is never larger than this here.
OPTIONS_LIMITS = {"max_file_bytes": 1 << 16, "max_record_bytes": 1 << 12, "max_decompressed_bytes": 1 << 17}

# -- strategies -----------------------------------------------------------------------------------------

_WORDS = (
    "the",
    "council",
    "said",
    "on",
    "Tuesday",
    "Mr.",
    "U.S.",
    "Dr",
    "12",
    "3.5bn",
    "€",
    "café",
    "Ünïcödé",
    "北京",
    "مرحبا",
    "שלום",
    "😀",
    "e\u0301",
    "\u200b",
    "\u00ad",
    "\u202e",
    "\ufeff",
    "\x00",
    "\x0c",
    "\r",
    "\t",
    "\ud800",
    "a" * 300,
    "." * 50,
    "!" * 30,
)
_PUNCTUATION = (
    ". ",
    "? ",
    "! ",
    ", ",
    "; ",
    ": ",
    " - ",
    " — ",
    "...",
    "\n",
    "\n\n",
    "\r\n",
    '"',
    "'",
    "(",
    ")",
)
_LINES = (
    "By Jane Doe",
    "Advertisement",
    "Share this article",
    "Read more: http://example.org/a/b",
    "© 2024 Example News. All rights reserved",
    "May 03, 2013",
    "UPDATED 05 / 03 / 2013 at 11: 00 AM EDT",
    "http: / / articles. example. com / 2013 / may / 03",
    "# Heading",
    "## ",
    "---",
    "title: A headline",
    "> quoted",
    "* item",
    "1. item",
    "| a | b |",
    "|---|---|",
    "```",
    "![img](x.png)",
    "[link](http://x)",
    "Sign up for our newsletter",
    "Photo: Someone/Getty Images",
    "Reading Time: < 1 minute",
)
_DATES = (
    "2024-05-16T09:30:00Z",
    "Thu, 16 May 2024 09:30:00 +0000",
    "9999-12-31T23:59:59-05:00",
    "0000-00-00",
    "Mon, 01 Jan 0000 10:00 GMT",
    "1e400",
    "99999999999999999999999",
    "-1",
    "1715851800000",
    "yesterday",
    "May 2013",
    "31/31/2031",
    "",
    "NaN",
    "2024-05-16T25:61",
    "Fri Aug 2, 2013 6:50pm EDT",
    "20240516",
)
_FIELDS = (
    "text",
    "body",
    "content",
    "title",
    "headline",
    "url",
    "link",
    "published",
    "date",
    "pubDate",
    "outlet",
    "source",
    "source.name",
    "language",
    "lang",
    "articles",
    "items",
    "data",
    "id",
)
_ENCODINGS = (
    "utf-8",
    "utf-8-sig",
    "utf-16",
    "utf-16-le",
    "utf-16-be",
    "utf-32",
    "cp1252",
    "latin-1",
    "shift_jis",
    "koi8-r",
    "gb18030",
)


def _prose() -> st.SearchStrategy[str]:
    token = st.sampled_from(_WORDS) | st.sampled_from(_PUNCTUATION) | st.text(max_size=8)
    sentence = st.lists(token, max_size=25).map(" ".join)
    line = sentence | st.sampled_from(_LINES) | st.sampled_from(_DATES)
    return st.lists(line, max_size=12).map(lambda lines: "\n".join(lines))


def _escape_xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


def _markup_text() -> st.SearchStrategy[str]:
    """Text as feeds and pages hold it: plain, escaped, raw markup, CDATA (also broken), entities."""
    prose = _prose()
    return st.one_of(
        prose.map(_escape_xml),
        prose.map(lambda text: f"<![CDATA[<p>{text}</p>]]>"),
        prose.map(lambda text: f"<![CDATA[{text}]]]]><![CDATA[>]]>"),
        prose.map(lambda text: f"&lt;p&gt;{_escape_xml(text)}&lt;/p&gt;"),
        st.sampled_from(
            (
                "&nbsp;",
                "&eacute;",
                "&bogus;",
                "&#0;",
                "&#xD800;",
                "&#1114112;",
                "&lol9;",
                "&xxe;",
                "<b>bold</b>",
                "<script>alert(1)</script>",
                "<",
                "&",
                "]]>",
                "<![CDATA[",
            )
        ),
    )


_DOCTYPES = (
    "",
    '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;"><!ENTITY lol9 "&lol2;&lol2;">]>',
    '<!DOCTYPE rss SYSTEM "http://127.0.0.1:9/evil.dtd">',
    '<!DOCTYPE rss [<!ENTITY % p SYSTEM "file:///etc/hostname"> %p;]>',
)


@st.composite
def _feed(draw: st.DrawFn) -> str:
    text = _markup_text()
    kind = draw(st.sampled_from(("rss", "atom", "rdf", "opml", "other")))
    declaration = draw(
        st.sampled_from(("", '<?xml version="1.0"?>', '<?xml version="1.0" encoding="ISO-8859-1"?>'))
    )
    doctype = draw(st.sampled_from(_DOCTYPES))
    items = []
    for _ in range(draw(st.integers(0, 5))):
        parts = {
            "title": draw(text),
            "description" if kind != "atom" else "summary": draw(text),
            "link": draw(st.sampled_from(("http://example.org/a", "/relative", "", "javascript:x", "::"))),
            "pubDate" if kind != "atom" else "updated": draw(st.sampled_from(_DATES)),
            "guid" if kind != "atom" else "id": draw(
                st.sampled_from(("same-id", "", "http://example.org/a"))
            ),
        }
        body = "".join(f"<{name}>{value}</{name}>" for name, value in parts.items() if draw(st.booleans()))
        extra = draw(
            st.sampled_from(
                (
                    "",
                    '<enclosure url="http://x/a.mp3" length="²" type="audio/mpeg"/>',
                    '<content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">'
                    "<![CDATA[<div><p>Full text.</p></div>]]></content:encoded>",
                    '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>x</p></div></content>',
                    '<media:description xmlns:media="http://search.yahoo.com/mrss/">m</media:description>',
                )
            )
        )
        items.append((body + extra, "entry" if kind == "atom" else "item"))
    inner = "".join(f"<{tag}>{body}</{tag}>" for body, tag in items)
    if kind == "rss":
        document = f"<rss version='2.0'><channel><title>{draw(text)}</title>{inner}</channel></rss>"
    elif kind == "atom":
        base = draw(st.sampled_from(("", "http://x/", "::")))
        document = f"<feed xmlns='http://www.w3.org/2005/Atom' xml:base='{base}'>{inner}</feed>"
    elif kind == "rdf":
        document = (
            "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' xmlns='http://purl.org/rss/1.0/'>"
            f"<channel><title>t</title></channel>{inner}</rdf:RDF>"
        )
    elif kind == "opml":
        document = "<opml><body><outline xmlUrl='http://x/feed'/></body></opml>"
    else:
        document = f"<html><body>{inner}</body></html>"
    return declaration + doctype + document


@st.composite
def _html(draw: st.DrawFn) -> str:
    tags = (
        "p",
        "div",
        "article",
        "main",
        "h1",
        "span",
        "script",
        "style",
        "table",
        "td",
        "li",
        "a",
        "br",
        "nav",
    )
    body = ""
    for _ in range(draw(st.integers(0, 12))):
        tag = draw(st.sampled_from(tags))
        opened, closed = draw(st.booleans()), draw(st.booleans())
        content = draw(_prose())
        body += (f"<{tag}>" if opened else "") + _escape_xml(content) + (f"</{tag}>" if closed else "")
        body = draw(st.sampled_from((body, f"<div>{body}</div>", body + "<" + tag)))
    head = draw(
        st.sampled_from(
            (
                "",
                "<meta charset='latin-1'>",
                "<meta charset=undefined>",
                "<title>T</title>",
                "<meta property='article:published_time' content='9999-12-31T23:59:59-05:00'>",
                '<script type="application/ld+json">{"datePublished": "0000-01-01"}</script>',
                "<meta property=og:published_time " * 30,
            )
        )
    )
    lang = draw(st.sampled_from(("", " lang='en'", " lang='x'", " lang=" + "a" * 50)))
    return f"<!doctype html><html{lang}><head>{head}</head><body>{body}</body></html>"


@st.composite
def _warc(draw: st.DrawFn) -> str:
    records = []
    for number in range(draw(st.integers(0, 3))):
        html = draw(_html())
        kind = draw(st.sampled_from(("response", "response", "request", "warcinfo", "resource")))
        status = draw(st.sampled_from(("200 OK", "404 Not Found", "301 Moved", "", "999 ?")))
        content_type = draw(
            st.sampled_from(
                (
                    "text/html; charset=utf-8",
                    "application/pdf",
                    "",
                    "text/html",
                    "text/html; charset=iso-8859-7",
                    "text/html; charset=undefined",
                    "text/html; charset=punycode",
                    'text/html; charset="bogus"',
                )
            )
        )
        payload = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n\r\n{html}"
        length = len(payload.encode("utf-8", "surrogatepass")) + draw(
            st.sampled_from((0, 0, 0, -5, 7, 10**9))
        )
        uri = draw(st.sampled_from((f"https://news.example/{number}", "", "not a uri", "javascript:1")))
        headers = (
            f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
            f"WARC-Date: {draw(st.sampled_from(('2024-05-16T09:30:00Z', '', '9999-99-99')))}\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {length}\r\n\r\n"
        )
        records.append(headers + payload + "\r\n\r\n")
    return "".join(records)


def _json_value() -> st.SearchStrategy[object]:
    scalars = (
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats()
        | st.sampled_from(_DATES)
        | _prose()
        | st.text(max_size=10)
    )
    return st.recursive(
        scalars,
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.sampled_from(_FIELDS) | st.text(max_size=6), children, max_size=6)
        ),
        max_leaves=25,
    )


def _json_document() -> st.SearchStrategy[str]:
    raw = st.sampled_from(
        (
            '{"text": "a", "n": ' + "9" * 5000 + "}",
            "[" * 3000 + "]" * 3000,
            '{"text": "unterminated',
            '{"text": NaN, "published": Infinity}',
            '{"published": 1e400, "text": "x"}',
        )
    )
    return _json_value().map(json.dumps) | raw


def _jsonl_document() -> st.SearchStrategy[str]:
    line = _json_document() | _prose() | st.just("")
    return st.lists(line, max_size=8).map(lambda lines: "\n".join(line.replace("\n", " ") for line in lines))


@st.composite
def _delimited(draw: st.DrawFn, delimiter: str | None) -> str:
    sep = delimiter or draw(st.sampled_from((",", ";", "|", "\t")))
    cell = st.sampled_from(_FIELDS) | _prose() | st.sampled_from(_DATES) | st.text(max_size=10)

    def quoted(value: str) -> str:
        return draw(st.sampled_from((value, '"' + value.replace('"', '""') + '"', '"' + value)))

    width = draw(st.integers(1, 6))
    rows = [[quoted(draw(st.sampled_from(_FIELDS))) for _ in range(width)]]
    for _ in range(draw(st.integers(0, 6))):
        rows.append([quoted(draw(cell)) for _ in range(draw(st.integers(0, width + 2)))])
    return "\n".join(sep.join(row) for row in rows)


# Column types of Parquet dumps, each with values as a dump may hold them (null included).
_UTF8 = st.text(st.characters(codec="utf-8"), max_size=10)
_PARQUET_COLUMNS: dict[str, st.SearchStrategy[object]] = {
    "string": st.none()
    | _prose().map(lambda t: t.encode("utf-8", "replace").decode())
    | st.sampled_from(_DATES)
    | _UTF8,
    "int64": st.none() | st.integers(-(2**63), 2**63 - 1),
    "float64": st.none() | st.floats(),
    "timestamp": st.none() | st.datetimes(),
    "bool": st.none() | st.booleans(),
    "binary": st.none() | st.binary(max_size=16),
    "list": st.none() | st.lists(_UTF8, max_size=3),
    "struct": st.none() | st.fixed_dictionaries({"a": _UTF8, "b": st.integers(0, 9)}),
}


@st.composite
def _parquet(draw: st.DrawFn) -> bytes:
    """A Parquet file of article-like rows (columns the readers look for or not, of any type a dump holds,
    row groups of 1-3 rows, any codec), then damaged like every other format."""
    import pyarrow as pa

    rows = draw(st.integers(0, 5))
    names = draw(st.lists(st.sampled_from(_FIELDS) | _UTF8, max_size=6, unique=True))
    if draw(st.booleans()):  # half of the files are article dumps, whose body column holds text
        names = ["text", *(n for n in names if n != "text")]
    columns = {}
    for name in names:
        kind = (
            "string"
            if name == "text" and draw(st.booleans())
            else draw(st.sampled_from(sorted(_PARQUET_COLUMNS)))
        )
        values = draw(st.lists(_PARQUET_COLUMNS[kind], min_size=rows, max_size=rows))
        columns[name] = pa.array(values)
    data = _parquet_bytes(
        pa.table(columns) if columns else pa.table({"empty": pa.nulls(rows)}),
        compression=draw(st.sampled_from(("none", "snappy", "gzip", "zstd"))),
        row_group_size=draw(st.integers(1, 3)),
    )
    return _damaged(draw, data)


def _parquet_bytes(table: pa.Table, **options: object) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, **options)
    return sink.getvalue().to_pybytes()


@st.composite
def _encoded(draw: st.DrawFn, documents: st.SearchStrategy[str]) -> bytes:
    """A document in a random charset, then damaged (see ``_damaged``)."""
    text = draw(documents)
    encoding = draw(st.sampled_from(_ENCODINGS))
    data = (
        text.encode(encoding, errors=draw(st.sampled_from(("replace", "surrogatepass", "ignore"))))
        if encoding.startswith("utf-8")
        else text.encode(encoding, errors="replace")
    )
    return _damaged(draw, data)


def _damaged(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` as it is, or corrupted, truncated, wrapped in gzip, or replaced by raw bytes."""
    mutation = draw(
        st.sampled_from(("none", "none", "flip", "insert", "truncate", "gzip", "gzip-truncated", "raw"))
    )
    if mutation == "flip" and data:
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]
    elif mutation == "insert":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=16)) + data[at:]
    elif mutation == "truncate":
        data = data[: draw(st.integers(0, len(data)))]
    elif mutation == "gzip":
        data = gzip.compress(data)
    elif mutation == "gzip-truncated":
        packed = gzip.compress(data)
        data = packed[: draw(st.integers(0, len(packed)))]
    elif mutation == "raw":
        data = draw(st.binary(max_size=512))
    return data


STRATEGIES: dict[str, st.SearchStrategy[bytes]] = {
    "text": _encoded(_prose()),
    "markdown": _encoded(_prose()),
    "html": _encoded(_html()),
    "feed": _encoded(_feed()),
    "json": _encoded(_json_document()),
    "jsonl": _encoded(_jsonl_document()),
    "csv": _encoded(_delimited(None)),
    "tsv": _encoded(_delimited("\t")),
    "warc": _encoded(_warc()),
    "parquet": _parquet(),
}
# The cleaner on its own: any Unicode (surrogates too) as text and title, so no reader filters it first.
CLEANER_STRATEGY = st.tuples(st.text() | _prose(), st.none() | st.text(max_size=40))
READERS = [*STRATEGIES, "cleaner"]

# -- harness --------------------------------------------------------------------------------------------


@dataclass
class Tally:
    """What one reader did with the generated inputs."""

    tried: int = 0
    documents: int = 0
    crashes: Counter[str] = field(default_factory=Counter)
    rejected: Counter[str] = field(default_factory=Counter)
    slowest: float = 0.0
    seconds: float = 0.0


class UnnamedRejectionError(AssertionError):
    """A rejection that does not name the item or give a reason."""


class SilentInputError(AssertionError):
    """An input that gave neither a document nor a rejection: dropped without a word."""


def run_one(fmt: str, data: bytes, tally: Tally | None = None) -> None:
    """Read ``data`` as ``fmt`` and clean each document; raise whatever the library lets escape."""
    tally = tally or Tally()
    options = ReadOptions(format=fmt, **OPTIONS_LIMITS)
    answered = False
    for item in read_source(Source(ORIGIN, None, data=data), options):
        answered = True
        if isinstance(item, IngestError):
            _rejected(item.origin, item.reason, tally)
            continue
        try:
            clean_document(item)
            tally.documents += 1
        except EmptyDocumentError as error:
            _rejected(error.origin, error.reason, tally)
    if not answered:
        raise SilentInputError("the input gave neither a document nor a rejection")


def clean_one(text: str, title: str | None, tally: Tally | None = None) -> None:
    """Clean one document straight from generated text; only ``EmptyDocumentError`` may come out."""
    tally = tally or Tally()
    raw = RawDocument(ORIGIN, text, "text", title=title, has_title=title is not None)
    try:
        clean_document(raw)
        tally.documents += 1
    except EmptyDocumentError as error:
        _rejected(error.origin, error.reason, tally)


def _rejected(origin: str, reason: str, tally: Tally) -> None:
    if not origin.startswith(ORIGIN) or not reason.strip():
        raise UnnamedRejectionError(
            f"rejection without a name or reason: origin={origin!r} reason={reason!r}"
        )
    tally.rejected[_reason_kind(reason)] += 1


def _reason_kind(reason: str) -> str:
    """A reason without its particulars (line numbers, quoted values), so that like counts with like."""
    kind = re.split(r"[:(]", reason, maxsplit=1)[0]
    return re.sub(r"\d+", "N", re.sub(r"'[^']*'", "'…'", kind)).strip()


def fuzz_with_hypothesis(reader: str, examples: int) -> Tally:
    tally = Tally()

    def one(run: Callable[[], None]) -> None:
        tally.tried += 1
        start = time.perf_counter()
        try:
            run()
        except Exception as error:  # the point of the exercise: count it, keep going
            where = traceback.extract_tb(error.__traceback__)[-1]
            place = f"{Path(where.filename).name}:{where.lineno}"
            tally.crashes[f"{type(error).__name__} at {place}: {str(error)[:120]}"] += 1
        tally.slowest = max(tally.slowest, time.perf_counter() - start)

    config = settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    if reader == "cleaner":

        @config
        @given(CLEANER_STRATEGY)
        def case(pair: tuple[str, str | None]) -> None:
            one(lambda: clean_one(*pair, tally))

    else:

        @config
        @given(STRATEGIES[reader])
        def case(data: bytes) -> None:
            one(lambda: run_one(reader, data, tally))

    start = time.perf_counter()
    case()
    tally.seconds = time.perf_counter() - start
    return tally


# -- atheris --------------------------------------------------------------------------------------------


def atheris_available() -> bool:
    try:
        import atheris  # noqa: F401
    except ImportError:
        return False
    return True


# One small valid input per reader, for libFuzzer to start from.
_WARC_PAYLOAD = (
    b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><article><p>The council"
    b" said on Tuesday that the harbour repairs would cost more than planned.</p></article></body></html>"
)
_WARC_SEED = (
    b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example/harbour\r\n"
    b"WARC-Date: 2024-05-16T09:30:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
    b"Content-Length: " + str(len(_WARC_PAYLOAD)).encode() + b"\r\n\r\n" + _WARC_PAYLOAD + b"\r\n\r\n"
)


def _parquet_seed() -> bytes:
    import pyarrow as pa

    table = pa.table({"title": ["Harbour"], "text": ["The council met on Tuesday."], "date": ["2024-05-16"]})
    return _parquet_bytes(table, compression="none")  # uncompressed: byte mutations reach the values


SEEDS = {
    "text": b"Harbour repairs approved\n\nBy Jane Doe\nThe council said on Tuesday that they cost 12m.\n",
    "markdown": b"---\ntitle: Harbour\ndate: 2024-05-16\n---\n# Repairs\n\nThe *council* said [so](http://x).\n",
    "html": b"<html lang=en><head><title>T</title></head><body><article><p>The council said on Tuesday that"
    b" the harbour repairs would cost more than planned.</p></article></body></html>",
    "feed": b"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title><item><title>A</title>"
    b"<description>&lt;p&gt;The council met.&lt;/p&gt;</description><pubDate>Thu, 16 May 2024 09:30:00 +0000"
    b"</pubDate><guid>a1</guid></item></channel></rss>",
    "json": b'[{"title": "A", "text": "The council met.", "date": "2024-05-16", "source": {"name": "X"}}]',
    "jsonl": b'{"text": "The council met.", "url": "http://example.org/a"}\n{"body": ["One.", "Two."]}\n',
    "csv": b'title,text,date\nA,"The council met, and said so.",2024-05-16\n',
    "tsv": b"title\ttext\nA\tThe council met.\n",
    "warc": _WARC_SEED,
    "parquet": _parquet_seed(),
    "cleaner": b"Harbour repairs\n\nThe council met on Tuesday. Advertisement\nRead more: x\n",
}
_ATHERIS_CHILD = """
import sys, atheris
with atheris.instrument_imports(include=["newsprism"]):
    from bench.fuzz import atheris_target
atheris.Setup(sys.argv[1:], atheris_target(sys.argv[1]))
atheris.Fuzz()
"""


def fuzz_with_atheris(reader: str, runs: int) -> dict[str, object]:
    """libFuzzer over one reader in a child process (it owns the process); its summary lines parsed.

    Call it from a process that has not grown: Linux hands a process's peak RSS on to the children it
    starts, and libFuzzer's ``-rss_limit_mb`` reads that peak. A hypothesis run holds on to its inputs
    (2.7 GB for 10,000 WARC files), and an atheris run started after one was stopped as out of memory
    within three seconds.
    """
    with tempfile.TemporaryDirectory(prefix=f"newsprism-fuzz-{reader}-") as tmp:
        corpus = Path(tmp, "corpus")
        corpus.mkdir()
        (corpus / "seed").write_bytes(SEEDS[reader])
        start = time.perf_counter()
        child = subprocess.run(
            [
                sys.executable,
                "-c",
                _ATHERIS_CHILD,
                reader,
                f"-runs={runs}",
                "-max_len=4096",
                "-rss_limit_mb=2048",
                f"-artifact_prefix={tmp}/",
                str(corpus),
            ],
            capture_output=True,
            text=True,
            check=False,
            cwd=Path(__file__).resolve().parents[1],
        )
        seconds = time.perf_counter() - start
    done = re.search(r"Done (\d+) runs", child.stderr)
    coverage = re.findall(r"cov: (\d+)", child.stderr)
    crash = re.search(r"=== Uncaught Python exception: ===\n(.+)", child.stderr)
    return {
        "runs": int(done.group(1)) if done else None,
        "crashes": 0 if child.returncode == 0 else 1,
        "crash": crash.group(1) if crash else (None if child.returncode == 0 else child.stderr[-400:]),
        "coverage": int(coverage[-1]) if coverage else None,
        "seconds": round(seconds, 1),
    }


def atheris_target(reader: str) -> Callable[[bytes], None]:
    """The function libFuzzer calls with each input (``reader`` is the child's first argument)."""
    if reader != "cleaner":
        return lambda data: run_one(reader, data)

    def clean_bytes(data: bytes) -> None:
        import atheris

        provider = atheris.FuzzedDataProvider(data)
        clean_one(provider.ConsumeUnicode(len(data)), None)  # any code points, surrogates too

    return clean_bytes


# -- report ---------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--examples", type=int, default=10_000, help="hypothesis inputs per reader")
    parser.add_argument("--atheris-runs", type=int, default=10_000, help="atheris runs per reader (0: none)")
    parser.add_argument("--readers", nargs="+", default=READERS, choices=READERS)
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)
    # atheris first, while this process is small (see fuzz_with_atheris).
    fuzzed = (
        {reader: fuzz_with_atheris(reader, args.atheris_runs) for reader in args.readers}
        if args.atheris_runs and atheris_available()
        else {}
    )
    figures: dict[str, dict[str, object]] = {}
    for reader in args.readers:
        tally = fuzz_with_hypothesis(reader, args.examples)
        figures[reader] = {
            "tried": tally.tried,
            "unhandled": sum(tally.crashes.values()),
            "crashes": dict(tally.crashes),
            "documents": tally.documents,
            "rejected": dict(tally.rejected.most_common()),
            "slowest_input_s": round(tally.slowest, 3),
            "seconds": round(tally.seconds, 1),
        }
        if reader in fuzzed:
            figures[reader]["atheris"] = fuzzed[reader]
        if not args.json:
            _print_reader(reader, figures[reader])
    if args.json:
        print(json.dumps(figures, indent=2))
    elif args.atheris_runs and not atheris_available():
        print("atheris is not installed: only the hypothesis run was made")
    failed = any(f["unhandled"] or (f.get("atheris") or {}).get("crashes") for f in figures.values())
    return 1 if failed else 0


def _print_reader(reader: str, figures: dict[str, object]) -> None:
    print(
        f"{reader:9} hypothesis: {figures['tried']} inputs, {figures['unhandled']} unhandled exceptions, "
        f"{figures['documents']} documents, slowest input {figures['slowest_input_s']} s, "
        f"{figures['seconds']} s",
        flush=True,
    )
    for crash, count in figures["crashes"].items():  # type: ignore[union-attr]
        print(f"          CRASH x{count}: {crash}")
    rejected = figures["rejected"]
    print(f"          rejected with a reason: {sum(rejected.values())}")  # type: ignore[union-attr]
    for reason, count in rejected.items():  # type: ignore[union-attr]
        print(f"            {count:6}  {reason}")
    if "atheris" in figures:
        fuzzed = figures["atheris"]
        print(
            f"          atheris: {fuzzed['runs']} runs, {fuzzed['crashes']} crashes, "
            f"coverage {fuzzed['coverage']} edges, {fuzzed['seconds']} s"
            + (f"  CRASH: {fuzzed['crash']}" if fuzzed["crash"] else ""),
            flush=True,
        )


if __name__ == "__main__":
    sys.exit(main())
