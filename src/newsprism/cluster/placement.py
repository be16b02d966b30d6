"""Placing new articles in stories, chunk by chunk: the one loop both ``Pipeline.ingest`` and the batch job
(``newsprism.batch.stories``) run, so that both give the same stories.

When: :class:`ChunkSchedule`. Input items are read in batches; the articles waiting for a story are placed
after the batch in which ``cluster_chunk`` of them have gathered, and at the end. A run resumed after a
crash starts the count from the articles the killed run stored but never placed, so it cuts the chunks an
uninterrupted run would have cut.

How: :func:`place_chunk`. The chunk's term rows are weighted by the document frequencies of every article
stored so far (the chunk's own included), the clusterer assigns its stories (a new story is named by its
first article, :func:`new_story_id`), and each placed article's story is searched, while the clusterer's
window still holds it, for the members alike enough to be checked as rewrites of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from newsprism.cluster.features import ArticleFeatures
from newsprism.cluster.similarity import weighted_matrix
from newsprism.cluster.stories import Assignment, StoryClusterer
from newsprism.rows import StoredFeatures

STORY_ID_LENGTH = 12


def new_story_id(article_id: str) -> str:
    """The id of a story an article opens: the start of the article's id (ids can be shortened, as in git)."""
    return article_id[:STORY_ID_LENGTH]


class ChunkSchedule:
    """Counts the articles waiting for a story; says when a chunk of them is due to be placed."""

    def __init__(self, cluster_chunk: int, waiting: int = 0) -> None:
        self.cluster_chunk = cluster_chunk
        self.waiting = waiting  # stored and not yet placed, from an earlier run too

    def add(self, stored: int) -> bool:
        """Count the articles one input batch stored; True when the waiting ones are now to be placed (the
        count then starts again). The articles still waiting at the end are placed whatever their number."""
        self.waiting += stored
        if self.waiting < self.cluster_chunk:
            return False
        self.waiting = 0
        return True


@dataclass(frozen=True, slots=True)
class Placement:
    """What placing one chunk decided."""

    assignments: list[Assignment]  # each article's story and neighbours, in chunk order
    # Each placed article: the members of its story alike enough to be checked as rewrites (most alike first).
    similar: dict[str, list[str]]
    # Each story the chunk went into: its member closest to the centroid (whose title makes its headline).
    representatives: dict[str, str]


def place_chunk(
    clusterer: StoryClusterer, features: Sequence[ArticleFeatures], idf: np.ndarray, similar_cosine: float
) -> Placement:
    """Place a chunk of new articles (in ingest order) in the clusterer's stories, or in new ones."""
    matrix = weighted_matrix(features, idf, clusterer.weights)
    assignments = clusterer.assign(features, matrix, new_story_id)
    similar = {
        a.article_id: clusterer.similar_members(a.story_id, a.article_id, similar_cosine) for a in assignments
    }
    stories = dict.fromkeys(a.story_id for a in assignments)
    return Placement(assignments, similar, {s: clusterer.representative(s) for s in stories})


def stored_features(article_id: str, stored: StoredFeatures, published: datetime | None) -> ArticleFeatures:
    """An article's features as the store (or the batch job's table) keeps them."""
    return ArticleFeatures.from_stored(
        article_id, stored.data, stored.vector_array(), stored.channels, published
    )
