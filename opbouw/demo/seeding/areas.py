"""Hengelo's CBS area tree for the demo, and points inside a buurt's boundary.

The boundaries and key figures come from opbouw/demo/data (see SOURCE.md there): buurten with
their 2018 figures, wijken with the 2024 figures from the wijk CSV merged in before import.
"""

import csv
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from opbouw.areas import geo
from opbouw.areas.importers import import_areas
from opbouw.areas.models import Area, Level

from .config import MUNICIPALITY_CODE

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
WIJKEN_FILE = DATA_DIR / "hengelo-wijken.geojson"
BUURTEN_FILE = DATA_DIR / "hengelo-buurten.geojson"
WIJK_FIGURES_FILE = DATA_DIR / "hengelo-kerncijfers-wijken-2024.csv"
BUURT_FIGURES_FILE = DATA_DIR / "hengelo-kerncijfers.csv"
WIJK_FIGURES_YEAR = 2024
# Identity columns of the wijk CSV: the GeoJSON already carries them (and the CSV's
# "Hengelo (O.)" must not rename the gemeente).
WIJK_CSV_IDENTITY = {"wijkcode", "wijknaam", "gemeentecode", "gemeentenaam"}


@dataclass(frozen=True)
class BuurtInfo:
    """What the seed needs to know about a buurt: who lives there and where it lies."""

    code: str
    name: str
    wijk_code: str
    inhabitants: int
    # CBS 2018 shares (percent) used for the mix of names; None where CBS keeps it secret.
    western: float
    turkish: float
    moroccan: float
    other_non_western: float
    boundary: dict[str, Any]


def _number(raw: str) -> int | float | None:
    if raw in ("", None):
        return None
    value = float(raw)
    return int(value) if value.is_integer() else value


def wijk_collection() -> dict[str, Any]:
    """The wijk GeoJSON with the 2024 CBS wijk figures added as properties."""
    data: dict[str, Any] = json.loads(WIJKEN_FILE.read_text(encoding="utf-8"))
    with WIJK_FIGURES_FILE.open(encoding="utf-8") as handle:
        figures = {row["wijkcode"]: row for row in csv.DictReader(handle)}
    for feature in data["features"]:
        properties = feature["properties"]
        row = figures.get(properties["wijkcode"], {})
        for key, raw in row.items():
            if key not in WIJK_CSV_IDENTITY:
                properties[key] = _number(raw)
        if row:
            properties["jaar"] = WIJK_FIGURES_YEAR
    return data


def buurt_collection() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(BUURTEN_FILE.read_text(encoding="utf-8"))
    return data


def ensure_areas() -> int:
    """Import (or update) the gemeente, its 10 wijken and 62 buurten; returns the count."""
    import_areas(wijk_collection())
    import_areas(buurt_collection())
    return Area.objects.filter(path__startswith=MUNICIPALITY_CODE + "/").count()


def buurten() -> list[BuurtInfo]:
    """Every buurt of the demo gemeente, in code order, with figures from the CBS CSV."""
    with BUURT_FIGURES_FILE.open(encoding="utf-8") as handle:
        figures = {row["buurtcode"]: row for row in csv.DictReader(handle)}

    def share(row: dict[str, str], column: str) -> float:
        value = _number(row.get(column, ""))
        return float(value) if value is not None else 0.0

    result = []
    for feature in buurt_collection()["features"]:
        properties = feature["properties"]
        row = figures.get(properties["buurtcode"], {})
        result.append(
            BuurtInfo(
                code=properties["buurtcode"],
                name=properties["buurtnaam"],
                wijk_code=properties["wijkcode"],
                inhabitants=int(properties.get("aantal_inwoners") or 0),
                western=share(row, "percentage_westerse_migratieachtergrond"),
                turkish=share(row, "percentage_uit_turkije"),
                moroccan=share(row, "percentage_uit_marokko"),
                other_non_western=share(row, "percentage_overige_nietwestersemigratieachtergrond"),
                boundary=feature["geometry"],
            )
        )
    return sorted(result, key=lambda buurt: buurt.code)


def areas_by_code() -> dict[str, Area]:
    return {
        area.code: area
        for area in Area.objects.filter(path__startswith=MUNICIPALITY_CODE + "/").only(
            "id", "code", "name", "level", "path", "parent_id"
        )
    }


def district_codes(areas: dict[str, Area]) -> list[str]:
    return sorted(code for code, area in areas.items() if area.level == Level.DISTRICT)


# --- points inside a buurt -------------------------------------------------------------------


def random_point(geometry: dict[str, Any], rng: random.Random) -> tuple[float, float]:
    """A (latitude, longitude) inside the boundary; the bbox centre if sampling misses.

    Not opbouw.areas.geo.random_point: this one draws the longitude first and tries fewer
    times, and the demo's places keep their positions for a given seed."""
    box = geo.bbox(geometry)
    if box is None:
        raise ValueError("a demo buurt has no boundary")
    west, south, east, north = box
    for _attempt in range(200):
        lon, lat = rng.uniform(west, east), rng.uniform(south, north)
        if geo.contains(geometry, lat=lat, lon=lon):
            return round(lat, 6), round(lon, 6)
    return round((south + north) / 2, 6), round((west + east) / 2, 6)
