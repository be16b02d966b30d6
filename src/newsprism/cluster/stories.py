"""Story assignment: batches of new articles join existing stories or form new ones.

A batch is clustered together with the stories its articles are near (average linkage, see
``agglomerative``): new articles may first group among themselves, and a group then joins an existing
story when its mean similarity to the story's members clears the threshold. Existing stories never merge
with each other here, so their ids stay stable as days of news arrive; ``Pipeline.recluster`` is the
explicit batch pass that may merge and split, and its changes are recorded.

Besides the direct event similarity, two articles score by the neighbours they share: each article keeps
its ``shared_neighbours`` most similar articles, and two articles whose lists overlap are likely reports of
one event even when they do not resemble each other directly. This second-order signal is what separates
look-alike events best: their reports are each other's neighbours only across the divide, rarely both ways.

The state is a sliding **window** of the most recent articles (``window`` of them): their embeddings in one
dense matrix (an exact nearest-neighbour search is one matrix product), their weighted term vectors in one
sparse matrix, and the stories they belong to. A story none of whose articles is in the window is closed:
it keeps its articles, but takes no new ones. Memory and the cost per article are bounded by the window,
not by the size of the store.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from newsprism.cluster.agglomerative import average_linkage
from newsprism.cluster.features import HASH_FEATURES, ArticleFeatures, Specifics
from newsprism.cluster.rows import DenseRows, SparseRows
from newsprism.cluster.similarity import (
    Dated,
    PairSignals,
    SimilarityWeights,
    SparseVector,
    conflict_penalty,
    paired_similarity,
)

DEFAULT_THRESHOLD = 0.16  # with SimilarityWeights' defaults (see docs/stories.md)
_QUERY_CHUNK = 256  # queries per matrix product in the neighbour search, bounding its memory


@dataclass(frozen=True, slots=True)
class Assignment:
    article_id: str
    story_id: str
    new_story: bool
    neighbours: tuple[str, ...]  # the article's most similar articles at the time, kept for later batches


@dataclass(frozen=True, slots=True)
class _Dates:
    """What the window keeps of an article besides its rows: what the pair signals compare."""

    years: frozenset[int]
    weekdays: frozenset[str]
    dates: frozenset[str]
    period: frozenset[str]
    language: str | None
    figures: Specifics
    names: Specifics
    ordinals: Specifics


@dataclass
class _Story:
    rows: list[int]  # window rows of its members
    signals: PairSignals
    representative: int  # window row of the member closest to the centroid
    # Its members' summed embedding and term row, kept between batches until its members change: a new
    # article's candidates touch many stories that it does not join.
    sums: tuple[np.ndarray, SparseVector] | None = None


@dataclass
class StoryClusterer:
    """Recent articles and their stories; assigns batches of new articles."""

    weights: SimilarityWeights = field(default_factory=SimilarityWeights)
    threshold: float = DEFAULT_THRESHOLD
    candidates: int = 40  # nearest articles by embedding, re-ranked by the full event similarity
    shared_neighbours: int = 5
    shared_weight: float = 0.28
    # A neighbour must itself pass the threshold: in a small store the five nearest include other events,
    # and two articles "sharing" such weak neighbours would be pulled together.
    neighbour_floor: float = 1.0
    window: int = 50_000

    def __post_init__(self) -> None:
        self._first_row = 0  # global row number of the window's first article
        self._ids: list[str] = []
        self._dates: list[_Dates] = []
        self._story_of_row: list[str] = []
        self._vectors = DenseRows()
        self._matrix = SparseRows(HASH_FEATURES)
        self._row_of: dict[str, int] = {}
        self._stories: dict[str, _Story] = {}
        self._lists: dict[str, tuple[str, ...]] = {}
        self._listed_by: dict[str, set[str]] = defaultdict(set)

    # -- public ----------------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def open_stories(self) -> set[str]:
        return set(self._stories)

    def load(
        self, features: Sequence[ArticleFeatures], matrix: sparse.csr_matrix, story_ids: Sequence[str]
    ) -> None:
        """Load stored articles (in ingest order, rows of ``matrix``) with their stories and stored
        neighbour lists; only the most recent ``window`` stay."""
        if not features:
            return
        keep = slice(max(0, len(features) - self.window), len(features))
        features, matrix, story_ids = features[keep], matrix[keep], story_ids[keep]
        rows = self._append(features, matrix, story_ids)
        for row, item, story_id in zip(rows, features, story_ids, strict=True):
            story = self._stories.get(story_id)
            if story is None:
                story = self._stories[story_id] = _Story([], PairSignals(), row)
            story.rows.append(row)
            story.sums = None
            story.signals.add(item)
            self._remember(item.article_id, item.neighbours)
        for story_id, story in self._stories.items():
            self._update_representative(story_id, story.rows)

    def similar_members(self, story_id: str, article_id: str, min_cosine: float, limit: int = 3) -> list[str]:
        """The ``limit`` members of an open story, in the window, most alike ``article_id`` by embedding, at
        least ``min_cosine``; most alike first."""
        story = self._stories.get(story_id)
        if story is None or article_id not in self._row_of:
            return []
        local = np.array([r - self._first_row for r in story.rows])
        vectors = self._vectors.array
        scores = vectors[local] @ vectors[self._row_of[article_id] - self._first_row]
        order = np.argsort(-scores, kind="stable")
        found = [self._ids[local[i]] for i in order if scores[i] >= min_cosine]
        return [i for i in found if i != article_id][:limit]

    def window_ids(self) -> list[str]:
        return list(self._ids)

    def representative(self, story_id: str) -> str:
        """The member closest to the story's centroid: its title makes the headline."""
        return self._ids[self._stories[story_id].representative - self._first_row]

    # What one batch's GroupTotals reads of the window. Window positions count from the window's first
    # article; global rows at or past ``next_row`` are the batch's positions, offset by ``next_row``.

    @property
    def next_row(self) -> int:
        """The global row of the next article added: the window's global rows are those below it."""
        return self._first_row + len(self._ids)

    def story_positions(self, story_id: str) -> list[int]:
        """The window positions of an open story's members, as a new list."""
        return [r - self._first_row for r in self._stories[story_id].rows]

    def story_signals(self, story_id: str) -> PairSignals:
        """A copy of an open story's pair-signal histograms."""
        return self._stories[story_id].signals.copy()

    def story_sums(self, story_id: str) -> tuple[np.ndarray, SparseVector]:
        """An open story's summed embedding (float64) and term row, kept until its members change."""
        story = self._stories[story_id]
        if story.sums is None:
            vector, row = self.window_sums([r - self._first_row for r in story.rows])
            story.sums = (vector.astype(np.float64), row)
        return story.sums

    def window_sums(self, positions: Sequence[int]) -> tuple[np.ndarray, SparseVector]:
        """The summed embedding (float32) and term row of the window articles at ``positions``."""
        return self._vectors.array[positions].sum(axis=0), SparseVector.sum_of(self._matrix.rows(positions))

    def assign(
        self, batch: Sequence[ArticleFeatures], matrix: sparse.csr_matrix, story_id_for: Callable[[str], str]
    ) -> list[Assignment]:
        """Place new articles (rows of ``matrix``, in ingest order); ``story_id_for(article_id)`` names the
        stories they open."""
        if not batch:
            return []
        vectors = np.stack([f.vector for f in batch]).astype(np.float32)
        candidates = self._candidates(vectors, batch)
        lists = self._rank(batch, vectors, matrix, candidates)
        for features in batch:
            self._remember(features.article_id, lists[features.article_id])
        new_ids = {f.article_id: n for n, f in enumerate(batch)}
        shared = {f.article_id: self._shared_with(f.article_id) for f in batch}
        touched = self._touched_stories(candidates, shared)
        node_of = self._numbering(touched, new_ids)
        groups = GroupTotals(self, touched, batch, vectors, matrix)
        linked = self._linked_totals(groups, candidates, shared, new_ids, node_of)
        frozen = [True] * len(touched) + [False] * len(batch)
        roots = average_linkage(
            groups.counts, frozen, linked, self.threshold, groups.exact_weighted, groups.merge
        )
        assignments = self._stories_of(batch, roots, touched, lists, story_id_for)
        self._add_to_window(batch, matrix, assignments)
        return assignments

    # -- one batch's graph: the stories it touches, and the new articles -------------------------------

    def _touched_stories(
        self, candidates: Sequence[Sequence[int]], shared: dict[str, Counter[str]]
    ) -> list[str]:
        """The open stories of the window articles that a new article is near or shares a listed neighbour
        with."""
        return sorted(
            {self._story_of_row[r - self._first_row] for row in candidates for r in row if r < self.next_row}
            | {
                self._story_of_row[self._row_of[a] - self._first_row]
                for s in shared.values()
                for a in s
                if a in self._row_of
            }
        )

    def _numbering(self, touched: Sequence[str], new_ids: dict[str, int]) -> Callable[[str | int], int]:
        """The graph's node of an article (by id, or by global window row): the touched stories come first,
        numbered in order, then the new articles in batch order."""
        offset = len(touched)
        node_of_story = {s: i for i, s in enumerate(touched)}

        def node_of(article_id_or_row: str | int) -> int:
            if isinstance(article_id_or_row, str):
                if article_id_or_row in new_ids:
                    return offset + new_ids[article_id_or_row]
                article_id_or_row = self._row_of[article_id_or_row]
            return node_of_story[self._story_of_row[article_id_or_row - self._first_row]]

        return node_of

    def _linked_totals(
        self,
        groups: GroupTotals,
        candidates: Sequence[Sequence[int]],
        shared: dict[str, Counter[str]],
        new_ids: dict[str, int],
        node_of: Callable[[str | int], int],
    ) -> dict[tuple[int, int], float]:
        """The summed similarity of every pair of nodes linked in the graph: candidate pairs clearing the
        threshold, and pairs sharing listed neighbours (with that bonus added)."""
        offset = groups.offset
        totals = groups.initial(candidates, node_of)
        sharing: set[tuple[int, int]] = set()
        for article_id, counts in shared.items():
            n = offset + new_ids[article_id]
            for other, count in counts.items():
                if other in new_ids and new_ids[other] <= new_ids[article_id]:
                    continue  # each pair of new articles once
                if other not in new_ids and other not in self._row_of:
                    continue  # left the window
                pair = (min(n, node_of(other)), max(n, node_of(other)))
                if pair not in totals:
                    totals[pair] = groups.exact_weighted(*pair)
                totals[pair] += self.shared_weight * count / self.shared_neighbours
                sharing.add(pair)
        # Candidates below the threshold sharing no neighbour stay out of the graph. Most are look-alike
        # stories (a new article's nearest articles are reports of other earthquakes, one per story), and
        # every merge would recompute its total with each of them; a merged group's mean is a weighted mean
        # of its parts', so one of them must clear the threshold for the merge to, and a total left out
        # here is computed exactly when that part brings the pair up.
        sizes = groups.counts
        return {
            pair: total
            for pair, total in totals.items()
            if pair in sharing or total >= self.threshold * sizes[pair[0]] * sizes[pair[1]]
        }

    def _stories_of(
        self,
        batch: Sequence[ArticleFeatures],
        roots: Sequence[int],
        touched: Sequence[str],
        lists: dict[str, tuple[str, ...]],
        story_id_for: Callable[[str], str],
    ) -> list[Assignment]:
        """Each new article's story from the root of its cluster: a touched story it joined, or a new story
        named after the cluster's first article."""
        offset = len(touched)
        assignments: list[Assignment] = []
        opened: dict[int, str] = {}
        for n, features in enumerate(batch):
            root = roots[offset + n]
            article_id = features.article_id
            if root < offset:
                story_id, new = touched[root], False
            elif root in opened:
                story_id, new = opened[root], False
            else:
                story_id, new = opened.setdefault(root, story_id_for(article_id)), True
            assignments.append(Assignment(article_id, story_id, new, lists[article_id]))
        return assignments

    def _add_to_window(
        self, batch: Sequence[ArticleFeatures], matrix: sparse.csr_matrix, assignments: Sequence[Assignment]
    ) -> None:
        """The placed articles join the window and their stories; the oldest beyond the window leave."""
        rows = self._append(batch, matrix, [a.story_id for a in assignments])
        for assignment, row, features in zip(assignments, rows, batch, strict=True):
            story = self._stories.get(assignment.story_id)
            if story is None:
                story = self._stories[assignment.story_id] = _Story([], PairSignals(), row)
            story.rows.append(row)
            story.sums = None
            story.signals.add(features)
        for story_id in {a.story_id for a in assignments}:
            self._update_representative(
                story_id, [r for a, r in zip(assignments, rows, strict=True) if a.story_id == story_id]
            )
        self._evict()

    # -- neighbours ------------------------------------------------------------------------------------

    def _candidates(self, vectors: np.ndarray, batch: Sequence[ArticleFeatures]) -> list[list[int]]:
        """Per new article: global rows of the nearest window articles and batch positions of the nearest
        batch articles (as ``next_row + position``), by embedding, exactly."""
        found: list[list[int]] = [[] for _ in batch]
        pools = [(self._vectors.array, self._first_row)] if len(self._ids) else []
        pools.append((vectors, self.next_row))
        for pool, base in pools:
            k = min(self.candidates + 1, len(pool))
            for start in range(0, len(vectors), _QUERY_CHUNK):
                scores = vectors[start : start + _QUERY_CHUNK] @ pool.T
                top = np.argpartition(scores, -k, axis=1)[:, -k:]  # the k best, without negating a copy
                for offset, row in enumerate(top):
                    n = start + offset
                    found[n].extend(int(base + r) for r in row if base + r != self.next_row + n)
        return found

    def _rank(
        self,
        batch: Sequence[ArticleFeatures],
        vectors: np.ndarray,
        matrix: sparse.csr_matrix,
        candidates: Sequence[Sequence[int]],
    ) -> dict[str, tuple[str, ...]]:
        """Each new article's most similar candidates by the full event similarity."""
        unique = sorted({r for row in candidates for r in row})
        if not unique:
            return {features.article_id: () for features in batch}
        position = {r: i for i, r in enumerate(unique)}
        cand_vectors, cand_matrix, cand_dates, cand_ids = self._rows(unique, batch, vectors, matrix)
        pairs = [(n, position[r]) for n, row in enumerate(candidates) for r in dict.fromkeys(row)]
        left, right = (np.array(side) for side in zip(*pairs, strict=True))
        direct = paired_similarity(
            (vectors, matrix), (cand_vectors, cand_matrix), (left, right), self.weights
        )
        scores: list[list[tuple[float, str]]] = [[] for _ in batch]
        for (n, i), score in zip(pairs, direct.tolist(), strict=True):
            score -= conflict_penalty(batch[n], cand_dates[i], self.weights)
            scores[n].append((-score, cand_ids[i]))
        lists = {}
        for features, scored in zip(batch, scores, strict=True):
            scored.sort()
            floor = self.neighbour_floor * self.threshold
            lists[features.article_id] = tuple(
                article_id for negative, article_id in scored[: self.shared_neighbours] if -negative >= floor
            )
        return lists

    def _rows(
        self,
        rows: Sequence[int],
        batch: Sequence[ArticleFeatures],
        vectors: np.ndarray,
        matrix: sparse.csr_matrix,
    ) -> tuple[np.ndarray, sparse.csr_matrix, list[Dated], list[str]]:
        """Vectors, term rows, dates and ids of global rows, window rows or batch positions alike."""
        window = [r - self._first_row for r in rows if r < self.next_row]
        fresh = [r - self.next_row for r in rows if r >= self.next_row]
        parts_v, parts_m = [], []
        if window:
            parts_v.append(self._vectors.array[window])
            parts_m.append(self._matrix.rows(window))
        if fresh:
            parts_v.append(vectors[fresh])
            parts_m.append(matrix[fresh])
        dates: list[Dated] = [self._dates[r] for r in window] + [batch[r] for r in fresh]
        ids = [self._ids[r] for r in window] + [batch[r].article_id for r in fresh]
        return np.vstack(parts_v), sparse.vstack(parts_m).tocsr(), dates, ids

    def _remember(self, article_id: str, neighbours: Sequence[str]) -> None:
        self._lists[article_id] = tuple(neighbours)
        for other in neighbours:
            self._listed_by[other].add(article_id)

    def _shared_with(self, article_id: str) -> Counter[str]:
        """Articles sharing at least one listed neighbour with ``article_id``, with how many they share."""
        shared: Counter[str] = Counter()
        for neighbour in self._lists.get(article_id, ()):
            shared.update(self._listed_by.get(neighbour, ()))
        shared.pop(article_id, None)
        return shared

    # -- window ----------------------------------------------------------------------------------------

    def _append(
        self, batch: Sequence[ArticleFeatures], matrix: sparse.csr_matrix, stories: Sequence[str]
    ) -> list[int]:
        start = self.next_row
        vectors = np.stack([f.vector for f in batch]).astype(np.float32)
        self._vectors.append(vectors)
        self._matrix.append(matrix)
        for n, (features, story_id) in enumerate(zip(batch, stories, strict=True)):
            self._ids.append(features.article_id)
            self._dates.append(
                _Dates(
                    features.years,
                    features.weekdays,
                    features.dates,
                    features.period,
                    features.language,
                    features.figures,
                    features.names,
                    features.ordinals,
                )
            )
            self._story_of_row.append(story_id)
            self._row_of[features.article_id] = start + n
        return list(range(start, start + len(batch)))

    def _evict(self) -> None:
        """Drop the oldest articles beyond the window; stories left with none are closed."""
        excess = len(self._ids) - self.window
        if excess <= 0:
            return
        for article_id in self._ids[:excess]:
            del self._row_of[article_id]
            for other in self._lists.pop(article_id, ()):
                listed = self._listed_by.get(other)
                if listed is not None:
                    listed.discard(article_id)
                    if not listed:
                        del self._listed_by[other]
        cut = self._first_row + excess
        for story_id in set(self._story_of_row[:excess]):
            story = self._stories[story_id]
            story.rows = [r for r in story.rows if r >= cut]
            story.sums = None
            if not story.rows:
                del self._stories[story_id]
            elif story.representative < cut:
                story.representative = story.rows[0]
        del self._ids[:excess]
        del self._dates[:excess], self._story_of_row[:excess]
        self._vectors.drop_front(excess)
        self._matrix.drop_front(excess)
        self._first_row = cut

    def _update_representative(self, story_id: str, new_rows: Sequence[int]) -> None:
        story = self._stories[story_id]
        local = [r - self._first_row for r in story.rows]
        vectors = self._vectors.array
        centroid = vectors[local].sum(axis=0)
        contenders = [story.representative, *new_rows]
        scores = vectors[[r - self._first_row for r in contenders]] @ centroid
        story.representative = contenders[int(np.argmax(scores))]


