"""Reading the network: series of metrics, the picture at a month, reach of initiatives."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from opbouw.accounts.models import Organisation
from opbouw.analysis.network import initiative_reach
from opbouw.areas.models import Area
from opbouw.areas.permissions import AnyUser
from opbouw.core.models import Theme
from opbouw.initiatives.models import Initiative, Member
from opbouw.people.models import Group, Person
from opbouw.people.permissions import group_label, sharing_annotations
from opbouw.people.pseudonyms import view_scope

from .history import History, load_among, load_history, load_reach_basis
from .measure import (
    Numbering,
    drawing,
    isolated_in_order,
    last_contacts,
    measure_at,
    measure_ties,
    month_end,
    month_start,
    months,
    stored_metrics,
    theme_ties,
)
from .models import (
    DirectTie,
    Introduction,
    IntroductionStatus,
    NetworkSnapshot,
    NetworkThemeTies,
    Period,
)
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
    node_key,
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


def initiative_metric_series(
    user: AnyUser, initiative: Initiative, area: Area, start: dt.date, end: dt.date
) -> list[MonthMetrics]:
    """The network among an initiative's participants month by month (for a report on the
    initiative): at each month's end, the people who were members in that month, and the ties
    between two of them in `area`'s network from the journal (taking part in the same entry)
    and recorded ties (history.load_among). Being in an initiative together is not counted
    (every two members would be tied, whatever else grew between them). Computed, not stored.
    404 for an area outside the user's areas.
    """
    if area.pk not in view_area_ids(user):
        raise Http404
    check_window(start, end)
    today = timezone.localdate()
    wanted = [month for month in months(start, end) if month <= today]
    members = list(
        Member.objects.filter(initiative=initiative).values_list("person_id", "since", "left_on")
    )
    if not wanted or not members:
        return [_month_metrics(month, {}) for month in wanted]
    everyone, events, spans = load_among(
        area,
        {person_id for person_id, _since, _left in members},
        start=year_window(month_start(wanted[0]) - dt.timedelta(days=1))[0],
        end=min(month_end(wanted[-1]), today),
    )

    def among(day: dt.date, keys: set[str]) -> dict[Pair, TieInfo]:
        window_start, window_end = year_window(day)
        ties = ties_in_window(events, spans, start=window_start, end=window_end)
        return {(a, b): info for (a, b), info in ties.items() if a in keys and b in keys}

    series = []
    for month in wanted:
        day = min(month_end(month), today)
        keys = {
            node_key(PERSON, person_id)
            for person_id, since, left_on in members
            if since <= day and (left_on is None or left_on >= month)
        } & everyone
        measured = measure_ties(
            among(day, keys), sorted(keys), previous_ties=among(month - dt.timedelta(days=1), keys)
        )
        series.append(_month_metrics(month, stored_metrics(measured)))
    return series


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
    return list(months(history_start(today), today))


def history_start(today: dt.date) -> dt.date:
    """The first month of the two years the page (and the nightly job) looks back on."""
    return month_start(today - dt.timedelta(days=2 * YEAR_DAYS - 1))


@dataclass(frozen=True)
class Listed:
    key: str
    label: str
    kind: str
    detail: str
    url: str
    # People without a tie: their last contact (measure.last_contacts), for viewers who see
    # names only (None for the pseudonymised, and when there was none in the year).
    day: dt.date | None = None


# "Zonder verbinding" is long in a busy buurt (3,515 people under "ontmoeting" in the large
# demo's busiest buurt, half a megabyte of page): the page lists the first ISOLATED_SHOWN,
# says how many more there are, and links to the whole list (network:isolated), this many a
# page. The order: measure.isolated_in_order (most recent contact first).
ISOLATED_SHOWN = 25
ISOLATED_PER_PAGE = 50


@dataclass
class NetworkPicture:
    """What the page shows for one month: the graph (compact, see _graph) and its lists.

    `month` is the month whose network is shown (None: nothing to show yet); `pending` a month
    that was asked for but is not stored yet (it is computed in the background, and meanwhile
    the nearest stored month is shown, if any)."""

    area: Area
    day: dt.date
    graph: dict[str, Any]
    summary: dict[str, Any]
    brokers: list[Listed]  # people who bridge (the headline list, "Verbinders")
    isolated: list[Listed]
    reach: list[dict[str, Any]]
    drawn: int
    total: int
    month: dt.date | None = None
    pending: dt.date | None = None
    # Groups and organisations that bridge (a smaller list beside the people).
    other_brokers: list[Listed] = field(default_factory=list)
    # Everyone without a tie, in the page's order, with their last contact (keys only:
    # `isolated` above is the first ISOLATED_SHOWN of them with names; isolated_page any page).
    isolated_order: list[tuple[str, dt.date | None]] = field(default_factory=list)

    @property
    def isolated_total(self) -> int:
        return len(self.isolated_order)


def _stored_picture(area: Area, month: dt.date) -> NetworkSnapshot | None:
    """The stored month, else the nearest stored month before it, else the first after it."""
    months = NetworkSnapshot.objects.filter(
        area=area, period=Period.MONTH, picture__has_key="nodes"
    )
    exact = months.filter(starts_on=month).first()
    if exact is not None:
        return exact
    return (
        months.filter(starts_on__lt=month).order_by("-starts_on").first()
        or months.filter(starts_on__gt=month).order_by("starts_on").first()
    )


def network_picture(
    user: AnyUser, area: Area, day: dt.date, *, theme: Theme | None = None
) -> NetworkPicture:
    """The network of the area as it stood on `day`, with names as the user may see them.

    A month is read from its stored snapshot (manage.py network_snapshots, nightly; or the
    background task the page asks for): one row, plus the names. A month not stored yet is
    never derived here (that takes seconds for a busy buurt): the picture says it is `pending`
    and shows the nearest stored month meanwhile. Filtered by theme, it is measured and drawn
    from the month's stored ties of that theme (models.NetworkThemeTies: one row, not the
    month's journal); a month stored without them is derived now, as before."""
    if area.pk not in view_area_ids(user):
        raise Http404
    day = min(day, timezone.localdate())
    wanted = month_start(day)
    if theme is not None:
        stored = _stored_theme(area, wanted, theme)
        if stored is not None:
            return _theme_picture(user, area, stored, month=wanted)
        return _derived_theme_picture(user, area, day, theme)
    snapshot = _stored_picture(area, wanted)
    pending = None
    if (snapshot is None or snapshot.starts_on != wanted) and wanted >= history_start(
        timezone.localdate()
    ):
        pending = wanted  # older months are not computed on request: the nearest is shown
    if snapshot is None:
        return NetworkPicture(
            area=area, day=day, graph=_graph([], [], []), summary={}, brokers=[], isolated=[],
            reach=[], drawn=0, total=0, month=None, pending=pending,
        )  # fmt: skip
    return _picture(
        user,
        area,
        snapshot.ends_on,
        snapshot.picture,
        snapshot.metrics,
        month=snapshot.starts_on,
        pending=pending,
    )


