"""What a file is: its format (by extension, else by content), whether it is binary, and its encoding.

A folder of articles often holds images, PDFs or archives too; those are named in the error ("binary file
(looks like PNG image)") instead of being decoded into garbage. Text is UTF-8 (with or without a BOM),
UTF-16/32 with a BOM, the charset an HTML/XML file declares, or failing those what charset_normalizer
detects.
"""

from __future__ import annotations

import codecs
import re
from pathlib import PurePath

import charset_normalizer

FORMATS_BY_EXTENSION = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".rss": "feed",
    ".atom": "feed",
    ".opml": "feed",
    ".xml": "feed",
    ".parquet": "parquet",
    ".warc": "warc",
}
# Formats whose files are binary by design: their readers parse the bytes, so the binary check must not
# turn them away.
BINARY_FORMATS = frozenset({"parquet"})
GZIP_MAGIC = b"\x1f\x8b"
PARQUET_MAGIC = b"PAR1"

# Leading bytes of the binary formats most likely to sit beside articles in a folder.
_MAGIC_NUMBERS: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ", "Windows executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"PAR1", "Parquet file"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"fLaC", "FLAC audio"),
    (b"\x00asm", "WebAssembly module"),
    (b"\xca\xfe\xba\xbe", "Java class file"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
)
_UNICODE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED_CHARSET = re.compile(
    rb"""(?:<meta[^>]{0,200}?charset\s*=\s*["']?|<\?xml[^>]{0,100}?encoding\s*=\s*["'])([\w.:-]+)""", re.I
)
# WHATWG: these labels mean windows-1252 on the web, whatever the header says.
_CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252"}
# Python's punycode decoder is quadratic in the length of an ASCII text: a 5 MB body a header declares
# punycode would take hours. Punycode is for host names, never a page.
_NOT_PAGE_CODECS = frozenset({"punycode"})
_SNIFF_BYTES = 65_536
_CHAOS_MARGIN = 0.05
# charset_normalizer's names, most common first among non-UTF-8 news pages and exports.
_COMMON_CHARSETS = (
    *("cp1252", "latin_1", "iso8859_15", "cp1251", "cp1250", "gb18030", "gbk", "big5", "shift_jis"),
    *("euc_jp", "euc_kr", "koi8_r", "iso8859_2", "iso8859_7", "cp1253", "cp1254", "cp1256"),
)


class UndecodableError(ValueError):
    """The bytes are not text in any encoding we can name."""


def format_from_name(name: str) -> tuple[str | None, bool]:
    """The format an extension names (None when unknown) and whether the file is gzip-compressed."""
    suffixes = [suffix.lower() for suffix in PurePath(name).suffixes]
    compressed = bool(suffixes) and suffixes[-1] == ".gz"
    if compressed:
        suffixes.pop()
    return (FORMATS_BY_EXTENSION.get(suffixes[-1]) if suffixes else None), compressed


def describe_binary(head: bytes) -> str | None:
    """Name the binary format of a file's first bytes, or None when they look like text."""
    for magic, name in _MAGIC_NUMBERS:
        if head.startswith(magic):
            return f"looks like {name}"
    if head[8:12] == b"WEBP" and head.startswith(b"RIFF"):
        return "looks like WebP image"
    if head[4:8] == b"ftyp":
        return "looks like MP4 or QuickTime media"
    if any(head.startswith(bom) for bom, _ in _UNICODE_BOMS):
        return None
    if b"\x00" in head and not _looks_like_bomless_utf16(head):
        return "contains NUL bytes"
    return None


def decode_text(data: bytes) -> str:
    """Decode a whole file: BOM, else UTF-8, else its declared charset, else a detected one."""
    for bom, encoding in _UNICODE_BOMS:
        if data.startswith(bom):
            return _decode_or_raise(data, encoding)
    if b"\x00" in data[:_SNIFF_BYTES] and _looks_like_bomless_utf16(data):
        return _decode_or_raise(data, _bomless_utf16_encoding(data))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _DECLARED_CHARSET.search(data[:_SNIFF_BYTES])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeError):  # UnicodeError: codecs such as "undefined" refuse everything
            pass
    detected = _detect_charset(data)
    if detected is None:
        raise UndecodableError("cannot decode as UTF-8 or a detected charset")
    return data.decode(detected, errors="replace")


