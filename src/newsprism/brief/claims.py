"""Claims: the sentences, across a story's articles, that carry the same information.

Each claim is a *star*: a centre sentence and, from each other article, at most one sentence that closely
matches that centre (an article does not corroborate itself). Stars, unlike chains, guarantee that every
sentence cited for a claim matches the sentence shown for it. Centres are chosen greedily, best supported
first, so the facts most outlets share become claims with the most support. Two sentences whose figures
disagree ("killed 12" / "killed 14") never join one claim: they become two claims and a discrepancy.

Support is counted in independent reports: ``originals`` maps an article to the earliest article it copies
or rewrites, and all the articles of one original count once.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
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


def article_numbers(sentences: StorySentences) -> np.ndarray:
    """For each sentence, the number of its article (0, 1, ... in order of appearance)."""
    numbers = {a: k for k, a in enumerate(dict.fromkeys(r.article_id for r in sentences.refs))}
    return np.array([numbers[r.article_id] for r in sentences.refs], dtype=np.int64)


def story_scores(sentences: StorySentences) -> np.ndarray:
    """Paraphrase scores between every two sentences; -1 within one article (it cannot corroborate itself)."""
    articles = article_numbers(sentences)
    scores = paraphrase_matrix([r.text for r in sentences.refs], sentences.vectors)
    scores[articles[:, None] == articles[None, :]] = -1.0  # same article, the diagonal included
    return scores


def align_claims(
    sentences: StorySentences,
    threshold: float = SUPPORT_THRESHOLD,
    scores: np.ndarray | None = None,
    disagree: np.ndarray | None = None,
) -> list[ClaimGroup]:
    """Group every sentence into exactly one claim; groups come back ordered by their first sentence.

    ``scores`` are :func:`story_scores` (computed when absent); ``disagree`` marks pairs whose figures
    conflict, which may not share a claim.
    """
    n = len(sentences.refs)
    articles = article_numbers(sentences)
    if scores is None:
        scores = story_scores(sentences)
    linked = scores >= threshold
    if disagree is not None:
        linked &= ~disagree

    assigned = np.zeros(n, dtype=bool)

    def best_per_article(centre: int) -> dict[int, int]:
        best: dict[int, int] = {}
        for j in np.flatnonzero(linked[centre] & ~assigned):
            article = int(articles[j])
            if article not in best or scores[centre, j] > scores[centre, best[article]]:
                best[article] = int(j)
        if disagree is None or len(best) < 2:
            return best
        kept: dict[int, int] = {}  # members must not disagree with one another either
        for article, j in sorted(best.items(), key=lambda item: -scores[centre, item[1]]):
            if not any(disagree[j, k] for k in kept.values()):
                kept[article] = j
        return kept

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


def original_of(article_id: str, originals: Mapping[str, str] | None) -> str:
    """The article this one copies or rewrites (following chains), else itself."""
    seen = {article_id}
    while originals and (source := originals.get(article_id)) and source not in seen:
        seen.add(source)
        article_id = source
    return article_id


def independent_refs(refs: Sequence[SentenceRef], originals: Mapping[str, str] | None) -> list[SentenceRef]:
    """One sentence per independent report: the original's when it is among ``refs``, else the first."""
    chosen: dict[str, SentenceRef] = {}
    for ref in refs:
        root = original_of(ref.article_id, originals)
        if root not in chosen or ref.article_id == root:
            chosen[root] = ref
    return list(chosen.values())


def to_claims(
    sentences: StorySentences, groups: Sequence[ClaimGroup], originals: Mapping[str, str] | None = None
) -> list[Claim]:
    claims = []
    for claim_id, group in enumerate(groups):
        # The centre first: every other sentence of the claim matches it.
        order = [group.centre, *(i for i in group.members if i != group.centre)]
        refs = tuple(sentences.refs[i] for i in order)
        independent = independent_refs(refs, originals)
        claims.append(
            Claim(
                id=claim_id,
                sentences=refs,
                outlets=tuple(dict.fromkeys(r.outlet for r in refs)),
                independent_support=len(independent),
                independent_outlets=tuple(dict.fromkeys(r.outlet for r in independent)),
            )
        )
    return claims
