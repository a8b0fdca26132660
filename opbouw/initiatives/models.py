"""Resident initiatives (bewonersinitiatieven) from idea to self-run, and buurtbudget requests.

Links to siblings are declared by label, never by import: support moments point at
"journal.JournalEntry" and needs/offers at "assets.Asset". That is a dependency at the database
level (the migration depends on those apps) but not at the import level, which import-linter
keeps independent ("opbouw.journal | opbouw.initiatives | opbouw.assets").
"""

import uuid
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from opbouw.core.models import Theme, TimeStampedModel


class Stage(models.TextChoices):
    IDEA = "idea", _("idee")
    CORE = "core", _("kern gevormd")
    ACTION = "action", _("in actie")
    INDEPENDENT = "independent", _("zelfstandig")
    # Goal reached or a one-off done (a street party): an ending, not a failure.
    COMPLETED = "completed", _("afgerond")
    STOPPED = "stopped", _("gestopt")


# Stages that end an initiative's active life (no new grant, no position to take).
ENDED_STAGES = frozenset({"completed", "stopped"})


class Position(models.TextChoices):
    """Where the worker stands (the "ervoor, ernaast, erachter" of opbouwwerk)."""

    FRONT = "front", _("ervoor: de werker trekt")
    BESIDE = "beside", _("ernaast: samen met de bewoners")
    BEHIND = "behind", _("erachter: de bewoners trekken, de werker ondersteunt")


class MunicipalRole(models.TextChoices):
    """Overheidsparticipatie: the municipality's role towards a residents' initiative.

    The overheidsparticipatietrap of the Raad voor het openbaar bestuur, "Loslaten in
    vertrouwen" (ROB 2012): five steps, from leaving it to society to setting the rules.
    The participatieladder is not used for initiatives: it measures the influence a government
    grants residents over its own decision (see participation.py), not what residents achieve.
    """

    LET_GO = "let_go", _("loslaten")
    FACILITATE = "facilitate", _("faciliteren")
    STIMULATE = "stimulate", _("stimuleren")
    DIRECT = "direct", _("regisseren")
    REGULATE = "regulate", _("reguleren")


MUNICIPAL_ROLE_HELP = _(
    "Wat de gemeente doet voor dit bewonersinitiatief (de overheidsparticipatietrap van de "
    "Raad voor het openbaar bestuur, ‘Loslaten in vertrouwen’, 2012): loslaten (de gemeente "
    "laat het aan de bewoners), faciliteren (ruimte, middelen of kennis geven aan wat bewoners "
    "zelf doen), stimuleren (actief aanmoedigen en op gang helpen), regisseren (partijen "
    "verbinden en de samenhang bewaken) of reguleren (regels stellen en handhaven)."
)


