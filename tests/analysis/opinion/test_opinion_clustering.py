"""k-means, silhouette, k smoothing and stable group numbers."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import silhouette_score

from opbouw.analysis.opinion.clustering import (
    KSmoother,
    base_clusters,
    candidate_ks,
    silhouette,
    smooth_k,
    stable_labels,
)
from opbouw.analysis.opinion.kmeans import (
    best_of_restarts,
    kmeans_plus_plus,
    nearest_centre,
    weighted_kmeans,
)


def test_silhouette_matches_scikit_learn_and_singletons_score_zero() -> None:
    rng = np.random.default_rng(0)
    points = rng.standard_normal((40, 2))
    labels = rng.integers(0, 3, 40)
    # Two implementations sum in different orders: equal to within rounding, not bit for bit.
    assert silhouette(points, labels) == pytest.approx(
        silhouette_score(points, labels), rel=1e-9, abs=1e-12
    )
    singleton = np.array([0, 0, 0, 1])
    square = np.array([[0, 0], [0, 1], [1, 0], [5, 5]], dtype=float)
    assert silhouette(square, singleton) == pytest.approx(
        silhouette_score(square, singleton), rel=1e-9, abs=1e-12
    )


def test_candidate_ks_follow_base_cluster_count() -> None:
    assert candidate_ks(11) == [2]
    assert candidate_ks(12) == [2, 3]
    assert candidate_ks(100) == [2, 3, 4, 5]
    assert candidate_ks(2) == [2]
    assert candidate_ks(1) == [1]


def test_k_switches_only_after_four_consecutive_wins() -> None:
    state = smooth_k(2, None, [2, 3])
    assert state.published_k == 2
    published = []
    for best in [3, 3, 3, 3]:
        state = smooth_k(best, state, [2, 3])
        published.append(state.published_k)
    assert published == [2, 2, 2, 3]
    # An interruption restarts the count.
    state = KSmoother(published_k=2, candidate_k=3, streak=3)
    state = smooth_k(2, state, [2, 3])
    assert (state.published_k, state.streak) == (2, 1)


def test_weighted_kmeans_stops_when_centres_move_less_than_tol() -> None:
    points = np.array([[0.0, 0], [0, 1], [10, 0], [10, 1]])
    fit = weighted_kmeans(points, np.array([1.0, 3, 1, 1]), np.array([[0.0, 0], [10, 0]]))
    np.testing.assert_allclose(fit.centres, [[0, 0.75], [10, 0.5]])
    assert fit.labels.tolist() == [0, 0, 1, 1]
    assert fit.iterations == 2


def test_base_clusters_never_exceed_distinct_points() -> None:
    points = np.repeat(np.array([[0.0, 0], [1, 1], [2, 0]]), 10, axis=0)
    fit = base_clusters(points, None, np.random.default_rng(0))
    assert fit.centres.shape[0] == 3


def test_group_numbers_follow_member_overlap() -> None:
    ids = np.arange(10)
    previous = np.array([0, 0, 0, 0, 1, 1, 1, 2, 2, 2])
    new = np.array([1, 1, 1, 1, 0, 0, 0, 0, 2, 2])  # k-means numbered them differently
    relabelled = stable_labels(new, ids, ids, previous)
    assert relabelled.tolist() == [0, 0, 0, 0, 1, 1, 1, 1, 2, 2]
    # First run: largest group gets 0.
    assert stable_labels(np.array([1, 0, 0, 1, 1]), ids[:5], None, None).tolist() == [
        0,
        1,
        1,
        0,
        0,
    ]


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), k=st.integers(2, 5))
def test_batched_restarts_match_one_by_one(seed, k) -> None:
    rng = np.random.default_rng(seed)
    points = np.round(rng.standard_normal((60, 2)) * 3, 1)  # rounding makes ties and empties
    weights = rng.integers(1, 20, 60).astype(float)
    initials = [kmeans_plus_plus(points, weights, k, rng) for _ in range(6)]
    one_by_one = [weighted_kmeans(points, weights, start, tol=1e-9) for start in initials]
    expected = one_by_one[0]
    for fit in one_by_one[1:]:
        if fit.inertia < expected.inertia * (1 - 1e-12):
            expected = fit
    batched = best_of_restarts(points, weights, initials, tol=1e-9)
    np.testing.assert_array_equal(batched.labels, expected.labels)
    np.testing.assert_allclose(batched.centres, expected.centres, rtol=1e-12)
    assert batched.inertia == pytest.approx(expected.inertia, rel=1e-12)


def test_bounded_assignment_matches_full_search() -> None:
    rng = np.random.default_rng(1)
    points = rng.standard_normal((30_000, 2)) * 4
    initial = points[rng.choice(30_000, 100, replace=False)]
    fit = weighted_kmeans(points, np.ones(30_000), initial)  # above the brute-force size
    np.testing.assert_array_equal(fit.labels, nearest_centre(points, fit.centres))
