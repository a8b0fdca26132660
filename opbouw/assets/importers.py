"""Importing CBS "Kerncijfers wijken en buurten" into KeyFigure rows: all or nothing.

Reads CBS's own CSV (StatLine / OData keys such as `AantalInwoners_5`, `;` or `,` separated),
the attributes of the CBS/PDOK wijk- en buurtkaart (GeoJSON properties) and CSVs in that
attribute layout (opbouw's demo data). Columns are matched by name (figures.py), never by a
full CBS key, because the numeric suffix shifts between years.

- CBS's markers for "unknown or secret" ('.', 'x', '-', -99999999 and its siblings) become a
  missing value (stored as NULL), never zero.
- The year comes from a `jaar` column or property, from the CBS table id in the file name
  (84286NED is 2018), or from the caller; none of these, a year outside the CBS editions, or
  two that disagree: an error.
- A file without an area code column or without the inhabitants figure: an error naming what
  is missing and what was found.
- Rows for areas opbouw does not know are skipped (CBS files cover the whole country); a file
  with no known area at all is an error.
- Every problem is collected first; if there is one, nothing is stored.
"""

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from opbouw.areas.models import CODE_PATTERNS, Area

from .figures import BY_KEY, BY_NAME, BY_STEM, REQUIRED_KEYS, SHARE_GROUPS
from .models import KeyFigure

FIRST_YEAR = 2004  # the first "Kerncijfers wijken en buurten" edition in today's form
# CBS StatLine table ids of the yearly "Kerncijfers wijken en buurten" tables.
CBS_TABLES = {
    "82339NED": 2013, "82931NED": 2014, "83220NED": 2015, "83487NED": 2016,
    "83765NED": 2017, "84286NED": 2018, "84583NED": 2019, "84799NED": 2020,
    "85039NED": 2021, "85318NED": 2022, "85618NED": 2023, "85984NED": 2024,
}  # fmt: skip
MISSING_MARKERS = {"", ".", "x", "-", "?", "nan", "null", "none"}
SECRET_THRESHOLD = -99999990  # -99999999 (geheim), -99999998, -99999997 (n.v.t.) ...
# Code columns, most detailed first; CBS keys by stem (`Codering_3` → codering).
CODE_COLUMNS = (
    "buurtcode", "bu_code", "wijkcode", "wk_code", "gemeentecode", "gm_code", "statcode",
    "codering", "wijkenenbuurten", "regios",
)  # fmt: skip
YEAR_COLUMNS = ("jaar", "year", "perioden")
SUFFIX = re.compile(r"_[0-9]+\Z")
TABLE_ID = re.compile(r"([0-9]{5}NED)", re.IGNORECASE)
DECIMAL_COMMA = re.compile(r"\A-?[0-9]+,[0-9]+\Z")
MAX_ERRORS = 30