class Initiative(TimeStampedModel):
    title = models.CharField(_("naam"), max_length=200)
    goal = models.TextField(_("doel"), max_length=4000)
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("gebied"), on_delete=models.PROTECT, related_name="initiatives"
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("thema's"), blank=True, related_name="initiatives"
    )
    stage = models.CharField(_("fase"), max_length=20, choices=Stage.choices, default=Stage.IDEA)
    stage_since = models.DateField(_("in deze fase sinds"))
    municipal_role = models.CharField(
        _("rol van de gemeente"),
        max_length=20,
        choices=MunicipalRole.choices,
        blank=True,
        help_text=MUNICIPAL_ROLE_HELP,
    )
    # What the migration from the participatieladder could not carry into a role, kept as text.
    municipal_role_note = models.TextField(
        _("toelichting bij de rol van de gemeente"), max_length=4000, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["title", "id"]
        indexes = [models.Index(fields=["area", "stage"], name="initiative_area_stage")]
        verbose_name = _("bewonersinitiatief")
        verbose_name_plural = _("bewonersinitiatieven")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("initiatives:detail", kwargs={"pk": self.pk})

    @property
    def stage_badge(self) -> str:
        return {
            Stage.IDEA: "neutral",
            Stage.CORE: "warning",
            Stage.ACTION: "active",
            Stage.INDEPENDENT: "success",
            Stage.COMPLETED: "success",
            Stage.STOPPED: "inactive",
        }[Stage(self.stage)]

    @property
    def has_ended(self) -> bool:
        return self.stage in ENDED_STAGES


class StageChange(models.Model):
    """A dated step in the initiative's life, with a note on why."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="stages")
    from_stage = models.CharField(_("van"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("naar"), max_length=20, choices=Stage.choices)
    changed_on = models.DateField(_("datum"))
    note = models.TextField(_("toelichting"), max_length=2000)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_on", "id"]
        verbose_name = _("faseovergang")
        verbose_name_plural = _("faseovergangen")

    def __str__(self) -> str:
        return f"{self.get_from_stage_display()} → {self.get_to_stage_display()}"


class MemberRole(models.TextChoices):
    LEAD = "lead", _("trekker")
    CORE = "core", _("kerngroep")
    PARTICIPANT = "participant", _("deelnemer")
    VOLUNTEER = "volunteer", _("vrijwilliger")


CORE_ROLES = frozenset({MemberRole.LEAD, MemberRole.CORE})


class Member(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "people.Person", verbose_name=_("persoon"), on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(_("rol"), max_length=20, choices=MemberRole.choices)
    since = models.DateField(_("sinds"))
    left_on = models.DateField(_("gestopt op"), null=True, blank=True)

    class Meta:
        ordering = ["role", "since", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "person"], name="unique_initiative_member"
            )
        ]
        verbose_name = _("lid van een initiatief")
        verbose_name_plural = _("leden van initiatieven")

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"

    @property
    def is_active(self) -> bool:
        return self.left_on is None


class NeedOffer(models.Model):
    class Kind(models.TextChoices):
        NEED = "need", _("nodig")
        OFFER = "offer", _("aanbod")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="needs")
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    description = models.CharField(_("wat"), max_length=300)
    # By label, not import: assets is a sibling app (see the module docstring).
    asset = models.ForeignKey(
        "assets.Asset",
        verbose_name=_("krachtbron"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_on = models.DateField(_("datum"))
    fulfilled_on = models.DateField(_("geregeld op"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["kind", "fulfilled_on", "created_on", "id"]
        verbose_name = _("vraag of aanbod")
        verbose_name_plural = _("vragen en aanbod")

    def __str__(self) -> str:
        return self.description


class SupportMoment(models.Model):
    """A journal entry in which the worker supported the initiative."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="support_moments"
    )
    # By label, not import: journal is a sibling app (see the module docstring).
    entry = models.ForeignKey(
        "journal.JournalEntry",
        verbose_name=_("logboekregel"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    stage = models.CharField(_("fase toen"), max_length=20, choices=Stage.choices)
    note = models.CharField(_("wat de steun was"), max_length=300, blank=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "entry"], name="unique_support_moment")
        ]
        verbose_name = _("steunmoment")
        verbose_name_plural = _("steunmomenten")

    def __str__(self) -> str:
        return f"{self.initiative} — {self.entry_id}"


