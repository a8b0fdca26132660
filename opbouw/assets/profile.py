"""Reading the wijkprofiel: an area's CBS figures beside its wijk and gemeente, with the year.

Every value carries its year. Where CBS published no figure for the wijk or gemeente in the
buurt's year, it is derived from the buurten below (a sum, or an average weighted by
inhabitants, households or dwellings) and marked "berekend"; a share is derived from counts the
same way. A derived value is only shown when the buurten without a value are negligible
(MAX_UNCOVERED, MAX_UNCOVERED_SHARE): otherwise it is "onbekend".
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from opbouw.areas.models import Area, Level

from .figures import BY_KEY, FIGURES, SHARE_GROUPS, TOPIC_LABELS, UNIT_SUFFIX, Figure, Topic, Unit
from .models import FigureNote, KeyFigure

# A derived figure may miss buurten (CBS keeps small ones secret) with together fewer than
# 100 inhabitants, or 1% of the area's inhabitants when that is more.
MAX_UNCOVERED = 100
MAX_UNCOVERED_SHARE = 0.01

Values = dict[str, float | None]


@dataclass(frozen=True)
class Cell:
    value: float | None
    derived: bool = False
    present: bool = True  # False: the figure is not in this column's data at all

    @property
    def known(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Column:
    area: Area
    year: int
    derived: bool  # the whole column was computed from buurten
    values: Values
    derived_keys: frozenset[str] = frozenset()

    @property
    def label(self) -> str:
        return f"{self.area.name} ({self.year})"

    def cell(self, key: str) -> Cell:
        if key not in self.values:
            return Cell(None, present=False)
        return Cell(self.values[key], derived=self.derived or key in self.derived_keys)


@dataclass
class Row:
    figure: Figure
    cells: list[tuple[Cell, str]]  # the cell and its display text
    notes: list[FigureNote] = field(default_factory=list)


@dataclass
class TopicTable:
    topic: Topic
    label: Promise
    rows: list[Row]


@dataclass
class Profile:
    area: Area
    year: int | None
    years: list[int]
    columns: list[Column]
    topics: list[TopicTable]
    other_years: list[Column]  # the area's and its parents' figures from other years


def _stored(area_ids: list[int], year: int | None = None) -> dict[tuple[int, int], Values]:
    rows = KeyFigure.objects.filter(area_id__in=area_ids)
    if year is not None:
        rows = rows.filter(year=year)
    result: dict[tuple[int, int], Values] = defaultdict(dict)
    for area_id, row_year, key, value in rows.values_list("area_id", "year", "key", "value"):
        result[(area_id, row_year)][key] = value
    return result


def with_shares(values: Values) -> tuple[Values, frozenset[str]]:
    """Add percentages derived from counts where only counts were published."""
    values = dict(values)
    derived = set()
    for count_keys, pct_keys, base_key in SHARE_GROUPS:
        base = values.get(base_key)
        for count_key, pct_key in zip(count_keys, pct_keys, strict=True):
            if pct_key in values or count_key not in values:
                continue
            count = values[count_key]
            values[pct_key] = round(100 * count / base, 1) if count is not None and base else None
            derived.add(pct_key)
    return values, frozenset(derived)


def aggregate(buurten: list[Values]) -> Values:
    """A larger area's figures from its buurten' figures of the same year (see module doc)."""
    result: Values = {}
    if not buurten:
        return result
    keys = {key for values in buurten for key in values}
    for key in keys:
        figure = BY_KEY.get(key)
        if figure is None or figure.aggregate is None:
            continue
        total = weight_sum = 0.0
        covered = uncovered = 0.0
        for values in buurten:
            value = values.get(key)
            weight = 1.0 if figure.aggregate == "sum" else values.get(figure.aggregate)
            people = values.get("inhabitants")
            if value is None or weight is None:
                # A buurt of unknown size is assumed to matter.
                uncovered += people if people is not None else MAX_UNCOVERED
                continue
            covered += people or 0
            total += value * weight
            weight_sum += weight
        allowed = max(MAX_UNCOVERED, MAX_UNCOVERED_SHARE * (covered + uncovered))
        if uncovered >= allowed or weight_sum == 0:
            result[key] = None
        elif figure.aggregate == "sum":
            result[key] = total
        else:
            result[key] = round(total / weight_sum, 1)
    return result


def display(figure: Figure, cell: Cell) -> str:
    if not cell.present:
        return "–"
    if cell.value is None:
        return _("onbekend")
    value = cell.value
    decimals = 0 if figure.unit == Unit.COUNT or float(value).is_integer() else 1
    text = number_format(round(value, decimals), decimal_pos=decimals, force_grouping=True)
    suffix = UNIT_SUFFIX[figure.unit]
    if figure.unit == Unit.PERCENT:
        text = f"{text}%"
    elif suffix:
        text = f"{text} {suffix}"
    return text


def _buurten_below(area: Area) -> list[Area]:
    return list(
        Area.objects.filter(path__startswith=area.path, level=Level.NEIGHBOURHOOD).only(
            "id", "name", "path"
        )
    )


def column_for(area: Area, year: int, stored: dict[tuple[int, int], Values]) -> Column | None:
    """The area's published figures for the year, else ones derived from its buurten."""
    if (area.pk, year) in stored:
        values, derived_keys = with_shares(stored[(area.pk, year)])
        return Column(area, year, False, values, derived_keys)
    if area.level == Level.NEIGHBOURHOOD:
        return None
    buurten = _buurten_below(area)
    below = _stored([b.pk for b in buurten], year)
    parts = [below[(b.pk, year)] for b in buurten if (b.pk, year) in below]
    if not parts:
        return None
    values, _derived = with_shares(aggregate(parts))
    return Column(area, year, True, values)


