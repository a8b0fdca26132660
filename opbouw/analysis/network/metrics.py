"""Metrics of one network (one date or one window): size, cohesion, communities, brokers."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import igraph as ig
import numpy as np

from .betweenness import betweenness
from .ties import IntArray, Tie, TieTable, as_table

# igraph's Leiden: this many iterations (a second one changed the modularity of the
# 100,000-node benchmark network by less than 0.0001 and cost 40 % more).
LEIDEN_ITERATIONS = 1
# Betweenness with `betweenness_samples=None`: exact up to this many nodes, sampled above.
EXACT_BETWEENNESS_UP_TO = 2_000
DEFAULT_BETWEENNESS_SAMPLES = 500


@dataclass(frozen=True)
class NetworkMetrics:
    """What `compute_metrics` found. Node ids are the caller's; lists are sorted.

    - nodes: every node (given, at the end of a tie, known, or a person), of every kind.
    - people: the nodes that are people (`people=` given: those, plus the known; otherwise every
      node); people_active: the people with at least one tie (to anyone: person, group or
      organisation). Groups and organisations never count here.
    - ties: distinct pairs; density: ties / possible pairs among all nodes.
    - components: connected components, isolated nodes included (each is one);
      largest_component_share: nodes in the largest / nodes.
    - clustering: global transitivity (closed triplets / triplets); average_clustering: the mean
      of the local coefficients, 0 for nodes with fewer than two ties (as networkx).
    - new_ties / lasting_ties: pairs not in / also in `previous_ties`; None without them.
    - community_of: node -> community (Leiden, modularity, tie weights), numbered 0.. by size
      (largest first, then smallest node id); only nodes with a tie have one.
      community_count, modularity: of that partition.
    - bridging_ties: (a, b) with a < b in different communities.
    - brokers: the top nodes by normalised betweenness (> 0), highest first, of any kind.
    - people_brokers: the same among people only (`people=` given; otherwise = brokers): an
      organisation named in many journal entries can outrank every resident as a broker.
    - isolated: known nodes without any tie (known nodes are people by definition).
    Everything else is computed over the whole graph, groups and organisations included: a
    group can hold a community together or be a broker between two.
    - betweenness_samples: sampled sources behind `brokers`, None when exact.
    """

    nodes: int
    people: int
    people_active: int
    ties: int
    density: float
    components: int
    largest_component_share: float
    clustering: float
    average_clustering: float
    new_ties: int | None
    lasting_ties: int | None
    community_of: dict[int, int] = field(repr=False)
    community_count: int
    modularity: float
    bridging_ties: list[tuple[int, int]] = field(repr=False)
    brokers: list[tuple[int, float]]
    people_brokers: list[tuple[int, float]]
    isolated: list[int]
    betweenness_samples: int | None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON types only (community_of keys become strings, pairs become lists)."""
        return {
            "nodes": self.nodes,
            "people": self.people,
            "people_active": self.people_active,
            "ties": self.ties,
            "density": self.density,
            "components": self.components,
            "largest_component_share": self.largest_component_share,
            "clustering": self.clustering,
            "average_clustering": self.average_clustering,
            "new_ties": self.new_ties,
            "lasting_ties": self.lasting_ties,
            "community_of": {str(node): c for node, c in self.community_of.items()},
            "community_count": self.community_count,
            "modularity": self.modularity,
            "bridging_ties": [[a, b] for a, b in self.bridging_ties],
            "brokers": [[node, score] for node, score in self.brokers],
            "people_brokers": [[node, score] for node, score in self.people_brokers],
            "isolated": list(self.isolated),
            "betweenness_samples": self.betweenness_samples,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NetworkMetrics:
        """The inverse of `to_dict` (also after a JSON round trip); missing lists are empty."""
        return cls(
            nodes=int(data["nodes"]),
            # Stored before nodes had kinds: every node was a person.
            people=int(data.get("people", data["nodes"])),
            people_active=int(data["people_active"]),
            ties=int(data["ties"]),
            density=float(data["density"]),
            components=int(data["components"]),
            largest_component_share=float(data["largest_component_share"]),
            clustering=float(data["clustering"]),
            average_clustering=float(data["average_clustering"]),
            new_ties=None if data.get("new_ties") is None else int(data["new_ties"]),
            lasting_ties=None if data.get("lasting_ties") is None else int(data["lasting_ties"]),
            community_of={int(k): int(v) for k, v in data.get("community_of", {}).items()},
            community_count=int(data["community_count"]),
            modularity=float(data["modularity"]),
            bridging_ties=[(int(a), int(b)) for a, b in data.get("bridging_ties", [])],
            brokers=[(int(n), float(s)) for n, s in data.get("brokers", [])],
            people_brokers=[
                (int(n), float(s)) for n, s in data.get("people_brokers", data.get("brokers", []))
            ],
            isolated=[int(n) for n in data.get("isolated", [])],
            betweenness_samples=(
                None
                if data.get("betweenness_samples") is None
                else int(data["betweenness_samples"])
            ),
        )


def _ids(values: Iterable[int]) -> IntArray:
    return np.fromiter((int(v) for v in values), dtype=np.int64)


def _unique(values: IntArray) -> IntArray:
    """Sorted distinct values (a sort and a mask: cheaper than np.unique's hashing here)."""
    ordered = np.sort(values)
    if ordered.size < 2:
        return ordered
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


def _indexer(ids: IntArray) -> Callable[[IntArray], IntArray]:
    """A function from node ids (all in `ids`, which is sorted) to vertex indices: a lookup
    table when the ids are dense enough, a binary search otherwise."""
    if ids.size == 0:
        return lambda values: np.zeros(0, dtype=np.int64)
    low = int(ids[0])
    span = int(ids[-1]) - low + 1
    if span > 4 * ids.size + 1024:
        return lambda values: np.searchsorted(ids, values).astype(np.int64)
    table = np.empty(span, dtype=np.int64)
    table[ids - low] = np.arange(ids.size)
    return lambda values: table[values - low]


def _leiden(graph: ig.Graph, weights: list[float], seed: int) -> list[int]:
    """Leiden (igraph's C implementation, modularity) with its random numbers seeded.

    igraph draws from one process-wide generator; it is seeded here and put back to Python's
    `random` module (igraph's default) afterwards. Not safe to call from two threads at once.
    """
    ig.set_random_number_generator(random.Random(seed))
    try:
        partition = graph.community_leiden(
            objective_function="modularity", weights=weights, n_iterations=LEIDEN_ITERATIONS
        )
    finally:
        ig.set_random_number_generator(random)
    return list(partition.membership)


def _numbered_by_size(membership: IntArray) -> IntArray:
    """Relabel communities 0.. by size (largest first), ties by their smallest vertex index
    (vertices are in node-id order, so: smallest node id)."""
    labels, first, sizes = np.unique(membership, return_index=True, return_counts=True)
    order = np.lexsort((first, -sizes))
    new_label = np.empty(labels.size, dtype=np.int64)
    new_label[order] = np.arange(labels.size)
    return new_label[np.searchsorted(labels, membership)]


def compute_metrics(
    nodes: Iterable[int],
    ties: Iterable[Tie] | TieTable,
    *,
    known: Iterable[int] = (),
    people: Iterable[int] | None = None,
    previous_ties: Iterable[Tie] | TieTable | None = None,
    seed: int = 0,
    betweenness_samples: int | None = None,
    top_brokers: int = 10,
) -> NetworkMetrics:
    """Metrics of the network of `nodes` and `ties` (tie ends and `known` nodes are added).

    `people`: which nodes are people, when the network also holds groups or organisations
    (None: all of them). Only `people` and `people_active` depend on it; every other figure is
    over the whole graph (see NetworkMetrics).

    Duplicate ties (either direction) are merged with their weights summed. The result is
    the same for the same input and seed. `betweenness_samples`: None = exact up to
    EXACT_BETWEENNESS_UP_TO nodes and DEFAULT_BETWEENNESS_SAMPLES sampled sources above; a
    number = that many sources (exact when at least the number of nodes).
    """
    if top_brokers < 0:
        raise ValueError(f"top_brokers cannot be negative, got {top_brokers}.")
    table = as_table(ties)
    known_ids = _unique(_ids(known))
    people_ids = None if people is None else _unique(np.concatenate((_ids(people), known_ids)))
    extra = () if people_ids is None else (people_ids,)
    ids = _unique(np.concatenate((_ids(nodes), known_ids, table.a, table.b, *extra)))
    n = int(ids.size)
    m = len(table)
    index_of = _indexer(ids)
    src = index_of(table.a)
    dst = index_of(table.b)

    graph = ig.Graph(n=n, edges=list(zip(src.tolist(), dst.tolist(), strict=True)))
    degree = np.bincount(np.concatenate((src, dst)), minlength=n)
    active = degree > 0

    density = 2.0 * m / (n * (n - 1)) if n > 1 else 0.0
    sizes = np.asarray(graph.connected_components().sizes(), dtype=np.int64) if n else None
    components = int(sizes.size) if sizes is not None else 0
    largest_share = float(sizes.max()) / n if sizes is not None else 0.0
    clustering, average_clustering = _clustering(graph, degree) if m else (0.0, 0.0)

    new_ties: int | None = None
    lasting_ties: int | None = None
    if previous_ties is not None:
        before = as_table(previous_ties)
        if len(before) and m:
            # Pairs are unique and sorted within each table: count the overlap on one key.
            span = int(max(ids[-1], before.b.max())) + 1
            now_keys = table.a * span + table.b
            before_keys = before.a * span + before.b
            lasting_ties = int(np.isin(now_keys, before_keys, assume_unique=True).sum())
        else:
            lasting_ties = 0
        new_ties = m - lasting_ties

    community_of: dict[int, int] = {}
    community_count = 0
    modularity = 0.0
    bridging: list[tuple[int, int]] = []
    if m:
        weights = table.weight.tolist()
        membership = np.asarray(_leiden(graph, weights, seed), dtype=np.int64)
        modularity = float(graph.modularity(membership.tolist(), weights=weights))
        labels = np.full(n, -1, dtype=np.int64)
        labels[active] = _numbered_by_size(membership[active])
        community_count = int(labels.max()) + 1
        community_of = dict(zip(ids[active].tolist(), labels[active].tolist(), strict=True))
        crossing = labels[src] != labels[dst]
        bridging = list(zip(table.a[crossing].tolist(), table.b[crossing].tolist(), strict=True))

    scores, used_samples = betweenness(
        n, src, dst, samples=_samples_for(n, betweenness_samples), seed=seed
    )
    brokers: list[tuple[int, float]] = []
    if top_brokers and n:
        order = np.lexsort((ids, -scores))[:top_brokers]
        brokers = [(int(ids[i]), float(scores[i])) for i in order if scores[i] > 0]

    isolated = known_ids[~active[index_of(known_ids)]].tolist()

    if people_ids is None:
        people_count, people_active = n, int(active.sum())
        people_brokers = brokers
    else:
        people_count = int(people_ids.size)
        people_rows = index_of(people_ids)
        people_active = int(active[people_rows].sum())
        people_scores = scores[people_rows]
        order = np.lexsort((people_ids, -people_scores))[:top_brokers]
        people_brokers = [
            (int(people_ids[i]), float(people_scores[i])) for i in order if people_scores[i] > 0
        ]

    return NetworkMetrics(
        nodes=n,
        people=people_count,
        people_active=people_active,
        ties=m,
        density=density,
        components=components,
        largest_component_share=largest_share,
        clustering=float(clustering),
        average_clustering=float(average_clustering),
        new_ties=new_ties,
        lasting_ties=lasting_ties,
        community_of=community_of,
        community_count=community_count,
        modularity=modularity,
        bridging_ties=bridging,
        brokers=brokers,
        people_brokers=people_brokers,
        isolated=isolated,
        betweenness_samples=used_samples,
    )


def _clustering(graph: ig.Graph, degree: IntArray) -> tuple[float, float]:
    """Global transitivity and average local clustering from one triangle count: the local
    coefficient c_v = t_v / C(d_v, 2) gives the triangles t_v at v, and transitivity is
    sum(t_v) / sum(C(d_v, 2))."""
    local = np.asarray(graph.transitivity_local_undirected(mode="zero"), dtype=np.float64)
    triplets = degree * (degree - 1) / 2.0
    total = float(triplets.sum())
    transitivity = float((local * triplets).sum()) / total if total else 0.0
    return transitivity, float(local.mean())


def _samples_for(n: int, requested: int | None) -> int | None:
    if requested is not None:
        if requested < 1:
            raise ValueError(f"betweenness_samples must be at least 1, got {requested}.")
        return requested
    return None if n <= EXACT_BETWEENNESS_UP_TO else DEFAULT_BETWEENNESS_SAMPLES
