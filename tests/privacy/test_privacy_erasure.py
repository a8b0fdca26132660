"""Erasure (AVG art. 17): the person is gone from every text column; the counts stay true."""

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from opbouw.dialogue.models import Participant
from opbouw.people.models import Consent, Person
from opbouw.privacy.models import ErasureRequest, ExportRequest
from opbouw.privacy.services import export_create, export_path, person_erase
from tests.factories import client_for
from tests.privacy.support import NAME, NEEDLES, aggregates, spread, text_hits


@pytest.fixture
def world(areas, users, settings, tmp_path):
    settings.OPBOUW_UPLOAD_ROOT = tmp_path / "uploads"
    settings.OPBOUW_EXPORT_ROOT = tmp_path / "exports"
    return spread(areas, users, tmp_path)


def test_the_search_finds_the_person_before_erasure(world):
    """The check below means something: before, the name is in many places."""
    hits = text_hits(NEEDLES)
    for expected in [
        "people_person.name",
        "people_person.email",
        "people_person.phone",
        "journal_journalentry.note",
        "journal_followup.description",
        "journal_signal.description",
        "dialogue_statement.text",
        "initiatives_initiative.goal",
        "initiatives_supporter.name",
        "assets_asset.contact",
        "assets_figurenote.text",
        "accounts_user.email",
        "network_directtie.note",
        "network_introduction.reason",
        "reports_story.teller_name",
    ]:
        assert expected in hits, expected


def test_erasure_leaves_no_trace_in_any_text_column_and_keeps_the_counts(world, users):
    before = aggregates(world)
    export = export_create(person=world.person, requested_by=users["worker"])
    assert export_path(export).is_file()

    request = person_erase(
        person=world.person, erased_by=users["worker"], reason="Verzoek van de bewoner."
    )

    assert text_hits(NEEDLES) == []
    assert aggregates(world) == before
    assert request.status == ErasureRequest.Status.DONE
    assert request.summary["people.person"] == 1
    # The journal still counts her, as "verwijderde bewoner".
    person = Person.objects.get(pk=world.person.pk)
    assert person.name == "verwijderde bewoner"
    assert (person.email, person.phone, person.address, person.gifts_text) == ("", "", "", "")
    assert not person.gifts.exists() and not person.interests.exists()
    assert person.languages == []
    assert world.entries[0].people.filter(pk=person.pk).exists()
    note = world.entries[0].__class__.objects.get(pk=world.entries[0].pk).note
    assert note == "Huisbezoek bij [verwijderd]; zij is bereikbaar op [verwijderd] of [verwijderd]."
    # Consents are withdrawn, dated, and kept as a record.
    assert Consent.objects.filter(person=person).count() == 3
    assert not Consent.objects.filter(person=person, withdrawn_on=None).exists()
    # The exports of the person are gone, file and row.
    assert not export_path(export).exists()
    assert not ExportRequest.objects.filter(pk=export.pk).exists()


def test_erasure_ends_the_account_its_sessions_and_devices(world, users):
    user = world.user
    sessions_before = [
        s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    assert sessions_before

    person_erase(person=world.person, erased_by=users["worker"], reason="Verzoek.")

    user.refresh_from_db()
    assert not user.is_active
    assert not user.has_usable_password()
    assert user.username == f"verwijderd-{user.pk}"
    assert not user.memberships.exists()
    assert not [
        s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    # The old session cookie no longer lets anyone in.
    assert world.client.get(reverse("privacy:mine")).status_code == 302
    if apps.is_installed("django_otp.plugins.otp_totp"):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        assert not TOTPDevice.objects.filter(user_id=user.pk).exists()
    # Votes stay, unlinked from the account.
    assert not Participant.objects.filter(user_id=user.pk).exists()


def test_erasing_twice_is_refused_and_changes_nothing(world, users):
    person_erase(person=world.person, erased_by=users["worker"], reason="Verzoek.")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        person_erase(person=world.person, erased_by=users["worker"], reason="Nog eens.")
    # "verwijderde bewoner" is not itself scrubbed from other people's notes.
    assert ErasureRequest.objects.filter(status=ErasureRequest.Status.DONE).count() == 1


def test_a_worker_erases_through_the_confirm_step_and_a_reason(world, users):
    client = client_for(users["worker"])
    url = reverse("privacy:erase", args=[world.person.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Logboekregels waarin de persoon voorkomt" in page.content.decode()

    # No reason, no confirmation: refused at the fields, nothing changed.
    response = client.post(url, {"reason": "", "confirm": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert "utrecht-form-field--invalid" in body
    assert Person.objects.get(pk=world.person.pk).name == NAME

    response = client.post(url, {"reason": "Telefonisch verzoek, 3 maart.", "confirm": "on"})
    assert response.status_code == 302
    assert Person.objects.get(pk=world.person.pk).name == "verwijderde bewoner"


def test_a_resident_asks_and_a_worker_of_the_area_confirms(world, users):
    response = world.client.post(reverse("privacy:erasure_ask"), {"reason": "Ik verhuis."})
    assert response.status_code == 302
    request = ErasureRequest.objects.get(person=world.person)
    assert request.status == ErasureRequest.Status.PENDING
    assert Person.objects.get(pk=world.person.pk).name == NAME  # nothing happens yet

    # A second request while one is pending: refused, still one.
    world.client.post(reverse("privacy:erasure_ask"), {"reason": "Nog eens."})
    assert ErasureRequest.objects.filter(person=world.person).count() == 1

    # The worker of another wijk does not see it; the worker of hers does.
    other = client_for(users["other_worker"]).get(reverse("privacy:index"))
    assert NAME not in other.content.decode()
    index = client_for(users["worker"]).get(reverse("privacy:index"))
    assert NAME in index.content.decode()
    assert (
        client_for(users["other_worker"])
        .get(reverse("privacy:erase", args=[world.person.pk]))
        .status_code
        == 404
    )

    client_for(users["worker"]).post(
        reverse("privacy:erase", args=[world.person.pk]),
        {"reason": "Bevestigd na telefoongesprek.", "confirm": "on"},
    )
    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.DONE
    assert request.decided_by == users["worker"]
    assert ErasureRequest.objects.filter(person=world.person).count() == 1


def test_a_worker_rejects_a_request_with_a_reason(world, users):
    world.client.post(reverse("privacy:erasure_ask"), {"reason": ""})
    request = ErasureRequest.objects.get(person=world.person)
    client = client_for(users["worker"])
    client.post(reverse("privacy:erasure_reject", args=[request.pk]), {"reason": ""})
    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.PENDING  # no reason: unchanged
    client.post(
        reverse("privacy:erasure_reject", args=[request.pk]),
        {"reason": "Lopende buurtbudget-verantwoording."},
    )
    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.REJECTED
    assert Person.objects.get(pk=world.person.pk).name == NAME


def test_a_partner_or_the_resident_cannot_erase_directly(world, users):
    for role in ("partner", "policy", "resident"):
        response = client_for(users[role]).post(
            reverse("privacy:erase", args=[world.person.pk]),
            {"reason": "x", "confirm": "on"},
        )
        assert response.status_code == 404, role
    assert (
        world.client.post(
            reverse("privacy:erase", args=[world.person.pk]), {"reason": "x", "confirm": "on"}
        ).status_code
        == 404
    )
    assert Person.objects.get(pk=world.person.pk).name == NAME


def test_anonymous_cannot_reach_the_erasure(world):
    response = Client().post(reverse("privacy:erase", args=[world.person.pk]), {"reason": "x"})
    assert response.status_code == 302
    assert Person.objects.get(pk=world.person.pk).name == NAME
