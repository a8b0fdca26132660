"""Consent withdrawal by the resident, and the processing register (AVG art. 30)."""

import csv
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from opbouw.assets.selectors import gift_points
from opbouw.people.models import Consent, Person
from opbouw.people.permissions import display_name
from opbouw.people.pseudonyms import pseudonym, view_scope
from tests.factories import ConsentFactory, client_for


@pytest.fixture
def resident_person(users):
    return Person.objects.get(user=users["resident"])


def test_a_resident_withdraws_a_consent_and_it_takes_effect_at_once(users, areas):
    person = Person.objects.get(user=users["resident"])
    tag = person.gifts.model.objects.create(slug="zingen-t", name_nl="zingen", name_en="singing")
    person.gifts.add(tag)
    sharing = ConsentFactory(person=person, purpose=Consent.Purpose.SHARING_CARE)
    ConsentFactory(person=person, purpose=Consent.Purpose.PROFILE)
    matching = ConsentFactory(person=person, purpose=Consent.Purpose.MATCHING)
    partner = users["partner"]
    assert display_name(partner, Person.objects.get(pk=person.pk)) == "Rita Bewoner"
    areas.buurt.boundary = {
        "type": "Polygon",
        "coordinates": [[[6.79, 52.26], [6.8, 52.26], [6.8, 52.27], [6.79, 52.27], [6.79, 52.26]]],
    }
    areas.buurt.save()
    assert [p.count for p in gift_points([areas.buurt.pk])] == [1]
    client = client_for(users["resident"])
    page = client.get(reverse("privacy:mine")).content.decode()
    assert reverse("privacy:consent_withdraw", args=[sharing.pk]) in page

    client.post(reverse("privacy:consent_withdraw", args=[sharing.pk]))
    client.post(reverse("privacy:consent_withdraw", args=[matching.pk]))

    # At once: partners see a pseudonym, the talent leaves the map's counts.
    assert display_name(partner, Person.objects.get(pk=person.pk)) == pseudonym(
        person.pk, view_scope(partner, "people")
    )
    assert gift_points([areas.buurt.pk]) == []
    # And the withdrawal is itself on record, dated, by whom; nothing deleted.
    sharing.refresh_from_db()
    assert sharing.withdrawn_on == timezone.localdate()
    assert sharing.withdrawn_by == users["resident"]
    assert Consent.objects.filter(person=person).count() == 3
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Ingetrokken op" in page


def test_a_resident_cannot_withdraw_someone_elses_or_a_non_consent_basis(users, areas):
    other = ConsentFactory(person__area=areas.buurt, purpose=Consent.Purpose.SHARING)
    own_task = ConsentFactory(
        person=Person.objects.get(user=users["resident"]),
        purpose=Consent.Purpose.CONTACT,
        basis=Consent.Basis.PUBLIC_TASK,
    )
    client = client_for(users["resident"])
    for consent in (other, own_task):
        response = client.post(reverse("privacy:consent_withdraw", args=[consent.pk]))
        assert response.status_code == 404
        consent.refresh_from_db()
        assert consent.withdrawn_on is None
    # A worker without a person record of their own has no "my data" page.
    assert client_for(users["worker"]).get(reverse("privacy:mine")).status_code == 404


def test_the_register_page_is_generated_from_models_purposes_and_retention(users, settings):
    settings.OPBOUW_RETENTION = {**settings.OPBOUW_RETENTION, "journal_person_notes": 500}
    page = client_for(users["coordinator"]).get(reverse("privacy:register"))
    assert page.status_code == 200
    text = page.content.decode()
    for expected in [
        "Logboek van het opbouwwerk",
        "Contactadministratie van bewoners en contacten",
        "naam of roepnaam",  # a field's verbose name
        "notitie",
        "naam delen met het wijkteam en zorg",  # a consent purpose
        "500 dagen",  # from the retention setting
        "opbouwwerker",  # a recipient role
        "toegang per rol en per gebied",  # a security measure
    ]:
        assert expected in text, expected
    for role in ("worker", "partner", "policy", "resident"):
        assert client_for(users[role]).get(reverse("privacy:register")).status_code == 404, role


def test_the_register_exports_as_csv_and_json(users):
    client = client_for(users["admin"])
    response = client.get(reverse("privacy:register_csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_key = {row["key"]: row for row in rows}
    assert {"people", "journal", "dialogue", "initiatives", "assets", "accounts", "privacy"} <= set(
        by_key
    )
    assert "naam of roepnaam" in by_key["people"]["data_categories"]
    assert "730 dagen" in by_key["journal"]["retention"]
    data = json.loads(client.get(reverse("privacy:register_json")).content)
    journal = next(entry for entry in data if entry["key"] == "journal")
    assert journal["basis"].startswith("Publieke taak")
    assert any("notitie" in c["fields"] for c in journal["data_categories"])
    assert client_for(users["worker"]).get(reverse("privacy:register_json")).status_code == 404
