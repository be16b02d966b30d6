"""The same-story score against human judgements of article pairs (SemEval-2022 Task 8).

Each line of the file is a pair of news articles with an ``overall`` score averaged over annotators, from
1 (the same story) to 4 (unrelated). Both articles are cleaned as ingest cleans them, then every pair gets
three scores (a pair with an article that cleans to nothing is skipped and counted):

- newsprism: the event similarity story detection compares with its threshold (``event_similarity``), on
  the features ingest computes, with document frequencies counted over every article scored;
- TF-IDF cosine: scikit-learn's sublinear TF-IDF of title and text, fitted on every article scored;
- English static model: the cosine of the static (English-distilled) embeddings of title and lead.

The figures are the Pearson and Spearman correlations of each score with ``-overall`` (so that a higher
correlation means better agreement), per language pair and over the whole file.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np

from newsprism.clean import EmptyDocumentError, clean_document
from newsprism.cluster.features import ArticleFeatures, FeatureExtractor, lead_text
from newsprism.cluster.similarity import DocumentFrequencies, SimilarityWeights, event_similarity
from newsprism.evaluation import numbered_lines
from newsprism.models import Models
from newsprism.records import Article, RawDocument

SYSTEMS = {"newsprism": "newsprism", "tfidf": "TF-IDF cosine", "static": "English static model"}
ALL = "all"
FIELDS = ("pair_id", "lang1", "lang2", "title1", "text1", "title2", "text2", "overall")
CHUNK = 64  # pairs cleaned and embedded together (the progress callback is called after each chunk)


class PairsDataError(ValueError):
    """A line of the pairs file is not a scored article pair; names the file, the line and what is wrong."""


@dataclass(frozen=True, slots=True)
class ArticlePair:
    """Two articles and the annotators' mean overall score (1 = same story ... 4 = unrelated)."""

    pair_id: str
    first: RawDocument
    second: RawDocument
    overall: float

    @property
    def group(self) -> str:
        """The language pair: ``"de"`` when both are German, ``"de-en"`` for German beside English."""
        first, second = self.first.language or "?", self.second.language or "?"
        return first if first == second else f"{first}-{second}"


@dataclass(frozen=True, slots=True)
class Correlation:
    """Pearson and Spearman correlation of one score with ``-overall``; None where undefined (fewer than
    three pairs, or a constant score)."""

    pearson: float | None
    spearman: float | None

    def to_dict(self) -> dict[str, float | None]:
        return {"pearson": _rounded(self.pearson), "spearman": _rounded(self.spearman)}


@dataclass(frozen=True, slots=True)
class GroupCorrelations:
    """One language pair's (or the whole file's) figures: how many pairs, and each system's correlation."""

    pairs: int
    systems: dict[str, Correlation]

    def to_dict(self) -> dict[str, Any]:
        return {"pairs": self.pairs, **{name: c.to_dict() for name, c in self.systems.items()}}


@dataclass
class PairEvaluation:
    """Correlations per language pair (most pairs first) and over all pairs (``groups[ALL]``, last)."""

    groups: dict[str, GroupCorrelations] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # "pair_id: why", for pairs not scored

    @property
    def pairs(self) -> int:
        return self.groups[ALL].pairs if ALL in self.groups else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "pairs": self.pairs,
            "skipped": len(self.skipped),
            "systems": dict(SYSTEMS),
            "groups": {name: group.to_dict() for name, group in self.groups.items()},
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _side(row: dict[str, Any], where: str, side: int) -> RawDocument:
    title, text, language = row[f"title{side}"], row[f"text{side}"], row[f"lang{side}"]
    if not isinstance(text, str) or not isinstance(language, str) or not isinstance(title, str | None):
        raise TypeError(f"title{side}, text{side} and lang{side} must be strings")
    return RawDocument(
        origin=f"{where}#{side}",
        text=text,
        format="text",
        title=title or None,
        outlet=f"article {side}",
        language=language.strip().lower() or None,
        has_title=True,
    )


def parse_pair(line: str, where: str) -> ArticlePair:
    """One JSONL line as a pair; :class:`PairsDataError` naming ``where`` (``file:line``) otherwise."""
    try:
        row = json.loads(line)
        if not isinstance(row, dict):
            raise TypeError(f"a JSON object is needed, not {type(row).__name__}")
        missing = [name for name in FIELDS if name not in row]
        if missing:
            raise KeyError(", ".join(missing))
        overall = float(row["overall"])
        if not math.isfinite(overall):
            raise ValueError(f"overall is {row['overall']!r}")
        return ArticlePair(str(row["pair_id"]), _side(row, where, 1), _side(row, where, 2), overall)
    except json.JSONDecodeError as exc:
        raise PairsDataError(f"{where}: not valid JSON ({exc})") from exc
    except KeyError as exc:
        raise PairsDataError(f"{where}: missing field {exc.args[0]}") from exc
    except (TypeError, ValueError) as exc:
        raise PairsDataError(f"{where}: not an article pair ({exc})") from exc


