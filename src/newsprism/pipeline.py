"""The pipeline: read → clean → store → features → story assignment, in batches, one transaction per batch.

This is the Python API; the CLI and the web layer only call it::

    from newsprism import Pipeline

    with Pipeline.open("news.db") as pipeline:
        report = pipeline.ingest(["../shared/seeds"])
        for story in pipeline.stories():
            print(story.id, story.headline)
        brief = pipeline.brief(story.id)
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import platformdirs

from newsprism.brief import BriefBuilder, SummaryOptions, brief_from_dict, brief_to_dict
from newsprism.clean import EmptyDocumentError, clean_document
from newsprism.cluster import (
    ArticleFeatures,
    FeatureExtractor,
    PreparedFeatures,
    StoryAssigner,
    StoryIndex,
    idf_from_counts,
    prepare,
)
from newsprism.cluster.features import lead_text
from newsprism.cluster.similarity import NAME_PREFIX
from newsprism.ingest import ReadOptions, read_inputs
from newsprism.models import CachedEmbedder, Models, text_key
from newsprism.records import Article, Brief, IngestError, RawDocument, Story
from newsprism.store import Store

DB_ENV = "NEWSPRISM_DB"
BRIEF_VERSION = "2"  # bump when the brief algorithm changes, so cached briefs are rebuilt


def default_db_path() -> Path:
    """``$NEWSPRISM_DB`` if set, else ``newsprism.db`` in the user's data folder."""
    if override := os.environ.get(DB_ENV):
        return Path(override)
    return Path(platformdirs.user_data_dir("newsprism")) / "newsprism.db"


@dataclass
class IngestReport:
    """What one ingest did, item by item where it matters."""

    read: int = 0
    added: int = 0
    already_stored: int = 0
    errors: list[IngestError] = field(default_factory=list)
    new_stories: int = 0
    updated_stories: set[str] = field(default_factory=set)
    added_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "read": self.read,
            "added": self.added,
            "already_stored": self.already_stored,
            "new_stories": self.new_stories,
            "updated_stories": sorted(self.updated_stories),
            "errors": [{"origin": e.origin, "reason": e.reason} for e in self.errors],
        }


ProgressCallback = Callable[[IngestReport], None]


