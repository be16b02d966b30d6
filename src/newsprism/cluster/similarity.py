"""How alike two articles are as *events*, in a form that sums over groups.

The pairwise similarity of two articles is a weighted sum of dot products (the embedding, and the TF-IDF
channels, each unit-normalised and scaled by the square root of its weight so that one sparse dot product
of the combined rows gives the weighted sum) minus penalties for conflicting specifics (different years,
different weekdays). Dot products are bilinear, so the *total* similarity over all pairs of two groups is the
dot product of the groups' sums, and the penalties are counted from small histograms of year and weekday
sets: a story of any size is compared with a new article exactly, at the cost of one row.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from scipy import sparse
from sklearn.preprocessing import normalize

from newsprism.cluster.features import CHANNELS, HASH_FEATURES, ArticleFeatures

_PAIR_CHUNK = 4096


def _default_channel_weights() -> dict[str, float]:
    return {"terms": 0.30, "lead": 0.20, "title": 0.10, "names": 0.15, "numbers": 0.10}


@dataclass(frozen=True)
class SimilarityWeights:
    """Weights of the event similarity; tuned on ECB+ topics 1-25 with topic-split validation (docs)."""

    embedding: float = 0.15
    channels: Mapping[str, float] = field(default_factory=_default_channel_weights)
    year_conflict: float = 0.35
    weekday_conflict: float = 0.15


class DocumentFrequencies:
    """How many articles use each hashed bucket: IDF weights that grow with the store."""

    def __init__(self, counts: np.ndarray | None = None, documents: int = 0) -> None:
        self.counts = counts if counts is not None else np.zeros(HASH_FEATURES, dtype=np.int32)
        self.documents = documents
        self._idf: np.ndarray | None = None

    def add(self, buckets: np.ndarray) -> None:
        """Count one more document using each of ``buckets`` (distinct)."""
        self.counts[buckets] += 1
        self.documents += 1
        self._idf = None

    @property
    def idf(self) -> np.ndarray:
        """Smoothed IDF, as scikit-learn computes it."""
        if self._idf is None:
            self._idf = (np.log((1.0 + self.documents) / (1.0 + self.counts)) + 1.0).astype(np.float32)
        return self._idf


def weighted_matrix(
    features: Sequence[ArticleFeatures], idf: np.ndarray, weights: SimilarityWeights
) -> sparse.csr_matrix:
    """One row per article: the channels TF-IDF weighted, unit-normalised, scaled by sqrt(weight), summed."""
    total = sparse.csr_matrix((len(features), HASH_FEATURES), dtype=np.float32)
    for channel in CHANNELS:
        weight = weights.channels.get(channel, 0.0)
        if not weight or not features:
            continue
        parts = [f.channels[channel] for f in features]
        indptr = np.concatenate([[0], np.cumsum([len(i) for i, _ in parts])])
        indices = np.concatenate([i for i, _ in parts]) if parts else np.zeros(0, np.int32)
        values = np.concatenate([v for _, v in parts]) if parts else np.zeros(0, np.float32)
        matrix = sparse.csr_matrix(
            (values * idf[indices], indices, indptr), shape=(len(features), HASH_FEATURES), dtype=np.float32
        )
        matrix.sum_duplicates()
        total = total + normalize(matrix) * math.sqrt(weight)
    return total.tocsr()


@dataclass(frozen=True, slots=True)
class SparseVector:
    """A sparse row as sorted unique bucket indices and their values.

    scipy's sparse products and sums walk a workspace as wide as the matrix (2**22 buckets) on every call;
    these sum and dot in time proportional to the entries actually present.
    """

    indices: np.ndarray
    values: np.ndarray

    @classmethod
    def sum_of(cls, matrix: sparse.csr_matrix) -> SparseVector:
        """The sum of the matrix's rows."""
        return cls.from_entries(matrix.indices, matrix.data)

    @classmethod
    def from_entries(cls, indices: np.ndarray, values: np.ndarray) -> SparseVector:
        unique, inverse = np.unique(indices, return_inverse=True)
        return cls(unique.astype(np.int32), np.bincount(inverse, weights=values).astype(np.float32))

    def __add__(self, other: SparseVector) -> SparseVector:
        return SparseVector.from_entries(
            np.concatenate([self.indices, other.indices]), np.concatenate([self.values, other.values])
        )

    def dot(self, other: SparseVector) -> float:
        """Binary search of the shorter row's indices in the longer one's: a story's summed row can hold
        thousands of buckets, a new article's a few hundred."""
        short, long = (self, other) if len(self.indices) <= len(other.indices) else (other, self)
        if not len(short.indices) or not len(long.indices):
            return 0.0
        at = np.minimum(np.searchsorted(long.indices, short.indices), len(long.indices) - 1)
        found = long.indices[at] == short.indices
        return float(short.values[found] @ long.values[at[found]])


def paired_similarity(
    a: tuple[np.ndarray, sparse.csr_matrix],
    b: tuple[np.ndarray, sparse.csr_matrix],
    pairs: tuple[np.ndarray, np.ndarray],
    weights: SimilarityWeights,
) -> np.ndarray:
    """The direct event similarity (before conflict penalties) of each pair ``(i, j)``: row i of ``a``'s
    vectors and term matrix with row j of ``b``'s. Candidate pairs need only these, where the whole
    product of a batch with its candidates is a dense matrix that grows with the window; pairs go in
    chunks, so memory stays bounded however many there are."""
    left, right = pairs
    out = np.empty(len(left), dtype=np.float64)
    for start in range(0, len(left), _PAIR_CHUNK):
        i, j = left[start : start + _PAIR_CHUNK], right[start : start + _PAIR_CHUNK]
        dense = np.einsum("ij,ij->i", a[0][i], b[0][j])
        terms = np.asarray(a[1][i].multiply(b[1][j]).sum(axis=1)).ravel()
        out[start : start + len(i)] = weights.embedding * dense + terms
    return out


def conflicting_pairs(a: Counter[frozenset], b: Counter[frozenset]) -> int:
    """Pairs where both members name values (years, weekdays) and none is shared."""
    total = 0
    for values_a, count_a in a.items():
        if not values_a:
            continue
        for values_b, count_b in b.items():
            if values_b and values_a.isdisjoint(values_b):
                total += count_a * count_b
    return total


class Dated(Protocol):
    """What conflict penalties compare: an article's features, or the part of them the window keeps."""

    @property
    def years(self) -> frozenset[int]: ...

    @property
    def weekdays(self) -> frozenset[str]: ...


def conflict_penalty(a: Dated, b: Dated, weights: SimilarityWeights) -> float:
    penalty = 0.0
    if a.years and b.years and a.years.isdisjoint(b.years):
        penalty += weights.year_conflict
    if a.weekdays and b.weekdays and a.weekdays.isdisjoint(b.weekdays):
        penalty += weights.weekday_conflict
    return penalty
