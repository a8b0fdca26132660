"""The privacy app's own rows, its processing, and the retention rules it carries out."""

import datetime as dt

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opbouw.core import personal_data as pd
from opbouw.core.roles import Role
from opbouw.journal.models import JournalEntry
from opbouw.people.models import Person

from .models import ErasureRequest, ExportRequest

pd.register_processing(
    pd.Processing(
        key="privacy",
        name=_("Rechten van betrokkenen: inzage, export en verwijdering"),
        purpose=_("Verzoeken om inzage, export en verwijdering uitvoeren en aantonen."),
        basis=_("Wettelijke verplichting (AVG artikelen 12 tot en met 20)."),
        data_subjects=_("Iedereen over wie opbouw gegevens bewaart."),
        recipients=[Role.WORKER, Role.COORDINATOR, Role.ADMIN],
        retention=["exports"],
        note=_(
            "Een export kan alleen worden gedownload door wie hem aanvroeg. Het verslag van "
            "een verwijdering bewaart aantallen en de reden, nooit wie de persoon was."
        ),
    )
)


def _export_erase(subject: pd.Subject, scrub: pd.Scrubber) -> int:
    """The files are deleted by person_erase itself (files are not rows)."""
    return 0


pd.register(
    "privacy.ExportRequest",
    processing="privacy",
    links={"person": pd.SUBJECT, "requested_by": pd.ACTOR},
    fields=("created_at", "expires_at", "row_count"),
    erase=_export_erase,
    description=_("Eerdere exports"),
)


def _erasure_erase(subject: pd.Subject, scrub: pd.Scrubber) -> int:
    if subject.person_id is None:
        return 0
    return scrub.rows(ErasureRequest.objects.filter(person_id=subject.person_id), ["reason"])


pd.register(
    "privacy.ErasureRequest",
    processing="privacy",
    links={"person": pd.SUBJECT, "requested_by": pd.ACTOR, "decided_by": pd.ACTOR},
    fields=("source", "status", "reason", "created_at", "decided_at"),
    erase=_erasure_erase,
    description=_("Verzoeken tot verwijdering"),
)


# --- retention ------------------------------------------------------------------------------


def _exports_due(days: int) -> QuerySet[ExportRequest]:
    now = timezone.now()
    return ExportRequest.objects.filter(created_at__lte=now - dt.timedelta(days=days)) | (
        ExportRequest.objects.filter(expires_at__lte=now)
    )


def _exports_apply(days: int) -> int:
    from .services import export_delete

    count = 0
    for export in _exports_due(days):
        export_delete(export=export)
        count += 1
    return count


pd.register_retention(
    pd.RetentionRule(
        category="exports",
        description=_("Exports (inzage) na de downloadtermijn"),
        action=_("bestand en regel verwijderd"),
        due=lambda days: _exports_due(days).count(),
        apply=_exports_apply,
    )
)


def inactive_people(days: int) -> QuerySet[Person]:
    """Contacts without an account, unchanged and without a journal contact for `days`."""
    cutoff = timezone.now() - dt.timedelta(days=days)
    # A journal day is a day in Amsterdam: compare with the cutoff's local day, not its UTC one.
    recent = JournalEntry.objects.filter(
        people=OuterRef("pk"), occurred_on__gt=timezone.localdate(cutoff)
    )
    erased = ErasureRequest.objects.filter(person=OuterRef("pk"), status=ErasureRequest.Status.DONE)
    return (
        Person.objects.filter(user__isnull=True, updated_at__lte=cutoff, created_at__lte=cutoff)
        .exclude(Exists(recent))
        .exclude(Exists(erased))
        .order_by("pk")
    )


def _inactive_apply(days: int) -> int:
    from .services import person_erase

    count = 0
    for person in inactive_people(days):
        person_erase(
            person=person,
            erased_by=None,
            reason=str(_("Bewaartermijn verstreken: geen contact in %(days)d dagen."))
            % {"days": days},
            source=ErasureRequest.Source.RETENTION,
        )
        count += 1
    return count


pd.register_retention(
    pd.RetentionRule(
        category="inactive_people",
        description=_("Contacten zonder account en zonder contact in de bewaartermijn"),
        action=_("geanonimiseerd zoals bij een verzoek tot verwijdering"),
        due=lambda days: inactive_people(days).count(),
        apply=_inactive_apply,
    )
)