def read_pairs(path: Path, limit: int | None = None) -> Iterator[ArticlePair]:
    """The pairs of a SemEval-2022 Task 8 JSONL file (``pair_id, lang1, lang2, title1, text1, title2,
    text2, overall``), the first ``limit`` of them if given; blank lines are skipped."""
    for number, line in numbered_lines(path, limit=limit):
        yield parse_pair(line, f"{path}:{number}")


@dataclass
class _Scored:
    """What the pairs kept so far carry: the pairs, their articles (2k and 2k+1) and per-article data."""

    pairs: list[ArticlePair] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    features: list[ArticleFeatures] = field(default_factory=list)  # two per pair
    static: list[np.ndarray] = field(default_factory=list)  # unit static embeddings, chunk by chunk


def _add_chunk(scored: _Scored, chunk: list[ArticlePair], models: Models, skipped: list[str]) -> None:
    """Clean a chunk of pairs (skipping those with an empty article), then compute their features."""
    articles: list[Article] = []
    for pair in chunk:
        try:
            articles.extend((clean_document(pair.first), clean_document(pair.second)))
        except EmptyDocumentError as exc:
            skipped.append(f"{pair.pair_id}: {exc}")
            continue
        scored.pairs.append(pair)
    if not articles:
        return
    scored.articles.extend(articles)
    scored.features.extend(FeatureExtractor(models.event_embedder).extract(articles))
    scored.static.append(models.static_embedder.encode([lead_text(a) for a in articles]))


def newsprism_scores(scored: _Scored) -> np.ndarray:
    """The event similarity of each pair, with document frequencies over every article scored."""
    frequencies = DocumentFrequencies()
    for features in scored.features:
        frequencies.add(features.buckets())
    pairs = [(2 * k, 2 * k + 1) for k in range(len(scored.pairs))]
    return event_similarity(scored.features, pairs, frequencies, SimilarityWeights())


def tfidf_scores(articles: list[Article]) -> np.ndarray:
    """TF-IDF cosine of articles 2k and 2k+1, fitted on all of them (title and text)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectors = TfidfVectorizer(sublinear_tf=True).fit_transform([f"{a.title}\n{a.text}" for a in articles])
    return np.asarray(vectors[0::2].multiply(vectors[1::2]).sum(axis=1)).ravel()


def static_scores(vectors: np.ndarray) -> np.ndarray:
    """Cosine of unit rows 2k and 2k+1."""
    return np.einsum("ij,ij->i", vectors[0::2], vectors[1::2]).astype(np.float64)


def correlate(scores: np.ndarray, overall: np.ndarray) -> Correlation:
    """Pearson and Spearman of ``scores`` with ``-overall``."""
    from scipy.stats import pearsonr, spearmanr

    target = -np.asarray(overall, dtype=np.float64)
    if len(scores) < 3 or np.ptp(scores) == 0 or np.ptp(target) == 0:
        return Correlation(None, None)
    return Correlation(float(pearsonr(scores, target)[0]), float(spearmanr(scores, target)[0]))


def group_correlations(
    pairs: list[ArticlePair], scores: dict[str, np.ndarray]
) -> dict[str, GroupCorrelations]:
    """Each language pair (most pairs first), then all pairs together."""
    groups = np.array([pair.group for pair in pairs])
    overall = np.array([pair.overall for pair in pairs], dtype=np.float64)
    names = [name for name, _ in Counter(groups.tolist()).most_common()]
    result = {}
    for name in [*names, ALL]:
        chosen = np.ones(len(pairs), dtype=bool) if name == ALL else groups == name
        result[name] = GroupCorrelations(
            pairs=int(chosen.sum()),
            systems={system: correlate(values[chosen], overall[chosen]) for system, values in scores.items()},
        )
    return result


def evaluate_pairs(
    pairs: Iterable[ArticlePair], models: Models, progress: Callable[[int], None] | None = None
) -> PairEvaluation:
    """Score every pair with newsprism and the two baselines; their correlations with the judgements.
    ``progress`` is told how many pairs have been read so far."""
    result = PairEvaluation()
    scored = _Scored()
    done = 0
    iterator = iter(pairs)
    while chunk := list(islice(iterator, CHUNK)):
        _add_chunk(scored, chunk, models, result.skipped)
        done += len(chunk)
        if progress:
            progress(done)
    if not scored.pairs:
        return result
    scores = {
        "newsprism": newsprism_scores(scored),
        "tfidf": tfidf_scores(scored.articles),
        "static": static_scores(np.concatenate(scored.static)),
    }
    result.groups = group_correlations(scored.pairs, scores)
    return result
