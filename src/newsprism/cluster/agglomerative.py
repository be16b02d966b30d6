"""Average-linkage agglomerative clustering over a sparse candidate graph, with frozen groups.

Groups merge best-first while their mean pairwise similarity clears a threshold (UPGMA). The similarity
of two groups is ``(1 - shared_weight)`` times their mean event similarity (exact, from running sums) plus
``shared_weight`` times their mean *shared-neighbour* score, a sparse pairwise signal whose sums are carried
along as groups merge. Only pairs on the candidate graph are compared, so the cost grows with the number of
articles, not its square. Frozen groups (yesterday's stories) can absorb new articles and new groups but
never merge with each other: that keeps story ids stable. With no frozen groups this is the batch algorithm.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence

from newsprism.cluster.similarity import GroupProfile, SimilarityWeights, average_similarity


def average_linkage(
    profiles: Sequence[GroupProfile],
    frozen: Sequence[bool],
    edges: Iterable[tuple[int, int]],
    weights: SimilarityWeights,
    threshold: float,
    shared: Mapping[tuple[int, int], float] | None = None,
    shared_weight: float = 0.0,
) -> list[int]:
    """Merge groups; returns, for each input group, the index of the group it ended in.

    ``shared`` holds, per pair of groups ``(i, j)`` with ``i < j``, the sum of the shared-neighbour scores
    of their members. ``profiles`` are consumed: merged groups' sums are added in place.
    """
    n = len(profiles)
    parent = list(range(n))
    alive = [True] * n
    version = [0] * n
    links: list[dict[int, float]] = [{} for _ in range(n)]  # neighbour -> shared-neighbour sum

    def connect(i: int, j: int, amount: float = 0.0) -> None:
        if i != j and not (frozen[i] and frozen[j]):
            links[i][j] = links[i].get(j, 0.0) + amount
            links[j][i] = links[j].get(i, 0.0) + amount

    for i, j in edges:
        connect(i, j)
    for (i, j), amount in (shared or {}).items():
        connect(i, j, amount)

    heap: list[tuple[float, int, int, int, int]] = []

    def push(i: int, j: int) -> None:
        pairs = profiles[i].count * profiles[j].count
        score = (1 - shared_weight) * average_similarity(profiles[i], profiles[j], weights)
        score += shared_weight * links[i][j] / pairs
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
        profiles[keep].add(profiles[drop])
        alive[drop] = False
        parent[drop] = keep
        version[keep] += 1
        dropped = links[drop]
        links[drop] = {}
        links[keep].pop(drop, None)
        for other, amount in dropped.items():
            if other == keep:
                continue
            del links[other][drop]
            if frozen[keep] and frozen[other]:
                continue
            links[keep][other] = links[keep].get(other, 0.0) + amount
            links[other][keep] = links[other].get(keep, 0.0) + amount
        for other in links[keep]:
            push(keep, other)

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    return [root(i) for i in range(n)]
