"""Organisations, demo accounts (one per role) and the workers who write the journal.

Every demo account has the password DEMO_PASSWORD. That is acceptable only because the demo
is a local playground: `seed_demo` refuses nothing, so never run it against a production
database.
"""

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db.models import Q

from opbouw.accounts.models import Organisation, User
from opbouw.areas.models import Area, Level, Membership
from opbouw.core.roles import Role
from opbouw.people.models import Person

from .areas import BuurtInfo
from .config import DEMO_DISTRICT_CODE, DEMO_PASSWORD, MUNICIPALITY_CODE
from .names import NameMaker

O = Organisation.Kind  # noqa: E741
# (key, name, kind, area code, description). Real public bodies keep their real names, so
# the demo reads like Hengelo; the welfare organisation, school and faith groups are made up.
ORGANISATIONS = [
    (
        "welzijn",
        "Stichting Buurtkracht Hengelo",
        O.WELFARE,
        MUNICIPALITY_CODE,
        "Fictieve welzijnsorganisatie van de demo; werkgever van de opbouwwerkers.",
    ),
    (
        "gemeente",
        "Gemeente Hengelo",
        O.MUNICIPALITY,
        MUNICIPALITY_CODE,
        "Team Sociaal Domein en wijkmanagement.",
    ),
    (
        "welbions",
        "Welbions",
        O.HOUSING,
        MUNICIPALITY_CODE,
        "Woningcorporatie, eigenaar van veel huurwoningen in Berflo Es.",
    ),
    (
        "wijkteam",
        "Sociaal Wijkteam Berflo Es",
        O.CARE,
        DEMO_DISTRICT_CODE,
        "Hulp bij zorg, geld, opvoeden en wonen.",
    ),
    ("ggd", "GGD Twente", O.HEALTH, MUNICIPALITY_CODE, "Publieke gezondheidszorg."),
    (
        "politie",
        "Politie, wijkagenten Hengelo",
        O.POLICE,
        MUNICIPALITY_CODE,
        "De wijkagenten van Hengelo.",
    ),
    (
        "school",
        "Basisschool De Vlinder",
        O.SCHOOL,
        "BU01640501",
        "Fictieve basisschool in Berflo Es.",
    ),
    (
        "bibliotheek",
        "Bibliotheek Hengelo",
        O.OTHER,
        MUNICIPALITY_CODE,
        "Taalhuis en digitale hulp.",
    ),
    (
        "voedselbank",
        "Voedselbank Hengelo",
        O.OTHER,
        MUNICIPALITY_CODE,
        "Voedselpakketten voor wie het even niet redt.",
    ),
    ("moskee", "Stichting Moskee Berflo Es", O.FAITH, "BU01640502", "Fictieve moskeestichting."),
    ("kerk", "Protestantse Gemeente Veldwijk", O.FAITH, "BU01640504", "Fictieve kerkgemeente."),
]
# Which organisation a signal about a theme goes to, and the kind that picks its wording.
SIGNAL_TARGETS = {
    "wonen": "welbions", "klimaat-energie": "welbions", "veiligheid": "politie",
    "groen": "gemeente", "armoede": "voedselbank", "gezondheid": "ggd", "jeugd": "school",
    "ouderen": "wijkteam", "eenzaamheid": "wijkteam", "zorg": "wijkteam", "taal": "bibliotheek",
    "ontmoeting": "gemeente", "werk": "gemeente", "diversiteit": "gemeente",
}  # fmt: skip
PARTNER_KEYS = ["wijkteam", "welbions", "gemeente", "ggd", "politie", "school"]


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    first_name: str
    last_name: str
    organisation: str | None
    area_code: str


# One login per role; the resident's name is replaced by the person it is linked to.
LOGINS = [
    DemoLogin(Role.RESIDENT, "bewoner", "", "", None, "BU01640501"),
    DemoLogin(Role.WORKER, "werker", "Sanne", "Kamphuis", "welzijn", DEMO_DISTRICT_CODE),
    DemoLogin(Role.WORKER, "werker2", "Yusuf", "Demir", "welzijn", DEMO_DISTRICT_CODE),
    DemoLogin(Role.PARTNER, "partner", "Marieke", "Nijhuis", "wijkteam", DEMO_DISTRICT_CODE),
    DemoLogin(Role.POLICY, "beleid", "Jeroen", "Oude Vrielink", "gemeente", MUNICIPALITY_CODE),
    DemoLogin(Role.COORDINATOR, "coordinator", "Ilse", "Scholten", "welzijn", MUNICIPALITY_CODE),
    DemoLogin(Role.ADMIN, "beheer", "Peter", "Lansink", "gemeente", MUNICIPALITY_CODE),
    DemoLogin(Role.PRIVACY_OFFICER, "fg", "Femke", "Groothuis", "gemeente", MUNICIPALITY_CODE),
]
DEMO_USERNAMES = [login.username for login in LOGINS]
AREA_WORKER_PREFIX = "werker-"  # large demo: werker-wk016400, werker-bu01640000, ...
# In Berflo Es the two named workers split the buurten between them.
BERFLO_PRIMARY = {
    "BU01640500": "werker", "BU01640501": "werker", "BU01640502": "werker",
    "BU01640503": "werker", "BU01640504": "werker2", "BU01640505": "werker2",
    "BU01640506": "werker2",
}  # fmt: skip


