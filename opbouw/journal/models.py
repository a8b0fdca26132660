"""The journal (logboek): the one registration everything else is derived from."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from opbouw.core.models import Theme, TimeStampedModel


class EntryKind(models.TextChoices):
    CONTACT = "contact", _("gesprek / contact")
    HOME_VISIT = "home_visit", _("huisbezoek")
    MEETING = "meeting", _("bijeenkomst / activiteit")
    SIGNAL = "signal", _("signaal")
    OBSERVATION = "observation", _("observatie")
    PARTNER_MEETING = "partner_meeting", _("partneroverleg")
    # Counts only: a round along the doors of a street or portiek names nobody.
    DOOR_ROUND = "door_round", _("deur-aan-deur- of portiekronde")


# Kinds that record counts only: no named participants, no new contacts.
COUNTS_ONLY_KINDS = frozenset({EntryKind.DOOR_ROUND})


class Purpose(models.TextChoices):
    """What an entry is for: the worker's own classification, the basis of the collective share.

    Signalling counts as collective work (docs/practice.md, "Collectief werk naar doel").
    """

    COLLECTIVE = "collective", _("gedeeld vraagstuk of collectieve kracht")
    INDIVIDUAL = "individual", _("individuele vraag")
    NETWORK = "network", _("netwerkonderhoud")


# The purpose a new entry of each kind starts with; the worker can change it.
KIND_DEFAULT_PURPOSE = {
    EntryKind.CONTACT: Purpose.INDIVIDUAL,
    EntryKind.HOME_VISIT: Purpose.INDIVIDUAL,
    EntryKind.MEETING: Purpose.COLLECTIVE,
    EntryKind.SIGNAL: Purpose.COLLECTIVE,
    EntryKind.OBSERVATION: Purpose.COLLECTIVE,
    EntryKind.PARTNER_MEETING: Purpose.NETWORK,
    EntryKind.DOOR_ROUND: Purpose.COLLECTIVE,
}


class CountCategory(models.TextChoices):
    """Categories to count participants by, without naming anyone."""

    AGE_0_12 = "age_0_12", _("kinderen (0-12)")
    AGE_13_17 = "age_13_17", _("jongeren (13-17)")
    AGE_18_26 = "age_18_26", _("jongvolwassenen (18-26)")
    AGE_27_65 = "age_27_65", _("volwassenen (27-65)")
    AGE_66 = "age_66", _("ouderen (66+)")
    NEWCOMER = "newcomer", _("nieuw: voor het eerst")
    REGULAR = "regular", _("bekend: eerder geweest")
    DOORS_KNOCKED = "doors_knocked", _("deuren aangebeld")
    DOORS_OPENED = "doors_opened", _("deuren opengedaan")


# Categories that divide the people present (each group sums to at most the anonymous total).
COUNT_DIMENSIONS = {
    "age": (
        CountCategory.AGE_0_12,
        CountCategory.AGE_13_17,
        CountCategory.AGE_18_26,
        CountCategory.AGE_27_65,
        CountCategory.AGE_66,
    ),
    "familiarity": (CountCategory.NEWCOMER, CountCategory.REGULAR),
}
DOOR_CATEGORIES = (CountCategory.DOORS_KNOCKED, CountCategory.DOORS_OPENED)


KIND_STYLES = {
    EntryKind.CONTACT: "contact",
    EntryKind.HOME_VISIT: "visit",
    EntryKind.MEETING: "meeting",
    EntryKind.SIGNAL: "signal",
    EntryKind.OBSERVATION: "observation",
    EntryKind.PARTNER_MEETING: "meeting",
    EntryKind.DOOR_ROUND: "observation",
}


class SensitiveCategory(models.TextChoices):
    """Special categories of personal data (AVG art. 9 and 10), and debts.

    A note in one of these is read only by its author and the coordinator of its area.
    """

    HEALTH = "health", _("gezondheid")
    RELIGION = "religion", _("religie of levensovertuiging")
    ETHNICITY = "ethnicity", _("ras of etnische afkomst")
    SEXUALITY = "sexuality", _("seksueel gedrag of seksuele gerichtheid")
    POLITICS = "politics", _("politieke opvattingen")
    UNION = "union", _("lidmaatschap van een vakbond")
    CRIMINAL = "criminal", _("strafrechtelijke gegevens")
    # Not a special category in law, but as sensitive in the neighbourhood: read as one.
    FINANCES = "finances", _("schulden of geldzorgen")


class JournalEntry(TimeStampedModel):
    kind = models.CharField(_("soort"), max_length=20, choices=EntryKind.choices)
    occurred_on = models.DateField(_("datum"))
    duration_minutes = models.PositiveSmallIntegerField(_("duur (minuten)"), null=True, blank=True)
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("gebied"),
        on_delete=models.PROTECT,
        related_name="entries",
        # No index of its own: entry_area_date starts with area and serves the same lookups;
        # an index on area alone tempts SQLite into sorting all of an area's entries.
        db_index=False,
    )
    place = models.ForeignKey(
        "areas.Place",
        verbose_name=_("plek"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="entries",
    )
    people = models.ManyToManyField(
        "people.Person", verbose_name=_("deelnemers"), blank=True, related_name="entries"
    )
    groups = models.ManyToManyField(
        "people.Group", verbose_name=_("groepen"), blank=True, related_name="entries"
    )
    organisations = models.ManyToManyField(
        "accounts.Organisation",
        verbose_name=_("organisaties"),
        blank=True,
        related_name="entries",
    )
    anonymous_count = models.PositiveIntegerField(
        _("anonieme aanwezigen"),
        default=0,
        help_text=_("Aantal aanwezigen van wie u geen naam vastlegt."),
    )
    purpose = models.CharField(
        _("waarvoor"),
        max_length=20,
        choices=Purpose.choices,
        help_text=_(
            "Waar dit contact voor was. Het collectieve aandeel in rapportages wordt hieruit "
            "berekend; een signaal telt als collectief."
        ),
    )
    purpose_guessed = models.BooleanField(
        _("doel geschat"),
        default=False,
        help_text=_(
            "Het doel is bij de overstap geschat uit de oude regel (soort en aantal "
            "aanwezigen), niet door de opbouwwerker gekozen."
        ),
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("thema's"), blank=True, related_name="entries"
    )
    note = models.TextField(_("notitie"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.PROTECT,
        related_name="journal_entries",
    )
    sensitive_category = models.CharField(
        _("bijzondere persoonsgegevens"),
        max_length=20,
        choices=SensitiveCategory.choices,
        blank=True,
        default="",
        help_text=_(
            "Gaat de notitie over gezondheid, religie, afkomst, seksualiteit, politieke "
            "opvattingen, vakbondslidmaatschap of strafrechtelijke gegevens? Kies dan de "
            "categorie: alleen u en de coördinator van het gebied kunnen de notitie dan lezen."
        ),
    )

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [
            # kind at the end: the timeline's kind filter is checked in the index, without
            # reading the rows it skips.
            models.Index(fields=["area", "-occurred_on", "-id", "kind"], name="entry_area_date"),
            models.Index(fields=["-occurred_on", "-id"], name="entry_date"),
        ]
        verbose_name = _("logboekregel")
        verbose_name_plural = _("logboek")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on:%d-%m-%Y}"

    def get_absolute_url(self) -> str:
        return reverse("journal:detail", kwargs={"pk": self.pk})

    @property
    def is_sensitive(self) -> bool:
        return bool(self.sensitive_category)

    @property
    def counts_only(self) -> bool:
        return self.kind in COUNTS_ONLY_KINDS

    @property
    def kind_style(self) -> str:
        """The timeline's colour family for this kind (see app.css .opbouw-entry--*)."""
        return KIND_STYLES[EntryKind(self.kind)]


