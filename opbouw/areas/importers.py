"""Importing the CBS area tree from a GeoJSON FeatureCollection (CBS / PDOK wijk- en buurtkaart).

Accepts both the PDOK property names (`buurtcode`, `wijkcode`, `gemeentecode`, `...naam`) and
the older CBS shapefile names (`BU_CODE`, `WK_CODE`, `GM_CODE`, `..._NAAM`). A feature's level
follows from the most detailed code it carries. The import is all or nothing: every feature is
checked first, and any error names the feature and leaves the database unchanged.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import CODE_PATTERNS, Area, Level

# (level, code keys, name keys) from most to least detailed.
KEYS: list[tuple[Level, tuple[str, ...], tuple[str, ...]]] = [
    (
        Level.NEIGHBOURHOOD,
        ("buurtcode", "bu_code", "statcode"),
        ("buurtnaam", "bu_naam", "statnaam"),
    ),
    (Level.DISTRICT, ("wijkcode", "wk_code"), ("wijknaam", "wk_naam")),
    (Level.MUNICIPALITY, ("gemeentecode", "gm_code"), ("gemeentenaam", "gm_naam")),
]
IDENTITY_KEYS = {key for _level, codes, names in KEYS for key in (*codes, *names)} | {
    "jaar",
    "water",
    "id",
    "fid",
    "objectid",
}
CBS_SECRET = -99999999  # CBS's marker for "unknown or secret": missing, never a number
SUPPORTED_GEOMETRIES = {"Polygon", "MultiPolygon"}


class AreaImportError(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    codes: list[str] = field(default_factory=list)


@dataclass
class _Row:
    level: Level
    code: str
    name: str
    parent_code: str | None
    parent_name: str | None
    boundary: dict[str, Any] | None
    figures: dict[str, Any]
    year: int | None
    label: str
    municipality_name: str | None = None  # a buurt feature names its gemeente too


def _prop(properties: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    lowered = {key.lower(): value for key, value in properties.items()}
    for key in keys:
        value = lowered.get(key)
        if value not in (None, ""):
            return str(value).strip()
    return None


def _figures(properties: dict[str, Any]) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    for key, value in properties.items():
        # Year fields (jaar, jaar_geometrie) describe the data, they are not figures.
        lowered = key.lower()
        if lowered in IDENTITY_KEYS or lowered.startswith("jaar") or isinstance(value, dict | list):
            continue
        if value == CBS_SECRET or value in (".", "", None):
            figures[key] = None
        else:
            figures[key] = value
    return figures


def _parse_feature(index: int, feature: Any) -> _Row:
    label = f"feature {index + 1}"
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise ValueError(f"{label}: is geen GeoJSON Feature")
    properties = feature.get("properties")
    if not isinstance(properties, dict):
        raise ValueError(f"{label}: heeft geen properties")
    codes = [
        (level, _prop(properties, codes), _prop(properties, names)) for level, codes, names in KEYS
    ]
    present = [(level, code, name) for level, code, name in codes if code]
    if not present:
        raise ValueError(f"{label}: geen buurtcode, wijkcode of gemeentecode gevonden")
    level, code, name = present[0]
    label = f"{label} ({code}{' ' + repr(name) if name else ''})"
    if not CODE_PATTERNS[level].match(code):
        raise ValueError(f"{label}: ongeldige CBS-code {code!r} voor een {level.label}")
    if not name:
        raise ValueError(f"{label}: naam ontbreekt")
    parent = present[1] if len(present) > 1 else (None, None, None)
    parent_level, parent_code, parent_name = parent
    if level != Level.MUNICIPALITY and parent_code is None:
        raise ValueError(f"{label}: code van het bovenliggende gebied ontbreekt")
    if parent_code is not None:
        if parent_level is None or not CODE_PATTERNS[parent_level].match(parent_code):
            raise ValueError(
                f"{label}: ongeldige code van het bovenliggende gebied {parent_code!r}"
            )
        if code[2 : len(parent_code)] != parent_code[2:]:
            raise ValueError(f"{label}: code {code} hoort niet bij {parent_code}")
        expected = {Level.NEIGHBOURHOOD: Level.DISTRICT, Level.DISTRICT: Level.MUNICIPALITY}[level]
        if parent_level != expected:
            raise ValueError(f"{label}: een {level.label} hoort in een {expected.label} te liggen")
    geometry = feature.get("geometry")
    if geometry is not None and (
        not isinstance(geometry, dict)
        or geometry.get("type") not in SUPPORTED_GEOMETRIES
        or not isinstance(geometry.get("coordinates"), list)
    ):
        raise ValueError(f"{label}: geometrie moet een Polygon of MultiPolygon zijn")
    year_raw = properties.get("jaar")
    try:
        year = int(year_raw) if year_raw not in (None, "") else None
    except (TypeError, ValueError):
        raise ValueError(f"{label}: jaar {year_raw!r} is geen jaartal") from None
    municipality_name = present[2][2] if len(present) > 2 else None
    figures = _figures(properties)
    return _Row(
        level,
        code,
        name,
        parent_code,
        parent_name,
        geometry,
        figures,
        year,
        label,
        municipality_name,
    )


def parse_feature_collection(data: Any) -> list[_Row]:
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise AreaImportError(["Het bestand is geen GeoJSON FeatureCollection."])
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise AreaImportError(["De FeatureCollection bevat geen features."])
    rows, errors = [], []
    for index, feature in enumerate(features):
        try:
            rows.append(_parse_feature(index, feature))
        except ValueError as error:
            errors.append(str(error))
    if errors:
        raise AreaImportError(errors)
    return rows


def read_geojson(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        raise AreaImportError([f"Bestand niet gevonden: {path}"]) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise AreaImportError([f"{path} is geen geldige JSON: {error}"]) from None


@transaction.atomic
def import_areas(data: Any, *, with_figures: bool = True) -> ImportResult:
    """Create or update the areas in a FeatureCollection; parents from the file or the database.

    A parent that is in neither but whose name the feature carries (as PDOK's buurt layer
    does with wijknaam and gemeentenaam) is created without a boundary.
    """
    rows = parse_feature_collection(data)
    known = {row.code: row for row in rows}
    existing = {area.code: area for area in Area.objects.all()}
    errors = []
    for row in rows:
        parent_missing = row.parent_code not in known and row.parent_code not in existing
        if row.parent_code and parent_missing and not row.parent_name:
            errors.append(f"{row.label}: onbekend bovenliggend gebied {row.parent_code}")
    if errors:
        raise AreaImportError(errors)

    result = ImportResult()
    order = {Level.MUNICIPALITY: 0, Level.DISTRICT: 1, Level.NEIGHBOURHOOD: 2}
    for row in sorted(rows, key=lambda r: order[r.level]):
        parent = _ensure_parent(row, existing, rows, result)
        area = existing.get(row.code)
        created = area is None
        if area is None:
            area = Area(code=row.code)
        area.name = row.name
        area.level = row.level
        area.parent = parent
        if row.boundary is not None:
            area.boundary = row.boundary
        if with_figures and any(value is not None for value in row.figures.values()):
            area.key_figures = row.figures
            area.key_figures_year = row.year
        try:
            area.full_clean()
        except ValidationError as error:
            raise AreaImportError([f"{row.label}: {'; '.join(error.messages)}"]) from None
        area.save()
        existing[row.code] = area
        result.codes.append(row.code)
        if created:
            result.created += 1
        else:
            result.updated += 1
    return result


def _ensure_parent(
    row: _Row, existing: dict[str, Area], rows: list[_Row], result: ImportResult
) -> Area | None:
    if row.parent_code is None:
        return None
    if row.parent_code in existing:
        return existing[row.parent_code]
    # Only reached for parents named by the feature itself (checked above); for a buurt the
    # grandparent (gemeente) comes from the same feature's gemeentecode.
    grandparent = None
    if row.level == Level.NEIGHBOURHOOD:
        grandparent_code = "GM" + row.parent_code[2:6]
        grandparent = existing.get(grandparent_code)
        if grandparent is None and row.municipality_name:
            grandparent = Area(
                code=grandparent_code, name=row.municipality_name, level=Level.MUNICIPALITY
            )
            grandparent.full_clean()
            grandparent.save()
            existing[grandparent_code] = grandparent
            result.created += 1
            result.codes.append(grandparent_code)
        if grandparent is None:
            raise AreaImportError([f"{row.label}: onbekende gemeente {grandparent_code}"])
    parent_level = Level.DISTRICT if row.level == Level.NEIGHBOURHOOD else Level.MUNICIPALITY
    parent = Area(
        code=row.parent_code,
        name=row.parent_name or row.parent_code,
        level=parent_level,
        parent=grandparent,
    )
    parent.full_clean()
    parent.save()
    existing[parent.code] = parent
    result.created += 1
    result.codes.append(parent.code)
    return parent
