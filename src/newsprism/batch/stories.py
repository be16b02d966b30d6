"""The serial stage of the batch job, on the driver: stories for articles streamed in arrival order.

It feeds the library's :class:`StoryClusterer` exactly as ``Pipeline.ingest`` does: the same chunks
(``cluster_chunk`` new articles, cut at the end of a ``batch_size`` batch of input items), the document
frequencies of every article stored so far, the same story ids, and after each chunk the same rewrite
candidates (members of one story whose leads are alike). Memory is bounded by the clusterer's window.

Each story's headline is then chosen as ``Pipeline`` chooses it (``cluster.headline.choose_headline``) from
all its members and the representative clustering last gave it, by ``headline_frame`` on the executors.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, get_args

import pandas as pd

from newsprism.cluster import (
    ArticleFeatures,
    DocumentFrequencies,
    SimilarityWeights,
    StoryClusterer,
    weighted_matrix,
)
from newsprism.cluster.headline import choose_headline
from newsprism.dedup.provenance import REWRITE_CANDIDATE_COSINE
from newsprism.records import MemberTitle, TitleSource
from newsprism.store.sqlite import StoredFeatures, from_iso

HEADLINE_SCHEMA = "story_id string, headline string"


@dataclass
class StoryResult:
    """What clustering decided: each article's story and neighbours, headlines, and rewrite candidates."""

    story_of: dict[str, str] = field(default_factory=dict)
    neighbours: dict[str, tuple[str, ...]] = field(default_factory=dict)
    headline_id: dict[str, str] = field(default_factory=dict)  # story -> its representative article
    rewrite_candidates: set[tuple[str, str]] = field(default_factory=set)
    chunks: int = 0


def features_of(row: dict[str, Any]) -> ArticleFeatures:
    """Features as the store round-trips them (float16 vector), so clustering sees what it sees locally."""
    stored = StoredFeatures(json.loads(row["features"]), row["vector"], row["channels"])
    return ArticleFeatures.from_stored(
        row["id"], stored.data, stored.vector_array(), stored.channels, from_iso(row["published"])
    )


def ingest_chunks(
    rows: Iterable[dict[str, Any]], batch_size: int, cluster_chunk: int
) -> Iterator[list[dict]]:
    """Rows (in arrival order, with ``position``: the item's place among all input items, errors too)
    grouped as ``Pipeline.ingest_documents`` places them: after the input batch in which ``cluster_chunk``
    new articles have gathered, and at the end."""
    chunk: list[dict] = []
    current_batch = None
    for row in rows:
        batch = row["position"] // batch_size
        if current_batch is not None and batch != current_batch and len(chunk) >= cluster_chunk:
            yield chunk
            chunk = []
        current_batch = batch
        chunk.append(row)
    if chunk:
        yield chunk


def assign_stories(
    rows: Iterable[dict[str, Any]],
    *,
    weights: SimilarityWeights,
    threshold: float,
    window: int,
    batch_size: int,
    cluster_chunk: int,
) -> StoryResult:
    """Place every article in a story, chunk by chunk, as the local pipeline would."""
    result = StoryResult()
    clusterer = StoryClusterer(weights, threshold, window=window)
    frequencies = DocumentFrequencies()
    for chunk in ingest_chunks(rows, batch_size, cluster_chunk):
        features = [features_of(row) for row in chunk]
        for item in features:
            frequencies.add(item.buckets())
        matrix = weighted_matrix(features, frequencies.idf, weights)
        assignments = clusterer.assign(features, matrix, lambda article_id: article_id[:12])
        for assignment in assignments:
            result.story_of[assignment.article_id] = assignment.story_id
            result.neighbours[assignment.article_id] = assignment.neighbours
            for other in clusterer.similar_members(
                assignment.story_id, assignment.article_id, REWRITE_CANDIDATE_COSINE
            ):
                first, second = sorted((assignment.article_id, other))
                result.rewrite_candidates.add((first, second))
        for story_id in {a.story_id for a in assignments}:
            result.headline_id[story_id] = clusterer.representative(story_id)
        result.chunks += 1
    return result


def headline_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``applyInPandas`` body for one story's members (``story_id``, ``head_id``: its representative, and
    each member's ``id``, ``title``, ``title_source``, ``language`` and ``lead``): its headline."""
    rows: list[dict[str, Any]] = frame.to_dict("records")
    headline = choose_headline([_member(r) for r in rows], rows[0]["head_id"])
    return pd.DataFrame([{"story_id": rows[0]["story_id"], "headline": headline}])


def _member(row: dict[str, Any]) -> MemberTitle:
    source = row["title_source"] if row["title_source"] in get_args(TitleSource) else None
    return MemberTitle(row["id"], row["title"], source, _text(row["language"]), _text(row["lead"]) or "")


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None  # Arrow nulls may arrive as NaN
