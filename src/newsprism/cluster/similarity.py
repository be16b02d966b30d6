"""How alike two articles are as *events*, in a form that sums over groups.

The pairwise similarity of two articles is a weighted sum of dot products (the embedding, and the TF-IDF
channels, each unit-normalised and scaled by the square root of its weight so that one sparse dot product
of the combined rows gives the weighted sum) minus penalties for conflicting specifics (different years,
weekdays or days of the year named) plus an allowance for pairs written in two languages. Dot products are
bilinear, so the *total* similarity over all pairs of two groups is the dot product of the groups' sums,
and the penalties are counted from small histograms of the groups' dates and languages: a story of any
size is compared with a new article exactly, at the cost of one row.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

import numpy as np
from scipy import sparse
from sklearn.preprocessing import normalize

from newsprism.cluster.features import CHANNELS, HASH_FEATURES, ArticleFeatures, Specifics

_V = TypeVar("_V")  # a value conflicting_pairs compares (a year, a weekday...)
_PAIR_CHUNK = 4096


def _default_channel_weights() -> dict[str, float]:
    return {"terms": 0.281, "lead": 0.011, "title": 0.029, "names": 0.206, "numbers": 0.118}


@dataclass(frozen=True)
class SimilarityWeights:
    """Weights of the event similarity, found by a search over real multilingual news (realnews dev) that
    kept ECB+ dev at 0.94 and the SemEval correlation near TF-IDF's (docs/stories.md)."""

    embedding: float = 0.121
    channels: Mapping[str, float] = field(default_factory=_default_channel_weights)
    year_conflict: float = 0.067
    weekday_conflict: float = 0.051
    date_conflict: float = 0.053  # both name days of the year ("17 October", "13. Oktober"), none shared
    period_conflict: float = 0.061  # published more than about a week apart (features.publication_weeks)
    # Two languages share few words, so the word channels of a cross-lingual pair stay near zero even for
    # reports of one event: this much is given back to every pair written in two languages.
    cross_lingual: float = 0.09
    figure_conflict: float = 0.01  # neither lead's figures are in the other article (specifics_conflict)
    name_conflict: float = 0.013  # the same for the names the leads give
    # The same for ordinals: "the seventh test flight" beside "the eighth", "the third cut this year"
    # beside "the fourth". Events of a series share everything else; reports of one event rarely differ.
    ordinal_conflict: float = 0.2


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
    # scipy-stubs has no overload for an empty matrix of a shape with a float32 dtype
    total = sparse.csr_matrix((len(features), HASH_FEATURES), dtype=np.float32)  # type: ignore[arg-type]
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


def conflicting_pairs(a: Counter[frozenset[_V]], b: Counter[frozenset[_V]]) -> int:
    """Pairs where both members name values (years, weekdays, dates) and none is shared."""
    total = 0
    for values_a, count_a in a.items():
        if not values_a:
            continue
        for values_b, count_b in b.items():
            if values_b and values_a.isdisjoint(values_b):
                total += count_a * count_b
    return total


def specifics_conflict(a: Specifics, b: Specifics) -> bool:
    """Both leads name figures (or names) and neither lead's are anywhere in the other article: "0-4" in
    one lead, "4-3" in the other; Helene beside Milton. Reports of one event repeat each other's key
    specifics; look-alike events have their own."""
    (lead_a, all_a), (lead_b, all_b) = a, b
    return bool(lead_a) and bool(lead_b) and lead_a.isdisjoint(all_b) and lead_b.isdisjoint(all_a)


def conflicting_specifics(a: Counter[Specifics], b: Counter[Specifics], limit: int = 64) -> float:
    """Pairs of members of two groups whose specifics conflict. Past ``limit`` distinct values a side,
    the first ``limit`` stand for the rest (scaled to the group's size), so a large story costs the same
    as a small one."""
    sample_a, sample_b = list(a.items())[:limit], list(b.items())[:limit]
    total = sum(
        count_a * count_b
        for values_a, count_a in sample_a
        for values_b, count_b in sample_b
        if specifics_conflict(values_a, values_b)
    )
    scale_a = a.total() / sum(c for _, c in sample_a) if sample_a else 0.0
    scale_b = b.total() / sum(c for _, c in sample_b) if sample_b else 0.0
    return total * scale_a * scale_b


def cross_lingual_pairs(a: Counter[str], b: Counter[str]) -> int:
    """Pairs whose members are in two different known languages."""
    known_a = sum(count for language, count in a.items() if language)
    known_b = sum(count for language, count in b.items() if language)
    same = sum(count * b[language] for language, count in a.items() if language)
    return known_a * known_b - same


