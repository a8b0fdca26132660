"""Plain-Python geometry on GeoJSON (EPSG:4326, [lon, lat]): buurt boundaries are small.

No GEOS/GDAL: opbouw runs on SQLite without SpatiaLite. Rings are treated with the even-odd
rule, so holes count as outside.
"""

import random
from typing import Any

Geometry = dict[str, Any]
Rings = list[list[list[float]]]


def polygons(geometry: Geometry | None) -> list[Rings]:
    if not geometry:
        return []
    kind = geometry.get("type")
    if kind == "Polygon":
        return [geometry["coordinates"]]
    if kind == "MultiPolygon":
        return list(geometry["coordinates"])
    return []


def _inside_rings(lon: float, lat: float, rings: Rings) -> bool:
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


def contains(geometry: Geometry | None, *, lat: float, lon: float) -> bool:
    """Whether the point lies inside the (Multi)Polygon."""
    for rings in polygons(geometry):
        west, south, east, north = _ring_bbox(rings[0])
        if west <= lon <= east and south <= lat <= north and _inside_rings(lon, lat, rings):
            return True
    return False


def _ring_bbox(ring: list[list[float]]) -> tuple[float, float, float, float]:
    lons = [point[0] for point in ring]
    lats = [point[1] for point in ring]
    return min(lons), min(lats), max(lons), max(lats)


def bbox(geometry: Geometry | None) -> tuple[float, float, float, float] | None:
    """(west, south, east, north), or None without a geometry."""
    boxes = [_ring_bbox(rings[0]) for rings in polygons(geometry) if rings and rings[0]]
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _ring_area_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    """Signed area and centroid (lon, lat) of a ring (shoelace formula)."""
    area = cx = cy = 0.0
    for (x1, y1, *_a), (x2, y2, *_b) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    area /= 2
    if area == 0:
        lons, lats = [p[0] for p in ring], [p[1] for p in ring]
        return 0.0, sum(lons) / len(lons), sum(lats) / len(lats)
    return area, cx / (6 * area), cy / (6 * area)


def representative_point(geometry: Geometry | None) -> tuple[float, float] | None:
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


def random_point(geometry: Geometry | None, rng: random.Random) -> tuple[float, float] | None:
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