@dataclass(frozen=True)
class _StoredTheme:
    pk: int  # of the NetworkThemeTies row
    ends_on: dt.date
    computed_at: dt.datetime
    snapshot_id: int | None = None


def _stored_theme(area: Area, month: dt.date, theme: Theme) -> _StoredTheme | None:
    """Which stored row has the month's ties of the theme, if any (one query; the ties
    themselves are read only when the picture is not in the cache)."""
    row = (
        NetworkThemeTies.objects.filter(
            snapshot__area=area,
            snapshot__period=Period.MONTH,
            snapshot__starts_on=month,
            theme=theme,
        )
        .values_list("pk", "snapshot__ends_on", "snapshot__computed_at", "snapshot_id")
        .first()
    )
    return _StoredTheme(*row) if row is not None else None


# A theme's month, measured and drawn, is kept in the cache (without names: those depend on
# the viewer and are added per request) until its month is computed again (a new row, a new
# key) or for this long.
THEME_CACHE_SECONDS = 24 * 60 * 60


def _theme_picture(
    user: AnyUser, area: Area, stored: _StoredTheme, *, month: dt.date
) -> NetworkPicture:
    """A stored month filtered by a theme: the same figures and picture as derived from the
    journal (see tests/network/test_network_themes.py), from the stored ties of the theme."""
    # ("theme2": drawings cached before the people without a tie were ordered are not used.)
    key = f"opbouw:network:theme2:{stored.pk}:{stored.computed_at.isoformat()}"
    cached = cache.get(key)
    if cached is None:
        table = NetworkThemeTies.objects.values_list("ties", flat=True).get(pk=stored.pk)
        ties, lasting = theme_ties(table)
        basis = load_reach_basis(area, day=stored.ends_on)
        measured = measure_ties(ties, basis.known(stored.ends_on), previous_ties=lasting)
        reach = reach_rows(basis, measured.ties)
        contacts = _stored_contacts(stored.snapshot_id)
        cached = (drawing(measured, reach, contacts=contacts), stored_metrics(measured))
        cache.set(key, cached, THEME_CACHE_SECONDS)
    data, summary = cached
    return _picture(user, area, stored.ends_on, data, summary, month=month)


