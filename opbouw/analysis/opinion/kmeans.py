"""Weighted k-means (Lloyd's algorithm) in the plane, as both clustering stages need it.

We write it out instead of using scikit-learn's KMeans because the spec fixes the stopping
rule ("every centre moves less than 0.01", at most 100 iterations) and Pol.is drops clusters
that lose all their members instead of re-seeding them; scikit-learn does neither.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from .matrix import FloatArray, IntArray

# Above this many point-centre pairs a k-d tree over the centres beats a distance table: the
# table costs time and memory in proportion to the pairs, the tree about n * log(centres).
_BRUTE_FORCE_MAX_PAIRS = 20_000


@dataclass(frozen=True)
class KMeansFit:
    centres: FloatArray  # (m, 2), m <= the number of initial centres (empty ones dropped)
    labels: IntArray  # (n,) index into centres
    weights: FloatArray  # (m,) total weight of each centre's members
    iterations: int
    inertia: float  # weighted sum of squared distances to the assigned centre


def nearest_centre(points: FloatArray, centres: FloatArray) -> IntArray:
    """Index of the nearest centre for each point (ties: the lower index, or the tree's)."""
    return _nearest(points, centres)[0]


def _nearest(points: FloatArray, centres: FloatArray) -> tuple[IntArray, FloatArray]:
    """Nearest centre and the squared distance to it, for each point."""
    if points.shape[0] * centres.shape[0] <= _BRUTE_FORCE_MAX_PAIRS:
        squared = np.zeros((points.shape[0], centres.shape[0]))
        for d in range(points.shape[1]):
            squared += (points[:, d, None] - centres[None, :, d]) ** 2
        index: IntArray = np.argmin(squared, axis=1).astype(np.int64)
        return index, squared[np.arange(points.shape[0]), index]
    distance, found = cKDTree(centres).query(points, k=1)
    return np.asarray(found, dtype=np.int64), np.asarray(distance, dtype=np.float64) ** 2


def kmeans_plus_plus(
    points: FloatArray,
    weights: FloatArray,
    k: int,
    rng: np.random.Generator,
    chosen: FloatArray | None = None,
) -> FloatArray:
    """Seeded k-means++ (Arthur & Vassilvitskii), weighted; extends ``chosen`` up to k centres.

    Stops early when every remaining point coincides with a chosen centre, so it never
    returns duplicate centres.
    """
    centres = [] if chosen is None else [row for row in np.asarray(chosen, dtype=np.float64)]
    if points.shape[0] == 0 or k <= len(centres):
        return np.asarray(centres[:k], dtype=np.float64).reshape(-1, points.shape[1])
    if centres:
        closest = _nearest(points, np.asarray(centres))[1]
    else:
        first = int(rng.choice(points.shape[0], p=weights / weights.sum()))
        centres.append(points[first].copy())
        closest = ((points - points[first]) ** 2).sum(axis=1)
    while len(centres) < k:
        mass = weights * closest
        total = float(mass.sum())
        if total <= 0.0:
            break
        cumulative = np.cumsum(mass)
        pick = int(np.searchsorted(cumulative, rng.random() * cumulative[-1], side="right"))
        pick = min(pick, points.shape[0] - 1)
        centres.append(points[pick].copy())
        closest = np.minimum(closest, ((points - points[pick]) ** 2).sum(axis=1))
    return np.asarray(centres, dtype=np.float64)


def weighted_kmeans(
    points: FloatArray,
    weights: FloatArray,
    initial: FloatArray,
    *,
    max_iter: int = 100,
    tol: float = 0.01,
) -> KMeansFit:
    """Lloyd iterations from ``initial`` until every centre moves less than ``tol``."""
    centres = np.asarray(initial, dtype=np.float64).copy()
    bounded = (
        _BoundedAssignment(points, centres)
        if points.shape[0] * centres.shape[0] > _BRUTE_FORCE_MAX_PAIRS
        else None
    )
    labels = bounded.labels if bounded is not None else nearest_centre(points, centres)
    iterations = 0
    for iterations in range(1, max_iter + 1):  # noqa: B007 - the count is reported
        shift, centres, dropped = _recentre(points, weights, labels, centres)
        # Assign to the new centres: the last iteration's assignment is the final labelling.
        if bounded is not None:
            bounded.update(centres, None if dropped else shift)
            labels = bounded.labels
        else:
            labels = nearest_centre(points, centres)
        if not dropped and (shift.size == 0 or float(shift.max()) < tol):
            break
    # A last assignment can empty a centre; drop it so every centre has members.
    totals = np.bincount(labels, weights=weights, minlength=centres.shape[0])
    keep = totals > 0
    if not keep.all():
        remap = np.cumsum(keep) - 1
        centres, labels, totals = centres[keep], remap[labels], totals[keep]
    distances = ((points - centres[labels]) ** 2).sum(axis=1)
    return KMeansFit(
        centres=centres,
        labels=labels.astype(np.int64),
        weights=totals.astype(np.float64),
        iterations=iterations,
        inertia=float((weights * distances).sum()),
    )


class _BoundedAssignment:
    """Nearest-centre labels kept up to date with Hamerly-style distance bounds.

    Exact, not approximate: after the centres move, a point whose distance to its own centre
    (grown by that centre's move) is still below its distance to the second-nearest centre
    (shrunk by the largest move) cannot have a new nearest centre, so only the other points
    are searched again. Late Lloyd iterations move centres little, so most points skip the
    search; that makes 100 iterations over 100,000 participants affordable.
    """

    def __init__(self, points: FloatArray, centres: FloatArray) -> None:
        self.points = points
        self.labels, self.upper, self.lower = _two_nearest(points, centres)

    def update(self, centres: FloatArray, shift: FloatArray | None) -> None:
        if shift is None:
            # Centres were dropped and renumbered: the bounds no longer apply.
            self.labels, self.upper, self.lower = _two_nearest(self.points, centres)
            return
        self.upper += shift[self.labels]
        self.lower -= float(shift.max()) if shift.size else 0.0
        stale = np.flatnonzero(self.upper >= self.lower)
        if stale.size == 0:
            return
        offset = self.points[stale] - centres[self.labels[stale]]
        self.upper[stale] = np.sqrt((offset**2).sum(axis=1))
        stale = stale[self.upper[stale] >= self.lower[stale]]
        if stale.size:
            labels, upper, lower = _two_nearest(self.points[stale], centres)
            self.labels[stale], self.upper[stale], self.lower[stale] = labels, upper, lower


def _two_nearest(
    points: FloatArray, centres: FloatArray
) -> tuple[IntArray, FloatArray, FloatArray]:
    """Nearest centre, distance to it and distance to the second nearest (inf if none)."""
    if centres.shape[0] == 1:
        distance = np.sqrt(((points - centres[0]) ** 2).sum(axis=1))
        return np.zeros(points.shape[0], dtype=np.int64), distance, np.full(points.shape[0], np.inf)
    distance, found = cKDTree(centres).query(points, k=2)
    return (
        np.asarray(found[:, 0], dtype=np.int64),
        np.asarray(distance[:, 0], dtype=np.float64),
        np.asarray(distance[:, 1], dtype=np.float64),
    )


def _recentre(
    points: FloatArray, weights: FloatArray, labels: IntArray, centres: FloatArray
) -> tuple[FloatArray, FloatArray, bool]:
    """Weighted means of the members: (how far each kept centre moved, new centres, dropped?)."""
    m = centres.shape[0]
    totals = np.bincount(labels, weights=weights, minlength=m)
    sums = np.stack(
        [
            np.bincount(labels, weights=weights * points[:, d], minlength=m)
            for d in range(points.shape[1])
        ],
        axis=1,
    )
    keep = totals > 0
    new = sums[keep] / totals[keep, None]
    shift: FloatArray = np.sqrt(((new - centres[keep]) ** 2).sum(axis=1))
    return shift, new, not bool(keep.all())


def best_of_restarts(
    points: FloatArray,
    weights: FloatArray,
    initials: list[FloatArray],
    *,
    max_iter: int = 100,
    tol: float = 0.01,
) -> KMeansFit:
    """The fit with the lowest weighted inertia over several starts (the earliest on a tie).

    For the small group stage (at most 100 base clusters, k <= 5) the restarts run side by
    side as one array computation, which is much cheaper than one Python loop per restart.
    Each restart follows exactly the iterations ``weighted_kmeans`` would make; a restart in
    which a centre loses all members is handed to ``weighted_kmeans`` itself.
    """
    k = initials[0].shape[0] if initials else 0
    batchable = [i for i, start in enumerate(initials) if start.shape[0] == k and k > 0]
    fits: dict[int, KMeansFit] = {}
    if batchable:
        fits.update(_batched_lloyd(points, weights, initials, batchable, max_iter, tol))
    for i, start in enumerate(initials):
        if i not in fits:
            fits[i] = weighted_kmeans(points, weights, start, max_iter=max_iter, tol=tol)
    best = fits[0]
    for i in range(1, len(initials)):
        if fits[i].inertia < best.inertia * (1 - 1e-12):
            best = fits[i]
    return best


def _batched_lloyd(
    points: FloatArray,
    weights: FloatArray,
    initials: list[FloatArray],
    which: list[int],
    max_iter: int,
    tol: float,
) -> dict[int, KMeansFit]:
    centres = np.stack([initials[i] for i in which]).astype(np.float64)  # (r, k, d)
    r, k, dims = centres.shape

    def assign(batch: FloatArray) -> IntArray:
        # Same arithmetic and tie rule (lowest index) as nearest_centre's distance table.
        squared = np.zeros((batch.shape[0], points.shape[0], k))
        for d in range(dims):
            squared += (points[None, :, d, None] - batch[:, None, :, d]) ** 2
        labels: IntArray = np.argmin(squared, axis=2).astype(np.int64)
        return labels

    labels = assign(centres)
    active = np.ones(r, dtype=bool)
    degenerate = np.zeros(r, dtype=bool)
    iterations = np.zeros(r, dtype=np.int64)
    for iteration in range(1, max_iter + 1):
        rows = np.flatnonzero(active)
        if rows.size == 0:
            break
        keys = (np.arange(rows.size)[:, None] * k + labels[rows]).ravel()
        size = rows.size * k
        totals = np.bincount(keys, weights=np.tile(weights, rows.size), minlength=size)
        sums = np.stack(
            [
                np.bincount(
                    keys, weights=np.tile(weights * points[:, d], rows.size), minlength=size
                )
                for d in range(dims)
            ],
            axis=1,
        )
        totals, sums = totals.reshape(rows.size, k), sums.reshape(rows.size, k, dims)
        empty = (totals <= 0).any(axis=1)
        degenerate[rows[empty]] = True
        active[rows[empty]] = False
        rows, totals, sums = rows[~empty], totals[~empty], sums[~empty]
        new = sums / totals[:, :, None]
        shift = np.sqrt(((new - centres[rows]) ** 2).sum(axis=2)).max(axis=1)
        centres[rows] = new
        labels[rows] = assign(new)
        iterations[rows] = iteration
        active[rows[shift < tol]] = False
    fits = {}
    for position, i in enumerate(which):
        if degenerate[position]:
            continue
        own = labels[position]
        member_weight = np.bincount(own, weights=weights, minlength=k).astype(np.float64)
        if (member_weight <= 0).any():
            continue  # the final assignment emptied a centre: weighted_kmeans handles that
        distances = ((points - centres[position][own]) ** 2).sum(axis=1)
        fits[i] = KMeansFit(
            centres=centres[position].copy(),
            labels=own.copy(),
            weights=member_weight,
            iterations=int(iterations[position]),
            inertia=float((weights * distances).sum()),
        )
    return fits
