"""The network page filtered by a theme, from the month's stored ties per theme: the same
picture and figures as derived from the journal, without reading the journal; a month stored
without them (or not stored) is derived as before."""

import dataclasses
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opbouw.core.models import Theme
from opbouw.initiatives.models import Initiative, Member, MemberRole, Stage
from opbouw.network import selectors, services
from opbouw.network.history import load_history
from opbouw.network.models import NetworkSnapshot, NetworkThemeTies, TieKind
from opbouw.network.snapshots import snapshot_month_compute, snapshots_compute
from opbouw.network.ties import ties_by_theme, ties_in_window, year_window
from opbouw.people.models import GroupMembership
from tests.factories import (
    ConsentFactory,
    GroupFactory,
    JournalEntryFactory,
    OrganisationFactory,
    PersonFactory,
    client_for,
)
from tests.network.support import days_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def themes():
    return {slug: Theme.objects.get(slug=slug) for slug in ("taal", "groen", "werk")}


@pytest.fixture
def themed(areas, worker, people, themes):
    """Two years of a buurt's journal about taal, groen, both or neither; a group, an
    organisation, a recorded tie and an initiative about taal (ties without a theme too)."""
    taal, groen = themes["taal"], themes["groen"]
    extra = [PersonFactory(name=f"Buur {n}", area=areas.buurt) for n in range(8)]
    everyone = [people[name] for name in ("kees", "fatima", "ans", "piet", "wim")] + extra
    club = GroupFactory(area=areas.buurt, name="Taalcafé")
    library = OrganisationFactory(name="Bibliotheek")
    GroupMembership.objects.create(group=club, person=people["kees"], since=days_ago(300))
    services.direct_tie_create(recorded_by=worker, a=people["kees"], b=people["piet"],
                               kind=TieKind.KNOWS, since=days_ago(200))  # fmt: skip
    initiative = Initiative.objects.create(
        title="Taalmaatjes", goal="Samen Nederlands oefenen.", area=areas.buurt,
        stage=Stage.ACTION, stage_since=days_ago(200), created_by=worker,
    )  # fmt: skip
    initiative.themes.set([taal])
    for person, role in ((people["fatima"], MemberRole.LEAD), (extra[0], MemberRole.CORE),
                         (extra[1], MemberRole.PARTICIPANT)):  # fmt: skip
        Member.objects.create(initiative=initiative, person=person, role=role,
                              since=days_ago(150))  # fmt: skip
    choices = [[taal], [groen], [taal, groen], []]
    for n, day in enumerate(range(3, 700, 11)):
        size = 2 + n % 4
        start = (n * 3) % len(everyone)
        present = [everyone[(start + i) % len(everyone)] for i in range(size)]
        entry = JournalEntryFactory(area=areas.buurt, author=worker, occurred_on=days_ago(day),
                                    people=present, themes=choices[n % 4])  # fmt: skip
        if n % 5 == 0:
            entry.groups.add(club)
        if n % 7 == 0:
            entry.organisations.add(library)
    return {"club": club, "library": library, "initiative": initiative}


def _fields(picture):
    """Everything the page shows of a picture (the area object aside)."""
    data = dataclasses.asdict(picture)
    data.pop("area")
    data["reach"] = [
        {"initiative": row["initiative"].pk, "reach": row["reach"]} for row in picture.reach
    ]
    return data


def test_ties_per_theme_in_one_pass_are_those_filtered_by_each_theme(areas, themed, themes):
    day = days_ago(0)
    start, end = year_window(day)
    history = load_history(areas.wijk, start=start, end=end, with_themes=True)
    by_theme = ties_by_theme(history.events, history.spans, start=start, end=end)
    assert set(by_theme) == {themes["taal"].pk, themes["groen"].pk}
    for theme in themes.values():
        one = ties_in_window(history.events, history.spans, start=start, end=end, theme=theme.pk)
        assert list(by_theme.get(theme.pk, {}).items()) == list(one.items())  # order too
    # The initiative's members are tied under taal; a group membership under no theme.
    taal = by_theme[themes["taal"].pk]
    assert any(info.sources == {"initiative"} for info in taal.values())
    assert not any("group" in info.sources for ties in by_theme.values() for info in ties.values())


