"""Approximate nearest neighbours over unit vectors: where clustering looks for candidates."""

from __future__ import annotations

import numpy as np

_EXACT_UP_TO = 4096  # below this, an exact scan is as fast as a graph index and simpler to reason about


class NeighbourIndex:
    """Inner-product nearest neighbours; positions are insertion order.

    Exact (a matrix scan) while small, then an HNSW graph (faiss), whose search cost grows only with the
    logarithm of the number of vectors.
    """

    def __init__(self, dim: int, links: int = 32, ef_search: int = 96) -> None:
        self.dim = dim
        self.links = links
        self.ef_search = ef_search
        self._exact: list[np.ndarray] = []
        self._matrix: np.ndarray | None = None
        self._graph = None

    def __len__(self) -> int:
        return self._graph.ntotal if self._graph is not None else len(self._exact)

    def add(self, vectors: np.ndarray) -> None:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, self.dim)
        if self._graph is None and len(self._exact) + len(vectors) <= _EXACT_UP_TO:
            self._exact.extend(vectors)
            self._matrix = None
            return
        if self._graph is None:
            self._graph = self._new_graph()
            if self._exact:
                self._graph.add(np.stack(self._exact))
            self._exact, self._matrix = [], None
        self._graph.add(vectors)

    def search(self, vectors: np.ndarray, k: int) -> np.ndarray:
        """Positions of the ``k`` nearest stored vectors per query (-1 pads when fewer are stored)."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, self.dim)
        if len(self) == 0 or len(vectors) == 0:
            return np.full((len(vectors), k), -1, dtype=np.int64)
        if self._graph is not None:
            _, found = self._graph.search(vectors, k)
            return found
        if self._matrix is None:
            self._matrix = np.stack(self._exact)
        scores = vectors @ self._matrix.T
        take = min(k, scores.shape[1])
        top = np.argpartition(-scores, take - 1, axis=1)[:, :take]
        order = np.take_along_axis(scores, top, axis=1).argsort(axis=1)[:, ::-1]
        found = np.take_along_axis(top, order, axis=1)
        if take < k:
            found = np.hstack([found, np.full((len(vectors), k - take), -1, dtype=found.dtype)])
        return found

    def _new_graph(self):
        import faiss

        graph = faiss.IndexHNSWFlat(self.dim, self.links, faiss.METRIC_INNER_PRODUCT)
        graph.hnsw.efConstruction = 80
        graph.hnsw.efSearch = self.ef_search
        return graph