def _stored_contacts(snapshot_id: int | None) -> dict[str, dt.date] | None:
    """Everyone's last contact as stored with the month (snapshots._month_picture); None for
    a month stored before contacts were."""
    if snapshot_id is None:
        return None
    stored = (
        NetworkSnapshot.objects.filter(pk=snapshot_id)
        .values_list("picture__contacts", flat=True)
        .first()
    )
    if not isinstance(stored, dict):
        return None
    return {key: dt.date.fromisoformat(value) for key, value in stored.items()}


def _derived_theme_picture(user: AnyUser, area: Area, day: dt.date, theme: Theme) -> NetworkPicture:
    """The month of `day` filtered by a theme, derived from the journal now (seconds for a
    busy buurt): for a month whose ties per theme are not stored."""
    wanted = month_start(day)
    start, _end = year_window(day)
    earlier = year_window(wanted - dt.timedelta(days=1))[0]
    history = load_history(area, start=min(start, earlier), end=day, with_themes=True)
    measured = measure_at(history, day, theme=theme.pk)
    data = drawing(
        measured, reach_rows(history, measured.ties), contacts=last_contacts(history, day)
    )
    return _picture(user, area, day, data, stored_metrics(measured), month=wanted)


class _Labels:
    """Names and links for node keys, as the viewer may see them (one query per kind)."""

    def __init__(self, user: AnyUser, area: Area, keys: set[str], month: dt.date) -> None:
        self.names = NameShower(user, view_scope(user, f"network:{area.pk}:{month:%Y-%m}"))
        self.show_names = self.names.sees_names(area)
        self.group_links = area.pk in self.names.directory
        self._patterns: dict[str, tuple[str, str]] = {}
        ids: dict[str, list[int]] = {"p": [], "g": [], "o": []}
        for key in keys:
            ids[key[0]].append(int(key[1:]))
        self.people = {
            person.pk: person
            for person in Person.objects.filter(pk__in=ids["p"])
            .only("id", "name", "area_id", "user_id")
            .annotate(**sharing_annotations())
        }
        self.groups = {
            group.pk: group_label(user, group)
            for group in Group.objects.filter(pk__in=ids["g"]).only(
                "id", "name", "area_id", "special_category"
            )
        }
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
            return self._url("network:person", pk)
        if key[0] == "g" and self.group_links:
            return self._url("people:group_detail", pk)
        return ""

    def _url(self, name: str, pk: int) -> str:
        """reverse(name, kwargs={"pk": pk}) from one reverse per name: a theme's month can list
        thousands of people without a tie, and reverse() costs ~0.1 ms each."""
        if name not in self._patterns:
            before, _sentinel, after = reverse(name, kwargs={"pk": _SENTINEL}).partition(
                str(_SENTINEL)
            )
            self._patterns[name] = (before, after)
        before, after = self._patterns[name]
        return f"{before}{pk}{after}"


