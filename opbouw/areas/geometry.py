"""Where areas lie: the centre of each buurt and which buurten border each other.

From the CBS boundaries we store (GeoJSON, WGS84 longitude/latitude). Used for matching
("wonen in aangrenzende buurten, ± 800 m") without knowing anyone's address: a person is only
ever placed at the centre of their buurt.

- centroid: the area-weighted centroid of the (multi)polygon, holes subtracted, computed in a
  local flat projection around the polygon (at a buurt's size the error is centimetres);
- neighbours: CBS boundaries are drawn from one topology, so two buurten that border each
  other share the vertices along their common border. Two or more shared vertices (rounded to
  1e-6 degree, ~0.1 m) make them neighbours; one shared point (a corner) does not.

Shapes are computed once per area and kept in this process, keyed by the area's `updated_at`
(changing a boundary through the model or the importer updates it).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from .models import Area

GRID = 1_000_000  # vertices on a 1e-6 degree grid for comparing borders
MIN_SHARED_VERTICES = 2
Point = tuple[float, float]  # (latitude, longitude)


@dataclass(frozen=True)
class AreaShape:
    """An area's centroid (latitude, longitude; None without a boundary) and its boundary
    vertices on the comparison grid."""

    centroid: Point | None
    border: frozenset[tuple[int, int]]


def _rings(boundary: dict[str, Any] | None) -> list[list[list[Sequence[float]]]]:
    """Polygons as lists of rings (first the outer ring, then holes), whatever the GeoJSON
    wrapping (Feature, FeatureCollection, Polygon, MultiPolygon)."""
    if not boundary:
        return []
    kind = boundary.get("type")
    if kind == "Feature":
        return _rings(boundary.get("geometry"))
    if kind == "FeatureCollection":
        return [ring for feature in boundary.get("features", []) for ring in _rings(feature)]
    if kind == "Polygon":
        return [boundary.get("coordinates") or []]
    if kind == "MultiPolygon":
        return list(boundary.get("coordinates") or [])
    if kind == "GeometryCollection":
        return [ring for part in boundary.get("geometries", []) for ring in _rings(part)]
    return []


def _signed_area_and_moments(
    ring: Sequence[Sequence[float]], lon0: float, lat0: float, scale: float
) -> tuple[float, float, float]:
    """Shoelace sums of one ring in a local flat projection (metres): area, and the first
    moments (area times centroid) in x and y. Signed: the ring's orientation gives the sign."""
    area = mx = my = 0.0
    points = [((lon - lon0) * scale, lat - lat0) for lon, lat, *_rest in ring]
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        area += cross
        mx += (x1 + x2) * cross
        my += (y1 + y2) * cross
    return area / 2.0, mx / 6.0, my / 6.0


def centroid(boundary: dict[str, Any] | None) -> Point | None:
    """The area-weighted centroid (latitude, longitude) of a GeoJSON (multi)polygon; holes are
    subtracted. None without a usable polygon."""
    polygons = [polygon for polygon in _rings(boundary) if polygon and len(polygon[0]) >= 3]
    if not polygons:
        return None
    first = polygons[0][0]
    lon0 = sum(point[0] for point in first) / len(first)
    lat0 = sum(point[1] for point in first) / len(first)
    scale = math.cos(math.radians(lat0))  # a degree of longitude is this many of latitude
    total = total_x = total_y = 0.0
    for polygon in polygons:
        for number, ring in enumerate(polygon):
            area, mx, my = _signed_area_and_moments(ring, lon0, lat0, scale)
            # The outer ring adds, holes subtract, whichever way each was drawn.
            sign = (1.0 if area >= 0 else -1.0) * (1.0 if number == 0 else -1.0)
            total += sign * area
            total_x += sign * mx
            total_y += sign * my
    if total <= 0 or not math.isfinite(total):
        return (lat0, lon0)
    return (lat0 + total_y / total, lon0 + total_x / total / scale)


def border_vertices(boundary: dict[str, Any] | None) -> frozenset[tuple[int, int]]:
    return frozenset(
        (round(point[0] * GRID), round(point[1] * GRID))
        for polygon in _rings(boundary)
        for ring in polygon
        for point in ring
    )


def shape_of(boundary: dict[str, Any] | None) -> AreaShape:
    return AreaShape(centroid(boundary), border_vertices(boundary))


def bordering(first: AreaShape, second: AreaShape) -> bool:
    """Whether two areas share a stretch of border (see the module docstring)."""
    small, large = sorted((first.border, second.border), key=len)
    shared = 0
    for vertex in small:
        if vertex in large:
            shared += 1
            if shared >= MIN_SHARED_VERTICES:
                return True
    return False


_cache: dict[int, tuple[object, AreaShape]] = {}
_lock = threading.Lock()


def area_shapes(area_ids: Iterable[int]) -> dict[int, AreaShape]:
    """The shape of each area (by id), computed once per area and boundary version: one small
    query for the versions, and the boundaries only of areas not computed yet."""
    ids = sorted(set(area_ids))
    versions = dict(Area.objects.filter(pk__in=ids).values_list("pk", "updated_at"))
    with _lock:
        stale = [pk for pk, version in versions.items() if _cache.get(pk, (None,))[0] != version]
    if stale:
        rows = Area.objects.filter(pk__in=stale).values_list("pk", "updated_at", "boundary")
        computed = {pk: (version, shape_of(boundary)) for pk, version, boundary in rows}
        with _lock:
            _cache.update(computed)
    with _lock:
        return {pk: _cache[pk][1] for pk in versions if pk in _cache}


def neighbour_pairs(shapes: dict[int, AreaShape]) -> set[tuple[int, int]]:
    """Pairs (a, b), a < b, of the given areas that border each other."""
    return {
        (a, b) if a < b else (b, a)
        for (a, first), (b, second) in combinations(shapes.items(), 2)
        if bordering(first, second)
    }
