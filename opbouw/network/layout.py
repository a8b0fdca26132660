"""Positions for the network picture, computed on the server (igraph's C core).

Cytoscape.js then draws with a preset layout: a force layout in the browser takes seconds for
a busy buurt; this takes a fraction of one. Deterministic (seeded), so the picture of one month
does not jump around when it is drawn again.
"""

import random

import igraph

SIZE = 1000.0


def positions(
    nodes: list[str], edges: list[tuple[str, str, float]], *, seed: int = 0
) -> dict[str, dict[str, float]]:
    """{node: {"x": …, "y": …}} within a SIZE × SIZE square."""
    if not nodes:
        return {}
    index = {key: i for i, key in enumerate(nodes)}
    graph = igraph.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b, _w in edges])
    weights = [weight for _a, _b, weight in edges]
    rng = random.Random(seed)
    start = [[rng.random(), rng.random()] for _ in nodes]
    # Fruchterman-Reingold; above 500 nodes with a grid and fewer rounds (DrL and LGL took
    # 3 to 37 s for 2,500 nodes, this well under one).
    large = len(nodes) > 500
    layout = graph.layout_fruchterman_reingold(
        weights=weights or None,
        seed=start,
        niter=150 if large else 300,
        grid="grid" if large else "nogrid",
    )
    coords = layout.coords
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
