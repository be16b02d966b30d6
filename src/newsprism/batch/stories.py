"""The serial stage of the batch job, on the driver: stories for articles streamed in arrival order.

It runs the placement loop of ``Pipeline.ingest`` (:mod:`newsprism.cluster.placement`): the same chunks
(:class:`ChunkSchedule` over ``batch_size`` batches of input items), the document frequencies of every
article stored so far, the same story ids, and after each chunk the same rewrite candidates (members of one
story whose leads are alike). Memory is bounded by the clusterer's window.

Each story's headline is then chosen as ``Pipeline`` chooses it (``cluster.headline.choose_headline``) from
all its members and the representative clustering last gave it, by ``headline_frame`` on the executors.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

import pandas as pd

from newsprism.cluster import ArticleFeatures, DocumentFrequencies
from newsprism.cluster.headline import choose_headline
from newsprism.cluster.placement import ChunkSchedule, place_chunk, stored_features
from newsprism.dedup.provenance import REWRITE_CANDIDATE_COSINE
from newsprism.records import MemberTitle
from newsprism.rows import StoredFeatures, optional_text, optional_title_source
from newsprism.settings import PipelineSettings
from newsprism.timeutil import from_iso

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
    return stored_features(row["id"], stored, from_iso(row["published"]))


def ingest_chunks(
    rows: Iterable[dict[str, Any]], batch_size: int, cluster_chunk: int
) -> Iterator[list[dict[str, Any]]]:
    """Rows (in arrival order, with ``position``: the item's place among all input items, errors too)
    grouped as ``Pipeline.ingest_documents`` places them: after the input batch in which ``cluster_chunk``
    new articles have gathered, and at the end."""
    schedule = ChunkSchedule(cluster_chunk)
    chunk: list[dict[str, Any]] = []
    for _, batch in itertools.groupby(rows, key=lambda row: row["position"] // batch_size):
        stored = list(batch)
        chunk += stored
        if schedule.add(len(stored)):
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def assign_stories(rows: Iterable[dict[str, Any]], settings: PipelineSettings) -> StoryResult:
    """Place every article in a story, chunk by chunk, as the local pipeline would."""
    result = StoryResult()
    clusterer = settings.clusterer()
    frequencies = DocumentFrequencies()
    for chunk in ingest_chunks(rows, settings.batch_size, settings.cluster_chunk):
        features = [features_of(row) for row in chunk]
        for item in features:
            frequencies.add(item.buckets())
        placement = place_chunk(clusterer, features, frequencies.idf, REWRITE_CANDIDATE_COSINE)
        for assignment in placement.assignments:
            result.story_of[assignment.article_id] = assignment.story_id
            result.neighbours[assignment.article_id] = assignment.neighbours
        for article_id, similar in placement.similar.items():
            for other in similar:
                first, second = sorted((article_id, other))
                result.rewrite_candidates.add((first, second))
        result.headline_id.update(placement.representatives)
        result.chunks += 1
    return result


def headline_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``applyInPandas`` body for one story's members (``story_id``, ``head_id``: its representative, and
    each member's ``id``, ``title``, ``title_source``, ``language`` and ``lead``): its headline."""
    rows = cast("list[dict[str, Any]]", frame.to_dict("records"))  # string column names
    headline = choose_headline([_member(r) for r in rows], rows[0]["head_id"])
    return pd.DataFrame([{"story_id": rows[0]["story_id"], "headline": headline}])


def _member(row: dict[str, Any]) -> MemberTitle:
    return MemberTitle(
        row["id"],
        row["title"],
        optional_title_source(row["title_source"]),
        optional_text(row["language"]),
        optional_text(row["lead"]) or "",
    )
