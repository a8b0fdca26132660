"""People without a tie ("Niet samen vastgelegd"): the network page lists the first of them, most
recent contact first, says how many more there are ("en 3.465 anderen") and links to the whole
list a page at a time; pseudonymised for partners and policy, like the rest of the page."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from opbouw.core.dates import format_day
from opbouw.core.models import Theme
from opbouw.network import selectors, views
from opbouw.network.history import load_history
from opbouw.network.measure import isolated_in_order, last_contacts
from opbouw.network.snapshots import snapshots_compute
from opbouw.network.ties import year_window
from opbouw.people.models import Person
from tests.factories import ConsentFactory, JournalEntryFactory, PersonFactory, client_for
from tests.network.support import days_ago, key

# A scoped pseudonym, never "bewoner #<database id>" (opbouw.people.pseudonyms).
PSEUDONYM = re.compile(r"bewoner [0-9A-Z]{6}")

pytestmark = pytest.mark.django_db


def _recorded(people, days: int) -> None:
    Person.objects.filter(pk__in=[p.pk for p in people]).update(
        created_at=timezone.now() - dt.timedelta(days=days)
    )


@pytest.fixture
def alone(areas, worker, people):
    """In Berflo Es Noord: Kees and Fatima met (a tie). Nine people each spoke with a worker
    alone, a week apart (no tie); one was recorded three days ago; Ans, Piet and three more
    were recorded long ago and not seen in the past year. Returns them in the page's order."""
    solo = [PersonFactory(name=f"Alleen {n:02d}", area=areas.buurt) for n in range(12)]
    newcomer = PersonFactory(name="Nieuw Gezicht", area=areas.buurt)
    _recorded(Person.objects.all(), 400)
    _recorded([newcomer], 3)
    JournalEntryFactory(area=areas.buurt, author=worker, occurred_on=days_ago(10),
                        people=[people["kees"], people["fatima"]])  # fmt: skip
    for n, person in enumerate(solo[:9]):
        JournalEntryFactory(area=areas.buurt, author=worker, occurred_on=days_ago(5 + 7 * n),
                            people=[person], themes=[Theme.objects.get(slug="taal")])  # fmt: skip
    # Seen alone more than a year ago: outside the network's year, no contact in it.
    JournalEntryFactory(area=areas.buurt, author=worker, occurred_on=days_ago(380),
                        people=[solo[9]])  # fmt: skip
    snapshots_compute(area=areas.buurt, since=days_ago(20))
    # Not seen in the year (everyone else the workers know in the buurt, the resident with an
    # account too): the most recently recorded first.
    seen = [newcomer, *solo[:9]]
    never = Person.objects.filter(area=areas.buurt).exclude(
        pk__in=[p.pk for p in (*seen, people["kees"], people["fatima"])]
    )
    assert {people["ans"], people["piet"], *solo[9:]} <= set(never)
    return [*seen, *never.order_by("-pk")]


@pytest.fixture
def small(monkeypatch):
    """Four on the network page, five a page on the whole list."""
    monkeypatch.setattr(selectors, "ISOLATED_SHOWN", 4)
    monkeypatch.setattr(selectors, "ISOLATED_PER_PAGE", 5)


def _isolated_html(html: str) -> str:
    return html.split("data-network-isolated ")[1].split("</ul>")[0]


def _listed_names(html: str) -> list[str]:
    """The labels of the list items in this piece of HTML (without the day of contact)."""
    items = re.findall(r"<li[^>]*>(.*?)</li>", html, flags=re.S)
    return [re.sub(r"<[^>]+>", "", re.sub(r' <span class="opbouw-muted">.*', "", item)).strip()
            for item in items]  # fmt: skip


def _names(people) -> list[str]:
    return [escape(p.name) for p in people]


