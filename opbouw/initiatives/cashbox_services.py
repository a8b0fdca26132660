"""Keeping an initiative's cash box: an entry with its receipt, checked like grant uploads."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from opbouw.accounts.models import User
from opbouw.areas.permissions import AnyUser

from .cashbox import CashEntry
from .grants import ALLOWED_TYPES, checked_upload
from .models import Attachment, Initiative
from .permissions import can_edit


def cash_entries(initiative: Initiative) -> QuerySet[CashEntry]:
    return CashEntry.objects.filter(initiative=initiative).order_by("occurred_on", "id")


def cash_balance(entries: list[CashEntry]) -> Decimal:
    return sum((entry.signed_amount for entry in entries), Decimal("0"))


def can_see_cashbox(user: AnyUser, initiative: Initiative) -> bool:
    """The core and the workers of the area: the residents' own books, not the municipality's."""
    return can_edit(user, initiative)


def cash_entry_add(
    *,
    initiative: Initiative,
    recorded_by: User,
    direction: str,
    occurred_on: dt.date,
    description: str,
    amount: Decimal,
    receipt: "UploadedFile[Any] | None" = None,
) -> CashEntry:
    if not can_see_cashbox(recorded_by, initiative):
        raise ValidationError(_("U kunt de kas van dit initiatief niet bijhouden."))
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("Deze datum ligt in de toekomst.")})
    entry = CashEntry(
        initiative=initiative,
        direction=direction,
        occurred_on=occurred_on,
        description=description.strip(),
        amount=amount,
        recorded_by=recorded_by,
    )
    entry.full_clean(exclude=["receipt"])
    if receipt is None:
        entry.save()
        return entry
    content_type, extension, content = checked_upload(
        receipt, ALLOWED_TYPES[Attachment.Kind.RECEIPT]
    )
    entry.receipt_name = (receipt.name or "bon")[-200:]
    entry.receipt_type = content_type
    entry.receipt.save(f"bon{extension}", ContentFile(content), save=False)
    stored = str(entry.receipt.name)
    try:
        entry.save()
    except Exception:
        entry.receipt.storage.delete(stored)
        raise
    return entry
