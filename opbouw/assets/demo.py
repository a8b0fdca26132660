"""The demo's neighbourhood picture of Berflo Es: CBS figures, a rich asset map, leefwereld.

`seed_assets_demo(seed=…)` runs after the demo's areas, places, groups, people and accounts
exist (seed_demo calls it). It reads the real CBS files copied into opbouw/demo/data (2018
buurt figures, 2024 wijk figures; see SOURCE.md there) and places assets at reproducible points
inside the real buurt boundaries. Shops, things and the like are made up (as the demo's school
and welfare organisation are); places, groups and organisations are the demo's own.
`reset_assets_demo()` removes all of it again (seed_demo --reset calls it first).
"""

import random
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from opbouw.accounts.models import Organisation, User
from opbouw.areas import geo
from opbouw.areas.models import Area, Level, Place
from opbouw.people.models import Group

from .importers import import_key_figures_file
from .models import Asset, AssetKind, FigureNote, KeyFigure
from .permissions import can_write_notes
from .services import asset_create, figure_note_create

DATA_DIR = Path(__file__).resolve().parent.parent / "demo" / "data"
BUURT_FIGURES = (DATA_DIR / "hengelo-kerncijfers.csv", 2018)
WIJK_FIGURES = (DATA_DIR / "hengelo-kerncijfers-wijken-2024.csv", 2024)
MUNICIPALITY = "GM0164"
DISTRICT = "WK016405"
WORKER = "werker"
RESIDENT = "bewoner"
# The buurten where people live (the others are business parks with a handful of residents).
HOMES = ["BU01640501", "BU01640502", "BU01640504", "BU01640505"]

T, E = AssetKind.THING, AssetKind.ECONOMY


@dataclass(frozen=True)
class Made:
    name: str
    kind: str
    buurt: str
    description: str
    contact: str = ""
    lendable: bool = False


