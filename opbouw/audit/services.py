"""Recording the audit trail. Any app calls these; they never store content or names.

A record is one INSERT. Unusual bulk viewing is noticed without extra queries on the common
path: a per-user counter in the cache (current and previous window) opens the gate to one
counting query only once a user has viewed enough objects to possibly cross the threshold.
"""

import datetime as dt
import logging
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import Model
from django.utils import timezone

from opbouw.accounts.models import User

from .models import Action, AuditAlert, AuditEvent, ObjectType

logger = logging.getLogger("opbouw.audit")

# Views of these count towards bulk viewing: every page that shows named people or notes.
# A detail page counts once per distinct object; a list page (no object id) once per view.
WATCHED_TYPES = frozenset(
    {
        ObjectType.PERSON,
        ObjectType.ENTRY,
        ObjectType.GROUP,
        ObjectType.INITIATIVE,
        ObjectType.PEOPLE_LIST,
        ObjectType.JOURNAL_LIST,
        ObjectType.NETWORK_PICTURE,
    }
)
LIST_TYPES = frozenset(
    {ObjectType.PEOPLE_LIST, ObjectType.JOURNAL_LIST, ObjectType.NETWORK_PICTURE}
)
_COUNTER_KEY = "opbouw-audit-views:{user}:{bucket}"
_COVERED_KEY = "opbouw-audit-covered:{token}"
COVER_SECONDS = 300


def object_type_of(obj: Model | type[Model]) -> str:
    return obj._meta.label_lower


def _area_id_of(obj: Model) -> int | None:
    area_id = getattr(obj, "area_id", None)
    return int(area_id) if area_id is not None else None


def _record(
    user: User | AnonymousUser | None,
    action: str,
    object_type: str,
    object_id: int | None,
    area_id: int | None,
) -> AuditEvent:
    actor = user if user is not None and user.is_authenticated else None
    event = AuditEvent(
        user=actor,
        username=actor.get_username() if actor is not None else "",
        at=timezone.now(),
        action=action,
        object_type=object_type,
        object_id=object_id,
        area_id=area_id,
    )
    event.save(force_insert=True)
    return event


def record_view(
    user: User | AnonymousUser | None,
    obj: Model,
    *,
    area_id: int | None = None,
) -> AuditEvent:
    """Someone looked at this object's details. Area defaults to the object's own area."""
    object_type = object_type_of(obj)
    event = _record(
        user,
        Action.VIEW,
        object_type,
        obj.pk,
        area_id if area_id is not None else _area_id_of(obj),
    )
    if object_type in WATCHED_TYPES and event.user_id is not None:
        _watch_bulk_viewing(event)
    return event


def record_list_view(
    user: User | AnonymousUser | None, object_type: str, *, area_id: int | None = None
) -> AuditEvent:
    """Someone opened a page that shows several named people or notes (a list, a search, a
    network picture): one row for the view, without an object id, counted as one view
    towards bulk viewing. The area is the page's scope when it has one."""
    if object_type not in LIST_TYPES:
        raise ValueError(f"{object_type} is not a list type")
    event = _record(user, Action.VIEW, object_type, None, area_id)
    if event.user_id is not None:
        _watch_bulk_viewing(event)
    return event


def cover_fragment(user: User | AnonymousUser, obj: Model) -> str:
    """A one-time token for a fragment the page loads after itself (the person page loads
    the person's timeline): the page's own row covers that view, so the fragment, asked
    for with this token by the same user within COVER_SECONDS, writes none."""
    token = secrets.token_urlsafe(16)
    cache.set(
        _COVERED_KEY.format(token=token),
        f"{getattr(user, 'pk', '')}:{object_type_of(obj)}:{obj.pk}",
        timeout=COVER_SECONDS,
    )
    return token


def record_view_unless_covered(
    user: User | AnonymousUser, obj: Model, token: str | None
) -> AuditEvent | None:
    """record_view, unless `token` (from cover_fragment, used once) says the page that loaded
    this fragment already recorded the view. A missing, reused or forged token records."""
    if token:
        key = _COVERED_KEY.format(token=token[:64])
        covered = cache.get(key)
        cache.delete(key)
        if covered == f"{getattr(user, 'pk', '')}:{object_type_of(obj)}:{obj.pk}":
            return None
    return record_view(user, obj)


