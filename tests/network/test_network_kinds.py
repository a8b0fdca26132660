"""People, groups and organisations as nodes: recorded ties with any of them at either end,
the ties derived from memberships and the journal, and what the metrics count."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from opbouw.network import services
from opbouw.network.history import load_history
from opbouw.network.measure import drawing, measure_at, stored_metrics
from opbouw.network.models import DirectTie, NetworkSnapshot, TieKind
from opbouw.network.snapshots import snapshots_compute
from opbouw.people.models import GroupMembership
from tests.factories import GroupFactory, JournalEntryFactory, OrganisationFactory, client_for
from tests.network.support import days_ago, key

pytestmark = pytest.mark.django_db


@pytest.fixture
def club(areas):
    return GroupFactory(area=areas.buurt, name="Moestuinclub")


@pytest.fixture
def wijkteam():
    return OrganisationFactory(name="Wijkteam Berflo Es")


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _ties(area, day=None):
    from opbouw.network.ties import ties_in_window, year_window

    day = day or days_ago(0)
    history = load_history(area, start=year_window(day)[0], end=day)
    return history, ties_in_window(
        history.events, history.spans, start=year_window(day)[0], end=day
    )


# --- recording ------------------------------------------------------------------------------


def test_a_worker_records_ties_with_groups_and_organisations(worker, people, club, wijkteam):
    with_group = services.direct_tie_create(
        recorded_by=worker, a=people["kees"], b=club, kind=TieKind.HELPS, since=days_ago(20)
    )
    with_org = services.direct_tie_create(
        recorded_by=worker, a=club, b=wijkteam, kind=TieKind.WORKS_WITH, since=days_ago(10)
    )
    reverse_way = services.direct_tie_create(
        recorded_by=worker, a=wijkteam, b=people["ans"], kind=TieKind.KNOWS
    )
    assert (with_group.end_a, with_group.end_b) == (people["kees"], club)
    assert (with_org.end_key("a"), with_org.end_key("b")) == (f"g{club.pk}", f"o{wijkteam.pk}")
    assert reverse_way.person_a is None and reverse_way.organisation_a == wijkteam
    assert str(with_org) == "Moestuinclub werkt samen met Wijkteam Berflo Es"
    assert DirectTie.objects.count() == 3


def test_a_group_or_organisation_tied_to_itself_is_refused(worker, club, wijkteam):
    for end in (club, wijkteam):
        with pytest.raises(ValidationError) as error:
            services.direct_tie_create(recorded_by=worker, a=end, b=end, kind=TieKind.KNOWS)
        assert "twee verschillende mensen, groepen of organisaties" in str(error.value)
    assert DirectTie.objects.count() == 0


def test_a_person_and_a_group_with_the_same_id_are_different_ends(worker, people):
    kees = people["kees"]
    group = GroupFactory(pk=kees.pk, area=kees.area)  # the same number, another kind
    tie = services.direct_tie_create(recorded_by=worker, a=kees, b=group, kind=TieKind.KNOWS)
    person, group = kees, group
    assert tie.end_key("a") == f"p{person.pk}" and tie.end_key("b") == f"g{group.pk}"


def test_a_group_outside_ones_areas_is_refused_and_nothing_is_stored(
    worker, other_worker, areas, people, club
):
    elsewhere = GroupFactory(area=areas.other_buurt, name="Club elders")
    with pytest.raises(ValidationError) as error:
        services.direct_tie_create(
            recorded_by=worker, a=people["kees"], b=elsewhere, kind=TieKind.KNOWS
        )
    assert "uw gebieden" in str(error.value)
    with pytest.raises(ValidationError):
        services.direct_tie_create(recorded_by=other_worker, a=club, b=elsewhere, kind="knows")
    assert DirectTie.objects.count() == 0


def test_an_end_that_is_no_person_group_or_organisation_is_refused(worker, areas, people):
    with pytest.raises(ValidationError) as error:
        services.direct_tie_create(
            recorded_by=worker, a=people["kees"], b=areas.buurt, kind=TieKind.KNOWS
        )
    assert "persoon, een groep of een organisatie" in str(error.value)
    assert DirectTie.objects.count() == 0


def test_the_database_refuses_two_ends_on_one_side(worker, people, club):
    tie = DirectTie(person_a=people["kees"], group_a=club, person_b=people["ans"],
                    kind=TieKind.KNOWS, since=days_ago(1), recorded_by=worker)  # fmt: skip
    with pytest.raises(ValidationError) as error:
        tie.full_clean()
    assert "één persoon, groep of organisatie" in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        tie.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        DirectTie.objects.create(person_a=people["kees"], kind=TieKind.KNOWS, since=days_ago(1))
    assert DirectTie.objects.count() == 0


# --- the page --------------------------------------------------------------------------------


def test_the_person_page_records_a_tie_with_a_group(worker, people, club):
    client = client_for(worker)
    url = reverse("network:tie_add", args=[people["kees"].pk])
    response = client.post(url, {"tie-group": club.pk, "tie-kind": "helps",
                                 "tie-since": days_ago(3).isoformat()})  # fmt: skip
    assert response.status_code == 302
    tie = DirectTie.objects.get()
    assert (tie.person_a, tie.group_b, tie.kind) == (people["kees"], club, "helps")
    page = client.get(reverse("network:person", args=[people["kees"].pk])).content.decode()
    assert "Kees Jansen <strong>helpt</strong> Moestuinclub" in page


def test_the_person_page_refuses_two_ends_or_none(worker, people, club, wijkteam):
    client = client_for(worker)
    url = reverse("network:tie_add", args=[people["kees"].pk])
    since = days_ago(3).isoformat()
    both = client.post(url, {"tie-group": club.pk, "tie-organisation": wijkteam.pk,
                             "tie-kind": "knows", "tie-since": since})  # fmt: skip
    assert both.status_code == 400
    assert "Kies één persoon, groep of organisatie" in both.content.decode()
    none = client.post(url, {"tie-kind": "knows", "tie-since": since})
    assert none.status_code == 400
    unknown = client.post(url, {"tie-group": 999_999, "tie-kind": "knows", "tie-since": since})
    assert "Deze groep bestaat niet" in unknown.content.decode()
    no_such = client.post(url, {"tie-organisation": 999_999, "tie-kind": "knows",
                                "tie-since": since})  # fmt: skip
    assert no_such.status_code == 400
    assert "Deze organisatie bestaat niet" in no_such.content.decode()
    assert DirectTie.objects.count() == 0


# --- the derived network --------------------------------------------------------------------


def test_recorded_ties_with_groups_and_organisations_are_in_the_network(
    areas, worker, people, club, wijkteam
):
    services.direct_tie_create(recorded_by=worker, a=people["kees"], b=club, kind="helps",
                               since=days_ago(30))  # fmt: skip
    services.direct_tie_create(recorded_by=worker, a=club, b=wijkteam, kind="works_with",
                               since=days_ago(30))  # fmt: skip
    history, ties = _ties(areas.wijk)
    assert ties[_pair(key(people["kees"]), f"g{club.pk}")].sources == {"helps"}
    assert ties[_pair(f"g{club.pk}", f"o{wijkteam.pk}")].sources == {"works_with"}
    # The organisation took part in no entry here: the recorded tie brings it in.
    assert history.nodes[f"o{wijkteam.pk}"].kind == "organisation"
    # Not in the other wijk's picture, whose people and groups are not at either end.
    _other, other_ties = _ties(areas.other_wijk)
    assert other_ties == {}


def test_a_tie_between_two_organisations_belongs_where_one_is_based(areas, worker):
    here = OrganisationFactory(name="Buurthuis", area=areas.buurt)
    far = OrganisationFactory(name="Elders")
    farther = OrganisationFactory(name="Nog verder")
    services.direct_tie_create(recorded_by=worker, a=here, b=far, kind="works_with")
    services.direct_tie_create(recorded_by=worker, a=far, b=farther, kind="works_with")
    _history, ties = _ties(areas.wijk)
    assert list(ties) == [_pair(f"o{here.pk}", f"o{far.pk}")]


def test_membership_and_the_journal_tie_people_groups_and_organisations(
    areas, worker, people, club, wijkteam
):
    GroupMembership.objects.create(group=club, person=people["ans"], since=days_ago(50))
    entry = JournalEntryFactory(area=areas.buurt, author=worker, occurred_on=days_ago(5),
                                people=[people["piet"]], groups=[club])  # fmt: skip
    entry.organisations.set([wijkteam])
    _history, ties = _ties(areas.wijk)
    assert ties[_pair(key(people["ans"]), f"g{club.pk}")].sources == {"group"}
    assert ties[_pair(key(people["piet"]), f"g{club.pk}")].sources == {"journal"}
    assert ties[_pair(key(people["piet"]), f"o{wijkteam.pk}")].sources == {"journal"}
    assert ties[_pair(f"g{club.pk}", f"o{wijkteam.pk}")].sources == {"journal"}
    # Membership is dated: before Ans joined there was no tie.
    _history, before = _ties(areas.wijk, days_ago(60))
    assert _pair(key(people["ans"]), f"g{club.pk}") not in before


# --- what the metrics count -----------------------------------------------------------------


def test_people_active_counts_people_and_the_rest_counts_every_node(
    areas, worker, people, club, wijkteam
):
    """Kees and Ans are tied only through the club; the club works with the wijkteam; the
    other people of the wijk are known to the workers and have no tie. 3 ties, 2 people
    active, every person plus the club and the wijkteam as nodes."""
    for name in ("kees", "ans"):
        services.direct_tie_create(recorded_by=worker, a=people[name], b=club, kind="knows",
                                   since=days_ago(30))  # fmt: skip
    services.direct_tie_create(recorded_by=worker, a=club, b=wijkteam, kind="works_with",
                               since=days_ago(30))  # fmt: skip
    history = load_history(areas.wijk, start=days_ago(800), end=days_ago(0))
    measured = measure_at(history, days_ago(0))
    metrics = measured.metrics
    people_here = len(history.known(days_ago(0)))  # everyone in the wijk (factories: today)
    assert metrics.people == people_here
    assert metrics.people_active == 2  # Kees and Ans; the club and the wijkteam do not count
    assert metrics.ties == 3
    assert metrics.nodes == people_here + 2
    # The club is the broker between Kees, Ans and the wijkteam: a group can be one.
    assert measured.brokers[0][0] == f"g{club.pk}"
    # Isolated: people only (Kees and Ans have a tie, through the club).
    assert key(people["piet"]) in measured.isolated
    assert key(people["kees"]) not in measured.isolated
    assert all(item.startswith("p") for item in measured.isolated)
    stored = stored_metrics(measured)
    assert stored["nodes_by_kind"] == {"person": people_here, "group": 1, "organisation": 1}
    assert stored["people"] == people_here and stored["people_active"] == 2
    # Among people, nobody stands between others here: the club does all the bridging.
    assert stored["brokers"][0][0] == f"g{club.pk}" and stored["people_brokers"] == []


def test_snapshots_store_the_kind_of_each_node(areas, worker, people, club, wijkteam):
    services.direct_tie_create(recorded_by=worker, a=people["kees"], b=club, kind="knows",
                               since=days_ago(30))  # fmt: skip
    services.direct_tie_create(recorded_by=worker, a=club, b=wijkteam, kind="works_with",
                               since=days_ago(30))  # fmt: skip
    history = load_history(areas.wijk, start=days_ago(800), end=days_ago(0))
    picture = drawing(measure_at(history, days_ago(0)))
    kinds = {row[0]: row[6] for row in picture["nodes"]}
    assert kinds[key(people["kees"])] == "person"
    assert kinds[f"g{club.pk}"] == "group"
    assert kinds[f"o{wijkteam.pk}"] == "organisation"
    snapshots_compute(area=areas.wijk, since=days_ago(0))
    month = NetworkSnapshot.objects.get(area=areas.wijk, period="month")
    stored = {row[0]: row[6] for row in month.picture["nodes"]}
    assert stored[f"g{club.pk}"] == "group" and stored[f"o{wijkteam.pk}"] == "organisation"
    assert month.metrics["nodes_by_kind"]["group"] == 1
    # The page's payload carries the kind of each node (as an index into "kinds").
    data = client_for(worker).get(reverse("network:graph", args=[areas.wijk.code])).json()
    graph = data["graph"]
    by_key = {row[0]: graph["kinds"][row[2]] for row in graph["nodes"]}
    assert by_key[f"g{club.pk}"] == "group" and by_key[f"o{wijkteam.pk}"] == "organisation"
