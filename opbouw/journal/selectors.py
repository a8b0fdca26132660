"""Reading the journal: timelines, today's overview. Constant queries whatever the row count."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from opbouw.areas.models import Area
from opbouw.areas.permissions import AnyUser
from opbouw.people.models import Person
from opbouw.people.permissions import sharing_annotations

from .follow_ups import PER_GROUP, FollowUpGroup, follow_up_groups, open_signals
from .models import FollowUp, JournalEntry, Signal
from .permissions import access_entry, entries_visible, journal_area_ids
from .search import search_entries


@dataclass(frozen=True)
class TimelineFilter:
    area_id: int | None = None
    person_id: int | None = None
    group_id: int | None = None
    organisation_id: int | None = None
    theme_id: int | None = None
    kind: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    query: str = ""


def with_timeline_relations(queryset: QuerySet[JournalEntry]) -> QuerySet[JournalEntry]:
    """The relations a timeline shows, in a constant number of queries.

    Area, place and author are prefetched rather than joined: with a join the database plans
    the page from the areas table and sorts every entry of those areas before it can cut one
    page (seconds at a million entries); the entries query alone walks the (area, date) index
    and stops after a page. Boundaries and key figures are large and never shown here.
    """
    people = Person.objects.annotate(**sharing_annotations()).order_by("name")
    return queryset.prefetch_related(
        Prefetch("area", queryset=Area.objects.defer("boundary", "key_figures")),
        "place",
        "author",
        Prefetch("people", queryset=people),
        "groups",
        "organisations",
        "themes",
    )


def entry_list(user: AnyUser, filters: TimelineFilter) -> QuerySet[JournalEntry]:
    entries = entries_visible(user)
    if filters.area_id:
        area = Area.objects.filter(pk=filters.area_id).only("path").first()
        if area is None:
            return entries.none()
        # Area ids rather than a join on the path, for the reason in with_timeline_relations.
        below = Area.objects.filter(path__startswith=area.path).values_list("id", flat=True)
        entries = entries.filter(area_id__in=list(below))
    # A person or group has few entries: "id IN (their entries)", so the database starts from
    # those. A theme or an organisation can have a tenth of all entries: EXISTS, so it walks
    # the timeline in date order and checks each entry, instead of sorting all of them.
    if filters.person_id:
        entries = entries.filter(
            id__in=JournalEntry.people.through.objects.filter(person_id=filters.person_id).values(
                "journalentry_id"
            )
        )
    if filters.group_id:
        entries = entries.filter(
            id__in=JournalEntry.groups.through.objects.filter(group_id=filters.group_id).values(
                "journalentry_id"
            )
        )
    if filters.organisation_id:
        entries = entries.filter(
            Exists(
                JournalEntry.organisations.through.objects.filter(
                    journalentry_id=OuterRef("pk"), organisation_id=filters.organisation_id
                )
            )
        )
    if filters.theme_id:
        entries = entries.filter(
            Exists(
                JournalEntry.themes.through.objects.filter(
                    journalentry_id=OuterRef("pk"), theme_id=filters.theme_id
                )
            )
        )
    if filters.kind:
        entries = entries.filter(kind=filters.kind)
    if filters.date_from:
        entries = entries.filter(occurred_on__gte=filters.date_from)
    if filters.date_to:
        entries = entries.filter(occurred_on__lte=filters.date_to)
    entries = entries.order_by("-occurred_on", "-id")
    if filters.query:
        entries = search_entries(entries, filters.query)  # last: see its docstring
    return with_timeline_relations(entries)


def entry_get(user: AnyUser, pk: int) -> JournalEntry:
    access_entry(user, pk)
    entry = with_timeline_relations(JournalEntry.objects.filter(pk=pk)).prefetch_related(
        "follow_ups__assignee", "signals__organisation", "participant_counts", "bundled_signals"
    )
    return entry.get()


@dataclass(frozen=True)
class Today:
    recent_entries: list[JournalEntry]
    follow_up_groups: list[FollowUpGroup]
    open_signals: list[Signal]
    open_signals_total: int

    @property
    def open_follow_ups_total(self) -> int:
        return sum(group.total for group in self.follow_up_groups)


def today_get(user: AnyUser, *, recent: int = 10, per_list: int = PER_GROUP) -> Today:
    """The worker's start page: recent entries, open follow-ups grouped by when they are due
    (te laat, vandaag, deze week, later) and open signals, each list bounded (follow_ups.py)."""
    recent_entries = list(
        with_timeline_relations(
            entries_visible(user).filter(author_id=user.pk).order_by("-occurred_on", "-id")
        )[:recent]
    )
    signals = open_signals(user)
    return Today(
        recent_entries,
        follow_up_groups(user, per_group=per_list),
        list(signals[:per_list]),
        signals.count(),
    )


def is_overdue(follow_up: FollowUp) -> bool:
    return follow_up.done_on is None and follow_up.due_on < timezone.localdate()


def recent_contacts(user: AnyUser, *, limit: int = 30) -> list[Person]:
    """The people this worker recorded most recently (for the form without JavaScript)."""
    ids: list[int] = []
    rows = (
        JournalEntry.people.through.objects.filter(
            journalentry__author_id=user.pk, journalentry__area_id__in=journal_area_ids(user)
        )
        .order_by("-journalentry__occurred_on", "-journalentry_id")
        .values_list("person_id", flat=True)[: limit * 5]
    )
    for person_id in rows:
        if person_id not in ids:
            ids.append(person_id)
        if len(ids) == limit:
            break
    people = Person.objects.annotate(**sharing_annotations()).in_bulk(ids)
    return [people[pk] for pk in ids if pk in people]
