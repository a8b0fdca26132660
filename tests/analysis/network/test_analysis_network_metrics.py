"""Network metrics on small graphs whose answers are known by hand."""

import datetime as dt
import itertools
import json
import random
from collections import deque

import numpy as np
import pytest

from opbouw.analysis.network import (
    NetworkMetrics,
    Reach,
    Tie,
    TieError,
    TieTable,
    aggregate_ties,
    compute_metrics,
    decayed_weight,
    initiative_reach,
    sample_sources,
)

PATH = [Tie(1, 2), Tie(2, 3), Tie(3, 4)]
STAR = [Tie(0, leaf) for leaf in range(1, 5)]
# Two triangles 1-2-3 and 4-5-6, joined by the bridge 3-4.
BRIDGED = [Tie(1, 2), Tie(2, 3), Tie(1, 3), Tie(4, 5), Tie(5, 6), Tie(4, 6), Tie(3, 4)]


def test_path():
    metrics = compute_metrics([1, 2, 3, 4], PATH)
    assert (metrics.nodes, metrics.ties, metrics.people_active) == (4, 3, 4)
    assert metrics.density == pytest.approx(0.5)
    assert metrics.components == 1
    assert metrics.largest_component_share == pytest.approx(1.0, abs=1e-12)
    assert metrics.clustering == pytest.approx(0.0, abs=1e-12)
    assert metrics.average_clustering == pytest.approx(0.0, abs=1e-12)
    # 2 lies on the paths 1-3 and 1-4: 2 of the 3 pairs of other nodes.
    assert metrics.brokers == [(2, pytest.approx(2 / 3)), (3, pytest.approx(2 / 3))]
    assert metrics.betweenness_samples is None
    assert metrics.new_ties is None and metrics.lasting_ties is None


def test_star():
    metrics = compute_metrics(range(5), STAR, top_brokers=3)
    assert metrics.density == pytest.approx(0.4)
    assert metrics.clustering == pytest.approx(0.0, abs=1e-12)
    # The centre is on every path between leaves; leaves broker nothing and are left out.
    assert metrics.brokers == [(0, pytest.approx(1.0))]
    assert metrics.community_count >= 1
    assert set(metrics.community_of) == {0, 1, 2, 3, 4}


def test_two_triangles_joined_by_a_bridge_with_an_isolated_known_person():
    metrics = compute_metrics(range(1, 7), BRIDGED, known=[1, 9])
    assert metrics.nodes == 7  # the known person 9 counts as a node
    assert metrics.people_active == 6
    assert metrics.ties == 7
    assert metrics.density == pytest.approx(7 / 21)
    assert metrics.components == 2
    assert metrics.largest_component_share == pytest.approx(6 / 7)
    # 2 triangles, 10 connected triplets: transitivity 6/10.
    assert metrics.clustering == pytest.approx(0.6)
    # Local: 1 for 1, 2, 5, 6; 1/3 for 3 and 4; 0 for the isolated 9.
    assert metrics.average_clustering == pytest.approx((4 + 2 / 3) / 7)
    assert metrics.community_count == 2
    assert metrics.community_of[1] == metrics.community_of[2] == metrics.community_of[3]
    assert metrics.community_of[4] == metrics.community_of[5] == metrics.community_of[6]
    assert metrics.community_of[1] != metrics.community_of[4]
    assert 9 not in metrics.community_of
    # Q = 2 * (3/7 - (7/14)^2)
    assert metrics.modularity == pytest.approx(2 * (3 / 7 - 0.25))
    assert metrics.bridging_ties == [(3, 4)]
    # 3 (and 4) lie on all 6 paths between {1, 2} and {4, 5, 6}; 30 ordered pairs / 2.
    assert metrics.brokers[:2] == [(3, pytest.approx(0.4)), (4, pytest.approx(0.4))]
    assert all(node not in {1, 2, 5, 6, 9} for node, _ in metrics.brokers)
    assert metrics.isolated == [9]


def test_new_and_lasting_ties():
    previous = [Tie(2, 1), Tie(5, 4), Tie(7, 8)]  # reversed pairs are the same tie
    metrics = compute_metrics(range(1, 7), BRIDGED, previous_ties=previous)
    assert metrics.lasting_ties == 2
    assert metrics.new_ties == 5
    first_window = compute_metrics(range(1, 7), BRIDGED, previous_ties=[])
    assert (first_window.new_ties, first_window.lasting_ties) == (7, 0)