def decode_body(content: bytes, charset: str | None) -> str:
    """Decode an HTTP body (a fetched page, a WARC record): a BOM, else the charset its Content-Type
    names, else as a file is (:func:`decode_text`). Raises ``UndecodableError`` when no encoding fits."""
    if content.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(content)
    if charset:
        try:
            codec = codecs.lookup(_CHARSET_ALIASES.get(charset.lower(), charset))
            if codec.name not in _NOT_PAGE_CODECS:
                return content.decode(codec.name)
        except (LookupError, ValueError):  # unknown or wrong (UnicodeError, "undefined" refuses all bytes)
            pass  # judged from the bytes
    return decode_text(content)


def charset_param(content_type: str) -> str | None:
    """The charset a Content-Type header value names (``text/html; charset="koi8-r"``), or None."""
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def stream_encoding(head: bytes) -> str:
    """The encoding of a line-oriented file, judged from its first bytes."""
    for bom, encoding in _UNICODE_BOMS:
        if head.startswith(bom):
            return encoding
    if b"\x00" in head and _looks_like_bomless_utf16(head):
        return _bomless_utf16_encoding(head)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    detected = _detect_charset(head)
    if detected is None:
        raise UndecodableError("cannot decode as UTF-8 or a detected charset")
    return detected


def sniff_format(head: str) -> str:
    """Guess the format of a file with an unknown extension from its decoded beginning."""
    start = head.lstrip("\ufeff \t\r\n")[:2000]
    lowered = start.lower()
    if start.startswith("WARC/"):
        return "warc"
    if start.startswith(("{", "[")):
        lines = [line for line in start.splitlines() if line.strip()]
        if len(lines) > 1 and all(line.lstrip().startswith("{") for line in lines[:-1]):
            return "jsonl"
        return "json"
    if lowered.startswith(("<?xml", "<rss", "<feed", "<opml")):
        return "html" if "<html" in lowered else "feed"
    if lowered.startswith(("<!doctype html", "<html", "<head", "<body")) or "<p>" in lowered:
        return "html"
    if start.startswith(("# ", "---\n")) or re.match(r"[^\n]+\n(=+|-+)\n", start):
        return "markdown"
    return "text"


def _detect_charset(data: bytes) -> str | None:
    """charset_normalizer's guess, with ties broken towards the encodings most common on the web.

    Short texts often decode equally cleanly in several code pages (cp1252 and cp775 alike read "Café"
    without a flaw); the one a Western newsroom actually used is far more likely to be cp1252. The margin
    is wide enough for French in cp1252, which charset_normalizer scores a little worse (0.043) than the
    Baltic cp1257 that turns "façade" into "faēade".
    """
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        return None
    least_chaos = min(match.chaos for match in matches)
    clean = {match.encoding for match in matches if match.chaos <= least_chaos + _CHAOS_MARGIN}
    preferred = next((encoding for encoding in _COMMON_CHARSETS if encoding in clean), None)
    return preferred or charset_normalizer.from_bytes(data).best().encoding  # type: ignore[union-attr]


def _decode_or_raise(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise UndecodableError(f"cannot decode as {encoding.upper()}: {error.reason}") from error


def _bomless_utf16_encoding(head: bytes) -> str:
    # ASCII characters put their NUL byte second in little-endian order, first in big-endian.
    return "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"


def _looks_like_bomless_utf16(head: bytes) -> bool:
    # UTF-16 text without a BOM has NUL in every other byte; binary data does not.
    sample = head[:4096]
    if len(sample) < 4:
        return False
    even_nuls = sample[0::2].count(0) / len(sample[0::2])
    odd_nuls = sample[1::2].count(0) / len(sample[1::2])
    return max(even_nuls, odd_nuls) > 0.9 and min(even_nuls, odd_nuls) < 0.1
