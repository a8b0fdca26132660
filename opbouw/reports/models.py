"""Verantwoording: stories (Most Significant Change), outcomes (outcome harvesting), reports.

Only the reflection, the stories and the outcomes are written here; everything else a report
shows is derived from the journal, the network, initiatives and conversations. An issued
report is a frozen, versioned snapshot (ReportVersion) that later edits do not change.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from opbouw.core.models import TimeStampedModel


class Domain(models.TextChoices):
    """Domains of change (Most Significant Change): what kind of difference a story is about."""

    CONNECTION = "connection", _("verbinding tussen mensen")
    OWN_STRENGTH = "own_strength", _("eigen kracht en regie")
    LIVEABILITY = "liveability", _("leefbaarheid van de buurt")
    COOPERATION = "cooperation", _("samenwerking met partners")
    OTHER = "other", _("anders")


class MscLevel(models.IntegerChoices):
    """The levels a Most Significant Change selection passes up (Davies & Dart 2005, ch. 2)."""

    NEIGHBOURHOOD = 1, _("buurt")
    DISTRICT = 2, _("wijk")
    FUNDER = 3, _("financier")


class ChangeType(models.TextChoices):
    """What an outcome changed in a societal actor (Wilson-Grau 2019): not an activity."""

    BEHAVIOUR = "behaviour", _("gedrag")
    RELATIONSHIPS = "relationships", _("relaties")
    POLICY = "policy", _("beleid")
    PRACTICE = "practice", _("werkwijze of praktijk")


class Substantiation(models.TextChoices):
    """Wilson-Grau's substantiation step: independent people confirm an outcome, or not."""

    NOT_YET = "not_yet", _("nog niet getoetst")
    ASKED = "asked", _("voorgelegd")
    CONFIRMED = "confirmed", _("bevestigd")
    CONFIRMED_WITH_REMARKS = "remarks", _("bevestigd, met kanttekeningen")
    NOT_CONFIRMED = "not_confirmed", _("niet bevestigd")


class Teller(models.TextChoices):
    RESIDENT = "resident", _("bewoner")
    WORKER = "worker", _("opbouwwerker")
    PARTNER = "partner", _("partner")


