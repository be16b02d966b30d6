"""Story detection measured on a labelled corpus, beside a TF-IDF + agglomerative baseline in the same run.

The corpus goes through the real pipeline into a temporary store (every article is cleaned, embedded and
clustered exactly as `newsprism ingest` does it); the baseline clusters the same cleaned texts with
scikit-learn at the distance threshold tuned once on ECB+ dev (``BASELINE_THRESHOLD``), so that a set
scored is never also the set its baseline was tuned on. The baseline tuned on the scored labels themselves
is printed too, as what TF-IDF could reach at best.

Besides the whole set, the figures are given per language group: the English articles alone, the other
articles alone, and the articles of events reported in more than one language (each group scored on its
own articles, with the clusters restricted to them).
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from newsprism.evaluation import numbered_lines
from newsprism.evaluation.metrics import ClusteringScores, score_clustering
from newsprism.models import Models
from newsprism.records import Article, IngestError
from newsprism.store import Store

BASELINE_THRESHOLDS = np.round(np.arange(0.05, 0.951, 0.025), 3)
# The TF-IDF baseline's similarity threshold, tuned on ECB+ dev (topics 1-25, 535 articles): the best
# BCubed F1 of BASELINE_THRESHOLDS there (`newsprism eval stories ../shared/data/ecbplus/dev.jsonl`
# prints it as the tuned threshold).
BASELINE_THRESHOLD = 0.2
ENGLISH = "en"


@dataclass
class GroupScores:
    """One language group's figures: newsprism and the baseline on the group's articles."""

    articles: int
    gold_stories: int
    newsprism: ClusteringScores
    baseline: ClusteringScores

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "gold_stories": self.gold_stories,
            "newsprism": self.newsprism.as_dict(),
            "baseline": self.baseline.as_dict(),
        }


@dataclass
class StoryEvaluation:
    newsprism: ClusteringScores
    baseline: ClusteringScores  # at BASELINE_THRESHOLD, tuned on ECB+ dev
    baseline_tuned: ClusteringScores  # tuned on the scored labels themselves: an upper bound for TF-IDF
    baseline_threshold: float  # the threshold ``baseline_tuned`` found
    gold_stories: int
    articles: int
    seconds: float
    errors: list[IngestError] = field(default_factory=list)
    groups: dict[str, GroupScores] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "newsprism": self.newsprism.as_dict(),
            "baseline": {**self.baseline.as_dict(), "threshold": BASELINE_THRESHOLD, "tuned_on": "ECB+ dev"},
            "baseline_tuned": {**self.baseline_tuned.as_dict(), "threshold": self.baseline_threshold},
            "groups": {name: group.to_dict() for name, group in self.groups.items()},
            "gold_stories": self.gold_stories,
            "articles": self.articles,
            "articles_per_s": round(self.articles / self.seconds, 2) if self.seconds else None,
        }


class LabelError(ValueError):
    """The corpus lacks the labels the evaluation needs."""


def read_labels(path: Path, label_field: str) -> dict[int, str]:
    """Line number (1-based) → gold label, for every JSONL line that has one."""
    labels = {}
    for number, line in numbered_lines(path):
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
    by_threshold = {
        float(t): baseline_clusters(articles, float(t), distances)
        for t in sorted({*BASELINE_THRESHOLDS.tolist(), BASELINE_THRESHOLD})
    }
    tuned, threshold = max(
        ((score_clustering(clusters, gold), t) for t, clusters in by_threshold.items()),
        key=lambda scored: scored[0].bcubed_f1,
    )
    predicted = [e.story_id or "" for e in entries]
    baseline = by_threshold[BASELINE_THRESHOLD]
    return StoryEvaluation(
        newsprism=score_clustering(predicted, gold),
        baseline=score_clustering(baseline, gold),
        baseline_tuned=tuned,
        baseline_threshold=threshold,
        gold_stories=len(set(gold)),
        articles=len(entries),
        seconds=seconds,
        errors=errors or [],
        groups=language_groups(articles, gold, predicted, baseline),
    )


def language_groups(
    articles: list[Article], gold: list[str], predicted: list[str], baseline: list[int]
) -> dict[str, GroupScores]:
    """Figures on the English articles, the other articles, and the events reported in several languages;
    a group the corpus does not have is left out."""
    languages: dict[str, set[str]] = {}
    for article, label in zip(articles, gold, strict=True):
        languages.setdefault(label, set()).add(article.language or "")
    members = {
        "English articles": [a.language == ENGLISH for a in articles],
        "non-English articles": [a.language != ENGLISH for a in articles],
        "cross-lingual events": [len(languages[label]) > 1 for label in gold],
    }
    groups = {}
    for name, chosen in members.items():
        keep = [i for i, inside in enumerate(chosen) if inside]
        if not keep or len(keep) == len(articles):  # the whole set says it already
            continue
        subset = [gold[i] for i in keep]
        groups[name] = GroupScores(
            articles=len(keep),
            gold_stories=len(set(subset)),
            newsprism=score_clustering([predicted[i] for i in keep], subset),
            baseline=score_clustering([baseline[i] for i in keep], subset),
        )
    return groups


def _line(origin: str) -> int:
    _, _, number = origin.rpartition(":")
    return int(number) if number.isdigit() else -1
