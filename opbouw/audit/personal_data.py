"""What the audit trail holds about people, for the register, export, erasure and retention.

A row names the acting account (and its user name at the time) and an object by type and
number; never a resident's name or any content. Erasing an account blanks the user name
snapshot (the account itself is anonymised by accounts); the rows stay, so the trail of who
did what remains true. Rows older than the "audit" retention period are deleted.
"""

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opbouw.core import personal_data as pd
from opbouw.core.roles import Role

from .models import AuditAlert, AuditEvent

pd.register_processing(
    pd.Processing(
        key="audit",
        name=_("Audittrail"),
        purpose=_(
            "Vastleggen wie persoonsgegevens inzag of wijzigde, om misbruik te ontdekken en "
            "verantwoording af te leggen."
        ),
        basis=_(
            "Wettelijke verplichting: beveiliging en verantwoordingsplicht (AVG art. 5 lid 2 "
            "en art. 32)."
        ),
        data_subjects=_(
            "Medewerkers en accounthouders die gegevens inzien of wijzigen; bewoners alleen als "
            "nummer van het bekeken object."
        ),
        recipients=[Role.COORDINATOR, Role.PRIVACY_OFFICER],
        retention=["audit"],
        note=_("Nooit inhoud of namen van bewoners; alleen soort en nummer van het object."),
    )
)


def _blank_usernames(model: type[AuditEvent] | type[AuditAlert]) -> pd.EraseFn:
    def erase(subject: pd.Subject, scrub: pd.Scrubber) -> int:
        if subject.user_id is None:
            return 0
        return int(
            model.objects.filter(user_id=subject.user_id).exclude(username="").update(username="")
        )

    return erase


pd.register(
    "audit.AuditEvent",
    processing="audit",
    links={"user": pd.ACTOR},
    fields=("at", "action", "object_type", "object_id"),
    erase=_blank_usernames(AuditEvent),
    description=_("Wat de persoon met een account bekeek of wijzigde"),
)
pd.register(
    "audit.AuditAlert",
    processing="audit",
    links={"user": pd.ACTOR},
    fields=("raised_at", "distinct_objects"),
    erase=_blank_usernames(AuditAlert),
    description=_("Waarschuwingen over ongewoon veel inzien"),
)


def _cutoff(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def events_due(days: int) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(at__lt=_cutoff(days))


def _apply(days: int) -> int:
    deleted, _detail = events_due(days).delete()
    alerts, _detail = AuditAlert.objects.filter(last_seen_at__lt=_cutoff(days)).delete()
    return int(deleted) + int(alerts)


pd.register_retention(
    pd.RetentionRule(
        category="audit",
        description=_("Regels van de audittrail"),
        action=_("verwijderd"),
        due=lambda days: events_due(days).count(),
        apply=_apply,
    )
)
