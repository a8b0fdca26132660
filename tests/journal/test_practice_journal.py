"""Counts before names, the purpose of an entry, door rounds, the basis of a new contact, the
consent of a signal to the police or the wijkteam (issue 21, docs/practice.md)."""

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone

from opbouw.initiatives.models import Initiative, Stage, SupportMoment
from opbouw.journal.models import (
    EntryKind,
    JournalEntry,
    ParticipantCount,
    Purpose,
    Signal,
)
from opbouw.people.models import Person
from opbouw.reports import practice_selectors
from tests.factories import (
    GroupFactory,
    JournalEntryFactory,
    OrganisationFactory,
    PersonFactory,
)

TODAY = timezone.localdate


def _data(area, **overrides):
    data = {
        "kind": EntryKind.CONTACT,
        "occurred_on": TODAY().isoformat(),
        "area": area.pk,
        "note": "Gesprek bij de voordeur.",
    }
    data.update(overrides)
    return data


def _stored():
    return (
        JournalEntry.objects.count(),
        Person.objects.count(),
        ParticipantCount.objects.count(),
        Signal.objects.count(),
    )


# --- counts before names -----------------------------------------------------------------


def test_a_door_round_records_counts_and_nobody_by_name(worker_client, areas):
    response = worker_client.post(
        reverse("journal:create"),
        _data(
            areas.buurt,
            kind=EntryKind.DOOR_ROUND,
            note="Portiekronde Esrijstraat 2-40.",
            count_doors_knocked=40,
            count_doors_opened=22,
            anonymous_count=25,
            count_age_66=9,
            count_newcomer=4,
        ),
    )
    assert response.status_code == 302
    entry = JournalEntry.objects.get()
    assert entry.counts_only and entry.anonymous_count == 25
    assert entry.purpose == Purpose.COLLECTIVE
    assert not entry.people.exists()
    counts = dict(entry.participant_counts.values_list("category", "count"))
    assert counts == {"doors_knocked": 40, "doors_opened": 22, "age_66": 9, "newcomer": 4}
    page = worker_client.get(response["Location"]).content.decode()
    assert "Deuren aangebeld: 40" in page and "Ouderen (66+): 9" in page


def test_a_door_round_with_a_name_is_refused_and_nothing_is_stored(worker_client, areas):
    person = PersonFactory(area=areas.buurt)
    before = _stored()
    response = worker_client.post(
        reverse("journal:create"),
        _data(areas.buurt, kind=EntryKind.DOOR_ROUND, count_doors_knocked=10, people=[person.pk]),
    )
    assert response.status_code == 400
    assert "people" in response.context["form"].errors
    assert "alleen aantallen" in response.content.decode()
    assert _stored() == before


def test_a_door_round_needs_the_number_of_doors(worker_client, areas):
    response = worker_client.post(
        reverse("journal:create"), _data(areas.buurt, kind=EntryKind.DOOR_ROUND)
    )
    assert response.status_code == 400
    assert 'id="id_count_doors_knocked_error"' in response.content.decode()
    assert not JournalEntry.objects.exists()


def test_more_doors_opened_than_knocked_is_refused(worker_client, areas):
    response = worker_client.post(
        reverse("journal:create"),
        _data(areas.buurt, kind=EntryKind.DOOR_ROUND, count_doors_knocked=5, count_doors_opened=6),
    )
    assert response.status_code == 400
    assert "count_doors_opened" in response.context["form"].errors
    assert not JournalEntry.objects.exists()


def test_categories_may_not_add_up_to_more_than_the_anonymous_total(worker_client, areas):
    before = _stored()
    response = worker_client.post(
        reverse("journal:create"),
        _data(areas.buurt, kind=EntryKind.MEETING, anonymous_count=5, count_age_0_12=4,
              count_age_27_65=3),
    )  # fmt: skip
    assert response.status_code == 400
    assert 'id="id_count_age_0_12_error"' in response.content.decode()
    assert "tellen op tot 7" in response.content.decode()
    assert _stored() == before


def test_categories_alone_give_the_total(worker_client, areas):
    worker_client.post(
        reverse("journal:create"),
        _data(areas.buurt, kind=EntryKind.MEETING, count_newcomer=3, count_regular=8,
              count_age_27_65=6),
    )  # fmt: skip
    assert JournalEntry.objects.get().anonymous_count == 11


def test_door_counts_belong_to_a_door_round(worker_client, areas):
    response = worker_client.post(
        reverse("journal:create"), _data(areas.buurt, count_doors_knocked=3)
    )
    assert response.status_code == 400
    assert "count_doors_knocked" in response.context["form"].errors
    assert not JournalEntry.objects.exists()


