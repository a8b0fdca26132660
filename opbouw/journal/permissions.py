"""Who may read and write the journal: the workers, coordinators and admins of an area.

Partners, policy and residents never read journal notes; they see what is derived from them.
A note marked as a special category of personal data (`sensitive_category`) is read only by
its author and the coordinators of its area: every listing, search, detail page and export
starts from `entries_visible`, so this is the one place that rule lives.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from opbouw.areas.permissions import AnyUser, area_ids_for
from opbouw.core.roles import JOURNAL_ROLES, SENSITIVE_NOTE_ROLES

from .models import BundledSignal, FollowUp, JournalEntry, Signal


def journal_area_ids(user: AnyUser) -> frozenset[int]:
    return area_ids_for(user, JOURNAL_ROLES)


def can_use_journal(user: AnyUser) -> bool:
    return bool(journal_area_ids(user))


def require_journal(user: AnyUser) -> None:
    """Journal pages do not exist for those who may not use the journal."""
    if not can_use_journal(user):
        raise Http404


def sensitive_area_ids(user: AnyUser) -> frozenset[int]:
    """Areas where the user reads every sensitive note (as coordinator)."""
    return area_ids_for(user, SENSITIVE_NOTE_ROLES)


def entries_visible(user: AnyUser) -> QuerySet[JournalEntry]:
    area_ids = journal_area_ids(user)
    entries = JournalEntry.objects.filter(area_id__in=area_ids)
    coordinated = sensitive_area_ids(user) & area_ids
    if coordinated == area_ids:  # a coordinator everywhere they work: no condition needed
        return entries
    allowed = Q(sensitive_category="") | Q(author_id=user.pk)
    if coordinated:
        allowed |= Q(area_id__in=coordinated)
    return entries.filter(allowed)


def can_read_entry(user: AnyUser, entry: JournalEntry) -> bool:
    """The same rule as entries_visible, for an entry already in hand."""
    if entry.area_id not in journal_area_ids(user):
        return False
    return (
        not entry.sensitive_category
        or entry.author_id == user.pk
        or entry.area_id in sensitive_area_ids(user)
    )


def access_entry(user: AnyUser, pk: int) -> JournalEntry:
    entry = entries_visible(user).select_related("area", "place", "author").filter(pk=pk).first()
    if entry is None:
        raise Http404
    return entry


def access_follow_up(user: AnyUser, pk: int) -> FollowUp:
    follow_up = (
        FollowUp.objects.filter(pk=pk, entry__in=entries_visible(user))
        .select_related("entry")
        .first()
    )
    if follow_up is None:
        raise Http404
    return follow_up


def access_signal(user: AnyUser, pk: int) -> Signal:
    signal = (
        Signal.objects.filter(pk=pk, entry__in=entries_visible(user))
        .select_related("entry", "organisation")
        .first()
    )
    if signal is None:
        raise Http404
    return signal


def bundles_visible(user: AnyUser) -> QuerySet[BundledSignal]:
    """Signals to policy: the journal roles of their area. Policy reads them only in issued
    reports (reports.practice_selectors), never live."""
    return BundledSignal.objects.filter(area_id__in=journal_area_ids(user))


def access_bundle(user: AnyUser, pk: int) -> BundledSignal:
    bundle = bundles_visible(user).select_related("area", "author").filter(pk=pk).first()
    if bundle is None:
        raise Http404
    return bundle
