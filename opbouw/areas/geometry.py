"""Where areas lie, kept per area: the centre of each buurt, a point inside it, and which
buurten border each other.

From the CBS boundaries we store (GeoJSON, WGS84 longitude/latitude); the geometry itself is in
opbouw.areas.geo. Used for matching ("wonen in aangrenzende buurten, ± 800 m") without knowing
anyone's address: a person is only ever placed at the centre of their buurt; and by the asset
map, which puts a buurt's gifts at a point inside it.

Shapes are computed once per area and kept in this process, keyed by the area's `updated_at`
(changing a boundary through the model or the importer updates it).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from . import geo
from .geo import Border, Geometry, Point
from .models import Area


@dataclass(frozen=True)
class AreaShape:
    """An area's centroid and a point inside it (both latitude, longitude; None without a
    boundary), and its boundary vertices on the comparison grid."""

    centroid: Point | None
    border: Border
    inside: Point | None


def shape_of(boundary: Geometry | None) -> AreaShape:
    return AreaShape(
        geo.centroid(boundary), geo.border_vertices(boundary), geo.representative_point(boundary)
    )


def bordering(first: AreaShape, second: AreaShape) -> bool:
    """Whether two areas share a stretch of border (see opbouw.areas.geo)."""
    return geo.shares_border(first.border, second.border)


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
