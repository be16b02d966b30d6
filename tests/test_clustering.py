"""The clustering core: exact average linkage from sums, frozen stories, neighbour search."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.cluster import (
    ArticleFeatures,
    GroupProfile,
    NeighbourIndex,
    PreparedFeatures,
    SimilarityWeights,
    StoryClusterer,
    average_linkage,
    average_similarity,
    prepare,
    similarity,
)

WORDS = ["quake", "fire", "bank", "rate", "vote", "tram", "ferry", "port", "storm", "court"]


def make_item(
    n: int, vector: np.ndarray, words: list[str], years: set[int], weekdays: set[str]
) -> PreparedFeatures:
    features = ArticleFeatures(
        article_id=f"a{n:03d}",
        vector=vector / np.linalg.norm(vector),
        channels={
            "terms": dict.fromkeys(words, 1.0),
            "names": dict.fromkeys((w.upper() for w in words[:2]), 1.0),
        },
        years=frozenset(years),
        weekdays=frozenset(weekdays),
        published=None,
    )
    return prepare(features, lambda term: 1.0)


items_strategy = st.lists(
    st.tuples(
        st.lists(st.floats(-1, 1, allow_nan=False), min_size=8, max_size=8).filter(
            lambda v: np.linalg.norm(v) > 0.1
        ),
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=5, unique=True),
        st.sets(st.sampled_from([2019, 2020, 2021]), max_size=2),
        st.sets(st.sampled_from(["monday", "friday"]), max_size=1),
    ),
    min_size=2,
    max_size=7,
)


@settings(max_examples=60, deadline=None)
@given(items_strategy, st.integers(1, 6))
def test_group_similarity_is_the_exact_mean_of_pairwise_similarities(raw, split):
    items = [make_item(n, np.array(v), w, y, d) for n, (v, w, y, d) in enumerate(raw)]
    split = min(split, len(items) - 1)
    left, right = items[:split], items[split:]
    weights = SimilarityWeights()
    profiles = []
    for group in (left, right):
        profile = GroupProfile.of(group[0])
        for item in group[1:]:
            profile.add(GroupProfile.of(item))
        profiles.append(profile)
    expected = np.mean([similarity(a, b, weights) for a, b in itertools.product(left, right)])
    assert average_similarity(*profiles, weights) == pytest.approx(expected, abs=1e-9)


def test_frozen_groups_never_merge_but_absorb_new_members():
    weights = SimilarityWeights()
    base = np.ones(8)
    items = [make_item(n, base + 0.01 * n, ["quake", "port"], {2020}, set()) for n in range(3)]
    profiles = [GroupProfile.of(item) for item in items]
    roots = average_linkage(profiles, [True, True, False], [(0, 1), (1, 2), (0, 2)], weights, threshold=0.1)
    assert roots[0] != roots[1]  # two stories, however alike, stay two
    assert roots[2] in (roots[0], roots[1])  # the new article joins one of them


def test_nothing_merges_below_the_threshold():
    weights = SimilarityWeights()
    items = [
        make_item(0, np.eye(8)[0], ["quake"], {2020}, set()),
        make_item(1, np.eye(8)[1], ["ferry"], {2021}, set()),
    ]
    roots = average_linkage(
        [GroupProfile.of(i) for i in items], [False, False], [(0, 1)], weights, threshold=0.1
    )
    assert roots == [0, 1]


def test_a_year_conflict_keeps_otherwise_identical_reports_apart():
    weights = SimilarityWeights()
    a = make_item(0, np.ones(8), ["quake", "port"], {2019}, set())
    b = make_item(1, np.ones(8), ["quake", "port"], {2023}, set())
    c = make_item(2, np.ones(8), ["quake", "port"], {2019}, set())
    assert similarity(a, b, weights) == pytest.approx(similarity(a, c, weights) - weights.year_conflict)


def test_stories_stay_put_when_more_articles_arrive():
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(4, 16))
    items = [
        make_item(
            n, centres[n % 4] + 0.05 * rng.normal(size=16), [WORDS[n % 4], WORDS[4 + n % 4]], set(), set()
        )
        for n in range(40)
    ]
    clusterer = StoryClusterer()
    first = clusterer.assign(items[:20], lambda article_id: "s-" + article_id)
    second = clusterer.assign(items[20:], lambda article_id: "s-" + article_id)
    story_of = {a.article_id: a.story_id for a in first + second}
    assert len({a.story_id for a in first}) == 4
    assert not any(a.new_story for a in second)  # day two joins day one's stories
    for n in range(40):
        assert story_of[f"a{n:03d}"] == story_of[f"a{n % 4:03d}"]


@pytest.mark.parametrize("count", [50, 6000])  # an exact scan, then the HNSW graph
def test_neighbour_index_finds_the_nearest_vectors(count):
    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(count, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = NeighbourIndex(32)
    index.add(vectors[: count // 2])
    index.add(vectors[count // 2 :])
    queries = vectors[:20] + 0.01 * rng.normal(size=(20, 32)).astype(np.float32)
    found = index.search(queries, 5)
    assert (found[:, 0] == np.arange(20)).mean() >= 0.95
    assert found.shape == (20, 5)
