"""The neighbourhood's network: ties a worker records, introductions, stored metrics.

Most ties are derived, not stored: taking part in the same journal entry, being members of the
same group or initiative (see history.py). Stored here is what cannot be derived: a tie a
worker records directly (kent, helpt, werkt samen met) between people, groups and
organisations, an introduction (between two people) with the two yeses it needs, and the
metrics per area and period, so that a report can show the curve.
"""

from collections.abc import Collection

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opbouw.accounts.models import Organisation
from opbouw.areas.permissions import area_ids_for
from opbouw.core.models import TimeStampedModel
from opbouw.core.roles import JOURNAL_ROLES
from opbouw.people.models import Consent, Group, Person

from .ties import GROUP, ORGANISATION, PERSON, node_key


class TieKind(models.TextChoices):
    KNOWS = "knows", _("kent")
    HELPS = "helps", _("helpt")
    WORKS_WITH = "works_with", _("werkt samen met")


class TieSource(models.TextChoices):
    RECORDED = "recorded", _("vastgelegd door een werker")
    INTRODUCTION = "introduction", _("na een kennismaking")
    # Named by the residents themselves, e.g. on a network map drawn with them: the only
    # source that says who knows whom in their own words; shown as such wherever it appears.
    SELF_REPORTED = "self_reported", _("door bewoners zelf genoemd (netwerkkaart)")


# The sources a worker may choose when recording a tie (an introduction records its own).
RECORDABLE_SOURCES = (TieSource.RECORDED, TieSource.SELF_REPORTED)


# Which end of a recorded tie is which: exactly one of these fields is set on each side.
END_FIELDS = {PERSON: "person", GROUP: "group", ORGANISATION: "organisation"}
TieEnd = Person | Group | Organisation


def kind_of_end(end: object) -> str | None:
    """person, group or organisation; None for anything else."""
    if isinstance(end, Person):
        return PERSON
    if isinstance(end, Group):
        return GROUP
    if isinstance(end, Organisation):
        return ORGANISATION
    return None


def _one_end(side: str) -> Q:
    person, group, organisation = (
        Q(**{f"{field}_{side}__isnull": False}) for field in END_FIELDS.values()
    )
    return (
        (person & ~group & ~organisation)
        | (~person & group & ~organisation)
        | (~person & ~group & organisation)
    )


