"""The asset map pages and their data: who sees what, gifts only with consent, bad input.

The map's data comes in two formats with the same content (opbouw.assets.selectors): the
compact one the page draws (assets:data) and a GeoJSON export (assets:geojson). The rules
(scope, consent, escaping, ETag) are tested on both, through readers that turn either into the
same list of points.
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opbouw.assets.models import Asset, AssetKind
from opbouw.core.models import Tag
from opbouw.people.models import Consent
from tests.assets.helpers import IN_BUURT, IN_BUURT2, IN_OTHER, OUTSIDE, login, make_asset
from tests.factories import ConsentFactory, PersonFactory

pytestmark = pytest.mark.django_db


def features(client, **params):
    response = client.get(reverse("assets:geojson"), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    return json.loads(response.content)["features"]


def read_compact(body: bytes) -> list[dict]:
    """The compact format's layers as points; every column is as long as its layer."""
    data = json.loads(body)
    assert data["format"] == "opbouw-map/1"
    scale = data["scale"]
    points = []
    for layer in data["layers"]:
        columns = [key for key in layer if key != "kind"]
        (length,) = {len(layer[key]) for key in columns}
        for i in range(length):
            point = {"kind": layer["kind"], "name": layer["name"][i]}
            point["area"] = data["areas"][layer["area"][i]]
            point["coordinates"] = [layer["lon"][i] / scale, layer["lat"][i] / scale]
            if "id" in layer:
                point["id"] = layer["id"][i]
            if "count" in layer:
                point["count"] = layer["count"][i]
            points.append(point)
    return points


def read_geojson(body: bytes) -> list[dict]:
    points = []
    for feature in json.loads(body)["features"]:
        point = {**feature["properties"], "coordinates": feature["geometry"]["coordinates"]}
        if feature["properties"]["kind"] != AssetKind.GIFT:
            point["id"] = feature["id"]
        points.append(point)
    return points


READERS = {"assets:data": read_compact, "assets:geojson": read_geojson}
CONTENT_TYPES = {"assets:data": "application/json", "assets:geojson": "application/geo+json"}


@pytest.fixture(params=list(READERS))
def endpoint(request):
    """The name of a map data URL: each test using it runs for both formats."""
    return request.param


