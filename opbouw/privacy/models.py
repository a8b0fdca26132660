"""Requests under the AVG: exports (inzage, art. 15/20) and erasures (art. 17)."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from opbouw.core.models import TimeStampedModel


def new_export_token() -> str:
    return secrets.token_urlsafe(24)


class ExportRequest(models.Model):
    """A ZIP of everything held about one person, downloadable by its requester for a while.

    The file lives under settings.OPBOUW_EXPORT_ROOT (outside the web root) under a random
    name; the download URL carries only ``token``, never a name or a person's id.
    """

    token = models.CharField(max_length=64, unique=True, default=new_export_token, editable=False)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("persoon"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangevraagd door"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)
    expires_at = models.DateTimeField(_("te downloaden tot"))
    file_name = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(_("grootte (bytes)"), default=0)
    row_count = models.PositiveIntegerField(_("aantal regels"), default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("export van persoonsgegevens")
        verbose_name_plural = _("exports van persoonsgegevens")

    def __str__(self) -> str:
        return f"export #{self.pk}"


class ErasureRequest(TimeStampedModel):
    """A request to forget a person, and — once carried out — the record that it was.

    It keeps what was done (counts per table) and why, never who the person was: after the
    erasure the person row itself says only "verwijderde bewoner".
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("wacht op bevestiging")
        DONE = "done", _("uitgevoerd")
        REJECTED = "rejected", _("afgewezen")

    class Source(models.TextChoices):
        RESIDENT = "resident", _("verzoek van de bewoner zelf")
        WORKER = "worker", _("door een werker, op verzoek")
        RETENTION = "retention", _("bewaartermijn verstreken")

    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("persoon"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    source = models.CharField(_("bron"), max_length=20, choices=Source.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    reason = models.TextField(_("reden"), max_length=2000, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangevraagd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uitgevoerd of afgewezen door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("uitgevoerd of afgewezen op"), null=True, blank=True)
    summary = models.JSONField(
        _("wat er is aangepast (aantallen per tabel)"), default=dict, blank=True
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "person"], name="erasure_status_person")]
        verbose_name = _("verzoek tot verwijdering")
        verbose_name_plural = _("verzoeken tot verwijdering")

    def __str__(self) -> str:
        return f"erasure #{self.pk} ({self.status})"