class Story(TimeStampedModel):
    """A Most Significant Change story, as told; only its released text ever leaves the area."""

    area = models.ForeignKey(
        "areas.Area", verbose_name=_("gebied"), on_delete=models.PROTECT, related_name="stories"
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        verbose_name=_("initiatief"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stories",
    )
    domain = models.CharField(_("domein van verandering"), max_length=20, choices=Domain.choices)
    title = models.CharField(_("titel"), max_length=200)
    text = models.TextField(_("verhaal"), max_length=6000)
    why_significant = models.TextField(
        _("waarom is dit belangrijk voor de verteller?"), max_length=2000, blank=True
    )
    teller_role = models.CharField(_("verteld door"), max_length=20, choices=Teller.choices)
    teller_name = models.CharField(
        _("naam verteller"),
        max_length=200,
        blank=True,
        help_text=_("Alleen voor de terugkoppeling; komt nooit in een rapportage."),
    )
    told_on = models.DateField(_("verteld op"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="stories_recorded"
    )
    feedback = models.TextField(_("terugkoppeling aan de verteller"), max_length=2000, blank=True)
    feedback_on = models.DateField(_("teruggekoppeld op"), null=True, blank=True)
    released_text = models.TextField(_("vrijgegeven tekst"), blank=True)
    released_at = models.DateTimeField(_("vrijgegeven op"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stories_released",
    )
    # When the story as told was last edited (not feedback or release): a panel's choice made
    # before then was made on an earlier text, and the selection round says so.
    edited_at = models.DateTimeField(_("bewerkt op"), null=True, blank=True)

    class Meta:
        ordering = ["-told_on", "-id"]
        indexes = [models.Index(fields=["area", "told_on"], name="story_area_date")]
        verbose_name = _("verhaal")
        verbose_name_plural = _("verhalen")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:story_detail", kwargs={"pk": self.pk})

    @property
    def is_released(self) -> bool:
        return self.released_at is not None


class SelectionRound(TimeStampedModel):
    """A panel reads the stories of a period (and domain) and picks the most significant."""

    area = models.ForeignKey(
        "areas.Area", verbose_name=_("gebied"), on_delete=models.PROTECT, related_name="+"
    )
    domain = models.CharField(
        _("domein van verandering"),
        max_length=20,
        choices=Domain.choices,
        blank=True,
        help_text=_("Leeg: alle domeinen."),
    )
    period_start = models.DateField(_("verhalen vanaf"))
    period_end = models.DateField(_("verhalen tot en met"))
    panel = models.CharField(
        _("panel"),
        max_length=300,
        help_text=_("Wie kozen er, bijvoorbeeld: twee bewoners, het wijkteam, de gemeente."),
    )
    held_on = models.DateField(_("gekozen op"))
    level = models.PositiveSmallIntegerField(
        _("niveau"),
        choices=MscLevel.choices,
        default=MscLevel.NEIGHBOURHOOD,
        help_text=_(
            "Een ronde in de buurt kiest uit alle verhalen; een ronde op wijk- of "
            "financiersniveau kiest uit wat de ronde eronder koos."
        ),
    )
    previous_round = models.ForeignKey(
        "self",
        verbose_name=_("kiest uit de ronde"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_rounds",
    )
    values_discussed = models.TextField(
        _("welke waarden het panel besprak"),
        max_length=4000,
        blank=True,
        help_text=_(
            "Waarover het panel het eens en oneens was: wat vinden zij een belangrijke "
            "verandering, en waarom? Dit gaat mee naar het volgende niveau."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("selectieronde")
        verbose_name_plural = _("selectierondes")

    def __str__(self) -> str:
        return f"{self.area} {self.period_start:%d-%m-%Y}–{self.period_end:%d-%m-%Y}"

    def get_absolute_url(self) -> str:
        return reverse("reports:round_detail", kwargs={"pk": self.pk})


class StorySelection(models.Model):
    round = models.ForeignKey(SelectionRound, on_delete=models.CASCADE, related_name="selections")
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="selections")
    reason = models.TextField(_("waarom dit verhaal"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "story"], name="unique_story_selection")
        ]
        verbose_name = _("gekozen verhaal")
        verbose_name_plural = _("gekozen verhalen")

    def __str__(self) -> str:
        return f"{self.story} ({self.round})"

    @property
    def story_edited_since(self) -> bool:
        """The story was edited after the panel chose it: they read an earlier text."""
        edited = self.story.edited_at
        return edited is not None and edited > self.created_at


class Outcome(TimeStampedModel):
    """An outcome statement (outcome harvesting): who changed what, when and where."""

    area = models.ForeignKey(
        "areas.Area", verbose_name=_("gebied"), on_delete=models.PROTECT, related_name="outcomes"
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        verbose_name=_("initiatief"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outcomes",
    )
    actor = models.CharField(
        _("wie veranderde"),
        max_length=200,
        help_text=_("Een groep, organisatie of instantie; geen namen van bewoners."),
    )
    change = models.TextField(_("wat veranderde"), max_length=2000)
    occurred_on = models.DateField(_("wanneer"))
    place = models.CharField(_("waar"), max_length=200, blank=True)
    significance = models.TextField(_("betekenis"), max_length=2000)
    contribution = models.TextField(_("bijdrage van het opbouwwerk"), max_length=2000)
    substantiated_by = models.CharField(
        _("wie kan het bevestigen"),
        max_length=300,
        blank=True,
        help_text=_("Een rol of organisatie."),
    )
    # Blank only for statements recorded before the type was asked.
    change_type = models.CharField(
        _("soort verandering"), max_length=20, choices=ChangeType.choices, blank=True
    )
    substantiation = models.CharField(
        _("toetsing"),
        max_length=20,
        choices=Substantiation.choices,
        default=Substantiation.NOT_YET,
    )
    substantiation_note = models.TextField(
        _("wat de toetsing opleverde"), max_length=2000, blank=True
    )
    harvest = models.ForeignKey(
        "reports.Harvest",
        verbose_name=_("oogst"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outcomes",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("uitkomst")
        verbose_name_plural = _("uitkomsten")

    def __str__(self) -> str:
        return f"{self.actor}: {self.change[:60]}"


class Harvest(TimeStampedModel):
    """An outcome harvest designed with its users (Wilson-Grau 2019, step 1): who will use it,
    for what, and which questions it answers. Outcome statements are then harvested into it."""

    area = models.ForeignKey(
        "areas.Area", verbose_name=_("gebied"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("naam van de oogst"), max_length=200)
    intended_users = models.TextField(
        _("gebruikers van de oogst"),
        max_length=2000,
        help_text=_("Wie gaat de uitkomsten gebruiken, bijvoorbeeld de bewonerscommissie."),
    )
    uses = models.TextField(
        _("waarvoor zij de oogst gebruiken"),
        max_length=2000,
        help_text=_("Welke beslissing of welk gesprek de oogst moet voeden."),
    )
    questions = models.TextField(
        _("oogstvragen"),
        max_length=4000,
        help_text=_("De vragen die de oogst beantwoordt, één per regel."),
    )
    period_start = models.DateField(_("uitkomsten vanaf"))
    period_end = models.DateField(_("uitkomsten tot en met"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-period_end", "-id"]
        verbose_name = _("oogst")
        verbose_name_plural = _("oogsten")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:harvest_detail", kwargs={"pk": self.pk})

    @property
    def question_list(self) -> list[str]:
        return [line.strip() for line in self.questions.splitlines() if line.strip()]


class Report(TimeStampedModel):
    """A process report for an area or initiative over a period; drafts change, versions not."""

    area = models.ForeignKey(
        "areas.Area", verbose_name=_("gebied"), on_delete=models.PROTECT, related_name="reports"
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        verbose_name=_("initiatief"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
    )
    title = models.CharField(_("titel"), max_length=200)
    period_start = models.DateField(_("periode vanaf"))
    period_end = models.DateField(_("periode tot en met"))
    reflection = models.TextField(_("reflectie van de opbouwwerker"), max_length=8000, blank=True)
    stories = models.ManyToManyField(
        Story, verbose_name=_("verhalen"), blank=True, related_name="reports"
    )
    outcomes = models.ManyToManyField(
        Outcome, verbose_name=_("uitkomsten"), blank=True, related_name="reports"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-period_end", "-id"]
        verbose_name = _("rapportage")
        verbose_name_plural = _("rapportages")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", kwargs={"pk": self.pk})


class ReportVersion(models.Model):
    """An issued report: everything it showed, frozen as JSON."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versie"))
    issued_at = models.DateTimeField(_("uitgebracht op"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    snapshot = models.JSONField()

    class Meta:
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="unique_report_version")
        ]
        verbose_name = _("uitgebrachte versie")
        verbose_name_plural = _("uitgebrachte versies")

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"


class ReportMessage(models.Model):
    """The conversation about an issued report: the funder's response and the replies."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_role = models.CharField(max_length=20)
    text = models.TextField(_("reactie"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("reactie")
        verbose_name_plural = _("reacties")

    def __str__(self) -> str:
        return self.text[:60]


class NameHitConfirmation(models.Model):
    """A worker's confirmation that a word the name check found in a report is not a name.

    Tied to the word and the text around it: the same word elsewhere, or after the text
    changed, is checked again. Who confirmed it and why stays with the report (and in the
    audit trail).
    """

    report = models.ForeignKey(
        Report,
        verbose_name=_("rapportage"),
        on_delete=models.CASCADE,
        related_name="name_confirmations",
    )
    word = models.CharField(_("woord"), max_length=100)
    context = models.CharField(_("tekst eromheen"), max_length=300)
    key = models.CharField(_("sleutel"), max_length=64)
    reason = models.TextField(_("waarom geen naam"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bevestigd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("bevestigd op"))

    class Meta:
        verbose_name = _("bevestigde geen-naam")
        verbose_name_plural = _("bevestigde geen-namen")
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="reports_name_hit_once")
        ]

    def __str__(self) -> str:
        return f"{self.word} ({self.report_id})"
