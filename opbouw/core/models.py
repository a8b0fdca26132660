"""Base models and the taxonomies every app shares (themes and capacity tags)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)

    class Meta:
        abstract = True


class Theme(models.Model):
    """A theme of the work (eenzaamheid, armoede, groen, ...), seeded by a data migration."""

    slug = models.SlugField(_("code"), max_length=50, unique=True)
    name_nl = models.CharField(_("naam (Nederlands)"), max_length=80)
    name_en = models.CharField(_("naam (Engels)"), max_length=80)

    class Meta:
        ordering = ["name_nl"]
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "nl").startswith("en") else self.name_nl


class Tag(models.Model):
    """A taxonomy tag for gifts, interests and wishes (ABCD capacity inventory)."""

    slug = models.SlugField(_("code"), max_length=60, unique=True)
    name_nl = models.CharField(_("naam (Nederlands)"), max_length=80)
    name_en = models.CharField(_("naam (Engels)"), max_length=80)

    class Meta:
        ordering = ["name_nl"]
        verbose_name = _("label")
        verbose_name_plural = _("labels")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "nl").startswith("en") else self.name_nl
