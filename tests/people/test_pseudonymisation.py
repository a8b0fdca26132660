"""Who sees a person's name: the workers of their area and they themselves, unless consent.

Everyone else sees a pseudonym ("bewoner K7QF2M", never the database id) until the person gives
an active consent for sharing.
"""

import pytest
from django.urls import reverse

from opbouw.people import services
from opbouw.people.models import Consent, Person
from opbouw.people.permissions import (
    SHARING_PURPOSES,
    can_see_name,
    display_name,
    sharing_annotations,
)
from opbouw.people.pseudonyms import pseudonym, view_scope
from tests.factories import ConsentFactory, GroupFactory, PersonFactory, client_for

NAME = "Henk Zonderdelen"
NAMED = ["worker", "coordinator", "admin"]
PSEUDONYMISED = ["partner", "policy", "resident", "other_worker", "privacy_officer"]


@pytest.fixture
def person(areas):
    return PersonFactory(name=NAME, area=areas.buurt, email="henk@example.nl", phone="074 123 4567")


def _pseudo(user, person) -> str:
    """The pseudonym `user` sees for `person` in the people directory."""
    return pseudonym(person.pk, view_scope(user, "people"))


def _fresh(user):
    """A user object as a new request would load it (area ids are cached per object)."""
    return type(user).objects.get(pk=user.pk)


@pytest.mark.parametrize("role", NAMED)
def test_workers_of_the_area_see_the_name_without_consent(users, person, role):
    assert can_see_name(users[role], person)
    assert display_name(users[role], person) == NAME


@pytest.mark.parametrize("role", PSEUDONYMISED)
def test_everyone_else_sees_a_pseudonym_without_consent(users, person, role):
    assert not can_see_name(users[role], person)
    assert display_name(users[role], person) == _pseudo(users[role], person)


def test_a_person_sees_their_own_name(users, areas):
    own = Person.objects.get(user=users["resident"])
    assert display_name(users["resident"], own) == "Rita Bewoner"
    # ... and an anonymous visitor never does.
    from django.contrib.auth.models import AnonymousUser

    assert display_name(AnonymousUser(), own) == _pseudo(AnonymousUser(), own)


# Who sees the name through which consent: other residents through "sharing" (with other
# residents), the test partner (a wijkteam, tests/conftest.py) through "sharing_care".
CONSENTED = [("resident", Consent.Purpose.SHARING), ("partner", Consent.Purpose.SHARING_CARE)]


@pytest.mark.parametrize(("role", "purpose"), CONSENTED)
def test_active_sharing_consent_shows_the_name(users, person, role, purpose):
    ConsentFactory(person=person, purpose=purpose)
    assert display_name(_fresh(users[role]), person) == NAME


@pytest.mark.parametrize(("role", "purpose"), CONSENTED)
def test_annotated_people_give_the_same_answer(users, person, role, purpose):
    """Lists annotate the sharing consents; the answer must match the one-query path."""
    ConsentFactory(person=person, purpose=purpose)
    annotated = Person.objects.annotate(**sharing_annotations()).get(pk=person.pk)
    assert display_name(users[role], annotated) == NAME


@pytest.mark.parametrize("role", PSEUDONYMISED)
def test_consent_for_another_purpose_does_not_show_the_name(users, person, role):
    for purpose in (Consent.Purpose.CONTACT, Consent.Purpose.PROFILE, Consent.Purpose.MATCHING):
        ConsentFactory(person=person, purpose=purpose)
    assert display_name(users[role], person) == _pseudo(users[role], person)


@pytest.mark.parametrize(
    "purpose",
    [
        Consent.Purpose.SHARING,  # with other residents, not with partners
        Consent.Purpose.SHARING_POLICE,
        Consent.Purpose.SHARING_HOUSING,
        Consent.Purpose.SHARING_SCHOOL,
        Consent.Purpose.SHARING_HEALTH,
        Consent.Purpose.SHARING_OTHER,
    ],
)
def test_a_partner_sees_the_name_only_with_the_consent_for_their_kind(users, person, purpose):
    ConsentFactory(person=person, purpose=purpose)
    partner = users["partner"]
    assert display_name(partner, person) == _pseudo(partner, person)
    annotated = Person.objects.annotate(**sharing_annotations()).get(pk=person.pk)
    assert display_name(partner, annotated) == _pseudo(partner, annotated)