def test_duplicate_ties_are_merged_with_summed_weight():
    table = TieTable.from_ties([Tie(1, 2), Tie(2, 1, 2.5), Tie(2, 3)])
    assert table.a.tolist() == [1, 2]
    assert table.b.tolist() == [2, 3]
    assert table.weight.tolist() == pytest.approx([3.5, 1.0], abs=1e-12)
    assert compute_metrics([], [Tie(1, 2), Tie(2, 1)]).ties == 1


def test_tie_to_oneself_or_without_positive_weight_is_refused():
    with pytest.raises(TieError, match="two different nodes"):
        Tie(3, 3)
    with pytest.raises(TieError, match="positive number"):
        Tie(1, 2, 0.0)
    with pytest.raises(TieError, match="positive number"):
        Tie(1, 2, float("nan"))
    with pytest.raises(TieError, match="two different nodes"):
        TieTable.from_arrays([1, 2], [2, 2])
    with pytest.raises(TieError, match="positive number"):
        TieTable.from_arrays([1], [2], [-1.0])
    with pytest.raises(ValueError, match="at least 1"):
        compute_metrics([], PATH, betweenness_samples=0)


def test_empty_and_tieless_networks():
    empty = compute_metrics([], [])
    assert (empty.nodes, empty.ties, empty.components, empty.community_count) == (0, 0, 0, 0)
    assert empty.density == 0.0 and empty.brokers == [] and empty.isolated == []
    lonely = compute_metrics([1, 2], [], known=[2, 3])
    assert (lonely.nodes, lonely.people_active, lonely.components) == (3, 0, 3)
    assert lonely.isolated == [2, 3]
    assert lonely.largest_component_share == pytest.approx(1 / 3)


def test_arrays_give_the_same_metrics_as_tie_objects():
    table = TieTable.from_arrays([t.a for t in BRIDGED], [t.b for t in BRIDGED])
    assert compute_metrics(range(1, 7), table) == compute_metrics(range(1, 7), BRIDGED)


def test_to_dict_survives_json():
    metrics = compute_metrics(range(1, 7), BRIDGED, known=[9], previous_ties=[Tie(1, 2)])
    stored = json.loads(json.dumps(metrics.to_dict()))
    assert stored["bridging_ties"] == [[3, 4]]
    assert stored["isolated"] == [9]
    assert NetworkMetrics.from_dict(stored) == metrics


def planted(groups: int, size: int, seed: int, p_in: float = 0.5, p_out: float = 0.01):
    rng = random.Random(seed)
    ties = []
    for a, b in itertools.combinations(range(groups * size), 2):
        same = a // size == b // size
        if rng.random() < (p_in if same else p_out):
            ties.append(Tie(a, b))
    return ties


