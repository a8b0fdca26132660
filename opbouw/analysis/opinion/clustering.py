"""Opinion groups in two stages (spec section 3): base clusters, then groups of base clusters.

Choices where the spec leaves room, each documented in README.md:

* Base clusters start from the previous update's centres; any missing centres (first run, or
  more distinct points than before) come from a seeded k-means++ instead of Pol.is's "first k
  distinct points in row order", which depends on row order.
* Groups for each k start from that k's previous group centres; on a first run we take the
  best of ``GROUP_RESTARTS`` seeded k-means++ starts by weighted inertia.
* Group labels are matched to the previous update's labels by member overlap (Hungarian
  assignment), so a group keeps its number from one update to the next.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from .kmeans import KMeansFit, best_of_restarts, kmeans_plus_plus, weighted_kmeans
from .matrix import FloatArray, IntArray, lookup, sorted_unique

BASE_CLUSTERS = 100
BASE_MAX_ITER = 100
BASE_TOL = 0.01
MAX_GROUPS = 5
# One more group may be tried for every 12 base clusters (k <= 2 + floor(n_base / 12)).
BASE_CLUSTERS_PER_EXTRA_GROUP = 12
GROUP_MAX_ITER = 100
# Group k-means runs on at most 100 weighted points; iterate until nothing moves.
GROUP_TOL = 1e-9
GROUP_RESTARTS = 10
# Pol.is publishes a new k only after it has been the best k for this many updates in a row.
K_BUFFER = 4


@dataclass(frozen=True)
class KSmoother:
    """The smoothing buffer for k, kept in the analysis state between updates."""

    published_k: int
    candidate_k: int
    streak: int


@dataclass(frozen=True)
class GroupCandidate:
    k: int
    fit: KMeansFit  # k-means on the base-cluster centres
    silhouette: float


def base_clusters(
    points: FloatArray, previous_centres: FloatArray | None, rng: np.random.Generator
) -> KMeansFit:
    """k-means with k = min(100, distinct points), warm-started from the previous centres."""
    weights = np.ones(points.shape[0])
    # Distinct (x, y) pairs, counted as complex numbers: a 1-D sort instead of a row sort.
    as_complex = np.ascontiguousarray(points, dtype=np.float64).view(np.complex128).ravel()
    n_distinct = sorted_unique(as_complex).size
    k = min(BASE_CLUSTERS, n_distinct)
    if k == 0:
        empty = np.zeros((0, 2))
        return KMeansFit(empty, np.zeros(0, dtype=np.int64), np.zeros(0), 0, 0.0)
    chosen = None if previous_centres is None else previous_centres[:k]
    initial = kmeans_plus_plus(points, weights, k, rng, chosen=chosen)
    return weighted_kmeans(points, weights, initial, max_iter=BASE_MAX_ITER, tol=BASE_TOL)


def candidate_ks(n_base: int) -> list[int]:
    """k in 2 .. min(5, 2 + floor(n_base / 12)), never more groups than base clusters.

    A single base cluster (everyone voted alike) gives one group rather than none.
    """
    if n_base <= 1:
        return [n_base] if n_base == 1 else []
    upper = min(MAX_GROUPS, 2 + n_base // BASE_CLUSTERS_PER_EXTRA_GROUP, n_base)
    return list(range(2, upper + 1))


def group_candidates(
    base: KMeansFit,
    previous_centres: dict[int, FloatArray],
    rng: np.random.Generator,
) -> list[GroupCandidate]:
    """Weighted k-means on the base-cluster centres for every candidate k, with silhouettes."""
    centres, weights = base.centres, base.weights
    candidates = []
    for k in candidate_ks(centres.shape[0]):
        fit = _group_kmeans(centres, weights, k, previous_centres.get(k), rng)
        candidates.append(GroupCandidate(k, fit, silhouette(centres, fit.labels)))
    return candidates


def _group_kmeans(
    centres: FloatArray,
    weights: FloatArray,
    k: int,
    previous: FloatArray | None,
    rng: np.random.Generator,
) -> KMeansFit:
    if previous is not None and previous.shape[0] > 0:
        initial = kmeans_plus_plus(centres, weights, k, rng, chosen=previous[:k])
        return weighted_kmeans(centres, weights, initial, max_iter=GROUP_MAX_ITER, tol=GROUP_TOL)
    initials = [kmeans_plus_plus(centres, weights, k, rng) for _ in range(GROUP_RESTARTS)]
    return best_of_restarts(centres, weights, initials, max_iter=GROUP_MAX_ITER, tol=GROUP_TOL)


def silhouette(points: FloatArray, labels: IntArray, distances: FloatArray | None = None) -> float:
    """Mean Euclidean silhouette over the points; a point alone in its group scores 0.

    ``distances`` may pass the points' distance table when several labellings are scored.
    """
    n = points.shape[0]
    groups = sorted_unique(labels)
    if n < 2 or groups.size < 2:
        return 0.0
    if distances is None:
        distances = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))
    one_hot = (labels[:, None] == groups[None, :]).astype(np.float64)
    sums = distances @ one_hot
    sizes = one_hot.sum(axis=0)
    own = np.searchsorted(groups, labels)
    own_size = sizes[own]
    a = np.where(own_size > 1, sums[np.arange(n), own] / np.maximum(own_size - 1, 1), 0.0)
    mean_to_other = sums / sizes[None, :]
    mean_to_other[np.arange(n), own] = np.inf
    b = mean_to_other.min(axis=1)
    denominator = np.maximum(a, b)
    scores = np.where((own_size > 1) & (denominator > 0), (b - a) / denominator, 0.0)
    return float(scores.mean())


def best_k(candidates: Sequence[GroupCandidate]) -> int:
    """The k with the highest silhouette; the smaller k on a tie."""
    best = max(candidates, key=lambda c: (c.silhouette, -c.k))
    return best.k


def smooth_k(best: int, previous: KSmoother | None, allowed: Sequence[int]) -> KSmoother:
    """Switch the published k only after the same new best k has won K_BUFFER updates."""
    if previous is None or previous.published_k not in allowed:
        return KSmoother(published_k=best, candidate_k=best, streak=1)
    streak = previous.streak + 1 if best == previous.candidate_k else 1
    switch = best == previous.published_k or streak >= K_BUFFER
    published = best if switch else previous.published_k
    return KSmoother(published_k=published, candidate_k=best, streak=streak)


def stable_labels(
    groups: IntArray,
    participant_ids: IntArray,
    previous_ids: IntArray | None,
    previous_groups: IntArray | None,
) -> IntArray:
    """Renumber groups (0..k-1 from k-means) to keep last update's numbers where they overlap.

    Unmatched groups (and all groups on a first run) get the smallest free numbers, largest
    group first, so numbering does not depend on k-means's internal order.
    """
    if groups.size == 0:
        return groups.astype(np.int64)
    k = int(groups.max()) + 1
    sizes = np.bincount(groups, minlength=k)
    mapping = np.full(k, -1, dtype=np.int64)
    if previous_ids is not None and previous_groups is not None and previous_ids.size:
        position = lookup(previous_ids, participant_ids)
        before = np.where(position >= 0, previous_groups[np.maximum(position, 0)], -1)
        seen = before >= 0
        old_labels = sorted_unique(before[seen])
        if old_labels.size:
            overlap = np.zeros((k, old_labels.size), dtype=np.int64)
            np.add.at(overlap, (groups[seen], np.searchsorted(old_labels, before[seen])), 1)
            rows, cols = linear_sum_assignment(-overlap)
            for row, col in zip(rows, cols, strict=True):
                if overlap[row, col] > 0:
                    mapping[row] = old_labels[col]
    used = set(mapping[mapping >= 0].tolist())
    free = (label for label in range(2 * k + len(used) + 1) if label not in used)
    for group in sorted(range(k), key=lambda g: (-sizes[g], g)):
        if mapping[group] < 0:
            mapping[group] = next(free)
    return mapping[groups]
