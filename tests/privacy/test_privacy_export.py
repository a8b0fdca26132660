"""Inzage and export (AVG art. 15/20): a ZIP of JSON and CSV per table with a README."""

import csv
import datetime as dt
import io
import json
import zipfile

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from opbouw.core import personal_data as pd
from opbouw.privacy.models import ExportRequest
from opbouw.privacy.services import export_create, export_path
from tests.factories import client_for
from tests.privacy.support import EMAIL, NAME, PHONE, spread


@pytest.fixture
def world(areas, users, settings, tmp_path):
    settings.OPBOUW_UPLOAD_ROOT = tmp_path / "uploads"
    settings.OPBOUW_EXPORT_ROOT = tmp_path / "exports"
    return spread(areas, users, tmp_path)


def _zip(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_a_resident_downloads_everything_held_about_them(world):
    response = world.client.post(reverse("privacy:export_create", args=[world.person.pk]))
    assert response.status_code == 302
    export = ExportRequest.objects.get(person=world.person)
    # The URL carries an opaque token, never a name or the person's id.
    url = reverse("privacy:export_download", args=[export.token])
    assert "wissinkveld" not in url.lower() and f"/{world.person.pk}/" not in url
    page = world.client.get(reverse("privacy:mine"))
    assert url in page.content.decode()

    response = world.client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "wissinkveld" not in response["Content-Disposition"].lower()
    archive = _zip(response)
    names = set(archive.namelist())
    assert {"README.txt", "index.json"} <= names
    for table in [
        "people-person",
        "people-consent",
        "people-groupmembership",
        "journal-journalentry",
        "journal-followup",
        "journal-signal",
        "dialogue-participant",
        "dialogue-vote",
        "dialogue-statement",
        "initiatives-member",
        "initiatives-initiative",
        "initiatives-grantapplication",
        "initiatives-attachment",
        "assets-asset",
        "assets-figurenote",
        "accounts-user",
        "areas-membership",
        "network-directtie",
        "network-introduction",
    ]:
        assert f"{table}.json" in names, table
        assert f"{table}.csv" in names, table

    profile = json.loads(archive.read("people-person.json"))
    assert profile[0]["name"] == NAME and profile[0]["email"] == EMAIL
    assert profile[0]["phone"] == PHONE and profile[0]["gifts"] == ["koken"]
    entries = json.loads(archive.read("journal-journalentry.json"))
    assert len(entries) == 2  # the two entries she took part in, not the one mentioning her
    assert {e["participant_count"] for e in entries} == {1, 2}
    # Other people's names are not handed over.
    everything = b"".join(archive.read(n) for n in names).decode()
    assert "Henk de Buurman" not in everything
    votes = list(csv.DictReader(io.StringIO(archive.read("dialogue-vote.csv").decode())))
    assert len(votes) == 2 and {v["value"] for v in votes} == {"eens"}

    # The README explains every column of every table, in Dutch and in English.
    readme = archive.read("README.txt").decode()
    assert "Uw gegevens in opbouw" in readme and "Your data in opbouw" in readme
    for name in names - {"README.txt", "index.json"}:
        if not name.endswith(".csv"):
            continue
        header = next(csv.reader(io.StringIO(archive.read(name).decode())))
        for column in header:
            assert f"  {column}: " in readme, (name, column)
    assert "naam of roepnaam" in readme and "name or preferred name" in readme


def test_the_file_is_outside_the_web_root_and_only_for_the_requester(world, users):
    export = export_create(person=world.person, requested_by=users["worker"])
    path = export_path(export)
    assert path.is_file()
    for root in (django_settings.STATIC_ROOT, django_settings.MEDIA_ROOT):
        assert not str(path.resolve()).startswith(str(root))
    url = reverse("privacy:export_download", args=[export.token])
    assert client_for(users["worker"]).get(url).status_code == 200
    # Not the resident herself (she did not ask for this one), not a colleague, not anyone.
    for user in (world.user, users["coordinator"], users["other_worker"], users["admin"]):
        assert client_for(user).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302
    assert (
        client_for(users["worker"])
        .get(reverse("privacy:export_download", args=["bestaat-niet"]))
        .status_code
        == 404
    )


def test_an_expired_export_is_not_served(world, users):
    export = export_create(person=world.person, requested_by=users["worker"])
    ExportRequest.objects.filter(pk=export.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    url = reverse("privacy:export_download", args=[export.token])
    assert client_for(users["worker"]).get(url).status_code == 404


def test_a_worker_starts_an_export_from_the_person_page(world, users):
    page = client_for(users["worker"]).get(reverse("people:detail", args=[world.person.pk]))
    assert reverse("privacy:export_create", args=[world.person.pk]) in page.content.decode()
    assert reverse("privacy:erase", args=[world.person.pk]) in page.content.decode()
    response = client_for(users["worker"]).post(
        reverse("privacy:export_create", args=[world.person.pk])
    )
    assert response.status_code == 302 and response["Location"] == reverse("privacy:index")
    export = ExportRequest.objects.get(requested_by=users["worker"])
    index = client_for(users["worker"]).get(reverse("privacy:index")).content.decode()
    assert reverse("privacy:export_download", args=[export.token]) in index


def test_no_export_of_someone_outside_your_areas_or_of_another_resident(world, users):
    for user in (users["other_worker"], users["partner"], users["policy"], users["resident"]):
        response = client_for(user).post(reverse("privacy:export_create", args=[world.person.pk]))
        assert response.status_code == 404
    assert not ExportRequest.objects.exists()


def test_every_model_linked_to_a_person_or_account_is_in_the_registry():
    """Walks every FK, one-to-one and many-to-many (Django's app registry) to Person and User,
    and on from every model whose rows belong to a person (a vote hangs off a participant)."""
    assert pd.coverage_gaps() == []


def test_the_walk_notices_a_model_that_is_not_registered(monkeypatch):
    providers = dict(pd._PROVIDERS)
    del providers["dialogue.participant"]
    monkeypatch.setattr(pd, "_PROVIDERS", providers)
    gaps = pd.coverage_gaps()
    assert any(gap.startswith("dialogue.participant.user → accounts.user") for gap in gaps)


def test_the_walk_follows_rows_that_belong_to_a_person(monkeypatch):
    """Vote has no FK to Person or User; it hangs off Participant, which is an account's."""
    providers = dict(pd._PROVIDERS)
    del providers["dialogue.vote"]
    monkeypatch.setattr(pd, "_PROVIDERS", providers)
    assert any(gap.startswith("dialogue.vote.participant") for gap in pd.coverage_gaps())


def test_the_scrubber_replaces_every_spelling_but_not_other_words():
    scrub = pd.Scrubber([NAME, EMAIL, PHONE, "", "ab"])
    assert scrub(f"Bij {NAME.upper()} thuis, {EMAIL}, {PHONE}.") == (
        "Bij [verwijderd] thuis, [verwijderd], [verwijderd]."
    )
    assert scrub("Zoë kwam ook.") == "Zoë kwam ook."  # a first name alone is not her name
    assert scrub("") == ""
    short = pd.Scrubber(["Ali"])
    assert short("Ali en Alice over kwaliteit; ALI belt.") == (
        "[verwijderd] en Alice over kwaliteit; [verwijderd] belt."
    )
