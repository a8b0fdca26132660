"""Places and groups of the demo (ABCD "physical assets" and "associations").

Berflo Es gets a hand-written set of about twenty groups and a dozen places; in the large demo
every other buurt gets a few groups and places from templates named after the buurt (both in
catalogue.py). Days are offsets from the journal's first day, as in people.py.
"""

import bisect
import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils import timezone

from opbouw.accounts.models import User
from opbouw.areas.models import Area, Place
from opbouw.people.models import Group, GroupMembership, Person
from opbouw.people.services import group_create, group_member_add

from .areas import BuurtInfo, random_point
from .catalogue import BERFLO_GROUPS, BERFLO_PLACES, GROUP_TEMPLATES, PLACE_TEMPLATES, GroupTemplate
from .config import DEMO_DISTRICT_CODE
from .people import PersonPlan


@dataclass(frozen=True)
class PlacePlan:
    key: str
    name: str
    kind: str
    area_code: str
    latitude: float
    longitude: float
    description: str


@dataclass(frozen=True)
class GroupPlan:
    name: str
    kind: str
    area_code: str
    place_key: str
    description: str
    themes: tuple[str, ...]
    founded_day: int
    # (index into the people plans, role, since day), sorted by since day.
    members: tuple[tuple[int, str, int], ...]
    # Its name reveals its members' religion or origin (AVG art. 9): a faith community, or a
    # group only people of some origins join (the Eritrean community).
    special_category: bool = False


def plan_places(
    *, seed: int, buurten: Sequence[BuurtInfo], whole_municipality: bool
) -> list[PlacePlan]:
    rng = random.Random(f"places:{seed}")
    by_code = {buurt.code: buurt for buurt in buurten}
    plans = []
    for key, name, kind, code, description in BERFLO_PLACES:
        lat, lon = random_point(by_code[code].boundary, rng)
        plans.append(PlacePlan(key, name, kind, code, lat, lon, description))
    if whole_municipality:
        for buurt in buurten:
            if buurt.wijk_code == DEMO_DISTRICT_CODE:
                continue
            for key, name, kind, description in PLACE_TEMPLATES[: _place_count(buurt)]:
                lat, lon = random_point(buurt.boundary, rng)
                plans.append(
                    PlacePlan(
                        f"{key}:{buurt.code}",
                        name.format(buurt=buurt.name),
                        kind,
                        buurt.code,
                        lat,
                        lon,
                        description,
                    )
                )
    return plans


def _place_count(buurt: BuurtInfo) -> int:
    return 2 if buurt.inhabitants < 500 else len(PLACE_TEMPLATES)


