"""Vandaag groups follow-ups by when they are due, shows the year of a date in another year,
and bounds every list with a way to the rest (issue 11, item 19)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from opbouw.journal.follow_ups import PER_GROUP, follow_up_groups
from tests.factories import FollowUpFactory, JournalEntryFactory, SignalFactory, client_for

pytestmark = pytest.mark.django_db


def test_the_groups_follow_the_due_date():
    """A fixed Wednesday: Tuesday is late, Wednesday today, Sunday this week, Monday later."""
    from tests.factories import UserFactory

    wednesday = dt.date(2026, 7, 1)
    assert wednesday.weekday() == 2
    worker = UserFactory()
    entry = JournalEntryFactory(author=worker)
    from opbouw.areas.models import Membership

    Membership.objects.create(user=worker, area=entry.area, role="worker")
    due = {
        "a year ago": wednesday - dt.timedelta(days=365),
        "yesterday": wednesday - dt.timedelta(days=1),
        "today": wednesday,
        "sunday": dt.date(2026, 7, 5),
        "monday": dt.date(2026, 7, 6),
    }
    for description, day in due.items():
        FollowUpFactory(entry=entry, description=description, due_on=day)
    groups = {
        g.key: [f.description for f in g.items] for g in follow_up_groups(worker, today=wednesday)
    }
    assert groups == {
        "te-laat": ["a year ago", "yesterday"],
        "vandaag": ["today"],
        "deze-week": ["sunday"],
        "later": ["monday"],
    }


@pytest.fixture
def overdue(worker, areas):
    today = timezone.localdate()
    entry = JournalEntryFactory(area=areas.buurt, author=worker)
    long_ago = today.replace(month=1, day=2) - dt.timedelta(days=365)
    made = [FollowUpFactory(entry=entry, description="Oudste: huisbezoek", due_on=long_ago)]
    made += [
        FollowUpFactory(
            entry=entry, description=f"Te laat {n}", due_on=today - dt.timedelta(days=n)
        )
        for n in range(1, 30)
    ]
    FollowUpFactory(entry=entry, description="Vandaag bellen", due_on=today)
    FollowUpFactory(
        entry=entry, description="Later langsgaan", due_on=today + dt.timedelta(days=30)
    )
    for n in range(8):
        SignalFactory(entry=entry, description=f"Signaal {n}")
    return long_ago


def test_today_groups_bounds_and_shows_the_year(worker, overdue):
    html = client_for(worker).get(reverse("journal:today")).content.decode()
    assert 'Te laat <span class="opbouw-count">(30)</span>' in html
    assert "Vandaag bellen" in html and "Later langsgaan" in html
    # The oldest first, with its year: it is not this year.
    assert "Oudste: huisbezoek" in html
    assert f"uiterlijk 2 januari {overdue.year}" in html
    # Bounded: five of the thirty, and a way to the rest.
    assert html.count('id="follow-up-') == PER_GROUP + 2
    assert f"{reverse('journal:follow_ups')}?groep=te-laat" in html and "Alle 30: te laat" in html
    assert html.count("Signaal ") == PER_GROUP and "Alle 8 open signalen" in html


def test_the_full_list_is_paged(worker, overdue):
    client = client_for(worker)
    url = reverse("journal:follow_ups")
    first = client.get(url, {"groep": "te-laat"}).content.decode()
    assert first.count('id="follow-up-') == 25 and 'rel="next"' in first
    assert "Vandaag bellen" not in first
    second = client.get(url, {"groep": "te-laat", "page": 2}).content.decode()
    assert second.count('id="follow-up-') == 5 and 'rel="prev"' in second
    everything = client.get(url, {"groep": "onzin"}).content.decode()
    assert "Oudste: huisbezoek" in everything and everything.count('id="follow-up-') == 25
    signals = client.get(reverse("journal:signals")).content.decode()
    assert signals.count("Signaal ") == 8


def test_the_full_lists_are_only_for_the_journal(users, overdue):
    for role in ("resident", "partner", "policy"):
        if role in users:
            client = client_for(users[role])
            assert client.get(reverse("journal:follow_ups")).status_code == 404
            assert client.get(reverse("journal:signals")).status_code == 404
