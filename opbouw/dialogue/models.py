"""Pol.is-style conversations: statements, participants, votes and the stored analyses.

A participant is pseudonymous: a random key (kept in a signed cookie on the participant's
phone), or an account, and optionally a self-declared role and buurt. Nothing else about them
is stored. The latest vote of a participant on a statement counts (``Vote``, updated in
place); every vote is also appended to ``VoteEvent``, a cheap history that the Pol.is export
and the recompute debounce read.
"""

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opbouw.core.models import Theme, TimeStampedModel

STATEMENT_MIN_LENGTH = 3
STATEMENT_MAX_LENGTH = 280
# Imported Pol.is conversations keep their comments as published, some of them longer than
# what we accept from new statements; the column allows that much.
STATEMENT_STORED_MAX_LENGTH = 1000


def new_invite_token() -> str:
    return secrets.token_urlsafe(12)


def new_participant_key() -> str:
    return secrets.token_urlsafe(16)


class DeclaredRole(models.TextChoices):
    """How a participant describes themself; optional, and only what they choose to say."""

    RESIDENT = "resident", _("bewoner")
    ENTREPRENEUR = "entrepreneur", _("ondernemer")
    PROFESSIONAL = "professional", _("professional")
    MUNICIPALITY = "municipality", _("gemeente")
    OTHER = "other", _("anders")


class Conversation(TimeStampedModel):
    class Moderation(models.TextChoices):
        STRICT = "strict", _("streng: een nieuwe stelling verschijnt na goedkeuring")
        PERMISSIVE = "permissive", _("open: een nieuwe stelling verschijnt direct")

    question = models.CharField(_("vraag"), max_length=200)
    description = models.TextField(_("toelichting"), max_length=2000, blank=True)
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("gebied"),
        on_delete=models.PROTECT,
        related_name="conversations",
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("thema's"), blank=True, related_name="conversations"
    )
    opens_at = models.DateTimeField(_("open vanaf"), null=True, blank=True)
    closes_at = models.DateTimeField(_("sluit op"), null=True, blank=True)
    moderation = models.CharField(
        _("moderatie"), max_length=12, choices=Moderation.choices, default=Moderation.STRICT
    )
    accepts_statements = models.BooleanField(
        _("deelnemers mogen stellingen toevoegen"), default=True
    )
    invite_token = models.CharField(
        _("uitnodigingscode"), max_length=32, unique=True, default=new_invite_token, editable=False
    )
    imported_from = models.CharField(_("geïmporteerd uit"), max_length=200, blank=True)
    # Bumped whenever a statement is added, approved or hidden: the key of the per-process
    # cache of visible statements (cache.py).
    statements_version = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Bookkeeping of the background analysis (see snapshots.py): when a recompute was
    # claimed, and what the last stored analysis covered.
    analysis_queued_at = models.DateTimeField(null=True, blank=True, editable=False)
    analysed_at = models.DateTimeField(null=True, blank=True, editable=False)
    analysed_event_id = models.BigIntegerField(default=0, editable=False)
    analysis_seconds = models.FloatField(default=0.0, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["area", "-created_at"], name="conversation_area")]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=F("opens_at")),
                name="conversation_closes_after_opening",
            )
        ]
        verbose_name = _("gesprek")
        verbose_name_plural = _("gesprekken")

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return reverse("dialogue:detail", kwargs={"pk": self.pk})

    def get_participation_url(self) -> str:
        return reverse("dialogue:participate", kwargs={"token": self.invite_token})

    def has_opened(self, now: dt.datetime | None = None) -> bool:
        return self.opens_at is None or self.opens_at <= (now or timezone.now())

    def has_closed(self, now: dt.datetime | None = None) -> bool:
        return self.closes_at is not None and self.closes_at <= (now or timezone.now())

    def is_open(self, now: dt.datetime | None = None) -> bool:
        moment = now or timezone.now()
        return self.has_opened(moment) and not self.has_closed(moment)

    @property
    def status_label(self) -> str:
        if not self.has_opened():
            return str(_("nog niet open"))
        if self.has_closed():
            return str(_("gesloten"))
        return str(_("open"))

    @property
    def status_badge(self) -> str:
        """The NL Design System status-badge variant for the state of the conversation."""
        if not self.has_opened():
            return "neutral"
        return "inactive" if self.has_closed() else "active"


class Participant(models.Model):
    """Someone taking part in one conversation, by random key or account, nothing more."""

    class Source(models.TextChoices):
        WEB = "web", _("online")
        PAPER = "paper", _("papieren stemkaart")
        IMPORT = "import", _("geïmporteerd")

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    key = models.CharField(max_length=64, default=new_participant_key, editable=False)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.WEB)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conversation_participations",
    )
    declared_role = models.CharField(
        _("ik doe mee als"), max_length=16, choices=DeclaredRole.choices, blank=True
    )
    buurt = models.ForeignKey(
        "areas.Area",
        verbose_name=_("buurt"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "key"], name="participant_key"),
            models.UniqueConstraint(
                fields=["conversation", "user"],
                condition=Q(user__isnull=False),
                name="participant_user",
            ),
        ]
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")

    def __str__(self) -> str:
        return str(_("deelnemer #%(number)s") % {"number": self.pk})

    @property
    def paper_code(self) -> str:
        """The code written on a paper voting card ("K12"), for paper participants."""
        prefix = f"{self.Source.PAPER}:"
        return self.key[len(prefix) :] if self.key.startswith(prefix) else ""


