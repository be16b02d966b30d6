"""Rewrites: one article retelling another sentence by sentence, in new words.

A rewrite shares few word sequences with its source (so MinHash misses it), but most of its sentences have
a close paraphrase in the source *and* most of the source's sentences have one in it: it tells the same
things, no more and no less. An independent report of the same event may share three facts with another,
but it also tells what the other does not, so one of the two coverages stays low. Two sentences that give
different figures ("killed 9" and "killed 11") are not a rewording of one another: a rewrite keeps the
facts, so such pairs do not count.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from newsprism.dedup.paraphrase import paraphrase_matrix

# With the static embeddings of the ingest path, the demo corpus's rewrites cover each other 86-88% at this
# line and independent reports of one event at most 50%.
ALIGNMENT_THRESHOLD = 0.60
REWRITE_COVERAGE = 0.6
MIN_MATCHED = 3  # two matching sentences make a shared quote or fact, not a retelling
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _numbers(sentence: str) -> frozenset[str]:
    return frozenset(n.replace(",", "") for n in _NUMBER.findall(sentence))


def mutual_coverage(
    first: Sequence[str], first_vectors: np.ndarray, second: Sequence[str], second_vectors: np.ndarray
) -> tuple[float, float]:
    """Share of each article's sentences with a paraphrase in the other."""
    if not first or not second:
        return 0.0, 0.0
    scores = paraphrase_matrix([*first, *second], np.vstack([first_vectors, second_vectors]))
    aligned = scores[: len(first), len(first) :] >= ALIGNMENT_THRESHOLD
    numbers = [_numbers(s) for s in second]
    for i, sentence in enumerate(first):
        mine = _numbers(sentence)
        for j in np.flatnonzero(aligned[i]) if mine else ():
            if numbers[j] and mine.isdisjoint(numbers[j]):
                aligned[i, j] = False
    return float(aligned.any(axis=1).mean()), float(aligned.any(axis=0).mean())


def is_rewrite(coverage: tuple[float, float], sentences: tuple[int, int]) -> bool:
    matched = min(c * n for c, n in zip(coverage, sentences, strict=True))
    return min(coverage) >= REWRITE_COVERAGE and matched >= MIN_MATCHED
