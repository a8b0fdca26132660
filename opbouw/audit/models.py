"""The audit trail: who looked at or changed which object, when. Never what it said.

A low layer (above accounts, below areas): it knows users, and refers to everything else by a
label ("people.person") and an id, and to the area by a plain integer, so that any app can
record events and the audit pages can filter by area without this app importing them.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    VIEW = "view", _("bekeken")
    CREATE = "create", _("aangemaakt")
    CHANGE = "change", _("gewijzigd")
    DELETE = "delete", _("verwijderd")
    EXPORT = "export", _("geëxporteerd")
    ERASE = "erase", _("gewist")
    LOGIN = "login", _("ingelogd")


class ObjectType(models.TextChoices):
    """What an event is about. Labels of other apps' models, without importing them."""

    PERSON = "people.person", _("persoon")
    CONSENT = "people.consent", _("toestemming")
    GROUP = "people.group", _("groep")
    GROUP_MEMBERSHIP = "people.groupmembership", _("groepslidmaatschap")
    ENTRY = "journal.journalentry", _("logboekregel")
    FOLLOW_UP = "journal.followup", _("vervolgactie")
    SIGNAL = "journal.signal", _("signaal")
    INITIATIVE_MEMBER = "initiatives.member", _("deelnemer initiatief")
    STORY = "reports.story", _("verhaal")
    CONVERSATION = "dialogue.conversation", _("gesprek")
    OUTCOME = "reports.outcome", _("uitkomst")
    NAME_HIT = "reports.namehitconfirmation", _("bevestigde geen-naam")
    AUDIT_TRAIL = "audit.auditevent", _("audittrail")
    # Pages that show many named people or notes at once: one row per view, without an id
    # (opbouw.audit.services.record_list_view).
    PEOPLE_LIST = "people.list", _("lijst met personen")
    JOURNAL_LIST = "journal.list", _("lijst met logboekregels")
    NETWORK_PICTURE = "network.picture", _("netwerkbeeld")
    INITIATIVE = "initiatives.initiative", _("initiatief")
    USER = "accounts.user", _("account")


class AuditEvent(models.Model):
    """One read or write of personal data. Written once, never changed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        # The (user, at) index below serves lookups by user.
        db_index=False,
    )
    # The account name at the time: the trail stays readable after an account is deleted.
    username = models.CharField(_("gebruikersnaam"), max_length=150, blank=True)
    at = models.DateTimeField(_("tijdstip"), default=timezone.now)
    action = models.CharField(_("handeling"), max_length=10, choices=Action.choices)
    object_type = models.CharField(_("soort object"), max_length=40, choices=ObjectType.choices)
    object_id = models.PositiveBigIntegerField(_("object-id"), null=True, blank=True)
    area_id = models.PositiveIntegerField(_("gebied-id"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["area_id", "-at", "-id"], name="audit_area_at"),
            models.Index(fields=["user", "at"], name="audit_user_at"),
            models.Index(fields=["object_type", "object_id", "-at"], name="audit_object"),
        ]
        verbose_name = _("auditregel")
        verbose_name_plural = _("audittrail")

    def __str__(self) -> str:
        return f"{self.username} {self.action} {self.object_type}#{self.object_id}"


class AuditAlert(models.Model):
    """Unusual bulk viewing: one user looked at many distinct people or notes in a short time."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    username = models.CharField(_("gebruikersnaam"), max_length=150, blank=True)
    area_id = models.PositiveIntegerField(_("gebied-id"), null=True, blank=True, db_index=True)
    raised_at = models.DateTimeField(_("gemeld op"), default=timezone.now)
    window_start = models.DateTimeField(_("venster vanaf"))
    last_seen_at = models.DateTimeField(_("laatst gezien"))
    distinct_objects = models.PositiveIntegerField(_("verschillende objecten bekeken"))

    class Meta:
        ordering = ["-raised_at", "-id"]
        verbose_name = _("auditwaarschuwing")
        verbose_name_plural = _("auditwaarschuwingen")

    def __str__(self) -> str:
        return f"{self.username}: {self.distinct_objects}"
