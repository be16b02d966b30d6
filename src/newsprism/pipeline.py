"""The pipeline: read → clean → store → features → copies → stories → rewrites, in batches.

This is the Python API; the CLI and the web layer only call it::

    from newsprism import Pipeline

    with Pipeline.open("news.db") as pipeline:
        report = pipeline.ingest(["../shared/seeds"])
        for story in pipeline.stories():
            print(story.id, story.headline)
        brief = pipeline.brief(story.id)

Articles are stored in transactions of ``batch_size`` with their features; then the articles not yet in a
story are clustered together (whenever ``cluster_chunk`` of them are waiting, and at the end), which is one
more transaction. A run killed in between leaves articles without a story; the next run places them
together with its own, so re-running the same input gives the same stories as an uninterrupted run.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import numpy as np
import platformdirs

from newsprism.brief import BriefBuilder, SummaryOptions, brief_from_dict, brief_to_dict
from newsprism.clean import EmptyDocumentError, clean_document
from newsprism.clean.length import too_short
from newsprism.cluster import (
    ArticleFeatures,
    DocumentFrequencies,
    FeatureExtractor,
    StoryClusterer,
    weighted_matrix,
)
from newsprism.cluster.features import HASH_FEATURES, feature_model_name
from newsprism.cluster.headline import choose_headline
from newsprism.cluster.placement import ChunkSchedule, Placement, new_story_id, place_chunk, stored_features
from newsprism.dedup.minhash import NearCopyIndex, signature
from newsprism.dedup.provenance import (
    REWRITE_CANDIDATE_COSINE,
    Match,
    find_copies,
    find_rewrites,
    resolve,
)
from newsprism.ingest import ReadOptions, read_inputs
from newsprism.models import Models
from newsprism.records import (
    Article,
    ArticleEntry,
    Brief,
    IngestError,
    Provenance,
    RawDocument,
    Story,
)
from newsprism.settings import PipelineSettings
from newsprism.store import Store, StoreBrowser
from newsprism.store.lock import WriterLock
from newsprism.timing import StageTimes

DB_ENV = "NEWSPRISM_DB"
FEATURE_MODEL_KEY = "features.static_model"
BRIEF_VERSION = "15"  # bump when the brief algorithm changes, so cached briefs are rebuilt


def default_db_path() -> Path:
    """``$NEWSPRISM_DB`` if set, else ``newsprism.db`` in the user's data folder."""
    if override := os.environ.get(DB_ENV):
        return Path(override)
    return Path(platformdirs.user_data_dir("newsprism")) / "newsprism.db"


ItemStatus = Literal["stored", "already_stored", "rejected"]


@dataclass(frozen=True, slots=True)
class ItemOutcome:
    """What became of one input item: stored, already stored (same article id), or rejected and why."""

    origin: str
    status: ItemStatus
    article_id: str | None = None
    reason: str | None = None


@dataclass
class IngestReport:
    """What one ingest did, item by item where it matters (``items``: one outcome per input item)."""

    read: int = 0
    added: int = 0
    already_stored: int = 0
    errors: list[IngestError] = field(default_factory=list)
    new_stories: set[str] = field(default_factory=set)
    updated_stories: set[str] = field(default_factory=set)
    added_ids: list[str] = field(default_factory=list)
    copies: int = 0
    rewrites: int = 0
    items: list[ItemOutcome] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "added": self.added,
            "already_stored": self.already_stored,
            "new_stories": len(self.new_stories),
            "updated_stories": sorted(self.updated_stories - self.new_stories),
            "copies": self.copies,
            "rewrites": self.rewrites,
            "errors": [{"origin": e.origin, "reason": e.reason} for e in self.errors],
        }


@dataclass
class ReclusterReport:
    """What a full batch re-clustering changed; every merge and split is also recorded in the store."""

    articles: int = 0
    stories_before: int = 0
    stories_after: int = 0
    moved_articles: int = 0
    merged: list[dict[str, Any]] = field(default_factory=list)
    split: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "stories_before": self.stories_before,
            "stories_after": self.stories_after,
            "moved_articles": self.moved_articles,
            "merged": self.merged,
            "split": self.split,
        }


