"""Notes marked as a special category (AVG art. 9/10): only the author and the coordinator.

Every path that shows journal notes is checked for a leak: detail, edit, every timeline,
search (SQLite FTS5 here, PostgreSQL full text in the PostgreSQL run), "Vandaag", follow-ups
and signals of the entry.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from opbouw.core.models import Theme
from opbouw.core.roles import Role
from opbouw.journal.models import EntryKind, JournalEntry, SensitiveCategory
from opbouw.journal.permissions import can_read_entry, entries_visible
from opbouw.journal.services import entry_create, entry_update
from tests.factories import (
    FollowUpFactory,
    GroupFactory,
    MembershipFactory,
    PersonFactory,
    SignalFactory,
    UserFactory,
    client_for,
)

SECRET = "Zorgdiagnose vertrouwelijk xylofoonwoord"
PLAIN = "Gewoon gesprek over de buurtmaaltijd"


@pytest.fixture
def colleague(areas):
    """A second worker in the same wijk: reads the journal, but not the author's sensitive notes."""
    user = UserFactory(username="collega")
    MembershipFactory(user=user, area=areas.wijk, role=Role.WORKER)
    return user


@pytest.fixture
def notes(users, areas):
    worker = users["worker"]
    person = PersonFactory(name="Henk Gevoelig", area=areas.buurt)
    group = GroupFactory(name="Buurtkoor", area=areas.wijk)
    theme = Theme.objects.get(slug="groen")
    common = {
        "author": worker, "kind": EntryKind.HOME_VISIT, "occurred_on": timezone.localdate(),
        "area": areas.buurt, "people": [person], "groups": [group], "themes": [theme],
    }  # fmt: skip
    secret = entry_create(note=SECRET, sensitive_category=SensitiveCategory.HEALTH, **common)
    plain = entry_create(note=PLAIN, **common)
    return {"secret": secret, "plain": plain, "person": person, "group": group, "theme": theme}


def _listing_urls(notes, areas):
    return {
        "timeline": reverse("journal:timeline"),
        "area": reverse("journal:area", args=[areas.wijk.code]),
        "person": reverse("journal:person", args=[notes["person"].pk]),
        "group": reverse("journal:group", args=[notes["group"].pk]),
        "theme": reverse("journal:theme", args=[notes["theme"].slug]),
    }


def test_the_author_and_the_coordinator_see_it_in_every_timeline(users, notes, areas):
    for role in ("worker", "coordinator"):
        client = client_for(users[role])
        for name, url in _listing_urls(notes, areas).items():
            content = client.get(url).content.decode()
            assert SECRET in content, (role, name)
            assert "bijzonder persoonsgegeven" in content, (role, name)


def test_a_colleague_and_an_admin_see_it_in_no_timeline(users, colleague, notes, areas):
    for user in (colleague, users["admin"]):
        client = client_for(user)
        for name, url in _listing_urls(notes, areas).items():
            content = client.get(url).content.decode()
            assert PLAIN in content, (user, name)  # the page works and shows the rest
            assert SECRET not in content, (user, name)
            assert notes["secret"].get_absolute_url() not in content, (user, name)


def test_search_never_finds_it_for_others(users, colleague, notes, areas):
    """On SQLite (FTS5) and, in the PostgreSQL run, with its full-text search."""
    for name, url in _listing_urls(notes, areas).items():
        found = client_for(colleague).post(url, {"q": "xylofoonwoord"})
        assert found.status_code == 200
        assert SECRET not in found.content.decode(), name
        assert client_for(colleague).post(url, {"q": "buurtmaaltijd"}).context["page"].items
    own = client_for(users["worker"]).post(reverse("journal:timeline"), {"q": "xylofoonwoord"})
    assert [entry.pk for entry in own.context["page"].items] == [notes["secret"].pk]


def test_detail_and_edit_are_404_for_others_and_open_for_author_and_coordinator(
    users, colleague, notes
):
    secret = notes["secret"]
    for user in (colleague, users["admin"]):
        client = client_for(user)
        assert client.get(reverse("journal:detail", args=[secret.pk])).status_code == 404
        assert client.get(reverse("journal:edit", args=[secret.pk])).status_code == 404
        response = client.post(reverse("journal:edit", args=[secret.pk]), {"note": "overschreven"})
        assert response.status_code == 404
    secret.refresh_from_db()
    assert secret.note == SECRET
    for role in ("worker", "coordinator"):
        response = client_for(users[role]).get(reverse("journal:detail", args=[secret.pk]))
        assert response.status_code == 200
        assert SECRET in response.content.decode()


