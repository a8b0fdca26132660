"""Vandaag's lists, grouped and bounded (reads).

Open follow-ups fall into four groups by their due date — te laat (before today), vandaag,
deze week (after today, up to and including Sunday), later — so what is overdue is never
hidden among the rest. Each group shows its first few items and its total, with a link to the
full, paged list; the same for open signals. A constant number of queries whatever the
number of items.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from opbouw.areas.permissions import AnyUser

from .models import FollowUp, Signal
from .permissions import journal_area_ids

PER_GROUP = 5
# URL value → title; the due-date filters are in _filters.
GROUPS: dict[str, Promise] = {
    "te-laat": _("Te laat"),
    "vandaag": _("Vandaag"),
    "deze-week": _("Deze week"),
    "later": _("Later"),
}


@dataclass(frozen=True)
class FollowUpGroup:
    key: str
    title: Promise
    items: list[FollowUp]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.items)


def _week_end(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=6 - today.weekday())


def _filters(today: dt.date) -> dict[str, Q]:
    week_end = _week_end(today)
    return {
        "te-laat": Q(due_on__lt=today),
        "vandaag": Q(due_on=today),
        "deze-week": Q(due_on__gt=today, due_on__lte=week_end),
        "later": Q(due_on__gt=week_end),
    }


def open_follow_ups(user: AnyUser) -> QuerySet[FollowUp]:
    """The user's own open follow-ups in their journal areas, the most urgent first."""
    return (
        FollowUp.objects.filter(
            assignee_id=user.pk, done_on__isnull=True, entry__area_id__in=journal_area_ids(user)
        )
        .select_related("entry", "entry__area")
        .order_by("due_on", "id")
    )


def follow_up_groups(
    user: AnyUser, *, per_group: int = PER_GROUP, today: dt.date | None = None
) -> list[FollowUpGroup]:
    """The four groups with their first ``per_group`` items and totals (empty groups too)."""
    today = today or timezone.localdate()
    filters = _filters(today)
    mine = open_follow_ups(user)
    totals = mine.order_by().aggregate(
        **{key.replace("-", "_"): Count("id", filter=q) for key, q in filters.items()}
    )
    return [
        FollowUpGroup(
            key=key,
            title=GROUPS[key],
            items=list(mine.filter(filters[key])[:per_group]),
            total=totals[key.replace("-", "_")] or 0,
        )
        for key in GROUPS
    ]


def follow_up_group_list(user: AnyUser, key: str) -> QuerySet[FollowUp]:
    """One group in full (for the paged list); an unknown key gives every open follow-up."""
    filters = _filters(timezone.localdate())
    mine = open_follow_ups(user)
    return mine.filter(filters[key]) if key in filters else mine


def open_signals(user: AnyUser) -> QuerySet[Signal]:
    """Open signals of the user's own entries, newest first."""
    return (
        Signal.objects.filter(entry__area_id__in=journal_area_ids(user), entry__author_id=user.pk)
        .exclude(status__in=[Signal.Status.RESOLVED, Signal.Status.CLOSED])
        .select_related("entry", "organisation")
        .order_by("-created_at", "-id")
    )
