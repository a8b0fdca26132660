"""Places and groups of the demo (ABCD "physical assets" and "associations").

Berflo Es gets a hand-written set of about twenty groups and a dozen places; in the large demo
every other buurt gets a few groups and places from templates named after the buurt. Days are
offsets from the journal's first day, as in people.py.
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
from .config import DEMO_DISTRICT_CODE
from .people import PersonPlan

K = Place.Kind
G = Group.Kind


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
class GroupTemplate:
    name: str
    kind: str
    area_code: str  # "{buurt}" in templates for other buurten
    place_key: str
    themes: tuple[str, ...]
    tags: tuple[str, ...]  # gifts and interests that draw members
    founded_day: int
    size: tuple[int, int]
    description: str
    origins: tuple[str, ...] = ()  # when only people of these origins join
    women_only: bool = False


# (key, name, kind, buurt code, description)
BERFLO_PLACES = [
    (
        "wijkcentrum",
        "Wijkcentrum Berflo Es",
        K.COMMUNITY_CENTRE,
        "BU01640501",
        "Zalen, keuken en een inloop op werkdagen.",
    ),  # noqa: E501
    (
        "buurthuis-veldwijk",
        "Buurthuis Veldwijk",
        K.COMMUNITY_CENTRE,
        "BU01640504",
        "Klein buurthuis, door vrijwilligers open gehouden.",
    ),  # noqa: E501
    (
        "moestuin",
        "Moestuin De Berflo",
        K.GARDEN,
        "BU01640502",
        "Twintig bakken en een kas op een voormalig grasveld.",
    ),  # noqa: E501
    (
        "speeltuin",
        "Speeltuin Veldwijk",
        K.SPORT,
        "BU01640505",
        "Omheinde speeltuin met een clubhuisje.",
    ),  # noqa: E501
    (
        "groenstrook",
        "Groenstrook Berflo Es",
        K.PARK,
        "BU01640501",
        "Grasvelden en een fietspad tussen de flats.",
    ),  # noqa: E501
    (
        "schoolplein",
        "Schoolplein De Vlinder",
        K.SCHOOL,
        "BU01640501",
        "Na schooltijd open voor de buurt.",
    ),  # noqa: E501
    ("moskee", "Moskee Berflo Es", K.FAITH, "BU01640502", "Gebedsruimte met een theehuis."),
    (
        "kerk",
        "Kerk Veldwijk",
        K.FAITH,
        "BU01640504",
        "Protestantse kerk met een open koffieochtend.",
    ),  # noqa: E501
    (
        "trapveld",
        "Trapveld Berflo Es-Zuid",
        K.SPORT,
        "BU01640502",
        "Kunstgrasveldje met twee doeltjes.",
    ),  # noqa: E501
    (
        "winkels",
        "Winkelcentrum Berflo Es",
        K.SHOP,
        "BU01640501",
        "Supermarkt, bakker en een Turkse winkel.",
    ),  # noqa: E501
    (
        "portiekflats",
        "Portiekflats Berflo Es-Noord",
        K.STREET,
        "BU01640501",
        "Vier portiekflats van Welbions.",
    ),  # noqa: E501
]
WIJK = DEMO_DISTRICT_CODE
BERFLO_GROUPS = [
    GroupTemplate(
        "Moestuin Berflo Es",
        G.INFORMAL,
        "BU01640502",
        "moestuin",
        ("groen", "ontmoeting"),
        ("tuinieren", "natuur", "koken"),
        -400,
        (18, 25),
        "Bewoners tuinieren samen en delen de oogst.",
    ),  # noqa: E501
    GroupTemplate(
        "Buurtmaaltijd Berflo Es",
        G.INFORMAL,
        WIJK,
        "wijkcentrum",
        ("ontmoeting", "eenzaamheid", "armoede"),
        ("koken", "organiseren"),
        -300,
        (20, 30),
        "Elke tweede woensdag samen eten voor drie euro.",
    ),  # noqa: E501
    GroupTemplate(
        "Taalcafé Berflo Es",
        G.INFORMAL,
        WIJK,
        "wijkcentrum",
        ("taal", "ontmoeting"),
        ("taalles", "vertalen", "luisteren"),
        -200,
        (15, 25),
        "Nederlands oefenen met koffie, elke dinsdagochtend.",
    ),  # noqa: E501
    GroupTemplate(
        "Vrouwengroep Berflo Es",
        G.INFORMAL,
        WIJK,
        "buurthuis-veldwijk",
        ("ontmoeting", "diversiteit", "gezondheid"),
        ("handwerk", "koken", "gezelschap"),
        -500,
        (12, 20),
        "Vrouwen uit de wijk, elke donderdag.",
        women_only=True,
    ),  # noqa: E501
    GroupTemplate(
        "Jongeren van de Es",
        G.INFORMAL,
        "BU01640502",
        "trapveld",
        ("jeugd", "veiligheid"),
        ("sport", "muziek"),
        100,
        (10, 16),
        "Jongeren die zelf activiteiten opzetten.",
    ),  # noqa: E501
    GroupTemplate(
        "Speeltuinvereniging Veldwijk",
        G.ASSOCIATION,
        "BU01640505",
        "speeltuin",
        ("jeugd", "groen"),
        ("kinderen", "klussen", "organiseren"),
        -1000,
        (8, 14),
        "Beheert de speeltuin en organiseert de zomerweek.",
    ),  # noqa: E501
    GroupTemplate(
        "Wijkraad Berflo Es",
        G.RESIDENTS,
        WIJK,
        "wijkcentrum",
        ("wonen", "veiligheid", "groen"),
        ("organiseren", "administratie"),
        -1500,
        (7, 11),
        "Bewonersplatform; praat mee met gemeente en Welbions.",
    ),  # noqa: E501
    GroupTemplate(
        "Repair Café Berflo Es",
        G.ASSOCIATION,
        "BU01640501",
        "wijkcentrum",
        ("klimaat-energie", "werk"),
        ("klussen", "computer", "handwerk"),
        300,
        (10, 16),
        "Samen repareren, elke eerste zaterdag.",
    ),  # noqa: E501
    GroupTemplate(
        "Wandelclub De Es",
        G.INFORMAL,
        WIJK,
        "groenstrook",
        ("gezondheid", "eenzaamheid", "ouderen"),
        ("gezelschap", "sport", "natuur"),
        -100,
        (12, 20),
        "Elke maandag een uur wandelen, daarna koffie.",
    ),  # noqa: E501
    GroupTemplate(
        "Moskeegemeenschap Berflo Es",
        G.FAITH,
        "BU01640502",
        "moskee",
        ("diversiteit", "ontmoeting", "zorg"),
        ("koken", "organiseren"),
        -3000,
        (15, 30),
        "Gebedsgemeenschap die ook buurtactiviteiten steunt.",
        origins=("tr", "ma", "sy"),
    ),  # noqa: E501
    GroupTemplate(
        "Kerkgemeenschap Veldwijk",
        G.FAITH,
        "BU01640504",
        "kerk",
        ("zorg", "ouderen", "ontmoeting"),
        ("luisteren", "vervoer"),
        -3000,
        (12, 20),
        "Kerkgemeente met een bezoekdienst voor ouderen.",
        origins=("nl", "de", "pl", "er"),
    ),  # noqa: E501
    GroupTemplate(
        "Koffieochtend Veldwijk",
        G.INFORMAL,
        "BU01640504",
        "buurthuis-veldwijk",
        ("ouderen", "eenzaamheid", "ontmoeting"),
        ("gezelschap", "luisteren"),
        -600,
        (10, 18),
        "Vrijdagochtend koffie voor wie even onder de mensen wil.",
    ),  # noqa: E501
    GroupTemplate(
        "Naaicafé Berflo Es",
        G.INFORMAL,
        "BU01640501",
        "wijkcentrum",
        ("ontmoeting", "werk", "armoede"),
        ("handwerk", "creatief"),
        150,
        (8, 14),
        "Kleding herstellen en samen naaien.",
    ),  # noqa: E501
    GroupTemplate(
        "Buurtpreventie Berflo Es",
        G.RESIDENTS,
        WIJK,
        "portiekflats",
        ("veiligheid",),
        ("organiseren", "luisteren"),
        -800,
        (10, 15),
        "Buurtapp en avondrondes met de wijkagent.",
    ),  # noqa: E501
    GroupTemplate(
        "Energiecoaches Berflo Es",
        G.ASSOCIATION,
        WIJK,
        "wijkcentrum",
        ("klimaat-energie", "armoede", "wonen"),
        ("klussen", "administratie", "computer"),
        200,
        (6, 10),
        "Vrijwilligers die buren helpen energie te besparen.",
    ),  # noqa: E501
    GroupTemplate(
        "Eritrese gemeenschap Berflo Es",
        G.INFORMAL,
        WIJK,
        "buurthuis-veldwijk",
        ("diversiteit", "taal", "ontmoeting"),
        ("vertalen", "koken"),
        -300,
        (8, 15),
        "Eritrese nieuwkomers en hun families.",
        origins=("er",),
    ),  # noqa: E501
    GroupTemplate(
        "Poolse ouders Berflo Es",
        G.INFORMAL,
        WIJK,
        "schoolplein",
        ("jeugd", "taal", "ontmoeting"),
        ("kinderen",),
        520,
        (5, 10),
        "Poolse ouders van kinderen op De Vlinder.",
        origins=("pl",),
    ),  # noqa: E501
    GroupTemplate(
        "Voetbal op het plein",
        G.SPORT,
        "BU01640502",
        "trapveld",
        ("jeugd", "gezondheid"),
        ("sport", "kinderen"),
        380,
        (10, 18),
        "Woensdagmiddag voetbal voor kinderen, door ouders begeleid.",
    ),  # noqa: E501
    GroupTemplate(
        "Bewonerscommissie Veldwijk-Noord",
        G.RESIDENTS,
        "BU01640504",
        "buurthuis-veldwijk",
        ("wonen", "veiligheid"),
        ("organiseren", "administratie"),
        -900,
        (5, 9),
        "Huurders van Welbions in Veldwijk-Noord.",
    ),  # noqa: E501
    GroupTemplate(
        "Zwerfafvalteam Berflo Es",
        G.INFORMAL,
        "BU01640501",
        "groenstrook",
        ("groen", "veiligheid"),
        ("natuur", "gezelschap"),
        450,
        (6, 12),
        "Prikken en opruimen, elke laatste zaterdag.",
    ),  # noqa: E501
]
# For every other buurt in the large demo.
PLACE_TEMPLATES = [
    ("buurthuis", "Buurthuis {buurt}", K.COMMUNITY_CENTRE, "Ontmoetingsplek van de buurt."),
    ("speeltuin", "Speeltuin {buurt}", K.SPORT, "Speeltuin met bankjes."),
    ("groen", "Groenstrook {buurt}", K.PARK, "Gras, bomen en een wandelpad."),
    ("school", "Schoolplein {buurt}", K.SCHOOL, "Na schooltijd open."),
]
GROUP_TEMPLATES = [
    GroupTemplate(
        "Koffieochtend {buurt}",
        G.INFORMAL,
        "{buurt}",
        "buurthuis",
        ("ouderen", "eenzaamheid", "ontmoeting"),
        ("gezelschap", "luisteren"),
        -600,
        (8, 16),
        "Wekelijkse koffieochtend.",
    ),  # noqa: E501
    GroupTemplate(
        "Moestuin {buurt}",
        G.INFORMAL,
        "{buurt}",
        "groen",
        ("groen", "ontmoeting"),
        ("tuinieren", "natuur"),
        -200,
        (8, 18),
        "Samen tuinieren.",
    ),  # noqa: E501
    GroupTemplate(
        "Buurtmaaltijd {buurt}",
        G.INFORMAL,
        "{buurt}",
        "buurthuis",
        ("ontmoeting", "armoede"),
        ("koken", "organiseren"),
        60,
        (10, 20),
        "Maandelijks samen eten.",
    ),  # noqa: E501
    GroupTemplate(
        "Speeltuinvereniging {buurt}",
        G.ASSOCIATION,
        "{buurt}",
        "speeltuin",
        ("jeugd", "groen"),
        ("kinderen", "klussen"),
        -1000,
        (6, 12),
        "Beheert de speeltuin.",
    ),  # noqa: E501
    GroupTemplate(
        "Wandelgroep {buurt}",
        G.INFORMAL,
        "{buurt}",
        "groen",
        ("gezondheid", "eenzaamheid"),
        ("gezelschap", "sport"),
        250,
        (8, 15),
        "Samen wandelen.",
    ),  # noqa: E501
    GroupTemplate(
        "Bewonerscommissie {buurt}",
        G.RESIDENTS,
        "{buurt}",
        "buurthuis",
        ("wonen", "veiligheid"),
        ("organiseren", "administratie"),
        -900,
        (5, 9),
        "Huurders praten mee.",
    ),  # noqa: E501
    GroupTemplate(
        "Taalmaatjes {buurt}",
        G.INFORMAL,
        "{buurt}",
        "buurthuis",
        ("taal",),
        ("taalles", "luisteren"),
        300,
        (6, 14),
        "Taalmaatjes en hun maatjes.",
    ),  # noqa: E501
    GroupTemplate(
        "Jongerenplek {buurt}",
        G.INFORMAL,
        "{buurt}",
        "school",
        ("jeugd",),
        ("sport", "muziek"),
        400,
        (8, 14),
        "Jongeren met eigen plannen.",
    ),  # noqa: E501
]


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
