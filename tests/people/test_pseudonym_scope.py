"""Pseudonyms are not the database id, and lists are ordered by what the viewer sees.

A pseudonym sorted by the hidden name ("bewoner #228" between "Aaliyah" and "Adriana") gives
the name away; a pseudonym that is the id can be followed across pages, exports and months.
"""

import re

from django.urls import reverse

from opbouw.people.models import Person
from opbouw.people.permissions import display_name, ordered_as_seen
from opbouw.people.pseudonyms import pseudonym, view_scope
from tests.factories import ConsentFactory, GroupFactory, PersonFactory, UserFactory, client_for

LISTED = re.compile(r'href="/mensen/(\d+)/">([^<]+)</a>')


def _people(areas):
    named = [PersonFactory(name=n, area=areas.buurt) for n in ("Aaliyah Bos", "Adriana Vos")]
    for person in named:
        ConsentFactory(person=person)  # they share their names
    hidden = [
        PersonFactory(name=n, area=areas.buurt) for n in ("Abel Geheim", "Aafke Stil", "Zus Laat")
    ]
    return named, hidden


def test_the_partners_people_list_is_ordered_by_what_the_partner_sees(users, areas):
    named, hidden = _people(areas)
    html = client_for(users["partner"]).get(reverse("people:list")).content.decode()
    shown = [label for _pk, label in LISTED.findall(html)]
    assert "Aaliyah Bos" in shown and "Adriana Vos" in shown
    assert shown == sorted(shown, key=str.casefold)
    # Abel sorts between Aaliyah and Adriana by name: his pseudonym must not sit there.
    between = shown[shown.index("Aaliyah Bos") + 1 : shown.index("Adriana Vos")]
    assert all(not label.startswith("bewoner") for label in between)
    for person in hidden:
        assert person.name not in html and f"#{person.pk}" not in html


def test_group_members_are_ordered_by_what_the_viewer_sees(users, areas):
    named, hidden = _people(areas)
    group = GroupFactory(area=areas.buurt, name="Breiclub", members=[*named, *hidden])
    html = client_for(users["partner"]).get(reverse("people:group_detail", args=[group.pk]))
    html = html.content.decode()
    partner = users["partner"]
    labels = [display_name(partner, p) for p in Person.objects.filter(groups=group)]
    positions = sorted(labels, key=lambda label: html.index(label))
    assert positions == sorted(labels, key=str.casefold)


def test_ordered_as_seen_never_uses_the_hidden_name(users, areas):
    named, hidden = _people(areas)
    people = list(Person.objects.filter(pk__in=[p.pk for p in named + hidden]))
    ordered = ordered_as_seen(users["partner"], people)
    labels = [p.display for p in ordered]
    assert labels == sorted(labels, key=str.casefold)


def test_a_pseudonym_is_not_the_id_and_differs_per_viewer_context_and_month(users, areas):
    person = PersonFactory(name="Abel Geheim", area=areas.buurt)
    partner, other_partner = users["partner"], UserFactory()
    mine = display_name(partner, person)
    assert re.fullmatch(r"bewoner [0-9A-Z]{6}", mine)
    assert "#" not in mine and f" {person.pk}" not in mine
    # Stable within one view: asked again, the same.
    assert display_name(partner, Person.objects.get(pk=person.pk)) == mine
    assert str(person) == str(Person.objects.get(pk=person.pk))
    # Another viewer, another context (a network picture, an export), another month.
    others = {
        pseudonym(person.pk, view_scope(other_partner, "people")),
        pseudonym(person.pk, view_scope(partner, f"network:{areas.buurt.pk}:2026-03")),
        pseudonym(person.pk, view_scope(partner, f"network:{areas.buurt.pk}:2026-04")),
        pseudonym(person.pk, f"{partner.pk}|people|1999-01"),
        str(person),
    }
    assert mine not in others and len(others) == 5
    second = PersonFactory(name="Bea Geheim", area=areas.buurt)
    assert display_name(partner, second) != mine


def test_the_list_and_the_detail_page_agree_for_one_viewer(users, areas):
    person = PersonFactory(name="Abel Geheim", area=areas.buurt)
    partner = client_for(users["partner"])
    listed = partner.get(reverse("people:list")).content.decode()
    detail = partner.get(reverse("people:detail", args=[person.pk])).content.decode()
    label = display_name(users["partner"], person)
    assert label in listed and label in detail
