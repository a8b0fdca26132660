"""Writing to the journal. Views and commands call these; they never save models themselves."""

import datetime as dt
from collections.abc import Mapping, Sequence
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
from opbouw.people.services import person_create, validate_record_basis

from .counts import validate_counts, write_counts
from .models import (
    COUNTS_ONLY_KINDS,
    KIND_DEFAULT_PURPOSE,
    STRICT_SIGNAL_KINDS,
    EntryKind,
    FollowUp,
    JournalEntry,
    Signal,
    SignalConsent,
)
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
    # "" when the worker did not say; required for the police and the wijkteam when the
    # entry names someone (see _check_signal_consent).
    consent: str = ""


def default_purpose(kind: str) -> str:
    return str(KIND_DEFAULT_PURPOSE.get(EntryKind(kind), "")) if kind in EntryKind.values else ""


def _check_counts_only(*, kind: str, people: Sequence[Person], new_names: Sequence[str]) -> None:
    if kind in COUNTS_ONLY_KINDS and (people or new_names):
        raise ValidationError(
            {
                "people": _(
                    "Bij een deur-aan-deur- of portiekronde legt u alleen aantallen vast, "
                    "geen namen."
                )
            }
        )


def _check_signal_consent(*, signal: SignalInput, names_someone: bool) -> None:
    """A signal to the police or the wijkteam from an entry that names someone says on what
    ground it goes: not about a recognisable resident, that resident's consent to this very
    signal, or acute danger (meldcode). A consent to share a name is not enough."""
    if signal.consent and signal.consent not in SignalConsent.values:
        raise ValidationError({"signal_consent": _("Ongeldige keuze.")})
    if signal.organisation.kind in STRICT_SIGNAL_KINDS and names_someone and not signal.consent:
        raise ValidationError(
            {
                "signal_consent": _(
                    "Deze regel noemt een bewoner. Zeg op welke grond het signaal naar politie "
                    "of wijkteam gaat: het gaat niet over een herkenbare bewoner, de bewoner "
                    "stemde in met dit signaal, of er is acute onveiligheid (meldcode)."
                )
            }
        )


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
    purpose: str = "",
    counts: Mapping[str, int] | None = None,
    new_people_basis: str = "",
    new_people_informed_on: dt.date | None = None,
) -> JournalEntry:
    validate_entry_date(occurred_on)
    _check_scope(author=author, area=area, people=people, groups=groups)
    _check_counts_only(kind=kind, people=people, new_names=new_people_names)
    if new_people_names:
        # Without a lawful basis and the informing date no name is stored (nothing is).
        try:
            validate_record_basis(record_basis=new_people_basis, informed_on=new_people_informed_on)
        except ValidationError as error:
            keys = {"record_basis": "new_people_basis", "informed_on": "new_people_informed_on"}
            raise ValidationError(
                {keys[key]: messages for key, messages in error.message_dict.items()}
            ) from None
    counts = dict(counts or {})
    anonymous_count = validate_counts(kind=kind, anonymous_count=anonymous_count, counts=counts)
    for signal in signals:
        _check_signal_consent(signal=signal, names_someone=bool(people or new_people_names))
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
        purpose=purpose or default_purpose(kind),
    )
    entry.full_clean()
    entry.save()
    record_change(author, entry, action=Action.CREATE)
    write_counts(entry, counts)
    # New contacts are created in the entry's area, in the same transaction: if the entry
    # fails, no half-registered contacts remain.
    new_people = [
        person_create(
            created_by=author,
            name=name,
            area=area,
            record_basis=new_people_basis,
            informed_on=new_people_informed_on,
        )
        for name in new_people_names
    ]
    entry.people.set([*people, *new_people])
    entry.groups.set(groups)
    entry.organisations.set(organisations)
    entry.themes.set(themes)
    for follow_up in follow_ups:
        follow_up_create(entry=entry, assignee=author, **follow_up.__dict__)
    for signal in signals:
        signal_create(
            entry=entry,
            organisation=signal.organisation,
            description=signal.description,
            consent=signal.consent or SignalConsent.NOT_PERSONAL,
        )
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
    purpose: str = "",
    counts: Mapping[str, int] | None = None,
) -> JournalEntry:
    validate_entry_date(occurred_on)
    _check_scope(author=editor, area=area, people=people, groups=groups)
    _check_counts_only(kind=kind, people=people, new_names=())
    if kind in COUNTS_ONLY_KINDS and entry.people.exists():
        raise ValidationError(
            {"kind": _("Deze regel noemt deelnemers: maak er geen ronde met alleen aantallen van.")}
        )
    counts_given = counts is not None
    counts = dict(counts or {})
    anonymous_count = validate_counts(kind=kind, anonymous_count=anonymous_count, counts=counts)
    entry.kind = kind
    entry.occurred_on = occurred_on
    entry.area = area
    entry.note = note
    entry.duration_minutes = duration_minutes
    entry.place = place
    entry.anonymous_count = anonymous_count
    if sensitive_category is not None:  # None: leave the flag as it was
        entry.sensitive_category = sensitive_category
    if purpose:  # chosen by the worker now: no longer the migration's guess
        entry.purpose = purpose
        entry.purpose_guessed = False
    entry.full_clean()
    entry.save()
    record_change(editor, entry)
    if counts_given:
        write_counts(entry, counts)
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


def signal_create(
    *,
    entry: JournalEntry,
    organisation: Organisation,
    description: str,
    consent: str = SignalConsent.NOT_PERSONAL,
) -> Signal:
    signal = Signal(
        entry=entry, organisation=organisation, description=description, consent=consent
    )
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
