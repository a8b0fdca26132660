"""Editing keeps what the editor cannot see; without JavaScript anyone can still be found.

- A journal entry may name people and groups from outside the editor's areas (a colleague of
  another wijk wrote it, or the person moved). The edit form only offers the editor's own, so
  saving must leave the others linked, untouched.
- Without JavaScript the quick entry lists recent contacts; a search step (a POST, so the
  name is never in a URL) finds everyone else the worker may record.
"""

from django.urls import reverse
from django.utils import timezone

from opbouw.core.roles import Role
from opbouw.journal import services
from opbouw.journal.models import EntryKind, JournalEntry
from opbouw.people.models import Person
from tests.factories import (
    GroupFactory,
    JournalEntryFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
    client_for,
)


def _entry_data(area, **overrides):
    data = {
        "kind": EntryKind.CONTACT,
        "occurred_on": timezone.localdate().isoformat(),
        "area": area.pk,
        "note": "Gesprek bij de voordeur over de buurtmaaltijd.",
    }
    data.update(overrides)
    return data


def _mixed_entry(areas, worker):
    """An entry in the own buurt naming one person and group from the other wijk too."""
    own = PersonFactory(name="Eigen Bewoner", area=areas.buurt)
    outsider = PersonFactory(name="Verhuisde Bewoner", area=areas.other_buurt)
    own_group = GroupFactory(area=areas.buurt, name="Eigen club")
    outside_group = GroupFactory(area=areas.other_wijk, name="Club elders")
    entry = JournalEntryFactory(
        area=areas.buurt,
        author=worker,
        people=[own, outsider],
        groups=[own_group, outside_group],
        note="Samen met de buren van de Es.",
    )
    return entry, own, outsider, own_group, outside_group


def test_the_service_keeps_people_and_groups_outside_the_editors_areas(worker, areas):
    entry, own, outsider, own_group, outside_group = _mixed_entry(areas, worker)
    newcomer = PersonFactory(area=areas.buurt2)

    services.entry_update(
        entry=entry,
        editor=worker,
        kind=entry.kind,
        occurred_on=entry.occurred_on,
        area=entry.area,
        note="Bijgewerkt.",
        duration_minutes=None,
        place=None,
        people=[newcomer],  # the editor removed "own" and added "newcomer"
        groups=[],
        organisations=[],
        themes=[],
        anonymous_count=0,
    )

    entry.refresh_from_db()
    assert entry.note == "Bijgewerkt."
    assert set(entry.people.all()) == {newcomer, outsider}
    assert set(entry.groups.all()) == {outside_group}


def test_the_edit_form_keeps_the_outsiders_and_says_so(worker_client, worker, areas):
    entry, own, outsider, own_group, _outside_group = _mixed_entry(areas, worker)
    url = reverse("journal:edit", args=[entry.pk])

    page = worker_client.get(url).content.decode()
    # The outsider is neither shown nor offered, but the form says someone is kept.
    assert "Verhuisde Bewoner" not in page
    assert 'id="id_people_hidden"' in page and "1 deelnemer" in page

    # Saving exactly what the form holds (the own person and group) changes nothing else.
    response = worker_client.post(
        url, _entry_data(areas.buurt, note="Aangevuld.", people=[own.pk], groups=[own_group.pk])
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.note == "Aangevuld."
    assert set(entry.people.all()) == {own, outsider}
    assert set(entry.groups.all()) == {own_group, _outside_group}


def test_the_edit_form_still_refuses_a_person_from_outside_when_chosen(
    worker_client, worker, areas
):
    entry, own, outsider, *_ = _mixed_entry(areas, worker)
    stranger = PersonFactory(area=areas.other_buurt)

    response = worker_client.post(
        reverse("journal:edit", args=[entry.pk]),
        _entry_data(areas.buurt, note="Geknoeid.", people=[own.pk, stranger.pk]),
    )

    assert response.status_code == 400
    assert "people" in response.context["form"].errors
    entry.refresh_from_db()
    assert entry.note == "Samen met de buren van de Es."
    assert set(entry.people.all()) == {own, outsider}


def test_without_javascript_a_search_step_finds_someone_who_is_not_recent(
    worker_client, worker, areas
):
    recent = PersonFactory(name="Recente Buurvrouw", area=areas.buurt)
    JournalEntryFactory(area=areas.buurt, author=worker, people=[recent])
    never_met = PersonFactory(name="Gerrit Zeldenrust", area=areas.buurt2)
    elsewhere = PersonFactory(name="Gerrit Elders", area=areas.other_buurt)
    url = reverse("journal:create")
    before = (JournalEntry.objects.count(), Person.objects.count())

    first = worker_client.get(url).content.decode()
    assert "Recente Buurvrouw" in first and "Gerrit Zeldenrust" not in first
    assert 'name="people_query"' in first

    typed = _entry_data(areas.buurt, note="Half getypte notitie.", people=[recent.pk])
    found = worker_client.post(url, {**typed, "people_query": "gerrit", "people_search": "1"})

    # Nothing saved; the form is shown again with what was typed, without error messages.
    assert found.status_code == 200
    assert (JournalEntry.objects.count(), Person.objects.count()) == before
    page = found.content.decode()
    assert f'<option value="{never_met.pk}">Gerrit Zeldenrust</option>' in page
    assert "Gerrit Elders" not in page  # only people the worker may record
    assert "Half getypte notitie." in page
    assert f'value="{recent.pk}"' in page  # the chosen contact is still chosen
    assert "utrecht-form-field-error-message" not in page
    assert "1 persoon gevonden" in page

    # Choosing from the list and saving records both.
    saved = worker_client.post(url, {**typed, "people": [recent.pk, never_met.pk]})
    assert saved.status_code == 302
    entry = JournalEntry.objects.latest("id")
    assert set(entry.people.all()) == {recent, never_met}
    assert elsewhere not in entry.people.all()


def test_a_search_that_finds_nobody_says_so_and_stores_nothing(worker_client, areas):
    before = (JournalEntry.objects.count(), Person.objects.count())
    response = worker_client.post(
        reverse("journal:create"),
        {**_entry_data(areas.buurt), "people_query": "Xyzzy", "people_search": "1"},
    )
    assert response.status_code == 200
    assert "Niemand gevonden" in response.content.decode()
    assert (JournalEntry.objects.count(), Person.objects.count()) == before


def test_a_worker_of_both_wijken_sees_and_edits_everyone(areas):
    both = UserFactory()
    MembershipFactory(user=both, area=areas.wijk, role=Role.WORKER)
    MembershipFactory(user=both, area=areas.other_wijk, role=Role.WORKER)
    own = PersonFactory(area=areas.buurt)
    outsider = PersonFactory(area=areas.other_buurt)
    entry = JournalEntryFactory(area=areas.buurt, author=both, people=[own, outsider])

    response = client_for(both).post(
        reverse("journal:edit", args=[entry.pk]), _entry_data(areas.buurt, people=[own.pk])
    )

    assert response.status_code == 302
    assert list(entry.people.all()) == [own]  # nothing hidden from this editor: removal works
