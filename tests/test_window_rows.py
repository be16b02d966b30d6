"""The clusterer's window buffers hold exactly the rows appended and not yet dropped, through many
appends, drops and the compactions and reallocations they trigger."""

import numpy as np
import pytest
from scipy import sparse

from newsprism.cluster.rows import DenseRows, SparseRows


def _random_batches(seed: int, batches: int, columns: int) -> list[sparse.csr_matrix]:
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(batches):
        rows = int(rng.integers(0, 9))  # empty batches too
        dense = (rng.random((rows, columns)) > 0.85) * rng.random((rows, columns))
        out.append(sparse.csr_matrix(dense.astype(np.float32)))
    return out


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_sparse_rows_match_a_stacked_matrix_through_appends_and_drops(seed):
    rng = np.random.default_rng(seed + 100)
    rows = SparseRows(40)
    reference = np.zeros((0, 40), dtype=np.float32)
    for batch in _random_batches(seed, 200, 40):
        rows.append(batch)
        reference = np.vstack([reference, batch.toarray()])
        drop = int(rng.integers(0, 8)) if len(reference) > 20 else 0
        rows.drop_front(drop)
        reference = reference[drop:]
        assert len(rows) == len(reference)
        assert rows.nnz == np.count_nonzero(reference)
        picks = rng.integers(0, len(reference), size=min(5, len(reference))) if len(reference) else []
        np.testing.assert_array_equal(rows.rows(picks).toarray(), reference[picks])
    np.testing.assert_array_equal(rows.rows(np.arange(len(reference))).toarray(), reference)


def test_sparse_rows_keep_memory_near_the_live_rows():
    """A window of fixed length that slides forever must not grow its buffers without bound."""
    rows = SparseRows(1000)
    batch = sparse.random(50, 1000, density=0.05, format="csr", dtype=np.float32, random_state=1)
    for _ in range(400):
        rows.append(batch)
        rows.drop_front(max(0, len(rows) - 500))
    assert len(rows) == 500
    assert len(rows._data) <= 2 * rows.nnz + 2 * batch.nnz


def test_dense_rows_match_a_stacked_array_through_appends_and_drops():
    rng = np.random.default_rng(7)
    rows = DenseRows()
    reference = np.zeros((0, 3), dtype=np.float32)
    for _ in range(300):
        batch = rng.random((int(rng.integers(1, 6)), 3)).astype(np.float32)
        rows.append(batch)
        reference = np.vstack([reference, batch])
        if len(reference) > 30:
            drop = int(rng.integers(0, 6))
            rows.drop_front(drop)
            reference = reference[drop:]
        np.testing.assert_array_equal(rows.array, reference)
    assert len(rows._buffer) <= 2 * len(reference) + 16