_SENTINEL = 987654321


KINDS = [PERSON, GROUP, ORGANISATION]


# The page draws at most this many nodes of a stored picture (which keeps up to
# measure.MAX_DRAWN_NODES): the most strongly tied, plus the brokers. The browser's work grows
# with the ties between them (1,000 nodes of the busiest buurt have 3,400; 500 have 2,000),
# and a picture of more is a hairball nobody reads. The page says how many are not drawn.
PAGE_DRAWN_NODES = 500


# Of the ties between the drawn nodes, each node's strongest this many are drawn when there
# are more than PAGE_DRAWN_TIES: the browser's work is mostly in the ties (about 0.5 ms each
# against 0.1 ms a node), and this backbone keeps the picture's shape (communities, bridges)
# with half of them. The page says so ("de drie sterkste": change both together).
TIES_PER_NODE = 3
PAGE_DRAWN_TIES = 1000


def _on_page(
    nodes: list[list[Any]], edges: list[list[Any]], brokers: set[str]
) -> tuple[list[list[Any]], list[list[Any]], int]:
    """The stored rows (most strongly tied first) to draw, the ties to draw between them, and
    how many ties there are between them."""
    if len(nodes) > PAGE_DRAWN_NODES:
        kept = [i for i, row in enumerate(nodes) if i < PAGE_DRAWN_NODES or row[0] in brokers]
        index = {old: new for new, old in enumerate(kept)}
        nodes = [nodes[i] for i in kept]
        edges = [[index[a], index[b], *rest] for a, b, *rest in edges if a in index and b in index]
    between = len(edges)
    if between > PAGE_DRAWN_TIES:
        strongest: dict[int, list[int]] = {}
        for number, (a, b, *_rest) in enumerate(edges):
            strongest.setdefault(a, []).append(number)
            strongest.setdefault(b, []).append(number)
        chosen: set[int] = set()
        for numbers in strongest.values():
            numbers.sort(key=lambda number: -edges[number][2])
            chosen.update(numbers[:TIES_PER_NODE])
        edges = [edge for number, edge in enumerate(edges) if number in chosen]
    return nodes, edges, between


# The headline list of brokers is of people (an organisation named in many journal entries
# outranks every resident, and a worker looks for the people who bridge); beside it, at most
# this many groups and organisations that bridge.
OTHER_BROKERS = 5


