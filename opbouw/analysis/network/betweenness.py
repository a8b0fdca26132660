"""Betweenness centrality, exact or estimated from sampled sources.

Exact betweenness (Brandes 2001) runs one breadth-first search per node: O(nodes x ties), hours
at 100,000 nodes and 1,000,000 ties. The estimate runs the same searches from `k` sources drawn
uniformly without replacement (seeded) and scales the summed dependencies by n / k (Brandes &
Pich 2007; networkx's `betweenness_centrality(k=...)` does the same), so it is unbiased, and it
is the exact value when k >= n. Values are normalised like networkx's: divided by
(n-1)(n-2), the number of ordered pairs of other nodes. Distances count hops; tie weights are
not used (a strong tie is not a short one).

Implementation: Brandes for a batch of sources at once with sparse matrix products — the
adjacency matrix times an n x batch matrix moves every search one level forward (path counts)
and, in the second phase, one level back (dependencies). This is 1.5-2x cheaper in CPU time than
igraph's subset betweenness on the 100,000-node benchmark network.

How good is the estimate: see README.md in this folder (Spearman rank correlation with exact
betweenness on a 5,000-node network, per k; measured by benchmarks/network/bench_network.py).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

BATCH = 32


def sample_sources(n: int, k: int, seed: int) -> list[int]:
    """k distinct vertex indices out of n, sorted; the same for the same seed."""
    rng = np.random.default_rng(seed)
    chosen = rng.choice(n, size=k, replace=False)
    return sorted(int(i) for i in chosen)


def adjacency(n: int, src: IntArray, dst: IntArray) -> sp.csr_matrix:
    """The symmetric 0/1 adjacency matrix of distinct undirected pairs."""
    ones = np.ones(2 * src.size, dtype=np.float64)
    rows = np.concatenate((src, dst))
    cols = np.concatenate((dst, src))
    return sp.csr_matrix((ones, (rows, cols)), shape=(n, n))


def dependencies(matrix: sp.csr_matrix, sources: IntArray) -> FloatArray:
    """Per vertex, the sum over `sources` of its Brandes dependency (pairs source -> any
    target whose shortest paths pass through it)."""
    n = matrix.shape[0]
    k = int(sources.size)
    columns = np.arange(k)
    sigma = np.zeros((n, k))
    level = np.full((n, k), -1, dtype=np.int16)
    sigma[sources, columns] = 1.0
    level[sources, columns] = 0
    frontier = sigma.copy()
    depth = 0
    while True:
        reached = matrix @ frontier
        reached *= level < 0
        found = reached > 0
        if not found.any():
            break
        depth += 1
        level[found] = depth
        sigma += reached
        frontier = reached
    delta = np.zeros((n, k))
    for current in range(depth, 0, -1):
        here = level == current
        share = np.zeros((n, k))
        np.divide(1.0 + delta, sigma, out=share, where=here)
        back = matrix @ share
        back *= sigma
        back *= level == current - 1
        delta += back
    delta[sources, columns] = 0.0
    total: FloatArray = delta.sum(axis=1)
    return total


def betweenness(
    n: int, src: IntArray, dst: IntArray, *, samples: int | None, seed: int
) -> tuple[FloatArray, int | None]:
    """Normalised betweenness per vertex 0..n-1 of the graph with ties src[i]-dst[i], and the
    number of sampled sources used (None when exact: `samples` None, or at least n)."""
    if n < 3 or src.size == 0:
        return np.zeros(n, dtype=np.float64), None
    matrix = adjacency(n, src, dst)
    exact = samples is None or samples >= n
    if not exact and samples is not None and samples < 1:
        raise ValueError(f"Betweenness needs at least one sampled source, got {samples}.")
    sources = (
        np.arange(n, dtype=np.int64)
        if exact
        else np.asarray(sample_sources(n, int(samples or 0), seed), dtype=np.int64)
    )
    # Sources without ties contribute nothing; skip their searches.
    degree = np.diff(matrix.indptr)
    active = sources[degree[sources] > 0]
    total = np.zeros(n, dtype=np.float64)
    for start in range(0, active.size, BATCH):
        total += dependencies(matrix, active[start : start + BATCH])
    scale = 1.0 / ((n - 1) * (n - 2))
    if exact:
        return total * scale, None
    return total * scale * (n / sources.size), int(sources.size)
