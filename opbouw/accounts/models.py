"""Users and the organisations that employ them or work with the neighbourhood."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from opbouw.core.models import TimeStampedModel


class Organisation(TimeStampedModel):
    """An institution, partner or employer (welzijnsorganisatie, wijkteam, corporatie, ...)."""

    class Kind(models.TextChoices):
        WELFARE = "welfare", _("welzijnsorganisatie")
        MUNICIPALITY = "municipality", _("gemeente")
        HOUSING = "housing", _("woningcorporatie")
        CARE = "care", _("zorg en wijkteam")
        HEALTH = "health", _("GGD en gezondheid")
        POLICE = "police", _("politie en handhaving")
        SCHOOL = "school", _("school en kinderopvang")
        FAITH = "faith", _("levensbeschouwelijk")
        BUSINESS = "business", _("ondernemer")
        OTHER = "other", _("anders")

    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("gebied"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text=_("Waar de organisatie gevestigd is of vooral werkt."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("omschrijving"), blank=True, max_length=2000)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """An account. What it may do follows from its memberships (see areas.Membership)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self) -> str:
        return self.get_full_name() or self.username