def _pages(alone) -> int:
    return -(-len(alone) // 5)


def test_last_contact_is_the_latest_entry_or_recording_in_the_year(areas, people, alone):
    day = days_ago(0)
    history = load_history(areas.buurt, start=year_window(day)[0], end=day)
    contacts = last_contacts(history, day)
    newcomer, first, second = alone[:3]
    assert contacts[key(newcomer)] == days_ago(3)  # recorded, never in the journal
    assert contacts[key(first)] == days_ago(5) and contacts[key(second)] == days_ago(12)
    assert contacts[key(people["kees"])] == days_ago(10)  # with others: a contact too
    assert key(people["piet"]) not in contacts  # recorded over a year ago, not seen since
    assert key(alone[-1]) not in contacts
    order = isolated_in_order([key(p) for p in reversed(alone)], contacts)
    assert [k for k, _day in order] == [key(p) for p in alone]


def test_the_page_lists_the_first_in_order_and_says_how_many_more(users, areas, alone, small):
    html = client_for(users["worker"]).get(reverse("network:area", args=[areas.buurt.code]))
    html = html.content.decode()
    listed = _isolated_html(html)
    assert _listed_names(listed) == _names(alone[:4])
    assert reverse("network:person", args=[alone[0].pk]) in listed
    assert escape(f"laatste contact {format_day(days_ago(3))}") in listed
    more = html.split("data-network-isolated-more")[1].split("</p>")[0]
    assert f"en {len(alone) - 4} anderen" in more
    month = timezone.localdate().strftime("%Y-%m")
    link = reverse("network:isolated", args=[areas.buurt.code])
    assert escape(f"{link}?maand={month}") in more
    # Kees and Fatima have a tie: not listed.
    assert "Kees Jansen" not in listed and "Fatima" not in listed


def test_without_more_than_shown_there_is_no_rest(users, areas, alone):
    html = client_for(users["worker"]).get(reverse("network:area", args=[areas.buurt.code]))
    html = html.content.decode()
    assert len(alone) < selectors.ISOLATED_SHOWN
    assert _listed_names(_isolated_html(html)) == _names(alone)
    assert "data-network-isolated-more hidden" in html


def test_the_graph_json_is_capped_too(users, areas, alone, small):
    data = client_for(users["worker"]).get(reverse("network:graph", args=[areas.buurt.code])).json()
    assert [row[0] for row in data["isolated"]] == _names(alone[:4])
    assert data["isolated"][0][2] == f"laatste contact {format_day(days_ago(3))}"
    assert data["isolated_total"] == len(alone)
    assert data["isolated_more"] == f"en {len(alone) - 4} anderen"


def test_the_count_in_dutch_and_english_with_thousands_and_one():
    area = None

    def picture(total: int, shown: int) -> selectors.NetworkPicture:
        order = [(f"p{n}", None) for n in range(total)]
        listed = [selectors.Listed(k, k, "person", "", "") for k, _day in order[:shown]]
        return selectors.NetworkPicture(
            area=area, day=days_ago(0), graph={}, summary={}, brokers=[], isolated=listed,
            reach=[], drawn=0, total=total, isolated_order=order,
        )  # fmt: skip

    with translation.override("nl"):
        assert views._isolated_more(picture(3_490, 25)) == "en 3.465 anderen"
        assert views._isolated_more(picture(26, 25)) == "en 1 andere"
        assert views._isolated_more(picture(25, 25)) == ""
    with translation.override("en"):
        assert views._isolated_more(picture(3_490, 25)) == "and 3,465 others"
        assert views._isolated_more(picture(26, 25)) == "and 1 other"


def test_the_whole_list_a_page_at_a_time_in_either_order(users, areas, alone, small):
    client = client_for(users["worker"])
    url = reverse("network:isolated", args=[areas.buurt.code])
    seen = []
    pages = _pages(alone)
    assert pages >= 3
    for number in range(1, pages + 1):
        response = client.get(url, {"page": number})
        assert response.status_code == 200
        html = response.content.decode()
        seen += _listed_names(html.split("data-isolated-list")[1].split("</ol>")[0])
        assert f"Pagina {number} van {pages}" in html
        assert ("Volgende" in html) == (number < pages)
        assert ("Vorige" in html) == (number > 1)
    assert seen == _names(alone)
    assert f"Dat zijn {len(alone)} mensen." in html
    # Longest without contact first: the same list the other way round.
    backwards = []
    for number in range(1, pages + 1):
        html = client.get(url, {"page": number, "volgorde": "langst"}).content.decode()
        backwards += _listed_names(html.split("data-isolated-list")[1].split("</ol>")[0])
        if number == 1:
            assert "geen contact in het afgelopen jaar" in html
            assert "laatste contact" not in html
    assert backwards == _names(reversed(alone))
    # The second page numbers on from the first.
    assert 'start="6"' in client.get(url, {"page": 2}).content.decode()


def test_past_the_last_page_and_odd_page_numbers(users, areas, alone, small):
    client = client_for(users["worker"])
    url = reverse("network:isolated", args=[areas.buurt.code])
    pages = _pages(alone)
    month = timezone.localdate().strftime("%Y-%m")
    response = client.get(url, {"page": pages + 1, "maand": month})
    assert response.status_code == 200
    html = response.content.decode()
    # (Text of the template itself, not data: not escaped.)
    assert f"Deze pagina bestaat niet: de lijst heeft {pages} pagina's." in html
    assert "data-isolated-list" not in html
    assert f"page={pages}" in html.split("data-isolated-past-the-end")[1].split("</div>")[0]
    first = _listed_names(client.get(url).content.decode().split("data-isolated-list")[1])
    for odd in ("abc", "0", "-2", "1.5", "99999999999999999999"):
        response = client.get(url, {"page": odd})
        assert response.status_code == 200, odd
        html = response.content.decode()
        if odd == "99999999999999999999":  # a huge number is past the end, not a crash
            assert "data-isolated-past-the-end" in html
        else:
            assert _listed_names(html.split("data-isolated-list")[1]) == first, odd
    # A month or theme that is not one: the latest month, all themes (as on the network page).
    response = client.get(url, {"maand": "gisteren", "thema": "bestaat-niet"})
    assert response.status_code == 200
    assert _listed_names(response.content.decode().split("data-isolated-list")[1]) == first


@pytest.mark.parametrize("role", ["partner"])  # policy has no network (issue 21)
def test_partner_and_policy_see_pseudonyms_without_dates(users, areas, people, alone, small, role):
    ConsentFactory(person=alone[0])  # shares the name (with partners, not with policy)
    client = client_for(users[role])
    page = client.get(reverse("network:area", args=[areas.buurt.code])).content.decode()
    data = client.get(reverse("network:graph", args=[areas.buurt.code])).json()
    whole = "".join(
        client.get(
            reverse("network:isolated", args=[areas.buurt.code]), {"page": n}
        ).content.decode()
        for n in range(1, _pages(alone) + 1)
    )
    listed = _isolated_html(page)
    assert PSEUDONYM.search(listed) and PSEUDONYM.search(whole)
    for person in alone:
        assert f"#{person.pk}<" not in listed + whole and f"#{person.pk} " not in listed + whole
    assert ("Nieuw Gezicht" in listed) == (role == "partner")
    assert ("Nieuw Gezicht" in whole) == (role == "partner")
    for text in (page, whole, str(data["isolated"])):
        for person in alone[1:]:
            assert person.name not in text, (role, person.name)
        assert "/netwerk/persoon/" not in text
        assert "laatste contact" not in text and "geen contact in het" not in text
    assert "schuilnaam" in whole
    assert data["isolated_more"] == f"en {len(alone) - 4} anderen"


def test_filtered_by_theme_the_same_cap_and_the_same_order_as_derived(
    users, areas, people, alone, small
):
    """Under a theme the list is of the theme's ties (stored NetworkThemeTies): the people
    who only spoke with a worker about taal have no tie in it either; Kees and Fatima (who
    met without a theme) have none in it. The stored and the derived answer are the same
    list, all of it, in the same order."""
    taal = Theme.objects.get(slug="taal")
    client = client_for(users["worker"])
    html = client.get(reverse("network:area", args=[areas.buurt.code]), {"thema": "taal"})
    html = html.content.decode()
    assert len(_listed_names(_isolated_html(html))) == 4
    assert "Kees Jansen" in _isolated_html(html)  # met without a theme: no taal tie
    expected = len(alone) + 2  # Kees and Fatima too
    assert f"en {expected - 4} anderen" in html
    assert escape("thema=taal") in html.split("data-network-isolated-more")[1].split("</p>")[0]
    stored = selectors.network_picture(users["worker"], areas.buurt, days_ago(0), theme=taal)
    derived = selectors._derived_theme_picture(users["worker"], areas.buurt, days_ago(0), taal)
    assert stored.isolated_total == expected
    assert stored.isolated_order == derived.isolated_order
    assert [k for k, _day in stored.isolated_order[:2]] == [key(alone[0]), key(alone[1])]
    assert stored.isolated == derived.isolated
    listed = client.get(
        reverse("network:isolated", args=[areas.buurt.code]), {"thema": "taal", "page": 2}
    ).content.decode()
    assert escape(taal.name) in listed.split("<h1")[0]
    assert listed.split("data-isolated-list")[1].split("</ol>")[0].count("<li") == 5
    assert f"Pagina 2 van {-(-expected // 5)}" in listed


def test_other_areas_and_residents_get_404(users, areas, alone):
    for role, code in [("resident", areas.buurt.code), ("other_worker", areas.buurt.code),
                       ("worker", areas.other_wijk.code)]:  # fmt: skip
        response = client_for(users[role]).get(reverse("network:isolated", args=[code]))
        assert response.status_code == 404, role
