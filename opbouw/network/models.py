"""The neighbourhood's network: ties a worker records, introductions, stored metrics.

Most ties are derived, not stored: taking part in the same journal entry, being members of the
same group or initiative (see history.py). Stored here is what cannot be derived: a tie a
worker records directly (kent, helpt, werkt samen met), an introduction with the two yeses it
needs, and the metrics per area and period, so that a report can show the curve.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opbouw.areas.permissions import area_ids_for
from opbouw.core.models import TimeStampedModel
from opbouw.core.roles import JOURNAL_ROLES
from opbouw.people.models import Consent


class TieKind(models.TextChoices):
    KNOWS = "knows", _("kent")
    HELPS = "helps", _("helpt")
    WORKS_WITH = "works_with", _("werkt samen met")


class TieSource(models.TextChoices):
    RECORDED = "recorded", _("vastgelegd door een werker")
    INTRODUCTION = "introduction", _("na een kennismaking")


class DirectTie(TimeStampedModel):
    """A tie between two people that a worker knows of and records: dated, with its source."""

    person_a = models.ForeignKey(
        "people.Person", verbose_name=_("persoon"), on_delete=models.CASCADE, related_name="+"
    )
    person_b = models.ForeignKey(
        "people.Person", verbose_name=_("met"), on_delete=models.CASCADE, related_name="+"
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
        verbose_name = _("verbinding")
        verbose_name_plural = _("verbindingen")

    def __str__(self) -> str:
        return f"{self.person_a} {self.get_kind_display()} {self.person_b}"

    def clean(self) -> None:
        if self.person_a_id and self.person_a_id == self.person_b_id:
            raise ValidationError(
                {"person_b": _("Een verbinding is tussen twee verschillende mensen.")}
            )
        if self.since and self.since > timezone.localdate():
            raise ValidationError({"since": _("Een verbinding kan niet in de toekomst beginnen.")})
        if self.ended_on and self.since and self.ended_on < self.since:
            raise ValidationError({"ended_on": _("Het einde ligt vóór het begin.")})
        if self.recorded_by is not None and self.person_a_id and self.person_b_id:
            allowed = area_ids_for(self.recorded_by, JOURNAL_ROLES)
            if self.person_a.area_id not in allowed or self.person_b.area_id not in allowed:
                raise ValidationError(
                    _("U kunt alleen verbindingen vastleggen tussen mensen in uw gebieden.")
                )


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
