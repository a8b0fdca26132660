"""Storing the network's metrics per area, month and year (a write: the snapshots)."""

import datetime as dt
import time
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from opbouw.areas.models import Area, Level
from opbouw.core.models import Theme
from opbouw.people.models import Person

from .history import History, load_history
from .measure import (
    Measured,
    drawing,
    last_contacts,
    measure,
    measure_at,
    month_end,
    month_start,
    months,
    stored_metrics,
    theme_table,
)
from .models import NetworkSnapshot, NetworkThemeTies, Period
from .selectors import reach_rows
from .ties import YEAR_DAYS, Pair, TieInfo, check_window, ties_by_theme, year_window


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
        area,
        start=year_window(first - dt.timedelta(days=1))[0].replace(month=1, day=1),
        end=until,
        with_themes=True,
    )
    count = 0
    last_ties = None  # the network at the end of the month before: this month's "previous"
    last_themed = None  # the same per theme
    last_picture = _stored_month_picture(area, first - dt.timedelta(days=1))
    for month in months(first, until):
        started = time.perf_counter()
        day = min(month_end(month), until)
        measured = measure_at(history, day, previous_ties=last_ties)
        picture = _month_picture(history, day, measured, last_picture)
        themed = _themed(history, day)
        if last_themed is None:
            last_themed = _themed(history, month_start(day) - dt.timedelta(days=1))
        snapshot = _store(area, Period.MONTH, month, day, measured, started, picture)
        _store_themes(snapshot, themed, last_themed)
        last_ties, last_picture, last_themed = measured.ties, picture, themed
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


def snapshot_month_compute(*, area: Area, month: dt.date) -> None:
    """Store one month of the area (the background task a page asks for when it is missing).
    Idempotent: computed again, it is replaced."""
    today = timezone.localdate()
    first = month_start(month)
    if first > today:
        raise ValidationError(_("Deze maand is nog niet begonnen."), code="future_month")
    end = min(month_end(first), today)
    started = time.perf_counter()
    history = load_history(
        area, start=year_window(first - dt.timedelta(days=1))[0], end=end, with_themes=True
    )
    measured = measure_at(history, end)
    previous = _stored_month_picture(area, first - dt.timedelta(days=1))
    picture = _month_picture(history, end, measured, previous)
    snapshot = _store(area, Period.MONTH, first, end, measured, started, picture)
    _store_themes(snapshot, _themed(history, end), _themed(history, first - dt.timedelta(days=1)))
    cache.delete(_claim_key(area.pk, first))


def _month_picture(
    history: History, day: dt.date, measured: Measured, previous: dict[str, Any] | None
) -> dict[str, Any]:
    """The month's picture to store, with everyone's last contact ("contacts": person key →
    ISO date, see measure.last_contacts): the page orders the people without a tie by it,
    under a theme too (selectors._theme_picture), without reading the journal."""
    contacts = last_contacts(history, day)
    picture = drawing(
        measured, reach_rows(history, measured.ties), previous=previous, contacts=contacts
    )
    picture["contacts"] = {key: contact.isoformat() for key, contact in contacts.items()}
    return picture


def _stored_month_picture(area: Area, day: dt.date) -> dict[str, Any] | None:
    """The stored picture of the month of `day` (to lay the next month out from), if any."""
    row = (
        NetworkSnapshot.objects.filter(area=area, period=Period.MONTH, starts_on=month_start(day))
        .values_list("picture", flat=True)
        .first()
    )
    return row or None


# How long a request for a month blocks asking again (a busy buurt's month takes seconds; a
# queue may be behind). Claims live in the cache: with a per-process cache two processes may
# each ask once, which costs time, never correctness (the task is idempotent).
CLAIM_SECONDS = 15 * 60


def _claim_key(area_id: int, month: dt.date) -> str:
    return f"opbouw:network:month:{area_id}:{month:%Y-%m}"


def snapshot_month_request(*, area: Area, month: dt.date) -> bool:
    """Ask for the month to be computed in the background, unless that was asked for already
    (see CLAIM_SECONDS). True when this call enqueued it. With the immediate task backend
    (development, tests) it has been computed when this returns."""
    from .tasks import compute_network_month  # the task module imports this one

    first = month_start(month)
    if not cache.add(_claim_key(area.pk, first), True, CLAIM_SECONDS):
        return False
    compute_network_month.enqueue(area.pk, first.isoformat())
    return True


def _store(
    area: Area,
    period: str,
    starts_on: dt.date,
    ends_on: dt.date,
    measured: Measured,
    started: float,
    picture: dict[str, Any] | None = None,
) -> NetworkSnapshot:
    snapshot, _created = NetworkSnapshot.objects.update_or_create(
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
    return snapshot


def _themed(history: History, day: dt.date) -> dict[int, dict[Pair, TieInfo]]:
    """Per theme, the network as it stood on `day` (the year up to it) of that theme's ties."""
    start, end = year_window(day)
    return ties_by_theme(history.events, history.spans, start=start, end=end)


def _store_themes(
    snapshot: NetworkSnapshot,
    themed: dict[int, dict[Pair, TieInfo]],
    before: dict[int, dict[Pair, TieInfo]],
) -> None:
    """Store the month's ties per theme, for every theme (an empty table when it has none:
    a missing row then means "not stored", see models.NetworkThemeTies). Replaces."""
    NetworkThemeTies.objects.filter(snapshot=snapshot).delete()
    NetworkThemeTies.objects.bulk_create(
        NetworkThemeTies(
            snapshot=snapshot,
            theme_id=theme_id,
            ties=theme_table(themed.get(theme_id, {}), before.get(theme_id, {})),
        )
        for theme_id in Theme.objects.order_by("pk").values_list("pk", flat=True)
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
