"""Reading the asset map: lists, the data the map draws, area boundaries, gifts.

The map's data comes in two formats (docs/frontend.md, "The map's data"): the compact one the
page draws (`map_data_json`: a column per field per layer, a quarter of the GeoJSON's bytes)
and a GeoJSON export for other tools (`map_features_json`). Both serve 10,000 assets well
under 300 ms (benchmarks/assets): they read plain tuples (`values_list`, no model instances),
look area names up in a dict instead of joining, and write the JSON in one go.
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from json.encoder import encode_basestring as encode_string
from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from opbouw.areas.geo import Point
from opbouw.areas.geometry import area_shapes
from opbouw.areas.models import Area, Level
from opbouw.areas.permissions import AnyUser
from opbouw.core.models import Tag
from opbouw.people.models import Consent, GroupMembership, Person

from .models import STORED_KINDS, Asset, AssetKind
from .permissions import add_area_ids, view_area_ids

COORDINATE_DECIMALS = 6  # GeoJSON export: ~0.1 m; every digit costs 10,000 bytes
# The page's compact data: coordinates as whole numbers of 1/100,000 degree (~1 m, a few
# pixels at the closest zoom): shorter than decimals, and encoded and parsed faster. The
# asset's own page and its edit form use the stored coordinates.
MAP_DATA_SCALE = 100_000
MAP_DATA_FORMAT = "opbouw-map/1"


@dataclass(frozen=True)
class MapScope:
    """What the map shows: one area and everything below it, or all the user's areas."""

    area: Area | None
    area_ids: frozenset[int]


def top_areas(user: AnyUser) -> list[Area]:
    """The user's areas that do not lie inside another of their areas (e.g. their wijk)."""
    visible = view_area_ids(user)
    areas = list(
        Area.objects.filter(id__in=visible).only("id", "code", "name", "level", "path", "parent_id")
    )
    return sorted(
        (area for area in areas if area.parent_id not in visible), key=lambda area: area.path
    )


def map_scope(user: AnyUser, code: str | None) -> MapScope:
    """The area asked for (when visible), else the user's one top area, else all of theirs."""
    visible = view_area_ids(user)
    area = None
    if code:
        area = Area.objects.filter(code=code, id__in=visible).first()
    if area is None:
        tops = top_areas(user)
        area = tops[0] if len(tops) == 1 else None
    if area is None:
        return MapScope(None, visible)
    below = Area.objects.filter(path__startswith=area.path).values_list("id", flat=True)
    return MapScope(area, frozenset(below) & visible)


def parse_kinds(raw: Iterable[str]) -> list[str]:
    """The kinds asked for, in the canonical order; nothing valid means all of them."""
    wanted = {value for value in raw if value in AssetKind.values}
    return [kind.value for kind in AssetKind if kind.value in wanted] or list(AssetKind.values)


def asset_list(
    user: AnyUser, *, scope: MapScope, kinds: Iterable[str] = (), query: str = ""
) -> QuerySet[Asset]:
    assets = Asset.objects.filter(area_id__in=scope.area_ids & view_area_ids(user))
    kinds = [kind for kind in kinds if kind != AssetKind.GIFT]
    if kinds:
        assets = assets.filter(kind__in=kinds)
    query = query.strip()
    if query:
        assets = assets.filter(Q(name__icontains=query) | Q(description__icontains=query))
    # The area's boundary is a large JSON document: a list never decodes it.
    return (
        assets.select_related("area")
        .defer("area__boundary", "area__key_figures")
        .order_by("name", "id")
    )


