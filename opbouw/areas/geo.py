"""Plain-Python geometry on GeoJSON boundaries (EPSG:4326, positions [longitude, latitude]).

No GEOS/GDAL: opbouw runs on SQLite without SpatiaLite, and a buurt's boundary is small. Nothing
here reads the database; opbouw.areas.geometry keeps the results per area.

- polygons: the polygons of any GeoJSON wrapping, each as its rings (outer ring, then holes);
- centroid: the area-weighted centre, holes subtracted, computed in a local flat projection
  (at a buurt's size the error is centimetres). The centre used for distances between buurten;
  for a concave buurt it can lie outside;
- representative_point: a point that lies inside (where the map puts a buurt's gifts);
- contains, bbox, random_point: the even-odd rule, so holes count as outside;
- border_vertices, shares_border: CBS boundaries are drawn from one topology, so two buurten
  that border each other share the vertices along their common border. Two or more shared
  vertices (rounded to 1e-6 degree, ~0.1 m) make a shared border; one shared point (a corner)
  does not.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import Any

Geometry = dict[str, Any]
Ring = list[list[float]]  # closed: [[lon, lat], ...]
Polygon = list[Ring]  # the outer ring first, then the holes
Point = tuple[float, float]  # (latitude, longitude)
Border = frozenset[tuple[int, int]]

GRID = 1_000_000  # vertices on a 1e-6 degree grid for comparing borders
MIN_SHARED_VERTICES = 2


def _parts(geometry: Geometry | None) -> list[Polygon]:
    if not geometry:
        return []
    kind = geometry.get("type")
    if kind == "Polygon":
        return [geometry.get("coordinates") or []]
    if kind == "MultiPolygon":
        return list(geometry.get("coordinates") or [])
    if kind == "Feature":
        return _parts(geometry.get("geometry"))
    if kind == "FeatureCollection":
        return [part for feature in geometry.get("features", []) for part in _parts(feature)]
    if kind == "GeometryCollection":
        return [part for member in geometry.get("geometries", []) for part in _parts(member)]
    return []


def polygons(geometry: Geometry | None) -> list[Polygon]:
    """The polygons, each as its rings, whatever the GeoJSON wrapping (Polygon, MultiPolygon,
    Feature, FeatureCollection, GeometryCollection); a polygon without an outer ring is left
    out, and so is any other kind of geometry."""
    return [polygon for polygon in _parts(geometry) if polygon and polygon[0]]


# --- area and centre ------------------------------------------------------------------------


def _shoelace(points: Sequence[Sequence[float]]) -> tuple[float, float, float]:
    """The shoelace sums of a ring of (x, y) points: twice its signed area, and six times its
    first moments (area times centroid) in x and y. The ring's orientation gives the sign."""
    area = mx = my = 0.0
    for (x1, y1, *_a), (x2, y2, *_b) in zip(points, [*points[1:], *points[:1]], strict=True):
        cross = x1 * y2 - x2 * y1
        area += cross
        mx += (x1 + x2) * cross
        my += (y1 + y2) * cross
    return area, mx, my


def centroid(geometry: Geometry | None) -> Point | None:
    """The area-weighted centroid (latitude, longitude) of a (multi)polygon; holes are
    subtracted, whichever way each ring was drawn. None without a usable polygon."""
    parts = [polygon for polygon in polygons(geometry) if len(polygon[0]) >= 3]
    if not parts:
        return None
    first = parts[0][0]
    lon0 = sum(point[0] for point in first) / len(first)
    lat0 = sum(point[1] for point in first) / len(first)
    scale = math.cos(math.radians(lat0))  # a degree of longitude is this many of latitude
    total = total_x = total_y = 0.0
    for polygon in parts:
        for number, ring in enumerate(polygon):
            # In metres-like units around (lon0, lat0): flat enough at a buurt's size.
            twice_area, mx, my = _shoelace([((p[0] - lon0) * scale, p[1] - lat0) for p in ring])
            area, mx, my = twice_area / 2.0, mx / 6.0, my / 6.0
            # The outer ring adds, holes subtract, whichever way each was drawn.
            sign = (1.0 if area >= 0 else -1.0) * (1.0 if number == 0 else -1.0)
            total += sign * area
            total_x += sign * mx
            total_y += sign * my
    if total <= 0 or not math.isfinite(total):
        return (lat0, lon0)
    return (lat0 + total_y / total, lon0 + total_x / total / scale)


