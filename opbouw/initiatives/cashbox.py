"""A small cash box per initiative: money in and out, each with its receipt.

Initiatives handle small sums of their own (a collection at the street party, the ingredients
of the buurtmaaltijd) apart from a buurtbudget grant. The core keeps the book; the workers of
the area can see it to help. The municipality does not see it: it is the residents' own
administration, not a report.
"""

import uuid
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import Initiative, upload_storage


def receipt_path(instance: "CashEntry", filename: str) -> str:
    """A random name; the uploader's file name is kept in the row, never in the path."""
    return f"cashbox/{instance.initiative_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class CashEntry(models.Model):
    class Direction(models.TextChoices):
        IN = "in", _("ontvangst")
        OUT = "out", _("uitgave")

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="cash_entries"
    )
    direction = models.CharField(_("soort"), max_length=3, choices=Direction.choices)
    occurred_on = models.DateField(_("datum"))
    description = models.CharField(_("omschrijving"), max_length=200)
    amount = models.DecimalField(
        _("bedrag (euro)"),
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    receipt = models.FileField(
        storage=upload_storage, upload_to=receipt_path, max_length=200, blank=True
    )
    receipt_name = models.CharField(_("bestandsnaam"), max_length=200, blank=True)
    receipt_type = models.CharField(max_length=50, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_on", "id"]
        verbose_name = _("kasboeking")
        verbose_name_plural = _("kasboekingen")

    def __str__(self) -> str:
        return f"{self.occurred_on:%d-%m-%Y} {self.description}"

    @property
    def signed_amount(self) -> Decimal:
        return self.amount if self.direction == self.Direction.IN else -self.amount
