"""Delegating buurtbudget decisions to a residents' committee, and ending it."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from opbouw.accounts.models import User
from opbouw.areas.models import Area
from opbouw.people.models import Group

from .delegation import GrantDelegation
from .permissions import delegation_area_ids


def delegation_create(
    *,
    delegated_by: User,
    area: Area,
    committee: Group,
    reference: str,
    since: dt.date | None = None,
) -> GrantDelegation:
    if area.pk not in delegation_area_ids(delegated_by):
        raise ValidationError({"area": _("U kunt in dit gebied geen besluiten delegeren.")})
    if committee.kind != Group.Kind.RESIDENTS:
        raise ValidationError(
            {"committee": _("Alleen een bewonerscommissie of -platform kan besluiten.")}
        )
    if not committee.area.path.startswith(area.path) and not area.path.startswith(
        committee.area.path
    ):
        raise ValidationError({"committee": _("Deze commissie hoort niet bij dit gebied.")})
    since = since or timezone.localdate()
    if since > timezone.localdate():
        raise ValidationError({"since": _("Deze datum ligt in de toekomst.")})
    delegation = GrantDelegation(
        area=area,
        committee=committee,
        reference=reference.strip(),
        since=since,
        delegated_by=delegated_by,
    )
    delegation.full_clean()
    delegation.save()
    return delegation


def delegation_end(*, delegation: GrantDelegation, ended_by: User) -> GrantDelegation:
    if delegation.area_id not in delegation_area_ids(ended_by):
        raise ValidationError(_("U kunt deze delegatie niet beëindigen."))
    if delegation.ended_on is None:
        delegation.ended_on = timezone.localdate()
        delegation.save(update_fields=["ended_on", "updated_at"])
    return delegation
