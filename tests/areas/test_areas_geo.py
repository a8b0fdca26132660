"""Plain geometry on GeoJSON boundaries (opbouw.areas.geo): centres, a point inside, inside or
not, and shared borders; on small made-up shapes and on Hengelo's real CBS buurten."""

import json
import random
from pathlib import Path

import pytest

from opbouw.areas import geo

# Points are rounded to 1e-6 degree (~0.1 m): a computed one may land one step either way.
ROUNDING = 1e-6 + 1e-12

DATA = Path(__file__).resolve().parents[2] / "opbouw/demo/data"


def _square(x0: float, y0: float, size: float) -> list[list[float]]:
    return [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]


def _polygon(*rings: list[list[float]]) -> dict:
    return {"type": "Polygon", "coordinates": list(rings)}


# A "U" of area 7: a 3 x 1 foot with two legs of 1 x 2 on it; its centroid lies in the gap.
U_SHAPE = _polygon([[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]])


def _hengelo(name: str = "hengelo-buurten.geojson", key: str = "buurtcode") -> dict[str, dict]:
    data = json.loads((DATA / name).read_text())
    return {f["properties"][key]: f["geometry"] for f in data["features"]}


# --- reading GeoJSON --------------------------------------------------------------------------


def test_every_geojson_wrapping_gives_the_same_polygons():
    square = _polygon(_square(6.0, 52.0, 0.01))
    multi = {"type": "MultiPolygon", "coordinates": [square["coordinates"]]}
    feature = {"type": "Feature", "properties": {}, "geometry": square}
    collection = {"type": "FeatureCollection", "features": [feature]}
    geometries = {"type": "GeometryCollection", "geometries": [multi]}
    for wrapped in (square, multi, feature, collection, geometries):
        assert geo.polygons(wrapped) == [square["coordinates"]]
        assert geo.bbox(wrapped) == (6.0, 52.0, 6.01, 52.01)


@pytest.mark.parametrize(
    "nothing",
    [
        None,
        {},
        {"type": "Point", "coordinates": [6.0, 52.0]},
        {"type": "Polygon"},
        {"type": "Polygon", "coordinates": []},
        {"type": "MultiPolygon", "coordinates": [[], [[]]]},
    ],
)
def test_without_a_polygon_there_is_no_centre_box_or_point(nothing):
    assert geo.polygons(nothing) == []
    assert geo.centroid(nothing) is None
    assert geo.bbox(nothing) is None
    assert geo.representative_point(nothing) is None
    assert geo.random_point(nothing, random.Random(1)) is None
    assert not geo.contains(nothing, lat=52.0, lon=6.0)
    assert geo.border_vertices(nothing) == frozenset()


# --- centres ----------------------------------------------------------------------------------


def test_the_centre_of_a_square_is_its_middle():
    lat, lon = geo.centroid(_polygon(_square(6.0, 52.0, 0.01)))
    assert (lat, lon) == (pytest.approx(52.005, abs=1e-7), pytest.approx(6.005, abs=1e-7))


def test_a_hole_moves_the_centre_away_from_it_and_orientation_does_not_matter():
    outer = _square(0.0, 0.0, 4.0)
    hole = _square(2.0, 0.0, 2.0)[::-1]  # the right lower quarter, drawn the other way round
    lat, lon = geo.centroid(_polygon(outer[::-1], hole))
    # Three quarters of the square remain (area 12): the square's moment (16 at (2, 2)) less
    # the hole's (4 at (3, 1)) gives x = (32 - 12) / 12 and y = (32 - 4) / 12.
    assert lon == pytest.approx(20 / 12, abs=1e-3)
    assert lat == pytest.approx(28 / 12, abs=1e-3)


def test_a_multipolygon_weighs_its_parts_by_area():
    big = _square(0.0, 0.0, 2.0)  # area 4, centre (1, 1)
    small = _square(10.0, 0.0, 1.0)  # area 1, centre (10.5, 0.5)
    lat, lon = geo.centroid({"type": "MultiPolygon", "coordinates": [[big], [small]]})
    assert lon == pytest.approx((4 * 1 + 1 * 10.5) / 5, abs=1e-3)
    assert lat == pytest.approx((4 * 1 + 1 * 0.5) / 5, abs=1e-3)


def test_the_representative_point_of_a_convex_shape_is_its_centre():
    point = geo.representative_point(_polygon(_square(6.0, 52.0, 0.01)))
    assert point == pytest.approx((52.005, 6.005), abs=ROUNDING)


