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
    n = len(counts)
    size = list(counts)
    parent = list(range(n))
    alive = [True] * n
    version = [0] * n
    links: list[dict[int, float]] = [{} for _ in range(n)]
    for (i, j), total in totals.items():
        if i != j and not (frozen[i] and frozen[j]):
            links[i][j] = links[j][i] = total

    heap: list[tuple[float, int, int, int, int]] = []

    def push(i: int, j: int) -> None:
        score = links[i][j] / (size[i] * size[j])
        if score >= threshold:
            a, b = min(i, j), max(i, j)
            heapq.heappush(heap, (-score, a, b, version[a], version[b]))

    for i in range(n):
        for j in links[i]:
            if i < j:
                push(i, j)

    while heap:
        _, a, b, version_a, version_b = heapq.heappop(heap)
        if not (alive[a] and alive[b]) or version[a] != version_a or version[b] != version_b:
            continue
        keep, drop = (b, a) if frozen[b] and not frozen[a] else (a, b)
        merged: dict[int, float] = {}
        for other in (set(links[keep]) | set(links[drop])) - {keep, drop}:
            if frozen[other] and (frozen[keep] or frozen[drop]):
                continue
            known_keep = links[keep].get(other)
            known_drop = links[drop].get(other)
            merged[other] = (known_keep if known_keep is not None else exact_total(keep, other)) + (
                known_drop if known_drop is not None else exact_total(drop, other)
            )
        on_merge(keep, drop)
        size[keep] += size[drop]
        alive[drop] = False
        parent[drop] = keep
        version[keep] += 1
        for other in links[drop]:
            links[other].pop(drop, None)
        for other in links[keep]:
            links[other].pop(keep, None)
        links[drop] = {}
        links[keep] = merged
        for other, total in merged.items():
            links[other][keep] = total
        for other in merged:
            push(keep, other)

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    return [root(i) for i in range(n)]
