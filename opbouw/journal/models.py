"""The journal (logboek): the one registration everything else is derived from."""

from django.conf import settings
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


KIND_STYLES = {
    EntryKind.CONTACT: "contact",
    EntryKind.HOME_VISIT: "visit",
    EntryKind.MEETING: "meeting",
    EntryKind.SIGNAL: "signal",
    EntryKind.OBSERVATION: "observation",
    EntryKind.PARTNER_MEETING: "meeting",
}


class SensitiveCategory(models.TextChoices):
    """Special categories of personal data (AVG art. 9 and 10).

    A note in one of these is read only by its author and the coordinator of its area.
    """

    HEALTH = "health", _("gezondheid")
    RELIGION = "religion", _("religie of levensovertuiging")
    ETHNICITY = "ethnicity", _("ras of etnische afkomst")
    SEXUALITY = "sexuality", _("seksueel gedrag of seksuele gerichtheid")
    POLITICS = "politics", _("politieke opvattingen")
    UNION = "union", _("lidmaatschap van een vakbond")
    CRIMINAL = "criminal", _("strafrechtelijke gegevens")


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
    def kind_style(self) -> str:
        """The timeline's colour family for this kind (see app.css .opbouw-entry--*)."""
        return KIND_STYLES[EntryKind(self.kind)]


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
