"""Readers for dumps holding many articles: JSON, JSON Lines, CSV and TSV.

Each record goes through the FieldMap; a bad record becomes an IngestError named by its place in the file
(``path[3]``, ``path:17``, ``path#row 5``) and the rest of the file is still read. JSON Lines files are
streamed, so a dump larger than memory can be ingested.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from typing import Any, BinaryIO

from newsprism.ingest.detect import decode_text, stream_encoding
from newsprism.ingest.fields import document, document_from_record, pick
from newsprism.ingest.options import ReadOptions
from newsprism.ingest.source import HEAD_BYTES, Source, describe_size
from newsprism.records import IngestError, RawDocument

# Keys under which JSON exports usually keep their list of articles.
LIST_KEYS = ("articles", "items", "data", "documents", "docs", "results", "records", "entries", "posts",
             "stories", "news", "rows")  # fmt: skip
_CSV_DELIMITERS = ",;\t|"
_MAX_CSV_FIELD = 1 << 26
_TOO_DEEP = "JSON nested too deeply to read"
_SKIP_CHUNK = 1 << 20

Item = RawDocument | IngestError


def read_json(source: Source, options: ReadOptions) -> Iterator[Item]:
    """A list of objects, an object holding such a list under a common key, or one object."""
    try:
        data = json.loads(source.read_text(options.max_file_bytes))
    except json.JSONDecodeError as error:
        yield IngestError(source.origin, _json_error(error))
        return
    except RecursionError:
        yield IngestError(source.origin, _TOO_DEEP)
        return
    except ValueError:  # an integer longer than Python converts (4300 digits)
        yield IngestError(source.origin, f"not valid JSON: {_number_error()}")
        return
    if isinstance(data, dict) and pick(data, options.fields.text)[0] is None:
        listed = _find_list(data)
        if listed is not None:
            data = listed
    if isinstance(data, list):
        if not data:
            yield IngestError(source.origin, "empty (the JSON array holds no items)")
        for index, item in enumerate(data):
            yield _json_item(item, f"{source.origin}[{index}]", "json", options)
    else:
        yield _json_item(data, source.origin, "json", options)


def read_jsonl(source: Source, options: ReadOptions) -> Iterator[Item]:
    """One JSON object per line, streamed; blank lines are skipped and over-long lines refused."""
    encoding = stream_encoding(source.head(HEAD_BYTES))
    if encoding.startswith(("utf-16", "utf-32")):
        text = decode_text(source.read_bytes(options.max_file_bytes))
        yield from _jsonl_lines(iter(text.splitlines()), None, source.origin, options)
        return
    with source.open(options.max_decompressed_bytes) as stream:
        yield from _jsonl_lines(
            _bounded_lines(stream, options.max_record_bytes), encoding, source.origin, options
        )


def _bounded_lines(stream: BinaryIO, limit: int) -> Iterator[bytes | None]:
    """The stream's lines; None for a line over ``limit`` bytes, skipped without holding it in memory."""
    while line := stream.readline(limit + 1):
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = stream.readline(_SKIP_CHUNK)
            yield None
        else:
            yield line


def read_csv(source: Source, options: ReadOptions) -> Iterator[Item]:
    yield from _read_delimited(source, options, None)


def read_tsv(source: Source, options: ReadOptions) -> Iterator[Item]:
    yield from _read_delimited(source, options, "\t")


def _jsonl_lines(
    lines: Iterator[bytes | str | None], encoding: str | None, origin: str, options: ReadOptions
) -> Iterator[Item]:
    seen_any = False
    for number, raw in enumerate(lines, start=1):
        place = f"{origin}:{number}"
        if raw is None:
            seen_any = True
            limit = describe_size(options.max_record_bytes)
            yield IngestError(
                place, f"line {number} is too large: over {limit} (ReadOptions.max_record_bytes)"
            )
            continue
        if isinstance(raw, bytes):
            try:
                line = _decode_line(raw, encoding or "utf-8")
            except UnicodeDecodeError as error:
                yield IngestError(place, f"line {number} is not valid {encoding}: {error.reason}")
                continue
        else:
            line = raw
        line = line.lstrip("\ufeff").strip()
        if not line:
            continue
        seen_any = True
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            yield IngestError(place, _json_error(error, line_number=number))
            continue
        except RecursionError:
            yield IngestError(place, _TOO_DEEP)
            continue
        except ValueError:  # an integer longer than Python converts (4300 digits)
            yield IngestError(place, f"not valid JSON at line {number}: {_number_error()}")
            continue
        yield _json_item(item, place, "jsonl", options)
    if not seen_any:
        yield IngestError(origin, "empty")


