"""Who bridges: the people who do are the page's headline list ("Verbinders"); groups and
organisations that bridge are a second, smaller list. Per month, with names as the viewer may
see them."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from opbouw.network import selectors
from opbouw.network.snapshots import snapshots_compute
from tests.factories import ConsentFactory, JournalEntryFactory, OrganisationFactory, client_for
from tests.factories import PersonFactory as Person
from tests.network.support import days_ago

# A scoped pseudonym, never "bewoner #<database id>" (opbouw.people.pseudonyms).
PSEUDONYM = re.compile(r"bewoner [0-9A-Z]{6}")

pytestmark = pytest.mark.django_db


@pytest.fixture
def bridged(areas, worker, people):
    """Two circles of neighbours, Kees between them; the wijkteam meets five people alone and
    so stands between more pairs than anyone (the top broker of any kind)."""
    wijkteam = OrganisationFactory(name="Wijkteam O'Brien")
    a1, b1 = Person(name="Anouk Een", area=areas.buurt), Person(name="Bart Een", area=areas.buurt)
    alone = [Person(name=f"Los {n}", area=areas.buurt) for n in range(3)]
    circle_a = [people["ans"], people["piet"], a1]
    circle_b = [people["fatima"], people["wim"], b1]

    def meet(day, *present, organisation=None):
        entry = JournalEntryFactory(area=areas.buurt, author=worker, occurred_on=days_ago(day),
                                    people=list(present))  # fmt: skip
        if organisation is not None:
            entry.organisations.add(organisation)

    for day in (5, 12, 19):
        meet(day, *circle_a)
        meet(day, *circle_b)
    meet(6, people["kees"], people["ans"])
    meet(7, people["kees"], people["fatima"])
    for person in (a1, b1, *alone):
        meet(8, person, organisation=wijkteam)
    return {"wijkteam": wijkteam}


def _listed(html: str, marker: str) -> str:
    return html.split(marker)[1].split("</ol>")[0]


def test_people_who_bridge_lead_and_organisations_are_listed_apart(users, areas, people, bridged):
    snapshots_compute(area=areas.wijk, since=days_ago(80))
    picture = selectors.network_picture(users["worker"], areas.wijk, days_ago(0))
    # Of any kind the wijkteam bridges most; the headline list is of people, Kees among them.
    assert picture.other_brokers[0].label == "Wijkteam O'Brien"
    assert [item.kind for item in picture.brokers] == ["person"] * len(picture.brokers)
    assert "Kees Jansen" in [item.label for item in picture.brokers]
    assert len(picture.other_brokers) <= selectors.OTHER_BROKERS

    client = client_for(users["worker"])
    html = client.get(reverse("network:area", args=[areas.wijk.code])).content.decode()
    headline = _listed(html, "data-network-brokers")
    others = _listed(html, "data-network-other-brokers")
    assert "Kees Jansen" in headline and "Wijkteam" not in headline
    assert reverse("network:person", args=[people["kees"].pk]) in headline
    assert escape("Wijkteam O'Brien") in others and "Kees" not in others
    assert "Groepen en organisaties die verbinden" in html
    # In the picture, whoever is in either list has the broker's mark (flag 1).
    data = client.get(reverse("network:graph", args=[areas.wijk.code])).json()
    flagged = {row[1] for row in data["graph"]["nodes"] if row[5] & 1}
    assert {"Kees Jansen", "Wijkteam O'Brien"} <= flagged
    assert [label for label, _url in data["other_brokers"]][0] == "Wijkteam O'Brien"
    assert "Kees Jansen" in [label for label, _url in data["brokers"]]
    # The JSON's lists are per month: a month before anyone met has none.
    old = days_ago(60).strftime("%Y-%m")  # all meetings are of the last 19 days
    before = client.get(reverse("network:graph", args=[areas.wijk.code]), {"maand": old}).json()
    assert before["month"] == old
    assert before["brokers"] == [] and before["other_brokers"] == []


@pytest.mark.parametrize("role", ["partner"])  # policy has no network (issue 21)
def test_people_who_bridge_are_pseudonymised_like_the_rest(users, areas, people, bridged, role):
    ConsentFactory(person=people["kees"])  # Kees shares his name with the wijkteam
    snapshots_compute(area=areas.wijk, since=days_ago(40))
    client = client_for(users[role])
    html = client.get(reverse("network:area", args=[areas.wijk.code])).content.decode()
    data = client.get(reverse("network:graph", args=[areas.wijk.code])).json()
    headline = _listed(html, "data-network-brokers")
    labels = [label for label, _url in data["brokers"]]
    assert labels and all(url == "" for _label, url in data["brokers"])
    assert "/netwerk/persoon/" not in headline
    for name in ("Ans de Vries", "Fatima", "Anouk", "Bart"):
        assert name not in headline and name not in " ".join(labels)
    assert "Kees Jansen" in labels and "Kees Jansen" in headline
    assert all(label in headline for label in labels if PSEUDONYM.fullmatch(label))
    # Organisations keep their names: they are not people.
    assert escape("Wijkteam O'Brien") in _listed(html, "data-network-other-brokers")


def test_a_picture_stored_before_people_were_listed_apart(users, areas, people, bridged):
    from opbouw.network.models import NetworkSnapshot

    snapshots_compute(area=areas.wijk, since=days_ago(10))
    stored = NetworkSnapshot.objects.filter(area=areas.wijk, period="month").latest("starts_on")
    people_brokers = stored.picture.pop("people_brokers")
    stored.save()
    picture = selectors.network_picture(users["worker"], areas.wijk, days_ago(0))
    # Without the people's own list, the people among all brokers are shown.
    expected = [key for key in stored.picture["brokers"] if key.startswith("p")]
    assert [item.key for item in picture.brokers] == expected
    assert set(expected) <= set(people_brokers)
    assert picture.other_brokers[0].label == "Wijkteam O'Brien"
