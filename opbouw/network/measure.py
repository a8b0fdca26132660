"""From a loaded History to metrics: the network at a date, and the months and years of it.

The analysis itself (igraph, Leiden, sampled betweenness) is framework-free, in
opbouw.analysis.network; this module only feeds it. The analysis numbers nodes with integers;
here nodes are keys ("p12" a person, "g3" a group, "o5" an organisation), translated both ways.

A month's metrics describe the network as it stands at the end of the month (the year up to
that day, see ties.py); new ties are those not in the network at the end of the month before,
lasting ties those that were. A year's metrics describe the whole calendar year, compared
with the year before.

Nodes are people, groups and organisations. What counts which:
- people only: "people" (people in the picture), "people_active" (people with a tie, to a
  person, group or organisation) and "isolated" (people the workers know without any tie);
- the whole graph, all kinds: nodes, ties, density, components and the largest component's
  share, clustering, new and lasting ties, communities and bridging ties, brokers (a group
  or organisation can be a broker; "people_brokers" are the brokers among people only, on
  the same betweenness);
- "nodes_by_kind": how many of each kind there are.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from opbouw.analysis.network import NetworkMetrics, Tie, compute_metrics

from .history import History
from .ties import (
    KIND_PREFIX,
    PERSON,
    Pair,
    TieInfo,
    check_window,
    ties_in_window,
    year_window,
)

PERSON_PREFIX = KIND_PREFIX[PERSON]
KIND_OF_PREFIX = {prefix: kind for kind, prefix in KIND_PREFIX.items()}

# Betweenness from this many sampled sources above EXACT_BETWEENNESS_UP_TO nodes (the
# analysis's own threshold); exact below it.
BETWEENNESS_SAMPLES = 500


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def months(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    """The first day of every month from start's month to end's month."""
    check_window(start, end)
    day = month_start(start)
    while day <= end:
        yield day
        day = month_end(day) + dt.timedelta(days=1)


@dataclass(frozen=True)
class Measured:
    """The ties and their metrics, with the node lists translated back to keys."""

    ties: dict[Pair, TieInfo]
    metrics: NetworkMetrics
    nodes: list[str]
    community_of: dict[str, int]
    brokers: list[tuple[str, float]]
    isolated: list[str]
    # The brokers among people only (brokers above may be groups or organisations).
    people_brokers: list[tuple[str, float]] = field(default_factory=list)


class Numbering:
    """Keys to the analysis's integer node ids and back (stable: sorted keys)."""

    def __init__(self, keys: set[str]) -> None:
        self.keys = sorted(keys)
        self.number = {key: index for index, key in enumerate(self.keys)}

    def ties(self, ties: dict[Pair, TieInfo]) -> list[Tie]:
        return [Tie(self.number[a], self.number[b], info.weight) for (a, b), info in ties.items()]


def measure(
    history: History,
    *,
    start: dt.date,
    end: dt.date,
    previous: tuple[dt.date, dt.date] | None = None,
    theme: int | None = None,
    top_brokers: int = 10,
    previous_ties: dict[Pair, TieInfo] | None = None,
) -> Measured:
    """`previous_ties`: the ties of the `previous` window when the caller has them already."""
    ties = ties_in_window(history.events, history.spans, start=start, end=end, theme=theme)
    before: dict[Pair, TieInfo] = previous_ties or {}
    if previous is not None and previous_ties is None:
        before = ties_in_window(
            history.events, history.spans, start=previous[0], end=previous[1], theme=theme
        )
    return measure_ties(
        ties,
        history.known(end),
        previous_ties=before if previous is not None else None,
        top_brokers=top_brokers,
    )