def points(client, endpoint, **params):
    response = client.get(reverse(endpoint), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(CONTENT_TYPES[endpoint])
    return READERS[endpoint](response.content)


@pytest.fixture
def assets(users, bounded):
    return {
        "own": make_asset(bounded.buurt, name="Bakfiets van Henk"),
        "own2": make_asset(bounded.buurt2, name="Buurtmoestuin", kind="place", at=IN_BUURT2),
        "other": make_asset(bounded.other_buurt, name="Partytent Hengelose Es", at=IN_OTHER),
    }


@pytest.mark.parametrize("role", ["resident", "worker", "partner", "policy", "coordinator"])
def test_every_role_sees_the_map_of_its_own_area_only(users, assets, role, endpoint):
    client = login(users[role])
    assert client.get(reverse("assets:map")).status_code == 200
    names = {point["name"] for point in points(client, endpoint)}
    assert names == {"Bakfiets van Henk", "Buurtmoestuin"}
    # Asking for the other wijk does not widen the scope.
    names = {point["name"] for point in points(client, endpoint, gebied="WK016401")}
    assert "Partytent Hengelose Es" not in names


def test_the_geojson_is_lean_and_valid(users, assets):
    feature = next(f for f in features(login(users["worker"])) if f["id"] == assets["own"].pk)
    assert feature["geometry"] == {"type": "Point", "coordinates": [IN_BUURT[1], IN_BUURT[0]]}
    assert feature["properties"] == {
        "kind": "thing",
        "name": "Bakfiets van Henk",
        "area": "Berflo Es Noord",
    }


def test_the_compact_data_is_exactly_what_the_map_needs(users, assets):
    """One column per field per layer; area names once, referred to by index."""
    response = login(users["worker"]).get(reverse("assets:data"))
    assert json.loads(response.content) == {
        "format": "opbouw-map/1",
        "scale": 100_000,  # coordinates are whole numbers: degrees × scale
        "areas": ["Berflo Es Zuid", "Berflo Es Noord"],
        "layers": [
            {
                "kind": "place",
                "id": [assets["own2"].pk],
                "lon": [679_500],
                "lat": [5_226_500],
                "name": ["Buurtmoestuin"],
                "area": [0],
            },
            {
                "kind": "thing",
                "id": [assets["own"].pk],
                "lon": [678_500],
                "lat": [5_226_500],
                "name": ["Bakfiets van Henk"],
                "area": [1],
            },
        ],
    }
    assert IN_BUURT == (52.265, 6.785) and IN_BUURT2 == (52.265, 6.795)


def test_compact_coordinates_are_to_a_metre_and_the_export_to_a_decimetre(users, bounded):
    make_asset(bounded.buurt, name="Precies", at=(52.26512345, 6.78567891))
    client = login(users["worker"])
    (compact,) = points(client, "assets:data")
    assert compact["coordinates"] == [6.78568, 52.26512]  # ~1 m
    (exported,) = points(client, "assets:geojson")
    assert exported["coordinates"] == [6.785679, 52.265123]  # ~0.1 m
    # The asset itself keeps its stored coordinates.
    assert Asset.objects.get().latitude == 52.26512345


def test_both_formats_carry_the_same_points(users, assets, bounded):
    PersonFactory(area=bounded.buurt).gifts.add(Tag.objects.get(slug="koken"))
    person = PersonFactory(area=bounded.buurt)
    person.gifts.add(Tag.objects.get(slug="koken"))
    consent(person, Consent.Purpose.PROFILE)
    consent(person, Consent.Purpose.MATCHING)
    client = login(users["worker"])

    def rounded(found):
        return sorted(
            ({**p, "coordinates": [round(c, 5) for c in p["coordinates"]]} for p in found),
            key=lambda p: (p["kind"], p["name"]),
        )

    compact = rounded(points(client, "assets:data"))
    assert compact == rounded(points(client, "assets:geojson"))
    assert [p["kind"] for p in compact] == ["gift", "place", "thing"]


def test_the_page_draws_the_compact_data_and_links_the_export(users, assets):
    page = login(users["worker"]).get(reverse("assets:map")).content.decode()
    assert 'data-features-url="/buurtbeeld/kaart.json?gebied=WK016405"' in page
    assert '<link rel="preload" href="/buurtbeeld/kaart.json?gebied=WK016405"' in page
    assert 'href="/buurtbeeld/kaart.geojson?gebied=WK016405" download' in page
    form = login(users["worker"]).get(reverse("assets:create")).content.decode()
    assert 'data-features-url="/buurtbeeld/kaart.json?gebied=WK016405"' in form


def test_layers_filter_the_data(users, assets, endpoint):
    found = points(login(users["worker"]), endpoint, soort="place")
    assert [point["name"] for point in found] == ["Buurtmoestuin"]


def test_the_map_page_lists_and_searches_without_javascript(users, assets):
    client = login(users["worker"])
    page = client.get(reverse("assets:map")).content.decode()
    assert "Bakfiets van Henk" in page and "Partytent" not in page
    # Search words travel in the POST body.
    page = client.post(reverse("assets:map"), {"q": "moestuin"}).content.decode()
    assert "Buurtmoestuin" in page and "Bakfiets van Henk" not in page


def test_the_map_page_works_offline_without_tiles(users, assets, settings):
    settings.OPBOUW_MAP_TILE_URL = ""
    page = login(users["worker"]).get(reverse("assets:map")).content.decode()
    assert 'data-tile-url=""' in page
    assert 'data-boundaries-url="/buurtbeeld/grenzen.geojson?gebied=WK016405"' in page
    boundaries = json.loads(
        login(users["worker"]).get(reverse("assets:boundaries"), {"gebied": "WK016405"}).content
    )
    assert {f["properties"]["code"] for f in boundaries["features"]} == {
        "WK016405",
        "BU01640501",
        "BU01640502",
    }


def test_asset_pages_outside_your_area_are_404(users, assets):
    client = login(users["other_worker"])
    assert client.get(reverse("assets:detail", args=[assets["own"].pk])).status_code == 404
    assert client.get(reverse("assets:detail", args=[assets["other"].pk])).status_code == 200


def test_a_user_without_areas_gets_no_map(db, django_user_model):
    client = login(django_user_model.objects.create_user("niemand", password="x" * 12))
    assert client.get(reverse("assets:map")).status_code == 404
    assert client.get(reverse("assets:data")).status_code == 404
    assert client.get(reverse("assets:geojson")).status_code == 404


def post_asset(client, area, at, **extra):
    data = {"kind": "thing", "name": "Ladder", "area": area.pk, "latitude": at[0],
            "longitude": at[1], **extra}  # fmt: skip
    return client.post(reverse("assets:create"), data)


def test_adding_an_asset_through_the_form(users, bounded):
    response = post_asset(login(users["resident"]), bounded.wijk, IN_BUURT2)
    asset = Asset.objects.get()
    assert response.status_code == 302 and response["Location"] == asset.get_absolute_url()
    assert asset.area == bounded.buurt2 and asset.created_by == users["resident"]


def test_a_point_outside_the_area_gives_the_message_at_the_field(users, bounded):
    response = post_asset(login(users["worker"]), bounded.wijk, OUTSIDE)
    assert response.status_code == 400
    assert "Deze plek ligt buiten Berflo Es" in response.content.decode()
    assert not Asset.objects.exists()


def test_the_form_offers_only_areas_one_may_add_to(users, bounded):
    response = post_asset(login(users["worker"]), bounded.other_wijk, IN_OTHER)
    assert response.status_code == 400
    assert not Asset.objects.exists()
    assert login(users["partner"]).get(reverse("assets:create")).status_code == 404


def test_the_form_takes_the_clicked_point(users, bounded):
    page = (
        login(users["worker"])
        .get(reverse("assets:create"), {"lat": "52.265", "lon": "6.785"})
        .content.decode()
    )
    assert 'value="52.265"' in page and 'value="6.785"' in page


def test_only_editors_delete(users, bounded):
    asset = make_asset(bounded.buurt, created_by=users["resident"])
    assert (
        login(users["partner"]).post(reverse("assets:delete", args=[asset.pk])).status_code == 404
    )
    url = reverse("assets:delete", args=[asset.pk])
    assert login(users["resident"]).post(url).status_code == 302
    assert Asset.objects.exists()  # not without the confirmation
    assert login(users["resident"]).post(url, {"confirm": "1"}).status_code == 302
    assert not Asset.objects.exists()


# --- gifts: counted per buurt, only with consent, never named -------------------------------


def consent(person, purpose, withdrawn=False):
    from django.utils import timezone

    return ConsentFactory(
        person=person, purpose=purpose, withdrawn_on=timezone.localdate() if withdrawn else None
    )


def gift_points(client, endpoint="assets:data"):
    return [point for point in points(client, endpoint) if point["kind"] == AssetKind.GIFT]


def test_gifts_are_counted_per_buurt_with_profile_and_matching_consent(users, bounded, endpoint):
    cooking = Tag.objects.get(slug="koken")
    people = [PersonFactory(area=bounded.buurt, name=f"Kok {i}") for i in range(4)]
    for person in people:
        person.gifts.add(cooking)
    for person in people[:2]:  # both consents: counted
        consent(person, Consent.Purpose.PROFILE)
        consent(person, Consent.Purpose.MATCHING)
    consent(people[2], Consent.Purpose.PROFILE)  # no matching consent: not counted
    consent(people[3], Consent.Purpose.PROFILE)
    consent(people[3], Consent.Purpose.MATCHING, withdrawn=True)  # withdrawn: not counted
    client = login(users["resident"])
    (gift,) = gift_points(client, endpoint)
    # No id either: a talent has no page, and nothing that leads to a person.
    lon, lat = gift.pop("coordinates")
    assert gift == {"kind": "gift", "name": "koken", "area": "Berflo Es Noord", "count": 2}
    # The marker stands inside the buurt, not at anyone's address, and names never appear.
    assert 6.78 < lon < 6.79 and 52.26 < lat < 52.27
    body = client.get(reverse(endpoint)).content.decode()
    assert "Kok" not in body


def test_a_gift_disappears_when_consent_is_withdrawn(users, bounded, endpoint):
    from opbouw.people.services import consent_withdraw

    person = PersonFactory(area=bounded.buurt)
    person.gifts.add(Tag.objects.get(slug="tuinieren"))
    consent(person, Consent.Purpose.PROFILE)
    matching = consent(person, Consent.Purpose.MATCHING)
    client = login(users["worker"])
    assert len(gift_points(client, endpoint)) == 1
    consent_withdraw(consent=matching, withdrawn_by=users["worker"])
    assert gift_points(client, endpoint) == []


def test_the_data_runs_a_constant_number_of_queries(users, bounded, endpoint):
    client = login(users["worker"])

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse(endpoint))
        return len(queries)

    for i in range(5):
        make_asset(bounded.buurt, name=f"A{i}")
    small = count()
    Asset.objects.bulk_create(
        Asset(
            kind="place",
            name=f"B{i}",
            area=bounded.buurt2,
            latitude=IN_BUURT2[0],
            longitude=IN_BUURT2[1],
        )  # fmt: skip
        for i in range(300)
    )
    assert count() == small


