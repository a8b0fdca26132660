"""Who sees which areas: a membership covers its area and everything below it."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.urls import reverse

from opbouw.areas.models import Area, Membership
from opbouw.areas.permissions import (
    access_area,
    area_ids_for,
    areas_visible,
    clear_cache,
    has_role,
    membership_area_id,
    roles_in,
)
from opbouw.core.roles import AREA_ROLES, JOURNAL_ROLES, Role
from tests.factories import client_for


def _codes(ids) -> set[str]:
    return set(Area.objects.filter(id__in=ids).values_list("code", flat=True))


def test_a_wijk_membership_covers_the_wijk_and_its_buurten_only(users, areas):
    assert _codes(area_ids_for(users["worker"], JOURNAL_ROLES)) == {
        "WK016405",
        "BU01640501",
        "BU01640502",
    }
    assert _codes(area_ids_for(users["other_worker"], JOURNAL_ROLES)) == {
        "WK016401",
        "BU01640100",
    }


def test_roles_are_kept_apart(users, areas):
    partner = users["partner"]
    assert area_ids_for(partner, JOURNAL_ROLES) == frozenset()
    assert areas.wijk.pk in area_ids_for(partner, {Role.PARTNER})
    assert roles_in(partner, areas.buurt) == {Role.PARTNER}
    assert roles_in(partner, areas.other_buurt) == set()
    assert not has_role(partner, JOURNAL_ROLES)
    assert has_role(partner, AREA_ROLES)


def test_a_gemeente_membership_covers_every_wijk_and_buurt(users, areas):
    coordinator = users["coordinator"]
    Membership.objects.create(user=coordinator, area=areas.municipality, role=Role.COORDINATOR)
    clear_cache(coordinator)
    assert _codes(area_ids_for(coordinator, JOURNAL_ROLES)) == set(
        Area.objects.values_list("code", flat=True)
    )


def test_anonymous_and_inactive_users_have_no_areas(users, areas):
    assert area_ids_for(AnonymousUser(), AREA_ROLES) == frozenset()
    worker = users["worker"]
    worker.is_active = False
    assert area_ids_for(worker, AREA_ROLES) == frozenset()


def test_superuser_sees_every_area(areas, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.nl", "x" * 12)
    assert len(area_ids_for(root, JOURNAL_ROLES)) == Area.objects.count()


def test_area_ids_are_asked_once_per_user_object(users, areas, django_assert_num_queries):
    worker = users["worker"]
    clear_cache(worker)
    with django_assert_num_queries(2):  # memberships, then the areas below them
        area_ids_for(worker, JOURNAL_ROLES)
        area_ids_for(worker, JOURNAL_ROLES)
        has_role(worker, JOURNAL_ROLES)


def test_access_area_is_404_outside_the_users_areas(users, areas):
    assert access_area(users["policy"], "BU01640502") == areas.buurt2
    for code in ("BU01640100", "GM0164", "WK999999", "not-a-code"):
        with pytest.raises(Http404):
            access_area(users["policy"], code)


def test_areas_visible_lists_the_users_areas(users, areas):
    assert {a.code for a in areas_visible(users["resident"])} == {
        "WK016405",
        "BU01640501",
        "BU01640502",
    }


def test_membership_area_id_prefers_the_most_specific_membership(users, areas):
    worker = users["worker"]
    assert membership_area_id(worker, JOURNAL_ROLES) == areas.wijk.pk
    Membership.objects.create(user=worker, area=areas.buurt2, role=Role.WORKER)
    assert membership_area_id(worker, JOURNAL_ROLES) == areas.buurt2.pk
    assert membership_area_id(AnonymousUser(), JOURNAL_ROLES) is None
    assert membership_area_id(users["partner"], JOURNAL_ROLES) is None


# --- pages ------------------------------------------------------------------------------------


def test_area_list_shows_the_tree_below_the_membership(users, areas):
    content = client_for(users["policy"]).get(reverse("areas:list")).content.decode()
    assert "Berflo Es Noord" in content and "Berflo Es Zuid" in content
    assert "Hengelose Es" not in content
    assert content.index("Berflo Es") < content.index("Berflo Es Noord")


def test_area_detail_shows_visible_children_figures_and_unknowns(users, areas):
    areas.buurt.key_figures = {"aantal_inwoners": 1865, "gemiddelde_woningwaarde": None}
    areas.buurt.key_figures_year = 2018
    areas.buurt.save()
    content = client_for(users["policy"]).get(reverse("areas:detail", args=["BU01640501"]))
    content = content.content.decode()
    assert "1865" in content
    assert "Aantal inwoners" in content
    assert "onbekend" in content  # None is shown as unknown, not as 0 or "None"
    assert "None" not in content
    assert "2018" in content
    wijk = client_for(users["policy"]).get(reverse("areas:detail", args=["WK016405"]))
    assert "Berflo Es Noord" in wijk.content.decode()


def test_area_detail_links_to_the_journal_only_for_journal_roles(users, areas):
    journal_url = reverse("journal:area", args=["WK016405"])
    url = reverse("areas:detail", args=["WK016405"])
    assert journal_url in client_for(users["worker"]).get(url).content.decode()
    for role in ("partner", "policy", "resident"):
        assert journal_url not in client_for(users[role]).get(url).content.decode(), role
