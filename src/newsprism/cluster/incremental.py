"""Incremental story assignment: each new article joins the most similar story or opens its own.

A story's score for a new article is the mean similarity to its members (average linkage), which resists the
chaining that lets one ambiguous article glue two look-alike events together. Earlier assignments are never
revisited here, so ids stay stable as days of news arrive; ``recluster`` is the explicit batch pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from newsprism.cluster.similarity import PreparedFeatures, SimilarityWeights, similarity


@dataclass(frozen=True, slots=True)
class Assignment:
    article_id: str
    story_id: str | None  # None: opens a new story
    score: float


@dataclass
class StoryIndex:
    """The stories known so far, with their members' features, in memory for one run."""

    dim: int
    members: dict[str, list[PreparedFeatures]] = field(default_factory=dict)
    _vectors: list[np.ndarray] = field(default_factory=list)
    _owners: list[str] = field(default_factory=list)
    _matrix: np.ndarray | None = None

    def add(self, story_id: str, item: PreparedFeatures) -> None:
        self.members.setdefault(story_id, []).append(item)
        self._vectors.append(item.features.vector)
        self._owners.append(story_id)
        self._matrix = None

    def nearest_stories(self, vector: np.ndarray, k: int) -> list[str]:
        """Stories owning the ``k`` articles nearest by embedding: the candidates worth scoring fully."""
        if not self._owners:
            return []
        if self._matrix is None:
            self._matrix = np.stack(self._vectors)
        scores = self._matrix @ vector
        top = (
            np.argpartition(-scores, min(k, len(scores) - 1))[:k]
            if len(scores) > k
            else np.arange(len(scores))
        )
        return list(dict.fromkeys(self._owners[i] for i in top[np.argsort(-scores[top])]))


@dataclass(frozen=True, slots=True)
class StoryAssigner:
    """Decides, one article at a time, which story it belongs to."""

    weights: SimilarityWeights = SimilarityWeights()
    threshold: float = 0.18
    candidates: int = 30  # nearest articles whose stories are scored
    max_members: int = 50  # most recent members compared, bounding the cost for huge stories

    def assign(self, item: PreparedFeatures, index: StoryIndex) -> Assignment:
        best_story, best_score = None, -np.inf
        for story_id in index.nearest_stories(item.features.vector, self.candidates):
            members = index.members[story_id][-self.max_members :]
            score = sum(similarity(item, m, self.weights) for m in members) / len(members)
            if score > best_score:
                best_story, best_score = story_id, score
        if best_story is not None and best_score >= self.threshold:
            return Assignment(item.features.article_id, best_story, best_score)
        return Assignment(item.features.article_id, None, best_score if best_story else 0.0)