def profile_get(area: Area, *, year: int | None = None) -> Profile:
    ancestors = []
    parent = area.parent
    while parent is not None:
        ancestors.append(parent)
        parent = parent.parent
    chain = [area, *ancestors]
    stored = _stored([a.pk for a in chain])
    years = sorted({row_year for (area_id, row_year) in stored if area_id == area.pk}, reverse=True)
    if not years and area.level != Level.NEIGHBOURHOOD:
        years = sorted(
            set(
                KeyFigure.objects.filter(
                    area__path__startswith=area.path, area__level=Level.NEIGHBOURHOOD
                )
                .values_list("year", flat=True)
                .distinct()
            ),
            reverse=True,
        )
    chosen = year if year in years else (years[0] if years else None)
    columns: list[Column] = []
    if chosen is not None:
        for member in chain:
            column = column_for(member, chosen, stored)
            if column is not None:
                columns.append(column)
    other_years = [
        column_for(member, row_year, stored)
        for member in chain
        for (area_id, row_year) in sorted(stored, key=lambda k: -k[1])
        if area_id == member.pk and row_year != chosen
    ]
    notes: dict[str, list[FigureNote]] = defaultdict(list)
    for note in FigureNote.objects.filter(area=area).order_by("-created_at", "-id"):
        notes[note.key].append(note)
    everything = columns + [c for c in other_years if c is not None]
    topics = []
    for topic in Topic:
        rows = []
        for figure in FIGURES:
            if figure.topic != topic:
                continue
            cells = [column.cell(figure.key) for column in everything]
            if not any(cell.present for cell in cells):
                continue
            rows.append(
                Row(
                    figure,
                    [(cell, display(figure, cell)) for cell in cells],
                    notes.get(figure.key, []),
                )
            )
        if rows:
            topics.append(TopicTable(topic, TOPIC_LABELS[topic], rows))
    return Profile(
        area=area,
        year=chosen,
        years=years,
        columns=columns,
        topics=topics,
        other_years=[c for c in other_years if c is not None],
    )
