"""Issue 11, items 6, 7 and 9 on the initiative and buurtbudget pages: a refused decision
comes back as it was chosen, nothing risky is preselected, additions are all or nothing."""

import re

import pytest
from django.urls import reverse

from opbouw.initiatives import grants
from opbouw.initiatives.models import GrantStatus, Member
from tests.assets.helpers import login
from tests.factories import PersonFactory
from tests.initiatives.test_initiatives_grants import submitted

pytestmark = pytest.mark.django_db


def _select(html: str, select_id: str) -> str:
    return html.split(f'id="{select_id}"')[1].split("</select>")[0]


def _selected(options: str) -> list[str]:
    """The chosen values (the empty first option may be marked: that is no choice)."""
    return [v for v in re.findall(r'<option value="([^"]*)"[^>]*selected', options) if v]


def test_a_refused_grant_decision_keeps_the_choice_and_the_amount(active, users):
    grant = submitted(active, users)
    grants.grant_decide(application=grant, decided_by=users["policy"], to_status="in_review")
    client = login(users["policy"])
    response = client.post(
        reverse("initiatives:grant_decide", args=[grant.pk]),
        {"to_status": "granted", "granted_amount": "2500", "reason": ""},
        follow=True,
    )
    grant.refresh_from_db()
    assert grant.status == GrantStatus.IN_REVIEW  # nothing decided
    html = response.content.decode()
    assert _selected(_select(html, "id_decision_to_status")) == ["granted"]
    assert 'name="granted_amount" value="2500"' in html
    # The error is at the reason field, and the summary links to it.
    assert 'id="id_decision_reason_error"' in html
    assert 'href="#id_decision_reason"' in html and "data-error-summary" in html
    # Once shown, the kept form is gone: the next visit starts clean.
    again = client.get(grant.get_absolute_url()).content.decode()
    assert 'id="id_decision_reason_error"' not in again


def test_the_decision_and_the_stage_preselect_nothing(active, users, initiative):
    grant = submitted(active, users)
    html = login(users["policy"]).get(grant.get_absolute_url()).content.decode()
    options = _select(html, "id_decision_to_status")
    assert options.split("<option")[1].startswith(' value=""') and not _selected(options)
    html = login(users["worker"]).get(active.get_absolute_url()).content.decode()
    options = _select(html, "id_stage_to_stage")
    assert 'value="idea"' not in options or options.index('value=""') < options.index("idea")
    assert not _selected(options)


def test_a_decision_without_a_choice_is_refused_at_the_field(active, users):
    grant = submitted(active, users)
    response = login(users["policy"]).post(
        reverse("initiatives:grant_decide", args=[grant.pk]),
        {"to_status": "", "reason": "Akkoord."},
        follow=True,
    )
    grant.refresh_from_db()
    assert grant.status == GrantStatus.SUBMITTED
    html = response.content.decode()
    assert 'id="id_decision_to_status_error"' in html
    assert "Akkoord." in html


def test_adding_two_members_one_out_of_reach_adds_none_and_says_which(active, users, areas):
    inside = PersonFactory(area=areas.buurt)
    outside = PersonFactory(area=areas.other_buurt)
    before = set(Member.objects.values_list("person_id", flat=True))
    response = login(users["worker"]).post(
        reverse("initiatives:member_add", args=[active.pk]),
        {"people": [inside.pk, outside.pk], "role": "participant"},
        follow=True,
    )
    assert set(Member.objects.values_list("person_id", flat=True)) == before
    html = response.content.decode()
    assert f"Persoon nummer {outside.pk} kunt u niet toevoegen" in html
    assert "Er is niemand toegevoegd." in html
    # The one in reach is still chosen, ready to add again.
    assert f'name="people" value="{inside.pk}"' in html


def test_adding_two_members_one_refused_by_the_service_adds_none(active, users, areas):
    fresh = PersonFactory(area=areas.buurt)
    already = Member.objects.filter(initiative=active, left_on=None).first()
    role = already.role
    response = login(users["worker"]).post(
        reverse("initiatives:member_add", args=[active.pk]),
        {"people": [fresh.pk, already.person_id], "role": role},
        follow=True,
    )
    assert not Member.objects.filter(person=fresh).exists()
    assert "Er is niemand toegevoegd." in response.content.decode()
