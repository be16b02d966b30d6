"""The clustering core: exact group totals from sums, frozen stories, the window, sparse helpers."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

from newsprism.cluster import (
    ArticleFeatures,
    DocumentFrequencies,
    SimilarityWeights,
    StoryClusterer,
    average_linkage,
    conflict_penalty,
    weighted_matrix,
)
from newsprism.cluster.features import CHANNELS, hash_channel
from newsprism.cluster.similarity import SparseVector, paired_similarity
from newsprism.cluster.stories import GroupTotals

WORDS = ["quake", "fire", "bank", "rate", "vote", "tram", "ferry", "port", "storm", "court"]


def make_features(n: int, vector, words: list[str], years=(), weekdays=()) -> ArticleFeatures:
    channels = {}
    for channel in CHANNELS:
        terms = (
            dict.fromkeys(words, 1.0) if channel in ("terms", "lead") else {w.upper(): 1.0 for w in words[:2]}
        )
        row = hash_channel(channel, [terms])
        channels[channel] = (row.indices.astype(np.int32), row.data.astype(np.float32))
    vector = np.asarray(vector, dtype=np.float32)
    return ArticleFeatures(
        article_id=f"a{n:04d}",
        vector=vector / np.linalg.norm(vector),
        channels=channels,
        years=frozenset(years),
        weekdays=frozenset(weekdays),
        published=None,
    )


def matrix_of(features: list[ArticleFeatures], weights: SimilarityWeights) -> sparse.csr_matrix:
    frequencies = DocumentFrequencies()
    for f in features:
        frequencies.add(f.buckets())
    return weighted_matrix(features, frequencies.idf, weights)


def pairwise(fa, ra, fb, rb, weights) -> float:
    """The event similarity of two articles, computed the slow, obvious way."""
    direct = weights.embedding * float(fa.vector @ fb.vector) + float((ra @ rb.T).toarray()[0, 0])
    return direct - conflict_penalty(fa, fb, weights)


features_strategy = st.lists(
    st.tuples(
        st.lists(st.floats(-1, 1, allow_nan=False), min_size=8, max_size=8).filter(
            lambda v: np.linalg.norm(v) > 0.1
        ),
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=5, unique=True),
        st.sets(st.sampled_from([2019, 2020, 2021]), max_size=2),
        st.sets(st.sampled_from(["monday", "friday"]), max_size=1),
    ),
    min_size=3,
    max_size=8,
)


@settings(max_examples=40, deadline=None)
@given(features_strategy, st.integers(1, 6))
def test_a_group_total_is_the_exact_sum_of_pairwise_similarities(raw, split):
    weights = SimilarityWeights()
    features = [make_features(n, v, w, y, d) for n, (v, w, y, d) in enumerate(raw)]
    matrix = matrix_of(features, weights)
    split = min(split, len(features) - 1)
    clusterer = StoryClusterer(weights)
    clusterer.load(features[:split], matrix[:split], ["story"] * split)
    batch = features[split:]
    groups = GroupTotals(clusterer, ["story"], batch, np.stack([f.vector for f in batch]), matrix[split:])
    expected = sum(
        pairwise(features[i], matrix[i], features[j], matrix[j], weights)
        for i, j in itertools.product(range(split), range(split, len(features)))
    )
    for n in range(1, len(batch)):  # the new articles merged into one group, then compared with the story
        groups.merge(1, 1 + n)
    assert groups.exact(0, 1) == pytest.approx(expected, abs=1e-4)


def test_frozen_groups_never_merge_but_absorb_new_members():
    totals = {(0, 1): 1.0, (1, 2): 0.9, (0, 2): 0.8}
    roots = average_linkage([1, 1, 1], [True, True, False], totals, 0.1, lambda a, b: 0.0)
    assert roots[0] != roots[1]  # two stories, however alike, stay two
    assert roots[2] == roots[1]  # the new article joins the one it is closest to


def test_nothing_merges_below_the_threshold_and_unknown_totals_are_asked_for():
    asked = []

    def exact(a: int, b: int) -> float:
        asked.append((a, b))
        return 0.0

    roots = average_linkage([1, 1, 1], [False] * 3, {(0, 1): 0.5, (1, 2): 0.05}, 0.1, exact)
    assert roots == [0, 0, 2]
    assert (1, 2) in asked or (0, 2) in asked  # merging 0 and 1 needed the missing total with 2


def test_a_year_conflict_costs_its_weight():
    weights = SimilarityWeights()
    a = make_features(0, np.ones(8), ["quake", "port"], {2019})
    b = make_features(1, np.ones(8), ["quake", "port"], {2023})
    c = make_features(2, np.ones(8), ["quake", "port"], {2019})
    assert conflict_penalty(a, b, weights) == weights.year_conflict
    assert conflict_penalty(a, c, weights) == 0.0


def clustered_articles(count: int, seed: int = 0) -> list[ArticleFeatures]:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(4, 16))
    return [
        make_features(n, centres[n % 4] + 0.05 * rng.normal(size=16), [WORDS[n % 4], WORDS[4 + n % 4]])
        for n in range(count)
    ]


def test_stories_stay_put_when_more_articles_arrive():
    weights = SimilarityWeights()
    features = clustered_articles(40)
    matrix = matrix_of(features, weights)
    clusterer = StoryClusterer(weights)
    first = clusterer.assign(features[:20], matrix[:20], lambda article_id: "s-" + article_id)
    second = clusterer.assign(features[20:], matrix[20:], lambda article_id: "s-" + article_id)
    story_of = {a.article_id: a.story_id for a in first + second}
    assert len({a.story_id for a in first}) == 4
    assert not any(a.new_story for a in second)  # day two joins day one's stories
    for n in range(40):
        assert story_of[f"a{n:04d}"] == story_of[f"a{n % 4:04d}"]


def test_the_window_bounds_the_state_and_closes_old_stories():
    weights = SimilarityWeights()
    features = clustered_articles(60)
    matrix = matrix_of(features, weights)
    clusterer = StoryClusterer(weights, window=20)
    for start in range(0, 60, 10):
        clusterer.assign(features[start : start + 10], matrix[start : start + 10], lambda a: "s-" + a)
    assert len(clusterer) == 20
    assert clusterer.window_ids() == [f.article_id for f in features[-20:]]
    assert len(clusterer.open_stories) == 4
    for story_id in clusterer.open_stories:
        assert clusterer.representative(story_id) in clusterer.window_ids()


def test_sparse_sums_dots_and_paired_similarities_match_dense_arithmetic():
    rng = np.random.default_rng(3)
    dense = (rng.random((6, 50)) > 0.8) * rng.random((6, 50))
    matrix = sparse.csr_matrix(dense.astype(np.float32))
    first, second = SparseVector.sum_of(matrix[[0, 2, 3]]), SparseVector.sum_of(matrix[[1, 4]])
    assert first.dot(second) == pytest.approx(float(dense[[0, 2, 3]].sum(0) @ dense[[1, 4]].sum(0)), rel=1e-5)
    both = first + second
    assert both.dot(SparseVector.sum_of(matrix[[5]])) == pytest.approx(
        float(dense[[0, 1, 2, 3, 4]].sum(0) @ dense[5]), rel=1e-5
    )
    vectors = rng.random((6, 4)).astype(np.float32)
    left, right = np.array([0, 0, 2, 5]), np.array([1, 3, 3, 4])
    weights = SimilarityWeights()
    expected = weights.embedding * (vectors[left] * vectors[right]).sum(1) + (dense[left] * dense[right]).sum(
        1
    )
    np.testing.assert_allclose(
        paired_similarity((vectors, matrix), (vectors, matrix), (left, right), weights),
        expected,
        rtol=1e-5,
    )
