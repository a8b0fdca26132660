"""The network pages: who sees what (names or pseudonyms), the graph JSON, matching in Dutch,
introductions through the pages, and bad input that stores nothing."""

import datetime as dt
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from opbouw.network import selectors, services
from opbouw.network.models import (
    DirectTie,
    Introduction,
    IntroductionStatus,
    TieKind,
    TieSource,
)
from opbouw.network.snapshots import snapshots_compute
from opbouw.people.models import Consent, Person
from tests.factories import ConsentFactory, JournalEntryFactory, client_for
from tests.network.support import days_ago, key, matching_consent

# A scoped pseudonym, never "bewoner #<database id>" (opbouw.people.pseudonyms).
PSEUDONYM = re.compile(r"bewoner [0-9A-Z]{6}")

pytestmark = pytest.mark.django_db


@pytest.fixture
def journal(areas, worker, people):
    """Two years of meetings in Berflo Es: Kees and Fatima often, Ans once, Piet never."""
    for n in range(0, 700, 35):
        JournalEntryFactory(area=areas.buurt, author=worker, occurred_on=days_ago(n),
                            people=[people["kees"], people["fatima"]])  # fmt: skip
    JournalEntryFactory(area=areas.buurt, author=worker, occurred_on=days_ago(40),
                        people=[people["fatima"], people["ans"], people["wim"]])  # fmt: skip
    JournalEntryFactory(area=areas.buurt, author=worker, occurred_on=days_ago(5),
                        people=[people["piet"]])  # fmt: skip


