"""journal.services: one registration, with contacts, follow-ups and signals; all or nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opbouw.core.models import Theme
from opbouw.journal import services
from opbouw.journal.models import EntryKind, FollowUp, JournalEntry, Signal
from opbouw.journal.search import search_entries
from opbouw.people.models import Person
from tests.factories import GroupFactory, JournalEntryFactory, PersonFactory, PlaceFactory


def _counts():
    return (
        JournalEntry.objects.count(),
        JournalEntry.people.through.objects.count(),
        JournalEntry.themes.through.objects.count(),
        Person.objects.count(),
        FollowUp.objects.count(),
        Signal.objects.count(),
    )


def _create(author, area, **kwargs):
    defaults = {
        "author": author,
        "kind": EntryKind.CONTACT,
        "occurred_on": timezone.localdate(),
        "area": area,
        "note": "Koffie gedronken bij de buurtkamer.",
    }
    return services.entry_create(**{**defaults, **kwargs})


def _refused(field, call):
    before = _counts()
    with pytest.raises(ValidationError) as info:
        call()
    assert field in info.value.message_dict, info.value.message_dict
    assert _counts() == before
    return info.value.message_dict[field]


def test_entry_create_with_people_new_contacts_themes_follow_up_and_signal(
    worker, areas, organisation
):
    ayse, bram = PersonFactory(area=areas.buurt), PersonFactory(area=areas.buurt2)
    group = GroupFactory(area=areas.wijk)
    place = PlaceFactory(area=areas.buurt, name="Buurthuis De Bron")
    eenzaamheid = Theme.objects.get(slug="eenzaamheid")
    due = timezone.localdate() + dt.timedelta(days=5)

    entry = _create(
        worker,
        areas.buurt,
        kind=EntryKind.HOME_VISIT,
        people=[ayse, bram],
        new_people_names=["Karin Nieuw", "Omar Nieuw"],
        new_people_basis="consent",
        new_people_informed_on=timezone.localdate(),
        groups=[group],
        organisations=[organisation],
        themes=[eenzaamheid],
        place=place,
        duration_minutes=45,
        anonymous_count=2,
        follow_ups=[services.FollowUpInput("Terugbellen over de maaltijd", due)],
        signals=[services.SignalInput(organisation, "Vocht in de woning", "consent")],
    )

    entry.refresh_from_db()
    assert entry.author == worker
    assert entry.kind == EntryKind.HOME_VISIT
    assert entry.place == place
    assert entry.duration_minutes == 45
    assert entry.anonymous_count == 2
    new = Person.objects.filter(name__in=["Karin Nieuw", "Omar Nieuw"])
    assert {p.area for p in new} == {areas.buurt}  # new contacts live in the entry's area
    assert {p.created_by for p in new} == {worker}
    assert set(entry.people.all()) == {ayse, bram, *new}
    assert list(entry.groups.all()) == [group]
    assert list(entry.organisations.all()) == [organisation]
    assert list(entry.themes.all()) == [eenzaamheid]
    follow_up = entry.follow_ups.get()
    assert (follow_up.description, follow_up.due_on, follow_up.assignee) == (
        "Terugbellen over de maaltijd",
        due,
        worker,
    )
    signal = entry.signals.get()
    assert signal.organisation == organisation
    assert signal.status == Signal.Status.OPEN
    assert signal.is_open
    # Saved entries are searchable at once (the SQLite index is kept by the service).
    assert list(search_entries(JournalEntry.objects.all(), "buurtkamer")) == [entry]


@pytest.mark.parametrize("area_name", ["other_buurt", "other_wijk", "municipality"])
def test_entry_in_an_area_outside_the_authors_areas_is_refused(worker, areas, area_name):
    _refused("area", lambda: _create(worker, getattr(areas, area_name)))


def test_entry_with_a_person_from_another_area_is_refused(worker, areas):
    inside, outside = PersonFactory(area=areas.buurt), PersonFactory(area=areas.other_buurt)
    _refused(
        "people",
        lambda: _create(worker, areas.buurt, people=[inside, outside], new_people_names=["Nieuw"]),
    )


def test_entry_with_a_group_from_another_area_is_refused(worker, areas):
    _refused(
        "groups",
        lambda: _create(worker, areas.buurt, groups=[GroupFactory(area=areas.other_wijk)]),
    )


@pytest.mark.parametrize("role", ["partner", "policy", "resident"])
def test_roles_without_the_journal_cannot_write_it(users, areas, role):
    _refused("area", lambda: _create(users[role], areas.buurt))


def test_date_more_than_a_year_ahead_is_refused(worker, areas):
    too_late = timezone.localdate() + dt.timedelta(days=366)
    _refused("occurred_on", lambda: _create(worker, areas.buurt, occurred_on=too_late))


def test_date_exactly_a_year_ahead_is_allowed(worker, areas):
    # Planned meetings may be recorded ahead; the limit is one year.
    entry = _create(worker, areas.buurt, occurred_on=timezone.localdate() + dt.timedelta(days=365))
    assert entry.pk


def test_oversized_note_is_refused(worker, areas, settings):
    limit = settings.OPBOUW_MAX_NOTE_LENGTH
    _refused("note", lambda: _create(worker, areas.buurt, note="x" * (limit + 1)))
    assert _create(worker, areas.buurt, note="x" * limit).pk


def test_failing_new_contact_rolls_back_the_whole_entry(worker, areas):
    """The entry is saved before the contacts; a contact that fails takes it all back."""
    before = _counts()
    with pytest.raises(ValidationError):
        _create(
            worker,
            areas.buurt,
            new_people_names=["Goed", "x" * 121],
            new_people_basis="consent",  # so the contacts themselves are what fails
            new_people_informed_on=timezone.localdate(),
        )
    assert _counts() == before


def test_failing_follow_up_rolls_back_the_whole_entry(worker, areas):
    before = _counts()
    with pytest.raises(ValidationError):
        _create(
            worker,
            areas.buurt,
            new_people_names=["Karin"],
            new_people_basis="consent",
            new_people_informed_on=timezone.localdate(),
            follow_ups=[services.FollowUpInput("x" * 301, timezone.localdate())],
        )
    assert _counts() == before


def test_unknown_kind_is_refused(worker, areas):
    _refused("kind", lambda: _create(worker, areas.buurt, kind="gossip"))


def test_entry_update_changes_fields_and_search_follows(worker, areas):
    entry = _create(worker, areas.buurt, note="Over de speeltuin gesproken.")
    person = PersonFactory(area=areas.buurt)
    groen = Theme.objects.get(slug="groen")
    services.entry_update(
        entry=entry,
        editor=worker,
        kind=EntryKind.MEETING,
        occurred_on=timezone.localdate() - dt.timedelta(days=1),
        area=areas.buurt2,
        note="Over de moestuin gesproken.",
        duration_minutes=30,
        place=None,
        people=[person],
        groups=[],
        organisations=[],
        themes=[groen],
        anonymous_count=4,
    )
    entry.refresh_from_db()
    assert (entry.kind, entry.area, entry.anonymous_count) == (EntryKind.MEETING, areas.buurt2, 4)
    assert list(entry.people.all()) == [person]
    assert list(entry.themes.all()) == [groen]
    everything = JournalEntry.objects.all()
    assert list(search_entries(everything, "moestuin")) == [entry]
    assert list(search_entries(everything, "speeltuin")) == []


def test_entry_update_cannot_move_an_entry_out_of_the_editors_areas(worker, areas):
    entry = _create(worker, areas.buurt)
    with pytest.raises(ValidationError) as info:
        services.entry_update(
            entry=entry,
            editor=worker,
            kind=entry.kind,
            occurred_on=entry.occurred_on,
            area=areas.other_buurt,
            note=entry.note,
            duration_minutes=None,
            place=None,
            people=[],
            groups=[],
            organisations=[],
            themes=[],
            anonymous_count=0,
        )
    assert "area" in info.value.message_dict
    entry.refresh_from_db()
    assert entry.area == areas.buurt


def test_follow_up_complete_and_signal_status(worker, areas, organisation):
    entry = JournalEntryFactory(area=areas.buurt, author=worker)
    follow_up = services.follow_up_create(
        entry=entry, assignee=worker, description="Langsgaan", due_on=timezone.localdate()
    )
    services.follow_up_complete(follow_up=follow_up)
    follow_up.refresh_from_db()
    assert follow_up.done_on == timezone.localdate()

    signal = services.signal_create(entry=entry, organisation=organisation, description="Lekkage")
    services.signal_set_status(signal=signal, status=Signal.Status.RESOLVED, note="Gemaakt")
    signal.refresh_from_db()
    assert (signal.status, signal.status_note, signal.is_open) == (
        Signal.Status.RESOLVED,
        "Gemaakt",
        False,
    )
    with pytest.raises(ValidationError) as info:
        services.signal_set_status(signal=signal, status="vanished")
    assert "status" in info.value.message_dict
    signal.refresh_from_db()
    assert signal.status == Signal.Status.RESOLVED


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=80))
def test_search_accepts_any_text_a_user_can_type(worker, areas, query):
    """FTS5 and tsquery have their own syntax; user input must never reach it as syntax."""
    JournalEntryFactory(area=areas.buurt, author=worker, note="Koffie met de buren.")
    found = list(search_entries(JournalEntry.objects.all(), query))
    assert len(found) <= JournalEntry.objects.count()