def test_editing_replaces_the_counts(worker_client, worker, areas):
    entry = JournalEntryFactory(area=areas.buurt, author=worker, kind=EntryKind.MEETING)
    ParticipantCount.objects.create(entry=entry, category="age_0_12", count=4)
    url = reverse("journal:edit", args=[entry.pk])
    assert 'value="4"' in worker_client.get(url).content.decode()
    response = worker_client.post(
        url, _data(areas.buurt, kind=EntryKind.MEETING, anonymous_count=6, count_age_66=6)
    )
    assert response.status_code == 302
    assert dict(entry.participant_counts.values_list("category", "count")) == {"age_66": 6}


# --- a name only with a lawful basis and the informing date --------------------------------


@pytest.mark.parametrize("missing", ["new_people_basis", "new_people_informed_on"])
def test_a_new_contact_without_basis_or_informing_date_stores_no_name(
    worker_client, areas, missing
):
    data = _data(
        areas.buurt,
        new_person=["Karin Nieuw"],
        new_people_basis="consent",
        new_people_informed_on=TODAY().isoformat(),
    )
    del data[missing]
    before = _stored()
    response = worker_client.post(reverse("journal:create"), data)
    assert response.status_code == 400
    assert missing in response.context["form"].errors
    assert f'id="id_{missing}_error"' in response.content.decode()
    assert _stored() == before
    assert not Person.objects.filter(name="Karin Nieuw").exists()


def test_the_service_stores_no_name_without_a_basis(worker, areas):
    from django.core.exceptions import ValidationError

    from opbouw.journal.services import entry_create

    with pytest.raises(ValidationError) as caught:
        entry_create(
            author=worker,
            kind=EntryKind.CONTACT,
            occurred_on=TODAY(),
            area=areas.buurt,
            new_people_names=["Omar Nieuw"],
        )
    assert set(caught.value.message_dict) == {"new_people_basis", "new_people_informed_on"}
    assert not Person.objects.filter(name="Omar Nieuw").exists()
    assert not JournalEntry.objects.exists()


def test_a_new_contact_with_a_basis_keeps_it(worker_client, areas):
    response = worker_client.post(
        reverse("journal:create"),
        _data(
            areas.buurt,
            new_person=["Karin Nieuw"],
            new_people_basis="legitimate_interest",
            new_people_informed_on=TODAY().isoformat(),
        ),
    )
    assert response.status_code == 302
    person = Person.objects.get(name="Karin Nieuw")
    assert (person.record_basis, person.informed_on) == ("legitimate_interest", TODAY())


# --- the purpose of an entry ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "purpose"),
    [
        (EntryKind.CONTACT, Purpose.INDIVIDUAL),
        (EntryKind.MEETING, Purpose.COLLECTIVE),
        (EntryKind.SIGNAL, Purpose.COLLECTIVE),
        (EntryKind.PARTNER_MEETING, Purpose.NETWORK),
    ],
)
def test_without_a_choice_an_entry_gets_its_kinds_purpose(worker_client, areas, kind, purpose):
    worker_client.post(reverse("journal:create"), _data(areas.buurt, kind=kind))
    entry = JournalEntry.objects.get()
    assert (entry.purpose, entry.purpose_guessed) == (purpose, False)


def test_the_worker_chooses_the_purpose(worker_client, areas):
    worker_client.post(
        reverse("journal:create"),
        _data(areas.buurt, kind=EntryKind.HOME_VISIT, purpose=Purpose.COLLECTIVE),
    )
    assert JournalEntry.objects.get().purpose == Purpose.COLLECTIVE


def test_an_unknown_purpose_is_refused(worker_client, areas):
    response = worker_client.post(reverse("journal:create"), _data(areas.buurt, purpose="x"))
    assert response.status_code == 400
    assert "purpose" in response.context["form"].errors
    assert not JournalEntry.objects.exists()


def test_saving_a_guessed_purpose_confirms_it(worker_client, worker, areas):
    entry = JournalEntryFactory(area=areas.buurt, author=worker, purpose_guessed=True)
    page = worker_client.get(reverse("journal:detail", args=[entry.pk])).content.decode()
    assert "geschat bij de overstap" in page
    worker_client.post(
        reverse("journal:edit", args=[entry.pk]),
        _data(areas.buurt, purpose=Purpose.NETWORK),
    )
    entry.refresh_from_db()
    assert (entry.purpose, entry.purpose_guessed) == (Purpose.NETWORK, False)


