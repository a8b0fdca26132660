"""The network page's picture: positions that stay put month after month, a busy buurt drawn
in part and saying so, the compact payload."""

import math
import random

import pytest
from django.urls import reverse

from opbouw.network import layout, measure
from opbouw.network.snapshots import snapshots_compute
from opbouw.people.models import Person
from tests.factories import JournalEntryFactory, client_for
from tests.network.support import days_ago

pytestmark = pytest.mark.django_db


def _graph(n: int, ties: int, seed: int) -> tuple[list[str], list[tuple[str, str, float]]]:
    rng = random.Random(seed)
    nodes = [f"p{i}" for i in range(n)]
    edges = {tuple(sorted(rng.sample(nodes, 2))) for _ in range(ties)}
    return nodes, [(a, b, 1.0) for a, b in sorted(edges)]


def _moved(before: dict, after: dict) -> float:
    """Mean distance a node that is in both moved, as a share of the picture's size."""
    common = [key for key in before if key in after]
    return (
        sum(
            math.dist((before[k]["x"], before[k]["y"]), (after[k]["x"], after[k]["y"]))
            for k in common
        )
        / len(common)
        / layout.SIZE
    )


@pytest.mark.parametrize("n", [60, 700])  # without and with igraph's grid (above 500)
def test_the_next_month_keeps_who_was_there_about_where_they_were(n):
    nodes, edges = _graph(n, n * 2, seed=1)
    first = layout.positions(nodes, edges)
    assert all(0 <= p["x"] <= layout.SIZE and 0 <= p["y"] <= layout.SIZE for p in first.values())
    assert layout.positions(nodes, edges) == first  # deterministic
    # The next month: a few newcomers with ties to people already there.
    grown = [*nodes, *(f"p{n + i}" for i in range(n // 20))]
    more = [(f"p{n + i}", f"p{i * 3}", 1.0) for i in range(n // 20)]
    previous = {key: (p["x"], p["y"]) for key, p in first.items()}
    steady = layout.positions(grown, edges + more, previous=previous)
    fresh = layout.positions(grown, edges + more, seed=7)
    assert set(steady) == set(grown)
    assert _moved(first, steady) < 0.5 * _moved(first, fresh)
    assert _moved(first, steady) < 0.1


def test_a_busy_buurt_is_drawn_in_part_and_says_so(monkeypatch, users, areas, people, worker):
    monkeypatch.setattr(measure, "MAX_DRAWN_NODES", 2)
    JournalEntryFactory(area=areas.buurt, author=worker, occurred_on=days_ago(3),
                        people=[people["kees"], people["fatima"], people["ans"]])  # fmt: skip
    snapshots_compute(area=areas.buurt, since=days_ago(20))
    client = client_for(users["worker"])
    data = client.get(reverse("network:graph", args=[areas.buurt.code])).json()
    total = Person.objects.filter(area=areas.buurt).count()  # everyone the workers know
    assert total >= 4
    assert data["drawn"] == 2 and len(data["graph"]["nodes"]) == 2
    assert data["total"] == total
    assert f"2 van {total} knopen getekend" in data["status"]
    note = f"De {total - 2} minst verbonden knopen zijn niet getekend"
    assert note in data["status"]
    # Whoever has no tie at all is listed, drawn or not.
    isolated = [label for label, _url, _contact in data["isolated"]]
    assert "Piet Bos" in isolated and "Kees Jansen" not in isolated
    page = client.get(reverse("network:area", args=[areas.buurt.code])).content.decode()
    assert note in page
    assert "Piet Bos" in page.split("data-network-isolated")[1].split("</ul>")[0]


def test_the_page_carries_the_graph_once_compactly(users, areas, people, worker):
    for n in range(3):
        JournalEntryFactory(area=areas.buurt, author=worker, occurred_on=days_ago(3 + n),
                            people=[people["kees"], people["fatima"]])  # fmt: skip
    snapshots_compute(area=areas.buurt, since=days_ago(20))
    html = (
        client_for(users["worker"])
        .get(reverse("network:area", args=[areas.buurt.code]))
        .content.decode()
    )
    inline = html.split('id="netwerk-graaf"')[1].split("</script>")[0]
    assert '"kinds": ["person", "group", "organisation"]' in inline
    assert '"data":' not in inline and '"position":' not in inline  # not Cytoscape's verbose form
    assert '"isolated"' not in inline  # the lists are on the page as HTML already


def test_many_ties_are_drawn_as_each_nodes_strongest_and_the_page_says_so(
    monkeypatch, users, areas, people, worker
):
    from opbouw.network import selectors

    monkeypatch.setattr(selectors, "PAGE_DRAWN_TIES", 2)
    monkeypatch.setattr(selectors, "TIES_PER_NODE", 1)
    four = [people[name] for name in ("kees", "fatima", "ans", "piet")]
    JournalEntryFactory(area=areas.buurt, author=worker, occurred_on=days_ago(3), people=four)
    for _ in range(3):  # Kees and Fatima meet often: their tie is the strongest of both
        JournalEntryFactory(area=areas.buurt, author=worker, occurred_on=days_ago(2),
                            people=four[:2])  # fmt: skip
    snapshots_compute(area=areas.buurt, since=days_ago(20))
    data = client_for(users["worker"]).get(reverse("network:graph", args=[areas.buurt.code])).json()
    nodes, edges = data["graph"]["nodes"], data["graph"]["edges"]
    assert data["graph"]["ties_between"] == 6  # four people who all met: six ties
    drawn = {frozenset((nodes[a][0], nodes[b][0])) for a, b, *_rest in edges}
    assert frozenset(f"p{p.pk}" for p in four[:2]) in drawn
    # Everyone with a tie still has one drawn; fewer than all six are.
    assert {key for pair in drawn for key in pair} == {f"p{p.pk}" for p in four}
    assert len(drawn) < 6
    assert (
        f"Van de 6 verbindingen tussen hen zijn per knoop de drie sterkste getekend ({len(drawn)})"
        in data["status"]
    )