# Material things (spullen) the neighbourhood shares.
THINGS = [
    Made(
        "Partytent 3 × 6 meter",
        T,
        "BU01640501",
        "Met zijwanden en verzwaring; past in een bakfiets.",
        "via het Wijkcentrum",
        True,
    ),  # noqa: E501
    Made(
        "Bakfiets van de buurt",
        T,
        "BU01640501",
        "Elektrische bakfiets; reserveren bij de balie.",
        "balie Wijkcentrum Berflo Es",
        True,
    ),  # noqa: E501
    Made("Aanhanger", T, "BU01640502", "Open aanhanger, 750 kg.", "via de Moestuin", True),
    Made(
        "Grote pannenset en gasstellen",
        T,
        "BU01640501",
        "Voor 60 personen koken.",
        "via de Buurtmaaltijd",
        True,
    ),  # noqa: E501
    Made(
        "Statafels (6) en kleden",
        T,
        "BU01640504",
        "In de kelder van het buurthuis.",
        "Buurthuis Veldwijk",
        True,
    ),  # noqa: E501
    Made(
        "Geluidsinstallatie",
        T,
        "BU01640505",
        "Twee boxen, mengpaneel en microfoons.",
        "Speeltuinvereniging",
        True,
    ),  # noqa: E501
    Made("Hogedrukreiniger", T, "BU01640502", "Voor stoepen en tuinmeubels.", "", True),
    Made("Ladder van vier meter", T, "BU01640504", "Alleen met twee personen gebruiken.", "", True),
    Made(
        "Gereedschapskist en boormachine",
        T,
        "BU01640501",
        "Staat bij het Repair Café.",
        "Repair Café",
        True,
    ),  # noqa: E501
    Made(
        "Beamer en scherm",
        T,
        "BU01640501",
        "Voor filmavonden en bijeenkomsten.",
        "Wijkcentrum",
        True,
    ),  # noqa: E501
    Made("Barbecue voor groepen", T, "BU01640505", "Groot model, op gas.", "", True),
    Made(
        "Naaimachines (4)",
        T,
        "BU01640501",
        "Van het Naaicafé; buiten de ochtenden te leen.",
        "Naaicafé",
        True,
    ),  # noqa: E501
    Made(
        "Kruiwagens en schoppen", T, "BU01640502", "Bij de kas van de moestuin.", "Moestuin", True
    ),  # noqa: E501
    Made(
        "Speelkist voor straatfeesten",
        T,
        "BU01640505",
        "Stelten, krijt, ballen, touwtrekken.",
        "Speeltuinvereniging",
        True,
    ),  # noqa: E501
]
# The local economy: shops and self-employed (made-up names).
ECONOMY = [
    Made(
        "Bakkerij Het Korenaar",
        E,
        "BU01640501",
        "Bakker in het winkelcentrum; sponsort de buurtmaaltijd met brood.",
    ),  # noqa: E501
    Made("Supermarkt Anadolu", E, "BU01640501", "Turkse supermarkt; groente en een slager."),
    Made("Kapsalon Yasmin", E, "BU01640502", "Kapper aan huis en in de salon."),
    Made(
        "Fietsenmaker Berflo",
        E,
        "BU01640504",
        "Reparatie en tweedehands fietsen; geeft fietsles mee.",
    ),  # noqa: E501
    Made("Snackbar De Es", E, "BU01640501", "Ontmoetingsplek voor jongeren in de avond."),
    Made("Naaiatelier Amina (zzp)", E, "BU01640502", "Kleding op maat en reparaties."),
    Made(
        "Klusbedrijf Oude Egberink (zzp)", E, "BU01640504", "Kleine klussen; helpt het Repair Café."
    ),  # noqa: E501
    Made("Apotheek Berflo Es", E, "BU01640501", "Ook medicijnen bezorgen bij ouderen."),
    Made(
        "Administratiekantoor Demir (zzp)",
        E,
        "BU01640505",
        "Belastingaangifte; doet één avond per maand gratis spreekuur.",
    ),  # noqa: E501
    Made(
        "Marktkraam op zaterdag", E, "BU01640501", "Groente en fruit op het plein bij de winkels."
    ),  # noqa: E501
    Made("Tweedehandswinkel Tweede Kans", E, "BU01640502", "Kringloop met werkervaringsplekken."),  # noqa: E501
]
# Recurring activities: (group name, what, when). At the group's meeting place.
ACTIVITIES = [
    ("Taalcafé Berflo Es", "Taalcafé", "elke dinsdag 10.00–12.00 uur"),
    ("Buurtmaaltijd Berflo Es", "Buurtmaaltijd voor drie euro", "elke tweede woensdag, 17.30 uur"),
    ("Wandelclub De Es", "Wandelen en koffie", "elke maandag 10.00 uur"),
    ("Repair Café Berflo Es", "Repair Café", "elke eerste zaterdag 10.00–13.00 uur"),
    ("Koffieochtend Veldwijk", "Koffieochtend", "elke vrijdag 9.30–11.30 uur"),
    ("Voetbal op het plein", "Voetbal voor kinderen", "elke woensdag 14.00–16.00 uur"),
    ("Naaicafé Berflo Es", "Naaicafé", "elke donderdag 13.30–16.00 uur"),
    ("Zwerfafvalteam Berflo Es", "Zwerfafval prikken", "elke laatste zaterdag 10.00 uur"),
    ("Vrouwengroep Berflo Es", "Vrouwenochtend", "elke donderdag 10.00–12.00 uur"),
    ("Energiecoaches Berflo Es", "Energiespreekuur", "elke eerste maandag 19.00 uur"),
]
# Leefwereld beside the real 2018 figures: (buurt, figure, who writes, text).
NOTES = [
    ("BU01640501", "single_pct", WORKER, "Meer dan de helft woont alleen. In de portiekflats kennen buren elkaar vaak niet; bij de koffieochtend zien we steeds dezelfde twaalf mensen."),  # noqa: E501
    ("BU01640501", "age_65_plus_pct", RESIDENT, "Veel ouderen wonen hier al veertig jaar. De trap in de portiek is voor sommigen de reden dat ze niet meer naar buiten gaan."),  # noqa: E501
    ("BU01640501", "corporation_pct", WORKER, "Bijna de helft van de woningen is van Welbions: bij vocht en schimmel kloppen mensen eerst bij het wijkcentrum aan."),  # noqa: E501
    ("BU01640501", "households", RESIDENT, "In onze flat wonen nu veel jonge mensen die hier kort blijven; je leert ze bijna niet kennen."),  # noqa: E501
    ("BU01640502", "age_0_15_pct", RESIDENT, "Op het trapveld spelen 's middags veel kinderen, maar voor tieners is er geen plek: die hangen bij de snackbar."),  # noqa: E501
    ("BU01640502", "families_pct", WORKER, "Veel gezinnen met kinderen; ouders ontmoeten elkaar vooral op het schoolplein van De Vlinder."),  # noqa: E501
    ("BU01640504", "owner_pct", WORKER, "Veldwijk-Noord is bijna helemaal huur: de bewonerscommissie is hier de plek waar mensen samen iets regelen."),  # noqa: E501
]  # fmt: skip


