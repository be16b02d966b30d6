"""Story detection: per-article signals, pairwise event similarity, incremental assignment."""

from newsprism.cluster.features import ArticleFeatures, FeatureExtractor
from newsprism.cluster.incremental import Assignment, StoryAssigner, StoryIndex
from newsprism.cluster.similarity import (
    PreparedFeatures,
    SimilarityWeights,
    idf_from_counts,
    prepare,
    similarity,
)

__all__ = [
    "ArticleFeatures",
    "Assignment",
    "FeatureExtractor",
    "PreparedFeatures",
    "SimilarityWeights",
    "StoryAssigner",
    "StoryIndex",
    "idf_from_counts",
    "prepare",
    "similarity",
]