def _ring_area_centroid(ring: Ring) -> tuple[float, float, float]:
    """Signed area (square degrees) and centroid (lon, lat) of one ring."""
    twice_area, mx, my = _shoelace(ring)
    area = twice_area / 2
    if area == 0:
        lons, lats = [p[0] for p in ring], [p[1] for p in ring]
        return 0.0, sum(lons) / len(lons), sum(lats) / len(lats)
    return area, mx / (6 * area), my / (6 * area)


def representative_point(geometry: Geometry | None) -> Point | None:
    """A (lat, lon) that lies inside the area: the centroid of its largest part, or, for a
    concave shape whose centroid falls outside, the middle of the widest inside stretch on the
    centroid's latitude. Used to place a buurt's gifts without pointing at anyone's house."""
    parts = polygons(geometry)
    if not parts:
        return None
    largest = max(parts, key=lambda rings: abs(_ring_area_centroid(rings[0])[0]))
    _area, lon, lat = _ring_area_centroid(largest[0])
    if _inside_rings(lon, lat, largest):
        return round(lat, 6), round(lon, 6)
    crossings = []
    for ring in largest:
        for (x1, y1, *_a), (x2, y2, *_b) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > lat) != (y2 > lat):
                crossings.append(x1 + (lat - y1) * (x2 - x1) / (y2 - y1))
    crossings.sort()
    stretches = list(zip(crossings[::2], crossings[1::2], strict=False))
    if not stretches:
        west, south, east, north = _ring_bbox(largest[0])
        return round((south + north) / 2, 6), round((west + east) / 2, 6)
    start, end = max(stretches, key=lambda pair: pair[1] - pair[0])
    return round(lat, 6), round((start + end) / 2, 6)


# --- inside or not --------------------------------------------------------------------------


def _inside_rings(lon: float, lat: float, rings: Polygon) -> bool:
    inside = False
    for ring in rings:
        if not ring:
            continue
        x1, y1 = ring[-1][0], ring[-1][1]
        for point in ring:
            x2, y2 = point[0], point[1]
            if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
                inside = not inside
            x1, y1 = x2, y2
    return inside


def _ring_bbox(ring: Ring) -> tuple[float, float, float, float]:
    lons = [point[0] for point in ring]
    lats = [point[1] for point in ring]
    return min(lons), min(lats), max(lons), max(lats)


def contains(geometry: Geometry | None, *, lat: float, lon: float) -> bool:
    """Whether the point lies inside the (multi)polygon."""
    for rings in polygons(geometry):
        west, south, east, north = _ring_bbox(rings[0])
        if west <= lon <= east and south <= lat <= north and _inside_rings(lon, lat, rings):
            return True
    return False


def bbox(geometry: Geometry | None) -> tuple[float, float, float, float] | None:
    """(west, south, east, north), or None without a geometry."""
    boxes = [_ring_bbox(rings[0]) for rings in polygons(geometry)]
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def random_point(geometry: Geometry | None, rng: random.Random) -> Point | None:
    """A (lat, lon) inside the area, drawn with `rng` (the demo's reproducible points)."""
    box = bbox(geometry)
    if box is None:
        return None
    west, south, east, north = box
    for _attempt in range(500):
        lat, lon = rng.uniform(south, north), rng.uniform(west, east)
        if contains(geometry, lat=lat, lon=lon):
            return round(lat, 6), round(lon, 6)
    return representative_point(geometry)


# --- shared borders -------------------------------------------------------------------------


def border_vertices(geometry: Geometry | None) -> Border:
    """Every vertex of every ring, on the comparison grid."""
    return frozenset(
        (round(point[0] * GRID), round(point[1] * GRID))
        for polygon in polygons(geometry)
        for ring in polygon
        for point in ring
    )


def shares_border(first: Border, second: Border) -> bool:
    """Whether two boundaries (their border_vertices) share a stretch of border, not just a
    corner (see the module docstring)."""
    small, large = sorted((first, second), key=len)
    shared = 0
    for vertex in small:
        if vertex in large:
            shared += 1
            if shared >= MIN_SHARED_VERTICES:
                return True
    return False