def _point(
    area: Area, rng: random.Random, near: tuple[float, float] | None = None
) -> tuple[float, float]:
    """A point in the buurt; near a place: within ~60 m of it, still inside the buurt."""
    if near is not None:
        for _attempt in range(50):
            lat = near[0] + rng.uniform(-0.0005, 0.0005)
            lon = near[1] + rng.uniform(-0.0008, 0.0008)
            if geo.contains(area.boundary, lat=lat, lon=lon):
                return round(lat, 6), round(lon, 6)
    point = geo.random_point(area.boundary, rng)
    if point is None:
        raise ValueError(f"{area.code} has no boundary")
    return point


def import_demo_figures() -> int:
    """The real CBS figures: 2018 for the 62 buurten, 2024 for the 10 wijken."""
    total = 0
    for path, year in (BUURT_FIGURES, WIJK_FIGURES):
        total += import_key_figures_file(path, year=year, source=f"CBS {year}, {path.name}").figures
    return total


@transaction.atomic
def seed_assets_demo(*, seed: int) -> dict[str, int]:
    """Figures, assets and leefwereld notes for Berflo Es; returns what was made, by kind."""
    rng = random.Random(f"assets:{seed}")
    made: dict[str, int] = {"figures": import_demo_figures()}
    worker = User.objects.get(username=WORKER)
    resident = User.objects.filter(username=RESIDENT).first()
    district = Area.objects.get(code=DISTRICT)
    buurten = {
        area.code: area
        for area in Area.objects.filter(path__startswith=district.path, level=Level.NEIGHBOURHOOD)
    }

    def add(kind: str, name: str, area: Area, at: tuple[float, float], **extra: object) -> None:
        asset_create(
            created_by=worker, kind=kind, name=name, area=area, latitude=at[0], longitude=at[1],
            **extra,  # type: ignore[arg-type]
        )  # fmt: skip
        made[str(kind)] = made.get(str(kind), 0) + 1

    places = list(Place.objects.filter(area__path__startswith=district.path).select_related("area"))
    for place in places:
        if place.latitude is None or place.longitude is None:
            continue
        add(AssetKind.PLACE, place.name, place.area, (place.latitude, place.longitude),
            description=place.description, place=place)  # fmt: skip
    groups = {
        group.name: group
        for group in Group.objects.filter(area__path__startswith=district.path).select_related(
            "area", "meeting_place", "meeting_place__area"
        )
    }
    for group in groups.values():
        meeting = group.meeting_place
        if meeting is not None and meeting.latitude is not None:
            area = meeting.area
            at = _point(area, rng, near=(meeting.latitude, meeting.longitude or 0))
        else:
            area = buurten[rng.choice(HOMES)]
            at = _point(area, rng)
        add(AssetKind.GROUP, group.name, area, at, description=group.description, group=group,
            place=meeting)  # fmt: skip
    for organisation in Organisation.objects.filter(area__path__startswith=district.path):
        home = organisation.area
        if home is not None and home.level == Level.NEIGHBOURHOOD:
            area = home
        else:
            area = buurten[rng.choice(HOMES)]
        add(AssetKind.ORGANISATION, organisation.name, area, _point(area, rng),
            description=organisation.description, organisation=organisation)  # fmt: skip
    for item in THINGS + ECONOMY:
        area = buurten[item.buurt]
        add(item.kind, item.name, area, _point(area, rng), description=item.description,
            contact=item.contact, lendable=item.lendable)  # fmt: skip
    for group_name, what, when in ACTIVITIES:
        runner = groups.get(group_name)
        if runner is None:
            continue
        meeting = runner.meeting_place
        if meeting is not None and meeting.latitude is not None:
            area, at = (
                meeting.area,
                _point(meeting.area, rng, near=(meeting.latitude, meeting.longitude or 0)),
            )  # noqa: E501
        else:
            area = buurten[rng.choice(HOMES)]
            at = _point(area, rng)
        add(AssetKind.ACTIVITY, what, area, at, schedule=when, group=runner, place=meeting,
            contact=runner.name)  # fmt: skip
    authors = {WORKER: worker, RESIDENT: resident}
    for code, key, who, text in NOTES:
        author = authors.get(who)
        if code not in buurten:
            continue
        if author is None or not can_write_notes(author, buurten[code]):
            author = worker  # the demo resident lives in one buurt; elsewhere the worker writes
        figure_note_create(author=author, area=buurten[code], key=key, text=text)
        made["notes"] = made.get("notes", 0) + 1
    return made


def reset_assets_demo() -> None:
    """Remove the demo's assets, notes and key figures (before places, groups go)."""
    tree = Area.objects.filter(path__startswith=MUNICIPALITY + "/")
    Asset.themes.through.objects.filter(asset__area__in=tree).delete()
    Asset.objects.filter(area__in=tree).delete()
    FigureNote.objects.filter(area__in=tree).delete()
    KeyFigure.objects.filter(area__in=tree).delete()
