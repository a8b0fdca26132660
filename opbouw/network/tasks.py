"""Background work: measuring an area's network per month and year (see services.py)."""

import datetime as dt

from django_tasks import task

from opbouw.areas.models import Area

from . import snapshots


@task()
def compute_network_snapshots(area_id: int, since: str | None = None) -> int:
    """Store the metrics of the area from `since` (ISO date) on; idempotent (replaces)."""
    area = Area.objects.get(pk=area_id)
    return snapshots.snapshots_compute(
        area=area, since=dt.date.fromisoformat(since) if since else None
    )


@task()
def compute_network_month(area_id: int, month: str) -> None:
    """Store one month of the area (ISO date of its first day); idempotent (replaces)."""
    area = Area.objects.get(pk=area_id)
    snapshots.snapshot_month_compute(area=area, month=dt.date.fromisoformat(month))