def test_leiden_finds_planted_communities():
    metrics = compute_metrics(range(100), planted(4, 25, seed=1), seed=3)
    assert metrics.community_count == 4
    for group in range(4):
        labels = {metrics.community_of[node] for node in range(group * 25, group * 25 + 25)}
        assert len(labels) == 1
    # Bridging ties are exactly the ties between planted groups.
    expected = sorted((t.a, t.b) for t in planted(4, 25, seed=1) if t.a // 25 != t.b // 25)
    assert metrics.bridging_ties == expected


def brandes(ties: list[Tie], nodes: list[int], sources: list[int]) -> dict[int, float]:
    """Textbook Brandes, summing the dependencies of the given sources only."""
    neighbours: dict[int, list[int]] = {node: [] for node in nodes}
    for tie in ties:
        neighbours[tie.a].append(tie.b)
        neighbours[tie.b].append(tie.a)
    result = dict.fromkeys(nodes, 0.0)
    for s in sources:
        order, preds = [], {v: [] for v in nodes}
        sigma = dict.fromkeys(nodes, 0.0)
        dist = dict.fromkeys(nodes, -1)
        sigma[s], dist[s] = 1.0, 0
        queue = deque([s])
        while queue:
            v = queue.popleft()
            order.append(v)
            for w in neighbours[v]:
                if dist[w] < 0:
                    dist[w] = dist[v] + 1
                    queue.append(w)
                if dist[w] == dist[v] + 1:
                    sigma[w] += sigma[v]
                    preds[w].append(v)
        delta = dict.fromkeys(nodes, 0.0)
        for w in reversed(order):
            for v in preds[w]:
                delta[v] += sigma[v] / sigma[w] * (1 + delta[w])
            if w != s:
                result[w] += delta[w]
    return result


def test_sampled_betweenness_is_scaled_brandes_over_the_sampled_sources():
    ties = planted(3, 20, seed=5, p_in=0.3, p_out=0.02)
    nodes = list(range(60))
    k, seed = 12, 7
    metrics = compute_metrics(nodes, ties, betweenness_samples=k, seed=seed, top_brokers=60)
    assert metrics.betweenness_samples == k
    sources = [nodes[i] for i in sample_sources(60, k, seed)]
    reference = brandes(ties, nodes, sources)
    n = len(nodes)
    expected = {v: d * n / k / ((n - 1) * (n - 2)) for v, d in reference.items()}
    assert dict(metrics.brokers) == pytest.approx({v: x for v, x in expected.items() if x > 0})


def test_sampled_betweenness_equals_exact_when_samples_cover_all_nodes():
    ties = planted(3, 20, seed=5, p_in=0.3, p_out=0.02)
    exact = compute_metrics(range(60), ties, top_brokers=60)
    everyone = compute_metrics(range(60), ties, betweenness_samples=60, top_brokers=60)
    more = compute_metrics(range(60), ties, betweenness_samples=500, top_brokers=60)
    assert exact.betweenness_samples is None and everyone.betweenness_samples is None
    assert everyone.brokers == exact.brokers == more.brokers
    reference = brandes(ties, list(range(60)), list(range(60)))
    assert dict(exact.brokers) == pytest.approx(
        {v: d / (59 * 58) for v, d in reference.items() if d > 0}
    )


def test_same_seed_same_result_other_seed_other_sample():
    ties = planted(5, 40, seed=11, p_in=0.15, p_out=0.01)
    first = compute_metrics(range(200), ties, seed=4, betweenness_samples=20)
    again = compute_metrics(range(200), list(reversed(ties)), seed=4, betweenness_samples=20)
    assert first == again
    assert first.community_of == again.community_of
    other = compute_metrics(range(200), ties, seed=5, betweenness_samples=20)
    assert other.brokers != first.brokers
    assert sample_sources(200, 20, 4) == sample_sources(200, 20, 4)
    assert sample_sources(200, 20, 4) != sample_sources(200, 20, 5)


def test_initiative_reach():
    # Core {1, 2}; 3 is tied to both (counts once), 4 via 3 only (not reached).
    ties = [Tie(1, 2), Tie(1, 3), Tie(2, 3), Tie(3, 4), Tie(2, 5)]
    assert initiative_reach([1, 2, 2], ties) == Reach(
        core_size=2, reached=2, reach_ratio=pytest.approx(1.0, abs=1e-12)
    )
    assert initiative_reach([], ties) == Reach(0, 0, 0.0)  # nobody: 0.0 assigned, not computed


def test_decayed_weight_and_window_aggregation():
    at = dt.date(2026, 6, 30)
    days = [at, at - dt.timedelta(days=30), at + dt.timedelta(days=1)]
    assert decayed_weight(days, at, half_life_days=30) == pytest.approx(1.5)
    with pytest.raises(ValueError, match="half-life"):
        decayed_weight(days, at, half_life_days=0)
    contacts = [
        (1, 2, dt.date(2026, 6, 1)),
        (2, 1, dt.date(2026, 6, 30)),
        (1, 3, dt.date(2025, 1, 1)),  # before the window
        (4, 4, dt.date(2026, 6, 2)),  # with oneself: ignored
    ]
    window = {"start": dt.date(2026, 1, 1), "end": at}
    ties = aggregate_ties(contacts, **window)
    assert [(t.a, t.b) for t in ties] == [(1, 2)]
    assert ties[0].weight == pytest.approx(2.0, abs=1e-12)
    decayed = aggregate_ties(contacts, **window, half_life_days=29)
    assert [(t.a, t.b) for t in decayed] == [(1, 2)]
    assert decayed[0].weight == pytest.approx(1.5)
    with pytest.raises(ValueError, match="before it starts"):
        aggregate_ties(contacts, start=at, end=dt.date(2026, 1, 1))


def test_node_ids_need_not_be_contiguous():
    ties = [Tie(10**9, 5), Tie(5, -3), Tie(-3, 10**9)]
    metrics = compute_metrics([], ties, known=[42])
    assert metrics.clustering == pytest.approx(1.0, abs=1e-12)
    assert metrics.isolated == [42]
    assert set(metrics.community_of) == {10**9, 5, -3}
    assert np.isclose(metrics.density, 3 / 6)
