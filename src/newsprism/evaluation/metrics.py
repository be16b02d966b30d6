"""Clustering metrics: BCubed (per-item precision and recall, averaged) and pairwise F1."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ClusteringScores:
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    pairwise_precision: float
    pairwise_recall: float
    pairwise_f1: float
    stories: int

    def as_dict(self) -> dict[str, float | int]:
        return {
            "bcubed_precision": round(self.bcubed_precision, 4),
            "bcubed_recall": round(self.bcubed_recall, 4),
            "bcubed_f1": round(self.bcubed_f1, 4),
            "pairwise_precision": round(self.pairwise_precision, 4),
            "pairwise_recall": round(self.pairwise_recall, 4),
            "pairwise_f1": round(self.pairwise_f1, 4),
            "stories": self.stories,
        }


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score_clustering(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> ClusteringScores:
    """Scores of a predicted partition against a gold one (same items, same order)."""
    if len(predicted) != len(gold):
        raise ValueError(f"{len(predicted)} predicted labels for {len(gold)} gold labels")
    if not gold:
        return ClusteringScores(0, 0, 0, 0, 0, 0, 0)
    joint = Counter(zip(predicted, gold, strict=True))
    pred_sizes, gold_sizes = Counter(predicted), Counter(gold)
    # BCubed: every item in a (pred, gold) cell sees `cell` correct neighbours in both of its clusters.
    precision = sum(cell * cell / pred_sizes[p] for (p, _), cell in joint.items()) / len(gold)
    recall = sum(cell * cell / gold_sizes[g] for (_, g), cell in joint.items()) / len(gold)

    def pairs(n: int) -> int:
        return n * (n - 1) // 2

    together = sum(pairs(c) for c in joint.values())
    pred_pairs, gold_pairs = (
        sum(pairs(c) for c in pred_sizes.values()),
        sum(pairs(c) for c in gold_sizes.values()),
    )
    pair_precision = together / pred_pairs if pred_pairs else 1.0
    pair_recall = together / gold_pairs if gold_pairs else 1.0
    return ClusteringScores(
        precision,
        recall,
        _f1(precision, recall),
        pair_precision,
        pair_recall,
        _f1(pair_precision, pair_recall),
        len(pred_sizes),
    )