def _brokers(data: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The people who bridge and the groups and organisations that do, by key, highest
    betweenness first. (A picture stored before people were listed apart has no
    "people_brokers": the people among its brokers then.)"""
    people = data.get("people_brokers")
    if people is None:
        people = [key for key in data["brokers"] if key[0] == "p"]
    others = [key for key in data["brokers"] if key[0] != "p"][:OTHER_BROKERS]
    return list(people), others


def _graph(
    nodes: list[list[Any]],
    edges: list[list[Any]],
    labels: list[str],
    bridging: set[str] | frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """The picture for Cytoscape, compact (a busy buurt's month in ~100 kB instead of ~600):
    rows of arrays, edges by node index, each distinct set of tie sources once.

    nodes: [key, label, kind (index in kinds), community (-1: none), degree, flags (1 broker:
    in one of the lists of brokers, `bridging`; 2 isolated), x, y]; edges: [source index,
    target index, weight, index in source_sets]."""
    sets: dict[tuple[str, ...], int] = {}
    rows = []
    for a, b, weight, sources in edges:
        rows.append([a, b, weight, sets.setdefault(tuple(sources), len(sets))])
    kind_index = {"p": 0, "g": 1, "o": 2}
    return {
        "kinds": KINDS,
        "nodes": [
            [
                key,
                label,
                kind_index[key[0]],
                community,
                degree,
                (flags & ~1) | (1 if key in bridging else 0),
                x,
                y,
            ]
            for (key, x, y, community, degree, flags, *_kind), label in zip(
                nodes, labels, strict=True
            )
        ],
        "edges": rows,
        "source_sets": [list(names) for names in sets],
    }


def _picture(
    user: AnyUser,
    area: Area,
    day: dt.date,
    data: dict[str, Any],
    summary: dict[str, Any],
    *,
    month: dt.date | None = None,
    pending: dt.date | None = None,
) -> NetworkPicture:
    degree = {row[0]: row[4] for row in data["nodes"]}
    people_brokers, other_brokers = _brokers(data)
    bridging = {*people_brokers, *other_brokers}
    nodes, edges, between = _on_page(data["nodes"], data["edges"], bridging)
    isolated_order = _isolated_order(data)
    shown = isolated_order[:ISOLATED_SHOWN]
    labels = _Labels(
        user, area, {row[0] for row in nodes} | bridging | {key for key, _ in shown}, month or day
    )
    graph = _graph(nodes, edges, [labels.label(row[0]) for row in nodes], bridging)
    graph["ties_between"] = between  # the ties between the drawn nodes, drawn or not

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
        graph=graph,
        summary=summary,
        brokers=[listed(key, str(degree.get(key, ""))) for key in people_brokers],
        other_brokers=[listed(key, str(degree.get(key, ""))) for key in other_brokers],
        isolated=[_listed_isolated(labels, key, contact) for key, contact in shown],
        isolated_order=isolated_order,
        reach=reach,
        drawn=len(nodes),
        total=data["total"],
        month=month or month_start(day),
        pending=pending,
    )


def _isolated_order(data: dict[str, Any]) -> list[tuple[str, dt.date | None]]:
    """The stored people without a tie with their last contact, in order (a picture stored
    before they were ordered: measure.isolated_in_order without contacts)."""
    contacts = data.get("isolated_contact")
    if contacts is None or len(contacts) != len(data["isolated"]):
        return isolated_in_order(data["isolated"], None)
    return [
        (key, dt.date.fromisoformat(contact) if contact else None)
        for key, contact in zip(data["isolated"], contacts, strict=True)
    ]


def _listed_isolated(labels: _Labels, key: str, contact: dt.date | None) -> Listed:
    """One person without a tie; the day of their last contact only for who sees names."""
    day = contact if labels.show_names else None
    return Listed(key, labels.label(key), labels.kind(key), "", labels.url(key), day)


def isolated_page(
    user: AnyUser, picture: NetworkPicture, number: int, *, longest_first: bool = False
) -> list[Listed]:
    """Page `number` (from 1) of the picture's people without a tie, ISOLATED_PER_PAGE a
    page, in the page's order or the other way round (`longest_first`: longest without
    contact first). Empty beyond the last page. The picture comes from network_picture
    (which checked the area)."""
    order = picture.isolated_order[::-1] if longest_first else picture.isolated_order
    start = (max(number, 1) - 1) * ISOLATED_PER_PAGE
    chosen = order[start : start + ISOLATED_PER_PAGE]
    labels = _Labels(
        user, picture.area, {key for key, _contact in chosen}, picture.month or picture.day
    )
    return [_listed_isolated(labels, key, contact) for key, contact in chosen]


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
    # Reach counts people: a group or organisation tied to the core is not "reached".
    people = [number for key, number in numbering.number.items() if key[0] == "p"]
    for initiative_id, core in history.initiative_core.items():
        if not core:
            continue
        reach = initiative_reach(
            [numbering.number[key] for key in core], tie_list, reachable=people
        )
        rows.append({"initiative": history.initiatives[initiative_id], "reach": reach})
    rows.sort(key=lambda row: row["initiative"].title)
    return rows


def direct_tie_list(person: Person) -> QuerySet[DirectTie]:
    return (
        DirectTie.objects.filter(Q(person_a=person) | Q(person_b=person))
        .select_related(
            "person_a", "person_b", "group_a", "group_b", "organisation_a", "organisation_b"
        )
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