def test_names_are_escaped_exactly_as_json_does(users, bounded, endpoint):
    tricky = 'Zeg "hoi" \\ </script><b>ü\u2028 tab\t'
    make_asset(bounded.buurt, name=tricky)
    (point,) = points(login(users["worker"]), endpoint)
    assert point["name"] == tricky


def revalidate(client, etag, endpoint="assets:data", **params):
    return client.get(reverse(endpoint), params, headers={"if-none-match": etag})


def test_unchanged_map_data_is_a_304_and_any_change_sends_it_again(users, assets, endpoint):
    client = login(users["worker"])
    first = client.get(reverse(endpoint))
    etag = first["ETag"]
    assert first.status_code == 200 and etag.startswith('"')
    unchanged = revalidate(client, etag, endpoint)
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert unchanged["ETag"] == etag
    # Another layer choice is other data: a different fingerprint.
    assert revalidate(client, etag, endpoint, soort="place").status_code == 200
    # An edit, an addition and a removal each send the data again, with a new fingerprint
    # (after the removal it is the one from before the addition: the same data).
    for change in (
        lambda: Asset.objects.filter(pk=assets["own"].pk).first().save(),
        lambda: make_asset(assets["own"].area, name="Ladder"),
        lambda: Asset.objects.filter(name="Ladder").delete(),
    ):
        change()
        response = revalidate(client, etag, endpoint)
        assert response.status_code == 200
        assert response["ETag"] != etag
        etag = response["ETag"]


