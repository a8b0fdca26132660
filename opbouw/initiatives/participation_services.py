"""Writing participation processes: the level agreed in advance, then the level realised.

The agreed level is fixed when the process is recorded and cannot be changed afterwards: a
ladder step that moves along with what happened would say nothing (Edelenbos & Monnikhof).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from opbouw.accounts.models import User
from opbouw.areas.models import Area

from .participation import ParticipationProcess
from .permissions import can_edit_process, process_edit_area_ids


def process_create(
    *,
    created_by: User,
    area: Area,
    decision: str,
    scope: str,
    level_agreed: int,
    agreed_on: dt.date,
    decided_by: str = "",
    agreed_by: str = "",
) -> ParticipationProcess:
    if area.pk not in process_edit_area_ids(created_by):
        raise ValidationError(
            {"area": _("U kunt in dit gebied geen participatietraject vastleggen.")}
        )
    if agreed_on > timezone.localdate():
        raise ValidationError({"agreed_on": _("Deze datum ligt in de toekomst.")})
    process = ParticipationProcess(
        area=area,
        decision=decision.strip(),
        decided_by=decided_by.strip(),
        scope=scope.strip(),
        level_agreed=level_agreed,
        agreed_on=agreed_on,
        agreed_by=agreed_by.strip(),
        created_by=created_by,
    )
    process.full_clean()
    process.save()
    return process


def process_realise(
    *,
    process: ParticipationProcess,
    by: User,
    level_realised: int,
    realised_on: dt.date,
    realised_note: str,
) -> ParticipationProcess:
    """Record, afterwards, how much influence residents really had and what was done with it."""
    if not can_edit_process(by, process):
        raise ValidationError(_("U kunt dit participatietraject niet bijwerken."))
    if realised_on > timezone.localdate():
        raise ValidationError({"realised_on": _("Deze datum ligt in de toekomst.")})
    if realised_on < process.agreed_on:
        raise ValidationError(
            {
                "realised_on": _("Deze datum ligt vóór de afspraak over de trede (%(date)s).")
                % {"date": process.agreed_on.strftime("%d-%m-%Y")}
            }
        )
    if not realised_note.strip():
        raise ValidationError(
            {"realised_note": _("Schrijf op wat de gemeente met de inbreng van bewoners deed.")}
        )
    process.level_realised = level_realised
    process.realised_on = realised_on
    process.realised_note = realised_note.strip()
    process.full_clean()
    process.save(update_fields=["level_realised", "realised_on", "realised_note", "updated_at"])
    return process
