"""Where areas lie, kept per area (opbouw.areas.geometry): centre, a point inside, and which
buurten border each other, from the CBS boundaries. The geometry itself: test_areas_geo.py."""

import json
from pathlib import Path

import pytest

from opbouw.areas import geo, geometry
from opbouw.areas.geometry import area_shapes, bordering, neighbour_pairs, shape_of
from opbouw.areas.models import Level
from tests.factories import AreaFactory

BUURTEN = Path(__file__).resolve().parents[2] / "opbouw/demo/data/hengelo-buurten.geojson"


def _hengelo() -> dict[str, dict]:
    data = json.loads(BUURTEN.read_text())
    return {f["properties"]["buurtcode"]: f["geometry"] for f in data["features"]}


def test_a_shape_holds_centre_inside_point_and_border():
    boundary = _hengelo()["BU01640501"]
    shape = shape_of(boundary)
    assert shape.centroid == geo.centroid(boundary)
    assert shape.inside == geo.representative_point(boundary)
    assert shape.border == geo.border_vertices(boundary)
    assert shape_of(None) == geometry.AreaShape(None, frozenset(), None)


def test_every_one_of_hengelos_62_buurten_borders_another():
    shapes = {code: shape_of(boundary) for code, boundary in _hengelo().items()}
    assert bordering(shapes["BU01640501"], shapes["BU01640502"])
    assert not bordering(shapes["BU01640501"], shapes["BU01640506"])
    pairs = neighbour_pairs(dict(enumerate(shapes.values())))
    assert len(shapes) == 62
    assert {n for pair in pairs for n in pair} == set(range(len(shapes)))
    assert all(a < b for a, b in pairs)


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
    assert shapes[bare.pk].centroid is None and shapes[bare.pk].inside is None
    assert neighbour_pairs(shapes) == {tuple(sorted((noord.pk, zuid.pk)))}
    with django_assert_num_queries(1):  # only the versions: nothing to compute again
        assert area_shapes([noord.pk, zuid.pk]) == {pk: shapes[pk] for pk in (noord.pk, zuid.pk)}
    # A changed boundary is computed again.
    noord.boundary = boundaries["BU01640506"]
    noord.save()
    with django_assert_num_queries(2):
        moved = area_shapes([noord.pk])
    assert moved[noord.pk].centroid != shapes[noord.pk].centroid
    assert moved[noord.pk].inside == geo.representative_point(boundaries["BU01640506"])