def measure_ties(
    ties: dict[Pair, TieInfo],
    known: list[str],
    *,
    previous_ties: dict[Pair, TieInfo] | None = None,
    top_brokers: int = 10,
) -> Measured:
    """The metrics of these ties, with `known` people (isolated when without a tie);
    `previous_ties`: the network before, for new and lasting ties (only which pairs it has
    matters, and only those also in `ties` change a figure)."""
    before = previous_ties or {}
    keys = {*known, *(key for pair in ties for key in pair)}
    numbering = Numbering(keys | {key for pair in before for key in pair})
    metrics = compute_metrics(
        [numbering.number[key] for key in keys],
        numbering.ties(ties),
        known=[numbering.number[key] for key in known],
        # "people active" counts people only; groups and organisations are nodes of the
        # graph for everything else (see opbouw.analysis.network.NetworkMetrics).
        people=[numbering.number[key] for key in keys if key[0] == PERSON_PREFIX],
        previous_ties=numbering.ties(before) if previous_ties is not None else None,
        seed=0,
        top_brokers=top_brokers,
    )
    key_of = numbering.keys
    return Measured(
        ties=ties,
        metrics=metrics,
        nodes=sorted(keys),
        community_of={key_of[node]: community for node, community in metrics.community_of.items()},
        brokers=[(key_of[node], score) for node, score in metrics.brokers],
        people_brokers=[(key_of[node], score) for node, score in metrics.people_brokers],
        isolated=[key_of[node] for node in metrics.isolated],
    )


def measure_at(
    history: History,
    day: dt.date,
    *,
    theme: int | None = None,
    previous_ties: dict[Pair, TieInfo] | None = None,
) -> Measured:
    """The network as it stands on `day`, compared with the end of the month before
    (`previous_ties`: that network's ties, when the caller computed them already)."""
    start, end = year_window(day)
    earlier = month_start(day) - dt.timedelta(days=1)
    return measure(
        history,
        start=start,
        end=end,
        previous=year_window(earlier),
        theme=theme,
        previous_ties=previous_ties,
    )


def nodes_by_kind(keys: list[str]) -> dict[str, int]:
    """How many nodes of each kind: {"person": 40, "group": 3, "organisation": 2}."""
    counts = dict.fromkeys(KIND_PREFIX, 0)
    for key in keys:
        counts[KIND_OF_PREFIX[key[0]]] += 1
    return counts


def stored_metrics(measured: Measured) -> dict[str, Any]:
    """What a snapshot keeps: the numbers, the brokers by key ("p12" a person, "g3" a group,
    "o5" an organisation); counts instead of long lists; the nodes counted by kind."""
    data = measured.metrics.to_dict()
    data.pop("community_of", None)
    data["nodes_by_kind"] = nodes_by_kind(measured.nodes)
    data["bridging_ties"] = len(measured.metrics.bridging_ties)
    data["isolated"] = len(measured.isolated)
    data["brokers"] = [[key, round(score, 6)] for key, score in measured.brokers]
    data["people_brokers"] = [[key, round(score, 6)] for key, score in measured.people_brokers]
    return data


def last_contacts(history: History, day: dt.date) -> dict[str, dt.date]:
    """Per person: the last day in the year up to `day` that a worker was in touch with them,
    the latest journal entry naming them (alone or with others) or the day they were
    recorded, whichever is later. A person with neither in that year has no entry."""
    start, end = year_window(day)
    last: dict[str, dt.date] = {}
    for node in history.nodes.values():
        since = node.known_since
        if node.kind == PERSON and since is not None and start <= since <= end:
            last[node.key] = since
    for event in history.events:
        if start <= event.day <= end:
            for key in event.nodes:
                if key[0] == PERSON_PREFIX and (key not in last or last[key] < event.day):
                    last[key] = event.day
    return last


def isolated_in_order(
    isolated: list[str], contacts: dict[str, dt.date] | None
) -> list[tuple[str, dt.date | None]]:
    """The people without a tie in the order the page lists them, with their last contact.

    Most recent contact first: someone a worker spoke with last week (alone: a conversation
    with just them leaves no tie) and who knows nobody else is the one to act on now, while
    the contact is warm: suggest an introduction (their Verbinden page). The list is long in
    a busy buurt (thousands under a theme) and the page shows its head; the full list can be
    read the other way round too (longest without contact first: who may be slipping out of
    view). Without contacts (a month stored before they were), or for the same day: the
    person recorded most recently first (a higher id)."""
    known = contacts or {}

    def order(key: str) -> tuple[int, int]:
        contact = known.get(key)
        return (-(contact.toordinal() if contact else 0), -int(key[1:]))

    return [(key, known.get(key)) for key in sorted(isolated, key=order)]


