"""Story assignment: batches of new articles join existing stories or form new ones.

A batch is clustered together with the stories its articles are near (average linkage, see
``agglomerative``): new articles may first group among themselves, and a group then joins an existing
story when its mean similarity to the story's members clears the threshold. Existing stories never merge
with each other here, so their ids stay stable as days of news arrive; ``Pipeline.recluster`` is the
explicit batch pass that may merge and split, and its changes are recorded.

Besides the direct event similarity, two articles score by the neighbours they share: each article keeps
its ``shared_neighbours`` most similar articles, and two articles whose lists overlap are likely reports of
one event even when they do not resemble each other directly (one covers the arrest, the other the trial
date). This second-order signal is what separates look-alike events best: their reports are each other's
neighbours only across the divide, rarely both ways.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from newsprism.cluster.agglomerative import average_linkage
from newsprism.cluster.neighbours import NeighbourIndex
from newsprism.cluster.similarity import GroupProfile, PreparedFeatures, SimilarityWeights, similarity

DEFAULT_THRESHOLD = 0.16  # the middle of the plateau (0.15-0.17) on ECB+, robust to a young store's IDF


@dataclass(frozen=True, slots=True)
class Assignment:
    article_id: str
    story_id: str
    new_story: bool
    neighbours: tuple[str, ...]  # the article's most similar articles at the time, kept for later batches


@dataclass
class StoryClusterer:
    """The stories known so far, their articles' neighbour lists, and a vector index over their articles."""

    weights: SimilarityWeights = field(default_factory=SimilarityWeights)
    threshold: float = DEFAULT_THRESHOLD
    candidates: int = 30  # nearest articles by embedding, re-ranked by the full event similarity
    shared_neighbours: int = 5
    shared_weight: float = 0.2
    profiles: dict[str, GroupProfile] = field(default_factory=dict)
    representatives: dict[str, tuple[str, np.ndarray]] = field(default_factory=dict)
    _items: dict[str, PreparedFeatures] = field(default_factory=dict)
    _story_of: dict[str, str] = field(default_factory=dict)
    _neighbour_lists: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _listed_by: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    _index: NeighbourIndex | None = None
    _indexed: list[str] = field(default_factory=list)  # article id at each index position

    def add_story(
        self, story_id: str, members: Sequence[PreparedFeatures], neighbour_lists: dict[str, tuple[str, ...]]
    ) -> None:
        """Load an existing story (at start-up) with its members' stored neighbour lists."""
        for item in members:
            self._items[item.features.article_id] = item
            self._story_of[item.features.article_id] = story_id
        self._remember_lists(
            {i.features.article_id: neighbour_lists.get(i.features.article_id, ()) for i in members}
        )
        self._index_vectors(members)
        for item in members:
            profile = GroupProfile.of(item)
            if story_id in self.profiles:
                self.profiles[story_id].add(profile)
            else:
                self.profiles[story_id] = profile
            self._update_representative(story_id, item)

    def representative(self, story_id: str) -> str:
        """The member closest to the story's centroid: its title makes the headline."""
        return self.representatives[story_id][0]

    def assign(
        self, items: Sequence[PreparedFeatures], story_id_for: Callable[[str], str]
    ) -> list[Assignment]:
        """Place new articles (in ingest order); ``story_id_for(article_id)`` names the stories they open."""
        if not items:
            return []
        candidates = self._neighbour_candidates(items)
        lists = self._rank_neighbours(items, candidates)
        for item in items:
            self._items[item.features.article_id] = item
        self._remember_lists(lists)

        new_node = {item.features.article_id: n for n, item in enumerate(items)}
        stored_stories = sorted(
            {self._story_of[c] for row in candidates for c in row if c in self._story_of}
            | {self._story_of[c] for a in new_node for c in self._shared_with(a) if c in self._story_of}
        )
        node_of_story = {s: i for i, s in enumerate(stored_stories)}
        offset = len(stored_stories)

        def node(article_id: str) -> int:
            if article_id in new_node:
                return offset + new_node[article_id]
            return node_of_story[self._story_of[article_id]]

        edges = [(offset + n, node(c)) for n, row in enumerate(candidates) for c in row]
        shared: dict[tuple[int, int], float] = Counter()
        for article_id, n in new_node.items():
            for other, count in self._shared_with(article_id).items():
                if other in new_node and new_node[other] <= n:
                    continue  # each new-new pair once
                i, j = sorted((offset + n, node(other)))
                shared[(i, j)] += count / self.shared_neighbours
        profiles = [self.profiles[s] for s in stored_stories] + [GroupProfile.of(item) for item in items]
        frozen = [True] * offset + [False] * len(items)
        roots = average_linkage(
            profiles, frozen, edges, self.weights, self.threshold, shared, self.shared_weight
        )

        assignments: list[Assignment] = []
        opened: dict[int, str] = {}
        for n, item in enumerate(items):
            root = roots[offset + n]
            article_id = item.features.article_id
            neighbours = lists[article_id]
            if root < offset:
                assignments.append(Assignment(article_id, stored_stories[root], False, neighbours))
            elif root in opened:
                assignments.append(Assignment(article_id, opened[root], False, neighbours))
            else:
                opened[root] = story_id_for(article_id)
                self.profiles[opened[root]] = profiles[root]
                assignments.append(Assignment(article_id, opened[root], True, neighbours))
        for assignment, item in zip(assignments, items, strict=True):
            self._story_of[assignment.article_id] = assignment.story_id
            self._update_representative(assignment.story_id, item)
        self._index_vectors(items)
        return assignments

    # -- neighbours ------------------------------------------------------------------------------------

    def _neighbour_candidates(self, items: Sequence[PreparedFeatures]) -> list[list[str]]:
        """Per item: the nearest stored articles and the nearest other items, by embedding."""
        vectors = np.stack([item.features.vector for item in items]).astype(np.float32)
        found: list[list[str]] = [[] for _ in items]
        if self._index is not None and len(self._index):
            for row, positions in enumerate(self._index.search(vectors, self.candidates)):
                found[row].extend(self._indexed[p] for p in positions if p >= 0)
        batch = NeighbourIndex(vectors.shape[1])
        batch.add(vectors)
        for row, positions in enumerate(batch.search(vectors, self.candidates + 1)):
            found[row].extend(items[p].features.article_id for p in positions if p >= 0 and p != row)
        return found

    def _rank_neighbours(
        self, items: Sequence[PreparedFeatures], candidates: Sequence[Sequence[str]]
    ) -> dict[str, tuple[str, ...]]:
        """Each item's most similar candidates by the full event similarity."""
        by_id = {item.features.article_id: item for item in items}
        lists = {}
        for item, row in zip(items, candidates, strict=True):
            scored = sorted(
                (
                    (similarity(item, self._items.get(c) or by_id[c], self.weights), c)
                    for c in dict.fromkeys(row)
                ),
                key=lambda x: (-x[0], x[1]),
            )
            lists[item.features.article_id] = tuple(c for _, c in scored[: self.shared_neighbours])
        return lists

    def _remember_lists(self, lists: dict[str, tuple[str, ...]]) -> None:
        for article_id, neighbours in lists.items():
            self._neighbour_lists[article_id] = neighbours
            for other in neighbours:
                self._listed_by[other].add(article_id)

    def _shared_with(self, article_id: str) -> Counter[str]:
        """Articles sharing at least one listed neighbour with ``article_id``, with how many they share."""
        shared: Counter[str] = Counter()
        for neighbour in self._neighbour_lists.get(article_id, ()):
            shared.update(self._listed_by[neighbour])
        shared.pop(article_id, None)
        return shared

    # -- state -----------------------------------------------------------------------------------------

    def _update_representative(self, story_id: str, item: PreparedFeatures) -> None:
        centroid = self.profiles[story_id].centroid
        candidate = (item.features.article_id, item.features.vector)
        current = self.representatives.get(story_id)
        if current is None or float(candidate[1] @ centroid) > float(current[1] @ centroid):
            self.representatives[story_id] = candidate

    def _index_vectors(self, items: Sequence[PreparedFeatures]) -> None:
        vectors = np.stack([item.features.vector for item in items]).astype(np.float32)
        if self._index is None:
            self._index = NeighbourIndex(vectors.shape[1])
        self._index.add(vectors)
        self._indexed.extend(item.features.article_id for item in items)
