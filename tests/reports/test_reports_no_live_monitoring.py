"""No live monitoring by the municipality (issue 21): policy's dashboard has no live hours per
organisation, and the page with them answers 404; the organisation's coordinator keeps them."""

from django.urls import reverse

from tests.factories import JournalEntryFactory, PersonFactory, client_for

HEADING = "Collectief en individueel werk"


def test_policy_sees_no_live_hours_per_organisation(users, areas):
    person = PersonFactory(area=areas.buurt)
    JournalEntryFactory(area=areas.buurt, author=users["worker"], people=[person])
    policy, coordinator = client_for(users["policy"]), client_for(users["coordinator"])
    page = policy.get(reverse("reports:dashboard"))
    assert page.status_code == 200 and HEADING not in page.content.decode()
    assert policy.get(reverse("reports:collective")).status_code == 404
    assert HEADING in coordinator.get(reverse("reports:dashboard")).content.decode()
    assert coordinator.get(reverse("reports:collective")).status_code == 200