ProgressCallback = Callable[[IngestReport], None]


class Pipeline:
    """Owns a store and the models; every entry point of newsprism goes through one of these."""

    def __init__(
        self,
        store: Store,
        models: Models | None = None,
        *,
        settings: PipelineSettings | None = None,
        **changes: Any,
    ) -> None:
        """``changes`` set fields of ``settings`` (e.g. ``threshold=0.2``; see :class:`PipelineSettings`)."""
        self.store = store
        self.models = models or Models()
        self.settings = replace(settings or PipelineSettings(), **changes)
        self._clusterer: StoryClusterer | None = None
        self._near_copies: NearCopyIndex | None = None
        self._df: DocumentFrequencies | None = None
        self.times = StageTimes()  # seconds per stage, accumulated over this pipeline's ingests
        self._writer = WriterLock(store.path)
        self._others_version: int | None = None  # store.data_version() when our last ingest ended

    @classmethod
    def open(cls, db: str | Path | None = None, **kwargs: object) -> Pipeline:
        return cls(Store(db or default_db_path()), **kwargs)  # type: ignore[arg-type]

    def close(self) -> None:
        self._writer.release()
        self.store.close()

    def __enter__(self) -> Pipeline:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def brief_builder(self, options: SummaryOptions | None = None) -> BriefBuilder:
        """What builds this pipeline's briefs (``Models.sentence_model``; full-model vectors cached in the
        store)."""
        return BriefBuilder.from_models(self.models, self.store, options)

    # -- ingest ----------------------------------------------------------------------------------------

    def ingest(
        self,
        inputs: Iterable[str | Path],
        options: ReadOptions | None = None,
        progress: ProgressCallback | None = None,
        wait: float | None = 0.0,
    ) -> IngestReport:
        """Read files, folders and globs; store new articles and place each in a story.

        The store's own files (the database, its ``-wal``, ``-shm`` and ``-journal`` and the writer lock)
        are never read, even inside a folder given here: each is reported as skipped."""
        options = options or ReadOptions()
        options = replace(options, exclude=options.exclude | store_files(self.store.path))
        return self.ingest_documents(read_inputs(inputs, options), progress, wait)

    def ingest_documents(
        self,
        documents: Iterable[RawDocument | IngestError],
        progress: ProgressCallback | None = None,
        wait: float | None = 0.0,
    ) -> IngestReport:
        """Store and place ``documents``, holding the store's writer lock throughout.

        Another ingest writing the same store makes this wait up to ``wait`` seconds (None: until it ends),
        then raise :class:`WriterBusyError` naming its pid.
        """
        self._writer.acquire(wait)
        try:
            self._forget_if_written_by_others()
            return self._ingest_documents(documents, progress)
        finally:
            self._others_version = self.store.data_version()
            self._writer.release()

    def _forget_if_written_by_others(self) -> None:
        """Drop the loaded story window and frequencies if another connection wrote since our last run
        (e.g. the watcher waited for a `newsprism ingest`): they would miss that ingest's articles."""
        if self.store.data_version() != self._others_version:
            self._clusterer = None
            self._near_copies = None
            self._df = None

    def _ingest_documents(
        self, documents: Iterable[RawDocument | IngestError], progress: ProgressCallback | None
    ) -> IngestReport:
        report = IngestReport()
        # Articles a killed run stored but never placed are placed with this run's, in ingest order and in
        # the same chunks an uninterrupted run would have used: placing them first, alone, would cluster
        # them against fewer articles (and document frequencies) and could give other stories.
        schedule = ChunkSchedule(self.settings.cluster_chunk, self.store.unassigned_count())
        for batch in _batches(self.times.timed("read", documents), self.settings.batch_size):
            with self.times.stage("clean"):
                articles = self._clean(batch, report)
            self._store(articles, report)
            if schedule.add(len(articles)):
                self._place_unassigned(report)
            if progress:
                progress(report)
        self._place_unassigned(report)
        if progress:
            progress(report)
        return report

    def _clean(self, batch: Sequence[RawDocument | IngestError], report: IngestReport) -> list[Article]:
        articles: dict[str, Article] = {}
        outcomes: list[ItemOutcome] = []  # in input order; cleaned items get their status below
        for item in batch:
            if isinstance(item, IngestError):
                report.errors.append(item)
                outcomes.append(ItemOutcome(item.origin, "rejected", reason=item.reason))
                continue
            report.read += 1
            try:
                article = clean_document(item)
                if short := too_short(article, self.settings.min_words):
                    raise EmptyDocumentError(item.origin, short)
            except EmptyDocumentError as exc:
                report.errors.append(IngestError(exc.origin, exc.reason))
                outcomes.append(ItemOutcome(exc.origin, "rejected", reason=exc.reason))
                continue
            if article.id in articles:
                report.already_stored += 1
            articles.setdefault(article.id, article)
            outcomes.append(ItemOutcome(item.origin, "stored", article.id))
        stored = self.store.existing_ids(articles)
        report.already_stored += len(stored)
        fresh = {i for i in articles if i not in stored}
        for outcome in outcomes:
            if outcome.article_id is not None and outcome.article_id not in fresh:
                outcome = replace(outcome, status="already_stored")
            fresh.discard(outcome.article_id or "")  # a second copy in one batch: the first one stores it
            report.items.append(outcome)
        return [a for a in articles.values() if a.id not in stored]

    def _store(self, articles: list[Article], report: IngestReport) -> None:
        """Store articles with their features, in one transaction; clustering comes later."""
        if not articles:
            return
        self._check_feature_model()
        with self.times.stage("features"):
            features = FeatureExtractor(self.models.event_embedder).extract(articles)
            signatures = [signature(a.text) for a in articles]
        now = datetime.now(UTC)
        with self.times.stage("store"), self._feature_transaction():
            for article, minhash in zip(articles, signatures, strict=True):
                self.store.add_article(article, now)
                self.store.put_signature(article.id, minhash)
            self._put_features(features)
        report.added += len(articles)
        report.added_ids.extend(a.id for a in articles)

    def _put_features(self, batch: Sequence[ArticleFeatures]) -> None:
        """Store articles' features and count their buckets, in the store and in the loaded frequencies.

        The counts of a whole batch go to the store in one sorted write: per article, the same common
        buckets were updated again and again, all over a table that grows with the store.

        The frequencies are loaded before this article is written: loading them after would count it twice
        (once from the store, once here), so a run's IDF would differ from the store's by whichever article
        came first, and a run resumed after a crash would cluster differently from an uninterrupted one.
        """
        frequencies = self._frequencies()
        per_article = []
        for features in batch:
            self.store.put_features(
                features.article_id, features.to_json(), features.vector, features.channels_blob()
            )
            per_article.append(features.buckets())
            frequencies.add(per_article[-1])
        if per_article:
            self.store.add_bucket_counts(np.concatenate(per_article))

    @contextmanager
    def _feature_transaction(self) -> Iterator[None]:
        """A store transaction writing features; if it rolls back, the loaded frequencies are reloaded."""
        try:
            with self.store.transaction():
                yield
        except BaseException:
            self._df = None
            raise

    def _place_unassigned(self, report: IngestReport) -> None:
        """Find copies of, and stories for, every stored article not yet in a story (one chunk)."""
        ids = self.store.unassigned_ids()
        if not ids:
            return
        clusterer = self._story_clusterer()
        with self.times.stage("load"):
            entries = self.store.entries(ids)
            features = self._features(entries)
        with self.times.stage("copies"):
            copies = find_copies(
                entries, self.store.signatures(ids), self._near_copy_index(), self._same_text(entries)
            )
        with self.times.stage("cluster"):
            placement = place_chunk(clusterer, features, self._frequencies().idf, REWRITE_CANDIDATE_COSINE)
        with self.times.stage("rewrites"):  # only between members of one story whose leads are alike
            by_id, changes = self._provenance_changes(entries, copies, placement.similar)
        with self.times.stage("write"):
            self._write_placement(placement, by_id, changes, report)

    def _provenance_changes(
        self, entries: Sequence[ArticleEntry], copies: list[Match], similar: dict[str, list[str]]
    ) -> tuple[dict[str, ArticleEntry], list[Provenance]]:
        """The chunk's rewrites (among ``similar`` members of each article's story) beside its ``copies``,
        resolved against what the store records: the provenance to write, and every entry involved."""
        ids = {e.article.id for e in entries}
        others = sorted({i for found in similar.values() for i in found} - ids)
        by_id = {e.article.id: e for e in [*entries, *self.store.entries(others)]}
        pairs = [(by_id[a], by_id[b]) for a, found in similar.items() for b in found]
        matches = copies + find_rewrites(pairs, self.models.static_embedder, copies)
        involved = {i for m in matches for i in (m.a, m.b)}
        current = self.store.provenance(sorted(involved))
        involved |= {p.original_id for p in current.values()}
        by_id |= {e.article.id: e for e in self.store.entries(sorted(involved - set(by_id)))}
        return by_id, resolve(matches, by_id, current)

    def _write_placement(
        self,
        placement: Placement,
        by_id: dict[str, ArticleEntry],
        changes: list[Provenance],
        report: IngestReport,
    ) -> None:
        """Write a chunk's stories, neighbours, provenance and headlines in one transaction."""
        now = datetime.now(UTC)
        with self.store.transaction():
            for assignment in placement.assignments:
                if assignment.new_story and assignment.story_id not in report.new_stories:
                    self.store.create_story(
                        assignment.story_id, by_id[assignment.article_id].article.title, now
                    )
                    report.new_stories.add(assignment.story_id)
                self.store.assign_story(assignment.article_id, assignment.story_id)
                self.store.put_neighbours(assignment.article_id, assignment.neighbours)
                report.updated_stories.add(assignment.story_id)
            for record in changes:
                self.store.put_provenance(record)
            for story_id, representative in placement.representatives.items():
                headline = choose_headline(self.store.member_titles(story_id), representative)
                self.store.update_story(story_id, headline, now)
        kinds = Counter(c.kind for c in changes)
        report.copies += kinds["copy"] + kinds["near_copy"]
        report.rewrites += kinds["rewrite"]

    # -- state loaded once per pipeline ----------------------------------------------------------------

    def _check_feature_model(self) -> None:
        """Features from another static model are not comparable: drop them, to be recomputed."""
        name = feature_model_name(self.models.event_embedder)
        if self.store.meta(FEATURE_MODEL_KEY) != name:
            with self.store.transaction():
                self.store.drop_features()
                self.store.set_meta(FEATURE_MODEL_KEY, name)
            self._df = None
            self._clusterer = None

    def _features(self, entries: Sequence[ArticleEntry]) -> list[ArticleFeatures]:
        """Stored features of ``entries``; any missing (an older store, another model) are computed now."""
        self._check_feature_model()
        stored = self.store.features([e.article.id for e in entries])
        missing = [e.article for e in entries if e.article.id not in stored]
        if missing:
            extractor = FeatureExtractor(self.models.event_embedder)
            size = self.settings.batch_size * 8
            for start in range(0, len(missing), size):
                computed = extractor.extract(missing[start : start + size])
                with self._feature_transaction():
                    self._put_features(computed)
            stored = self.store.features([e.article.id for e in entries])
        return [stored_features(e.article.id, stored[e.article.id], e.article.published) for e in entries]

    def _frequencies(self) -> DocumentFrequencies:
        if self._df is None:
            counts, documents = self.store.bucket_counts(HASH_FEATURES)
            self._df = DocumentFrequencies(counts, documents)
        return self._df

    def _story_clusterer(self) -> StoryClusterer:
        """The most recent stored articles with their stories (the clusterer's window), built once."""
        if self._clusterer is None:
            self._check_feature_model()
            clusterer = self.settings.clusterer()
            recent = [e for e, _ in self.store.recent_clustered(self.settings.window)]
            features = self._features(recent)
            matrix = weighted_matrix(features, self._frequencies().idf, self.settings.weights)
            clusterer.load(features, matrix, [e.story_id or "" for e in recent])
            self._clusterer = clusterer
        return self._clusterer

    def _near_copy_index(self) -> NearCopyIndex:
        """MinHash signatures of the clusterer's window: copies are looked for among recent articles."""
        if self._near_copies is None:
            index = NearCopyIndex()
            window = self._story_clusterer().window_ids()
            index.add_many(self.store.signatures(window).items())
            self._near_copies = index
        return self._near_copies

    def _same_text(self, entries: Sequence[ArticleEntry]) -> dict[str, list[str]]:
        return {h: self.store.ids_with_text_hash(h) for h in {e.article.text_hash for e in entries}}

    # -- batch re-clustering ---------------------------------------------------------------------------

    def recluster(self, wait: float | None = 0.0) -> ReclusterReport:
        """Cluster every stored article from scratch and apply the result, keeping ids where stories survive.

        Each new story takes the id of the old story it shares most articles with (each old id used once);
        the rest get new ids. Merges and splits are recorded as story events. Holds the writer lock, as an
        ingest does (``wait`` as for :meth:`ingest_documents`).
        """
        self._writer.acquire(wait)
        try:
            return self._recluster()
        finally:
            self._writer.release()

    def _recluster(self) -> ReclusterReport:
        report = ReclusterReport()
        entries = list(self.store.iter_entries())
        if not entries:
            return report
        features = self._features(entries)
        matrix = weighted_matrix(features, self._frequencies().idf, self.settings.weights)
        fresh = self.settings.clusterer(window=len(entries))
        assignments = fresh.assign(features, matrix, lambda article_id: article_id)
        old_story = {e.article.id: e.story_id for e in entries}
        neighbours = {a.article_id: a.neighbours for a in assignments}
        groups: dict[str, list[str]] = defaultdict(list)
        for assignment in assignments:
            groups[assignment.story_id].append(assignment.article_id)
        new_ids = _inherit_ids(groups, old_story)

        now = datetime.now(UTC)
        report.articles = len(entries)
        report.stories_before = len({s for s in old_story.values() if s})
        report.stories_after = len(groups)
        articles = {e.article.id: e.article for e in entries}
        with self.store.transaction():
            existing = set(self.store.story_ids())
            for key, members in groups.items():
                story_id = new_ids[key]
                title = choose_headline([articles[a] for a in members], fresh.representative(key))
                if story_id in existing:
                    self.store.update_story(story_id, title, now)
                else:
                    self.store.create_story(story_id, title, now)
                for article_id in members:
                    self.store.put_neighbours(article_id, neighbours[article_id])
                    if old_story[article_id] != story_id:
                        self.store.assign_story(article_id, story_id)
                        report.moved_articles += 1
                sources = sorted({s for a in members if (s := old_story[a]) and s != story_id})
                if sources:
                    detail = {"from": sources, "articles": len(members)}
                    self.store.record_story_event("merged", story_id, detail, now)
                    report.merged.append({"into": story_id, **detail})
            for old_id in sorted({s for s in old_story.values() if s}):
                parts = sorted(
                    {new_ids[k] for k, m in groups.items() if any(old_story[a] == old_id for a in m)}
                )
                if len(parts) > 1:
                    self.store.record_story_event("split", old_id, {"into": parts}, now)
                    report.split.append({"story": old_id, "into": parts})
            self.store.delete_empty_stories()
        self._clusterer = None
        self._near_copies = None
        return report

    # -- read ------------------------------------------------------------------------------------------

    def stories(self, limit: int | None = None) -> list[Story]:
        return self.store.stories(limit)

    def undated_stories(self, story_ids: Sequence[str]) -> set[str]:
        """The stories none of whose articles gives a published date: their first and last seen are the
        times newsprism stored them (ingest times), not publication times."""
        return self.store.undated_stories(story_ids)

    def story(self, story_id: str) -> Story:
        """A story by id or unique id prefix."""
        return self.store.story(self.store.resolve_story_id(story_id))

    def entries(self, article_ids: Sequence[str]) -> list[ArticleEntry]:
        """Stored articles in the order of ``article_ids``; an unknown id raises ``StoreError``."""
        return self.store.entries(article_ids)

    def entry(self, article_id: str) -> ArticleEntry:
        return self.store.entry(article_id)

    def provenance(self, article_ids: Sequence[str]) -> dict[str, Provenance]:
        """What each of these articles copies or rewrites, for those that repeat another."""
        return self.store.provenance(article_ids)

    def copies_of(self, article_ids: Sequence[str]) -> list[Provenance]:
        """The articles copying or rewriting any of these (provenance records pointing at them)."""
        return self.store.copies_of(article_ids)

    def browser(self) -> StoreBrowser:
        """Browsing queries over this pipeline's store (listings, search, outlets), on its connection."""
        return StoreBrowser(self.store)

    @property
    def schema_version(self) -> int:
        return self.store.schema_version

    def brief_fingerprint(self, story: Story, options: SummaryOptions | None = None) -> str:
        """Names the brief a story's current articles, provenance and options give; changes with any."""
        provenance = self.store.provenance(story.article_ids)
        return hashlib.sha256(
            json.dumps(
                [
                    BRIEF_VERSION,
                    sorted(story.article_ids),
                    sorted((p.article_id, p.original_id, p.kind) for p in provenance.values()),
                    repr(options or SummaryOptions()),
                    self.brief_builder().model_names,
                ]
            ).encode()
        ).hexdigest()[:16]

    def cached_brief(self, story_id: str, options: SummaryOptions | None = None) -> Brief | None:
        """The story's brief if it is already built for its current articles, else None (never builds)."""
        story = self.story(story_id)
        cached = self.store.cached_brief(story.id, self.brief_fingerprint(story, options))
        return brief_from_dict(json.loads(cached)) if cached else None

    def brief(self, story_id: str, options: SummaryOptions | None = None) -> Brief:
        """The story's brief, built once per set of articles and options, then served from the store."""
        story = self.story(story_id)
        options = options or SummaryOptions()
        fingerprint = self.brief_fingerprint(story, options)
        if cached := self.store.cached_brief(story.id, fingerprint):
            return brief_from_dict(json.loads(cached))
        brief = self.brief_builder(options).build(
            story, self.store.story_entries(story.id), self.store.provenance(story.article_ids)
        )
        with self.store.transaction():
            self.store.put_brief(story.id, fingerprint, json.dumps(brief_to_dict(brief)), datetime.now(UTC))
        return brief

    def put_briefs(
        self,
        briefs: Iterable[tuple[str, str]],
        options: SummaryOptions | None = None,
        at: datetime | None = None,
    ) -> None:
        """Keep briefs built elsewhere (the batch job's), as JSON by story id, under the fingerprint
        :meth:`brief` looks them up by; in one transaction."""
        at = at or datetime.now(UTC)
        with self.store.transaction():
            for story_id, data in briefs:
                story = self.story(story_id)
                self.store.put_brief(story.id, self.brief_fingerprint(story, options), data, at)


def store_files(db: Path) -> frozenset[Path]:
    """The files of the store at ``db`` (resolved): the database, SQLite's companions and the writer lock."""
    paths = [db, *(Path(f"{db}{suffix}") for suffix in ("-wal", "-shm", "-journal")), WriterLock(db).path]
    return frozenset(path.resolve() for path in paths)


def _inherit_ids(groups: dict[str, list[str]], old_story: dict[str, str | None]) -> dict[str, str]:
    """Give each new group the id of the old story it overlaps most; biggest overlaps choose first."""
    overlaps = sorted(
        (
            (-count, old_id, key)
            for key, members in groups.items()
            for old_id, count in Counter(s for s in (old_story[a] for a in members) if s).items()
        ),
    )
    taken: set[str] = set()
    names: dict[str, str] = {}
    for _, old_id, key in overlaps:
        if key not in names and old_id not in taken:
            names[key] = old_id
            taken.add(old_id)
    for key, members in groups.items():
        if key not in names:
            candidate = new_story_id(members[0])
            names[key] = (
                candidate if candidate not in taken else hashlib.sha256(key.encode()).hexdigest()[:12]
            )
            taken.add(names[key])
    return names


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
