"""Networks of people, groups and organisations: which figures count people only."""

import pytest

from opbouw.analysis.network import NetworkMetrics, Tie, compute_metrics, initiative_reach

# People 1-4; group 10 with members 1, 2, 3; organisation 20 works with the group; person 4
# is known to the worker and has no tie.
TIES = [Tie(1, 10), Tie(2, 10), Tie(3, 10), Tie(10, 20)]


def test_people_active_and_isolated_count_people_only():
    metrics = compute_metrics([1, 2, 3, 4, 10, 20], TIES, known=[1, 2, 3, 4], people=[1, 2, 3, 4])
    assert (metrics.nodes, metrics.people, metrics.people_active) == (6, 4, 3)
    assert metrics.isolated == [4]
    # Everything else is over the whole graph: 4 ties among 6 nodes, two components
    # (the star and person 4), the group the one broker.
    assert metrics.ties == 4
    assert metrics.density == pytest.approx(4 / 15)
    assert metrics.components == 2
    assert metrics.largest_component_share == pytest.approx(5 / 6)
    assert metrics.brokers[0][0] == 10
    # Star: the group lies on every shortest path between the other four: C(4, 2) = 6 of the
    # (n-1)(n-2)/2 = 10 pairs among the other five nodes.
    assert metrics.brokers[0][1] == pytest.approx(6 / 10)
    assert [node for node, _score in metrics.brokers] == [10]


def test_known_people_are_people_even_when_not_listed():
    metrics = compute_metrics([10, 20], TIES, known=[4], people=[1, 2, 3])
    assert metrics.people == 4 and metrics.people_active == 3 and metrics.isolated == [4]


def test_without_kinds_every_node_is_a_person():
    metrics = compute_metrics([1, 2, 3, 4, 10, 20], TIES, known=[4])
    assert (metrics.people, metrics.people_active) == (6, 5)


def test_people_survive_a_round_trip_and_old_figures_read_as_all_people():
    metrics = compute_metrics([1, 2, 3, 4, 10, 20], TIES, known=[4], people=[1, 2, 3, 4])
    assert NetworkMetrics.from_dict(metrics.to_dict()) == metrics
    old = metrics.to_dict()
    del old["people"]
    assert NetworkMetrics.from_dict(old).people == 6


def test_reach_can_count_people_only():
    # Core: person 1. Tied to the group 10 only: reaches nobody who is a person.
    everyone = initiative_reach([1], TIES)
    people = initiative_reach([1], TIES, reachable=[1, 2, 3, 4])
    assert (everyone.reached, people.reached) == (1, 0)
    both = initiative_reach([1], [*TIES, Tie(1, 4)], reachable=[1, 2, 3, 4])
    assert (both.core_size, both.reached) == (1, 1)
    assert both.reach_ratio == pytest.approx(1.0, abs=1e-12)


def test_brokers_among_people_leave_out_groups_and_organisations():
    # Person 4 now knows person 3: 3 stands between 4 and everyone else, the group still
    # between the most.
    ties = [*TIES, Tie(3, 4)]
    metrics = compute_metrics([1, 2, 3, 4, 10, 20], ties, people=[1, 2, 3, 4])
    assert [node for node, _ in metrics.brokers] == [10, 3]
    assert [node for node, _ in metrics.people_brokers] == [3]
    assert metrics.people_brokers[0][1] == dict(metrics.brokers)[3]
    everyone = compute_metrics([1, 2, 3, 4, 10, 20], ties)
    assert everyone.people_brokers == everyone.brokers
