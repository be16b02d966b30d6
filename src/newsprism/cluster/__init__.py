"""Story detection: per-article signals, exact average-linkage event similarity, batch-wise assignment."""

from newsprism.cluster.agglomerative import average_linkage
from newsprism.cluster.features import ArticleFeatures, FeatureExtractor, channel_terms, lead_text
from newsprism.cluster.names import proper_names
from newsprism.cluster.similarity import (
    DocumentFrequencies,
    SimilarityWeights,
    conflict_penalty,
    weighted_matrix,
)
from newsprism.cluster.stories import DEFAULT_THRESHOLD, Assignment, StoryClusterer

__all__ = [
    "DEFAULT_THRESHOLD",
    "ArticleFeatures",
    "Assignment",
    "DocumentFrequencies",
    "FeatureExtractor",
    "SimilarityWeights",
    "StoryClusterer",
    "average_linkage",
    "channel_terms",
    "conflict_penalty",
    "lead_text",
    "proper_names",
    "weighted_matrix",
]
