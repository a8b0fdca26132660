"""The neighbourhood picture: assets on the map (ABCD), CBS key figures, and leefwereld notes."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from opbouw.core.models import Theme, TimeStampedModel
from opbouw.core.roles import Role


class AssetKind(models.TextChoices):
    """The ABCD asset kinds (Kretzmann & McKnight), one map layer each.

    Gifts are never stored as assets: they are read from people's profiles at query time, so a
    withdrawn consent takes a gift off the map at once (see selectors.gift_points).
    """

    GIFT = "gift", _("talenten van bewoners")
    GROUP = "group", _("groepen en verenigingen")
    ORGANISATION = "organisation", _("organisaties en instellingen")
    PLACE = "place", _("plekken")
    THING = "thing", _("spullen")
    ECONOMY = "economy", _("lokale economie")
    ACTIVITY = "activity", _("terugkerende activiteiten")


STORED_KINDS = [kind for kind in AssetKind if kind != AssetKind.GIFT]


class Asset(TimeStampedModel):
    """Something the neighbourhood has: a place, a cargo bike, a shop, a weekly walk."""

    kind = models.CharField(
        _("soort"), max_length=20, choices=[(k.value, k.label) for k in STORED_KINDS]
    )
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True, max_length=2000)
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("gebied"), on_delete=models.PROTECT, related_name="assets"
    )
    latitude = models.FloatField(_("breedtegraad"))
    longitude = models.FloatField(_("lengtegraad"))
    contact = models.CharField(
        _("contact"),
        max_length=200,
        blank=True,
        help_text=_("Hoe je ermee in contact komt, bijvoorbeeld “via het wijkcentrum”."),
    )
    schedule = models.CharField(
        _("wanneer"),
        max_length=200,
        blank=True,
        help_text=_("Voor activiteiten: bijvoorbeeld “elke dinsdag 10–12 uur”."),
    )
    lendable = models.BooleanField(
        _("te leen"), default=False, help_text=_("Voor spullen: mogen buren het lenen?")
    )
    group = models.ForeignKey(
        "people.Group",
        verbose_name=_("groep"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assets",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assets",
    )
    place = models.ForeignKey(
        "areas.Place",
        verbose_name=_("plek"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assets",
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("thema's"), blank=True, related_name="assets"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("toegevoegd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["area", "kind"], name="asset_area_kind")]
        verbose_name = _("krachtbron")
        verbose_name_plural = _("krachtbronnen")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("assets:detail", kwargs={"pk": self.pk})


class KeyFigure(models.Model):
    """One CBS key figure of one area in one year. `value` None: CBS marks it unknown/secret.

    The year is part of the key: a buurt's 2018 figures and its wijk's 2024 figures live side
    by side and are always shown with their year.
    """

    area = models.ForeignKey(
        "areas.Area", verbose_name=_("gebied"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    key = models.CharField(_("cijfer"), max_length=60)
    value = models.FloatField(_("waarde"), null=True, blank=True)
    source = models.CharField(_("bron"), max_length=200, blank=True)
    imported_at = models.DateTimeField(_("geïmporteerd op"), auto_now=True)

    class Meta:
        ordering = ["area", "year", "key"]
        constraints = [
            models.UniqueConstraint(fields=["area", "year", "key"], name="unique_key_figure")
        ]
        verbose_name = _("kerncijfer")
        verbose_name_plural = _("kerncijfers")

    def __str__(self) -> str:
        return f"{self.key} {self.year}: {self.value}"


class FigureNote(TimeStampedModel):
    """The leefwereld beside a figure: what it means in daily life, in a resident's words."""

    area = models.ForeignKey(
        "areas.Area", verbose_name=_("gebied"), on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(_("cijfer"), max_length=60)
    text = models.TextField(_("wat betekent dit in het dagelijks leven?"), max_length=1000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("schrijver"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The role the author wrote in: shown instead of their name ("een bewoner schreef").
    author_role = models.CharField(_("geschreven als"), max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["area", "key"], name="figure_note_area_key")]
        verbose_name = _("leefwereldnotitie")
        verbose_name_plural = _("leefwereldnotities")

    def __str__(self) -> str:
        return self.text[:60]