# The picture draws at most this many nodes (the most strongly tied first): more is a hairball
# nobody reads, and costs the browser seconds. The lists beside it name everyone they concern.
MAX_DRAWN_NODES = 1000


def drawing(
    measured: Measured,
    reach: list[list[float]] | None = None,
    *,
    previous: dict[str, Any] | None = None,
    contacts: dict[str, dt.date] | None = None,
) -> dict[str, Any]:
    """The picture of a network without names (those depend on the viewer): per node
    [key, x, y, community, degree, flags (1 broker, 2 isolated), kind ("person", "group" or
    "organisation")], the ties between drawn nodes. Compact, so a month's picture can be stored
    with its snapshot and read back in one row. (Pictures stored before nodes had a kind have
    six columns; the key's first letter says the kind there too.) The people without a tie
    in the order of isolated_in_order (`contacts`: see last_contacts), with their last
    contact beside them ("isolated_contact", ISO dates or None)."""
    from .layout import positions

    degree: dict[str, int] = {}
    strength: dict[str, float] = {}
    for (a, b), info in measured.ties.items():
        for key in (a, b):
            degree[key] = degree.get(key, 0) + 1
            strength[key] = strength.get(key, 0.0) + info.weight
    drawn = sorted(measured.nodes, key=lambda key: (-strength.get(key, 0.0), key))[:MAX_DRAWN_NODES]
    index = {key: i for i, key in enumerate(drawn)}
    edges = [(a, b, info) for (a, b), info in measured.ties.items() if a in index and b in index]
    # `previous`: the month before's picture, so who was there stays about where they were.
    placed = positions(
        drawn,
        [(a, b, info.weight) for a, b, info in edges],
        previous={row[0]: (row[1], row[2]) for row in (previous or {}).get("nodes", [])},
    )
    brokers = {key for key, _score in measured.brokers}
    isolated = set(measured.isolated)
    ordered = isolated_in_order(measured.isolated, contacts)
    return {
        "total": len(measured.nodes),
        "nodes": [
            [
                key,
                placed[key]["x"],
                placed[key]["y"],
                measured.community_of.get(key, -1),
                degree.get(key, 0),
                (1 if key in brokers else 0) | (2 if key in isolated else 0),
                KIND_OF_PREFIX[key[0]],
            ]
            for key in drawn
        ],
        "edges": [
            [index[a], index[b], round(info.weight, 3), sorted(info.sources)]
            for a, b, info in edges
        ],
        "brokers": [key for key, _score in measured.brokers],
        "people_brokers": [key for key, _score in measured.people_brokers],
        "isolated": [key for key, _contact in ordered],
        "isolated_contact": [contact.isoformat() if contact else None for _key, contact in ordered],
        "reach": reach or [],
    }


def theme_table(ties: dict[Pair, TieInfo], before: dict[Pair, TieInfo]) -> dict[str, Any]:
    """One theme's ties of a month as stored (models.NetworkThemeTies): enough to measure and
    draw the month filtered by that theme exactly as from the journal (weights in full, the
    order kept, and which ties were there the month before)."""
    nodes: dict[str, int] = {}
    sets: dict[tuple[str, ...], int] = {}
    rows = []
    for (a, b), info in ties.items():
        rows.append(
            [
                nodes.setdefault(a, len(nodes)),
                nodes.setdefault(b, len(nodes)),
                info.weight,
                sets.setdefault(tuple(sorted(info.sources)), len(sets)),
                1 if (a, b) in before else 0,
            ]
        )
    return {"nodes": list(nodes), "source_sets": [list(names) for names in sets], "ties": rows}


def theme_ties(table: dict[str, Any]) -> tuple[dict[Pair, TieInfo], dict[Pair, TieInfo]]:
    """The inverse of theme_table: the ties, and those that were there the month before."""
    nodes, sets = table.get("nodes", []), table.get("source_sets", [])
    ties: dict[Pair, TieInfo] = {}
    lasting: dict[Pair, TieInfo] = {}
    for a, b, weight, sources, last in table.get("ties", []):
        pair = (nodes[a], nodes[b])
        ties[pair] = TieInfo(weight=float(weight), sources=set(sets[sources]))
        if last:  # its weight the month before does not count: only that it was there
            lasting[pair] = ties[pair]
    return ties, lasting
