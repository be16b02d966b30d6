"""One input file (or standard input) as the readers see it: bytes, gzip undone, decoded on demand.

Reading is bounded: a file read whole may hold at most ``limit`` bytes (checked on the file's size before
reading when it is not compressed), and a gzip stream stops inflating at its limit, so neither a huge file
nor a gzip bomb is ever held in memory; both raise :class:`InputTooLargeError` naming the limit.
"""

from __future__ import annotations

import gzip
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from newsprism.ingest.detect import decode_text
from newsprism.ingest.options import MAX_DECOMPRESSED_BYTES, MIB

HEAD_BYTES = 65_536


class InputTooLargeError(ValueError):
    """An input over one of ``ReadOptions``' size limits; the message names the limit."""


def describe_size(size: int) -> str:
    """``64 MiB``, ``1024 MiB``, ``1.5 MiB`` or ``900 bytes``: sizes as the error messages show them."""
    return f"{round(size / MIB, 1):g} MiB" if size >= MIB else f"{size} bytes"


@dataclass(frozen=True, slots=True)
class Source:
    """Where a reader's bytes come from; ``origin`` is how errors and documents name it."""

    origin: str
    path: Path | None
    compressed: bool = False
    data: bytes | None = None  # standard input, already read

    def open(self, max_decompressed: int = MAX_DECOMPRESSED_BYTES) -> BinaryIO:
        """A binary stream of the (decompressed) content, for readers that go line by line.

        A compressed stream raises :class:`InputTooLargeError` once it has inflated past
        ``max_decompressed`` bytes.
        """
        if self.path is None:
            buffer = io.BytesIO(self.data or b"")
            if not self.compressed:
                return buffer
            return _Inflated(gzip.GzipFile(fileobj=buffer, mode="rb"), max_decompressed)
        if self.compressed:
            return _Inflated(gzip.open(self.path, "rb"), max_decompressed)
        return self.path.open("rb")

    def head(self, size: int = HEAD_BYTES) -> bytes:
        with self.open() as stream:
            return stream.read(size)

    def read_bytes(self, limit: int) -> bytes:
        """The whole (decompressed) content, or :class:`InputTooLargeError` when it exceeds ``limit``."""
        size = self._stored_size()
        if size is not None and size > limit:
            raise InputTooLargeError(
                f"too large: {describe_size(size)}, over the {describe_size(limit)} limit for a file read"
                " whole (ReadOptions.max_file_bytes); JSON Lines files are streamed and have no such limit"
            )
        with self.open(max_decompressed=limit + 1) as stream:
            data = stream.read(limit + 1)
        if len(data) > limit:
            raise InputTooLargeError(
                f"too large: decompresses to more than {describe_size(limit)}, the limit for a file read"
                " whole (ReadOptions.max_file_bytes)"
            )
        return data

    def read_text(self, limit: int) -> str:
        """The whole content decoded; raises ``UndecodableError`` when no encoding fits."""
        return decode_text(self.read_bytes(limit))

    def _stored_size(self) -> int | None:
        if self.compressed:
            return None
        if self.path is None:
            return len(self.data or b"")
        return self.path.stat().st_size


if TYPE_CHECKING:
    # A buffered binary stream is a BinaryIO, as typeshed declares io.BytesIO, so the checker holds _Inflated
    # to BinaryIO's methods. Only for the checker: at run time typing.BinaryIO would add ``mode`` and ``name``
    # properties that answer None, which file-like consumers (pyarrow) read.
    class _BinaryStream(io.BufferedIOBase, BinaryIO): ...
else:
    _BinaryStream = io.BufferedIOBase


class _Inflated(_BinaryStream):
    """A gzip stream that refuses to inflate past a limit (a gzip bomb stops there)."""

    def __init__(self, inner: gzip.GzipFile, limit: int) -> None:
        super().__init__()
        self._inner = inner
        self._limit = limit
        self._total = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        return self._count(self._inner.read(self._bounded(size)))

    def readline(self, size: int | None = -1) -> bytes:
        return self._count(self._inner.readline(self._bounded(size)))

    def close(self) -> None:
        self._inner.close()
        super().close()

    def _bounded(self, size: int | None) -> int:
        # At most one byte past the limit, so that going over it is seen without inflating further.
        room = self._limit + 1 - self._total
        return room if size is None or size < 0 else min(size, room)

    def _count(self, data: bytes) -> bytes:
        self._total += len(data)
        if self._total > self._limit:
            raise InputTooLargeError(
                f"decompresses to more than {describe_size(self._limit)}"
                " (ReadOptions.max_decompressed_bytes): a gzip bomb, or a dump to split"
            )
        return data
