"""Participation processes (the participatieladder per municipal decision, agreed in advance)
and the municipality's role on initiatives (overheidsparticipatie), with the migration that
carries the old ladder on initiatives over."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from opbouw.initiatives import participation_services
from opbouw.initiatives.participation import ParticipationLevel, ParticipationProcess
from tests.assets.helpers import login
from tests.initiatives.helpers import days_ago

pytestmark = pytest.mark.django_db


def _process(user, area, **overrides):
    values = {
        "created_by": user,
        "area": area,
        "decision": "Herinrichting van het Vlinderplein",
        "scope": "De indeling; het budget ligt vast.",
        "level_agreed": ParticipationLevel.COPRODUCE,
        "agreed_on": days_ago(100),
        "decided_by": "het college",
    }
    return participation_services.process_create(**{**values, **overrides})


@pytest.mark.parametrize("role", ["worker", "policy", "coordinator"])
def test_workers_and_the_municipality_record_the_level_in_advance(users, areas, role):
    process = _process(users[role], areas.buurt)
    assert (process.level_agreed, process.level_realised, process.gap) == (4, None, None)


@pytest.mark.parametrize("role", ["resident", "partner", "other_worker"])
def test_others_may_not_record_a_process_here(users, areas, role):
    with pytest.raises(ValidationError):
        _process(users[role], areas.buurt)
    assert not ParticipationProcess.objects.exists()


def test_the_realised_level_afterwards_shows_less_influence_than_promised(users, areas):
    process = _process(users["worker"], areas.buurt)
    participation_services.process_realise(
        process=process, by=users["policy"], level_realised=ParticipationLevel.ADVISE,
        realised_on=days_ago(10), realised_note="Het ontwerp is deels overgenomen.",
    )  # fmt: skip
    process.refresh_from_db()
    assert (process.level_realised, process.gap) == (ParticipationLevel.ADVISE, -1)
    page = login(users["resident"]).get(process.get_absolute_url()).content.decode()
    assert "minder invloed dan vooraf was toegezegd" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"realised_on": days_ago(200)}, "realised_on", "vóór de afspraak"),
        ({"realised_on": days_ago(-1)}, "realised_on", "in de toekomst"),
        ({"realised_note": "  "}, "realised_note", "inbreng van bewoners"),
    ],
)
def test_bad_realisation_is_refused_and_nothing_changes(users, areas, changes, field, message):
    process = _process(users["worker"], areas.buurt)
    values = {"level_realised": 5, "realised_on": days_ago(1), "realised_note": "Gedaan."}
    with pytest.raises(ValidationError) as error:
        participation_services.process_realise(
            process=process, by=users["worker"], **{**values, **changes}
        )
    assert message in " ".join(error.value.message_dict[field])
    stored = ParticipationProcess.objects.get(pk=process.pk)
    assert (stored.level_realised, stored.realised_on, stored.realised_note) == (None, None, "")


def test_the_page_refuses_bad_input_at_the_field_and_keeps_the_agreed_level(users, areas):
    process = _process(users["worker"], areas.buurt)
    client = login(users["worker"])
    url = reverse("initiatives:process_realise", args=[process.pk])
    response = client.post(url, {"level_realised": "5", "realised_on": days_ago(1).isoformat()})
    assert response.status_code == 400
    html = response.content.decode()
    # The project-wide error summary, linking to the field that has its error beside it.
    assert "Verbeter deze om door te gaan" in html and "data-error-summary" in html
    assert 'href="#id_realised_note"' in html and 'id="id_realised_note_error"' in html
    assert '<option value="5" selected>' in html  # the level chosen comes back
    process.refresh_from_db()
    assert process.level_realised is None
    # The agreed level has no field anywhere: it is fixed once recorded.
    html = client.get(process.get_absolute_url()).content.decode()
    assert 'name="level_agreed"' not in html


def test_the_create_page_records_a_process(users, areas):
    client = login(users["policy"])
    response = client.post(
        reverse("initiatives:process_create"),
        {"decision": "Parkeerbeleid", "area": areas.buurt.pk, "scope": "Waar en tot hoe laat.",
         "level_agreed": "2", "agreed_on": days_ago(3).isoformat()},
    )  # fmt: skip
    process = ParticipationProcess.objects.get()
    assert response.status_code == 302 and response["Location"] == process.get_absolute_url()
    assert process.get_level_agreed_display() == "raadplegen"
    listing = login(users["resident"]).get(reverse("initiatives:process_list")).content.decode()
    assert "Parkeerbeleid" in listing and "nog niet beoordeeld" in listing


@pytest.mark.django_db(transaction=True)
def test_the_migration_carries_the_ladder_into_the_role_or_a_note(users, areas):
    executor = MigrationExecutor(connection)
    old = [("initiatives", "0001_initial")]
    new = [("initiatives", "0002_municipal_role_practice_model")]
    executor.migrate(old)
    old_apps = executor.loader.project_state(old).apps
    Initiative = old_apps.get_model("initiatives", "Initiative")
    LadderChange = old_apps.get_model("initiatives", "LadderChange")
    run_by_residents = Initiative.objects.create(
        title="Kookclub", goal="Koken.", area_id=areas.buurt.pk, stage="independent",
        stage_since=dt.date(2025, 1, 1), participation_level=6,
    )  # fmt: skip
    advised = Initiative.objects.create(
        title="Jongerenplek", goal="Plek.", area_id=areas.buurt.pk, stage="core",
        stage_since=dt.date(2025, 1, 1), participation_level=3,
    )  # fmt: skip
    untouched = Initiative.objects.create(
        title="Bankje", goal="Zitten.", area_id=areas.buurt.pk, stage="idea",
        stage_since=dt.date(2025, 1, 1),
    )  # fmt: skip
    LadderChange.objects.create(
        initiative=run_by_residents, level=4, note="Samen opgezet.",
        reached_on=dt.date(2024, 3, 1), set_by_id=users["worker"].pk,
    )  # fmt: skip
    LadderChange.objects.create(
        initiative=run_by_residents, level=6, note="Zelf de kas.",
        reached_on=dt.date(2024, 9, 1), set_by_id=users["worker"].pk,
    )  # fmt: skip
    LadderChange.objects.create(
        initiative=advised, level=3, note="Advies aan de gemeente.",
        reached_on=dt.date(2024, 5, 1),
    )  # fmt: skip

    executor = MigrationExecutor(connection)
    executor.migrate(new)
    new_apps = executor.loader.project_state(new).apps
    Initiative = new_apps.get_model("initiatives", "Initiative")
    MunicipalRoleChange = new_apps.get_model("initiatives", "MunicipalRoleChange")

    facilitated = Initiative.objects.get(pk=run_by_residents.pk)
    assert facilitated.municipal_role == "facilitate"
    assert "01-03-2024: coproduceren (Samen opgezet.)" in facilitated.municipal_role_note
    assert "01-09-2024: zelfbeheer (Zelf de kas.)" in facilitated.municipal_role_note
    change = MunicipalRoleChange.objects.get(initiative_id=run_by_residents.pk)
    assert (change.role, change.set_on, change.set_by_id) == (
        "facilitate", dt.date(2024, 9, 1), users["worker"].pk,
    )  # fmt: skip
    noted = Initiative.objects.get(pk=advised.pk)
    assert noted.municipal_role == ""
    assert "adviseren (Advies aan de gemeente.)" in noted.municipal_role_note
    assert "Kies zelf wat de gemeente doet: loslaten" in noted.municipal_role_note
    assert not MunicipalRoleChange.objects.filter(initiative_id=advised.pk).exists()
    plain = Initiative.objects.get(pk=untouched.pk)
    assert (plain.municipal_role, plain.municipal_role_note) == ("", "")
