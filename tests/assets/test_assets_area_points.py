"""Where the map puts a buurt's talents: a point inside the buurt, measured once per boundary
(the per-area shapes of opbouw.areas.geometry, shared with the network's matching)."""

import pytest

from opbouw.areas import geometry
from opbouw.assets.selectors import area_points
from tests.assets.helpers import square


def test_a_point_inside_each_buurt_none_without_a_boundary(bounded):
    bounded.other_buurt.boundary = None
    bounded.other_buurt.save()
    points = area_points([bounded.buurt.pk, bounded.buurt2.pk, bounded.other_buurt.pk])
    assert points == {
        bounded.buurt.pk: pytest.approx((52.265, 6.785), abs=1e-6),
        bounded.buurt2.pk: pytest.approx((52.265, 6.795), abs=1e-6),
        bounded.other_buurt.pk: None,
    }


def test_measured_once_and_again_when_the_boundary_changes(bounded, django_assert_num_queries):
    geometry._cache.clear()
    with django_assert_num_queries(2):  # the versions, then the boundaries
        assert area_points([bounded.buurt.pk]) == {
            bounded.buurt.pk: pytest.approx((52.265, 6.785), abs=1e-6)
        }
    with django_assert_num_queries(1):  # only the versions
        assert area_points([bounded.buurt.pk]) == {
            bounded.buurt.pk: pytest.approx((52.265, 6.785), abs=1e-6)
        }
    bounded.buurt.boundary = square(6.70, 52.20, 6.72, 52.22)
    bounded.buurt.save()
    with django_assert_num_queries(2):
        assert area_points([bounded.buurt.pk]) == {
            bounded.buurt.pk: pytest.approx((52.21, 6.71), abs=1e-6)
        }
    # The network's matching reads the same shapes: nothing left to compute for it.
    with django_assert_num_queries(1):
        assert geometry.area_shapes([bounded.buurt.pk])[bounded.buurt.pk].centroid is not None
