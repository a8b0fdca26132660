"""Buurtbudget decisions delegated to a residents' committee.

Some municipalities let a bewonerscommissie or wijkraad decide on small buurtbudget requests
themselves. The municipality (beleid) records the delegation: which committee, for which area,
on what basis and since when. While it holds, the committee's board (bestuur of kern, people
with a resident account) sees the submitted requests of that area and decides on them, with the
same decision trail as beleid.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from opbouw.core.models import TimeStampedModel


class GrantDelegation(TimeStampedModel):
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("gebied"), on_delete=models.PROTECT, related_name="+"
    )
    committee = models.ForeignKey(
        "people.Group",
        verbose_name=_("bewonerscommissie"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reference = models.CharField(
        _("besluit of regeling"),
        max_length=300,
        help_text=_("Waar de gemeente het besluiten delegeerde, bijvoorbeeld de subsidieregeling."),
    )
    since = models.DateField(_("sinds"))
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)
    delegated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-since", "-id"]
        verbose_name = _("gedelegeerd besluiten over buurtbudget")
        verbose_name_plural = _("gedelegeerde besluiten over buurtbudget")

    def __str__(self) -> str:
        return f"{self.committee} ({self.area})"
