"""The packaged models, loaded from installed files, never from a hub.

Both are loaded lazily and held by a :class:`Models` instance that the pipeline owns, so nothing is
global and a test or a Spark executor can build exactly one set per process.
"""

from newsprism.models.cache import (
    CachedEmbedder,
    MemoryVectors,
    SentenceEmbedder,
    VectorStore,
    sentence_embedders,
    text_key,
)
from newsprism.models.embedder import Embedder, default_model_path
from newsprism.models.entities import Entity, EntityTagger
from newsprism.models.registry import Models
from newsprism.models.static import StaticEmbedder

__all__ = [
    "CachedEmbedder",
    "Embedder",
    "Entity",
    "EntityTagger",
    "MemoryVectors",
    "Models",
    "SentenceEmbedder",
    "StaticEmbedder",
    "VectorStore",
    "default_model_path",
    "sentence_embedders",
    "text_key",
]
