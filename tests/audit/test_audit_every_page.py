"""Every page or export that shows a named person writes exactly one audit row per view.

Walks the URL list of the authorization matrix (tests/test_authorization_matrix.py): every GET
page, for every role that may open it, on the own side's objects. A response that shows the
name of a person (any person in the world, as the viewer sees it) must have written exactly
one "bekeken" row for that request; no page writes more than one.
"""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from opbouw.audit.models import Action, AuditAlert, AuditEvent, ObjectType
from opbouw.people.models import Person
from tests.factories import JournalEntryFactory, PersonFactory, client_for
from tests.test_authorization_matrix import MATRIX, ROLES, _client, _kwargs, world  # noqa: F401


def _names() -> list[str]:
    return [escape(name) for name in Person.objects.values_list("name", flat=True)]


def _shows_a_name(response, names: list[str]) -> bool:
    if response.status_code != 200 or getattr(response, "streaming", False):
        return False
    content = response.content.decode(errors="replace")
    return any(name in content for name in names)


def test_every_page_showing_a_named_person_is_audited_exactly_once(users, world):  # noqa: F811
    names = _names()
    problems = []
    audited_pages = 0
    for name, rule in sorted(MATRIX.items()):
        if rule.post_only:
            continue
        kwargs = _kwargs(rule.obj, world["own"][rule.obj] if rule.obj else None)
        url = reverse(name, kwargs=kwargs)
        for role in ROLES:
            if role == "anonymous" or rule.expect.get(role) != 200:
                continue
            if role == "other_worker" and rule.obj and rule.scoped:
                continue
            client = _client(users, role)
            before = AuditEvent.objects.filter(action=Action.VIEW).count()
            response = client.get(url)
            rows = AuditEvent.objects.filter(action=Action.VIEW).count() - before
            shows = _shows_a_name(response, names)
            if shows and rows != 1:
                problems.append(f"{role:<12} {url}: shows a named person, {rows} audit rows")
            elif rows > 1:
                problems.append(f"{role:<12} {url}: {rows} audit rows for one view")
            audited_pages += shows
    assert audited_pages > 10  # the walk really met person-showing pages
    assert not problems, "\n".join(problems)


# --- one row per view, and the bulk alert counts every kind of view --------------------------


@pytest.fixture
def low_threshold(settings):
    settings.OPBOUW_AUDIT_BULK_THRESHOLD = 5
    settings.OPBOUW_AUDIT_BULK_WINDOW_MINUTES = 10


def test_a_person_page_with_its_timeline_is_one_row(users, areas):
    person = PersonFactory(area=areas.buurt)
    JournalEntryFactory(area=areas.buurt, author=users["worker"], people=[person])
    client = client_for(users["worker"])
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    [fragment] = re.findall(r'hx-get="([^"]*embed=1[^"]*)"', page)
    fragment = fragment.replace("&amp;", "&")
    assert client.get(fragment, headers={"HX-Request": "true"}).status_code == 200
    assert AuditEvent.objects.filter(action=Action.VIEW).count() == 1
    # The token works once: the same fragment asked for again is a view of its own.
    client.get(fragment, headers={"HX-Request": "true"})
    assert AuditEvent.objects.filter(action=Action.VIEW).count() == 2


def test_a_forged_or_foreign_token_does_not_hide_a_view(users, areas):
    person = PersonFactory(area=areas.buurt)
    other = PersonFactory(area=areas.buurt)
    client = client_for(users["worker"])
    page = client.get(reverse("people:detail", args=[other.pk])).content.decode()
    token = re.search(r"gezien=([\w-]+)", page).group(1)
    url = reverse("journal:person", args=[person.pk])
    client.get(url, {"embed": "1", "gezien": token})  # another person's token
    client.get(url, {"embed": "1", "gezien": "verzonnen"})
    views = AuditEvent.objects.filter(action=Action.VIEW, object_id=person.pk)
    assert views.count() == 2


def test_sixty_network_person_pages_are_audited_and_raise_an_alert(users, areas, low_threshold):
    people = [PersonFactory(area=areas.buurt) for _ in range(60)]
    client = client_for(users["worker"])
    for person in people:
        assert client.get(reverse("network:person", args=[person.pk])).status_code == 200
    assert (
        AuditEvent.objects.filter(action=Action.VIEW, object_type=ObjectType.PERSON).count() == 60
    )
    [alert] = AuditAlert.objects.all()
    assert alert.distinct_objects >= 50


def test_list_pages_and_searches_count_towards_the_alert(users, areas, low_threshold):
    client = client_for(users["worker"])
    client.get(reverse("journal:timeline"))
    client.post(reverse("journal:timeline"), {"q": "koffie"})
    client.get(reverse("journal:today"))
    client.get(reverse("people:list"))
    assert AuditEvent.objects.filter(action=Action.VIEW).count() == 4
    assert not AuditAlert.objects.exists()  # four views, the threshold is five
    client.get(reverse("network:area", args=[areas.wijk.code]))
    [alert] = AuditAlert.objects.all()
    assert alert.distinct_objects == 5
