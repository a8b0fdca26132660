"""Reading the asset map: lists, the GeoJSON the map draws, area boundaries, gifts.

The map endpoint serves 10,000 assets well under 300 ms (benchmarks/assets): it reads plain
tuples (`values_list`, no model instances), looks area names up in a dict instead of joining,
and writes the JSON in one `json.dumps` call.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from json.encoder import encode_basestring as encode_string
from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from opbouw.areas.models import Area, Level
from opbouw.areas.permissions import AnyUser
from opbouw.core.models import Tag
from opbouw.people.models import Consent, GroupMembership, Person

from . import geo
from .models import STORED_KINDS, Asset, AssetKind
from .permissions import add_area_ids, view_area_ids

COORDINATE_DECIMALS = 6  # ~0.1 m: more is noise, and every digit costs 10,000 bytes


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


# Representative points of buurten, keyed by (area id, last change): a boundary is decoded and
# measured once per process, not on every map request.
_POINTS: dict[tuple[int, Any], tuple[float, float] | None] = {}


def area_points(area_ids: Iterable[int]) -> dict[int, tuple[float, float] | None]:
    versions = dict(Area.objects.filter(id__in=list(area_ids)).values_list("id", "updated_at"))
    missing = [pk for pk, version in versions.items() if (pk, version) not in _POINTS]
    if missing:
        for pk, version, boundary in Area.objects.filter(id__in=missing).values_list(
            "id", "updated_at", "boundary"
        ):
            _POINTS[(pk, version)] = geo.representative_point(boundary)
    return {pk: _POINTS[(pk, version)] for pk, version in versions.items()}


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


def map_features_version(user: AnyUser, *, scope: MapScope, kinds: Iterable[str]) -> str:
    """A fingerprint of what map_features_json would return, for the data's ETag: a browser
    that has the current data gets a 304 and uses its copy instead of 1.8 MB being built
    and sent again on every visit.

    Cheap (two aggregates) where the body is not: the assets' count and latest change (any
    edit or addition raises the latest change, any removal lowers the count), the area names'
    latest change, and the talents' points themselves, which are few and counted from the
    consents, so a withdrawn consent changes the fingerprint at once.
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
        parts.append(gift_points(area_ids))
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def map_features_json(user: AnyUser, *, scope: MapScope, kinds: Iterable[str]) -> str:
    """The assets (and gifts) in scope as a GeoJSON FeatureCollection, lean properties only.

    Properties: kind, name, area (name); gifts also count. The page builds detail links from
    the id, so 10,000 features do not carry 10,000 URLs.
    """
    area_ids = scope.area_ids & view_area_ids(user)
    kinds = list(kinds)
    stored = [kind for kind in kinds if kind in {k.value for k in STORED_KINDS}]
    names = {
        pk: encode_string(name)
        for pk, name in Area.objects.filter(id__in=area_ids).values_list("id", "name")
    }
    parts: list[str] = []
    if stored:
        assets = Asset.objects.filter(area_id__in=area_ids)
        if len(stored) < len(STORED_KINDS):
            assets = assets.filter(kind__in=stored)
        rows = assets.order_by().values_list(
            "id", "kind", "name", "latitude", "longitude", "area_id"
        )
        parts = [
            FEATURE
            % (
                pk,
                lon,
                lat,
                kind,
                encode_string(name),
                names.get(area_id, '""'),
                "",
            )
            for pk, kind, name, lat, lon, area_id in rows
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
            for gift in gift_points(area_ids)
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
