"""Initiatives: stages by the rules (a skip is refused with a reason), members, needs, the
worker's side (support moments, position, the municipality's role) and the timeline."""

import pytest
from django.core.exceptions import ValidationError

from opbouw.initiatives import selectors, services
from opbouw.initiatives.models import (
    Initiative,
    Member,
    MemberRole,
    MunicipalRole,
    MunicipalRoleChange,
    NeedOffer,
    Position,
    Stage,
    StageChange,
    SupportMoment,
)
from opbouw.people.models import Person
from tests.assets.helpers import make_asset
from tests.factories import JournalEntryFactory, PersonFactory
from tests.initiatives.helpers import add_core, days_ago, move

pytestmark = pytest.mark.django_db


def test_a_new_initiative_is_an_idea_with_the_start_of_its_story(initiative, users):
    assert (initiative.stage, initiative.stage_since) == (Stage.IDEA, days_ago(60))
    change = StageChange.objects.get(initiative=initiative)
    assert (change.from_stage, change.to_stage, change.note) == (
        "",
        Stage.IDEA,
        "Bij de koffieochtend opgekomen.",
    )


def test_a_resident_who_starts_one_becomes_its_trekker(users, areas, resident_person):
    initiative = services.initiative_create(
        created_by=users["resident"],
        title="Bankje bij de vijver",
        goal="Een plek om even te zitten.",
        area=areas.buurt,
        lead=resident_person,
    )
    member = Member.objects.get(initiative=initiative)
    assert (member.person, member.role) == (resident_person, MemberRole.LEAD)


@pytest.mark.parametrize("role", ["partner", "policy", "other_worker"])
def test_who_may_not_start_one_here(users, areas, role):
    with pytest.raises(ValidationError):
        services.initiative_create(created_by=users[role], title="x", goal="y", area=areas.buurt)
    assert not Initiative.objects.exists()


def test_the_whole_life_idea_core_action_independent(initiative, users, areas):
    add_core(initiative, users["worker"], areas)
    move(initiative, users["worker"], Stage.CORE, days=40, note="Vier buren zijn de kern.")
    move(initiative, users["worker"], Stage.ACTION, days=20, note="Eerste maaltijd.")
    move(initiative, users["worker"], Stage.INDEPENDENT, days=1, note="Loopt zonder ons.")
    initiative.refresh_from_db()
    assert (initiative.stage, initiative.stage_since) == (Stage.INDEPENDENT, days_ago(1))
    path = list(
        StageChange.objects.filter(initiative=initiative).values_list("to_stage", flat=True)
    )
    assert path == ["idea", "core", "action", "independent"]


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (Stage.INDEPENDENT, "Van ‘idee’ kan een initiatief niet meteen naar ‘zelfstandig’"),
        (Stage.COMPLETED, "kies dan ‘gestopt’"),
        (Stage.IDEA, "al in de fase ‘idee’"),
    ],
)
def test_a_skip_is_refused_with_a_reason_and_nothing_changes(initiative, users, target, message):
    with pytest.raises(ValidationError) as error:
        move(initiative, users["worker"], target, days=1)
    assert message in " ".join(error.value.messages)
    initiative.refresh_from_db()
    assert initiative.stage == Stage.IDEA
    assert StageChange.objects.filter(initiative=initiative).count() == 1


def test_from_idea_straight_to_action_with_a_reason(initiative, users):
    """A street party starts by doing: no core needed first, but the reason is recorded."""
    with pytest.raises(ValidationError, match="waarom"):
        move(initiative, users["worker"], Stage.ACTION, days=1, note="  ")
    initiative.refresh_from_db()
    assert initiative.stage == Stage.IDEA
    move(initiative, users["worker"], Stage.ACTION, days=1, note="Gewoon begonnen: straatfeest.")
    initiative.refresh_from_db()
    assert initiative.stage == Stage.ACTION
    assert StageChange.objects.filter(initiative=initiative).last().note == (
        "Gewoon begonnen: straatfeest."
    )