class GroupTotals:
    """Summed similarities between the groups of one assignment batch: existing stories, new articles, and
    the clusters they merge into; exact, computed from members' rows."""

    def __init__(
        self,
        clusterer: StoryClusterer,
        stories: Sequence[str],
        batch: Sequence[ArticleFeatures],
        vectors: np.ndarray,
        matrix: sparse.csr_matrix,
    ) -> None:
        self.clusterer = clusterer
        self.stories = stories
        self.weights = clusterer.weights
        self.batch_vectors, self.batch_matrix, self.batch = vectors, matrix, batch
        # Members of each group: (window positions, batch positions), and the histograms of its pair signals.
        self.members: list[tuple[list[int], list[int]]] = [
            (clusterer.story_positions(s), []) for s in stories
        ] + [([], [n]) for n in range(len(batch))]
        self.signals = [clusterer.story_signals(s) for s in stories] + [PairSignals.of([f]) for f in batch]
        self.counts = [len(w) + len(b) for w, b in self.members]
        self.offset = len(stories)
        self._cached: dict[int, tuple[np.ndarray, SparseVector]] = {}

    def initial(
        self, candidates: Sequence[Sequence[int]], node_of: Callable[[int], int]
    ) -> dict[tuple[int, int], float]:
        """Totals for every candidate pair of (new article, story) and (new article, new article)."""
        clusterer = self.clusterer
        pairs = set()
        for n, row in enumerate(candidates):
            for r in row:
                other = self.offset + (r - clusterer.next_row) if r >= clusterer.next_row else node_of(r)
                node = self.offset + n
                if other != node:
                    pairs.add((min(node, other), max(node, other)))
        story_nodes = sorted({a for a, b in pairs if a < self.offset})
        position = {node: i for i, node in enumerate(story_nodes)}
        sums = [self._sums(node) for node in story_nodes]
        stories_matrix = sparse.csr_matrix(
            (
                np.concatenate([m.values for _, m in sums] or [np.zeros(0, np.float32)]),
                np.concatenate([m.indices for _, m in sums] or [np.zeros(0, np.int32)]),
                np.concatenate([[0], np.cumsum([len(m.indices) for _, m in sums])]),
            ),
            shape=(len(sums), self.batch_matrix.shape[1]),
        )
        story_vectors = np.stack([v for v, _ in sums]) if sums else np.zeros((0, self.batch_vectors.shape[1]))
        ordered = sorted(pairs)
        with_story = [(a, b) for a, b in ordered if a < self.offset]  # a story, b a new article
        fresh = [(a, b) for a, b in ordered if a >= self.offset]
        story_at = np.array([position[a] for a, _ in with_story], dtype=np.int64)
        item_of_story = np.array([b - self.offset for _, b in with_story], dtype=np.int64)
        first = np.array([a - self.offset for a, _ in fresh], dtype=np.int64)
        second = np.array([b - self.offset for _, b in fresh], dtype=np.int64)
        vectors, matrix = self.batch_vectors, self.batch_matrix
        direct = np.concatenate(
            [
                paired_similarity(
                    (vectors, matrix),
                    (story_vectors, stories_matrix),
                    (item_of_story, story_at),
                    self.weights,
                ),
                paired_similarity((vectors, matrix), (vectors, matrix), (first, second), self.weights),
            ]
        )
        weight = 1 - self.clusterer.shared_weight
        return {
            pair: weight * (total - self._conflicts(*pair))
            for pair, total in zip([*with_story, *fresh], direct.tolist(), strict=True)
        }

    def _conflicts(self, a: int, b: int) -> float:
        return self.signals[a].penalty(self.signals[b], self.weights)

    def exact(self, a: int, b: int) -> float:
        """The summed event similarity of two groups: the dot product of their members' sums."""
        va, ma = self._sums(a)
        vb, mb = self._sums(b)
        total = self.weights.embedding * float(va @ vb) + ma.dot(mb)
        return total - self._conflicts(a, b)

    def exact_weighted(self, a: int, b: int) -> float:
        # Pairs never linked share no listed neighbour, so only the direct similarity counts.
        return (1 - self.clusterer.shared_weight) * self.exact(a, b)

    def _sums(self, node: int) -> tuple[np.ndarray, SparseVector]:
        """The group's summed embedding and term row, computed once per group, then kept up by merges."""
        if node not in self._cached and node < self.offset and not self.members[node][1]:
            self._cached[node] = self.clusterer.story_sums(self.stories[node])  # no new member yet
        if node not in self._cached:
            window, fresh = self.members[node]
            vector = np.zeros(self.batch_vectors.shape[1], dtype=np.float64)
            row = SparseVector(np.zeros(0, np.int32), np.zeros(0, np.float32))
            if window:
                window_vector, window_row = self.clusterer.window_sums(window)
                vector += window_vector
                row = row + window_row
            if fresh:
                vector += self.batch_vectors[fresh].sum(axis=0)
                row = row + SparseVector.sum_of(self.batch_matrix[fresh])
            self._cached[node] = (vector, row)
        return self._cached[node]

    def merge(self, keep: int, drop: int) -> None:
        if keep in self._cached and drop in self._cached:
            (vk, mk), (vd, md) = self._cached[keep], self._cached[drop]
            self._cached[keep] = (vk + vd, mk + md)
        else:
            self._cached.pop(keep, None)
        self._cached.pop(drop, None)
        self.members[keep][0].extend(self.members[drop][0])
        self.members[keep][1].extend(self.members[drop][1])
        self.signals[keep].update(self.signals[drop])
        self.counts[keep] += self.counts[drop]