def test_one_formats_fingerprint_never_answers_for_the_other(users, assets):
    client = login(users["worker"])
    geojson_etag = client.get(reverse("assets:geojson"))["ETag"]
    compact_etag = client.get(reverse("assets:data"))["ETag"]
    assert geojson_etag != compact_etag
    response = revalidate(client, geojson_etag, "assets:data")
    assert response.status_code == 200 and read_compact(response.content)
    assert revalidate(client, compact_etag, "assets:geojson").status_code == 200


def test_a_withdrawn_consent_changes_the_fingerprint_at_once(users, bounded, endpoint):
    from opbouw.people.services import consent_withdraw

    person = PersonFactory(area=bounded.buurt)
    person.gifts.add(Tag.objects.get(slug="tuinieren"))
    consent(person, Consent.Purpose.PROFILE)
    matching = consent(person, Consent.Purpose.MATCHING)
    client = login(users["worker"])
    etag = client.get(reverse(endpoint))["ETag"]
    consent_withdraw(consent=matching, withdrawn_by=users["worker"])
    response = revalidate(client, etag, endpoint)
    assert response.status_code == 200
    assert [p for p in READERS[endpoint](response.content) if p["kind"] == "gift"] == []


def test_a_fingerprint_opens_nothing_outside_your_areas(users, assets, django_user_model, endpoint):
    etag = login(users["worker"]).get(reverse(endpoint))["ETag"]
    # Another wijk's worker with the same ETag gets their own data, not a 304 for ours.
    other = revalidate(login(users["other_worker"]), etag, endpoint)
    assert other.status_code == 200
    assert "Bakfiets van Henk" not in other.content.decode()
    assert {p["name"] for p in READERS[endpoint](other.content)} == {"Partytent Hengelose Es"}
    # Without an area, the fingerprint is no way in.
    nobody = login(django_user_model.objects.create_user("niemand", password="x" * 12))
    assert revalidate(nobody, etag, endpoint).status_code == 404