def test_completed_is_an_ending_apart_from_stopped(initiative, users):
    move(initiative, users["worker"], Stage.ACTION, days=10, note="Straatfeest gehouden.")
    move(initiative, users["worker"], Stage.COMPLETED, days=5, note="Doel bereikt.")
    initiative.refresh_from_db()
    assert (initiative.stage, initiative.has_ended) == (Stage.COMPLETED, True)
    assert initiative.stage_badge == "success"  # not the grey of a failure
    assert initiative.get_stage_display() == "afgerond"
    # Next year's party starts from action again.
    move(initiative, users["worker"], Stage.ACTION, days=1, note="Weer een feest.")


def test_from_core_not_straight_to_independent(initiative, users, areas):
    add_core(initiative, users["worker"], areas)
    move(initiative, users["worker"], Stage.CORE, days=10)
    with pytest.raises(ValidationError, match="eerst ‘in actie’"):
        move(initiative, users["worker"], Stage.INDEPENDENT, days=1)


def test_a_stopped_initiative_starts_again_as_an_idea(initiative, users, areas):
    move(initiative, users["worker"], Stage.STOPPED, days=5, note="Trekker verhuisd.")
    with pytest.raises(ValidationError, match="begint opnieuw als idee"):
        move(initiative, users["worker"], Stage.CORE, days=1)
    move(initiative, users["worker"], Stage.IDEA, days=1, note="Nieuwe buren pakken het op.")


def test_a_core_needs_two_people_one_of_them_trekker(initiative, users, areas):
    add_core(initiative, users["worker"], areas, leads=0, core=1)
    with pytest.raises(ValidationError) as error:
        move(initiative, users["worker"], Stage.CORE, days=1)
    assert "minstens 2 bewoners" in " ".join(error.value.messages)
    add_core(initiative, users["worker"], areas, leads=1, core=0)
    move(initiative, users["worker"], Stage.CORE, days=1)


def test_a_stage_change_needs_a_note_and_a_sensible_date(initiative, users, areas):
    add_core(initiative, users["worker"], areas)
    with pytest.raises(ValidationError, match="waarom"):
        move(initiative, users["worker"], Stage.CORE, days=1, note="  ")
    with pytest.raises(ValidationError, match="vóór de vorige stap"):
        move(initiative, users["worker"], Stage.CORE, days=90)
    with pytest.raises(ValidationError, match="toekomst"):
        move(initiative, users["worker"], Stage.CORE, days=-3)
    assert StageChange.objects.filter(initiative=initiative).count() == 1


def test_residents_in_the_core_move_it_others_do_not(initiative, users, areas, resident_person):
    add_core(initiative, users["worker"], areas, leads=1, core=0)
    with pytest.raises(ValidationError):
        move(initiative, users["resident"], Stage.CORE, days=1)
    services.member_add(
        initiative=initiative, added_by=users["worker"], person=resident_person, role="core"
    )
    move(initiative, users["resident"], Stage.CORE, days=1)
    for role in ("partner", "policy"):
        with pytest.raises(ValidationError):
            move(initiative, users[role], Stage.ACTION, days=0)


def test_members_join_leave_and_keep_their_history(initiative, users, resident_person):
    member = services.member_join(initiative=initiative, user=users["resident"], role="volunteer")
    assert member.role == MemberRole.VOLUNTEER
    with pytest.raises(ValidationError):
        services.member_join(initiative=initiative, user=users["resident"])  # already in
    services.member_leave(member=member, removed_by=users["resident"])
    member.refresh_from_db()
    assert member.left_on is not None
    services.member_join(initiative=initiative, user=users["resident"])
    member.refresh_from_db()
    assert member.left_on is None and member.role == MemberRole.PARTICIPANT


def test_workers_add_people_of_their_own_areas_only(initiative, users, areas):
    stranger = PersonFactory(area=areas.other_buurt)
    with pytest.raises(ValidationError, match="buiten uw gebieden"):
        services.member_add(
            initiative=initiative, added_by=users["worker"], person=stranger, role="participant"
        )
    with pytest.raises(ValidationError):
        services.member_add(
            initiative=initiative,
            added_by=users["partner"],
            person=PersonFactory(area=areas.buurt),
            role="participant",
        )
    assert not Member.objects.filter(initiative=initiative).exists()


