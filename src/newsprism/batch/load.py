"""Load the batch job's Parquet tables into a SQLite store, so ``newsprism serve`` and ``newsprism brief``
browse the result; briefs go in under the fingerprint ``Pipeline.brief`` looks them up by."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsprism.cluster.placement import stored_features
from newsprism.pipeline import FEATURE_MODEL_KEY, Pipeline
from newsprism.records import Provenance
from newsprism.rows import StoredFeatures, article_from_row, signature_from_bytes
from newsprism.store import Store


class LoadError(RuntimeError):
    """The store cannot take the batch result (it already holds articles)."""


def load_into_store(out: str | Path, db: str | Path, feature_model: str) -> int:
    """Copy articles (in arrival order, with features, signatures, stories, neighbours and provenance),
    stories and briefs into a new or empty store; returns the number of articles loaded."""
    import pyarrow.parquet as pq

    out = Path(out)
    now = datetime.now(UTC)
    articles = pq.read_table(out / "articles").sort_by("seq").to_pylist()
    stories = {r["story_id"]: r for r in pq.read_table(out / "stories").to_pylist()}
    with Store(db) as store:
        if store.article_count():
            raise LoadError(f"{db} already holds articles; load a batch result into a new store")
        with store.transaction():
            store.set_meta(FEATURE_MODEL_KEY, feature_model)
            for story_id, story in stories.items():
                store.create_story(story_id, story["headline"], now)
            for row in articles:
                _load_article(store, row, now)
    briefs = out / "briefs"
    if briefs.exists():
        with Pipeline.open(db) as pipeline:
            rows = pq.read_table(briefs).to_pylist()
            pipeline.put_briefs(((r["story_id"], r["brief"]) for r in rows if r["brief"]), at=now)
    return len(articles)


def _load_article(store: Store, row: dict[str, Any], now: datetime) -> None:
    """One article of the batch's table with its features, signature, story, neighbours and provenance."""
    article = article_from_row(row)
    store.add_article(article, now)
    stored = StoredFeatures(json.loads(row["features"]), row["vector"], row["channels"])
    features = stored_features(article.id, stored, article.published)
    store.put_features(article.id, features.to_json(), features.vector, row["channels"])
    store.add_bucket_counts(features.buckets())
    store.put_signature(article.id, signature_from_bytes(row["signature"]))
    store.assign_story(article.id, row["story_id"])
    store.put_neighbours(article.id, row["neighbours"] or ())
    if row["original_id"]:
        store.put_provenance(Provenance(article.id, row["kind"], row["original_id"], row["score"]))
