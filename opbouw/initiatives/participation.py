"""Participation processes: how much influence the municipality grants residents over its decision.

The participatieladder (Arnstein 1969; in the Netherlands Edelenbos & Monnikhof 1998, and the
interactive policy styles of Pröpper & Steenbeek 1999) describes what a government offers
residents on a decision of its own, and it is fixed in advance: the government says before the
process starts whether residents are informed, consulted, advise, co-produce or co-decide.
That is why it is recorded per municipal decision here, with the level agreed beforehand and
the level that was realised afterwards, and not on a residents' initiative (there the question
is what the municipality does for the residents: models.MunicipalRole).

The model lives in the initiatives app because burgerparticipatie (this) and
overheidsparticipatie (the initiative's municipal role) are the two sides of one question.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from opbouw.core.models import TimeStampedModel


class ParticipationLevel(models.IntegerChoices):
    """The steps of the participatieladder (Edelenbos & Monnikhof 1998)."""

    INFORM = 1, _("informeren")
    CONSULT = 2, _("raadplegen")
    ADVISE = 3, _("adviseren")
    COPRODUCE = 4, _("coproduceren")
    CODECIDE = 5, _("meebeslissen")


LEVEL_HELP = _(
    "De trede van de participatieladder (Edelenbos & Monnikhof 1998, naar Arnstein 1969): "
    "informeren (bewoners horen wat besloten is), raadplegen (de gemeente vraagt hun mening "
    "maar is er niet aan gebonden), adviseren (bewoners brengen advies uit; afwijken moet de "
    "gemeente motiveren), coproduceren (gemeente en bewoners maken samen een plan dat de "
    "gemeente overneemt) of meebeslissen (bewoners beslissen binnen vooraf gestelde kaders)."
)


class ParticipationProcess(TimeStampedModel):
    """One municipal decision and the participation promised and delivered on it."""

    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("gebied"),
        on_delete=models.PROTECT,
        related_name="participation_processes",
    )
    decision = models.CharField(_("besluit van de gemeente"), max_length=200)
    decided_by = models.CharField(
        _("wie besluit"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld de gemeenteraad, het college of een wethouder."),
    )
    scope = models.TextField(
        _("waarover bewoners invloed hebben"),
        max_length=4000,
        help_text=_("Wat ligt open en wat staat al vast (budget, planning, regels)."),
    )
    level_agreed = models.PositiveSmallIntegerField(
        _("afgesproken trede"), choices=ParticipationLevel.choices, help_text=LEVEL_HELP
    )
    agreed_on = models.DateField(_("vooraf vastgesteld op"))
    agreed_by = models.CharField(
        _("vastgesteld door"),
        max_length=200,
        blank=True,
        help_text=_("Waar de gemeente de trede vastlegde, bijvoorbeeld een startnotitie."),
    )
    level_realised = models.PositiveSmallIntegerField(
        _("gerealiseerde trede"), choices=ParticipationLevel.choices, null=True, blank=True
    )
    realised_on = models.DateField(_("beoordeeld op"), null=True, blank=True)
    realised_note = models.TextField(
        _("wat de gemeente met de inbreng deed"), max_length=4000, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-agreed_on", "-id"]
        verbose_name = _("participatietraject")
        verbose_name_plural = _("participatietrajecten")

    def __str__(self) -> str:
        return self.decision

    def get_absolute_url(self) -> str:
        return reverse("initiatives:process_detail", kwargs={"pk": self.pk})

    @property
    def gap(self) -> int | None:
        """Realised minus agreed: below zero, residents had less influence than promised."""
        if self.level_realised is None:
            return None
        return self.level_realised - self.level_agreed
