"""How alike two articles' *events* are: agreement of several signals minus evidence of a different event."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from newsprism.cluster.features import ArticleFeatures

NAME_PREFIX = "@"  # names share the document-frequency table with terms under this prefix


@dataclass(frozen=True, slots=True)
class SimilarityWeights:
    """Weights of the pairwise event similarity; the defaults are tuned on ECB+ topics 1-25 (see docs)."""

    embedding: float = 0.25
    terms: float = 0.25
    names: float = 0.5
    year_conflict: float = 0.3
    weekday_conflict: float = 0.15
    # Published more than `time_grace_days` apart: a penalty growing to `time_penalty` over `time_decay_days`.
    time_penalty: float = 0.3
    time_grace_days: float = 2.0
    time_decay_days: float = 10.0


@dataclass(frozen=True, slots=True)
class PreparedFeatures:
    """Features with TF-IDF weights applied and normalised, ready for fast dot products."""

    features: ArticleFeatures
    terms: dict[str, float]
    names: dict[str, float]


def idf_from_counts(document_count: int, frequencies: Mapping[str, int]) -> Callable[[str], float]:
    """Smoothed IDF, as scikit-learn computes it, from counts kept in the store."""

    def idf(term: str) -> float:
        return math.log((1 + document_count) / (1 + frequencies.get(term, 0))) + 1.0

    return idf


def _weighted(values: Mapping[str, float], idf: Callable[[str], float], prefix: str = "") -> dict[str, float]:
    weighted = {k: v * idf(prefix + k) for k, v in values.items()}
    norm = math.sqrt(sum(w * w for w in weighted.values()))
    return {k: w / norm for k, w in weighted.items()} if norm else {}


def prepare(features: ArticleFeatures, idf: Callable[[str], float]) -> PreparedFeatures:
    return PreparedFeatures(
        features=features,
        terms=_weighted(features.terms, idf),
        names=_weighted(features.names, idf, NAME_PREFIX),
    )


def sparse_dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b[k] for k, v in a.items() if k in b)


def _conflict(a: frozenset, b: frozenset) -> float:
    """1 when both mention values and none is shared (two different years: two different events)."""
    return 1.0 if a and b and not (a & b) else 0.0


def time_penalty(a: ArticleFeatures, b: ArticleFeatures, weights: SimilarityWeights) -> float:
    if a.published is None or b.published is None:
        return 0.0
    days = abs((a.published - b.published).total_seconds()) / 86400
    excess = max(0.0, days - weights.time_grace_days)
    return weights.time_penalty * min(1.0, excess / weights.time_decay_days)


def similarity(a: PreparedFeatures, b: PreparedFeatures, weights: SimilarityWeights) -> float:
    fa, fb = a.features, b.features
    return (
        weights.embedding * float(np.dot(fa.vector, fb.vector))
        + weights.terms * sparse_dot(a.terms, b.terms)
        + weights.names * sparse_dot(a.names, b.names)
        - weights.year_conflict * _conflict(fa.years, fb.years)
        - weights.weekday_conflict * _conflict(fa.weekdays, fb.weekdays)
        - time_penalty(fa, fb, weights)
    )
