"""The pipeline's settings: one record for every entry point that ingests (``Pipeline``, the batch job,
the command line), so each default is written once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsprism.clean.length import MIN_ARTICLE_WORDS
from newsprism.cluster import DEFAULT_THRESHOLD, SimilarityWeights, StoryClusterer


@dataclass(frozen=True, slots=True)
class PipelineSettings:
    """How articles are batched, clustered and filtered.

    ``batch_size`` input items are cleaned and stored per transaction; the articles waiting for a story
    are placed after the batch in which ``cluster_chunk`` of them have gathered (and at the end); the story
    clusterer keeps the ``window`` most recent articles; ``threshold`` and ``weights`` decide when two
    reports are one story; texts under ``min_words`` words are skipped (see ``clean.length``).
    """

    batch_size: int = 64
    cluster_chunk: int = 5000
    window: int = StoryClusterer.window  # 50,000: the clusterer's own default
    threshold: float = DEFAULT_THRESHOLD
    weights: SimilarityWeights = field(default_factory=SimilarityWeights)
    min_words: int = MIN_ARTICLE_WORDS

    def clusterer(self, window: int | None = None) -> StoryClusterer:
        """An empty story clusterer with these settings, keeping ``window`` articles (default: ``window``)."""
        return StoryClusterer(self.weights, self.threshold, window=self.window if window is None else window)
