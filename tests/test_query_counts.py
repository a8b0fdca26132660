"""List pages run the same number of queries with 10 rows as with 1,000.

Each page is loaded once with 10 rows, then 990 more rows are added in bulk and the page is
loaded again. Rows carry every relation the page shows (people, groups, organisations,
themes, place, consents, members), so a missing select_related / prefetch_related shows up
as a difference.
"""

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from opbouw.areas.models import Area, Level, Membership
from opbouw.core.models import Theme
from opbouw.journal.models import EntryKind, FollowUp, JournalEntry, Signal
from opbouw.people.models import Consent, Group, GroupMembership, Person
from tests.factories import OrganisationFactory, PersonFactory, PlaceFactory

SMALL, LARGE = 10, 1000


class Rows:
    """Adds rows in bulk, numbering on from what is already there."""

    def __init__(self, users, areas):
        self.worker = users["worker"]
        self.colleague = users["coordinator"]
        self.areas = areas
        self.person = PersonFactory(name="Vaste Deelnemer", area=areas.buurt)
        self.place = PlaceFactory(area=areas.buurt)
        self.organisation = OrganisationFactory()
        self.themes = list(Theme.objects.all()[:2])
        self.count = 0

    def _range(self, total: int) -> range:
        start, self.count = self.count, total
        return range(start, total)

    def entries(self, total: int) -> None:
        today = timezone.localdate()
        new = JournalEntry.objects.bulk_create(
            JournalEntry(
                kind=EntryKind.MEETING,
                occurred_on=today - dt.timedelta(days=i % 300),
                area=self.areas.buurt if i % 2 else self.areas.buurt2,
                place=self.place,
                author=self.worker if i % 3 else self.colleague,
                note=f"Bijeenkomst {i}.",
                anonymous_count=i % 4,
            )
            for i in self._range(total)
        )
        people = Person.objects.bulk_create(
            Person(name=f"Deelnemer {e.pk}", area=self.areas.buurt) for e in new
        )
        Consent.objects.bulk_create(
            Consent(
                person=p,
                purpose=Consent.Purpose.SHARING_CARE,  # the test partner is a wijkteam
                basis=Consent.Basis.CONSENT,
                source=Consent.Source.PAPER,
                given_on=today,
                notice_version="test",
            )
            for p in people[::2]
        )
        groups = Group.objects.bulk_create(
            Group(name=f"Groep {e.pk}", area=self.areas.wijk) for e in new
        )
        through = JournalEntry.people.through
        through.objects.bulk_create(
            [through(journalentry_id=e.pk, person_id=self.person.pk) for e in new]
            + [through(journalentry_id=e.pk, person_id=p.pk) for e, p in zip(new, people)]
        )
        JournalEntry.groups.through.objects.bulk_create(
            JournalEntry.groups.through(journalentry_id=e.pk, group_id=g.pk)
            for e, g in zip(new, groups)
        )
        JournalEntry.organisations.through.objects.bulk_create(
            JournalEntry.organisations.through(
                journalentry_id=e.pk, organisation_id=self.organisation.pk
            )
            for e in new
        )
        JournalEntry.themes.through.objects.bulk_create(
            JournalEntry.themes.through(journalentry_id=e.pk, theme_id=t.pk)
            for e in new
            for t in self.themes
        )
        FollowUp.objects.bulk_create(
            FollowUp(
                entry=e,
                description=f"Terugbellen {e.pk}",
                due_on=today + dt.timedelta(days=e.pk % 20),
                assignee=self.worker,
            )
            for e in new
        )
        Signal.objects.bulk_create(
            Signal(entry=e, organisation=self.organisation, description=f"Signaal {e.pk}")
            for e in new
        )

    def people(self, total: int) -> None:
        today = timezone.localdate()
        people = Person.objects.bulk_create(
            Person(name=f"Bewoner {i:04d}", area=self.areas.buurt if i % 2 else self.areas.buurt2)
            for i in self._range(total)
        )
        Consent.objects.bulk_create(
            Consent(
                person=p,
                purpose=Consent.Purpose.SHARING_CARE,  # the test partner is a wijkteam
                basis=Consent.Basis.CONSENT,
                source=Consent.Source.PAPER,
                given_on=today,
                notice_version="test",
            )
            for p in people[::3]
        )

    def groups(self, total: int) -> None:
        groups = Group.objects.bulk_create(
            Group(name=f"Groep {i:04d}", area=self.areas.wijk) for i in self._range(total)
        )
        people = Person.objects.bulk_create(
            Person(name=f"Lid {g.pk}", area=self.areas.buurt) for g in groups
        )
        GroupMembership.objects.bulk_create(
            [GroupMembership(group=g, person=p) for g, p in zip(groups, people)]
            + [GroupMembership(group=g, person=self.person) for g in groups]
        )

    def members(self, total: int) -> None:
        """Members of one group, a third of them sharing their name."""
        group = Group.objects.filter(name="Grote groep").first()
        if group is None:
            group = Group.objects.create(name="Grote groep", area=self.areas.wijk)
        self.group = group
        people = Person.objects.bulk_create(
            Person(name=f"Lid {i:04d}", area=self.areas.buurt) for i in self._range(total)
        )
        Consent.objects.bulk_create(
            Consent(
                person=p,
                purpose=Consent.Purpose.SHARING_CARE,  # the test partner is a wijkteam
                basis=Consent.Basis.CONSENT,
                source=Consent.Source.PAPER,
                given_on=timezone.localdate(),
                notice_version="test",
            )
            for p in people[::3]
        )
        GroupMembership.objects.bulk_create(GroupMembership(group=group, person=p) for p in people)

    def organisations(self, total: int) -> None:
        from opbouw.accounts.models import Organisation

        Organisation.objects.bulk_create(
            Organisation(name=f"Organisatie {i:04d}", area=self.areas.wijk)
            for i in self._range(total)
        )

    def areas_tree(self, total: int) -> None:
        """Buurten in extra wijken of Hengelo; the worker is given the whole gemeente."""
        if self.count == 0:
            Membership.objects.create(user=self.worker, area=self.areas.municipality, role="worker")
        new = self._range(total)
        wijken = {}
        for code in sorted({f"WK0164{60 + i // 50:02d}" for i in new}):
            wijken[code], _created = Area.objects.get_or_create(
                code=code,
                defaults={"name": code, "level": Level.DISTRICT, "parent": self.areas.municipality},
            )
        buurten = []
        for i in new:
            wijk = wijken[f"WK0164{60 + i // 50:02d}"]
            code = f"BU{wijk.code[2:]}{i % 50:02d}"
            buurten.append(
                Area(
                    code=code,
                    name=f"Buurt {i:04d}",
                    level=Level.NEIGHBOURHOOD,
                    parent=wijk,
                    path=f"{wijk.path}{code}/",
                )  # fmt: skip
            )
        Area.objects.bulk_create(buurten)


