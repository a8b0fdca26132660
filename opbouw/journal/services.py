"""Writing to the journal. Views and commands call these; they never save models themselves."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opbouw.accounts.models import Organisation, User
from opbouw.areas.models import Area, Place
from opbouw.audit.models import Action
from opbouw.audit.services import record_change
from opbouw.core.models import Theme
from opbouw.people.models import Group, Person
from opbouw.people.services import person_create

from .models import FollowUp, JournalEntry, Signal
from .permissions import journal_area_ids
from .search import index_entries

MAX_DAYS_AHEAD = 365


@dataclass(frozen=True)
class FollowUpInput:
    description: str
    due_on: dt.date


@dataclass(frozen=True)
class SignalInput:
    organisation: Organisation
    description: str


def validate_entry_date(occurred_on: dt.date) -> None:
    if occurred_on > timezone.localdate() + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise ValidationError(
            {"occurred_on": _("Deze datum ligt meer dan een jaar in de toekomst.")}
        )


def _check_scope(
    *, author: User, area: Area, people: Sequence[Person], groups: Sequence[Group]
) -> None:
    """Refuse anything outside the author's areas, even when a form was tampered with."""
    allowed = journal_area_ids(author)
    if area.pk not in allowed:
        raise ValidationError({"area": _("U werkt niet in dit gebied.")})
    if any(person.area_id not in allowed for person in people):
        raise ValidationError({"people": _("Een van de deelnemers woont buiten uw gebieden.")})
    if any(group.area_id not in allowed for group in groups):
        raise ValidationError({"groups": _("Een van de groepen valt buiten uw gebieden.")})


@transaction.atomic
def entry_create(
    *,
    author: User,
    kind: str,
    occurred_on: dt.date,
    area: Area,
    note: str = "",
    duration_minutes: int | None = None,
    place: Place | None = None,
    people: Sequence[Person] = (),
    new_people_names: Sequence[str] = (),
    groups: Sequence[Group] = (),
    organisations: Sequence[Organisation] = (),
    themes: Sequence[Theme] = (),
    anonymous_count: int = 0,
    follow_ups: Sequence[FollowUpInput] = (),
    signals: Sequence[SignalInput] = (),
    sensitive_category: str = "",
) -> JournalEntry:
    validate_entry_date(occurred_on)
    _check_scope(author=author, area=area, people=people, groups=groups)
    if len(note) > settings.OPBOUW_MAX_NOTE_LENGTH:
        raise ValidationError(
            {
                "note": _("De notitie is te lang: maximaal %(max)d tekens.")
                % {"max": settings.OPBOUW_MAX_NOTE_LENGTH}
            }
        )
    entry = JournalEntry(
        author=author,
        kind=kind,
        occurred_on=occurred_on,
        area=area,
        place=place,
        note=note,
        duration_minutes=duration_minutes,
        anonymous_count=anonymous_count,
        sensitive_category=sensitive_category,
    )
    entry.full_clean()
    entry.save()
    record_change(author, entry, action=Action.CREATE)
    # New contacts are created in the entry's area, in the same transaction: if the entry
    # fails, no half-registered contacts remain.
    new_people = [
        person_create(created_by=author, name=name, area=area) for name in new_people_names
    ]
    entry.people.set([*people, *new_people])
    entry.groups.set(groups)
    entry.organisations.set(organisations)
    entry.themes.set(themes)
    for follow_up in follow_ups:
        follow_up_create(entry=entry, assignee=author, **follow_up.__dict__)
    for signal in signals:
        signal_create(entry=entry, **signal.__dict__)
    index_entries([entry.pk])
    return entry


@transaction.atomic
def entry_update(
    *,
    entry: JournalEntry,
    editor: User,
    kind: str,
    occurred_on: dt.date,
    area: Area,
    note: str,
    duration_minutes: int | None,
    place: Place | None,
    people: Sequence[Person],
    groups: Sequence[Group],
    organisations: Sequence[Organisation],
    themes: Sequence[Theme],
    anonymous_count: int,
    sensitive_category: str | None = None,
) -> JournalEntry:
    validate_entry_date(occurred_on)
    _check_scope(author=editor, area=area, people=people, groups=groups)
    entry.kind = kind
    entry.occurred_on = occurred_on
    entry.area = area
    entry.note = note
    entry.duration_minutes = duration_minutes
    entry.place = place
    entry.anonymous_count = anonymous_count
    if sensitive_category is not None:  # None: leave the flag as it was
        entry.sensitive_category = sensitive_category
    entry.full_clean()
    entry.save()
    record_change(editor, entry)
    # People and groups from outside the editor's areas were never shown to them (the form
    # offers only their own): they stay linked as they were, neither dropped nor checked.
    allowed = journal_area_ids(editor)
    kept_people = list(entry.people.exclude(area_id__in=allowed))
    kept_groups = list(entry.groups.exclude(area_id__in=allowed))
    entry.people.set([*people, *kept_people])
    entry.groups.set([*groups, *kept_groups])
    entry.organisations.set(organisations)
    entry.themes.set(themes)
    index_entries([entry.pk])
    return entry


def follow_up_create(
    *, entry: JournalEntry, assignee: User, description: str, due_on: dt.date
) -> FollowUp:
    follow_up = FollowUp(entry=entry, assignee=assignee, description=description, due_on=due_on)
    follow_up.full_clean()
    follow_up.save()
    record_change(assignee, follow_up, action=Action.CREATE, area_id=entry.area_id)
    return follow_up


def follow_up_complete(
    *, follow_up: FollowUp, done_on: dt.date | None = None, by: User | None = None
) -> FollowUp:
    follow_up.done_on = done_on or timezone.localdate()
    follow_up.save(update_fields=["done_on", "updated_at"])
    record_change(by, follow_up, area_id=follow_up.entry.area_id)
    return follow_up


def signal_create(*, entry: JournalEntry, organisation: Organisation, description: str) -> Signal:
    signal = Signal(entry=entry, organisation=organisation, description=description)
    signal.full_clean()
    signal.save()
    record_change(entry.author, signal, action=Action.CREATE, area_id=entry.area_id)
    return signal


def signal_set_status(
    *, signal: Signal, status: str, note: str = "", by: User | None = None
) -> Signal:
    signal.status = status
    signal.status_note = note
    signal.full_clean()
    signal.save(update_fields=["status", "status_note", "updated_at"])
    record_change(by, signal, area_id=signal.entry.area_id)
    return signal
