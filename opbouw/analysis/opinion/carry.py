"""Pol.is's incremental clustering: what one update carries to the next (README "Replay").

Pol.is (math/src/polismath/math/clusters.clj, ``kmeans`` / ``clean-start-clusters``) does not
warm-start k-means from the previous *centres* but from the previous *members*: each old
cluster is recentred on its members' current positions, clusters with identical centres are
merged, and while there are fewer clusters than ``min(k, distinct points)`` the point farthest
from every centre is split off as a new cluster (id = largest id + 1). Cluster ids therefore
persist from update to update, and the exported ``group-id`` is such an id. The same applies to
the group stage, whose points are the base-cluster centres weighted by member count.

Everything here is keyed by ids (participant ids, base-cluster ids), so rows may be added
between updates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from .matrix import FloatArray, IntArray, sorted_unique

# clusters.clj ``same-clustering?``: converged when every centre moved less than this.
SAME_CLUSTERING_THRESHOLD = 0.01
_BRUTE_FORCE_MAX_PAIRS = 20_000


@dataclass(frozen=True)
class Clustering:
    """Clusters with persistent ids: ``member_cluster[i]`` is the id of ``members[i]``'s cluster.

    ``ids`` is sorted; ``centres`` and ``weights`` follow ``ids``.
    """

    ids: IntArray
    centres: FloatArray
    weights: FloatArray
    members: IntArray  # member keys (participant ids or base-cluster ids), sorted
    member_cluster: IntArray

    @staticmethod
    def empty() -> Clustering:
        return Clustering(
            np.zeros(0, dtype=np.int64),
            np.zeros((0, 2)),
            np.zeros(0),
            np.zeros(0, dtype=np.int64),
            np.zeros(0, dtype=np.int64),
        )


def _nearest(points: FloatArray, centres: FloatArray) -> IntArray:
    if points.shape[0] * centres.shape[0] <= _BRUTE_FORCE_MAX_PAIRS:
        squared = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
        index: IntArray = np.argmin(squared, axis=1).astype(np.int64)
        return index
    _, found = cKDTree(centres).query(points, k=1)
    return np.asarray(found, dtype=np.int64)


def _weighted_means(
    points: FloatArray, weights: FloatArray, labels: IntArray, m: int
) -> tuple[FloatArray, FloatArray]:
    totals: FloatArray = np.bincount(labels, weights=weights, minlength=m).astype(np.float64)
    sums = np.stack(
        [np.bincount(labels, weights=weights * points[:, d], minlength=m) for d in range(2)],
        axis=1,
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        means: FloatArray = sums / totals[:, None]
    return means, totals


def _distinct_count(points: FloatArray) -> int:
    as_complex = np.ascontiguousarray(points, dtype=np.float64).view(np.complex128).ravel()
    return int(sorted_unique(as_complex).size)


def _initial(points: FloatArray, k: int) -> tuple[IntArray, FloatArray]:
    """clusters.clj ``init-clusters``: the first k distinct points in row order, ids 0..k-1."""
    as_complex = np.ascontiguousarray(points, dtype=np.float64).view(np.complex128).ravel()
    _, first = np.unique(as_complex, return_index=True)
    chosen = np.sort(first)[:k]
    return np.arange(chosen.size, dtype=np.int64), points[chosen].copy()


def _clean_start(
    keys: IntArray,
    points: FloatArray,
    weights: FloatArray,
    previous: Clustering,
    k: int,
) -> tuple[IntArray, FloatArray]:
    """clusters.clj ``clean-start-clusters``: previous members recentred, merged, split."""
    # Previous members that are still among the points keep their cluster.
    where = np.searchsorted(previous.members, keys)
    where = np.clip(where, 0, max(previous.members.size - 1, 0))
    known = previous.members.size > 0
    member = (previous.members[where] == keys) if known else np.zeros(keys.size, dtype=bool)
    old_cluster = np.where(member, previous.member_cluster[where] if known else -1, -1)
    ids = sorted_unique(old_cluster[old_cluster >= 0])
    labels = np.full(keys.size, -1, dtype=np.int64)
    labels[member] = np.searchsorted(ids, old_cluster[member])
    centres, totals = _weighted_means(points[member], weights[member], labels[member], ids.size)
    keep = totals > 0
    ids, centres = ids[keep], centres[keep]
    remap = np.cumsum(keep) - 1
    labels[member] = remap[labels[member]]
    # Merge clusters with identical centres into the one with more members (uniqify-clusters).
    if ids.size > 1:
        as_complex = np.ascontiguousarray(centres).view(np.complex128).ravel()
        _, first, inverse = np.unique(as_complex, return_index=True, return_inverse=True)
        if first.size < ids.size:
            counts = np.bincount(labels[member], minlength=ids.size)
            survivor = np.arange(ids.size)
            for group in range(first.size):
                same = np.flatnonzero(inverse == group)
                survivor[same] = same[np.argmax(counts[same])]
            labels[member] = survivor[labels[member]]
            kept = sorted_unique(survivor)
            new_index = np.full(ids.size, -1, dtype=np.int64)
            new_index[kept] = np.arange(kept.size)
            labels[member] = new_index[labels[member]]
            ids, centres = ids[kept], centres[kept]
    possible = min(k, _distinct_count(points))
    next_id = int(ids.max()) + 1 if ids.size else 0
    while ids.size < possible:
        if ids.size == 0:
            return _initial(points, k)
        # most-distal: the point whose nearest centre is farthest; split it off.
        squared = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
        nearest = squared.min(axis=1)
        outlier = int(np.argmax(nearest))
        if nearest[outlier] <= 0:
            break
        labels[outlier] = ids.size
        ids = np.append(ids, next_id)
        next_id += 1
        centres = np.vstack([centres, points[outlier]])
        has = labels >= 0
        recentred, totals = _weighted_means(points[has], weights[has], labels[has], ids.size)
        alive = totals > 0
        centres = np.where(alive[:, None], recentred, centres)
    return ids, centres


def kmeans_carried(
    keys: IntArray,
    points: FloatArray,
    weights: FloatArray,
    k: int,
    previous: Clustering | None,
    *,
    max_iter: int,
) -> Clustering:
    """Pol.is ``kmeans``: clean start from ``previous`` (or init-clusters), then Lloyd steps.

    ``keys`` must be sorted. Each step assigns every point to the nearest centre, drops
    clusters without members and moves centres to their members' weighted mean; it stops when
    no centre moved by ``SAME_CLUSTERING_THRESHOLD`` or after ``max_iter`` steps.
    """
    if keys.size == 0 or k <= 0:
        return Clustering.empty()
    if previous is not None and previous.ids.size:
        ids, centres = _clean_start(keys, points, weights, previous, k)
    else:
        ids, centres = _initial(points, k)
    labels = np.zeros(keys.size, dtype=np.int64)
    totals = np.zeros(ids.size)
    for _ in range(max_iter + 1):
        labels = _nearest(points, centres)
        moved, totals = _weighted_means(points, weights, labels, ids.size)
        alive = totals > 0
        shift = np.sqrt(((moved[alive] - centres[alive]) ** 2).sum(axis=1))
        remap = np.cumsum(alive) - 1
        labels = remap[labels]
        ids, centres, totals = ids[alive], moved[alive], totals[alive]
        if alive.all() and (shift.size == 0 or float(shift.max()) < SAME_CLUSTERING_THRESHOLD):
            break
    return Clustering(
        ids=ids,
        centres=centres,
        weights=totals.astype(np.float64),
        members=keys,
        member_cluster=ids[labels],
    )