def asset_counts(user: AnyUser, *, scope: MapScope) -> dict[str, int]:
    rows = (
        Asset.objects.filter(area_id__in=scope.area_ids & view_area_ids(user))
        .values("kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["kind"]: row["n"] for row in rows}


# --- gifts: counted from profiles, never stored -------------------------------------------


def _consented(purpose: str) -> QuerySet[Any, Any]:
    """People with an active consent for the purpose (a subquery, evaluated once)."""
    return Consent.objects.filter(purpose=purpose, withdrawn_on=None).values("person_id")


@dataclass(frozen=True)
class GiftPoint:
    area_id: int
    area_name: str
    tag_slug: str
    tag_name: str
    count: int
    latitude: float
    longitude: float


def area_points(area_ids: Iterable[int]) -> dict[int, Point | None]:
    """A point inside each area (None without a boundary): a boundary is decoded and measured
    once per process and boundary version (opbouw.areas.geometry), not on every map request."""
    return {pk: shape.inside for pk, shape in area_shapes(area_ids).items()}


def gift_points(area_ids: Iterable[int]) -> list[GiftPoint]:
    """Per buurt and talent: how many residents have it (profile + matching consent active)."""
    through = Person.gifts.through
    rows = list(
        through.objects.filter(person__area_id__in=list(area_ids))
        .filter(person_id__in=_consented(Consent.Purpose.PROFILE))
        .filter(person_id__in=_consented(Consent.Purpose.MATCHING))
        .values_list("person__area_id", "tag_id")
        .annotate(n=Count("person_id", distinct=True))
        .order_by("person__area_id", "tag_id")
    )
    if not rows:
        return []
    tags = {tag.pk: (tag.slug, tag.name) for tag in Tag.objects.filter(id__in={r[1] for r in rows})}
    used = {row[0] for row in rows}
    names = dict(Area.objects.filter(id__in=used).values_list("id", "name"))
    points = area_points(used)
    result = []
    for area_id, tag_id, count in rows:
        point = points.get(area_id)
        if point is None or tag_id not in tags:
            continue  # an area without a boundary has no place on the map
        slug, name = tags[tag_id]
        result.append(GiftPoint(area_id, names[area_id], slug, name, count, point[0], point[1]))
    return result


# --- the map's GeoJSON --------------------------------------------------------------------

# One feature, written directly: building 10,000 dicts and encoding them costs five times as
# much as formatting strings (benchmarks/assets/RESULTS.md). Strings go through the json
# module's own (C) string encoder, so escaping is exactly json.dumps's.
FEATURE = (
    '{"type":"Feature","id":%s,"geometry":{"type":"Point","coordinates":[%.6f,%.6f]},'
    '"properties":{"kind":"%s","name":%s,"area":%s%s}}'
)


def map_gifts(user: AnyUser, *, scope: MapScope, kinds: Iterable[str]) -> list[GiftPoint]:
    """The talents' points the map shows (none when their layer is off). The map's data view
    counts them once and hands them to both the fingerprint and the body."""
    if AssetKind.GIFT not in kinds:
        return []
    return gift_points(scope.area_ids & view_area_ids(user))


def map_features_version(
    user: AnyUser,
    *,
    scope: MapScope,
    kinds: Iterable[str],
    gifts: list[GiftPoint] | None = None,
) -> str:
    """A fingerprint of the map's data (either format), for its ETag: a browser that has the
    current data gets a 304 and uses its copy instead of the data being built and sent again
    on every visit.

    Cheap (two aggregates) where the body is not: the assets' count and latest change (any
    edit or addition raises the latest change, any removal lowers the count), the area names'
    latest change, and the talents' points themselves (`gifts`, else counted here), which are
    few and counted from the consents, so a withdrawn consent changes the fingerprint at once.
    """
    area_ids = sorted(scope.area_ids & view_area_ids(user))
    kinds = sorted(kinds)
    stored = [kind for kind in kinds if kind in {k.value for k in STORED_KINDS}]
    parts: list[object] = [area_ids, kinds]
    parts.append(Area.objects.filter(id__in=area_ids).aggregate(last=Max("updated_at")))
    if stored:
        parts.append(
            Asset.objects.filter(area_id__in=area_ids, kind__in=stored).aggregate(
                count=Count("id"), last=Max("updated_at")
            )
        )
    if AssetKind.GIFT in kinds:
        parts.append(gifts if gifts is not None else gift_points(area_ids))
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def _stored_rows(area_ids: frozenset[int], kinds: list[str]) -> list[tuple[Any, ...]]:
    """(id, kind, name, latitude, longitude, area id) of the stored assets asked for."""
    stored = [kind for kind in kinds if kind in {k.value for k in STORED_KINDS}]
    if not stored:
        return []
    assets = Asset.objects.filter(area_id__in=area_ids)
    if len(stored) < len(STORED_KINDS):
        assets = assets.filter(kind__in=stored)
    return list(
        assets.order_by("id").values_list("id", "kind", "name", "latitude", "longitude", "area_id")
    )


def map_data_json(
    user: AnyUser,
    *,
    scope: MapScope,
    kinds: Iterable[str],
    gifts: list[GiftPoint] | None = None,
) -> str:
    """The map page's data (format "opbouw-map/1"): per layer, a column per field.

        {"format": "opbouw-map/1",
         "scale": 100000,                                 lon/lat are degrees × scale
         "areas": ["Berflo Es Noord", ...],               area names, referred to by index
         "layers": [{"kind": "place", "id": [..], "lon": [678568, ..], "lat": [5226512, ..],
                     "name": [..], "area": [0, ..]},      area: an index into "areas"
                    {"kind": "gift", "lon", "lat", "name", "area", "count": [..]}]}

    Exactly what the map, its popups, list, layers and search use, nothing more: the kind
    once per layer instead of on every point, whole-number coordinates (~1 m), no GeoJSON
    wrapping. Talents have no id (they have no page) and carry how many residents have them.
    Layers follow the order of `kinds`; within a layer, assets are in id order.
    """
    area_ids = scope.area_ids & view_area_ids(user)
    kinds = list(kinds)
    names = dict(Area.objects.filter(id__in=area_ids).values_list("id", "name"))
    area_index: dict[int, int] = {}

    def areas_of(ids: Iterable[int]) -> list[int]:
        return [area_index.setdefault(pk, len(area_index)) for pk in ids]

    by_kind: dict[str, list[tuple[Any, ...]]] = {}
    for row in _stored_rows(area_ids, kinds):
        by_kind.setdefault(row[1], []).append(row)
    layers: list[dict[str, Any]] = []
    scale = MAP_DATA_SCALE
    for kind in kinds:
        if kind == AssetKind.GIFT:
            points = gifts if gifts is not None else gift_points(area_ids)
            if points:
                layers.append(
                    {
                        "kind": kind,
                        "lon": [round(gift.longitude * scale) for gift in points],
                        "lat": [round(gift.latitude * scale) for gift in points],
                        "name": [gift.tag_name for gift in points],
                        "area": areas_of(gift.area_id for gift in points),
                        "count": [gift.count for gift in points],
                    }
                )
            continue
        rows = by_kind.get(kind)
        if not rows:
            continue
        ids, _kinds, labels, lats, lons, area_refs = zip(*rows, strict=True)
        layers.append(
            {
                "kind": kind,
                "id": ids,
                "lon": [round(lon * scale) for lon in lons],
                "lat": [round(lat * scale) for lat in lats],
                "name": labels,
                "area": areas_of(area_refs),
            }
        )
    by_index = sorted(area_index, key=area_index.__getitem__)
    data = {
        "format": MAP_DATA_FORMAT,
        "scale": scale,
        "areas": [names.get(pk, "") for pk in by_index],
        "layers": layers,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def map_features_json(
    user: AnyUser,
    *,
    scope: MapScope,
    kinds: Iterable[str],
    gifts: list[GiftPoint] | None = None,
) -> str:
    """The assets (and gifts) in scope as a GeoJSON FeatureCollection, lean properties only:
    the export for other tools (the page draws `map_data_json`).

    Properties: kind, name, area (name); gifts also count. Links are built from the id, so
    10,000 features do not carry 10,000 URLs.
    """
    area_ids = scope.area_ids & view_area_ids(user)
    kinds = list(kinds)
    names = {
        pk: encode_string(name)
        for pk, name in Area.objects.filter(id__in=area_ids).values_list("id", "name")
    }
    parts = [
        FEATURE % (pk, lon, lat, kind, encode_string(name), names.get(area_id, '""'), "")
        for pk, kind, name, lat, lon, area_id in _stored_rows(area_ids, kinds)
    ]  # coordinates with 6 decimals (COORDINATE_DECIMALS, ~0.1 m), by the format
    if AssetKind.GIFT in kinds:
        parts += [
            FEATURE
            % (
                encode_string(f"gift-{gift.area_id}-{gift.tag_slug}"),
                gift.longitude,
                gift.latitude,
                AssetKind.GIFT.value,
                encode_string(gift.tag_name),
                encode_string(gift.area_name),
                f',"count":{gift.count:d}',
            )
            for gift in (gifts if gifts is not None else gift_points(area_ids))
        ]
    return '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"


@dataclass(frozen=True)
class AssetExtras:
    """What an asset's page shows besides the asset: its group's size and activities."""

    member_count: int | None
    activities: list[Asset]


def asset_extras(asset: Asset) -> AssetExtras:
    if not asset.group_id:
        return AssetExtras(None, [])
    activities = list(
        Asset.objects.filter(group_id=asset.group_id, kind=AssetKind.ACTIVITY)
        .exclude(pk=asset.pk)
        .order_by("name")[:20]
    )
    count = GroupMembership.objects.filter(group_id=asset.group_id).count()
    return AssetExtras(count, activities)


def boundaries(user: AnyUser, *, scope: MapScope) -> dict[str, Any]:
    """The outlines the map draws: the scope area and every area below it that has one."""
    areas = (
        Area.objects.filter(id__in=scope.area_ids & view_area_ids(user), boundary__isnull=False)
        .only("id", "code", "name", "level", "boundary")
        .order_by("path")
    )
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": area.code,
                "geometry": area.boundary,
                "properties": {"code": area.code, "name": area.name, "level": area.level},
            }
            for area in areas
        ],
    }


def addable_areas(user: AnyUser, *, scope: MapScope) -> list[Area]:
    """Areas the user may add an asset to, wijken before their buurten."""
    ids = add_area_ids(user) & scope.area_ids
    order = {Level.MUNICIPALITY: 0, Level.DISTRICT: 1, Level.NEIGHBOURHOOD: 2}
    areas = list(Area.objects.filter(id__in=ids).only("id", "code", "name", "level", "path"))
    return sorted(areas, key=lambda area: (area.path[:8], order[Level(area.level)], area.name))
