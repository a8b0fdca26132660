"""Reading the audit trail. The caller passes the area ids the reader may see.

This app sits below areas, so it cannot decide who reads what; the audit pages (in
opbouw.privacy) ask areas.permissions for the reader's areas and pass the ids here.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from .models import AuditAlert, AuditEvent


@dataclass(frozen=True)
class EventFilter:
    user_id: int | None = None
    action: str = ""
    object_type: str = ""
    object_id: int | None = None
    area_id: int | None = None
    date_from: dt.datetime | None = None
    date_to: dt.datetime | None = None  # exclusive


def event_list(*, area_ids: Iterable[int], filters: EventFilter) -> QuerySet[AuditEvent]:
    """Events in the reader's areas, newest first; constant queries (no relations loaded)."""
    allowed = frozenset(area_ids)
    if filters.area_id is not None:
        allowed = allowed & {filters.area_id}
    events = AuditEvent.objects.filter(area_id__in=allowed)
    if filters.user_id is not None:
        events = events.filter(user_id=filters.user_id)
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    if filters.object_id is not None:
        events = events.filter(object_id=filters.object_id)
    if filters.date_from is not None:
        events = events.filter(at__gte=filters.date_from)
    if filters.date_to is not None:
        events = events.filter(at__lt=filters.date_to)
    return events.order_by("-at", "-id")


def alert_list(*, area_ids: Iterable[int]) -> QuerySet[AuditAlert]:
    return AuditAlert.objects.filter(area_id__in=frozenset(area_ids)).order_by("-raised_at", "-id")
