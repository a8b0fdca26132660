"""Writing exports and erasures. Only through the registry (opbouw.core.personal_data)."""

import datetime as dt
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from opbouw.accounts.models import User
from opbouw.audit.models import Action
from opbouw.audit.services import record_change
from opbouw.core import personal_data as pd
from opbouw.journal.models import JournalEntry
from opbouw.people.models import Consent, Person
from opbouw.people.services import consent_withdraw

from .export import build_zip
from .models import ErasureRequest, ExportRequest
from .subjects import subject_for

MAX_REASON_LENGTH = 2000


def export_root() -> Path:
    return Path(settings.OPBOUW_EXPORT_ROOT)


def export_days() -> int:
    return int(settings.OPBOUW_RETENTION.get("exports", 7))


def export_path(export: ExportRequest) -> Path:
    return export_root() / export.file_name


def export_create(*, person: Person, requested_by: User) -> ExportRequest:
    """Build the ZIP now (a few tables, small) and keep it for the requester a few days."""
    if is_erased(person):
        raise ValidationError(_("Deze persoon is al verwijderd; er is niets meer te exporteren."))
    content, rows = build_zip(subject_for(person))
    root = export_root()
    root.mkdir(parents=True, exist_ok=True)
    file_name = f"{uuid.uuid4().hex}.zip"
    (root / file_name).write_bytes(content)
    now = timezone.now()
    export = ExportRequest.objects.create(
        person=person,
        requested_by=requested_by,
        expires_at=now + dt.timedelta(days=export_days()),
        file_name=file_name,
        size=len(content),
        row_count=rows,
    )
    record_change(requested_by, person, action=Action.EXPORT)
    return export


def export_delete(*, export: ExportRequest) -> None:
    path = export_path(export)
    path.unlink(missing_ok=True)
    export.delete()


def is_erased(person: Person) -> bool:
    return ErasureRequest.objects.filter(person=person, status=ErasureRequest.Status.DONE).exists()


def _clean_reason(reason: str, *, required: bool) -> str:
    reason = (reason or "").strip()
    if required and not reason:
        raise ValidationError({"reason": _("Geef een reden op.")})
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError(
            {
                "reason": _("De reden is te lang (ten hoogste %(n)d tekens).")
                % {"n": MAX_REASON_LENGTH}
            }
        )
    return reason


def erasure_request_create(
    *, person: Person, requested_by: User, reason: str = ""
) -> ErasureRequest:
    """A resident asks to be forgotten; a worker of their area confirms (or rejects) it."""
    reason = _clean_reason(reason, required=False)
    if is_erased(person):
        raise ValidationError(_("Deze persoon is al verwijderd."))
    pending = ErasureRequest.objects.filter(person=person, status=ErasureRequest.Status.PENDING)
    if pending.exists():
        raise ValidationError(_("Er loopt al een verzoek; een opbouwwerker neemt contact op."))
    request = ErasureRequest(
        person=person,
        source=ErasureRequest.Source.RESIDENT,
        reason=reason,
        requested_by=requested_by,
    )
    request.full_clean()
    request.save()
    return request


def erasure_reject(*, request: ErasureRequest, decided_by: User, reason: str) -> ErasureRequest:
    reason = _clean_reason(reason, required=True)
    if request.status != ErasureRequest.Status.PENDING:
        raise ValidationError(_("Dit verzoek is al afgehandeld."))
    request.status = ErasureRequest.Status.REJECTED
    request.reason = (request.reason + "\n\n" + reason).strip()
    request.decided_by = decided_by
    request.decided_at = timezone.now()
    request.save()
    return request


def erasure_preview(person: Person) -> list[tuple[str, int]]:
    """Per table: how many rows are linked to the person (what the worker is about to erase)."""
    subject = subject_for(person)
    result = []
    for provider in pd.providers():
        if not provider.fields and not provider.extra:
            continue
        count = len(provider.export_rows(subject))
        if count:
            result.append((provider.verbose_name(), count))
    return result


def partial_mentions(person: Person, *, limit: int = 20) -> tuple[str, list[JournalEntry]]:
    """Notes of the person's wijk that name them only by their first name: for the worker to
    read before confirming (the erasure replaces the full name, not a first name alone)."""
    parts = person.name.split()
    first = parts[0] if len(parts) > 1 and len(parts[0]) >= 3 else ""
    if not first:
        return "", []
    subject = subject_for(person)
    entries = (
        JournalEntry.objects.filter(Q(people=person) | Q(area_id__in=subject.area_ids))
        .filter(note__icontains=first)
        .exclude(note__icontains=person.name)
        .distinct()
        .order_by("-occurred_on", "-id")[:limit]
    )
    return first, list(entries)


@transaction.atomic
def person_erase(
    *,
    person: Person,
    erased_by: User | None,
    reason: str,
    source: str = ErasureRequest.Source.WORKER,
) -> ErasureRequest:
    """Anonymise the person everywhere (AVG art. 17), through every registered provider.

    Rows that carry counts (journal participants, votes, memberships) stay, pointing at the
    anonymised person; names, contact details and free text about them go; their account is
    deactivated and every way in ends. A pending request of the resident is completed.
    """
    reason = _clean_reason(reason, required=True)
    # Lock the person's row (two erasures at once would compute needles from a half-erased
    # row); a lock cannot cover the nullable account join, so read the relations after.
    Person.objects.select_for_update().filter(pk=person.pk).values_list("pk").get()
    person = Person.objects.select_related("area", "user").get(pk=person.pk)
    if is_erased(person):
        raise ValidationError(_("Deze persoon is al verwijderd."))
    subject = subject_for(person)
    scrub = pd.Scrubber(subject.needles)
    summary: dict[str, int] = {}
    for provider in pd.providers():
        changed = provider.run_erase(subject, scrub)
        if changed:
            summary[provider.label] = int(changed)
    # Exports of the person go at once, whoever asked for them.
    for export in ExportRequest.objects.filter(person_id=person.pk):
        export_delete(export=export)
    request = ErasureRequest.objects.filter(
        person=person, status=ErasureRequest.Status.PENDING
    ).first() or ErasureRequest(person=person, source=source, requested_by=erased_by)
    request.status = ErasureRequest.Status.DONE
    request.reason = scrub((request.reason + "\n\n" + reason).strip())
    request.decided_by = erased_by
    request.decided_at = timezone.now()
    request.summary = summary
    request.save()
    record_change(erased_by, person, action=Action.ERASE)
    return request


def consent_withdraw_own(*, consent: Consent, user: User) -> Consent:
    """A resident withdraws their own consent; it takes effect at once and stays on record."""
    return consent_withdraw(consent=consent, withdrawn_by=user)
