"""Reading the network: series of metrics, the picture at a month, reach of initiatives."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from opbouw.accounts.models import Organisation
from opbouw.analysis.network import initiative_reach
from opbouw.areas.models import Area
from opbouw.areas.permissions import AnyUser
from opbouw.core.models import Theme
from opbouw.initiatives.models import Initiative
from opbouw.people.models import Group, Person
from opbouw.people.permissions import sharing_consent_exists

from .history import History, load_history
from .measure import (
    Numbering,
    drawing,
    measure_at,
    month_end,
    month_start,
    months,
    stored_metrics,
)
from .models import DirectTie, Introduction, IntroductionStatus, NetworkSnapshot, Period
from .permissions import (
    NameShower,
    introductions_managed,
    introductions_of_resident,
    view_area_ids,
)
from .ties import (
    GROUP,
    ORGANISATION,
    PERSON,
    YEAR_DAYS,
    Pair,
    TieInfo,
    check_window,
    ties_in_window,
    year_window,
)


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
    # Not the pictures: they are large and a series needs only the numbers.
    stored: dict[dt.date, dict[str, Any]] = dict(
        NetworkSnapshot.objects.filter(
            area=area, period=Period.MONTH, starts_on__in=wanted
        ).values_list("starts_on", "metrics")
    )
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


def network_between(
    user: AnyUser, area: Area, start: dt.date, end: dt.date, *, theme: int | None = None
) -> dict[Pair, TieInfo]:
    """The ties of the area's network over a window (weighted as of its end). 404 for an area
    outside the user's areas; a window that ends before it starts is a ValidationError."""
    if area.pk not in view_area_ids(user):
        raise Http404
    check_window(start, end)
    history = load_history(area, start=start, end=end, with_themes=theme is not None)
    return ties_in_window(history.events, history.spans, start=start, end=end, theme=theme)


def network_at(user: AnyUser, area: Area, day: dt.date) -> dict[Pair, TieInfo]:
    """The network as it stood on `day`: the year up to and including it."""
    start, end = year_window(day)
    return network_between(user, area, start, end)


def snapshot_list(area: Area, period: str = Period.MONTH) -> QuerySet[NetworkSnapshot]:
    return (
        NetworkSnapshot.objects.filter(area=area, period=period)
        .defer("picture")
        .order_by("starts_on")
    )


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
    """The network of the area as it stood on `day`, with names as the user may see them.

    A month with a stored snapshot (manage.py network_snapshots, nightly) is read from it: one
    row, plus the names. Otherwise (or filtered by theme) it is derived now."""
    if area.pk not in view_area_ids(user):
        raise Http404
    day = min(day, timezone.localdate())
    snapshot = None
    if theme is None:
        snapshot = NetworkSnapshot.objects.filter(
            area=area, period=Period.MONTH, starts_on=month_start(day)
        ).first()
    if snapshot is not None and snapshot.picture:
        data, summary = snapshot.picture, snapshot.metrics
    else:
        start, _end = year_window(day)
        earlier = year_window(month_start(day) - dt.timedelta(days=1))[0]
        history = load_history(
            area, start=min(start, earlier), end=day, with_themes=theme is not None
        )
        measured = measure_at(history, day, theme=theme.pk if theme else None)
        data = drawing(measured, reach_rows(history, measured.ties))
        summary = stored_metrics(measured)
    return _picture(user, area, day, data, summary)


class _Labels:
    """Names and links for node keys, as the viewer may see them (one query per kind)."""

    def __init__(self, user: AnyUser, area: Area, keys: set[str]) -> None:
        self.names = NameShower(user)
        self.show_names = self.names.sees_names(area)
        self.group_links = area.pk in self.names.directory
        ids: dict[str, list[int]] = {"p": [], "g": [], "o": []}
        for key in keys:
            ids[key[0]].append(int(key[1:]))
        self.people = {
            person.pk: person
            for person in Person.objects.filter(pk__in=ids["p"])
            .only("id", "name", "area_id", "user_id")
            .annotate(shares_name=sharing_consent_exists())
        }
        self.groups = dict(Group.objects.filter(pk__in=ids["g"]).values_list("pk", "name"))
        self.organisations = dict(
            Organisation.objects.filter(pk__in=ids["o"]).values_list("pk", "name")
        )

    def kind(self, key: str) -> str:
        return {"p": PERSON, "g": GROUP, "o": ORGANISATION}[key[0]]

    def label(self, key: str) -> str:
        pk = int(key[1:])
        if key[0] == "p":
            person = self.people.get(pk)
            return self.names(person) if person else ""
        if key[0] == "g":
            return str(self.groups.get(pk, ""))
        return str(self.organisations.get(pk, ""))

    def url(self, key: str) -> str:
        pk = int(key[1:])
        if key[0] == "p" and self.show_names:
            return reverse("network:person", kwargs={"pk": pk})
        if key[0] == "g" and self.group_links:
            return reverse("people:group_detail", kwargs={"pk": pk})
        return ""


def _picture(
    user: AnyUser, area: Area, day: dt.date, data: dict[str, Any], summary: dict[str, Any]
) -> NetworkPicture:
    nodes = data["nodes"]
    labels = _Labels(
        user, area, {row[0] for row in nodes} | set(data["brokers"]) | set(data["isolated"])
    )
    degree = {row[0]: row[4] for row in nodes}
    elements: dict[str, list[dict[str, Any]]] = {
        "nodes": [
            {
                "data": {
                    "id": key,
                    "label": labels.label(key),
                    "kind": labels.kind(key),
                    "community": community,
                    "degree": node_degree,
                    "broker": bool(flags & 1),
                    "isolated": bool(flags & 2),
                },
                "position": {"x": x, "y": y},
            }
            for key, x, y, community, node_degree, flags in nodes
        ],
        "edges": [
            {
                "data": {
                    "id": f"{nodes[a][0]}-{nodes[b][0]}",
                    "source": nodes[a][0],
                    "target": nodes[b][0],
                    "weight": weight,
                    "sources": sources,
                }
            }
            for a, b, weight, sources in data["edges"]
        ],
    }

    def listed(key: str, detail: str) -> Listed:
        return Listed(key, labels.label(key), labels.kind(key), detail, labels.url(key))

    initiatives = Initiative.objects.filter(pk__in=[row[0] for row in data["reach"]]).only(
        "id", "title"
    )
    titles = {initiative.pk: initiative for initiative in initiatives}
    reach: list[dict[str, Any]] = [
        {
            "initiative": titles[row[0]],
            "reach": {"core_size": row[1], "reached": row[2], "reach_ratio": row[3]},
        }
        for row in data["reach"]
        if row[0] in titles
    ]
    reach.sort(key=lambda row: str(row["initiative"].title))
    return NetworkPicture(
        area=area,
        day=day,
        elements=elements,
        summary=summary,
        brokers=[listed(key, str(degree.get(key, ""))) for key in data["brokers"]],
        isolated=[listed(key, "") for key in data["isolated"]],
        reach=reach,
        drawn=len(nodes),
        total=data["total"],
    )


def reach_rows(history: History, ties: dict[Pair, TieInfo]) -> list[list[float]]:
    """[initiative id, core size, reached, reached per core member] per initiative."""
    return [
        [row["initiative"].pk, row["reach"].core_size, row["reach"].reached,
         round(row["reach"].reach_ratio, 3)]
        for row in _reach(history, ties)
    ]  # fmt: skip


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
