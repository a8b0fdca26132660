"""Reading the network: series of metrics, the picture at a month, reach of initiatives."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from opbouw.analysis.network import initiative_reach
from opbouw.areas.models import Area
from opbouw.areas.permissions import AnyUser
from opbouw.core.models import Theme
from opbouw.initiatives.models import Initiative
from opbouw.people.models import Person

from .history import History, load_history
from .layout import positions
from .measure import Numbering, measure_at, month_end, month_start, months, stored_metrics
from .models import DirectTie, Introduction, IntroductionStatus, NetworkSnapshot, Period
from .permissions import (
    NameShower,
    introductions_managed,
    introductions_of_resident,
    view_area_ids,
)
from .ties import GROUP, PERSON, YEAR_DAYS, Pair, TieInfo, check_window, ties_in_window, year_window

# The page draws at most this many nodes (the strongest-tied first); the lists show everyone.
MAX_DRAWN_NODES = 2_500


@dataclass(frozen=True)
class MonthMetrics:
    """One month of an area's network, for reports (the network as it stood at month end)."""

    month: dt.date
    people_active: int
    ties: int
    new_ties: int
    lasting_ties: int
    density: float
    largest_component_share: float
    community_count: int
    bridging_ties: int
    isolated: int


def _count(value: Any) -> int:
    if isinstance(value, list | tuple | dict):
        return len(value)
    return int(value or 0)


def _month_metrics(month: dt.date, data: dict[str, Any]) -> MonthMetrics:
    return MonthMetrics(
        month=month,
        people_active=_count(data.get("people_active")),
        ties=_count(data.get("ties")),
        new_ties=_count(data.get("new_ties")),
        lasting_ties=_count(data.get("lasting_ties")),
        density=float(data.get("density") or 0.0),
        largest_component_share=float(data.get("largest_component_share") or 0.0),
        community_count=_count(data.get("community_count")),
        bridging_ties=_count(data.get("bridging_ties")),
        isolated=_count(data.get("isolated")),
    )


def metric_series(
    user: AnyUser, area: Area, start: dt.date, end: dt.date, *, compute_missing: bool = True
) -> list[MonthMetrics]:
    """The area's network month by month from start's month to end's month.

    Stored snapshots (manage.py network_snapshots) are read; a month not stored yet is
    computed on the fly, not stored (unless compute_missing is False: then it is left out).
    404 for an area outside the user's areas; a window that
    ends before it starts is a ValidationError.
    """
    if area.pk not in view_area_ids(user):
        raise Http404
    check_window(start, end)
    today = timezone.localdate()
    wanted = [month for month in months(start, end) if month <= today]
    stored = {
        snapshot.starts_on: snapshot.metrics
        for snapshot in NetworkSnapshot.objects.filter(
            area=area, period=Period.MONTH, starts_on__in=wanted
        )
    }
    if not compute_missing:
        return [_month_metrics(month, stored[month]) for month in wanted if month in stored]
    missing = [month for month in wanted if month not in stored]
    if missing:
        history = load_history(
            area,
            start=year_window(month_start(missing[0]) - dt.timedelta(days=1))[0],
            end=min(month_end(missing[-1]), today),
        )
        for month in missing:
            measured = measure_at(history, min(month_end(month), today))
            stored[month] = stored_metrics(measured)
    return [_month_metrics(month, stored[month]) for month in wanted]


def snapshot_list(area: Area, period: str = Period.MONTH) -> QuerySet[NetworkSnapshot]:
    return NetworkSnapshot.objects.filter(area=area, period=period).order_by("starts_on")


def history_months(area: Area) -> list[dt.date]:
    """The months the time slider steps through: those with a stored snapshot, else the last
    two years."""
    stored = list(snapshot_list(area).values_list("starts_on", flat=True))
    if stored:
        return stored
    today = timezone.localdate()
    return list(months(month_start(today - dt.timedelta(days=2 * YEAR_DAYS - 1)), today))


@dataclass(frozen=True)
class Listed:
    key: str
    label: str
    kind: str
    detail: str
    url: str


@dataclass
class NetworkPicture:
    """What the page shows for one month: the graph (for Cytoscape) and its lists."""

    area: Area
    day: dt.date
    elements: dict[str, list[dict[str, Any]]]
    summary: dict[str, Any]
    brokers: list[Listed]
    isolated: list[Listed]
    reach: list[dict[str, Any]]
    drawn: int
    total: int