def test_the_collective_share_follows_the_workers_classification(worker, areas):
    day = TODAY()
    JournalEntryFactory(
        area=areas.buurt,
        author=worker,
        kind=EntryKind.CONTACT,
        purpose=Purpose.COLLECTIVE,
        duration_minutes=90,
        occurred_on=day,
    )
    JournalEntryFactory(
        area=areas.buurt,
        author=worker,
        kind=EntryKind.MEETING,
        purpose=Purpose.INDIVIDUAL,
        duration_minutes=30,
        occurred_on=day,
    )
    JournalEntryFactory(area=areas.buurt, author=worker, kind=EntryKind.PARTNER_MEETING,
                        purpose=Purpose.NETWORK, duration_minutes=60, occurred_on=day,
                        purpose_guessed=True)  # fmt: skip
    result = practice_selectors.collective_split(frozenset({areas.buurt.pk}), day, day)
    (row,) = result["rows"]
    assert (row["collective_hours"], row["individual_hours"], row["network_hours"]) == (
        1.5,
        0.5,
        1.0,
    )
    assert row["collective_share"] == 50  # 90 of 180 minutes
    assert result["guessed"] == 1


# --- the migration's first guess ------------------------------------------------------------


def test_the_migration_guesses_the_purpose_from_the_old_rule_and_marks_it(worker, areas):
    migration = importlib.import_module("opbouw.journal.migrations.0006_practice_journal")
    alone = JournalEntryFactory(area=areas.buurt, author=worker, kind=EntryKind.CONTACT)
    crowded = JournalEntryFactory(
        area=areas.buurt, author=worker, kind=EntryKind.CONTACT, anonymous_count=3
    )
    with_group = JournalEntryFactory(
        area=areas.buurt, author=worker, kind=EntryKind.HOME_VISIT, groups=[GroupFactory()]
    )
    supported = JournalEntryFactory(area=areas.buurt, author=worker, kind=EntryKind.CONTACT)
    initiative = Initiative.objects.create(
        title="Samen eten",
        goal="Samen eten.",
        area=areas.buurt,
        stage=Stage.ACTION,
        stage_since=TODAY(),
        created_by=worker,
    )
    SupportMoment.objects.create(initiative=initiative, entry=supported, stage=Stage.ACTION)
    partner = JournalEntryFactory(area=areas.buurt, author=worker, kind=EntryKind.PARTNER_MEETING)
    signal = JournalEntryFactory(area=areas.buurt, author=worker, kind=EntryKind.SIGNAL)
    JournalEntry.objects.update(purpose="network", purpose_guessed=False)

    migration.guess_purpose(django_apps, None)

    got = dict(JournalEntry.objects.values_list("pk", "purpose"))
    assert got == {
        alone.pk: "individual",
        crowded.pk: "collective",
        with_group.pk: "collective",
        supported.pk: "collective",
        partner.pk: "collective",
        signal.pk: "collective",
    }
    assert set(JournalEntry.objects.values_list("purpose_guessed", flat=True)) == {True}


# --- individual signals to the police or the wijkteam ----------------------------------------


def test_a_signal_to_the_police_about_a_named_resident_needs_its_own_ground(worker_client, areas):
    police = OrganisationFactory(name="Politie Hengelo", kind="police")
    person = PersonFactory(area=areas.buurt)
    data = _data(
        areas.buurt,
        people=[person.pk],
        signal_organisation=police.pk,
        signal_description="Overlast in het portiek",
    )
    before = _stored()
    response = worker_client.post(reverse("journal:create"), data)
    assert response.status_code == 400
    assert 'id="id_signal_consent_error"' in response.content.decode()
    assert _stored() == before

    response = worker_client.post(reverse("journal:create"), {**data, "signal_consent": "consent"})
    assert response.status_code == 302
    assert Signal.objects.get().consent == "consent"


def test_a_signal_from_an_entry_without_names_needs_no_consent(worker_client, areas):
    police = OrganisationFactory(name="Politie Hengelo", kind="police")
    response = worker_client.post(
        reverse("journal:create"),
        _data(
            areas.buurt,
            anonymous_count=6,
            signal_organisation=police.pk,
            signal_description="Donkere steeg achter het winkelcentrum",
        ),
    )
    assert response.status_code == 302
    assert Signal.objects.get().consent == "not_personal"


def test_reports_count_anonymous_people_over_every_kind(worker, areas):
    from opbouw.reports.models import Report
    from opbouw.reports.selectors import report_content

    day = TODAY()
    door = JournalEntryFactory(area=areas.buurt, author=worker, kind=EntryKind.DOOR_ROUND,
                               anonymous_count=20, occurred_on=day)  # fmt: skip
    ParticipantCount.objects.create(entry=door, category="age_66", count=10)
    JournalEntryFactory(area=areas.buurt, author=worker, kind=EntryKind.MEETING,
                        anonymous_count=15, occurred_on=day)  # fmt: skip
    report = Report.objects.create(
        area=areas.wijk,
        title="Jaar",
        period_start=day - dt.timedelta(days=30),
        period_end=day,
        created_by=worker,
    )
    content = report_content(worker, report)
    assert content["outputs"]["anonymous_total"] == 35
    assert {"label": "ouderen (66+)", "count": 10} in content["outputs"]["by_category"]
    assert content["collective"]["share"] is None  # no hours recorded
    assert content["collective"]["entries"]["collective"] == 2