def test_the_representative_point_of_a_concave_shape_lies_inside_it():
    lat, lon = geo.centroid(U_SHAPE)
    # The foot's moment (3 at y 0.5) and the legs' (2 at y 2, twice): y = 9.5 / 7.
    assert (lat, lon) == (pytest.approx(9.5 / 7), pytest.approx(1.5))
    assert not geo.contains(U_SHAPE, lat=lat, lon=lon)  # the centre lies in the gap
    # On the centre's latitude the U is two legs 1 wide: the point is in the middle of one.
    lat, lon = geo.representative_point(U_SHAPE)
    assert geo.contains(U_SHAPE, lat=lat, lon=lon)
    assert (lat, lon) == pytest.approx((9.5 / 7, 0.5), abs=ROUNDING)


def test_the_representative_point_lies_in_the_largest_part():
    big, small = _square(0.0, 0.0, 2.0), _square(10.0, 0.0, 1.0)
    point = geo.representative_point({"type": "MultiPolygon", "coordinates": [[small], [big]]})
    assert point == pytest.approx((1.0, 1.0), abs=ROUNDING)


# --- inside or not ----------------------------------------------------------------------------


def test_a_hole_is_outside():
    square = _polygon(_square(0.0, 0.0, 4.0), _square(1.0, 1.0, 2.0))
    assert geo.contains(square, lat=0.5, lon=0.5)
    assert not geo.contains(square, lat=2.0, lon=2.0)  # in the hole
    assert not geo.contains(square, lat=5.0, lon=2.0)  # beyond the square


def test_random_points_lie_inside_and_repeat_for_a_seed():
    first = [geo.random_point(U_SHAPE, random.Random(7)) for _ in range(2)]
    assert first[0] == first[1]
    rng = random.Random(7)
    points = [geo.random_point(U_SHAPE, rng) for _ in range(200)]
    assert points[0] == first[0]
    assert all(geo.contains(U_SHAPE, lat=lat, lon=lon) for lat, lon in points)
    # Both legs are reached, and the gap between them never.
    assert {lon < 1 for _lat, lon in points} == {True, False}
    assert not any(1 < lon < 2 and lat > 1 for lat, lon in points)


def test_a_shape_without_an_inside_falls_back_on_the_middle_of_its_box():
    line = _polygon([[0.0, 0.0], [1.0, 0.0], [2.0, 0.0], [0.0, 0.0]])  # no area at all
    assert not geo.contains(line, lat=0.0, lon=1.0)
    assert geo.random_point(line, random.Random(1)) == geo.representative_point(line)
    assert geo.representative_point(line) == pytest.approx((0.0, 1.0), abs=ROUNDING)


# --- shared borders ---------------------------------------------------------------------------


def test_a_shared_border_needs_a_shared_stretch_not_a_corner():
    left = geo.border_vertices(_polygon(_square(0.0, 0.0, 1.0)))
    right = geo.border_vertices(_polygon(_square(1.0, 0.0, 1.0)))
    corner = geo.border_vertices(_polygon(_square(1.0, 1.0, 1.0)))
    assert geo.shares_border(left, right) and geo.shares_border(right, left)
    assert not geo.shares_border(left, corner)  # one point in common


# --- Hengelo ----------------------------------------------------------------------------------


def test_real_buurten_of_berflo_es():
    borders = {code: geo.border_vertices(shape) for code, shape in _hengelo().items()}
    noord, zuid = borders["BU01640501"], borders["BU01640502"]
    veldwijk_noord, veldwijk_zuid = borders["BU01640504"], borders["BU01640505"]
    boeldershoek = borders["BU01640506"]
    assert geo.shares_border(noord, zuid) and geo.shares_border(noord, veldwijk_noord)
    assert not geo.shares_border(noord, boeldershoek)
    assert not geo.shares_border(zuid, veldwijk_zuid)
    lat, lon = geo.centroid(_hengelo()["BU01640501"])
    assert 52.25 < lat < 52.26 and 6.79 < lon < 6.80


def test_every_real_buurt_and_wijk_has_its_points_inside():
    shapes = _hengelo() | _hengelo("hengelo-wijken.geojson", "wijkcode")
    assert len(shapes) == 72
    rng = random.Random(1)
    for shape in shapes.values():
        west, south, east, north = geo.bbox(shape)
        for lat, lon in (geo.representative_point(shape), geo.random_point(shape, rng)):
            assert geo.contains(shape, lat=lat, lon=lon)
            assert south <= lat <= north and west <= lon <= east


def test_the_points_stay_where_they_were():
    """The map's gift points and the demo's seeded points must not move: these are the values
    from before the geometry moved into opbouw.areas.geo."""
    noord = _hengelo()["BU01640501"]
    assert geo.representative_point(noord) == pytest.approx((52.257189, 6.796305), abs=ROUNDING)
    assert geo.centroid(noord) == pytest.approx((52.257188716, 6.796305484), abs=1e-9)
    rng = random.Random("BU01640501")
    assert [geo.random_point(noord, rng) for _ in range(2)] == [
        (52.259377, 6.793044),
        (52.25544, 6.798374),
    ]