def _url(name: str, *args: Callable[[Rows], object]) -> Callable[[Rows], str]:
    return lambda rows: reverse(name, args=[arg(rows) for arg in args])


# page → (viewer role, how to add rows, the URL, text the page shows once rows exist)
PAGES: dict[str, tuple[str, str, Callable[[Rows], str], str]] = {
    "journal timeline": ("worker", "entries", _url("journal:timeline"), "Bijeenkomst"),
    "journal today": ("worker", "entries", _url("journal:today"), "Terugbellen"),
    "open follow-ups": ("worker", "entries", _url("journal:follow_ups"), "Terugbellen"),
    "person timeline": (
        "worker",
        "entries",
        _url("journal:person", lambda r: r.person.pk),
        "Bijeenkomst",
    ),
    "area timeline": (
        "worker",
        "entries",
        _url("journal:area", lambda r: r.areas.wijk.code),
        "Bijeenkomst",
    ),
    "people list": ("worker", "people", _url("people:list"), "Bewoner 0001"),
    "people list (partner)": ("partner", "people", _url("people:list"), "Bewoner 0000"),
    "group list": ("worker", "groups", _url("people:group_list"), "Groep 0000"),
    "group list (partner)": ("partner", "groups", _url("people:group_list"), "Groep 0000"),
    "group members": (
        "worker",
        "members",
        _url("people:group_detail", lambda r: r.group.pk),
        "Lid 0001",
    ),
    "group members (partner)": (
        "partner",
        "members",
        _url("people:group_detail", lambda r: r.group.pk),
        "Lid 0000",
    ),
    "organisation list": (
        "worker",
        "organisations",
        _url("people:organisation_list"),
        "Organisatie 0000",
    ),
    "area list": ("worker", "areas_tree", _url("areas:list"), "Buurt 0999"),
}


def _queries(client: Client, url: str, shown: str) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert shown in response.content.decode(), f"{url} does not show {shown!r}"
    return [query["sql"] for query in context.captured_queries]


@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_runs_a_constant_number_of_queries(page, users, areas):
    role, adder, url_for, shown = PAGES[page]
    rows = Rows(users, areas)
    add = getattr(rows, adder)
    client = Client()
    client.force_login(users[role])

    add(SMALL)
    small = _queries(client, url_for(rows), shown if adder != "areas_tree" else "Buurt 0009")
    add(LARGE)
    large = _queries(client, url_for(rows), shown)

    assert len(small) == len(large), (
        f"{page}: {len(small)} queries with {SMALL} rows, {len(large)} with {LARGE}:\n"
        + "\n".join(large)
    )
    assert len(large) < 25, f"{page}: {len(large)} queries is a lot for one page"