class PositionChange(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="positions")
    stage = models.CharField(_("fase"), max_length=20, choices=Stage.choices)
    position = models.CharField(_("positie van de werker"), max_length=10, choices=Position.choices)
    note = models.CharField(_("toelichting"), max_length=500, blank=True)
    set_on = models.DateField(_("datum"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["set_on", "id"]
        verbose_name = _("positie van de werker")
        verbose_name_plural = _("posities van de werker")

    def __str__(self) -> str:
        return self.get_position_display()


class MunicipalRoleChange(models.Model):
    """A dated change in what the municipality does for the initiative."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="municipal_roles"
    )
    role = models.CharField(_("rol van de gemeente"), max_length=20, choices=MunicipalRole.choices)
    note = models.CharField(_("toelichting"), max_length=500, blank=True)
    set_on = models.DateField(_("datum"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["set_on", "id"]
        verbose_name = _("rol van de gemeente")
        verbose_name_plural = _("rollen van de gemeente")

    def __str__(self) -> str:
        return self.get_role_display()


# --- buurtbudget ----------------------------------------------------------------------------


class GrantStatus(models.TextChoices):
    DRAFT = "draft", _("concept")
    SUBMITTED = "submitted", _("ingediend")
    IN_REVIEW = "in_review", _("in behandeling")
    GRANTED = "granted", _("toegekend")
    REJECTED = "rejected", _("afgewezen")
    ACCOUNTED = "accounted", _("verantwoord")


class GrantApplication(TimeStampedModel):
    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiatief"), on_delete=models.CASCADE, related_name="grants"
    )
    title = models.CharField(_("titel"), max_length=200)
    goal = models.TextField(_("doel: wat wilt u bereiken?"), max_length=4000)
    own_contribution = models.DecimalField(
        _("eigen bijdrage (euro)"),
        max_digits=9,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    own_contribution_text = models.CharField(
        _("eigen bijdrage in natura"),
        max_length=500,
        blank=True,
        help_text=_("Bijvoorbeeld uren van vrijwilligers, een ruimte, materiaal."),
    )
    partners = models.ManyToManyField(
        "accounts.Organisation", verbose_name=_("partners"), blank=True, related_name="+"
    )
    partners_text = models.CharField(_("andere partners"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=GrantStatus.choices, default=GrantStatus.DRAFT
    )
    submitted_on = models.DateField(_("ingediend op"), null=True, blank=True)
    decided_on = models.DateField(_("besloten op"), null=True, blank=True)
    granted_amount = models.DecimalField(
        _("toegekend bedrag"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    report = models.TextField(_("verantwoording: wat is er gebeurd?"), blank=True, max_length=4000)
    spent_amount = models.DecimalField(
        _("uitgegeven bedrag"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    accounted_on = models.DateField(_("verantwoord op"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("buurtbudget-aanvraag")
        verbose_name_plural = _("buurtbudget-aanvragen")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("initiatives:grant_detail", kwargs={"pk": self.pk})

    @cached_property
    def requested_amount(self) -> Decimal:
        """The sum of the budget lines (minus nothing: the own contribution is on top)."""
        total = sum((line.amount for line in self.lines.all()), Decimal("0"))
        return total

    @property
    def status_badge(self) -> str:
        return {
            GrantStatus.DRAFT: "neutral",
            GrantStatus.SUBMITTED: "active",
            GrantStatus.IN_REVIEW: "warning",
            GrantStatus.GRANTED: "success",
            GrantStatus.REJECTED: "danger",
            GrantStatus.ACCOUNTED: "inactive",
        }[GrantStatus(self.status)]


class BudgetLine(models.Model):
    application = models.ForeignKey(
        GrantApplication, on_delete=models.CASCADE, related_name="lines"
    )
    description = models.CharField(_("post"), max_length=200)
    amount = models.DecimalField(
        _("bedrag (euro)"),
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("begrotingspost")
        verbose_name_plural = _("begrotingsposten")

    def __str__(self) -> str:
        return f"{self.description}: {self.amount}"


class Supporter(models.Model):
    """Draagvlak: a neighbour who supports the request (name and street, no house number)."""

    application = models.ForeignKey(
        GrantApplication, on_delete=models.CASCADE, related_name="supporters"
    )
    name = models.CharField(_("naam"), max_length=120)
    street = models.CharField(_("straat"), max_length=120, blank=True)
    added_on = models.DateField(_("datum"))

    class Meta:
        ordering = ["added_on", "id"]
        verbose_name = _("steunbetuiging")
        verbose_name_plural = _("steunbetuigingen")

    def __str__(self) -> str:
        return self.name


class GrantStatusChange(models.Model):
    """The decision trail: every status change, who made it, when, and why."""

    application = models.ForeignKey(
        GrantApplication, on_delete=models.CASCADE, related_name="trail"
    )
    from_status = models.CharField(max_length=20, choices=GrantStatus.choices)
    to_status = models.CharField(max_length=20, choices=GrantStatus.choices)
    reason = models.TextField(_("reden"), blank=True, max_length=2000)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("besluitstap")
        verbose_name_plural = _("besluitstappen")

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class UploadStorage(FileSystemStorage):
    """Files under settings.OPBOUW_UPLOAD_ROOT, read at each use (tests move it), no URL."""

    def __init__(self) -> None:
        super().__init__(base_url=None)

    @property
    def base_location(self) -> str:
        return str(settings.OPBOUW_UPLOAD_ROOT)

    @property
    def location(self) -> str:
        return str(Path(settings.OPBOUW_UPLOAD_ROOT).resolve())

    def url(self, name: str | None) -> str:
        raise ValueError("uploads are served only through initiatives:attachment")


upload_storage = UploadStorage()


def upload_path(instance: "Attachment", filename: str) -> str:
    """A random name; the uploader's file name is kept in the row, never in the path."""
    suffix = Path(filename).suffix.lower()
    return f"grants/{instance.application_id}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("bon of factuur")
        PHOTO = "photo", _("foto")

    application = models.ForeignKey(
        GrantApplication, on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    file = models.FileField(storage=upload_storage, upload_to=upload_path, max_length=200)
    original_name = models.CharField(_("bestandsnaam"), max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    description = models.CharField(_("omschrijving"), max_length=200, blank=True)
    amount = models.DecimalField(
        _("bedrag (euro)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")

    def __str__(self) -> str:
        return self.original_name


# Participation processes are in their own module; imported here so Django registers the model.
from .cashbox import CashEntry  # noqa: E402, F401
from .delegation import GrantDelegation  # noqa: E402, F401
from .participation import ParticipationProcess  # noqa: E402, F401
