"""Story detection measured on a labelled corpus, beside a TF-IDF + agglomerative baseline in the same run.

The corpus goes through the real pipeline into a temporary store (every article is cleaned, embedded and
clustered exactly as `newsprism ingest` does it); the baseline clusters the same cleaned texts with
scikit-learn, its distance threshold tuned on the very same labels (which flatters the baseline).
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from newsprism.evaluation.metrics import ClusteringScores, score_clustering
from newsprism.models import Models
from newsprism.records import Article, IngestError
from newsprism.store import Store

BASELINE_THRESHOLDS = np.round(np.arange(0.05, 0.951, 0.025), 3)


@dataclass
class StoryEvaluation:
    newsprism: ClusteringScores
    baseline: ClusteringScores
    baseline_threshold: float
    gold_stories: int
    articles: int
    seconds: float
    errors: list[IngestError] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "newsprism": self.newsprism.as_dict(),
            "baseline": {**self.baseline.as_dict(), "threshold": self.baseline_threshold},
            "gold_stories": self.gold_stories,
            "articles": self.articles,
            "articles_per_s": round(self.articles / self.seconds, 2) if self.seconds else None,
        }


class LabelError(ValueError):
    """The corpus lacks the labels the evaluation needs."""


def read_labels(path: Path, label_field: str) -> dict[int, str]:
    """Line number (1-based) → gold label, for every JSONL line that has one."""
    labels = {}
    with path.open(encoding="utf-8-sig") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue  # the pipeline reports it as a skipped item
            if isinstance(record, dict) and record.get(label_field) is not None:
                labels[number] = str(record[label_field])
    if not labels:
        raise LabelError(
            f"{path}: no line has a {label_field!r} field; pass --label-field with the label's name"
        )
    return labels


def baseline_clusters(
    articles: list[Article], threshold: float, distances: np.ndarray | None = None
) -> list[int]:
    from sklearn.cluster import AgglomerativeClustering

    if distances is None:
        distances = tfidf_distances(articles)
    model = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=1 - threshold
    )
    return model.fit(distances).labels_.tolist()


def tfidf_distances(articles: list[Article]) -> np.ndarray:
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectors = TfidfVectorizer(stop_words="english").fit_transform([f"{a.title}\n{a.text}" for a in articles])
    return np.clip(1.0 - (vectors @ vectors.T).toarray(), 0.0, 2.0)


def evaluate_stories(
    path: Path,
    label_field: str = "event",
    *,
    models: Models | None = None,
    recluster: bool = False,
    progress: Callable[[int], None] | None = None,
) -> StoryEvaluation:
    """Ingest ``path`` (JSONL) into a temporary store and score the stories against ``label_field``."""
    from newsprism.pipeline import Pipeline

    labels = read_labels(path, label_field)
    with (
        tempfile.TemporaryDirectory(prefix="newsprism-eval-") as folder,
        Pipeline.open(Path(folder) / "eval.db", models=models or Models()) as pipeline,
    ):
        started = time.perf_counter()
        report = pipeline.ingest([path], progress=(lambda r: progress(r.read)) if progress else None)
        if recluster:
            pipeline.recluster()
        seconds = time.perf_counter() - started
        return score_store(pipeline.store, labels, seconds, report.errors)


def score_store(
    store: Store, labels: dict[int, str], seconds: float = 0.0, errors: list[IngestError] | None = None
) -> StoryEvaluation:
    """Score a store's stories against gold labels keyed by JSONL line, beside the tuned baseline."""
    entries = [e for e in store.iter_entries() if _line(e.article.origin) in labels]
    gold = [labels[_line(e.article.origin)] for e in entries]
    articles = [e.article for e in entries]
    distances = tfidf_distances(articles)
    baseline, threshold = max(
        (
            (score_clustering(baseline_clusters(articles, t, distances), gold), float(t))
            for t in BASELINE_THRESHOLDS
        ),
        key=lambda scored: scored[0].bcubed_f1,
    )
    return StoryEvaluation(
        newsprism=score_clustering([e.story_id for e in entries], gold),
        baseline=baseline,
        baseline_threshold=threshold,
        gold_stories=len(set(gold)),
        articles=len(entries),
        seconds=seconds,
        errors=errors or [],
    )


def _line(origin: str) -> int:
    _, _, number = origin.rpartition(":")
    return int(number) if number.isdigit() else -1