def record_change(
    user: User | AnonymousUser | None,
    obj: Model | None = None,
    *,
    action: str = Action.CHANGE,
    area_id: int | None = None,
    object_type: str | None = None,
    object_id: int | None = None,
) -> AuditEvent:
    """Someone created, changed, deleted, exported or erased this object (or type + id)."""
    if obj is not None:
        object_type = object_type or object_type_of(obj)
        object_id = object_id if object_id is not None else obj.pk
        area_id = area_id if area_id is not None else _area_id_of(obj)
    if object_type is None:
        raise ValueError("record_change needs an object or an object type")
    return _record(user, action, object_type, object_id, area_id)


def record_login(user: User) -> AuditEvent:
    return _record(user, Action.LOGIN, ObjectType.USER, user.pk, None)


# --- bulk viewing ---------------------------------------------------------------------------


def _window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.OPBOUW_AUDIT_BULK_WINDOW_MINUTES)


def _threshold() -> int:
    return int(settings.OPBOUW_AUDIT_BULK_THRESHOLD)


def _views_in_window(user_id: int, now: dt.datetime) -> int:
    """Views by the user in this window and the previous one, from the cache (no query)."""
    seconds = int(_window().total_seconds())
    bucket = int(now.timestamp()) // seconds
    key = _COUNTER_KEY.format(user=user_id, bucket=bucket)
    previous = _COUNTER_KEY.format(user=user_id, bucket=bucket - 1)
    cache.add(key, 0, timeout=seconds * 2)
    try:
        current = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=seconds * 2)
        current = 1
    return int(current) + int(cache.get(previous, 0))


def _watch_bulk_viewing(event: AuditEvent) -> None:
    assert event.user_id is not None
    threshold = _threshold()
    views = _views_in_window(event.user_id, event.at)
    step = max(1, threshold // 10)
    if views < threshold or (views - threshold) % step:
        return
    since = event.at - _window()
    watched = AuditEvent.objects.filter(
        user_id=event.user_id, at__gte=since, action=Action.VIEW, object_type__in=WATCHED_TYPES
    )
    distinct = (
        watched.filter(object_id__isnull=False)
        .values_list("object_type", "object_id")
        .distinct()
        .count()
    ) + watched.filter(object_id__isnull=True).count()
    if distinct < threshold:
        return
    raise_alert(event, distinct=distinct, since=since)


def raise_alert(event: AuditEvent, *, distinct: int, since: dt.datetime) -> AuditAlert:
    """One alert per burst: a later check within the window updates the open alert."""
    assert event.user_id is not None
    alert = (
        AuditAlert.objects.filter(user_id=event.user_id, last_seen_at__gte=since)
        .order_by("-raised_at")
        .first()
    )
    if alert is not None:
        alert.last_seen_at = event.at
        alert.distinct_objects = max(alert.distinct_objects, distinct)
        alert.save(update_fields=["last_seen_at", "distinct_objects"])
        return alert
    alert = AuditAlert.objects.create(
        user_id=event.user_id,
        username=event.username,
        area_id=event.area_id,
        raised_at=event.at,
        window_start=since,
        last_seen_at=event.at,
        distinct_objects=distinct,
    )
    # No names, no user names: the alert id leads the reader to the audit page.
    logger.warning(
        "Audit alert %s: unusual bulk viewing, %s distinct people or notes within %s minutes.",
        alert.pk,
        distinct,
        settings.OPBOUW_AUDIT_BULK_WINDOW_MINUTES,
    )
    return alert


def describe(event: AuditEvent) -> dict[str, Any]:
    """A row of the CSV export: ids and labels only."""
    return {
        "at": event.at.isoformat(),
        "user_id": event.user_id or "",
        "username": event.username,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id or "",
        "area_id": event.area_id or "",
    }
