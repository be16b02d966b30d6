"""Story detection: per-article signals, exact average-linkage event similarity, batch-wise assignment."""

from newsprism.cluster.agglomerative import average_linkage
from newsprism.cluster.features import ArticleFeatures, FeatureExtractor, lead_text
from newsprism.cluster.neighbours import NeighbourIndex
from newsprism.cluster.similarity import (
    GroupProfile,
    PreparedFeatures,
    SimilarityWeights,
    average_similarity,
    idf_from_counts,
    prepare,
    similarity,
)
from newsprism.cluster.stories import DEFAULT_THRESHOLD, Assignment, StoryClusterer

__all__ = [
    "DEFAULT_THRESHOLD",
    "ArticleFeatures",
    "Assignment",
    "FeatureExtractor",
    "GroupProfile",
    "NeighbourIndex",
    "PreparedFeatures",
    "SimilarityWeights",
    "StoryClusterer",
    "average_linkage",
    "average_similarity",
    "idf_from_counts",
    "lead_text",
    "prepare",
    "similarity",
]