class Pipeline:
    """Owns a store and the models; every entry point of newsprism goes through one of these."""

    def __init__(
        self,
        store: Store,
        models: Models | None = None,
        *,
        assigner: StoryAssigner | None = None,
        batch_size: int = 64,
    ) -> None:
        self.store = store
        self.models = models or Models()
        self.assigner = assigner or StoryAssigner()
        self.batch_size = batch_size
        self._index: StoryIndex | None = None

    @classmethod
    def open(cls, db: str | Path | None = None, **kwargs: object) -> Pipeline:
        return cls(Store(db or default_db_path()), **kwargs)  # type: ignore[arg-type]

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Pipeline:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def embedder(self) -> CachedEmbedder:
        return CachedEmbedder(self.models.embedder, self.store)

    # -- ingest ----------------------------------------------------------------------------------------

    def ingest(
        self,
        inputs: Iterable[str | Path],
        options: ReadOptions | None = None,
        progress: ProgressCallback | None = None,
    ) -> IngestReport:
        """Read files, folders and globs; store new articles and place each in a story."""
        return self.ingest_documents(read_inputs(inputs, options or ReadOptions()), progress)

    def ingest_documents(
        self, documents: Iterable[RawDocument | IngestError], progress: ProgressCallback | None = None
    ) -> IngestReport:
        report = IngestReport()
        for batch in _batches(documents, self.batch_size):
            articles = self._clean(batch, report)
            self._store_batch(articles, report)
            if progress:
                progress(report)
        return report

    def _clean(self, batch: Sequence[RawDocument | IngestError], report: IngestReport) -> list[Article]:
        articles: dict[str, Article] = {}
        for item in batch:
            if isinstance(item, IngestError):
                report.errors.append(item)
                continue
            report.read += 1
            try:
                article = clean_document(item)
            except EmptyDocumentError as exc:
                report.errors.append(IngestError(exc.origin, exc.reason))
                continue
            if article.id in articles:
                report.already_stored += 1
            articles.setdefault(article.id, article)
        stored = self.store.existing_ids(articles)
        report.already_stored += len(stored)
        return [a for a in articles.values() if a.id not in stored]

    def _store_batch(self, articles: list[Article], report: IngestReport) -> None:
        if not articles:
            return
        extractor = FeatureExtractor(self.embedder, self.models.tagger)
        features = extractor.extract(articles)
        index = self._story_index()
        now = datetime.now(UTC)
        with self.store.transaction():
            for article, feats in zip(articles, features, strict=True):
                self.store.add_article(article, now)
                self.store.put_features(
                    article.id, {**feats.to_json(), "vector_key": text_key(lead_text(article))}
                )
                self.store.add_document_terms([*feats.terms, *(NAME_PREFIX + n for n in feats.names)])
            idf = self._idf(features)
            touched: dict[str, Article] = {}
            for article, feats in zip(articles, features, strict=True):
                item = prepare(feats, idf)
                decision = self.assigner.assign(item, index)
                story_id = decision.story_id
                if story_id is None:
                    story_id = article.id[:12]
                    self.store.create_story(story_id, article.title, now)
                    report.new_stories += 1
                else:
                    report.updated_stories.add(story_id)
                index.add(story_id, item)
                self.store.assign_story(article.id, story_id)
                touched[story_id] = article
            for story_id in touched:
                self.store.update_story(story_id, self._headline(index.members[story_id]), now)
        report.added += len(articles)
        report.added_ids.extend(a.id for a in articles)
        report.updated_stories -= {a.id[:12] for a in articles}

    def _idf(self, features: Sequence[ArticleFeatures]) -> Callable[[str], float]:
        terms = {t for f in features for t in f.terms} | {NAME_PREFIX + n for f in features for n in f.names}
        return idf_from_counts(self.store.article_count(), self.store.document_frequencies(terms))

    def _story_index(self) -> StoryIndex:
        """Every stored article's features by story, loaded once per pipeline."""
        if self._index is not None:
            return self._index
        index = StoryIndex(dim=0)
        entries = [e for e in self.store.iter_entries() if e.story_id]
        stored = self.store.features([e.article.id for e in entries])
        vectors = self.store.vectors(
            self.models.embedder.name, [stored[e.article.id]["vector_key"] for e in entries]
        )
        loaded = [
            ArticleFeatures.from_json(
                e.article.id,
                stored[e.article.id],
                vectors[stored[e.article.id]["vector_key"]],
                e.article.published,
            )
            for e in entries
        ]
        idf = self._idf(loaded)
        for entry, feats in zip(entries, loaded, strict=True):
            assert entry.story_id is not None
            index.add(entry.story_id, prepare(feats, idf))
        self._index = index
        return index

    def _headline(self, members: Sequence[PreparedFeatures]) -> str:
        """The title of the member closest to the story's centroid: the most typical account."""
        vectors = np.stack([m.features.vector for m in members])
        centroid = vectors.mean(axis=0)
        best = members[int(np.argmax(vectors @ centroid))]
        return self.store.entry(best.features.article_id).article.title

    # -- read ------------------------------------------------------------------------------------------

    def stories(self, limit: int | None = None) -> list[Story]:
        return self.store.stories(limit)

    def story(self, story_id: str) -> Story:
        """A story by id or unique id prefix."""
        return self.store.story(self.store.resolve_story_id(story_id))

    def brief(self, story_id: str, options: SummaryOptions | None = None) -> Brief:
        """The story's brief, built once per set of articles and options, then served from the store."""
        story = self.story(story_id)
        options = options or SummaryOptions()
        fingerprint = hashlib.sha256(
            json.dumps([BRIEF_VERSION, sorted(story.article_ids), repr(options)]).encode()
        ).hexdigest()[:16]
        if cached := self.store.cached_brief(story.id, fingerprint):
            return brief_from_dict(json.loads(cached))
        brief = BriefBuilder(self.embedder, self.models.tagger, options).build(
            story, self.store.story_entries(story.id)
        )
        with self.store.transaction():
            self.store.put_brief(story.id, fingerprint, json.dumps(brief_to_dict(brief)), datetime.now(UTC))
        return brief


def _batches(
    items: Iterable[RawDocument | IngestError], size: int
) -> Iterator[list[RawDocument | IngestError]]:
    batch: list[RawDocument | IngestError] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
