"""Centres of buurten and which buurten border each other, from the CBS boundaries."""

import json
from pathlib import Path

import pytest

from opbouw.areas import geometry
from opbouw.areas.geometry import area_shapes, bordering, centroid, neighbour_pairs, shape_of
from opbouw.areas.models import Level
from tests.factories import AreaFactory

BUURTEN = Path(__file__).resolve().parents[2] / "opbouw/demo/data/hengelo-buurten.geojson"


def _square(x0: float, y0: float, size: float) -> list[list[float]]:
    return [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]


def test_the_centre_of_a_square_is_its_middle():
    square = {"type": "Polygon", "coordinates": [_square(6.0, 52.0, 0.01)]}
    lat, lon = centroid(square)
    assert (lat, lon) == (pytest.approx(52.005, abs=1e-7), pytest.approx(6.005, abs=1e-7))


def test_a_hole_moves_the_centre_away_from_it_and_orientation_does_not_matter():
    outer = _square(0.0, 0.0, 4.0)
    hole = _square(2.0, 0.0, 2.0)[::-1]  # the right lower quarter, drawn the other way round
    lat, lon = centroid({"type": "Polygon", "coordinates": [outer[::-1], hole]})
    # Three quarters of the square remain (area 12): the square's moment (16 at (2, 2)) less
    # the hole's (4 at (3, 1)) gives x = (32 - 12) / 12 and y = (32 - 4) / 12.
    assert lon == pytest.approx(20 / 12, abs=1e-3)
    assert lat == pytest.approx(28 / 12, abs=1e-3)


def test_a_multipolygon_weighs_its_parts_by_area():
    big = _square(0.0, 0.0, 2.0)  # area 4, centre (1, 1)
    small = _square(10.0, 0.0, 1.0)  # area 1, centre (10.5, 0.5)
    lat, lon = centroid({"type": "MultiPolygon", "coordinates": [[big], [small]]})
    assert lon == pytest.approx((4 * 1 + 1 * 10.5) / 5, abs=1e-3)
    assert lat == pytest.approx((4 * 1 + 1 * 0.5) / 5, abs=1e-3)


def test_no_boundary_no_centre():
    assert centroid(None) is None
    assert centroid({"type": "Point", "coordinates": [6.0, 52.0]}) is None
    assert shape_of(None).border == frozenset()


def test_bordering_needs_a_shared_stretch_not_a_corner():
    left = shape_of({"type": "Polygon", "coordinates": [_square(0.0, 0.0, 1.0)]})
    right = shape_of({"type": "Polygon", "coordinates": [_square(1.0, 0.0, 1.0)]})
    corner = shape_of({"type": "Polygon", "coordinates": [_square(1.0, 1.0, 1.0)]})
    assert bordering(left, right)
    assert not bordering(left, corner)  # one point in common


def _hengelo() -> dict[str, dict]:
    data = json.loads(BUURTEN.read_text())
    return {f["properties"]["buurtcode"]: f["geometry"] for f in data["features"]}


def test_real_buurten_of_berflo_es():
    shapes = {code: shape_of(boundary) for code, boundary in _hengelo().items()}
    noord, zuid = shapes["BU01640501"], shapes["BU01640502"]
    veldwijk_noord, veldwijk_zuid = shapes["BU01640504"], shapes["BU01640505"]
    boeldershoek = shapes["BU01640506"]
    assert bordering(noord, zuid) and bordering(noord, veldwijk_noord)
    assert not bordering(noord, boeldershoek) and not bordering(zuid, veldwijk_zuid)
    # Every one of Hengelo's 62 buurten borders at least one other.
    pairs = neighbour_pairs(dict(enumerate(shapes.values())))
    assert {n for pair in pairs for n in pair} == set(range(len(shapes)))
    lat, lon = noord.centroid
    assert 52.25 < lat < 52.26 and 6.79 < lon < 6.80


@pytest.mark.django_db
def test_shapes_are_computed_once_per_boundary(django_assert_num_queries):
    boundaries = _hengelo()
    noord = AreaFactory(code="BU01640501", level=Level.NEIGHBOURHOOD,
                        boundary=boundaries["BU01640501"])  # fmt: skip
    zuid = AreaFactory(code="BU01640502", level=Level.NEIGHBOURHOOD,
                       boundary=boundaries["BU01640502"])  # fmt: skip
    bare = AreaFactory(code="BU01640503", level=Level.NEIGHBOURHOOD, boundary=None)
    geometry._cache.clear()
    with django_assert_num_queries(2):  # versions, then the boundaries
        shapes = area_shapes([noord.pk, zuid.pk, bare.pk])
    assert shapes[bare.pk].centroid is None
    assert neighbour_pairs(shapes) == {tuple(sorted((noord.pk, zuid.pk)))}
    with django_assert_num_queries(1):  # only the versions: nothing to compute again
        assert area_shapes([noord.pk, zuid.pk]) == {pk: shapes[pk] for pk in (noord.pk, zuid.pk)}
    # A changed boundary is computed again.
    noord.boundary = boundaries["BU01640506"]
    noord.save()
    with django_assert_num_queries(2):
        moved = area_shapes([noord.pk])
    assert moved[noord.pk].centroid != shapes[noord.pk].centroid