def network_picture(
    user: AnyUser, area: Area, day: dt.date, *, theme: Theme | None = None
) -> NetworkPicture:
    """The network of the area as it stood on `day`, with names as the user may see them."""
    if area.pk not in view_area_ids(user):
        raise Http404
    today = timezone.localdate()
    day = min(day, today)
    start, _end = year_window(day)
    earlier = year_window(month_start(day) - dt.timedelta(days=1))[0]
    history = load_history(area, start=min(start, earlier), end=day, with_themes=theme is not None)
    measured = measure_at(history, day, theme=theme.pk if theme else None)
    names = NameShower(user)
    show_names = names.sees_names(area)

    def label(key: str) -> str:
        node = history.nodes[key]
        if node.kind == PERSON:
            return names(history.people[node.pk])
        if node.kind == GROUP:
            return history.groups[node.pk].name
        return history.organisations[node.pk].name

    def url(key: str) -> str:
        node = history.nodes[key]
        if node.kind == PERSON and show_names:
            return reverse("network:person", kwargs={"pk": node.pk})
        if node.kind == GROUP and area.pk in names.directory:
            return history.groups[node.pk].get_absolute_url()
        return ""

    community_of = measured.community_of
    broker_keys = [key for key, _score in measured.brokers]
    isolated_keys = measured.isolated
    degree: dict[str, int] = {}
    strength: dict[str, float] = {}
    for (a, b), info in measured.ties.items():
        for key in (a, b):
            degree[key] = degree.get(key, 0) + 1
            strength[key] = strength.get(key, 0.0) + info.weight
    all_nodes = measured.nodes
    drawn_nodes = sorted(all_nodes, key=lambda key: (-strength.get(key, 0.0), key))[
        :MAX_DRAWN_NODES
    ]
    drawn = set(drawn_nodes)
    edges = [(a, b, info) for (a, b), info in measured.ties.items() if a in drawn and b in drawn]
    placed = positions(drawn_nodes, [(a, b, info.weight) for a, b, info in edges])
    brokers = set(broker_keys)
    isolated = set(isolated_keys)
    elements: dict[str, list[dict[str, Any]]] = {
        "nodes": [
            {
                "data": {
                    "id": key,
                    "label": label(key),
                    "kind": history.nodes[key].kind,
                    "community": community_of.get(key, -1),
                    "degree": degree.get(key, 0),
                    "broker": key in brokers,
                    "isolated": key in isolated,
                },
                "position": placed[key],
            }
            for key in drawn_nodes
        ],
        "edges": [
            {
                "data": {
                    "id": f"{a}-{b}",
                    "source": a,
                    "target": b,
                    "weight": round(info.weight, 3),
                    "sources": sorted(info.sources),
                }
            }
            for a, b, info in edges
        ],
    }

    def listed(key: str, detail: str) -> Listed:
        return Listed(key, label(key), history.nodes[key].kind, detail, url(key))

    reach = _reach(history, measured.ties)
    return NetworkPicture(
        area=area,
        day=day,
        elements=elements,
        summary=stored_metrics(measured),
        brokers=[listed(key, str(degree.get(key, 0))) for key in broker_keys],
        isolated=[listed(key, "") for key in isolated_keys],
        reach=reach,
        drawn=len(drawn_nodes),
        total=len(all_nodes),
    )


def _reach(history: History, ties: dict[Pair, TieInfo]) -> list[dict[str, Any]]:
    """Per initiative with a core group: how many people its core reaches beyond itself."""
    rows: list[dict[str, Any]] = []
    numbering = Numbering(
        {key for pair in ties for key in pair}
        | {key for core in history.initiative_core.values() for key in core}
    )
    tie_list = numbering.ties(ties)
    for initiative_id, core in history.initiative_core.items():
        if not core:
            continue
        reach = initiative_reach([numbering.number[key] for key in core], tie_list)
        rows.append({"initiative": history.initiatives[initiative_id], "reach": reach})
    rows.sort(key=lambda row: row["initiative"].title)
    return rows


def direct_tie_list(person: Person) -> QuerySet[DirectTie]:
    return (
        DirectTie.objects.filter(Q(person_a=person) | Q(person_b=person))
        .select_related("person_a", "person_b")
        .order_by("-since", "-id")
    )


def introduction_list(user: AnyUser) -> QuerySet[Introduction]:
    return (
        introductions_managed(user)
        .select_related("person_a", "person_b", "proposer")
        .order_by("-proposed_on", "-id")
    )


def closed_pairs(person_ids: list[int] | None = None) -> frozenset[tuple[int, int]]:
    """Pairs never to suggest (again): declined, or already introduced or in progress."""
    rows = Introduction.objects.all()
    if person_ids is not None:
        rows = rows.filter(Q(person_a_id__in=person_ids) | Q(person_b_id__in=person_ids))
    pairs = set()
    for a, b, _status in rows.values_list("person_a_id", "person_b_id", "status"):
        pairs.add((min(a, b), max(a, b)))
    return frozenset(pairs)


def declined_pairs() -> frozenset[tuple[int, int]]:
    rows = Introduction.objects.filter(status=IntroductionStatus.DECLINED)
    return frozenset(
        (min(a, b), max(a, b)) for a, b in rows.values_list("person_a_id", "person_b_id")
    )


def introductions_for_resident(user: AnyUser) -> QuerySet[Introduction]:
    return (
        introductions_of_resident(user)
        .select_related("person_a", "person_b")
        .order_by("-proposed_on", "-id")
    )


def initiative_reach_for(user: AnyUser, initiative: Initiative) -> dict[str, Any] | None:
    """Reach of one initiative beyond its core group, in the network of its area today."""
    if initiative.area_id not in view_area_ids(user):
        raise Http404
    day = timezone.localdate()
    start, end = year_window(day)
    history = load_history(initiative.area, start=start, end=end)
    ties = ties_in_window(history.events, history.spans, start=start, end=end)
    for row in _reach(history, ties):
        if row["initiative"].pk == initiative.pk:
            return row
    return None