def test_follow_ups_and_signals_of_the_note_are_out_of_reach_for_others(
    users, colleague, notes, organisation
):
    follow_up = FollowUpFactory(entry=notes["secret"], assignee=users["worker"])
    signal = SignalFactory(entry=notes["secret"], organisation=organisation)
    client = client_for(colleague)
    done = client.post(reverse("journal:follow_up_done", args=[follow_up.pk]))
    status = client.post(reverse("journal:signal_status", args=[signal.pk]), {"status": "closed"})
    assert (done.status_code, status.status_code) == (404, 404)
    follow_up.refresh_from_db()
    signal.refresh_from_db()
    assert (follow_up.done_on, signal.status) == (None, "open")


def test_today_shows_it_to_the_author_only(users, colleague, notes):
    assert SECRET in client_for(users["worker"]).get(reverse("journal:today")).content.decode()
    assert SECRET not in client_for(colleague).get(reverse("journal:today")).content.decode()


def test_a_coordinator_of_only_one_buurt_reads_sensitive_notes_there_only(users, areas):
    """Worker in the wijk, coordinator of one buurt: the rule per area, not per user."""
    user = UserFactory()
    MembershipFactory(user=user, area=areas.wijk, role=Role.WORKER)
    MembershipFactory(user=user, area=areas.buurt2, role=Role.COORDINATOR)
    author = users["worker"]

    def note(by, area, category):
        return entry_create(author=by, kind=EntryKind.CONTACT, occurred_on=timezone.localdate(),
                            area=area, note="n", sensitive_category=category)  # fmt: skip

    here = note(author, areas.buurt2, SensitiveCategory.RELIGION)
    there = note(author, areas.buurt, SensitiveCategory.RELIGION)
    own = note(user, areas.buurt, SensitiveCategory.POLITICS)
    visible = set(entries_visible(user).values_list("pk", flat=True))
    assert {here.pk, own.pk} <= visible
    assert there.pk not in visible
    assert [can_read_entry(user, e) for e in (here, there, own)] == [True, False, True]


def test_the_form_warns_and_stores_the_category(worker_client, areas):
    form = worker_client.get(reverse("journal:create")).content.decode()
    assert "bijzondere persoonsgegevens" in form.lower()
    assert "data-sensitive-warning" in form
    assert "<script>" not in form  # the live feedback is in app.js, never inline
    response = worker_client.post(
        reverse("journal:create"),
        {"kind": EntryKind.CONTACT, "occurred_on": timezone.localdate().isoformat(),
         "area": areas.buurt.pk, "note": "Over haar medicatie.", "sensitive_category": "health"},
    )  # fmt: skip
    assert response.status_code == 302
    entry = JournalEntry.objects.get()
    assert entry.sensitive_category == SensitiveCategory.HEALTH
    edit = worker_client.get(reverse("journal:edit", args=[entry.pk])).content.decode()
    # Already marked: the notice is rendered visible by the server (no JS needed).
    assert "data-sensitive-chosen><strong>" in edit.replace("\n", "")
    assert '<option value="health" selected>' in edit


def test_an_unknown_category_is_refused_at_the_field_and_nothing_is_stored(worker_client, areas):
    response = worker_client.post(
        reverse("journal:create"),
        {"kind": EntryKind.CONTACT, "occurred_on": timezone.localdate().isoformat(),
         "area": areas.buurt.pk, "note": "x", "sensitive_category": "horoscoop"},
    )  # fmt: skip
    assert response.status_code == 400
    assert 'id="id_sensitive_category_error"' in response.content.decode()
    assert not JournalEntry.objects.exists()


def test_editing_can_lift_the_flag_and_the_service_keeps_it_when_not_given(users, notes):
    secret = notes["secret"]
    kept = entry_update(
        entry=secret, editor=users["worker"], kind=secret.kind, occurred_on=secret.occurred_on,
        area=secret.area, note=secret.note, duration_minutes=None, place=None, people=[],
        groups=[], organisations=[], themes=[], anonymous_count=0,
    )  # fmt: skip
    assert kept.sensitive_category == SensitiveCategory.HEALTH
    client = client_for(users["worker"])
    response = client.post(
        reverse("journal:edit", args=[secret.pk]),
        {"kind": secret.kind, "occurred_on": secret.occurred_on.isoformat(),
         "area": secret.area_id, "note": secret.note, "sensitive_category": ""},
    )  # fmt: skip
    assert response.status_code == 302
    secret.refresh_from_db()
    assert secret.sensitive_category == ""