def plan_groups(
    *,
    seed: int,
    buurten: Sequence[BuurtInfo],
    people: Sequence[PersonPlan],
    days: int,
    whole_municipality: bool,
) -> list[GroupPlan]:
    rng = random.Random(f"groups:{seed}")
    wijk_of = {buurt.code: buurt.wijk_code for buurt in buurten}
    residents: dict[str, list[int]] = {}
    for index, person in enumerate(people):
        residents.setdefault(person.area_code, []).append(index)
        residents.setdefault(wijk_of[person.area_code], []).append(index)
    templates = list(BERFLO_GROUPS)
    if whole_municipality:
        for buurt in buurten:
            if buurt.wijk_code == DEMO_DISTRICT_CODE:
                continue
            count = max(1, min(len(GROUP_TEMPLATES), len(residents.get(buurt.code, [])) // 250))
            for template in rng.sample(GROUP_TEMPLATES, count):
                templates.append(_for_buurt(template, buurt))
    return [_plan_group(rng, template, residents, people, days) for template in templates]


def _for_buurt(template: GroupTemplate, buurt: BuurtInfo) -> GroupTemplate:
    place_key = f"{template.place_key}:{buurt.code}"
    if template.place_key not in {key for key, *_rest in PLACE_TEMPLATES[: _place_count(buurt)]}:
        place_key = f"buurthuis:{buurt.code}"
    return GroupTemplate(
        template.name.format(buurt=buurt.name),
        template.kind,
        buurt.code,
        place_key,
        template.themes,
        template.tags,
        template.founded_day,
        template.size,
        template.description,
    )


def _plan_group(
    rng: random.Random,
    template: GroupTemplate,
    residents: dict[str, list[int]],
    people: Sequence[PersonPlan],
    days: int,
) -> GroupPlan:
    candidates = [
        index
        for index in residents.get(template.area_code, [])
        if (not template.origins or people[index].origin in template.origins)
        and (not template.women_only or people[index].female)
    ]
    wanted = set(template.tags)
    # People whose gifts or interests match the group are far more likely to join it.
    weights = [
        1 + 4 * len(wanted.intersection(people[i].gifts + people[i].interests)) for i in candidates
    ]
    size = min(rng.randint(*template.size), len(candidates))
    chosen: list[int] = []
    while len(chosen) < size:
        pick = rng.choices(candidates, weights)[0]
        if pick not in chosen:
            chosen.append(pick)
    members = []
    for position, index in enumerate(chosen):
        since = max(template.founded_day, people[index].first_met) + rng.randint(0, 90)
        if since >= days:
            continue  # would join after the journal ends
        role = (
            GroupMembership.Role.CONTACT
            if position == 0
            else GroupMembership.Role.BOARD
            if position <= 2
            else GroupMembership.Role.MEMBER
        )
        members.append((index, role, since))
    members.sort(key=lambda member: member[2])
    return GroupPlan(
        template.name,
        template.kind,
        template.area_code,
        template.place_key,
        template.description,
        template.themes,
        template.founded_day,
        tuple(members),
        special_category=template.kind == "faith" or bool(template.origins),
    )


def active_members(group: GroupPlan, day: int) -> Sequence[tuple[int, str, int]]:
    """Members who had joined by this day (members are sorted by since day)."""
    return group.members[: bisect.bisect_right([m[2] for m in group.members], day)]


def create_places(*, plans: Sequence[PlacePlan], areas: dict[str, Area]) -> dict[str, Place]:
    """Places have no service yet (nothing in the UI writes them); validated all the same."""
    places = {}
    for plan in plans:
        place = Place(
            name=plan.name,
            kind=plan.kind,
            area=areas[plan.area_code],
            latitude=plan.latitude,
            longitude=plan.longitude,
            description=plan.description,
        )
        place.full_clean()
        place.save()
        places[plan.key] = place
    return places


def create_groups(
    *,
    plans: Sequence[GroupPlan],
    areas: dict[str, Area],
    places: dict[str, Place],
    person_ids: Sequence[int],
    creator_for: Callable[[str], User],
    day: Callable[[int], dt.date],
    bulk: bool,
) -> list[Group]:
    groups = []
    memberships: list[GroupMembership] = []
    people = {} if bulk else Person.objects.in_bulk(list(person_ids))
    for plan in plans:
        group = group_create(
            created_by=creator_for(plan.area_code),
            name=plan.name,
            kind=plan.kind,
            area=areas[plan.area_code],
            description=plan.description,
            special_category=plan.special_category,
        )
        # group_create has no meeting place (the group form sets it separately).
        group.meeting_place = places[plan.place_key]
        group.created_at = _moment(day(plan.founded_day))
        group.save(update_fields=["meeting_place", "created_at"])
        groups.append(group)
        for index, role, since in plan.members:
            if bulk:
                memberships.append(
                    GroupMembership(
                        group=group, person_id=person_ids[index], role=role, since=day(since)
                    )
                )
            else:
                membership = group_member_add(
                    group=group, person=people[person_ids[index]], role=role
                )
                membership.since = day(since)  # the service dates it today
                memberships.append(membership)
    if bulk:
        GroupMembership.objects.bulk_create(memberships, batch_size=2000)
    else:
        GroupMembership.objects.bulk_update(memberships, ["since"], batch_size=500)
    return groups


def _moment(date: dt.date) -> dt.datetime:
    return dt.datetime.combine(date, dt.time(9, 0), tzinfo=timezone.get_default_timezone())
