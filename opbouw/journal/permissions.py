"""Who may read and write the journal: the workers, coordinators and admins of an area.

Partners, policy and residents never read journal notes; they see what is derived from them.
"""

from django.db.models import QuerySet
from django.http import Http404

from opbouw.areas.permissions import AnyUser, area_ids_for
from opbouw.core.roles import JOURNAL_ROLES

from .models import FollowUp, JournalEntry, Signal


def journal_area_ids(user: AnyUser) -> frozenset[int]:
    return area_ids_for(user, JOURNAL_ROLES)


def can_use_journal(user: AnyUser) -> bool:
    return bool(journal_area_ids(user))


def require_journal(user: AnyUser) -> None:
    """Journal pages do not exist for those who may not use the journal."""
    if not can_use_journal(user):
        raise Http404


def entries_visible(user: AnyUser) -> QuerySet[JournalEntry]:
    return JournalEntry.objects.filter(area_id__in=journal_area_ids(user))


def access_entry(user: AnyUser, pk: int) -> JournalEntry:
    entry = entries_visible(user).select_related("area", "place", "author").filter(pk=pk).first()
    if entry is None:
        raise Http404
    return entry


def access_follow_up(user: AnyUser, pk: int) -> FollowUp:
    follow_up = (
        FollowUp.objects.filter(pk=pk, entry__area_id__in=journal_area_ids(user))
        .select_related("entry")
        .first()
    )
    if follow_up is None:
        raise Http404
    return follow_up


def access_signal(user: AnyUser, pk: int) -> Signal:
    signal = (
        Signal.objects.filter(pk=pk, entry__area_id__in=journal_area_ids(user))
        .select_related("entry", "organisation")
        .first()
    )
    if signal is None:
        raise Http404
    return signal