@pytest.mark.parametrize("role", ["policy", "privacy_officer", "other_worker"])
def test_policy_and_the_fg_never_see_a_name_whatever_was_consented(users, person, role):
    """The sharing consents name residents and partners as recipients, not the municipality
    or the FG (issue 11): no consent shows them a name."""
    for purpose in SHARING_PURPOSES:
        ConsentFactory(person=person, purpose=purpose)
    annotated = Person.objects.annotate(**sharing_annotations()).get(pk=person.pk)
    for who in (person, annotated):
        assert display_name(users[role], who) == _pseudo(users[role], who)


@pytest.mark.parametrize(("role", "purpose"), CONSENTED)
def test_withdrawn_consent_hides_the_name_again(users, person, role, purpose):
    consent = ConsentFactory(person=person, purpose=purpose)
    assert display_name(users[role], person) == NAME
    services.consent_withdraw(consent=consent, withdrawn_by=users["worker"])
    assert display_name(users[role], person) == _pseudo(users[role], person)


# --- the same rule on the pages a partner can open ---------------------------------------


def test_partner_sees_only_the_pseudonym_on_the_people_list_and_detail(users, person):
    partner = client_for(users["partner"])
    for url in (reverse("people:list"), reverse("people:detail", args=[person.pk])):
        response = partner.get(url)
        assert response.status_code == 200
        content = response.content.decode()
        assert _pseudo(users["partner"], person) in content
        assert "Henk" not in content
        assert "Zonderdelen" not in content
        assert "henk@example.nl" not in content
        assert "123 4567" not in content


def test_partner_search_by_name_does_not_reveal_who_matches(users, person):
    """Searching for a hidden name must not turn the list into a name oracle."""
    response = client_for(users["partner"]).post(reverse("people:list"), {"q": "Zonderdelen"})
    assert response.status_code == 200
    assert _pseudo(users["partner"], person) not in response.content.decode()


def test_partner_sees_the_name_after_consent_and_not_after_withdrawal(users, person):
    consent = ConsentFactory(person=person)
    url = reverse("people:detail", args=[person.pk])
    assert NAME in client_for(users["partner"]).get(url).content.decode()
    services.consent_withdraw(consent=consent, withdrawn_by=users["worker"])
    content = client_for(users["partner"]).get(url).content.decode()
    assert NAME not in content
    assert _pseudo(users["partner"], person) in content


def test_partner_sees_group_members_pseudonymised(users, areas, person):
    shared = PersonFactory(name="Gerda Gedeeld", area=areas.buurt)
    ConsentFactory(person=shared)
    group = GroupFactory(area=areas.wijk, name="Breiclub", members=[person, shared])
    content = client_for(users["partner"]).get(reverse("people:group_detail", args=[group.pk]))
    content = content.content.decode()
    assert _pseudo(users["partner"], person) in content
    assert NAME not in content
    assert "Gerda Gedeeld" in content


def test_worker_sees_names_on_list_detail_and_group(users, areas, person):
    group = GroupFactory(area=areas.wijk, name="Breiclub", members=[person])
    worker = client_for(users["worker"])
    for url in (
        reverse("people:list"),
        reverse("people:detail", args=[person.pk]),
        reverse("people:group_detail", args=[group.pk]),
    ):
        content = worker.get(url).content.decode()
        assert NAME in content, url
        assert _pseudo(users["worker"], person) not in content, url


def test_resident_sees_their_own_page_with_their_name(users):
    own = Person.objects.get(user=users["resident"])
    resident = client_for(users["resident"])
    response = resident.get(reverse("people:me"))
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[own.pk])
    content = resident.get(response["Location"]).content.decode()
    assert "Rita Bewoner" in content


def test_partner_search_finds_people_who_share_their_name(users, areas, person):
    shared = PersonFactory(name="Gerda Gedeeld", area=areas.buurt)
    ConsentFactory(person=shared)
    content = client_for(users["partner"]).post(reverse("people:list"), {"q": "gerda"})
    content = content.content.decode()
    assert "Gerda Gedeeld" in content
    assert _pseudo(users["partner"], person) not in content


def test_worker_search_finds_by_any_part_of_the_name(users, areas, person):
    other = PersonFactory(name="Jan Jansen", area=areas.buurt2)
    content = client_for(users["worker"]).post(reverse("people:list"), {"q": "zonder"})
    content = content.content.decode()
    assert NAME in content
    assert other.name not in content
