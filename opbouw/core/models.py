"""Base models and the taxonomies every app shares (themes and capacity tags)."""

from collections.abc import Collection

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)

    class Meta:
        abstract = True

    def clean_fields(self, exclude: Collection[str] | None = None) -> None:
        """Django's form fields refuse NUL characters; model fields do not, and PostgreSQL
        cannot store them (SQLite can). Refuse them here, so a service called with any text
        gives a ValidationError on both databases instead of a database error."""
        errors: dict[str, list[ValidationError]] = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if exclude and field.name in exclude:
                continue
            value = getattr(self, field.attname, None)
            if isinstance(value, str) and "\x00" in value:
                errors.setdefault(field.name, []).append(
                    ValidationError(_("Dit veld bevat een ongeldig teken (NUL)."), code="null")
                )
        if errors:
            raise ValidationError(errors)


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


class FormSubmission(models.Model):
    """A claimed one-time form token (opbouw.core.submission): who posted it, and where the
    successful post led. Kept a day; no personal data (the owner is an account or session id)."""

    owner = models.CharField(max_length=60)
    token = models.CharField(max_length=32)
    result_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "token"], name="core_form_submission_once")
        ]

    def __str__(self) -> str:
        return f"{self.owner} {self.token}"
