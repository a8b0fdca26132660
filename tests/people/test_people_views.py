"""People and group pages: forms, errors at the field, autocomplete by POST only."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from opbouw.core.models import Tag
from opbouw.people.models import Consent, Group, GroupMembership, Person
from tests.factories import (
    ConsentFactory,
    GroupFactory,
    OrganisationFactory,
    PersonFactory,
    client_for,
)


def _person_data(area, **overrides):
    data = {
        "name": "Samira El Amrani",
        "area": area.pk,
        "languages": "nl, ar",
        "record_basis": "consent",
        "informed_on": "2026-01-05",
    }
    data.update(overrides)
    return data


# --- person create / edit ----------------------------------------------------------------


def test_create_person_redirects_to_their_page(worker_client, worker, areas):
    koken = Tag.objects.get(slug="koken")
    response = worker_client.post(
        reverse("people:create"),
        _person_data(areas.buurt, gifts=[koken.pk], phone="06-12345678"),
    )
    person = Person.objects.get(name="Samira El Amrani")
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[person.pk])
    assert person.languages == ["nl", "ar"]
    assert person.created_by == worker
    assert list(person.gifts.all()) == [koken]
    page = worker_client.get(response["Location"]).content.decode()
    assert "Samira El Amrani" in page
    assert "Het contact is toegevoegd." in page


def test_create_person_form_offers_only_the_workers_areas(worker_client, areas):
    form = worker_client.get(reverse("people:create")).context["form"]
    offered = {area.code for area in form.fields["area"].queryset}
    assert offered == {areas.wijk.code, areas.buurt.code, areas.buurt2.code}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"languages": "nl, nederlands"}, "languages"),
        ({"phone": "bel me maar"}, "phone"),
        ({"email": "geen-adres"}, "email"),
        ({"name": ""}, "name"),
    ],
)
def test_create_person_with_bad_input_shows_the_error_at_the_field(
    worker_client, areas, overrides, field
):
    response = worker_client.post(reverse("people:create"), _person_data(areas.buurt, **overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Person.objects.filter(name="Samira El Amrani").exists()


def test_create_person_in_another_area_is_refused_at_the_area_field(worker_client, areas):
    response = worker_client.post(reverse("people:create"), _person_data(areas.other_buurt))
    assert response.status_code == 400
    assert "area" in response.context["form"].errors
    assert not Person.objects.filter(name="Samira El Amrani").exists()


def test_edit_person(worker_client, areas):
    person = PersonFactory(name="Oude Naam", area=areas.buurt)
    response = worker_client.post(
        reverse("people:edit", args=[person.pk]), _person_data(areas.buurt2, name="Nieuwe Naam")
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.name == "Nieuwe Naam"
    assert person.area == areas.buurt2


def test_edit_form_is_filled_in_with_the_current_values(worker_client, areas):
    person = PersonFactory(name="Ina Ingevuld", area=areas.buurt, languages=["nl", "tr"])
    content = worker_client.get(reverse("people:edit", args=[person.pk])).content.decode()
    assert 'value="Ina Ingevuld"' in content
    assert 'value="nl, tr"' in content


# --- consents ----------------------------------------------------------------------------


def test_consent_add_and_withdraw_through_the_pages(worker_client, worker, areas):
    person = PersonFactory(area=areas.buurt)
    response = worker_client.post(
        reverse("people:consent_add", args=[person.pk]),
        {
            "purpose": Consent.Purpose.SHARING,
            "basis": Consent.Basis.CONSENT,
            "source": Consent.Source.IN_PERSON,
            "given_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get(person=person)
    assert consent.recorded_by == worker
    assert consent.is_active

    response = worker_client.post(reverse("people:consent_withdraw", args=[consent.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[person.pk])
    consent.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate()
    assert consent.withdrawn_by == worker


def test_consent_in_the_future_is_not_stored_and_the_reason_is_shown(worker_client, areas):
    person = PersonFactory(area=areas.buurt)
    response = worker_client.post(
        reverse("people:consent_add", args=[person.pk]),
        {
            "purpose": Consent.Purpose.SHARING,
            "basis": Consent.Basis.CONSENT,
            "source": Consent.Source.IN_PERSON,
            "given_on": (timezone.localdate() + dt.timedelta(days=3)).isoformat(),
        },
        follow=True,
    )
    assert not Consent.objects.exists()
    assert "toekomst" in response.content.decode()


def test_incomplete_consent_form_is_not_stored(worker_client, areas):
    person = PersonFactory(area=areas.buurt)
    worker_client.post(
        reverse("people:consent_add", args=[person.pk]), {"purpose": Consent.Purpose.SHARING}
    )
    assert not Consent.objects.exists()


def test_consent_of_a_person_in_another_area_cannot_be_withdrawn(worker_client, areas):
    consent = ConsentFactory(person=PersonFactory(area=areas.other_buurt))
    response = worker_client.post(reverse("people:consent_withdraw", args=[consent.pk]))
    assert response.status_code == 404
    consent.refresh_from_db()
    assert consent.is_active


# --- groups ------------------------------------------------------------------------------


def test_group_create_and_member_add(worker_client, areas):
    response = worker_client.post(
        reverse("people:group_create"),
        {"name": "Buurtmoestuin", "kind": Group.Kind.INFORMAL, "area": areas.wijk.pk},
    )
    group = Group.objects.get(name="Buurtmoestuin")
    assert response["Location"] == reverse("people:group_detail", args=[group.pk])
    one, two = PersonFactory.create_batch(2, area=areas.buurt)
    # A tampered id refuses the whole addition (all or nothing), with the error at the field.
    response = worker_client.post(
        reverse("people:group_member_add", args=[group.pk]),
        {"people": [one.pk, two.pk, "x"]},
        follow=True,
    )
    assert not group.members.exists()
    assert 'id="id_people_error"' in response.content.decode()
    response = worker_client.post(
        reverse("people:group_member_add", args=[group.pk]), {"people": [one.pk, two.pk]}
    )
    assert response.status_code == 302
    assert set(group.members.all()) == {one, two}


def test_group_member_add_refuses_someone_from_another_area(worker_client, areas):
    group = GroupFactory(area=areas.wijk)
    outsider = PersonFactory(area=areas.other_buurt)
    response = worker_client.post(
        reverse("people:group_member_add", args=[group.pk]), {"people": [outsider.pk]}, follow=True
    )
    assert not GroupMembership.objects.exists()
    assert "kunt u niet toevoegen" in response.content.decode()


def test_group_create_in_another_area_is_refused(worker_client, areas):
    response = worker_client.post(
        reverse("people:group_create"),
        {"name": "Elders", "kind": Group.Kind.INFORMAL, "area": areas.other_wijk.pk},
    )
    assert response.status_code == 400
    assert "area" in response.context["form"].errors
    assert not Group.objects.exists()


def test_group_list_shows_member_counts_of_own_groups_only(worker_client, areas):
    GroupFactory(
        area=areas.wijk, name="Koor", members=PersonFactory.create_batch(3, area=areas.buurt)
    )
    GroupFactory(area=areas.other_wijk, name="Elders")
    content = worker_client.get(reverse("people:group_list")).content.decode()
    assert "Koor" in content
    assert "3 leden" in content
    assert "Elders" not in content


# --- autocomplete: POST only, scoped -------------------------------------------------------


def test_person_autocomplete_is_post_only(worker_client):
    assert worker_client.get(reverse("people:autocomplete"), {"q": "Jan"}).status_code == 405


def test_person_autocomplete_finds_only_people_the_worker_may_edit(worker_client, areas):
    PersonFactory(name="Jan Hier", area=areas.buurt)
    PersonFactory(name="Jan Daar", area=areas.other_buurt)
    PersonFactory(name="Piet Hier", area=areas.buurt2)
    response = worker_client.post(reverse("people:autocomplete"), {"q": "jan"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Jan Hier" in content
    assert "Jan Daar" not in content
    assert "Piet Hier" not in content
    assert 'data-new="jan"' in content  # offer to add a new contact


def test_person_autocomplete_prefers_names_that_start_with_the_query(worker_client, areas):
    PersonFactory(name="Anna Bos", area=areas.buurt)
    PersonFactory(name="Bostan Ali", area=areas.buurt)
    content = worker_client.post(reverse("people:autocomplete"), {"q": "bos"}).content.decode()
    assert content.index("Bostan Ali") < content.index("Anna Bos")


def test_person_autocomplete_needs_two_letters(worker_client, areas):
    PersonFactory(name="Jan Hier", area=areas.buurt)
    content = worker_client.post(reverse("people:autocomplete"), {"q": "j"}).content.decode()
    assert "Jan Hier" not in content
    assert "data-new" not in content


@pytest.mark.parametrize("role", ["partner", "policy", "resident"])
def test_person_autocomplete_does_not_exist_for_roles_without_edit_rights(users, areas, role):
    PersonFactory(name="Jan Hier", area=areas.buurt)
    response = client_for(users[role]).post(reverse("people:autocomplete"), {"q": "jan"})
    assert response.status_code == 404


def test_group_and_organisation_autocomplete(worker_client, areas):
    GroupFactory(area=areas.wijk, name="Repair Café Berflo")
    GroupFactory(area=areas.other_wijk, name="Repair Café Elders")
    OrganisationFactory(name="Welbions")
    groups = worker_client.post(reverse("people:group_autocomplete"), {"q": "repair"})
    assert "Repair Café Berflo" in groups.content.decode()
    assert "Elders" not in groups.content.decode()
    orgs = worker_client.post(reverse("people:organisation_autocomplete"), {"q": "welb"})
    assert "Welbions" in orgs.content.decode()
    assert worker_client.get(reverse("people:group_autocomplete")).status_code == 405
    assert worker_client.get(reverse("people:organisation_autocomplete")).status_code == 405


def test_directory_area_filter_narrows_to_a_buurt(worker_client, areas):
    PersonFactory(name="Noord Persoon", area=areas.buurt)
    PersonFactory(name="Zuid Persoon", area=areas.buurt2)
    content = worker_client.get(reverse("people:list"), {"gebied": areas.buurt2.code})
    content = content.content.decode()
    assert "Zuid Persoon" in content
    assert "Noord Persoon" not in content


def test_directory_ignores_a_search_word_in_the_url(worker_client, areas):
    """Search travels by POST; a ?q= in a link does not filter (and so is never needed)."""
    PersonFactory(name="Noord Persoon", area=areas.buurt)
    PersonFactory(name="Zuid Persoon", area=areas.buurt2)
    content = worker_client.get(reverse("people:list"), {"q": "Noord"}).content.decode()
    assert "Zuid Persoon" in content


def test_directory_pages_by_fifty(worker_client, areas):
    Person.objects.bulk_create(Person(name=f"Persoon {i:03d}", area=areas.buurt) for i in range(60))
    first = worker_client.get(reverse("people:list")).content.decode()
    assert "Persoon 000" in first
    assert "Persoon 055" not in first
    assert 'href="?page=2"' in first
    second = worker_client.get(reverse("people:list"), {"page": 2}).content.decode()
    assert "Persoon 059" in second
    assert "Persoon 000" not in second


@pytest.mark.parametrize("missing", ["record_basis", "informed_on"])
def test_a_new_person_without_basis_or_informing_date_is_not_stored(worker_client, areas, missing):
    data = _person_data(areas.buurt)
    del data[missing]
    response = worker_client.post(reverse("people:create"), data)
    assert response.status_code == 400
    assert missing in response.context["form"].errors
    assert f'id="id_{missing}_error"' in response.content.decode()
    assert not Person.objects.filter(name="Samira El Amrani").exists()


def test_a_new_person_informed_in_the_future_is_refused(worker_client, areas):
    future = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    response = worker_client.post(
        reverse("people:create"), _person_data(areas.buurt, informed_on=future)
    )
    assert response.status_code == 400
    assert "informed_on" in response.context["form"].errors
    assert not Person.objects.filter(name="Samira El Amrani").exists()


def test_a_new_person_keeps_basis_and_informing_date(worker_client, areas):
    worker_client.post(reverse("people:create"), _person_data(areas.buurt))
    person = Person.objects.get(name="Samira El Amrani")
    assert (person.record_basis, person.informed_on) == ("consent", dt.date(2026, 1, 5))