def test_the_worker_sees_the_network_with_names(users, areas, people, journal):
    response = client_for(users["worker"]).get(reverse("network:area", args=[areas.wijk.code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kees Jansen" in html and "Fatima El Amrani" in html
    # Piet was met by the worker but has a tie with nobody: listed as without a tie.
    isolated = html.split("data-network-isolated")[1].split("</ul>")[0]
    assert "Piet Bos" in isolated and "Kees" not in isolated
    assert reverse("network:person", args=[people["piet"].pk]) in isolated


def test_policy_has_no_network_pages(users, areas, people, journal):
    """No live view of who meets whom for the municipality (issue 21): 404 everywhere."""
    client = client_for(users["policy"])
    for url in (
        reverse("network:index"),
        reverse("network:area", args=[areas.wijk.code]),
        reverse("network:graph", args=[areas.wijk.code]),
        reverse("network:isolated", args=[areas.wijk.code]),
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("role", ["partner"])
def test_partner_and_policy_see_pseudonyms(users, areas, people, journal, role):
    ConsentFactory(person=people["kees"])  # Kees shares his name
    client = client_for(users[role])
    page = client.get(reverse("network:area", args=[areas.wijk.code])).content.decode()
    data = client.get(reverse("network:graph", args=[areas.wijk.code])).json()
    labels = {row[1] for row in data["graph"]["nodes"]}
    assert any(PSEUDONYM.fullmatch(label) for label in labels)
    assert f"#{people['fatima'].pk}" not in json.dumps(data)
    for text in (page, json.dumps(data)):
        assert "Fatima" not in text and "Piet Bos" not in text
    # Kees consented to sharing his name with partners, not with policy.
    assert ("Kees Jansen" in labels) == (role == "partner")
    assert "schuilnaam" in page


def test_residents_and_other_areas_get_404(users, areas, journal):
    for role, code in [("resident", areas.wijk.code), ("other_worker", areas.wijk.code),
                       ("worker", areas.other_wijk.code)]:  # fmt: skip
        client = client_for(users[role])
        assert client.get(reverse("network:area", args=[code])).status_code == 404, role
        assert client.get(reverse("network:graph", args=[code])).status_code == 404, role


def test_the_graph_json_at_a_month_and_the_slider_months(users, areas, people, journal):
    client = client_for(users["worker"])
    url = reverse("network:graph", args=[areas.wijk.code])
    now = client.get(url).json()
    month = (timezone.localdate().replace(day=1) - dt.timedelta(days=600)).strftime("%Y-%m")
    then = client.get(url, {"maand": month}).json()
    assert then["month"] == month
    ids_now = {row[0] for row in now["graph"]["nodes"]}
    ids_then = {row[0] for row in then["graph"]["nodes"]}
    assert key(people["wim"]) in ids_now and key(people["wim"]) not in ids_then
    # Compact rows: [key, label, kind, community, degree, flags, x, y]; kinds by index.
    nodes = now["graph"]["nodes"]
    assert all(len(row) == 8 and 0 <= row[6] <= 1000 and 0 <= row[7] <= 1000 for row in nodes)
    assert {now["graph"]["kinds"][row[2]] for row in nodes} == {"person"}
    # Edges by node index, with the set of their sources by index too.
    edge = next(e for e in now["graph"]["edges"] if {nodes[e[0]][0], nodes[e[1]][0]}
                == {key(people["kees"]), key(people["fatima"])})  # fmt: skip
    assert now["graph"]["source_sets"][edge[3]] == ["journal"]
    # Nonsense in the month is the latest month, not an error.
    assert client.get(url, {"maand": "gisteren"}).status_code == 200


def test_snapshots_are_stored_per_month_and_year_and_recomputable(areas, people, journal):
    count = snapshots_compute(area=areas.wijk, since=days_ago(365))
    from opbouw.network.models import NetworkSnapshot

    stored = NetworkSnapshot.objects.filter(area=areas.wijk)
    assert stored.count() == count
    assert stored.filter(period="year").count() in (1, 2)
    assert snapshots_compute(area=areas.wijk, since=days_ago(365)) == count
    assert stored.count() == count  # computed again: replaced, not added
    latest = stored.filter(period="month").order_by("-starts_on").first()
    assert latest.metrics["ties"] >= 1


def test_metric_series_for_reports(users, areas, people, journal):
    snapshots_compute(area=areas.wijk, since=days_ago(200))
    series = selectors.metric_series(users["worker"], areas.wijk, days_ago(300), days_ago(0))
    assert len(series) in (10, 11, 12)
    assert series[-1].month == timezone.localdate().replace(day=1)
    assert series[-1].ties >= 2 and series[-1].isolated >= 1
    assert series[0].ties <= series[-1].ties
    with pytest.raises(Http404):
        selectors.metric_series(users["other_worker"], areas.wijk, days_ago(30), days_ago(0))
    with pytest.raises(Http404):
        selectors.metric_series(users["resident"], areas.wijk, days_ago(30), days_ago(0))
    with pytest.raises(ValidationError):
        selectors.metric_series(users["worker"], areas.wijk, days_ago(0), days_ago(30))


def test_matching_explains_in_plain_dutch(users, areas, people):
    kees, fatima = people["kees"], people["fatima"]
    for person in (kees, fatima):
        matching_consent(person)
    kees.languages = ["ar", "nl"]
    kees.save()
    response = client_for(users["worker"]).get(reverse("network:person", args=[kees.pk]))
    html = response.content.decode()
    assert "Kees Jansen geeft graag fietsles — Fatima El Amrani wil leren fietsen" in html
    assert "Jullie spreken allebei Arabisch" in html
    assert "Wonen allebei in Berflo Es Noord" in html


def test_no_suggestions_without_a_matching_consent(users, areas, people):
    matching_consent(people["fatima"])  # only Fatima consented
    html = (
        client_for(users["worker"])
        .get(reverse("network:person", args=[people["kees"].pk]))
        .content.decode()
    )
    assert "geen toestemming gegeven om in verbinding" in html
    html = (
        client_for(users["worker"])
        .get(reverse("network:person", args=[people["fatima"].pk]))
        .content.decode()
    )
    assert "Kees" not in html.split("data-suggestions")[1].split("</ul>")[0]


def test_a_declined_introduction_is_never_suggested_again(users, worker, people):
    kees, fatima = people["kees"], people["fatima"]
    for person in (kees, fatima):
        matching_consent(person)
    client = client_for(worker)
    page = reverse("network:person", args=[kees.pk])
    assert "Fatima El Amrani wil leren fietsen" in client.get(page).content.decode()
    response = client.post(reverse("network:introduction_propose", args=[kees.pk]),
                           {"other": fatima.pk, "reason": "Fietsles"})  # fmt: skip
    assert response.status_code == 302
    introduction = Introduction.objects.get()
    response = client.post(reverse("network:introduction_answer", args=[introduction.pk]),
                           {"side": "b", "answer": "no", "source": "phone"})  # fmt: skip
    introduction.refresh_from_db()
    assert introduction.status == IntroductionStatus.DECLINED
    assert introduction.b_source == Consent.Source.PHONE
    assert (
        "Fatima"
        not in client.get(page).content.decode().split("data-suggestions")[1].split("</ul>")[0]
    )
    response = client.post(reverse("network:introduction_propose", args=[kees.pk]),
                           {"other": fatima.pk, "reason": "Nog eens"})  # fmt: skip
    assert response.status_code == 400
    assert "zei eerder nee" in response.content.decode()
    assert Introduction.objects.count() == 1


def test_the_resident_says_yes_in_their_own_account(users, worker, people):
    rita = Person.objects.get(user=users["resident"])
    introduction = services.introduction_propose(
        proposer=worker,
        person_a=people["kees"],
        person_b=rita,
        reason="Koken",
    )
    services.introduction_answer(introduction=introduction, person=people["kees"], accepted=True,
                                 recorded_by=worker, source="phone")  # fmt: skip
    resident = client_for(users["resident"])
    page = resident.get(reverse("network:introductions")).content.decode()
    assert "Kennismaken met" in page and "Ja, graag" in page
    # A resident cannot answer for the other person.
    other_side = resident.post(reverse("network:introduction_answer", args=[introduction.pk]),
                               {"side": "a", "answer": "no"})  # fmt: skip
    assert other_side.status_code == 404
    resident.post(reverse("network:introduction_answer", args=[introduction.pk]),
                  {"side": "b", "answer": "yes"})  # fmt: skip
    introduction.refresh_from_db()
    assert introduction.status == IntroductionStatus.DONE
    assert introduction.b_source == Consent.Source.ACCOUNT
    assert introduction.b_recorded_by == users["resident"]
    assert DirectTie.objects.filter(person_a=people["kees"], person_b=rita).exists()


def test_recording_a_tie_through_the_page_and_bad_input(users, worker, people):
    client = client_for(worker)
    url = reverse("network:tie_add", args=[people["kees"].pk])
    data = {"tie-kind": TieKind.HELPS, "tie-since": days_ago(2).isoformat(), "tie-note": ""}
    for other, message in [
        (people["kees"].pk, "een verbinding is tussen twee verschillende mensen"),
        (people["olga"].pk, "bestaat niet of woont buiten uw gebieden"),
        (999_999, "bestaat niet of woont buiten uw gebieden"),
        ("", "Kies één persoon, groep of organisatie"),
    ]:
        response = client.post(url, {**data, "tie-other": other})
        assert response.status_code == 400
        assert message in response.content.decode()
    future = {**data, "tie-other": people["ans"].pk, "tie-since": days_ago(-5).isoformat()}
    assert "toekomst" in client.post(url, future).content.decode()
    assert DirectTie.objects.count() == 0
    response = client.post(url, {**data, "tie-other": people["ans"].pk})
    assert response.status_code == 302
    tie = DirectTie.objects.get()
    assert (tie.person_a, tie.person_b, tie.kind) == (people["kees"], people["ans"], "helps")
    assert tie.source == TieSource.RECORDED  # the default when the form says nothing
    # The other-area worker cannot even open the page of Kees.
    assert client_for(users["other_worker"]).post(url, data).status_code == 404


def test_a_tie_the_residents_named_themselves_is_shown_as_such(worker, people):
    client = client_for(worker)
    url = reverse("network:tie_add", args=[people["kees"].pk])
    data = {"tie-kind": TieKind.KNOWS, "tie-since": days_ago(2).isoformat(),
            "tie-other": people["ans"].pk}  # fmt: skip
    # An introduction records its own ties: the form does not accept that source.
    response = client.post(url, {**data, "tie-source": TieSource.INTRODUCTION})
    assert response.status_code == 400
    assert DirectTie.objects.count() == 0
    response = client.post(url, {**data, "tie-source": TieSource.SELF_REPORTED})
    assert response.status_code == 302
    assert DirectTie.objects.get().source == TieSource.SELF_REPORTED
    page = client.get(reverse("network:person", args=[people["kees"].pk])).content.decode()
    assert "door bewoners zelf genoemd (netwerkkaart)" in page


def test_the_initiative_page_shows_reach_and_people_who_could_join(users, areas, worker, people):
    from opbouw.core.models import Theme
    from opbouw.initiatives.models import Initiative, Member, MemberRole, NeedOffer, Stage

    initiative = Initiative.objects.create(
        title="Fietsschool", goal="Leren fietsen.", area=areas.buurt, stage=Stage.ACTION,
        stage_since=days_ago(90), created_by=worker,
    )  # fmt: skip
    initiative.themes.set([Theme.objects.get(slug="taal")])
    Member.objects.create(initiative=initiative, person=people["fatima"], role=MemberRole.LEAD,
                          since=days_ago(80))  # fmt: skip
    Member.objects.create(initiative=initiative, person=people["ans"], role=MemberRole.CORE,
                          since=days_ago(80))  # fmt: skip
    NeedOffer.objects.create(initiative=initiative, kind="need", description="fietsles geven",
                             created_on=days_ago(10))  # fmt: skip
    JournalEntryFactory(area=areas.buurt, author=worker, occurred_on=days_ago(3),
                        people=[people["ans"], people["piet"]])  # fmt: skip
    matching_consent(people["kees"])
    response = client_for(worker).get(reverse("network:initiative", args=[initiative.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kees Jansen" in html  # gives fietsles, the initiative needs it
    reach = selectors.initiative_reach_for(worker, initiative)
    assert reach is not None and reach["reach"].core_size == 2


def test_a_stored_month_is_read_from_its_snapshot_with_names_as_the_viewer_may_see(
    users, areas, people, journal
):
    from opbouw.network.models import NetworkSnapshot

    snapshots_compute(area=areas.wijk, since=days_ago(60))
    stored = NetworkSnapshot.objects.get(
        area=areas.wijk, period="month", starts_on=timezone.localdate().replace(day=1)
    )
    assert stored.picture["nodes"] and "Kees" not in json.dumps(stored.picture)  # no names
    # Mark the stored picture: the page must show it rather than derive the month again.
    stored.picture["nodes"] = [
        row for row in stored.picture["nodes"] if row[0] != key(people["ans"])
    ]
    stored.picture["edges"] = []
    stored.save()
    url = reverse("network:graph", args=[areas.wijk.code])
    worker = client_for(users["worker"]).get(url).json()
    labels = {row[1] for row in worker["graph"]["nodes"]}
    assert "Kees Jansen" in labels and "Ans de Vries" not in labels
    assert worker["graph"]["edges"] == []
    partner = client_for(users["partner"]).get(url).json()
    assert any(PSEUDONYM.fullmatch(row[1]) for row in partner["graph"]["nodes"])
    assert "Kees" not in json.dumps(partner)


def test_the_network_selector_at_a_date_and_over_a_window(users, areas, people, journal):
    pair = tuple(sorted((key(people["kees"]), key(people["fatima"]))))
    now = selectors.network_at(users["worker"], areas.wijk, days_ago(0))
    assert now[pair].meetings == 11  # every 35 days over the last year
    window = selectors.network_between(users["worker"], areas.wijk, days_ago(100), days_ago(0))
    assert window[pair].meetings == 3
    with pytest.raises(ValidationError) as error:
        selectors.network_between(users["worker"], areas.wijk, days_ago(0), days_ago(100))
    assert "vóór het begin" in error.value.messages[0]
    with pytest.raises(Http404):
        selectors.network_at(users["other_worker"], areas.wijk, days_ago(0))


# --- months not stored yet: asked for in the background, never derived in the request -------

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _queued():
    from django_tasks import task_backends

    return [(result.task.name, list(result.args)) for result in task_backends["default"].results]


def test_a_month_not_stored_is_computed_in_the_background_not_in_the_request(
    settings, users, areas, people, journal
):
    from opbouw.network.models import NetworkSnapshot

    this_month = timezone.localdate().replace(day=1)
    snapshots_compute(area=areas.wijk, since=days_ago(90), until=days_ago(40))
    stored = set(NetworkSnapshot.objects.filter(area=areas.wijk, period="month")
                 .values_list("starts_on", flat=True))  # fmt: skip
    assert this_month not in stored
    settings.TASKS = DUMMY_TASKS  # a real queue: nothing runs until a worker takes it
    client = client_for(users["worker"])
    url = reverse("network:graph", args=[areas.wijk.code])
    data = client.get(url).json()
    # The nearest stored month is shown, and says so; this month is queued, once.
    assert data["pending"] == this_month.strftime("%Y-%m")
    assert data["month"] == max(stored).strftime("%Y-%m")
    assert "wordt berekend" in data["pending_note"]
    assert data["graph"]["nodes"]
    assert _queued() == [("compute_network_month", [areas.wijk.pk, this_month.isoformat()])]
    page = client.get(reverse("network:area", args=[areas.wijk.code])).content.decode()
    assert "wordt berekend" in page
    assert len(_queued()) == 1  # asked for already: not queued again
    assert not NetworkSnapshot.objects.filter(area=areas.wijk, starts_on=this_month).exists()

    # The worker runs the task; then the month is there.
    from opbouw.network.tasks import compute_network_month

    compute_network_month.call(areas.wijk.pk, this_month.isoformat())
    data = client.get(url).json()
    assert data["pending"] is None and data["month"] == this_month.strftime("%Y-%m")
    assert "Kees Jansen" in {row[1] for row in data["graph"]["nodes"]}


def test_with_nothing_stored_the_page_says_so_and_draws_nothing(
    settings, users, areas, people, journal
):
    settings.TASKS = DUMMY_TASKS
    client = client_for(users["worker"])
    response = client.get(reverse("network:area", args=[areas.wijk.code]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "wordt berekend" in html and "Nog niets getekend." in html
    assert "Kees Jansen" not in html
    data = client.get(reverse("network:graph", args=[areas.wijk.code])).json()
    assert data["month"] is None and data["graph"]["nodes"] == [] and data["pending"]
    assert len(_queued()) == 1


def test_a_month_older_than_two_years_is_not_queued(settings, users, areas, people, journal):
    snapshots_compute(area=areas.wijk, since=days_ago(60))
    settings.TASKS = DUMMY_TASKS
    old = (timezone.localdate() - dt.timedelta(days=1000)).strftime("%Y-%m")
    data = (
        client_for(users["worker"])
        .get(reverse("network:graph", args=[areas.wijk.code]), {"maand": old})
        .json()
    )
    assert data["pending"] is None and data["month"] is not None and data["month"] != old
    assert _queued() == []


def test_groups_and_organisations_are_nodes_of_their_kind(users, areas, people, worker):
    from opbouw.people.models import GroupMembership
    from tests.factories import GroupFactory, OrganisationFactory

    group = GroupFactory(name="Moestuinclub", area=areas.buurt)
    GroupMembership.objects.create(group=group, person=people["kees"], since=days_ago(50))
    organisation = OrganisationFactory(name="Wijkteam Noord")
    entry = JournalEntryFactory(area=areas.buurt, author=worker, occurred_on=days_ago(3),
                                people=[people["kees"], people["fatima"]])  # fmt: skip
    entry.organisations.add(organisation)
    data = client_for(users["worker"]).get(reverse("network:graph", args=[areas.wijk.code])).json()
    kinds = {row[0][0]: data["graph"]["kinds"][row[2]] for row in data["graph"]["nodes"]}
    assert kinds == {"p": "person", "g": "group", "o": "organisation"}
    labels = {row[1] for row in data["graph"]["nodes"]}
    assert {"Moestuinclub", "Wijkteam Noord"} <= labels