class Dated(Protocol):
    """What the pair signals compare: an article's features, or the part of them the window keeps."""

    @property
    def years(self) -> frozenset[int]: ...

    @property
    def weekdays(self) -> frozenset[str]: ...

    @property
    def dates(self) -> frozenset[str]: ...

    @property
    def period(self) -> frozenset[str]: ...

    @property
    def language(self) -> str | None: ...

    @property
    def figures(self) -> Specifics: ...

    @property
    def names(self) -> Specifics: ...

    @property
    def ordinals(self) -> Specifics: ...


def conflict_penalty(a: Dated, b: Dated, weights: SimilarityWeights) -> float:
    """What the pair loses for conflicting specifics, less the allowance for writing in two languages."""
    penalty = 0.0
    if a.years and b.years and a.years.isdisjoint(b.years):
        penalty += weights.year_conflict
    if a.weekdays and b.weekdays and a.weekdays.isdisjoint(b.weekdays):
        penalty += weights.weekday_conflict
    if a.dates and b.dates and a.dates.isdisjoint(b.dates):
        penalty += weights.date_conflict
    if a.period and b.period and a.period.isdisjoint(b.period):
        penalty += weights.period_conflict
    if specifics_conflict(a.figures, b.figures):
        penalty += weights.figure_conflict
    if specifics_conflict(a.names, b.names):
        penalty += weights.name_conflict
    if specifics_conflict(a.ordinals, b.ordinals):
        penalty += weights.ordinal_conflict
    if a.language and b.language and a.language != b.language:
        penalty -= weights.cross_lingual
    return penalty


@dataclass
class PairSignals:
    """Histograms of a group's dates and languages: the penalties summed over every pair of members of two
    groups, in time independent of the groups' sizes."""

    years: Counter[frozenset[int]] = field(default_factory=Counter)
    weekdays: Counter[frozenset[str]] = field(default_factory=Counter)
    dates: Counter[frozenset[str]] = field(default_factory=Counter)
    period: Counter[frozenset[str]] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    figures: Counter[Specifics] = field(default_factory=Counter)
    names: Counter[Specifics] = field(default_factory=Counter)
    ordinals: Counter[Specifics] = field(default_factory=Counter)

    @classmethod
    def of(cls, items: Sequence[Dated]) -> PairSignals:
        signals = cls()
        for item in items:
            signals.add(item)
        return signals

    def add(self, item: Dated) -> None:
        self.years[item.years] += 1
        self.weekdays[item.weekdays] += 1
        self.dates[item.dates] += 1
        self.period[item.period] += 1
        self.languages[item.language or ""] += 1
        self.figures[item.figures] += 1
        self.names[item.names] += 1
        self.ordinals[item.ordinals] += 1

    def update(self, other: PairSignals) -> None:
        self.years.update(other.years)
        self.weekdays.update(other.weekdays)
        self.dates.update(other.dates)
        self.period.update(other.period)
        self.languages.update(other.languages)
        self.figures.update(other.figures)
        self.names.update(other.names)
        self.ordinals.update(other.ordinals)

    def copy(self) -> PairSignals:
        return PairSignals(
            self.years.copy(),
            self.weekdays.copy(),
            self.dates.copy(),
            self.period.copy(),
            self.languages.copy(),
            self.figures.copy(),
            self.names.copy(),
            self.ordinals.copy(),
        )

    def penalty(self, other: PairSignals, weights: SimilarityWeights) -> float:
        """The summed :func:`conflict_penalty` of every pair of a member of each group."""
        return (
            weights.year_conflict * conflicting_pairs(self.years, other.years)
            + weights.weekday_conflict * conflicting_pairs(self.weekdays, other.weekdays)
            + weights.date_conflict * conflicting_pairs(self.dates, other.dates)
            + weights.period_conflict * conflicting_pairs(self.period, other.period)
            + weights.figure_conflict * conflicting_specifics(self.figures, other.figures)
            + weights.name_conflict * conflicting_specifics(self.names, other.names)
            + weights.ordinal_conflict * conflicting_specifics(self.ordinals, other.ordinals)
            - weights.cross_lingual * cross_lingual_pairs(self.languages, other.languages)
        )


def event_similarity(
    features: Sequence[ArticleFeatures],
    pairs: Sequence[tuple[int, int]],
    frequencies: DocumentFrequencies,
    weights: SimilarityWeights,
) -> np.ndarray:
    """The event similarity of each pair ``(i, j)`` of ``features``, penalties included: the score story
    detection compares with its threshold (a single pair is a story of one beside a story of one)."""
    if not pairs:
        return np.zeros(0, dtype=np.float64)
    vectors = np.stack([f.vector for f in features]).astype(np.float32)
    matrix = weighted_matrix(features, frequencies.idf, weights)
    left, right = (np.array(side, dtype=np.int64) for side in zip(*pairs, strict=True))
    scores = paired_similarity((vectors, matrix), (vectors, matrix), (left, right), weights)
    penalties = [conflict_penalty(features[i], features[j], weights) for i, j in pairs]
    return scores - np.array(penalties)
