"""Static sentence embeddings (model2vec) distilled from the packaged MiniLM, for the ingest fast path.

Embedding a title and lead with the transformer costs ~50 ms on two cores, which alone would cap ingest at
about 20 articles/s. A static model keeps one vector per token, computed once from the transformer itself
(``model2vec.distill``: each vocabulary token through MiniLM, PCA to 256 dimensions, SIF weighting), and
embeds a text as the mean of its tokens' vectors: ~10,000 texts/s. It is weaker on meaning (MSRP accuracy
0.726 vs 0.733), so it serves clustering and rewrite detection, where the sparse signals carry most of the
decision, while briefs keep the transformer.

The distilled model is built from the installed MiniLM on first use (about a minute) and kept in the user's
cache folder; ``$NEWSPRISM_STATIC_MODEL`` points at any other model2vec model directory instead.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import platformdirs

from newsprism.models.embedder import default_model_path

if TYPE_CHECKING:
    from model2vec import StaticModel

STATIC_MODEL_ENV = "NEWSPRISM_STATIC_MODEL"
PCA_DIMS = 256


def distilled_model_path(source: Path) -> Path:
    """Where the model distilled from ``source`` is cached (keyed by the source's weights)."""
    weights = next(
        source / name for name in ("model.safetensors", "pytorch_model.bin") if (source / name).exists()
    )
    stat = weights.stat()
    key = hashlib.blake2b(
        f"{weights.resolve()}:{stat.st_size}:{PCA_DIMS}".encode(), digest_size=6
    ).hexdigest()
    return Path(platformdirs.user_cache_dir("newsprism")) / "static-models" / f"{source.name}-m2v-{key}"


def distill_static_model(source: Path, target: Path, show_progress: bool = False) -> Path:
    """Distil ``source`` (a sentence-transformers model directory) into a model2vec model at ``target``;
    ``show_progress`` shows model2vec's progress bar over the vocabulary (with its time left)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    print(
        f"newsprism: distilling a static embedding model from {source} (once, about a minute; "
        "`newsprism models prepare` does it ahead of time)",
        file=sys.stderr,
    )
    previous = os.environ.get("TQDM_DISABLE")
    # model2vec's per-token progress bar would flood a log or an ingest's own progress display.
    os.environ["TQDM_DISABLE"] = "0" if show_progress else "1"
    try:
        from model2vec.distill import distill
        from transformers.utils import logging as transformers_logging

        transformers_logging.set_verbosity_error()
        model = distill(model_name=str(source), pca_dims=PCA_DIMS, device="cpu")
    finally:
        if previous is None:
            os.environ.pop("TQDM_DISABLE", None)
        else:
            os.environ["TQDM_DISABLE"] = previous
    # Per process: Spark executors starting together may all distil; the first rename wins, the rest
    # discard theirs. Atomic: a killed distillation never leaves a half-written model behind.
    partial = target.with_name(f"{target.name}.partial-{os.getpid()}")
    model.save_pretrained(str(partial))
    try:
        partial.rename(target)
    except OSError:
        if not (target / "config.json").is_file():
            raise
        shutil.rmtree(partial, ignore_errors=True)
    return target


class StaticEmbedder:
    """Unit-length float32 embeddings from a model2vec static model.

    Safe to share between threads (the server's ingest and brief builder do): model2vec resets the
    tokenizer's truncation on every call, and a Rust tokenizer used by two threads at once fails with
    "Already borrowed", so loading and encoding hold a lock.
    """

    def __init__(self, model_path: str | Path | None = None) -> None:
        override = model_path or os.environ.get(STATIC_MODEL_ENV)
        self._path = Path(override) if override else None
        self._model: StaticModel | None = None
        self._lock = threading.RLock()

    @property
    def name(self) -> str:
        """Identifies the model in caches: the distilled model's folder name carries its source's hash."""
        return self.model_path.name

    @property
    def model_path(self) -> Path:
        """The given model, else the one distilled from the packaged MiniLM (distilled now if missing);
        resolved once, as it names the model in every brief's fingerprint."""
        with self._lock:
            if self._path is None:
                source = default_model_path()
                path = distilled_model_path(source)
                if not path.exists():
                    path.parent.mkdir(parents=True, exist_ok=True)
                    distill_static_model(source, path)
                self._path = path
            return self._path

    @property
    def model(self) -> StaticModel:
        with self._lock:
            if self._model is None:
                from model2vec import StaticModel

                path = self.model_path
                if not (path / "config.json").is_file():
                    raise FileNotFoundError(f"no model2vec model in {path}")
                self._model = StaticModel.from_pretrained(str(path))
            return self._model

    @property
    def dim(self) -> int:
        return int(self.model.dim)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            vectors = self.model.encode(list(texts), use_multiprocessing=False)
        vectors = np.asarray(vectors, dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return vectors / norms
