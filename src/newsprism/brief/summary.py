"""Extractive summary: the best-supported, most central claims, each shown as one verbatim source sentence.

Nothing is generated: every summary sentence is a sentence of a stored article, and it cites every sentence
(and so every outlet) of its claim. Selection is greedy with a redundancy cut (maximal marginal relevance),
and the chosen sentences are put back in the order the articles tell the story.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsprism.brief.claims import ClaimGroup, StorySentences


@dataclass(frozen=True, slots=True)
class SummaryOptions:
    max_sentences: int = 6
    max_words: int | None = None  # stop before exceeding this many words, if set
    min_words: int = 6  # fragments and bylines are never summary material
    max_sentence_words: int = 60
    redundancy: float = 0.6  # a candidate this similar to a chosen sentence repeats it
    support_weight: float = 1.0
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


def select_summary(
    sentences: StorySentences,
    groups: Sequence[ClaimGroup],
    options: SummaryOptions = SummaryOptions(),
) -> list[Pick]:
    """Choose summary sentences; returns picks in reading order."""
    if not sentences.refs:
        return []
    vectors = sentences.vectors
    centroid = vectors.mean(axis=0)
    centroid /= np.linalg.norm(centroid) or 1.0
    centrality = vectors @ centroid
    outlet_count = len({r.outlet for r in sentences.refs})

    scored: list[tuple[float, int, int]] = []  # (score, sentence, group)
    for g, group in enumerate(groups):
        members = group.members
        if not _is_candidate(sentences.refs[group.centre].text, options):
            continue  # the centre is what every citation matches, so only it can be shown
        support = len({sentences.refs[i].outlet for i in members})
        best = group.centre
        position = float(np.mean([sentences.positions[i] for i in members]))
        score = (
            options.support_weight * (support - 1) / max(1, outlet_count - 1)
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