class Statement(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("wacht op moderatie")
        APPROVED = "approved", _("zichtbaar")
        HIDDEN = "hidden", _("verborgen")

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="statements"
    )
    # Per conversation, from 1 (or as imported): what a voting card and the export call it.
    number = models.PositiveIntegerField(_("nummer"))
    text = models.CharField(_("stelling"), max_length=STATEMENT_STORED_MAX_LENGTH)
    author = models.ForeignKey(
        Participant,
        verbose_name=_("ingediend door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="statements",
    )
    is_seed = models.BooleanField(_("startstelling"), default=False)
    is_meta = models.BooleanField(
        _("over de deelnemers"),
        default=False,
        help_text=_("Bijvoorbeeld ‘Ik woon in Berflo Es’: telt niet mee voor de groepen."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    near_duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("lijkt op"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "number"], name="statement_number")
        ]
        indexes = [models.Index(fields=["conversation", "status"], name="statement_status")]
        verbose_name = _("stelling")
        verbose_name_plural = _("stellingen")

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"

    @property
    def status_badge(self) -> str:
        return {
            self.Status.PENDING: "warning",
            self.Status.APPROVED: "active",
            self.Status.HIDDEN: "inactive",
        }[Statement.Status(self.status)]


class VoteValue(models.IntegerChoices):
    AGREE = 1, _("eens")
    PASS = 0, _("overslaan")
    DISAGREE = -1, _("oneens")


class Vote(models.Model):
    """A participant's latest vote on a statement (updated in place when they change it)."""

    # Denormalised from the participant so that loading a conversation's votes is one
    # indexed range scan.
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField(_("stem"), choices=VoteValue.choices)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "statement"], name="vote_latest"),
            models.CheckConstraint(condition=Q(value__in=[-1, 0, 1]), name="vote_value"),
        ]
        verbose_name = _("stem")
        verbose_name_plural = _("stemmen")

    def __str__(self) -> str:
        return f"{self.participant_id} → {self.statement_id}: {self.value}"


class VoteEvent(models.Model):
    """Every vote as it was cast, in order: the history behind the latest votes.

    Append-only and without foreign-key indexes except (conversation, id), so writing one
    costs little; the Pol.is export (votes.csv) and the recompute debounce read it.
    """

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    value = models.SmallIntegerField(choices=VoteValue.choices)
    source = models.CharField(max_length=8, choices=Participant.Source.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["conversation", "id"], name="vote_event_order")]
        verbose_name = _("stemgebeurtenis")
        verbose_name_plural = _("stemgeschiedenis")

    def __str__(self) -> str:
        return f"{self.participant_id} → {self.statement_id}: {self.value}"


class AnalysisSnapshot(models.Model):
    """One stored analysis of a conversation; pages show the latest while a new one computes.

    ``result`` is the whole AnalysisResult in a pickle-free binary format (snapshots.py),
    including the state the next update warm-starts from; ``summary`` holds what the pages
    show, precomputed; ``priorities`` the Pol.is priority per statement id, for choosing the
    next statement without decoding the result.
    """

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="snapshots"
    )
    computed_at = models.DateTimeField(default=timezone.now)
    last_event_id = models.BigIntegerField(default=0)
    vote_count = models.PositiveIntegerField(default=0)
    participant_count = models.PositiveIntegerField(default=0)
    group_count = models.PositiveSmallIntegerField(default=0)
    seconds = models.FloatField(default=0.0)
    summary = models.JSONField(default=dict)
    priorities = models.JSONField(default=dict)
    result = models.BinaryField()
    # The state the next update carries over, as Pol.is's math worker carries it (the
    # in-conversation set, base clusters and group clusterings by member, the k smoother,
    # the PCA components): encoded on its own so an update need not decode the whole result.
    state = models.BinaryField(default=b"", editable=False)
    # Pol.is-style updates so far, this one included.
    updates = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["conversation", "-id"], name="snapshot_latest")]
        verbose_name = _("analyse")
        verbose_name_plural = _("analyses")

    def __str__(self) -> str:
        return f"{self.conversation_id} @ {self.computed_at:%Y-%m-%d %H:%M:%S}"


class ConversationExport(models.Model):
    """A Pol.is export of a conversation, built by the task worker, for whoever asked for it.

    The ZIP lives under settings.OPBOUW_EXPORT_ROOT/dialogue (outside the web root) under a
    random name and is served only by ``views.export_download`` to ``requested_by`` while they
    still run the conversation, until ``expires_at``. At most one export per person and
    conversation is being made at a time (the constraint makes a double request harmless).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("in de wachtrij")
        RUNNING = "running", _("wordt gemaakt")
        READY = "ready", _("klaar")
        FAILED = "failed", _("mislukt")

    PENDING = (Status.QUEUED, Status.RUNNING)

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="exports")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangevraagd door"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    requested_at = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    started_at = models.DateTimeField(_("gegevens van"), null=True, blank=True)
    finished_at = models.DateTimeField(_("gemaakt op"), null=True, blank=True)
    expires_at = models.DateTimeField(_("te downloaden tot"), null=True, blank=True)
    file_name = models.CharField(max_length=100, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("grootte (bytes)"), default=0)
    participant_count = models.PositiveIntegerField(default=0)
    vote_count = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0.0)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "requested_by"],
                condition=Q(status__in=["queued", "running"]),
                name="conversation_export_one_pending",
            )
        ]
        verbose_name = _("export van een gesprek")
        verbose_name_plural = _("exports van gesprekken")

    def __str__(self) -> str:
        return f"export #{self.pk} of {self.conversation_id}"

    @property
    def is_pending(self) -> bool:
        return self.status in self.PENDING

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    def is_expired(self, now: dt.datetime | None = None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())
