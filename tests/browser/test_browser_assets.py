"""The asset map in a real browser: offline (no tiles), a layer per kind, search, adding an
asset by clicking the map, a click outside the area refused; the wijkprofiel with its charts."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from opbouw.areas import geo
from opbouw.assets.models import Asset
from tests.browser import test_browser_accessibility as a11y

DEMO_DATA = Path(__file__).resolve().parents[2] / "opbouw" / "demo" / "data"
BERFLO_ES_ZUID = "BU01640502"


def real_boundaries(world) -> dict:
    """Give the test areas their real CBS boundaries (buurten 2018; the wijk is their union)."""
    buurten = json.loads((DEMO_DATA / "hengelo-buurten.geojson").read_text())["features"]
    wijken = json.loads((DEMO_DATA / "hengelo-wijken.geojson").read_text())["features"]
    shapes = {f["properties"]["buurtcode"]: f["geometry"] for f in buurten}
    shapes |= {f["properties"]["wijkcode"]: f["geometry"] for f in wijken}
    from opbouw.areas.models import Area

    for area in Area.objects.filter(code__in=shapes):
        area.boundary = shapes[area.code]
        area.save()
    return shapes


@pytest.fixture
def mapped(world):
    """The world with real boundaries and a few assets of different kinds."""
    from opbouw.assets.services import asset_create

    shapes = real_boundaries(world)
    assets = [
        ("thing", "Partytent van de buurt", "BU01640501"),
        ("place", "Speeltuin De Es", "BU01640502"),
        ("economy", "Bakkerij Het Korenaar", "BU01640501"),
        ("activity", "Taalcafé op dinsdag", "BU01640502"),
    ]
    for kind, name, code in assets:
        lat, lon = geo.representative_point(shapes[code])
        asset_create(
            created_by=world.worker, kind=kind, name=name, area=world.wijk, latitude=lat,
            longitude=lon,
        )  # fmt: skip
    return shapes


def free_point(shape) -> tuple[float, float]:
    """A point inside the shape, away from every marker (a click there hits the map)."""
    import random

    taken = [(a.latitude, a.longitude) for a in Asset.objects.all()]
    rng = random.Random(4)
    for _attempt in range(200):
        lat, lon = geo.random_point(shape, rng)
        if all(abs(lat - t[0]) + abs(lon - t[1]) > 0.002 for t in taken):
            return lat, lon
    raise AssertionError("no free point")


# The pixel of a coordinate once the map has stood still for five frames: a popup's auto-pan
# (opened by "Toon", closed by Escape) may still be moving the map, and a pixel read mid-pan
# lands the click tens of metres off (CI saw 0.00064 degrees).
_STILL_POINT = """([lat, lon]) => new Promise((resolve) => {
  const map = document.querySelector('[data-asset-map]').opbouwMap;
  let last = null, still = 0;
  (function look() {
    const p = map.latLngToContainerPoint([lat, lon]);
    const moving = map._animatingZoom || (map._panAnim && map._panAnim._inProgress);
    still = !moving && last && last.x === p.x && last.y === p.y ? still + 1 : 0;
    last = p;
    if (still >= 5) resolve({x: p.x, y: p.y}); else requestAnimationFrame(look);
  })();
})"""


def click_map_at(page, lat: float, lon: float) -> None:
    """Click the map where this coordinate is (the map computes the pixel)."""
    point = page.evaluate(_STILL_POINT, [lat, lon])
    box = page.locator("[data-asset-map]").bounding_box()
    assert 0 < point["x"] < box["width"] and 0 < point["y"] < box["height"], (point, box)
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def test_add_an_asset_by_clicking_the_map(page, world, mapped, screenshot, live_server):
    page.goto("/buurtbeeld/")
    expect(page.locator("[data-asset-map]")).to_have_attribute("data-map-ready", "1")
    expect(page.locator("[data-asset-map]")).not_to_have_attribute("data-map-error", "1")
    # Offline: no tile images, only the CBS boundaries drawn as SVG paths.
    assert page.locator(".leaflet-tile").count() == 0
    expect(page.locator("path.assets-area--buurt")).to_have_count(3)
    expect(page.locator("[data-map-count]")).to_have_text("4 in beeld")
    screenshot(page, "map")

    # A layer per kind: switching "Spullen" off takes the partytent off the map and the list.
    list_ = page.locator("[data-map-list]")
    expect(list_).to_contain_text("Partytent van de buurt")
    page.get_by_label("Spullen").uncheck()
    expect(list_).not_to_contain_text("Partytent van de buurt")
    expect(page.locator("[data-map-count]")).to_have_text("3 in beeld")
    page.get_by_label("Spullen").check()

    # Search filters markers and list as you type.
    page.get_by_label("Zoeken op de kaart").fill("bakker")
    expect(page.locator("[data-map-count]")).to_have_text("1 in beeld")
    expect(list_).to_contain_text("Bakkerij Het Korenaar")
    # "Toon" zooms to the marker and opens its popup, with a link to the asset.
    list_.get_by_role("button", name="Toon op de kaart: Bakkerij Het Korenaar").click()
    popup = page.locator(".leaflet-popup")
    expect(popup).to_contain_text("Bakkerij Het Korenaar")
    expect(popup.get_by_role("link", name="Bekijk")).to_be_visible()
    page.keyboard.press("Escape")
    # Leaflet fades a closed popup out and removes it 200 ms later: until then it would still
    # catch a click at its place.
    expect(popup).to_have_count(0)
    page.get_by_label("Zoeken op de kaart").fill("")

    # Click inside Berflo Es Zuid: the popup offers to add something there.
    # Exact by construction: the test reads back the coordinate Leaflet itself computed for the
    # click (whatever pixel the click landed on, however busy the machine) and follows it to the
    # form and the stored asset; the only difference allowed is the product's rounding to 1e-6.
    lat, lon = free_point(mapped[BERFLO_ES_ZUID])
    page.evaluate(
        "() => document.querySelector('[data-asset-map]').opbouwMap.once('click', (event) => {"
        " window.opbouwClicked = {lat: event.latlng.lat, lon: event.latlng.lng}; })"
    )
    click_map_at(page, lat, lon)
    add_here = popup.get_by_role("link", name="Krachtbron hier toevoegen")
    expect(add_here).to_be_visible()
    clicked = page.evaluate("() => window.opbouwClicked")
    screenshot(page, "clicked")
    add_here.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Krachtbron toevoegen")
    expect(page.locator("[data-asset-map]")).to_have_attribute("data-map-ready", "1")
    rounding = 5e-7 + 1e-12  # round6 in map.js
    latitude = float(page.get_by_label("Breedtegraad").input_value())
    longitude = float(page.get_by_label("Lengtegraad").input_value())
    assert latitude == pytest.approx(clicked["lat"], abs=rounding)
    assert longitude == pytest.approx(clicked["lon"], abs=rounding)
    expect(page.locator(".assets-marker--pick")).to_have_count(1)
    page.get_by_label("Soort").select_option(label="spullen")
    page.get_by_label("Naam").fill("Bakfiets van Yasmina")
    page.get_by_label("Omschrijving").fill("Elektrisch; te leen op zaterdag.")
    screenshot(page, "form")
    page.get_by_role("button", name="Opslaan").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Bakfiets van Yasmina")
    expect(page.get_by_role("status")).to_contain_text("staat op de kaart, in Berflo Es Zuid")
    asset = Asset.objects.get(name="Bakfiets van Yasmina")
    assert asset.area.code == BERFLO_ES_ZUID and asset.created_by == world.worker
    assert (asset.latitude, asset.longitude) == pytest.approx((latitude, longitude), abs=1e-9)
    screenshot(page, "detail")

    page.goto("/buurtbeeld/")
    expect(page.locator("[data-map-count]")).to_have_text("5 in beeld")


def test_a_click_outside_the_area_is_refused_and_nothing_is_stored(page, world, mapped, screenshot):
    page.goto("/buurtbeeld/nieuw/")
    expect(page.locator("[data-asset-map]")).to_have_attribute("data-map-ready", "1")
    # A point in the map's view but outside Berflo Es: the first corner of the view that lies
    # outside the wijk (the top-left one holds the zoom buttons).
    box = page.locator("[data-asset-map]").bounding_box()
    corners = [(box["width"] - 20, 20), (box["width"] - 20, box["height"] - 20),
               (20, box["height"] - 20)]  # fmt: skip
    for x, y in corners:
        lat, lon = page.evaluate(
            "([x, y]) => { const m = document.querySelector('[data-asset-map]').opbouwMap;"
            " const ll = m.containerPointToLatLng([x, y]); return [ll.lat, ll.lng]; }",
            [x, y],
        )
        if not geo.contains(mapped["WK016405"], lat=lat, lon=lon):
            break
    else:
        pytest.fail("every corner of the map lies inside the wijk")
    page.mouse.click(box["x"] + x, box["y"] + y)
    expect(page.get_by_label("Lengtegraad")).not_to_have_value("")
    page.get_by_label("Naam").fill("Ergens buiten de wijk")
    page.get_by_role("button", name="Opslaan").click()
    error = page.locator(".utrecht-form-field-error-message").first
    expect(error).to_contain_text("Deze plek ligt buiten Berflo Es")
    expect(page.get_by_role("alert")).to_be_visible()
    assert not Asset.objects.filter(name="Ergens buiten de wijk").exists()
    screenshot(page)


def test_the_keyboard_can_pick_the_centre(page, world, mapped):
    page.goto("/buurtbeeld/nieuw/")
    expect(page.locator("[data-asset-map]")).to_have_attribute("data-map-ready", "1")
    button = page.get_by_role("button", name="Kies het midden van de kaart")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Breedtegraad")).not_to_have_value("")
    expect(page.locator(".assets-marker--pick")).to_have_count(1)


def test_the_profile_charts_render_under_the_csp(page, world, mapped, screenshot, live_server):
    from opbouw.assets.importers import import_key_figures_file

    import_key_figures_file(DEMO_DATA / "hengelo-kerncijfers.csv", year=2018)
    page.goto(f"/buurtbeeld/profiel/{world.buurt.code}/")
    charts = page.locator("figure.opbouw-chart")
    expect(charts.first.locator("svg")).to_be_visible()
    assert page.locator("[data-vega-error]").count() == 0
    expect(page.locator("thead").first).to_contain_text("2018")
    page.get_by_label("Bij welk cijfer?").select_option(label="Eenpersoonshuishoudens")
    page.get_by_role("textbox", name="Wat betekent dit cijfer in het dagelijks leven?").fill(
        "In de flats kennen buren elkaar nauwelijks."
    )
    page.get_by_role("button", name="Notitie bewaren").click()
    expect(page.locator("#cijfer-single_pct")).to_contain_text("kennen buren elkaar nauwelijks")
    expect(page.locator("#cijfer-single_pct")).to_contain_text("Opbouwwerker")
    screenshot(page)
    violations = a11y.axe_violations(page, live_server)
    assert not violations, a11y.describe(violations)


def test_the_map_page_has_no_wcag_violations(page, world, mapped, live_server):
    page.goto("/buurtbeeld/")
    expect(page.locator("[data-asset-map]")).to_have_attribute("data-map-ready", "1")
    violations = a11y.axe_violations(page, live_server)
    assert not violations, a11y.describe(violations)


PLACES_ON_ONE_SPOT = ("Buurthuis De Es", "Kledingbank De Es", "Repair Café De Es")


@pytest.fixture
def clustered(world, mapped):
    """Beside `mapped`'s four assets: three places on one spot (a stack that never splits) and
    two things 27 m apart (one cluster at the wijk's zoom, two markers closer in)."""
    from opbouw.assets.services import asset_create

    lat, lon = free_point(mapped[BERFLO_ES_ZUID])
    for name in PLACES_ON_ONE_SPOT:
        asset_create(created_by=world.worker, kind="place", name=name, area=world.wijk,
                     latitude=lat, longitude=lon)  # fmt: skip
    other_lat, other_lon = free_point(mapped["BU01640501"])
    for index, name in enumerate(("Bakfiets Noord", "Bakfiets Zuid")):
        asset_create(created_by=world.worker, kind="thing", name=name, area=world.wijk,
                     latitude=other_lat, longitude=other_lon + 0.0004 * index)  # fmt: skip
    return mapped


def test_clusters_split_on_click_and_one_spot_lists_its_assets(page, world, clustered, screenshot):
    """Clustering (map.js with Supercluster): assets on one spot stay one cluster whose click
    lists them, a cluster's click zooms in until it splits, and Enter works as a click."""
    page.goto("/buurtbeeld/")
    expect(page.locator("[data-asset-map]")).to_have_attribute("data-map-ready", "1")
    zoom = "() => document.querySelector('[data-asset-map]').opbouwMap.getZoom()"

    # Three places on one spot never split: the cluster's click lists them, with links.
    stack = page.locator(".assets-cluster--place", has_text="3")
    expect(stack).to_have_count(1)
    before = page.evaluate(zoom)
    stack.click()
    popup = page.locator(".leaflet-popup")
    for name in PLACES_ON_ONE_SPOT:
        expect(popup).to_contain_text(name)
    expect(popup.get_by_role("link", name="Bekijk: Kledingbank De Es")).to_be_visible()
    assert page.evaluate(zoom) == before
    screenshot(page, "stack")
    popup.get_by_role("button", name="Sluiten").click()
    expect(popup).to_have_count(0)

    # Two things 27 m apart are one cluster at the wijk's zoom; a click zooms in until they split.
    things = page.locator(".assets-cluster--thing", has_text="2")
    expect(things).to_have_count(1)
    things.click()
    expect(page.locator(".leaflet-marker-icon[title='Bakfiets Noord']")).to_be_visible()
    expect(page.locator(".leaflet-marker-icon[title='Bakfiets Zuid']")).to_be_visible()
    assert page.evaluate(zoom) > before

    # Keyboard: Enter on a focused marker opens its popup.
    page.locator(".leaflet-marker-icon[title='Bakfiets Noord']").focus()
    page.keyboard.press("Enter")
    expect(popup).to_contain_text("Bakfiets Noord")
    expect(popup.get_by_role("link", name="Bekijk: Bakfiets Noord")).to_be_visible()


def test_talents_and_names_with_markup_from_the_compact_data(page, world, mapped, screenshot):
    """The page's compact data (kaart.json): a talent's popup counts residents and links
    nowhere; a name with markup is text in the list, the popup and the marker's title; the
    talents' layer switches off like the others."""
    from opbouw.assets.services import asset_create
    from opbouw.core.models import Tag
    from opbouw.people.models import Consent
    from tests.factories import ConsentFactory, PersonFactory

    cooking = Tag.objects.get(slug="koken")
    for index in range(3):
        person = PersonFactory(area=world.buurt, name=f"Kok {index}")
        person.gifts.add(cooking)
        if index < 2:  # the third has no consent: not counted
            ConsentFactory(person=person, purpose=Consent.Purpose.PROFILE)
            ConsentFactory(person=person, purpose=Consent.Purpose.MATCHING)
    tricky = '<img src=x id=injected> Zon & "Maan"'
    lat, lon = free_point(mapped[BERFLO_ES_ZUID])
    asset = asset_create(created_by=world.worker, kind="group", name=tricky, area=world.wijk,
                         latitude=lat, longitude=lon)  # fmt: skip
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/buurtbeeld/")
    expect(page.locator("[data-asset-map]")).to_have_attribute("data-map-ready", "1")
    assert any("/buurtbeeld/kaart.json" in url for url in requested)
    assert not any("kaart.geojson" in url for url in requested)
    expect(page.locator("[data-map-count]")).to_have_text("6 in beeld")

    list_ = page.locator("[data-map-list]")
    expect(list_.get_by_role("link", name=tricky)).to_have_attribute(
        "href", f"/buurtbeeld/{asset.pk}/"
    )
    expect(list_).to_contain_text("2 bewoners · Berflo Es Noord")
    assert page.locator("#injected").count() == 0

    # The talent (at the buurt's middle, under the bakery's marker there): its popup says how
    # many residents have it, with no link and no names.
    expect(page.locator(".leaflet-marker-icon.assets-marker--gift")).to_have_count(1)
    list_.get_by_role("button", name=f"Toon op de kaart: {cooking.name}").click()
    popup = page.locator(".leaflet-popup")
    expect(popup).to_contain_text(cooking.name)
    expect(popup).to_contain_text("2 bewoners · talenten van bewoners · Berflo Es Noord")
    expect(popup.get_by_role("link")).to_have_count(0)
    expect(popup).not_to_contain_text("Kok")
    screenshot(page, "talent")
    popup.get_by_role("button", name="Sluiten").click()
    expect(popup).to_have_count(0)

    # The group's marker carries the name as its title; its popup shows it as text.
    marker = page.locator(".leaflet-marker-icon.assets-marker--group")
    expect(marker).to_have_attribute("title", tricky)
    marker.click()
    expect(popup.locator(".assets-popup__name")).to_have_text(tricky)
    expect(popup.get_by_role("link", name=f"Bekijk: {tricky}")).to_be_visible()
    assert page.locator("#injected").count() == 0
    screenshot(page, "markup")
    popup.get_by_role("button", name="Sluiten").click()

    # Search finds talents by their name and kind, and the talents' layer switches off.
    page.get_by_label("Zoeken op de kaart").fill("talenten")
    expect(page.locator("[data-map-count]")).to_have_text("1 in beeld")
    page.get_by_label("Zoeken op de kaart").fill("")
    expect(page.locator("[data-map-count]")).to_have_text("6 in beeld")
    page.get_by_label("Talenten van bewoners").uncheck()
    expect(page.locator("[data-map-count]")).to_have_text("5 in beeld")
    expect(page.locator(".leaflet-marker-icon.assets-marker--gift")).to_have_count(0)