def demo_users_filter() -> Q:
    return Q(username__in=DEMO_USERNAMES) | Q(username__startswith=AREA_WORKER_PREFIX)


def demo_organisation_names() -> list[str]:
    return [name for _key, name, *_rest in ORGANISATIONS]


def create_organisations(
    *, areas: dict[str, Area], whole_municipality: bool
) -> dict[str, Organisation]:
    """Accounts have no services yet; the demo validates what it saves all the same."""
    rows = list(ORGANISATIONS)
    if whole_municipality:
        for code, area in sorted(areas.items()):
            if area.level == Level.DISTRICT and code != DEMO_DISTRICT_CODE:
                rows.append(
                    (
                        f"wijkteam:{code}",
                        f"Sociaal Wijkteam {short_name(area.name)}",
                        O.CARE,
                        code,
                        "Hulp bij zorg, geld, opvoeden en wonen.",
                    )
                )
    organisations = {}
    for key, name, kind, code, description in rows:
        organisation = Organisation(name=name, kind=kind, area=areas[code], description=description)
        organisation.full_clean()
        organisation.save()
        organisations[key] = organisation
    return organisations


def short_name(wijk_name: str) -> str:
    """ "Wijk 05 Berflo Es" → "Berflo Es"."""
    return re.sub(r"^Wijk \d+\s+", "", wijk_name)


def create_users(
    *,
    seed: int,
    areas: dict[str, Area],
    organisations: dict[str, Organisation],
    buurten: Sequence[BuurtInfo],
    whole_municipality: bool,
) -> dict[str, User]:
    # One hash for every account: hashing is slow on purpose, and they share one password.
    password = make_password(DEMO_PASSWORD)
    users: dict[str, User] = {}

    def add(
        username: str, first: str, last: str, organisation: str | None, role: str, code: str
    ) -> None:
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@example.org",
            password=password,
            organisation=organisations[organisation] if organisation else None,
        )
        user.full_clean()
        user.save()
        Membership.objects.create(user=user, area=areas[code], role=role)
        users[username] = user

    for login in LOGINS:
        add(
            login.username,
            login.first_name,
            login.last_name,
            login.organisation,
            login.role,
            login.area_code,
        )
    if whole_municipality:
        names = NameMaker(seed + 7919)  # workers' names: their own stream
        codes = sorted(code for code, area in areas.items() if area.level != Level.MUNICIPALITY)
        for code in codes:
            identity = names.identity("nl")
            first, _space, last = identity.name.partition(" ")
            add(AREA_WORKER_PREFIX + code.lower(), first, last, "welzijn", Role.WORKER, code)
    return users


def link_resident(*, user: User, person_id: int) -> None:
    """The resident account is a person of the neighbourhood (people services have no link)."""
    person = Person.objects.get(pk=person_id)
    person.user = user
    person.save(update_fields=["user"])
    first, _space, last = person.name.partition(" ")
    user.first_name, user.last_name = first, last
    user.save(update_fields=["first_name", "last_name"])


@dataclass(frozen=True)
class Authors:
    """Who writes the journal of an area: usernames with weights."""

    by_area: dict[str, tuple[tuple[str, ...], tuple[float, ...]]]

    def pick(self, rng: random.Random, area_code: str) -> str:
        usernames, weights = self.by_area[area_code]
        if len(usernames) == 1:
            return usernames[0]
        point, total = rng.random(), 0.0
        for username, weight in zip(usernames, weights, strict=True):
            total += weight
            if point < total:
                return username
        return usernames[-1]

    def primary(self, area_code: str) -> str:
        return self.by_area[area_code][0][0]


def authors(*, buurten: Sequence[BuurtInfo], whole_municipality: bool) -> Authors:
    by_area: dict[str, tuple[tuple[str, ...], tuple[float, ...]]] = {}
    wijken = sorted({buurt.wijk_code for buurt in buurten})
    for wijk in wijken:
        if wijk == DEMO_DISTRICT_CODE:
            by_area[wijk] = (("werker", "werker2"), (0.5, 0.5))
        elif whole_municipality:
            by_area[wijk] = ((AREA_WORKER_PREFIX + wijk.lower(),), (1.0,))
    for buurt in buurten:
        own = AREA_WORKER_PREFIX + buurt.code.lower()
        if buurt.wijk_code == DEMO_DISTRICT_CODE:
            primary = BERFLO_PRIMARY[buurt.code]
            other = "werker2" if primary == "werker" else "werker"
            if whole_municipality:
                by_area[buurt.code] = ((primary, other, own), (0.6, 0.2, 0.2))
            else:
                by_area[buurt.code] = ((primary, other), (0.8, 0.2))
        elif whole_municipality:
            wijk_worker = AREA_WORKER_PREFIX + buurt.wijk_code.lower()
            by_area[buurt.code] = ((own, wijk_worker), (0.7, 0.3))
    return Authors(by_area)
