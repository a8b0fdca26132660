"""The network derived from the journal, memberships and recorded ties, at a date or a window."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from opbouw.initiatives.models import Initiative, Member, MemberRole, Stage
from opbouw.network.history import load_history
from opbouw.network.models import DirectTie, TieKind
from opbouw.network.ties import (
    HALF_LIFE_DAYS,
    Event,
    check_window,
    ties_in_window,
    year_window,
)
from opbouw.people.models import GroupMembership
from tests.factories import GroupFactory, JournalEntryFactory, OrganisationFactory
from tests.network.support import days_ago

pytestmark = pytest.mark.django_db


def _key(person):
    return f"p{person.pk}"


def _ties(history, day=None, *, start=None, theme=None):
    day = day or history.end
    start = start or year_window(day)[0]
    return ties_in_window(history.events, history.spans, start=start, end=day, theme=theme)


def test_people_at_the_same_entry_are_tied_weighted_by_how_often(areas, worker, people):
    kees, fatima, ans = people["kees"], people["fatima"], people["ans"]
    for n in (10, 20, 30):
        JournalEntryFactory(area=areas.buurt, author=worker, occurred_on=days_ago(n),
                            people=[kees, fatima])  # fmt: skip
    JournalEntryFactory(area=areas.buurt, author=worker, occurred_on=days_ago(10),
                        people=[kees, ans])  # fmt: skip
    history = load_history(areas.wijk, start=days_ago(365), end=days_ago(0))
    ties = _ties(history)
    often = ties[tuple(sorted((_key(kees), _key(fatima))))]
    once = ties[tuple(sorted((_key(kees), _key(ans))))]
    assert often.meetings == 3 and once.meetings == 1
    assert often.weight > 2.5 * once.weight * 0.9
    assert often.sources == {"journal"}
    assert (_key(fatima), _key(ans)) not in ties and (_key(ans), _key(fatima)) not in ties


def test_recent_meetings_weigh_more_than_old_ones(areas, worker, people):
    kees, fatima, ans = people["kees"], people["fatima"], people["ans"]
    JournalEntryFactory(area=areas.buurt, author=worker, occurred_on=days_ago(0),
                        people=[kees, fatima])  # fmt: skip
    JournalEntryFactory(area=areas.buurt, author=worker, occurred_on=days_ago(HALF_LIFE_DAYS),
                        people=[kees, ans])  # fmt: skip
    history = load_history(areas.wijk, start=days_ago(365), end=days_ago(0))
    ties = _ties(history)
    recent = ties[tuple(sorted((_key(kees), _key(fatima))))].weight
    old = ties[tuple(sorted((_key(kees), _key(ans))))].weight
    assert recent == pytest.approx(1.0)
    assert old == pytest.approx(0.5)


def test_a_big_meeting_ties_everyone_but_each_pair_less(areas, worker, people):
    group = [people["kees"], people["fatima"], people["ans"], people["piet"]]
    JournalEntryFactory(area=areas.buurt, author=worker, occurred_on=days_ago(0), people=group)
    history = load_history(areas.wijk, start=days_ago(10), end=days_ago(0))
    ties = _ties(history)
    assert len(ties) == 6  # 4 people: every pair
    assert all(info.weight == pytest.approx(1 / 3) for info in ties.values())


def test_groups_and_organisations_at_an_entry_are_nodes_too(areas, worker, people):
    group = GroupFactory(area=areas.buurt, name="Moestuinclub")
    organisation = OrganisationFactory(name="Wijkteam")
    entry = JournalEntryFactory(area=areas.buurt, author=worker, occurred_on=days_ago(1),
                                people=[people["kees"]], groups=[group])  # fmt: skip
    entry.organisations.set([organisation])
    history = load_history(areas.wijk, start=days_ago(10), end=days_ago(0))
    keys = {key for pair in _ties(history) for key in pair}
    assert keys == {_key(people["kees"]), f"g{group.pk}", f"o{organisation.pk}"}
    assert history.nodes[f"o{organisation.pk}"].kind == "organisation"


def test_people_from_another_wijk_are_not_in_the_picture(areas, worker, people):
    JournalEntryFactory(area=areas.buurt, author=worker, occurred_on=days_ago(1),
                        people=[people["kees"], people["olga"]])  # fmt: skip
    history = load_history(areas.wijk, start=days_ago(10), end=days_ago(0))
    assert _key(people["olga"]) not in history.nodes
    assert _ties(history) == {}


def test_group_membership_and_initiative_membership_give_ties(areas, worker, people):
    group = GroupFactory(area=areas.buurt, name="Breiclub")
    GroupMembership.objects.create(group=group, person=people["ans"], since=days_ago(100))
    initiative = Initiative.objects.create(
        title="Samen eten", goal="Eten.", area=areas.buurt, stage=Stage.ACTION,
        stage_since=days_ago(90), created_by=worker,
    )  # fmt: skip
    Member.objects.create(initiative=initiative, person=people["kees"], role=MemberRole.LEAD,
                          since=days_ago(80))  # fmt: skip
    Member.objects.create(initiative=initiative, person=people["piet"], role=MemberRole.VOLUNTEER,
                          since=days_ago(40), left_on=days_ago(20))  # fmt: skip
    history = load_history(areas.wijk, start=days_ago(365), end=days_ago(0))
    ties = _ties(history)
    assert ties[tuple(sorted((_key(people["ans"]), f"g{group.pk}")))].sources == {"group"}
    kees_piet = tuple(sorted((_key(people["kees"]), _key(people["piet"]))))
    assert ties[kees_piet].sources == {"initiative"}
    # The tie lasted from day -40 to day -20: not in a window before or after that.
    assert kees_piet not in _ties(history, days_ago(45), start=days_ago(60))
    assert kees_piet not in _ties(history, days_ago(0), start=days_ago(10))
    assert history.initiative_core[initiative.pk] == {_key(people["kees"])}


def test_recorded_ties_count_from_their_date_until_they_end(areas, worker, people):
    DirectTie.objects.create(person_a=people["kees"], person_b=people["wim"], kind=TieKind.HELPS,
                             since=days_ago(30), recorded_by=worker)  # fmt: skip
    DirectTie.objects.create(person_a=people["ans"], person_b=people["piet"], kind=TieKind.KNOWS,
                             since=days_ago(300), ended_on=days_ago(200),
                             recorded_by=worker)  # fmt: skip
    history = load_history(areas.wijk, start=days_ago(400), end=days_ago(0))
    now = _ties(history)
    kees_wim = tuple(sorted((_key(people["kees"]), _key(people["wim"]))))
    assert now[kees_wim].sources == {"helps"}
    assert now[kees_wim].weight > 1.0  # "helpt" weighs more than "kent"
    assert kees_wim not in _ties(history, days_ago(31), start=days_ago(60))
    ans_piet = tuple(sorted((_key(people["ans"]), _key(people["piet"]))))
    assert ans_piet in _ties(history, days_ago(250), start=days_ago(260))
    assert ans_piet not in _ties(history, days_ago(0), start=days_ago(150))


def test_the_network_at_a_date_is_the_year_up_to_it(areas, worker, people):
    JournalEntryFactory(area=areas.buurt, author=worker, occurred_on=days_ago(400),
                        people=[people["kees"], people["fatima"]])  # fmt: skip
    history = load_history(areas.wijk, start=days_ago(800), end=days_ago(0))
    assert _ties(history, days_ago(0)) == {}
    assert len(_ties(history, days_ago(100))) == 1
    assert _ties(history, days_ago(500)) == {}


def test_a_theme_filter_keeps_only_ties_from_entries_on_that_theme(areas, worker, people):
    from opbouw.core.models import Theme

    green = Theme.objects.get(slug="groen")
    JournalEntryFactory(area=areas.buurt, author=worker, occurred_on=days_ago(1),
                        people=[people["kees"], people["fatima"]], themes=[green])  # fmt: skip
    JournalEntryFactory(area=areas.buurt, author=worker, occurred_on=days_ago(1),
                        people=[people["ans"], people["piet"]])  # fmt: skip
    history = load_history(areas.wijk, start=days_ago(10), end=days_ago(0), with_themes=True)
    assert len(_ties(history)) == 2
    themed = _ties(history, theme=green.pk)
    assert list(themed) == [tuple(sorted((_key(people["kees"]), _key(people["fatima"]))))]


def test_a_window_that_ends_before_it_starts_is_a_clear_error():
    with pytest.raises(ValidationError) as error:
        check_window(dt.date(2025, 3, 1), dt.date(2025, 2, 1))
    assert "ligt vóór het begin" in error.value.messages[0]
    with pytest.raises(ValidationError):
        ties_in_window([], [], start=dt.date(2025, 3, 1), end=dt.date(2025, 2, 1))


def test_an_event_alone_makes_no_tie():
    event = Event(dt.date(2025, 1, 1), ("p1",))
    assert ties_in_window([event], [], start=dt.date(2024, 1, 1), end=dt.date(2025, 1, 1)) == {}
