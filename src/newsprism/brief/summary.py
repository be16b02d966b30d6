"""Extractive summary: the best-supported, most central claims, each shown as one verbatim source sentence.

Nothing is generated: every summary sentence is a sentence of a stored article, and it cites every sentence
(and so every outlet) of its claim. A claim's centre sentence scores by

- support: how many independent reports carry the claim (copies and rewrites count once),
- agreement: how closely, on average, each other independent report says the same thing (the best paraphrase
  score in that report), which credits near-misses that the claim threshold leaves out,
- centrality: cosine to the story's sentence centroid, and
- position: leads first.

Selection is greedy with a redundancy cut (maximal marginal relevance) and the chosen sentences are put back
in the order the articles tell the story. Weights were tuned on NeuS train (``newsprism eval summaries``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsprism.brief.claims import ClaimGroup, StorySentences, story_scores


@dataclass(frozen=True, slots=True)
class SummaryOptions:
    max_sentences: int = 6
    max_words: int | None = None  # stop before exceeding this many words, if set
    min_words: int = 6  # fragments and bylines are never summary material
    max_sentence_words: int = 60
    redundancy: float = 0.7  # a candidate this similar to a chosen sentence repeats it
    support_weight: float = 1.0
    agreement_weight: float = 1.0
    centrality_weight: float = 1.0
    position_weight: float = 0.3


@dataclass(frozen=True, slots=True)
class Pick:
    """A chosen sentence (index into the story's sentences) and the claim it stands for."""

    sentence: int
    group: int


def _word_count(text: str) -> int:
    return len(text.split())


def _is_candidate(text: str, options: SummaryOptions) -> bool:
    words = _word_count(text)
    stripped = text.rstrip("\"')” ")
    return (
        options.min_words <= words <= options.max_sentence_words
        and stripped[-1:] in {".", "!"}
        and not text[:1].islower()
    )


def agreement(scores: np.ndarray, reports: np.ndarray) -> np.ndarray:
    """Per sentence: the mean, over the other independent reports, of its best paraphrase score there."""
    names = np.unique(reports)
    if len(names) < 2:
        return np.zeros(len(reports), dtype=np.float32)
    best = np.stack([scores[:, reports == r].max(axis=1) for r in names], axis=1)  # (n, reports)
    own = reports[:, None] == names[None, :]
    return np.where(own, 0.0, np.clip(best, 0.0, None)).sum(axis=1) / (len(names) - 1)


def select_summary(
    sentences: StorySentences,
    groups: Sequence[ClaimGroup],
    options: SummaryOptions = SummaryOptions(),
    scores: np.ndarray | None = None,
    reports: Sequence[str] | None = None,
) -> list[Pick]:
    """Choose summary sentences; returns picks in reading order.

    ``scores`` are the story's paraphrase scores (:func:`~newsprism.brief.claims.story_scores`) and
    ``reports`` the independent report of each sentence (its article's original); by default every
    article is its own report.
    """
    if not sentences.refs:
        return []
    if scores is None:
        scores = story_scores(sentences)
    report_of = np.asarray(reports if reports is not None else [r.article_id for r in sentences.refs])
    vectors = sentences.vectors
    centroid = vectors.mean(axis=0)
    centroid /= np.linalg.norm(centroid) or 1.0
    centrality = vectors @ centroid
    agreeing = agreement(scores, report_of)
    report_count = len(set(report_of.tolist()))

    scored: list[tuple[float, int, int]] = []  # (score, sentence, group)
    for g, group in enumerate(groups):
        members = group.members
        if not _is_candidate(sentences.refs[group.centre].text, options):
            continue  # the centre is what every citation matches, so only it can be shown
        support = len({report_of[i] for i in members})
        best = group.centre
        position = float(np.mean([sentences.positions[i] for i in members]))
        score = (
            options.support_weight * (support - 1) / max(1, report_count - 1)
            + options.agreement_weight * float(agreeing[best])
            + options.centrality_weight * float(centrality[best])
            + options.position_weight * (1.0 - position)
        )
        scored.append((score, best, g))
    scored.sort(key=lambda x: (-x[0], x[1]))

    picks: list[Pick] = []
    words = 0
    for _, sentence, group in scored:
        if len(picks) >= options.max_sentences:
            break
        if picks and max(float(vectors[sentence] @ vectors[p.sentence]) for p in picks) >= options.redundancy:
            continue
        length = _word_count(sentences.refs[sentence].text)
        if options.max_words is not None and picks and words + length > options.max_words:
            continue
        picks.append(Pick(sentence, group))
        words += length

    def reading_order(pick: Pick) -> tuple[float, int]:
        members = groups[pick.group].members
        return float(np.mean([sentences.positions[i] for i in members])), pick.sentence

    return sorted(picks, key=reading_order)
