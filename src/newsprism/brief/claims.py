"""Claims: the sentences, across a story's articles, that carry the same information.

Each claim is a *star*: a centre sentence and, from each other article, at most one sentence that closely
matches that centre (an article does not corroborate itself). Stars, unlike chains, guarantee that every
sentence cited for a claim matches the sentence shown for it. Centres are chosen greedily, best supported
first, so the facts most outlets share become claims with the most support.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsprism.dedup.paraphrase import SUPPORT_THRESHOLD, paraphrase_matrix
from newsprism.records import Article, Claim, SentenceRef


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    """Indices into a story's sentences: the centre and all members (centre included), in reading order."""

    centre: int
    members: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class StorySentences:
    """Every sentence of a story's articles, with their embeddings, in one matrix."""

    refs: tuple[SentenceRef, ...]
    vectors: np.ndarray  # (n, dim), unit rows
    positions: np.ndarray  # relative position of each sentence in its article, 0 = first, 1 = last

    @classmethod
    def build(cls, articles: Sequence[Article], vectors: np.ndarray) -> StorySentences:
        refs, positions = [], []
        for article in articles:
            count = len(article.sentences)
            for index, text in enumerate(article.sentences):
                refs.append(SentenceRef(article.id, article.outlet, index, text))
                positions.append(index / max(1, count - 1))
        return cls(tuple(refs), vectors, np.asarray(positions, dtype=np.float32))


def sentence_texts(articles: Sequence[Article]) -> list[str]:
    return [s for a in articles for s in a.sentences]


def align_claims(sentences: StorySentences, threshold: float = SUPPORT_THRESHOLD) -> list[ClaimGroup]:
    """Group every sentence into exactly one claim; groups come back ordered by their first sentence."""
    n = len(sentences.refs)
    article_numbers = {a: k for k, a in enumerate(dict.fromkeys(r.article_id for r in sentences.refs))}
    articles = np.array([article_numbers[r.article_id] for r in sentences.refs], dtype=np.int64)
    scores = paraphrase_matrix([r.text for r in sentences.refs], sentences.vectors)
    scores[articles[:, None] == articles[None, :]] = -1.0  # same article, the diagonal included
    linked = scores >= threshold

    assigned = np.zeros(n, dtype=bool)

    def best_per_article(centre: int) -> dict[int, int]:
        best: dict[int, int] = {}
        for j in np.flatnonzero(linked[centre] & ~assigned):
            article = int(articles[j])
            if article not in best or scores[centre, j] > scores[centre, best[article]]:
                best[article] = int(j)
        return best

    def gain(centre: int) -> float:
        return float(sum(scores[centre, j] for j in best_per_article(centre).values()))

    # Lazy greedy: a centre's gain only shrinks as others get assigned, so a heap entry is an upper bound.
    heap = [(-gain(i), i) for i in range(n) if linked[i].any()]
    heapq.heapify(heap)
    groups: list[ClaimGroup] = []
    while heap:
        _, centre = heapq.heappop(heap)
        if assigned[centre]:
            continue
        current = gain(centre)
        if current <= 0:
            continue
        if heap and -current > heap[0][0] + 1e-9:
            heapq.heappush(heap, (-current, centre))
            continue
        members = sorted([centre, *best_per_article(centre).values()])
        assigned[members] = True
        groups.append(ClaimGroup(centre, tuple(members)))
    groups.extend(ClaimGroup(i, (i,)) for i in np.flatnonzero(~assigned))
    return sorted(groups, key=lambda g: g.members[0])


def to_claims(sentences: StorySentences, groups: Sequence[ClaimGroup]) -> list[Claim]:
    claims = []
    for claim_id, group in enumerate(groups):
        refs = tuple(sentences.refs[i] for i in group.members)
        claims.append(
            Claim(id=claim_id, sentences=refs, outlets=tuple(dict.fromkeys(r.outlet for r in refs)))
        )
    return claims
