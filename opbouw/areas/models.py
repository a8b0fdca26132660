"""The CBS area tree (gemeente → wijk → buurt), memberships that give roles in it, places."""

import re
from collections.abc import Collection

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from opbouw.core.models import TimeStampedModel
from opbouw.core.roles import Role


class Level(models.TextChoices):
    MUNICIPALITY = "gemeente", _("gemeente")
    DISTRICT = "wijk", _("wijk")
    NEIGHBOURHOOD = "buurt", _("buurt")


# CBS codes: GM + 4 digits, WK + 6 digits, BU + 8 digits. A wijk code starts with the digits of
# its gemeente, a buurt code with those of its wijk: that is how we check the tree.
# ASCII digits only (`\d` also matches other scripts' digits) and `\Z`, not `$`, which would
# let a trailing newline through.
CODE_PATTERNS = {
    Level.MUNICIPALITY: re.compile(r"\AGM[0-9]{4}\Z"),
    Level.DISTRICT: re.compile(r"\AWK[0-9]{6}\Z"),
    Level.NEIGHBOURHOOD: re.compile(r"\ABU[0-9]{8}\Z"),
}
PARENT_LEVEL = {Level.DISTRICT: Level.MUNICIPALITY, Level.NEIGHBOURHOOD: Level.DISTRICT}


def level_for_code(code: str) -> Level | None:
    for level, pattern in CODE_PATTERNS.items():
        if pattern.match(code):
            return Level(level)
    return None


def validate_cbs_code(code: str) -> None:
    if level_for_code(code) is None:
        raise ValidationError(
            _(
                "“%(code)s” is geen geldige CBS-code: gebruik GM en 4 cijfers (gemeente), "
                "WK en 6 cijfers (wijk) of BU en 8 cijfers (buurt)."
            ),
            params={"code": code},
            code="invalid_cbs_code",
        )


class Area(TimeStampedModel):
    code = models.CharField(
        _("CBS-code"), max_length=10, unique=True, validators=[validate_cbs_code]
    )
    name = models.CharField(_("naam"), max_length=120)
    level = models.CharField(_("niveau"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("ligt in"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    # Materialised path of codes ("GM0164/WK016400/BU01640000/") so "this area and everything
    # below it" is one indexed prefix query.
    path = models.CharField(max_length=40, db_index=True, editable=False)
    boundary = models.JSONField(_("grens (GeoJSON)"), null=True, blank=True)
    key_figures = models.JSONField(_("kerncijfers"), default=dict, blank=True)
    key_figures_year = models.PositiveSmallIntegerField(
        _("jaar kerncijfers"), null=True, blank=True
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("gebied")
        verbose_name_plural = _("gebieden")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.path = (self.parent.path if self.parent else "") + self.code + "/"
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("areas:detail", kwargs={"code": self.code})

    def clean_fields(self, exclude: Collection[str] | None = None) -> None:
        # The level follows from the code: fill it in before the required-field check, which
        # would otherwise refuse an empty level before clean() could infer it.
        if not self.level and (level := level_for_code(self.code or "")) is not None:
            self.level = level
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        level = level_for_code(self.code or "")
        if level is None:
            return  # the field validator reports the code itself
        if self.level and self.level != level:
            raise ValidationError({"level": _("Het niveau past niet bij de CBS-code.")})
        self.level = level
        expected_parent = PARENT_LEVEL.get(level)
        if expected_parent is None:
            if self.parent_id:
                raise ValidationError({"parent": _("Een gemeente ligt niet in een ander gebied.")})
            return
        if self.parent is None:
            raise ValidationError({"parent": _("Een wijk of buurt moet in een gebied liggen.")})
        if self.parent.level != expected_parent:
            raise ValidationError(
                {
                    "parent": _("Dit gebied hoort in een %(level)s te liggen.")
                    % {"level": Level(expected_parent).label}
                }
            )
        # WK016400 lies in GM0164; BU01640000 lies in WK016400.
        if self.code[2 : len(self.parent.code)] != self.parent.code[2:]:
            raise ValidationError(
                {
                    "code": _("De code %(code)s hoort niet bij %(parent)s.")
                    % {"code": self.code, "parent": self.parent.code}
                }
            )


class Membership(TimeStampedModel):
    """A role for a user in an area and every area below it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    area = models.ForeignKey(
        Area, verbose_name=_("gebied"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "area", "role"], name="unique_membership")
        ]
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.area}"


class Place(TimeStampedModel):
    """A physical place in the neighbourhood: buurthuis, park, moestuin, schoolplein, ..."""

    class Kind(models.TextChoices):
        COMMUNITY_CENTRE = "community_centre", _("buurthuis / wijkcentrum")
        PARK = "park", _("park of plein")
        GARDEN = "garden", _("moestuin of groen")
        SCHOOL = "school", _("school of schoolplein")
        SPORT = "sport", _("sport en spel")
        FAITH = "faith", _("kerk, moskee of gebedshuis")
        SHOP = "shop", _("winkel of horeca")
        LIBRARY = "library", _("bibliotheek")
        STREET = "street", _("straat of portiek")
        OTHER = "other", _("anders")

    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    area = models.ForeignKey(
        Area, verbose_name=_("gebied"), on_delete=models.PROTECT, related_name="places"
    )
    address = models.CharField(_("adres"), max_length=200, blank=True)
    latitude = models.FloatField(_("breedtegraad"), null=True, blank=True)
    longitude = models.FloatField(_("lengtegraad"), null=True, blank=True)
    description = models.TextField(_("omschrijving"), blank=True, max_length=2000)

    class Meta:
        ordering = ["name"]
        verbose_name = _("plek")
        verbose_name_plural = _("plekken")

    def __str__(self) -> str:
        return self.name
