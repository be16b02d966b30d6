"""Embeddings cached by a hash of the text, so nothing is embedded twice across runs."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Protocol

import numpy as np

from newsprism.models.embedder import Embedder
from newsprism.models.registry import Models


class VectorStore(Protocol):
    def vectors(self, model: str, keys: Sequence[str]) -> dict[str, np.ndarray]: ...

    def put_vectors(self, model: str, vectors: dict[str, np.ndarray]) -> None: ...


def text_key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


class CachedEmbedder:
    """An :class:`Embedder` in front of a vector store; only texts never seen before reach the model."""

    def __init__(self, embedder: Embedder, store: VectorStore) -> None:
        self.embedder = embedder
        self.store = store
        self.computed = 0  # how many texts went through the model, for progress and benchmarks

    @property
    def name(self) -> str:
        return self.embedder.name

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        keys = [text_key(t) for t in texts]
        known = self.store.vectors(self.embedder.name, keys)
        missing = list(dict.fromkeys(k for k in keys if k not in known))
        if missing:
            first_text = dict(zip(keys, texts, strict=True))
            fresh = self.embedder.encode([first_text[k] for k in missing])
            new = dict(zip(missing, fresh, strict=True))
            self.store.put_vectors(self.embedder.name, new)
            self.computed += len(missing)
            # Round through float16 like stored vectors, so a cache hit and a miss give identical results.
            known.update({k: v.astype(np.float16).astype(np.float32) for k, v in new.items()})
        if not keys:
            return np.zeros((0, self.embedder.dim), dtype=np.float32)
        return np.stack([known[k] for k in keys])


class MemoryVectors:
    """A :class:`VectorStore` in memory, for builds with no database at hand (the batch job's executors):
    vectors go through the same float16 round trip as stored ones, so results match a stored build."""

    def __init__(self) -> None:
        self._vectors: dict[tuple[str, str], np.ndarray] = {}

    def vectors(self, model: str, keys: Sequence[str]) -> dict[str, np.ndarray]:
        return {k: v for k in keys if (v := self._vectors.get((model, k))) is not None}

    def put_vectors(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        for key, vector in vectors.items():
            self._vectors[(model, key)] = vector.astype(np.float16).astype(np.float32)


class SentenceEmbedder(Protocol):
    @property
    def name(self) -> str: ...  # read-only: the embedders compute it from their model

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def sentence_embedders(
    models: Models, store: VectorStore
) -> tuple[SentenceEmbedder, SentenceEmbedder | None]:
    """What embeds sentences for briefs, and what re-checks the pairs that may disagree on a figure (None:
    the first is trusted), per ``Models.sentence_model``. The full model always sits behind the store's
    vector cache; the static model is used as is (caching it would cost more than it saves)."""
    if models.sentence_model == "full":
        return CachedEmbedder(models.embedder, store), None
    if models.sentence_model == "fast":
        return models.static_embedder, CachedEmbedder(models.embedder, store)
    return models.static_embedder, None
