"""Buurtbudget decisions delegated to a residents' committee: its board decides on the area's
submitted requests while the delegation holds; nobody else gains anything."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from opbouw.initiatives import delegation_services, grants
from opbouw.initiatives.delegation import GrantDelegation
from opbouw.initiatives.models import GrantStatus, GrantStatusChange
from opbouw.people.models import GroupMembership, Person
from tests.assets.helpers import login
from tests.factories import GroupFactory
from tests.initiatives.helpers import grant_for, support

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(active, users):
    grant = grant_for(active, users["worker"])
    support(grant, users["worker"])
    return grants.grant_submit(application=grant, submitted_by=users["worker"])


@pytest.fixture
def committee(users, areas):
    """A bewonerscommissie of the wijk with the resident on its board."""
    group = GroupFactory(area=areas.wijk, kind="residents", name="Bewonerscommissie Berflo Es")
    GroupMembership.objects.create(
        group=group, person=Person.objects.get(user=users["resident"]), role="board"
    )
    return group


def _delegate(users, areas, committee):
    return delegation_services.delegation_create(
        delegated_by=users["policy"], area=areas.wijk, committee=committee,
        reference="Regeling buurtbudget 2025, art. 4",
    )  # fmt: skip


def test_without_a_delegation_the_committee_sees_nothing(users, submitted, committee):
    client = login(users["resident"])
    assert client.get(submitted.get_absolute_url()).status_code == 404
    with pytest.raises(ValidationError):
        grants.grant_decide(application=submitted, decided_by=users["resident"],
                            to_status=GrantStatus.IN_REVIEW)  # fmt: skip


def test_the_committee_board_decides_with_the_same_trail(users, areas, submitted, committee):
    _delegate(users, areas, committee)
    resident = users["resident"]
    client = login(resident)
    listing = client.get(reverse("initiatives:grant_list")).content.decode()
    assert submitted.title in listing
    response = client.post(
        reverse("initiatives:grant_decide", args=[submitted.pk]), {"to_status": "in_review"}
    )
    assert response.status_code == 302
    grants.grant_decide(application=submitted, decided_by=resident, to_status=GrantStatus.GRANTED,
                        reason="Past bij wat de buurt wil.", granted_amount=200)  # fmt: skip
    step = GrantStatusChange.objects.filter(application=submitted).last()
    assert (step.to_status, step.changed_by, step.reason) == (
        GrantStatus.GRANTED, resident, "Past bij wat de buurt wil.",
    )  # fmt: skip


def test_an_ordinary_member_a_draft_or_an_ended_delegation_gives_nothing(
    users, areas, active, submitted, committee
):
    delegation = _delegate(users, areas, committee)
    draft = grant_for(active, users["worker"])
    client = login(users["resident"])
    assert client.get(draft.get_absolute_url()).status_code == 404  # drafts stay with the core
    GroupMembership.objects.filter(group=committee).update(role="member")
    assert login(users["resident"]).get(submitted.get_absolute_url()).status_code == 404
    GroupMembership.objects.filter(group=committee).update(role="board")
    delegation_services.delegation_end(delegation=delegation, ended_by=users["policy"])
    assert login(users["resident"]).get(submitted.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("who", "group_kind", "message"),
    [
        ("worker", "residents", "geen besluiten delegeren"),
        ("policy", "informal", "Alleen een bewonerscommissie"),
    ],
)
def test_only_the_municipality_delegates_and_only_to_a_committee(
    users, areas, who, group_kind, message
):
    group = GroupFactory(area=areas.wijk, kind=group_kind)
    with pytest.raises(ValidationError, match=message):
        delegation_services.delegation_create(
            delegated_by=users[who], area=areas.wijk, committee=group, reference="x"
        )
    assert not GrantDelegation.objects.exists()


def test_beleid_delegates_and_ends_it_on_the_request_list(users, areas, committee):
    client = login(users["policy"])
    response = client.post(
        reverse("initiatives:delegation_add"),
        {"area": areas.wijk.pk, "committee": committee.pk, "reference": "Regeling, art. 4"},
        follow=True,
    )
    assert "De bewonerscommissie besluit nu over buurtbudget hier." in response.content.decode()
    delegation = GrantDelegation.objects.get()
    client.post(reverse("initiatives:delegation_end", args=[delegation.pk]))
    delegation.refresh_from_db()
    assert delegation.ended_on is not None