def _decode_line(raw: bytes, encoding: str) -> str:
    """UTF-8 first, then the file's encoding: dumps concatenated from several sources mix the two."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        if encoding == "utf-8":
            raise
    return raw.decode(encoding)


def read_parquet(source: Source, options: ReadOptions) -> Iterator[Item]:
    """Parquet exports (Spark, pandas, BigQuery), streamed by row group; rows are named ``path#row N``
    counting from 0, as the data frame that wrote them did. Needs ``pyarrow`` (the ``spark`` extra)."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        yield IngestError(source.origin, "reading Parquet needs pyarrow: pip install 'newsprism[spark]'")
        return
    try:
        with source.open() as stream:
            table = pq.ParquetFile(stream)
            number = 0
            for batch in table.iter_batches(batch_size=1024):
                for record in batch.to_pylist():
                    yield document_from_record(record, f"{source.origin}#row {number}", "parquet", options)
                    number += 1
    except (OSError, ValueError) as error:  # pyarrow's ArrowInvalid is a ValueError
        yield IngestError(source.origin, f"not a readable Parquet file: {error}")
        return
    if number == 0:
        yield IngestError(source.origin, "empty (the Parquet file holds no rows)")


def _read_delimited(source: Source, options: ReadOptions, delimiter: str | None) -> Iterator[Item]:
    text = source.read_text(options.max_file_bytes)
    if delimiter is None:
        delimiter = _sniff_delimiter(text)
    fmt = "tsv" if delimiter == "\t" else "csv"
    csv.field_size_limit(max(csv.field_size_limit(), _MAX_CSV_FIELD))
    reader = csv.reader(text.lstrip("\ufeff").splitlines(keepends=True), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        yield IngestError(source.origin, "empty")
        return
    except csv.Error as error:
        yield IngestError(source.origin, f"cannot read the header row: {error}")
        return
    header = [name.strip() for name in header]
    row_number = 1  # the header is row 1, as a spreadsheet shows it
    rows = 0
    while True:
        row_number += 1
        place = f"{source.origin}#row {row_number}"
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            yield IngestError(place, f"malformed {fmt.upper()} row: {error}")
            continue
        if not any(cell.strip() for cell in row):
            continue
        rows += 1
        if len(row) > len(header):
            yield IngestError(place, f"row has {len(row)} fields but the header names {len(header)}")
            continue
        record = {name: value for name, value in zip(header, row, strict=False) if name}
        yield document_from_record(record, place, fmt, options)
    if rows == 0:
        yield IngestError(source.origin, "empty (a header row but no data rows)")


def _sniff_delimiter(text: str) -> str:
    sample = text[:HEAD_BYTES]
    try:
        return csv.Sniffer().sniff(sample, delimiters=_CSV_DELIMITERS).delimiter
    except csv.Error:
        first_line = sample.split("\n", 1)[0]
        best = max(_CSV_DELIMITERS, key=first_line.count)
        return best if best in first_line else ","


def _json_item(item: Any, origin: str, fmt: str, options: ReadOptions) -> Item:
    if isinstance(item, dict):
        return document_from_record(item, origin, fmt, options)
    if isinstance(item, str):
        if not item.strip():
            return IngestError(origin, "empty (a blank string)")
        return document(origin, item, fmt, options)
    kind = "null" if item is None else type(item).__name__
    return IngestError(origin, f"expected an object with a text field, found {kind}")


def _find_list(data: dict[str, Any]) -> list[Any] | None:
    lowered = {key.lower(): value for key, value in data.items() if isinstance(key, str)}
    for key in LIST_KEYS:
        if isinstance(lowered.get(key), list):
            return lowered[key]
    lists = [value for value in data.values() if _is_object_list(value)]
    return lists[0] if len(lists) == 1 else None


def _json_error(error: json.JSONDecodeError, line_number: int | None = None) -> str:
    line = line_number if line_number is not None else error.lineno
    return f"not valid JSON at line {line}: {error.msg} (col {error.colno})"


def _number_error() -> str:
    return f"a number with more than {sys.get_int_max_str_digits()} digits"


def _is_object_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and isinstance(value[0], dict)
