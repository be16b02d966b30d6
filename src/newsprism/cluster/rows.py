"""Row storage for the clusterer's sliding window: append at the end, drop from the front.

Stacking a batch onto the window's matrices (``np.vstack``, ``sparse.vstack``) copies the whole window every
batch, so the cost per article grew with the window, and each copy briefly doubled its memory. These keep
their rows in buffers with spare room at the end: appending copies only the new rows, dropping from the
front only moves a start mark, and the live rows are moved back to the start of the buffer when the room
runs out, which happens once per ``slack`` of the buffer's size: amortized, a constant cost per row.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

GROWTH = 1.25  # a full buffer is reallocated this much larger than its live rows need


def _room(live: int, needed: int) -> int:
    return max(int(GROWTH * (live + needed)), 64)


class DenseRows:
    """Float32 rows of one width, the first appended rows' (the window's embeddings)."""

    def __init__(self) -> None:
        self._buffer = np.zeros((0, 0), dtype=np.float32)
        self._start = self._stop = 0

    def __len__(self) -> int:
        return self._stop - self._start

    @property
    def array(self) -> np.ndarray:
        """The live rows, a view (valid until the next append)."""
        return self._buffer[self._start : self._stop]

    def append(self, rows: np.ndarray) -> None:
        count = len(rows)
        if self._stop + count > len(self._buffer):
            live = self.array
            if len(live) + count > len(self._buffer) / GROWTH:
                buffer = np.empty((_room(len(live), count), rows.shape[1]), dtype=np.float32)
            else:
                buffer = self._buffer
            if len(live):
                buffer[: len(live)] = live  # numpy copies overlapping slices correctly
            self._buffer, self._start, self._stop = buffer, 0, len(live)
        self._buffer[self._stop : self._stop + count] = rows
        self._stop += count

    def drop_front(self, count: int) -> None:
        self._start += min(count, len(self))


class SparseRows:
    """CSR rows over a fixed column space (the window's weighted term rows)."""

    def __init__(self, columns: int) -> None:
        self.columns = columns
        self._data = np.zeros(0, dtype=np.float32)
        self._indices = np.zeros(0, dtype=np.int32)
        self._indptr = np.zeros(1, dtype=np.int64)  # absolute offsets into the two buffers above
        self._start = self._stop = 0  # live rows are indptr positions [start, stop)

    def __len__(self) -> int:
        return self._stop - self._start

    @property
    def nnz(self) -> int:
        return int(self._indptr[self._stop] - self._indptr[self._start])

    def append(self, matrix: sparse.csr_matrix) -> None:
        matrix = matrix.tocsr()
        rows, entries = matrix.shape[0], matrix.nnz
        end = int(self._indptr[self._stop])
        if end + entries > len(self._data) or self._stop + rows + 1 > len(self._indptr):
            self._compact(rows, entries)
            end = int(self._indptr[self._stop])
        self._data[end : end + entries] = matrix.data
        self._indices[end : end + entries] = matrix.indices
        self._indptr[self._stop + 1 : self._stop + rows + 1] = end + matrix.indptr[1:]
        self._stop += rows

    def drop_front(self, count: int) -> None:
        self._start += min(count, len(self))

    def rows(self, positions: Sequence[int] | np.ndarray) -> sparse.csr_matrix:
        """The rows at ``positions`` (0 = the oldest live row), as a CSR matrix of their own."""
        at = np.asarray(positions, dtype=np.int64) + self._start
        starts, ends = self._indptr[at], self._indptr[at + 1]
        lengths = ends - starts
        indptr = np.zeros(len(at) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        picks = np.repeat(starts - indptr[:-1], lengths) + np.arange(indptr[-1])
        return sparse.csr_matrix(
            (self._data[picks], self._indices[picks], indptr), shape=(len(at), self.columns)
        )

    def _compact(self, rows: int, entries: int) -> None:
        """Move the live rows to the buffers' start, into larger buffers when they would still not fit."""
        first, last = int(self._indptr[self._start]), int(self._indptr[self._stop])
        live_rows, live_entries = len(self), last - first
        data, indices, indptr = self._data, self._indices, self._indptr
        if live_entries + entries > len(data) / GROWTH:
            data = np.empty(_room(live_entries, entries), dtype=np.float32)
            indices = np.empty(len(data), dtype=np.int32)
        if live_rows + rows + 1 > len(indptr) / GROWTH:
            indptr = np.empty(_room(live_rows + 1, rows), dtype=np.int64)
        data[:live_entries] = self._data[first:last]
        indices[:live_entries] = self._indices[first:last]
        indptr[: live_rows + 1] = self._indptr[self._start : self._stop + 1] - first
        self._data, self._indices, self._indptr = data, indices, indptr
        self._start, self._stop = 0, live_rows
