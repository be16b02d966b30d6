"""One place that owns the loaded models of a pipeline."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from newsprism.models.embedder import Embedder
from newsprism.models.entities import DEFAULT_SPACY_MODEL, EntityTagger
from newsprism.models.multilingual import EVENT_MODEL_ENV, EventEmbedder
from newsprism.models.static import StaticEmbedder

SentenceModel = Literal["fast", "full", "static"]
STATIC_EVENT_MODEL = "static"


@dataclass
class Models:
    """Lazily built models; pass one instance around instead of reloading per call (threads included:
    each model is built once and serialises its own use).

    ``sentence_model`` picks what embeds a story's sentences for its brief:

    - ``"fast"`` (default): the static model (about 10,000 sentences/s) aligns the claims, and the full
      transformer re-checks only the few sentence pairs that may disagree on a figure, which the static
      model underrates when they are reworded ("worth $3.2 billion" / "valued at $2.9 billion");
    - ``"full"``: the transformer for every sentence (about 180 sentences/s, cached in the store, so each
      is embedded once): a 100-article story costs seconds the first time;
    - ``"static"``: the static model alone, no transformer loaded (misses such reworded discrepancies).
    """

    embedding_model: str | Path | None = None
    static_model: str | Path | None = None
    event_model: str | Path | None = None
    spacy_model: str = DEFAULT_SPACY_MODEL
    sentence_model: SentenceModel = "fast"
    _embedder: Embedder | None = field(default=None, init=False, repr=False)
    _static: StaticEmbedder | None = field(default=None, init=False, repr=False)
    _tagger: EntityTagger | None = field(default=None, init=False, repr=False)
    _event: EventEmbedder | None = field(default=None, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False, compare=False)

    @property
    def embedder(self) -> Embedder:
        with self._lock:
            if self._embedder is None:
                self._embedder = Embedder(self.embedding_model)
            return self._embedder

    @property
    def static_embedder(self) -> StaticEmbedder:
        """The fast embedder of the ingest path (see ``models.static``)."""
        with self._lock:
            if self._static is None:
                self._static = StaticEmbedder(self.static_model)
            return self._static

    @property
    def event_embedder(self) -> EventEmbedder | StaticEmbedder:
        """What embeds titles and leads for story detection: the multilingual model (see
        ``models.multilingual``), or with ``event_model="static"`` the English static model, faster but
        blind across languages."""
        choice = self.event_model or os.environ.get(EVENT_MODEL_ENV)
        if str(choice) == STATIC_EVENT_MODEL:
            return self.static_embedder
        with self._lock:
            if self._event is None:
                self._event = EventEmbedder(choice)
            return self._event

    @property
    def tagger(self) -> EntityTagger:
        with self._lock:
            if self._tagger is None:
                self._tagger = EntityTagger(self.spacy_model)
            return self._tagger