def test_needs_and_offers_link_to_assets_of_the_area(initiative, users, areas):
    tent = make_asset(areas.buurt, name="Partytent")
    need = services.need_add(
        initiative=initiative,
        created_by=users["worker"],
        kind="need",
        description="Een tent voor de buitenmaaltijd",
        asset_id=tent.pk,
    )
    assert need.asset == tent
    elsewhere = make_asset(areas.other_buurt, name="Tent elders")
    with pytest.raises(ValidationError, match="buiten uw gebieden"):
        services.need_add(
            initiative=initiative,
            created_by=users["worker"],
            kind="offer",
            description="x",
            asset_id=elsewhere.pk,
        )
    services.need_fulfil(need=need, by=users["worker"])
    need.refresh_from_db()
    assert need.fulfilled_on is not None
    assert NeedOffer.objects.count() == 1


def test_support_moments_link_journal_entries_of_the_area(initiative, users, areas):
    entry = JournalEntryFactory(area=areas.buurt, author=users["worker"])
    moment = services.support_add(
        initiative=initiative, linked_by=users["worker"], entry_id=entry.pk, note="Begroting"
    )
    assert (moment.entry_id, moment.stage) == (entry.pk, Stage.IDEA)
    with pytest.raises(ValidationError, match="al gekoppeld"):
        services.support_add(initiative=initiative, linked_by=users["worker"], entry_id=entry.pk)
    foreign = JournalEntryFactory(area=areas.other_buurt, author=users["other_worker"])
    with pytest.raises(ValidationError, match="niet koppelen"):
        services.support_add(initiative=initiative, linked_by=users["worker"], entry_id=foreign.pk)
    with pytest.raises(ValidationError):
        services.support_add(initiative=initiative, linked_by=users["partner"], entry_id=entry.pk)
    assert SupportMoment.objects.count() == 1


def test_the_workers_position_per_stage_and_the_municipal_role(active, users):
    services.position_set(initiative=active, set_by=users["worker"], position=Position.BESIDE)
    services.position_set(
        initiative=active, set_by=users["worker"], position=Position.BEHIND, note="Ze kunnen het."
    )
    assert selectors.current_positions(active)[Stage.ACTION].position == Position.BEHIND
    services.municipal_role_set(
        initiative=active, set_by=users["worker"], role=MunicipalRole.FACILITATE, note="Ruimte."
    )
    active.refresh_from_db()
    assert active.municipal_role == MunicipalRole.FACILITATE
    with pytest.raises(ValidationError):
        services.position_set(initiative=active, set_by=users["resident"], position="front")
    with pytest.raises(ValidationError):
        services.municipal_role_set(
            initiative=active, set_by=users["policy"], role=MunicipalRole.REGULATE
        )
    with pytest.raises(ValidationError):
        services.municipal_role_set(initiative=active, set_by=users["worker"], role="ladder")
    active.refresh_from_db()
    assert active.municipal_role == MunicipalRole.FACILITATE
    assert MunicipalRoleChange.objects.filter(initiative=active).count() == 1


def test_the_timeline_tells_the_life_and_hides_the_journal_from_partners(active, users, areas):
    entry = JournalEntryFactory(area=areas.buurt, author=users["worker"], occurred_on=days_ago(30))
    services.support_add(initiative=active, linked_by=users["worker"], entry_id=entry.pk)
    services.municipal_role_set(
        initiative=active, set_by=users["worker"], role=MunicipalRole.STIMULATE
    )
    worker_view = selectors.timeline(users["worker"], active)
    kinds = [event.kind for event in worker_view]
    assert kinds[0] == "stage"  # the start comes first
    assert {"stage", "member", "support", "municipal_role"} <= set(kinds)
    dates = [event.date for event in worker_view]
    assert dates == sorted(dates)
    partner_view = selectors.timeline(users["partner"], active)
    assert "support" not in {event.kind for event in partner_view}
    # Member names follow consent: the partner sees pseudonyms.
    titles = " ".join(event.title for event in partner_view)
    assert "Kernlid" not in titles and "bewoner " in titles and "bewoner #" not in titles


def test_a_resident_without_a_person_cannot_start_one(areas, django_user_model):
    from opbouw.areas.models import Membership

    user = django_user_model.objects.create_user("losse-bewoner", password="x" * 12)
    Membership.objects.create(user=user, area=areas.wijk, role="resident")
    with pytest.raises(ValidationError):
        services.initiative_create(created_by=user, title="x", goal="y", area=areas.buurt)
    assert not Person.objects.filter(user=user).exists()
