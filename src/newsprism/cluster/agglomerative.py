"""Average-linkage agglomerative clustering over a sparse candidate graph, with frozen groups.

Groups merge best-first while their mean pairwise similarity clears a threshold (UPGMA). The *total*
similarity between two groups is additive (the total of A∪B with C is the total of A with C plus that of B
with C), so merging never recomputes what is known; a total that is not known yet (the pair was not a
candidate) is computed exactly on demand. Only pairs on the candidate graph are compared, so the cost grows
with the number of articles, not its square. Frozen groups (existing stories) can absorb new articles and
new groups but never merge with each other: that keeps story ids stable.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping, Sequence


def average_linkage(
    counts: Sequence[int],
    frozen: Sequence[bool],
    totals: Mapping[tuple[int, int], float],
    threshold: float,
    exact_total: Callable[[int, int], float],
    on_merge: Callable[[int, int], None] = lambda keep, drop: None,
) -> list[int]:
    """Merge groups; returns, for each input group, the index of the group it ended in.

    ``totals`` holds the summed similarity of candidate pairs ``(i, j)``; ``exact_total(i, j)`` computes a
    missing one for the current groups; ``on_merge(keep, drop)`` lets the caller merge its own state.
    """
    groups = _Groups(counts, frozen, totals, threshold)
    while groups.heap:
        _, a, b, version_a, version_b = heapq.heappop(groups.heap)
        if not groups.current(a, b, version_a, version_b):
            continue
        keep, drop = (b, a) if frozen[b] and not frozen[a] else (a, b)
        merged = groups.merged_links(keep, drop, exact_total)
        on_merge(keep, drop)
        groups.merge(keep, drop, merged)
    return [groups.root(i) for i in range(len(counts))]


class _Groups:
    """The state of one clustering run: group sizes, the union-find forest, each live group's known totals
    with its neighbours, and the heap of candidate merges (stale entries are skipped by version)."""

    def __init__(
        self,
        counts: Sequence[int],
        frozen: Sequence[bool],
        totals: Mapping[tuple[int, int], float],
        threshold: float,
    ) -> None:
        n = len(counts)
        self.frozen = frozen
        self.threshold = threshold
        self.size = list(counts)
        self.parent = list(range(n))
        self.alive = [True] * n
        self.version = [0] * n
        self.links: list[dict[int, float]] = [{} for _ in range(n)]
        for (i, j), total in totals.items():
            if i != j and not (frozen[i] and frozen[j]):
                self.links[i][j] = self.links[j][i] = total
        self.heap: list[tuple[float, int, int, int, int]] = []
        for i in range(n):
            for j in self.links[i]:
                if i < j:
                    self.push(i, j)

    def push(self, i: int, j: int) -> None:
        """Queue the merge of ``i`` and ``j`` if their mean similarity clears the threshold."""
        score = self.links[i][j] / (self.size[i] * self.size[j])
        if score >= self.threshold:
            a, b = min(i, j), max(i, j)
            heapq.heappush(self.heap, (-score, a, b, self.version[a], self.version[b]))

    def current(self, a: int, b: int, version_a: int, version_b: int) -> bool:
        """Whether a queued merge still describes two live groups as they are now."""
        return (
            self.alive[a] and self.alive[b] and self.version[a] == version_a and self.version[b] == version_b
        )

    def merged_links(
        self, keep: int, drop: int, exact_total: Callable[[int, int], float]
    ) -> dict[int, float]:
        """The totals of ``keep``∪``drop`` with each neighbour of either, computing the missing ones; frozen
        neighbours are left out once either side is frozen."""
        frozen, links = self.frozen, self.links
        merged: dict[int, float] = {}
        for other in (set(links[keep]) | set(links[drop])) - {keep, drop}:
            if frozen[other] and (frozen[keep] or frozen[drop]):
                continue
            known_keep = links[keep].get(other)
            known_drop = links[drop].get(other)
            merged[other] = (known_keep if known_keep is not None else exact_total(keep, other)) + (
                known_drop if known_drop is not None else exact_total(drop, other)
            )
        return merged

    def merge(self, keep: int, drop: int, merged: dict[int, float]) -> None:
        """Fold ``drop`` into ``keep``, whose totals become ``merged``, and queue its new candidate merges."""
        links = self.links
        self.size[keep] += self.size[drop]
        self.alive[drop] = False
        self.parent[drop] = keep
        self.version[keep] += 1
        for other in links[drop]:
            links[other].pop(drop, None)
        for other in links[keep]:
            links[other].pop(keep, None)
        links[drop] = {}
        links[keep] = merged
        for other, total in merged.items():
            links[other][keep] = total
        for other in merged:
            self.push(keep, other)

    def root(self, i: int) -> int:
        """The group ``i`` ended in (with path halving)."""
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i