@pytest.mark.parametrize("area_name", ["wijk", "buurt"])
def test_the_stored_theme_gives_the_same_picture_as_the_journal(
    users, areas, themed, themes, area_name
):
    area = getattr(areas, area_name)
    snapshots_compute(area=area, since=days_ago(100))
    snapshots = NetworkSnapshot.objects.filter(area=area, period="month").order_by("starts_on")
    assert snapshots.count() >= 4
    compared = 0
    for snapshot in snapshots:
        for theme in themes.values():
            stored = selectors._stored_theme(area, snapshot.starts_on, theme)
            day = stored.ends_on
            assert day == snapshot.ends_on
            for role in ("worker", "partner"):  # the second from the cache
                fast = selectors._theme_picture(users[role], area, stored, month=snapshot.starts_on)
                derived = selectors._derived_theme_picture(users[role], area, day, theme)
                assert _fields(fast) == _fields(derived), (snapshot.starts_on, theme.slug, role)
            compared += 1
    # Not trivially equal: the themes differ from each other and have ties and brokers.
    latest = snapshots.last()
    taal = selectors._derived_theme_picture(users["worker"], area, latest.ends_on, themes["taal"])
    groen = selectors._derived_theme_picture(users["worker"], area, latest.ends_on, themes["groen"])
    werk = selectors._derived_theme_picture(users["worker"], area, latest.ends_on, themes["werk"])
    assert taal.summary["ties"] > 5 and groen.summary["ties"] > 5
    assert taal.summary["ties"] != groen.summary["ties"]
    assert taal.summary["lasting_ties"] > 0 and taal.summary["new_ties"] >= 0
    assert taal.brokers and taal.reach
    assert werk.summary["ties"] == 0
    assert compared == snapshots.count() * len(themes)


def test_the_page_filtered_by_theme_does_not_read_the_journal(users, areas, themed, themes):
    snapshots_compute(area=areas.wijk, since=days_ago(40))
    client = client_for(users["worker"])
    url = reverse("network:graph", args=[areas.wijk.code])
    with CaptureQueriesContext(connection) as queries:
        data = client.get(url, {"thema": "taal"}).json()
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert "journal_journalentry" not in sql
    assert len(queries.captured_queries) < 25
    derived = selectors._derived_theme_picture(
        users["worker"], areas.wijk, NetworkSnapshot.objects.filter(
            area=areas.wijk, period="month").latest("starts_on").ends_on, themes["taal"],
    )  # fmt: skip
    assert data["summary"]["ties"] == derived.summary["ties"] > 0
    assert [label for label, _url in data["brokers"]] == [item.label for item in derived.brokers]
    # Asked again (the slider, another viewer): measured and drawn once, from the cache.
    with CaptureQueriesContext(connection) as again:
        assert client.get(url, {"thema": "taal"}).json() == data
    assert len(again.captured_queries) < len(queries.captured_queries)
    # Computed again with a new meeting about taal: the page shows it (a new cache key).
    newcomers = [PersonFactory(name=f"Nieuw {n}", area=areas.buurt) for n in range(2)]
    JournalEntryFactory(area=areas.buurt, author=users["worker"], occurred_on=days_ago(0),
                        people=newcomers, themes=[themes["taal"]])  # fmt: skip
    snapshot_month_compute(area=areas.wijk, month=days_ago(0))
    after = client.get(url, {"thema": "taal"}).json()
    assert after["summary"]["ties"] == data["summary"]["ties"] + 1
    # The page itself too, with the theme chosen in the filter.
    page = client.get(reverse("network:area", args=[areas.wijk.code]), {"thema": "taal"})
    assert page.status_code == 200
    assert 'value="taal" selected' in page.content.decode()


def test_a_month_stored_without_its_themes_is_derived_as_before(users, areas, themed, themes):
    snapshot_month_compute(area=areas.wijk, month=days_ago(0))
    assert NetworkThemeTies.objects.count() == Theme.objects.count()
    NetworkThemeTies.objects.all().delete()  # as stored before themes were
    client = client_for(users["worker"])
    url = reverse("network:graph", args=[areas.wijk.code])
    with CaptureQueriesContext(connection) as queries:
        data = client.get(url, {"thema": "taal"}).json()
    assert "journal_journalentry" in " ".join(q["sql"] for q in queries.captured_queries)
    derived = selectors._derived_theme_picture(users["worker"], areas.wijk, days_ago(0),
                                               themes["taal"])  # fmt: skip
    assert data["summary"]["ties"] == derived.summary["ties"] > 0
    # Computed again, the month has its themes again (replaced, not added).
    snapshot_month_compute(area=areas.wijk, month=days_ago(0))
    snapshot_month_compute(area=areas.wijk, month=days_ago(0))
    assert NetworkThemeTies.objects.count() == Theme.objects.count()


def test_the_page_filtered_by_theme_is_pseudonymised_like_the_rest(
    users, areas, themed, themes, people
):
    snapshots_compute(area=areas.wijk, since=days_ago(40))
    ConsentFactory(person=people["kees"])  # Kees shares his name (with partners, not policy)
    for role in ("partner",):  # policy has no network (issue 21)
        data = (
            client_for(users[role])
            .get(reverse("network:graph", args=[areas.wijk.code]), {"thema": "taal"})
            .json()
        )
        text = json.dumps(data)
        assert data["graph"]["nodes"]
        for name in ("Fatima", "Ans de Vries", "Piet Bos", "Buur "):
            assert name not in text, (role, name)
        assert ("Kees Jansen" in text) == (role == "partner")
        assert "/netwerk/persoon/" not in text
