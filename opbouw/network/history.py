"""Loading what an area's network is derived from, in a constant number of queries.

Only nodes of the area (and the areas below it) are loaded: someone from another wijk who was
at a meeting here is not part of this picture (and may be outside the viewer's areas).
Organisations have no area of their own that limits them; they are in the picture when they
took part in an entry here, or when a worker recorded a tie between them and a person or group
here (or between two organisations, one of them based here).

Nodes are people, groups and organisations. Ties between them come from
- journal entries: everyone named in the same entry (people, groups and organisations alike);
- group membership: person–group, from the day the person joined (`since`);
- initiative membership: person–person, while both are members;
- recorded ties (DirectTie): any two of person, group, organisation, while they last.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from django.db.models import Q
from django.utils import timezone

from opbouw.accounts.models import Organisation
from opbouw.areas.models import Area
from opbouw.initiatives.models import CORE_ROLES, Initiative, Member
from opbouw.journal.models import JournalEntry
from opbouw.people.models import Group, GroupMembership, Person
from opbouw.people.permissions import sharing_annotations

from .models import DirectTie
from .ties import GROUP, ORGANISATION, PERSON, Event, Span, node_key

EARLIEST = dt.date(1900, 1, 1)
DIRECT_TIE_COLUMNS = (
    "person_a_id",
    "group_a_id",
    "organisation_a_id",
    "person_b_id",
    "group_b_id",
    "organisation_b_id",
    "kind",
    "since",
    "ended_on",
    "organisation_a__area_id",
    "organisation_b__area_id",
)


@dataclass(frozen=True)
class Node:
    key: str
    kind: str
    pk: int
    area_id: int | None
    known_since: dt.date | None  # people: the day the worker first recorded them


@dataclass
class History:
    area: Area
    start: dt.date
    end: dt.date
    nodes: dict[str, Node]
    events: list[Event]
    spans: list[Span]
    people: dict[int, Person] = field(default_factory=dict)
    groups: dict[int, Group] = field(default_factory=dict)
    organisations: dict[int, Organisation] = field(default_factory=dict)
    # Initiatives of the area with their core group and themes, for reach.
    initiatives: dict[int, Initiative] = field(default_factory=dict)
    initiative_core: dict[int, set[str]] = field(default_factory=dict)

    def known(self, day: dt.date) -> list[str]:
        """People the workers had met by that day (isolated if they have no tie)."""
        return [
            node.key
            for node in self.nodes.values()
            if node.kind == PERSON and node.known_since is not None and node.known_since <= day
        ]


def area_ids(area: Area) -> list[int]:
    return list(Area.objects.filter(path__startswith=area.path).values_list("id", flat=True))


MemberRow = tuple[int, dt.date, dt.date | None, str]


def _initiatives(
    ids: list[int], people_here: Any
) -> tuple[dict[int, Initiative], dict[int, list[MemberRow]], dict[int, set[str]]]:
    """The area's initiatives (with their themes), their members of the area (person, since,
    left on, role) and their core groups now (node keys)."""
    initiatives = {
        initiative.pk: initiative
        for initiative in Initiative.objects.filter(area_id__in=ids)
        .only("id", "title", "area_id", "stage")
        .prefetch_related("themes")
    }
    members: dict[int, list[MemberRow]] = defaultdict(list)
    for row in Member.objects.filter(
        initiative__area_id__in=ids, person_id__in=people_here
    ).values_list("initiative_id", "person_id", "since", "left_on", "role"):
        members[row[0]].append(row[1:])
    core = {
        initiative_id: {
            node_key(PERSON, person_id)
            for person_id, _since, left_on, role in rows
            if role in CORE_ROLES and left_on is None
        }
        for initiative_id, rows in members.items()
    }
    return initiatives, members, core


def load_reach_basis(area: Area, *, day: dt.date) -> History:
    """What reach and the known people need, without the journal: the area's initiatives and
    their core groups, and its people as nodes (see History.known). For a network whose ties
    come from elsewhere (a stored month's theme, see selectors.network_picture)."""
    ids = area_ids(area)
    nodes: dict[str, Node] = {}
    for pk, area_id, created_at in Person.objects.filter(area_id__in=ids).values_list(
        "id", "area_id", "created_at"
    ):
        key = node_key(PERSON, pk)
        nodes[key] = Node(key, PERSON, pk, area_id, timezone.localdate(created_at))
    people_here = Person.objects.filter(area_id__in=ids).values("id")
    initiatives, _members, core = _initiatives(ids, people_here)
    return History(
        area=area, start=day, end=day, nodes=nodes, events=[], spans=[],
        initiatives=initiatives, initiative_core=core,
    )  # fmt: skip


def load_history(area: Area, *, start: dt.date, end: dt.date, with_themes: bool = False) -> History:
    """Everything between start and end that ties nodes of this area together."""
    ids = area_ids(area)
    people: dict[int, Person] = {
        person.pk: person
        for person in Person.objects.filter(area_id__in=ids)
        .only("id", "name", "area_id", "user_id", "created_at")
        .annotate(**sharing_annotations())
    }
    groups = {
        group.pk: group
        for group in Group.objects.filter(area_id__in=ids).only("id", "name", "kind", "area_id")
    }
    nodes: dict[str, Node] = {}
    for person in people.values():
        key = node_key(PERSON, person.pk)
        # The day in Amsterdam, as the journal's days are (not the UTC date of the moment).
        added_on = timezone.localdate(person.created_at)
        nodes[key] = Node(key, PERSON, person.pk, person.area_id, added_on)
    for group in groups.values():
        key = node_key(GROUP, group.pk)
        nodes[key] = Node(key, GROUP, group.pk, group.area_id, None)

    entries = JournalEntry.objects.filter(area_id__in=ids, occurred_on__range=(start, end))
    days = dict(entries.values_list("id", "occurred_on"))
    participants: dict[int, list[str]] = defaultdict(list)
    people_through = JournalEntry.people.through.objects.filter(journalentry__in=entries)
    for entry_id, person_id in people_through.values_list("journalentry_id", "person_id"):
        if person_id in people:
            participants[entry_id].append(node_key(PERSON, person_id))
    groups_through = JournalEntry.groups.through.objects.filter(journalentry__in=entries)
    for entry_id, group_id in groups_through.values_list("journalentry_id", "group_id"):
        if group_id in groups:
            participants[entry_id].append(node_key(GROUP, group_id))
    organisation_ids: set[int] = set()
    organisations_through = JournalEntry.organisations.through.objects.filter(
        journalentry__in=entries
    )
    for entry_id, organisation_id in organisations_through.values_list(
        "journalentry_id", "organisation_id"
    ):
        participants[entry_id].append(node_key(ORGANISATION, organisation_id))
        organisation_ids.add(organisation_id)
    organisations = {
        organisation.pk: organisation
        for organisation in Organisation.objects.filter(pk__in=organisation_ids).only(
            "id", "name", "kind", "area_id"
        )
    }
    for organisation in organisations.values():
        key = node_key(ORGANISATION, organisation.pk)
        nodes[key] = Node(key, ORGANISATION, organisation.pk, organisation.area_id, None)
    themes: dict[int, set[int]] = defaultdict(set)
    if with_themes:
        themes_through = JournalEntry.themes.through.objects.filter(journalentry__in=entries)
        for entry_id, theme_id in themes_through.values_list("journalentry_id", "theme_id"):
            themes[entry_id].add(theme_id)
    events = sorted(
        (
            Event(days[entry_id], tuple(sorted(set(keys))), frozenset(themes.get(entry_id, ())))
            for entry_id, keys in participants.items()
            if entry_id in days
        ),
        key=lambda event: event.day,
    )

    spans: list[Span] = []
    people_here = Person.objects.filter(area_id__in=ids).values("id")
    memberships = GroupMembership.objects.filter(group__area_id__in=ids, person_id__in=people_here)
    for group_id, person_id, since in memberships.values_list("group_id", "person_id", "since"):
        spans.append(
            Span(
                node_key(PERSON, person_id),
                node_key(GROUP, group_id),
                since or EARLIEST,
                None,
                "group",
            )
        )

    initiatives, members, core = _initiatives(ids, people_here)
    for initiative_id, rows in members.items():
        theme_ids = frozenset(theme.pk for theme in initiatives[initiative_id].themes.all())
        for (a, since_a, left_a, _r1), (b, since_b, left_b, _r2) in combinations(rows, 2):
            ends = [day for day in (left_a, left_b) if day is not None]
            spans.append(
                Span(
                    node_key(PERSON, a),
                    node_key(PERSON, b),
                    max(since_a, since_b),
                    min(ends) if ends else None,
                    "initiative",
                    theme_ids,
                )
            )

    # Recorded ties: every person or group end must be of this area; organisations have no
    # area that limits them, but a tie between two organisations needs one based here.
    groups_here = Group.objects.filter(area_id__in=ids).values("id")
    direct = DirectTie.objects.filter(
        Q(person_a__isnull=True) | Q(person_a_id__in=people_here),
        Q(person_b__isnull=True) | Q(person_b_id__in=people_here),
        Q(group_a__isnull=True) | Q(group_a_id__in=groups_here),
        Q(group_b__isnull=True) | Q(group_b_id__in=groups_here),
        since__lte=end,
    )
    recorded_organisations: set[int] = set()
    here = set(ids)
    for row in direct.values_list(*DIRECT_TIE_COLUMNS):
        if row[2] is not None and row[5] is not None and not here & {row[9], row[10]}:
            continue  # between two organisations, neither based here
        tie_ends: list[str] = []
        for offset in (0, 3):
            person_id, group_id, organisation_id = row[offset : offset + 3]
            if person_id is not None:
                tie_ends.append(node_key(PERSON, person_id))
            elif group_id is not None:
                tie_ends.append(node_key(GROUP, group_id))
            else:
                tie_ends.append(node_key(ORGANISATION, organisation_id))
                recorded_organisations.add(organisation_id)
        kind, since, ended_on = row[6:9]
        spans.append(Span(tie_ends[0], tie_ends[1], since, ended_on, kind))
    missing = recorded_organisations - organisations.keys()
    for organisation in Organisation.objects.filter(pk__in=missing).only(
        "id", "name", "kind", "area_id"
    ):
        organisations[organisation.pk] = organisation
        key = node_key(ORGANISATION, organisation.pk)
        nodes[key] = Node(key, ORGANISATION, organisation.pk, organisation.area_id, None)

    return History(
        area=area,
        start=start,
        end=end,
        nodes=nodes,
        events=events,
        spans=spans,
        people=people,
        groups=groups,
        organisations=organisations,
        initiatives=initiatives,
        initiative_core=core,
    )


def load_among(
    area: Area, person_ids: set[int], *, start: dt.date, end: dt.date
) -> tuple[set[str], list[Event], list[Span]]:
    """What ties two of these people (those of the area) between start and end, without
    loading the whole area: the journal entries of the area that name two or more of them,
    each with everyone of the area taking part (so a tie weighs what it weighs in the area's
    network, see load_history), and the ties recorded between two of them. Group membership
    ties a person to a group, never two people; being in an initiative together is left out
    (the caller's choice: an initiative's members would all be tied). Returns the people's
    node keys, the events and the spans."""
    ids = area_ids(area)
    people = set(
        Person.objects.filter(area_id__in=ids, pk__in=person_ids).values_list("id", flat=True)
    )
    named = JournalEntry.people.through.objects.filter(
        person_id__in=people,
        journalentry__area_id__in=ids,
        journalentry__occurred_on__range=(start, end),
    )
    count: dict[int, int] = defaultdict(int)
    for entry_id in named.values_list("journalentry_id", flat=True):
        count[entry_id] += 1
    entry_ids = [entry_id for entry_id, n in count.items() if n > 1]
    days = dict(JournalEntry.objects.filter(id__in=entry_ids).values_list("id", "occurred_on"))
    participants: dict[int, list[str]] = defaultdict(list)
    for entry_id, person_id in JournalEntry.people.through.objects.filter(
        journalentry_id__in=entry_ids, person__area_id__in=ids
    ).values_list("journalentry_id", "person_id"):
        participants[entry_id].append(node_key(PERSON, person_id))
    for entry_id, group_id in JournalEntry.groups.through.objects.filter(
        journalentry_id__in=entry_ids, group__area_id__in=ids
    ).values_list("journalentry_id", "group_id"):
        participants[entry_id].append(node_key(GROUP, group_id))
    for entry_id, organisation_id in JournalEntry.organisations.through.objects.filter(
        journalentry_id__in=entry_ids
    ).values_list("journalentry_id", "organisation_id"):
        participants[entry_id].append(node_key(ORGANISATION, organisation_id))
    events = sorted(
        (Event(days[entry], tuple(sorted(set(keys)))) for entry, keys in participants.items()),
        key=lambda event: event.day,
    )
    recorded = DirectTie.objects.filter(
        person_a_id__in=people, person_b_id__in=people, since__lte=end
    ).values_list("person_a_id", "person_b_id", "kind", "since", "ended_on")
    spans = [
        Span(node_key(PERSON, a), node_key(PERSON, b), since, ended_on, kind)
        for a, b, kind, since, ended_on in recorded
    ]
    return {node_key(PERSON, pk) for pk in people}, events, spans