class ParticipantCount(models.Model):
    """How many people of one category took part, with nobody named."""

    entry = models.ForeignKey(
        JournalEntry, on_delete=models.CASCADE, related_name="participant_counts"
    )
    category = models.CharField(_("categorie"), max_length=20, choices=CountCategory.choices)
    count = models.PositiveIntegerField(_("aantal"))

    class Meta:
        ordering = ["entry", "category"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "category"], name="unique_entry_count")
        ]
        verbose_name = _("aantal deelnemers")
        verbose_name_plural = _("aantallen deelnemers")

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.count}"


class FollowUp(TimeStampedModel):
    """An action that follows from an entry (bellen, langsgaan, uitzoeken) with a due date."""

    entry = models.ForeignKey(JournalEntry, on_delete=models.CASCADE, related_name="follow_ups")
    description = models.CharField(_("actie"), max_length=300)
    due_on = models.DateField(_("uiterlijk op"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("wie"),
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    done_on = models.DateField(_("afgerond op"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["assignee", "done_on", "due_on"])]
        verbose_name = _("vervolgactie")
        verbose_name_plural = _("vervolgacties")

    def __str__(self) -> str:
        return self.description


class SignalConsent(models.TextChoices):
    """Why an individual signal may go to a partner: stricter than the consent to share a name."""

    NOT_PERSONAL = "not_personal", _("niet over een herkenbare bewoner")
    CONSENT = "consent", _("de bewoner stemde in met dit signaal aan deze partner")
    SAFETY = "safety", _("acute onveiligheid (meldcode), zonder toestemming")


# Partners to whom a signal about a person needs that person's consent for this very signal.
STRICT_SIGNAL_KINDS = frozenset({"police", "care"})


class Signal(TimeStampedModel):
    """Something a worker forwards to a partner or the municipality, with follow-up."""

    class Status(models.TextChoices):
        OPEN = "open", _("nog door te geven")
        FORWARDED = "forwarded", _("doorgegeven")
        IN_PROGRESS = "in_progress", _("in behandeling")
        RESOLVED = "resolved", _("afgehandeld")
        CLOSED = "closed", _("gesloten zonder actie")

    entry = models.ForeignKey(JournalEntry, on_delete=models.CASCADE, related_name="signals")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("doorgegeven aan"),
        on_delete=models.PROTECT,
        related_name="signals",
    )
    description = models.CharField(_("signaal"), max_length=500)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    status_note = models.CharField(_("toelichting status"), max_length=500, blank=True)
    consent = models.CharField(
        _("grondslag voor het doorgeven"),
        max_length=20,
        choices=SignalConsent.choices,
        default=SignalConsent.NOT_PERSONAL,
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")

    def __str__(self) -> str:
        return self.description

    @property
    def is_open(self) -> bool:
        return self.status not in {self.Status.RESOLVED, self.Status.CLOSED}

    @property
    def status_badge(self) -> str:
        """The NL Design System status-badge variant for this status."""
        return {
            self.Status.OPEN: "warning",
            self.Status.FORWARDED: "active",
            self.Status.IN_PROGRESS: "active",
            self.Status.RESOLVED: "success",
            self.Status.CLOSED: "inactive",
        }[Signal.Status(self.status)]


class BundledSignal(TimeStampedModel):
    """A signaal aan beleid: a shared issue taken to the municipality by residents with the
    worker, built from journal entries, answered by the municipality and fed back to residents.
    """

    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("gebied"),
        on_delete=models.PROTECT,
        related_name="bundled_signals",
    )
    title = models.CharField(_("vraagstuk"), max_length=200)
    households = models.PositiveIntegerField(
        _("huishoudens"), help_text=_("Hoeveel huishoudens hebben met dit vraagstuk te maken?")
    )
    evidence = models.TextField(
        _("onderbouwing"),
        max_length=4000,
        help_text=_("Wat is er gezien, geteld of gemeten, en wanneer? Zonder namen."),
    )
    residents_words = models.TextField(
        _("in de woorden van bewoners"),
        max_length=4000,
        blank=True,
        help_text=_("Wat bewoners zelf zeggen, zonder namen, alleen met hun instemming."),
    )
    residents_words_consent = models.BooleanField(
        _("bewoners stemden in met het citeren van hun woorden"), default=False
    )
    presented_by = models.CharField(
        _("wie brengt het in"),
        max_length=300,
        help_text=_("Bij voorkeur bewoners samen met de opbouwwerker, zonder achternamen."),
    )
    addressed_to = models.CharField(_("aan wie bij de gemeente"), max_length=200, blank=True)
    presented_on = models.DateField(_("ingebracht op"), null=True, blank=True)
    answer = models.TextField(_("antwoord van de gemeente"), max_length=4000, blank=True)
    answered_on = models.DateField(_("beantwoord op"), null=True, blank=True)
    answer_deadline = models.DateField(
        _("toegezegd vóór"),
        null=True,
        blank=True,
        help_text=_("De datum waarop de gemeente heeft toegezegd te antwoorden of te handelen."),
    )
    feedback = models.TextField(_("terugkoppeling aan bewoners"), max_length=4000, blank=True)
    feedback_on = models.DateField(_("teruggekoppeld op"), null=True, blank=True)
    entries = models.ManyToManyField(
        JournalEntry, verbose_name=_("logboekregels"), blank=True, related_name="bundled_signals"
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("thema's"), blank=True, related_name="bundled_signals"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opbouwwerker"),
        on_delete=models.PROTECT,
        related_name="bundled_signals",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("signaal aan beleid")
        verbose_name_plural = _("signalen aan beleid")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("journal:bundle_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.residents_words.strip() and not self.residents_words_consent:
            errors["residents_words_consent"] = _(
                "Citeer bewoners alleen als zij daarmee instemden."
            )
        if (self.answer.strip() or self.answered_on) and not self.presented_on:
            errors["presented_on"] = _("Een antwoord volgt op het inbrengen: vul die datum in.")
        if self.answer.strip() and not self.answered_on:
            errors["answered_on"] = _("Wanneer antwoordde de gemeente?")
        if self.answered_on and not self.answer.strip():
            errors["answer"] = _("Wat antwoordde de gemeente?")
        if self.feedback.strip() and not self.feedback_on:
            errors["feedback_on"] = _("Wanneer hebt u de bewoners teruggekoppeld?")
        if self.feedback_on and not self.feedback.strip():
            errors["feedback"] = _("Wat hebt u de bewoners teruggekoppeld?")
        if self.presented_on and self.answered_on and self.answered_on < self.presented_on:
            errors["answered_on"] = _("Het antwoord kan niet vóór het inbrengen liggen.")
        if errors:
            raise ValidationError(errors)

    @property
    def stage(self) -> str:
        if self.feedback_on:
            return str(_("teruggekoppeld aan bewoners"))
        if self.answered_on:
            return str(_("beantwoord door de gemeente"))
        if self.presented_on:
            return str(_("ingebracht, wacht op antwoord"))
        return str(_("in voorbereiding"))