class DirectTie(TimeStampedModel):
    """A tie a worker knows of and records: dated, with its source. Each end (a, b) is a
    person, a group or an organisation: exactly one of person_x, group_x, organisation_x."""

    person_a = models.ForeignKey(
        "people.Person",
        verbose_name=_("persoon"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    group_a = models.ForeignKey(
        "people.Group",
        verbose_name=_("groep"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation_a = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    person_b = models.ForeignKey(
        "people.Person",
        verbose_name=_("met"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    group_b = models.ForeignKey(
        "people.Group",
        verbose_name=_("met groep"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation_b = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("met organisatie"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("soort band"), max_length=20, choices=TieKind.choices)
    since = models.DateField(_("sinds"))
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)
    source = models.CharField(
        _("bron"), max_length=20, choices=TieSource.choices, default=TieSource.RECORDED
    )
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-since", "-id"]
        indexes = [
            models.Index(fields=["person_a", "since"], name="direct_tie_a"),
            models.Index(fields=["person_b", "since"], name="direct_tie_b"),
        ]
        constraints = [
            models.CheckConstraint(condition=_one_end("a"), name="direct_tie_one_end_a"),
            models.CheckConstraint(condition=_one_end("b"), name="direct_tie_one_end_b"),
        ]
        verbose_name = _("verbinding")
        verbose_name_plural = _("verbindingen")

    def __str__(self) -> str:
        return f"{self.end_a} {self.get_kind_display()} {self.end_b}"

    def end(self, side: str) -> TieEnd | None:
        """The person, group or organisation at end `side` ("a" or "b")."""
        for field in END_FIELDS.values():
            if getattr(self, f"{field}_{side}_id") is not None:
                value: TieEnd | None = getattr(self, f"{field}_{side}")
                return value
        return None

    def set_end(self, side: str, end: TieEnd) -> None:
        kind = kind_of_end(end)
        if kind is None:
            raise ValidationError(
                _("Een verbinding is met een persoon, een groep of een organisatie.")
            )
        for field in END_FIELDS.values():
            setattr(self, f"{field}_{side}", end if field == END_FIELDS[kind] else None)

    def end_key(self, side: str) -> str | None:
        """The node key of end `side` ("p12", "g3", "o5"), as the derived network names it."""
        for kind, field in END_FIELDS.items():
            pk = getattr(self, f"{field}_{side}_id")
            if pk is not None:
                return node_key(kind, pk)
        return None

    @property
    def end_a(self) -> TieEnd | None:
        return self.end("a")

    @property
    def end_b(self) -> TieEnd | None:
        return self.end("b")

    def clean(self) -> None:
        for side in ("a", "b"):
            set_fields = [
                field for field in END_FIELDS.values() if getattr(self, f"{field}_{side}_id")
            ]
            if len(set_fields) != 1:
                raise ValidationError(
                    {f"person_{side}": _("Kies aan elke kant één persoon, groep of organisatie.")}
                )
        if self.end_key("a") == self.end_key("b"):
            raise ValidationError(
                {
                    "person_b": _(
                        "Een verbinding is tussen twee verschillende mensen, groepen of "
                        "organisaties."
                    )
                }
            )
        if self.since and self.since > timezone.localdate():
            raise ValidationError({"since": _("Een verbinding kan niet in de toekomst beginnen.")})
        if self.ended_on and self.since and self.ended_on < self.since:
            raise ValidationError({"ended_on": _("Het einde ligt vóór het begin.")})
        if self.recorded_by is not None:
            allowed = area_ids_for(self.recorded_by, JOURNAL_ROLES)
            if not all(end_visible(self.end(side), allowed) for side in ("a", "b")):
                raise ValidationError(
                    _("U kunt alleen verbindingen vastleggen met mensen en groepen in uw gebieden.")
                )


def end_visible(end: TieEnd | None, allowed: Collection[int]) -> bool:
    """Whether a worker with these areas may name this end in a tie: a person or group of
    their areas; any organisation (as in the journal, where a worker may name any)."""
    if isinstance(end, Person | Group):
        return end.area_id in allowed
    return isinstance(end, Organisation)


class Period(models.TextChoices):
    MONTH = "month", _("maand")
    YEAR = "year", _("jaar")


class NetworkSnapshot(models.Model):
    """The network metrics of one area over one month or year (recomputable, idempotent)."""

    area = models.ForeignKey(
        "areas.Area", on_delete=models.CASCADE, related_name="network_snapshots"
    )
    period = models.CharField(_("periode"), max_length=10, choices=Period.choices)
    starts_on = models.DateField(_("van"))
    ends_on = models.DateField(_("tot en met"))
    metrics = models.JSONField(default=dict)
    # Months only: the picture without names (see measure.drawing), read by the network page.
    picture = models.JSONField(default=dict, blank=True)
    seconds = models.FloatField(default=0.0)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["area", "period", "starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "period", "starts_on"], name="unique_network_snapshot"
            )
        ]
        verbose_name = _("netwerkmeting")
        verbose_name_plural = _("netwerkmetingen")

    def __str__(self) -> str:
        return f"{self.area_id} {self.period} {self.starts_on:%Y-%m}"


class NetworkThemeTies(models.Model):
    """One theme's ties in a stored month (see snapshots.py): what the network page filtered
    by that theme is derived from, instead of the month's whole journal. Stored for every
    theme with each month (empty when the theme had no ties), so a missing row means the month
    was stored before themes were, or the theme is newer: the page then derives it as before.

    `ties`: {"nodes": [key, …], "source_sets": [[source, …], …], "ties": [[node index, node
    index, weight, source set index, lasting (1: also in the month before's network)], …]}, in
    the order the analysis met them (the picture's layout depends on it)."""

    snapshot = models.ForeignKey(
        NetworkSnapshot, on_delete=models.CASCADE, related_name="theme_ties"
    )
    theme = models.ForeignKey("core.Theme", on_delete=models.CASCADE, related_name="+")
    ties = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "theme"], name="unique_network_theme_ties")
        ]
        verbose_name = _("netwerkmeting per thema")
        verbose_name_plural = _("netwerkmetingen per thema")

    def __str__(self) -> str:
        return f"{self.snapshot} {self.theme_id}"


class IntroductionStatus(models.TextChoices):
    PROPOSED = "proposed", _("voorgesteld")
    ACCEPTED_BY_A = "accepted_by_a", _("eerste persoon zegt ja")
    ACCEPTED_BY_B = "accepted_by_b", _("tweede persoon zegt ja")
    DONE = "done", _("kennisgemaakt")
    DECLINED = "declined", _("afgewezen")


class Introduction(TimeStampedModel):
    """A worker proposes that two people meet; it happens only when both say yes."""

    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voorgesteld door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    person_a = models.ForeignKey(
        "people.Person", verbose_name=_("persoon"), on_delete=models.CASCADE, related_name="+"
    )
    person_b = models.ForeignKey(
        "people.Person", verbose_name=_("met"), on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("waarom"), max_length=500)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=IntroductionStatus.choices,
        default=IntroductionStatus.PROPOSED,
    )
    proposed_on = models.DateField(_("voorgesteld op"))
    # Each yes (or no) is a consent for this one introduction: when, how and who recorded it.
    a_answered_on = models.DateField(null=True, blank=True)
    a_source = models.CharField(max_length=20, choices=Consent.Source.choices, blank=True)
    a_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    b_answered_on = models.DateField(null=True, blank=True)
    b_source = models.CharField(max_length=20, choices=Consent.Source.choices, blank=True)
    b_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_on = models.DateField(_("afgerond op"), null=True, blank=True)
    tie = models.ForeignKey(
        DirectTie, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entry = models.ForeignKey(
        "journal.JournalEntry", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-proposed_on", "-id"]
        indexes = [
            models.Index(fields=["person_a", "status"], name="introduction_a"),
            models.Index(fields=["person_b", "status"], name="introduction_b"),
        ]
        verbose_name = _("kennismaking")
        verbose_name_plural = _("kennismakingen")

    def __str__(self) -> str:
        return f"{self.person_a} ↔ {self.person_b} ({self.get_status_display()})"

    def clean(self) -> None:
        if self.person_a_id and self.person_a_id == self.person_b_id:
            raise ValidationError(
                {"person_b": _("Een kennismaking is tussen twee verschillende mensen.")}
            )
        if self.proposer_id and self.person_a_id and self.person_b_id:
            allowed = area_ids_for(self.proposer, JOURNAL_ROLES)
            if self.person_a.area_id not in allowed or self.person_b.area_id not in allowed:
                raise ValidationError(
                    _("U kunt alleen mensen in uw eigen gebieden aan elkaar voorstellen.")
                )

    @property
    def is_open(self) -> bool:
        return self.status not in {IntroductionStatus.DONE, IntroductionStatus.DECLINED}

    def answered(self, side: str) -> bool:
        return getattr(self, f"{side}_answered_on") is not None

    def side_of(self, person_id: int) -> str | None:
        if person_id == self.person_a_id:
            return "a"
        if person_id == self.person_b_id:
            return "b"
        return None
