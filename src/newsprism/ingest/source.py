"""One input file (or standard input) as the readers see it: bytes, gzip undone, decoded on demand."""

from __future__ import annotations

import gzip
import io
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from newsprism.ingest.detect import decode_text

HEAD_BYTES = 65_536


@dataclass(frozen=True, slots=True)
class Source:
    """Where a reader's bytes come from; ``origin`` is how errors and documents name it."""

    origin: str
    path: Path | None
    compressed: bool = False
    data: bytes | None = None  # standard input, already read

    def open(self) -> BinaryIO:
        """A binary stream of the (decompressed) content, for readers that go line by line."""
        if self.path is None:
            buffer = io.BytesIO(self.data or b"")
            return gzip.GzipFile(fileobj=buffer, mode="rb") if self.compressed else buffer
        return gzip.open(self.path, "rb") if self.compressed else self.path.open("rb")  # type: ignore[return-value]

    def head(self, size: int = HEAD_BYTES) -> bytes:
        with self.open() as stream:
            return stream.read(size)

    def read_bytes(self) -> bytes:
        with self.open() as stream:
            return stream.read()

    def read_text(self) -> str:
        """The whole content decoded; raises ``UndecodableError`` when no encoding fits."""
        return decode_text(self.read_bytes())
