"""Suggestions by where people live, from their buurt alone (no addresses): same buurt,
bordering buurten, buurt centres within a kilometre. Explained in Dutch and in English."""

import json
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from opbouw.analysis.matching import Reason
from opbouw.areas.models import Level
from opbouw.network.matching import (
    area_places,
    explain,
    suggestions_for_initiative,
    suggestions_for_person,
)
from tests.factories import AreaFactory, PersonFactory, client_for
from tests.network.support import matching_consent

pytestmark = pytest.mark.django_db

BUURTEN = Path(__file__).resolve().parents[2] / "opbouw/demo/data/hengelo-buurten.geojson"


@pytest.fixture
def mapped(areas):
    """Berflo Es with its real CBS boundaries: Noord and Zuid border each other (574 m between
    their centres); Veldwijk-Zuid borders neither, 931 m from Zuid and 1.2 km from Noord;
    Boeldershoek is 2.2 km from Noord."""
    boundaries = {
        feature["properties"]["buurtcode"]: feature["geometry"]
        for feature in json.loads(BUURTEN.read_text())["features"]
    }
    areas.buurt.boundary = boundaries["BU01640501"]
    areas.buurt.save()
    areas.buurt2.boundary = boundaries["BU01640502"]
    areas.buurt2.save()
    extra = {
        code: AreaFactory(
            code=code,
            name=name,
            level=Level.NEIGHBOURHOOD,
            parent=areas.wijk,
            boundary=boundaries[code],
        )  # fmt: skip
        for code, name in [("BU01640505", "Veldwijk-Zuid"), ("BU01640506", "Boeldershoek")]
    }
    return extra


@pytest.fixture
def cyclists(areas, people, mapped):
    """Kees (Noord) gives cycling lessons; people in four buurten want to learn to cycle."""
    result = {
        "kees": people["kees"],
        "fatima": people["fatima"],  # Noord: "Wil leren fietsen"
        "wim": people["wim"],  # Zuid
        "vera": PersonFactory(name="Vera Veldwijk", area=mapped["BU01640505"]),
        "bert": PersonFactory(name="Bert Boeldershoek", area=mapped["BU01640506"]),
    }
    for name in ("wim", "vera", "bert"):
        result[name].wishes_text = "Wil leren fietsen"
        result[name].save()
    for name in ("wim", "vera"):  # and Wim and Vera both like cooking
        result[name].interests_text = "Koken"
        result[name].save()
    for person in result.values():
        matching_consent(person)
    return result


def _by_name(suggested):
    return {item.person.name.split()[0]: item for item in suggested}


def test_area_places_knows_centres_and_borders(areas, mapped):
    places = area_places([areas.buurt.pk, areas.buurt2.pk, *(a.pk for a in mapped.values())])
    assert places[areas.buurt.pk].neighbours == frozenset({areas.buurt2.pk})
    assert places[mapped["BU01640505"].pk].neighbours == frozenset()
    lat, lon = places[areas.buurt.pk].centre
    assert 52.25 < lat < 52.26 and 6.79 < lon < 6.80


def test_suggestions_say_same_bordering_or_nearby_buurt(worker, cyclists):
    with translation.override("nl"):
        for_kees = _by_name(suggestions_for_person(worker, cyclists["kees"]))
        for_wim = _by_name(suggestions_for_person(worker, cyclists["wim"]))
    assert "Wonen allebei in Berflo Es Noord" in for_kees["Fatima"].reasons
    assert "Wonen in aangrenzende buurten, ± 600 m" in for_kees["Wim"].reasons
    place_words = ("Wonen", "buurt")
    # Veldwijk-Zuid is 1.2 km and Boeldershoek 2.2 km from Noord: no place reason.
    for name in ("Vera", "Bert"):
        assert not any(w in r for r in for_kees[name].reasons for w in place_words), name
    order = [item.person.name.split()[0] for item in suggestions_for_person(worker,
             cyclists["kees"])]  # fmt: skip
    assert order.index("Fatima") < order.index("Wim") < order.index("Bert")
    # From Zuid, Veldwijk-Zuid (931 m, not bordering) is close by.
    assert "Wonen dicht bij elkaar, ± 900 m" in for_wim["Vera"].reasons
    # The reasons kept for an introduction (shown to both) say the same without names.
    assert "Wonen in aangrenzende buurten, ± 600 m" in for_kees["Wim"].neutral


def test_the_same_reasons_in_english(worker, cyclists):
    with translation.override("en"):
        for_kees = _by_name(suggestions_for_person(worker, cyclists["kees"]))
        for_wim = _by_name(suggestions_for_person(worker, cyclists["wim"]))
    assert "Both live in Berflo Es Noord" in for_kees["Fatima"].reasons
    assert "Live in neighbouring neighbourhoods, ± 600 m" in for_kees["Wim"].reasons
    assert "Live close to each other, ± 900 m" in for_wim["Vera"].reasons


@pytest.mark.parametrize(
    ("reason", "dutch", "english"),
    [
        (Reason("same_area", ("1",)), "Wonen allebei in Berflo Es Noord",
         "Both live in Berflo Es Noord"),
        (Reason("same_area", ("1",), 130.0), "Wonen allebei in Berflo Es Noord, 150 m van elkaar",
         "Both live in Berflo Es Noord, 150 m apart"),
        (Reason("neighbouring_area", ("1", "2"), 1234.0, True),
         "Wonen in aangrenzende buurten, ± 1,2 km",
         "Live in neighbouring neighbourhoods, ± 1.2 km"),
        (Reason("neighbouring_area", ("1", "2"), 420.0, False),
         "Wonen in aangrenzende buurten, 400 m van elkaar",
         "Live in neighbouring neighbourhoods, 400 m apart"),
        (Reason("neighbouring_area", ("1", "2")), "Wonen in aangrenzende buurten",
         "Live in neighbouring neighbourhoods"),
        (Reason("nearby", (), 870.0, True), "Wonen dicht bij elkaar, ± 900 m",
         "Live close to each other, ± 900 m"),
        (Reason("nearby", (), 310.0), "Wonen 300 m van elkaar", "Live 300 m apart"),
    ],
)  # fmt: skip
def test_place_reasons_in_dutch_and_english(areas, people, reason, dutch, english):
    kees = people["kees"]
    with translation.override("nl"):
        assert explain(reason, kees, "Kees", "Fatima") == dutch
    with translation.override("en"):
        assert explain(reason, kees, "Kees", "Fatima") == english


def test_initiative_suggestions_name_a_bordering_buurt(worker, areas, cyclists):
    from opbouw.initiatives.models import Initiative, NeedOffer, Stage

    initiative = Initiative.objects.create(
        title="Fietsles", goal="Fietsen leren.", area=areas.buurt2, stage=Stage.ACTION,
        stage_since=cyclists["kees"].created_at.date(), created_by=worker,
    )  # fmt: skip
    NeedOffer.objects.create(initiative=initiative, kind=NeedOffer.Kind.NEED,
                             description="Iemand die fietsles geeft",
                             created_on=initiative.stage_since)  # fmt: skip
    with translation.override("nl"):
        found = _by_name(suggestions_for_initiative(worker, initiative))
    assert "Woont in een aangrenzende buurt (Berflo Es Noord), ± 600 m" in found["Kees"].reasons


def test_the_page_shows_the_reasons(worker, cyclists):
    html = (
        client_for(worker)
        .get(reverse("network:person", args=[cyclists["kees"].pk]))
        .content.decode()
    )
    assert "Wonen in aangrenzende buurten, ± 600 m" in html