class KeyFigureImportError(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ParsedRow:
    code: str
    figures: dict[str, float | None]


@dataclass
class ParsedFile:
    year: int
    rows: list[ParsedRow]
    columns: dict[str, str]  # column in the file → figure key
    ignored: list[str]
    units: dict[str, str] = field(default_factory=dict)  # share group base → "count"/"percent"


@dataclass
class ImportResult:
    year: int
    areas: int = 0
    figures: int = 0
    missing: int = 0
    skipped_codes: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


# --- reading files ------------------------------------------------------------------------


def read_records(path: Path) -> list[dict[str, Any]]:
    """The rows of a CSV file or the feature properties of a GeoJSON file."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise KeyFigureImportError([f"Bestand niet gevonden: {path}"]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")  # StatLine's Excel-flavoured downloads
    if path.suffix.lower() in {".json", ".geojson"} or text.lstrip().startswith("{"):
        return records_from_geojson(text)
    return records_from_csv(text)


def records_from_geojson(text: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise KeyFigureImportError([f"Het bestand is geen geldige JSON: {error}"]) from None
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list) or not features:
        raise KeyFigureImportError(["Het bestand is geen GeoJSON FeatureCollection met features."])
    records = []
    for index, feature in enumerate(features):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(properties, dict):
            raise KeyFigureImportError([f"feature {index + 1}: heeft geen properties"])
        records.append(properties)
    return records


def records_from_csv(text: str) -> list[dict[str, Any]]:
    sample = text[:4096]
    first_line = sample.splitlines()[0] if sample else ""
    delimiter = max(";,\t", key=first_line.count)
    if not first_line or first_line.count(delimiter) == 0:
        raise KeyFigureImportError(["Het bestand heeft geen kopregel met kolomnamen."])
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    records = []
    for row in reader:
        if None in row:  # more cells than headers
            raise KeyFigureImportError(
                [f"regel {reader.line_num}: meer waarden dan kolommen in de kopregel"]
            )
        records.append({key.strip(): value for key, value in row.items() if key is not None})
    if not records:
        raise KeyFigureImportError(["Het bestand bevat geen regels met cijfers."])
    return records


# --- parsing ------------------------------------------------------------------------------


def figure_for_column(column: str) -> str | None:
    """The figure key a column holds: exact attribute name first, then CBS stem."""
    name = column.strip().lower()
    if name in BY_NAME:
        return BY_NAME[name].key
    stem = SUFFIX.sub("", name)
    if stem != name and stem in BY_STEM:
        return BY_STEM[stem].key
    return None


def _stem(column: str) -> str:
    return SUFFIX.sub("", column.strip().lower())


def parse_value(raw: Any) -> float | None:
    """A CBS value as a number, or None for CBS's "unknown or secret"; ValueError otherwise."""
    if raw is None or isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        value = float(raw)
    else:
        text = str(raw).strip()
        if text.lower() in MISSING_MARKERS:
            return None
        if DECIMAL_COMMA.match(text):
            text = text.replace(",", ".")
        value = float(text)  # raises ValueError for anything else
    if value != value or value <= SECRET_THRESHOLD:  # NaN, or a CBS secret marker
        return None
    return value


def _year_from_value(raw: Any) -> int | None:
    if raw in (None, ""):
        return None
    match = re.match(r"\A\s*([0-9]{4})", str(raw))  # 2018, "2018", "2024JJ00"
    if not match:
        raise ValueError(str(raw))
    return int(match.group(1))


def resolve_year(records: Sequence[dict[str, Any]], *, year: int | None, source_name: str) -> int:
    """The year of the figures, from the file, its name or the caller; they must agree."""
    found: dict[str, int] = {}
    year_columns = [c for c in records[0] if _stem(c) in YEAR_COLUMNS]
    if year_columns:
        values = set()
        for record in records:
            try:
                value = _year_from_value(record.get(year_columns[0]))
            except ValueError:
                raise KeyFigureImportError(
                    [f"kolom {year_columns[0]}: “{record.get(year_columns[0])}” is geen jaartal"]
                ) from None
            if value is not None:
                values.add(value)
        if len(values) > 1:
            raise KeyFigureImportError(
                [
                    "Het bestand bevat cijfers van meer dan één jaar "
                    f"({', '.join(map(str, sorted(values)))}): importeer één jaar per keer."
                ]
            )
        if values:
            found["het bestand"] = values.pop()
    table = TABLE_ID.search(source_name)
    if table:
        table_id = table.group(1).upper()
        if table_id in CBS_TABLES:
            found[f"CBS-tabel {table_id}"] = CBS_TABLES[table_id]
    if year is not None:
        found["de opdracht"] = year
    if not found:
        raise KeyFigureImportError(
            [
                "Het jaar van de cijfers is onbekend: het bestand heeft geen kolom ‘jaar’ en "
                "de naam geen bekende CBS-tabel. Geef het jaar op (--jaar)."
            ]
        )
    if len(set(found.values())) > 1:
        described = ", ".join(f"{where}: {value}" for where, value in found.items())
        raise KeyFigureImportError([f"Het jaar is niet eenduidig ({described})."])
    resolved = next(iter(found.values()))
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= resolved <= this_year:
        raise KeyFigureImportError(
            [
                f"Onbekend jaar {resolved}: CBS-kerncijfers bestaan van {FIRST_YEAR} "
                f"tot en met {this_year}."
            ]
        )
    return resolved


def _code_of(record: dict[str, Any], code_columns: list[str]) -> str | None:
    """The most detailed valid CBS code in the row (a buurt row also carries its wijkcode)."""
    candidates = []
    for column in code_columns:
        value = str(record.get(column) or "").strip().upper()
        if any(pattern.match(value) for pattern in CODE_PATTERNS.values()):
            candidates.append(value)
    return max(candidates, key=len) if candidates else None


def _units_of_share_groups(rows: list[ParsedRow], stem_keys: set[str]) -> dict[str, str]:
    """Per share group read by CBS stem: "count" or "percent", told by what the parts add to."""
    units: dict[str, str] = {}
    for count_keys, _pct_keys, base in SHARE_GROUPS:
        if not set(count_keys) <= stem_keys:
            continue
        count_error = percent_error = 0.0
        for row in rows:
            parts = [row.figures.get(key) for key in count_keys]
            total = row.figures.get(base)
            if total is None or total < 1 or any(part is None for part in parts):
                continue
            summed = sum(part for part in parts if part is not None)
            count_error += abs(summed - total) / total
            percent_error += abs(summed - 100) / 100
        units[base] = "percent" if percent_error < count_error else "count"
    return units


def parse_records(
    records: Sequence[dict[str, Any]], *, year: int | None = None, source_name: str = ""
) -> ParsedFile:
    if not records:
        raise KeyFigureImportError(["Het bestand bevat geen regels met cijfers."])
    columns = list(records[0].keys())
    mapping: dict[str, str] = {}
    by_key: dict[str, str] = {}
    errors: list[str] = []
    ignored = []
    for column in columns:
        key = figure_for_column(column)
        if key is None:
            ignored.append(column)
            continue
        if key in by_key:
            errors.append(
                f"De kolommen {by_key[key]} en {column} bevatten allebei "
                f"‘{BY_KEY[key].label}’: laat er één weg."
            )
            continue
        by_key[key] = column
        mapping[column] = key
    code_columns = [c for c in columns if _stem(c) in CODE_COLUMNS]
    missing = []
    if not code_columns:
        missing.append("een gebiedscode (buurtcode, wijkcode, gemeentecode of Codering)")
    missing += [f"‘{BY_KEY[key].label}’" for key in REQUIRED_KEYS if key not in by_key]
    if missing:
        found = ", ".join(columns[:12]) + (" …" if len(columns) > 12 else "")
        errors.append(f"Kolommen ontbreken: {', '.join(missing)}. Gevonden kolommen: {found}.")
    if errors:
        raise KeyFigureImportError(errors)
    resolved_year = resolve_year(records, year=year, source_name=source_name)

    rows: list[ParsedRow] = []
    for index, record in enumerate(records):
        code = _code_of(record, code_columns)
        if code is None:
            continue  # Nederland (NL00) and other rows without a gemeente/wijk/buurt code
        figures: dict[str, float | None] = {}
        for column, key in mapping.items():
            try:
                figures[key] = parse_value(record.get(column))
            except ValueError:
                errors.append(
                    f"regel {index + 2} ({code}), kolom {column}: "
                    f"“{record.get(column)}” is geen getal"
                )
        rows.append(ParsedRow(code, figures))
        if len(errors) >= MAX_ERRORS:
            break
    if errors:
        raise KeyFigureImportError(errors)
    if not rows:
        raise KeyFigureImportError(["Geen enkele regel heeft een geldige CBS-gebiedscode."])
    stem_keys = {key for column, key in mapping.items() if column.strip().lower() not in BY_NAME}
    units = _units_of_share_groups(rows, stem_keys)
    renames = {
        count: pct
        for count_keys, pct_keys, base in SHARE_GROUPS
        if units.get(base) == "percent"
        for count, pct in zip(count_keys, pct_keys, strict=True)
    }
    if renames:
        for row in rows:
            row.figures = {renames.get(key, key): value for key, value in row.figures.items()}
        mapping = {column: renames.get(key, key) for column, key in mapping.items()}
    return ParsedFile(resolved_year, rows, mapping, ignored, units)


# --- storing ------------------------------------------------------------------------------


@transaction.atomic
def store_key_figures(parsed: ParsedFile, *, source: str) -> ImportResult:
    """Replace the figures of these areas for this year with the file's; all or nothing."""
    codes = [row.code for row in parsed.rows]
    duplicates = sorted(code for code, count in Counter(codes).items() if count > 1)
    if duplicates:
        raise KeyFigureImportError(
            [f"Gebieden staan meer dan eens in het bestand: {', '.join(duplicates[:10])}"]
        )
    areas = {area.code: area for area in Area.objects.filter(code__in=codes).only("id", "code")}
    result = ImportResult(year=parsed.year, ignored_columns=parsed.ignored)
    result.skipped_codes = [code for code in codes if code not in areas]
    known = [row for row in parsed.rows if row.code in areas]
    if not known:
        raise KeyFigureImportError(
            [
                "Geen enkel gebied uit het bestand is bekend in opbouw "
                f"({', '.join(codes[:5])}{' …' if len(codes) > 5 else ''}): "
                "importeer eerst de gebieden (import_areas)."
            ]
        )
    keys = sorted(set(parsed.columns.values()))
    KeyFigure.objects.filter(
        area_id__in=[areas[row.code].pk for row in known], year=parsed.year, key__in=keys
    ).delete()
    now = timezone.now()
    new = [
        KeyFigure(
            area_id=areas[row.code].pk,
            year=parsed.year,
            key=key,
            value=value,
            source=source[:200],
            imported_at=now,
        )
        for row in known
        for key, value in row.figures.items()
    ]
    KeyFigure.objects.bulk_create(new, batch_size=2000)
    result.areas = len(known)
    result.figures = len(new)
    result.missing = sum(1 for figure in new if figure.value is None)
    return result


def import_key_figures_file(
    path: Path, *, year: int | None = None, source: str | None = None
) -> ImportResult:
    records = read_records(path)
    parsed = parse_records(records, year=year, source_name=path.name)
    return store_key_figures(parsed, source=source or path.name)


def import_key_figures_records(
    records: Iterable[dict[str, Any]], *, year: int | None = None, source: str = ""
) -> ImportResult:
    parsed = parse_records(list(records), year=year, source_name=source)
    return store_key_figures(parsed, source=source)
