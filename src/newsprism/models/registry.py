"""One place that owns the loaded models of a pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from newsprism.models.embedder import Embedder
from newsprism.models.entities import DEFAULT_SPACY_MODEL, EntityTagger
from newsprism.models.static import StaticEmbedder

SentenceModel = Literal["static", "full"]


@dataclass
class Models:
    """Lazily built models; pass one instance around instead of reloading per call.

    ``sentence_model`` picks what embeds a story's sentences for its brief: the full transformer (about
    180 sentences/s, vectors cached in the store, so a story's sentences are embedded once) or the static
    model (about 10,000 sentences/s: a never-briefed story costs about what a cached one does; its
    alignment of reworded claims is weaker: on NeuS ROUGE within 0.6 points, but it misses one of the
    demo corpus's discrepancies).
    """

    embedding_model: str | Path | None = None
    static_model: str | Path | None = None
    spacy_model: str = DEFAULT_SPACY_MODEL
    sentence_model: SentenceModel = "full"
    _embedder: Embedder | None = field(default=None, init=False, repr=False)
    _static: StaticEmbedder | None = field(default=None, init=False, repr=False)
    _tagger: EntityTagger | None = field(default=None, init=False, repr=False)

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = Embedder(self.embedding_model)
        return self._embedder

    @property
    def static_embedder(self) -> StaticEmbedder:
        """The fast embedder of the ingest path (see ``models.static``)."""
        if self._static is None:
            self._static = StaticEmbedder(self.static_model)
        return self._static

    @property
    def tagger(self) -> EntityTagger:
        if self._tagger is None:
            self._tagger = EntityTagger(self.spacy_model)
        return self._tagger
