"""Positions for the network picture, computed on the server (igraph's C core).

Cytoscape.js then draws with a preset layout: a force layout in the browser takes seconds for
a busy buurt; this takes a fraction of one. Deterministic (seeded), so the picture of one month
does not jump around when it is drawn again.

Month after month, the picture should grow rather than be shuffled: given the positions of the
month before (`previous`), the nodes that were there start where they were and move little
(a low starting temperature), and a newcomer starts beside the neighbours it already has.
"""

import math
import random

import igraph
import numpy as np

SIZE = 1000.0
# How far a node of the month before may still move, as a share of the default starting
# temperature (igraph: sqrt(nodes) / 10).
SETTLED_TEMPERATURE = 0.25


def positions(
    nodes: list[str],
    edges: list[tuple[str, str, float]],
    *,
    seed: int = 0,
    previous: dict[str, tuple[float, float]] | None = None,
) -> dict[str, dict[str, float]]:
    """{node: {"x": …, "y": …}} within a SIZE × SIZE square. `previous`: {node: (x, y)} in
    that square, from the month before (see the module docstring)."""
    if not nodes:
        return {}
    index = {key: i for i, key in enumerate(nodes)}
    pairs = [(index[a], index[b]) for a, b, _w in edges]
    graph = igraph.Graph(n=len(nodes), edges=pairs)
    weights = [weight for _a, _b, weight in edges]
    # Fruchterman-Reingold lays out a graph of n nodes over about sqrt(n) units.
    scale = math.sqrt(len(nodes))
    start = _start(nodes, pairs, previous or {}, scale, random.Random(seed))
    # Fruchterman-Reingold; above 500 nodes with a grid and fewer rounds (DrL and LGL took
    # 3 to 37 s for 2,500 nodes, this well under one).
    large = len(nodes) > 500
    previous = previous or {}
    kept = sum(1 for key in nodes if key in previous)
    temperature = math.sqrt(len(nodes)) / 10
    if kept > len(nodes) / 2:
        temperature *= SETTLED_TEMPERATURE
    # igraph draws its random numbers from Python's `random` module unless told otherwise:
    # a generator of our own for this call makes the layout reproducible.
    igraph.set_random_number_generator(random.Random(seed))
    try:
        layout = graph.layout_fruchterman_reingold(
            weights=weights or None,
            seed=start,
            niter=150 if large else 300,
            start_temp=temperature,
            grid="grid" if large else "nogrid",
        )
    finally:
        igraph.set_random_number_generator(random)
    coords = layout.coords
    if kept >= 3:
        coords = _back_in_place(
            coords, start, [i for i, key in enumerate(nodes) if key in previous]
        )
    xs = [point[0] for point in coords]
    ys = [point[1] for point in coords]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    return {
        key: {
            "x": round((coords[i][0] - min(xs)) / span * SIZE, 1),
            "y": round((coords[i][1] - min(ys)) / span * SIZE, 1),
        }
        for key, i in index.items()
    }


def _start(
    nodes: list[str],
    pairs: list[tuple[int, int]],
    previous: dict[str, tuple[float, float]],
    scale: float,
    rng: random.Random,
) -> list[list[float]]:
    """Starting positions: where a node was the month before (scaled to the layout's units);
    a newcomer beside its placed neighbours, else at random."""
    start: list[list[float] | None] = [None] * len(nodes)
    for i, key in enumerate(nodes):
        if key in previous:
            x, y = previous[key]
            start[i] = [x / SIZE * scale, y / SIZE * scale]
    if previous:
        neighbours: dict[int, list[int]] = {}
        for a, b in pairs:
            neighbours.setdefault(a, []).append(b)
            neighbours.setdefault(b, []).append(a)
        for i in range(len(nodes)):
            if start[i] is not None:
                continue
            placed = [point for j in neighbours.get(i, []) if (point := start[j]) is not None]
            if placed:
                start[i] = [
                    sum(point[0] for point in placed) / len(placed) + rng.uniform(-0.5, 0.5),
                    sum(point[1] for point in placed) / len(placed) + rng.uniform(-0.5, 0.5),
                ]
    return [
        point if point is not None else [rng.random() * scale, rng.random() * scale]
        for point in start
    ]


def _back_in_place(
    coords: list[list[float]], start: list[list[float]], kept: list[int]
) -> list[list[float]]:
    """igraph centres its result and turns it onto its principal axes, which differ from
    month to month: turn, scale and shift it back so that the nodes that were there already
    lie where they started (least squares, Procrustes)."""
    moved = np.array([coords[i] for i in kept], dtype=float)
    began = np.array([start[i] for i in kept], dtype=float)
    moved_mean, began_mean = moved.mean(axis=0), began.mean(axis=0)
    a, b = moved - moved_mean, began - began_mean
    u, sigma, vt = np.linalg.svd(a.T @ b)
    turn = u @ vt  # a @ turn ≈ b (a reflection allowed: igraph may mirror too)
    spread = float((a**2).sum())
    factor = float(sigma.sum()) / spread if spread else 1.0
    placed = (np.asarray(coords, dtype=float) - moved_mean) @ turn * factor + began_mean
    return [[float(x), float(y)] for x, y in placed]
