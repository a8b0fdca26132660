"""Storing the network's metrics per area, month and year (a write: the snapshots)."""

import datetime as dt
import time
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from opbouw.areas.models import Area, Level
from opbouw.people.models import Person

from .history import load_history
from .measure import (
    Measured,
    drawing,
    measure,
    measure_at,
    month_end,
    month_start,
    months,
    stored_metrics,
)
from .models import NetworkSnapshot, Period
from .selectors import reach_rows
from .ties import YEAR_DAYS, check_window, year_window


def snapshots_compute(
    *, area: Area, since: dt.date | None = None, until: dt.date | None = None
) -> int:
    """Store the area's metrics for every month and year from `since` (default: two years
    back) until `until` (default: today). Idempotent: a period computed again is replaced."""
    today = timezone.localdate()
    until = min(until or today, today)
    since = since or month_start(until - dt.timedelta(days=2 * YEAR_DAYS - 1))
    check_window(since, until)
    first = month_start(since)
    history = load_history(
        area, start=year_window(first - dt.timedelta(days=1))[0].replace(month=1, day=1), end=until
    )
    count = 0
    last_ties = None  # the network at the end of the month before: this month's "previous"
    for month in months(first, until):
        started = time.perf_counter()
        measured = measure_at(history, min(month_end(month), until), previous_ties=last_ties)
        picture = drawing(measured, reach_rows(history, measured.ties))
        _store(area, Period.MONTH, month, min(month_end(month), until), measured, started, picture)
        last_ties = measured.ties
        count += 1
    for year in range(first.year, until.year + 1):
        started = time.perf_counter()
        start, end = dt.date(year, 1, 1), min(dt.date(year, 12, 31), until)
        measured = measure(
            history,
            start=start,
            end=end,
            previous=(dt.date(year - 1, 1, 1), dt.date(year - 1, 12, 31)),
        )
        _store(area, Period.YEAR, start, end, measured, started)
        count += 1
    return count


def _store(
    area: Area,
    period: str,
    starts_on: dt.date,
    ends_on: dt.date,
    measured: Measured,
    started: float,
    picture: dict[str, Any] | None = None,
) -> None:
    NetworkSnapshot.objects.update_or_create(
        area=area,
        period=period,
        starts_on=starts_on,
        defaults={
            "ends_on": ends_on,
            "metrics": stored_metrics(measured),
            "picture": picture or {},
            "seconds": round(time.perf_counter() - started, 3),
            "computed_at": timezone.now(),
        },
    )


def snapshot_areas(code: str | None = None) -> list[Area]:
    """The areas whose networks are measured: one by code, or every wijk and buurt with people."""
    if code is not None:
        area = Area.objects.filter(code=code).first()
        if area is None:
            raise ValidationError(_("Onbekend gebied: %(code)s.") % {"code": code})
        return [area]
    with_people = Person.objects.values("area_id")
    buurten = list(Area.objects.filter(level=Level.NEIGHBOURHOOD, pk__in=with_people))
    wijken = list(Area.objects.filter(pk__in=[buurt.parent_id for buurt in buurten]))
    return [*wijken, *buurten]
