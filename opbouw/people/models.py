"""People (residents and contacts), their consents, and the groups they form."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from opbouw.core.models import Tag, TimeStampedModel

from .pseudonyms import pseudonym


class RecordBasis(models.TextChoices):
    """The lawful basis for recording a person at all (AVG art. 6), before any named purpose."""

    CONSENT = "consent", _("toestemming")
    PUBLIC_TASK = "public_task", _("publieke taak")
    LEGITIMATE_INTEREST = "legitimate_interest", _("gerechtvaardigd belang")


class Person(TimeStampedModel):
    """A resident or contact, with or without an account."""

    name = models.CharField(
        _("naam of roepnaam"),
        max_length=120,
        help_text=_("Zoals de persoon genoemd wil worden; een roepnaam of alias mag."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    address = models.CharField(_("adres"), max_length=200, blank=True)
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("buurt"), on_delete=models.PROTECT, related_name="people"
    )
    languages = models.JSONField(
        _("talen"), default=list, blank=True, help_text=_("Taalcodes, bijvoorbeeld nl, ar, tr.")
    )
    gifts = models.ManyToManyField(
        Tag, verbose_name=_("talenten"), blank=True, related_name="gifted_people"
    )
    gifts_text = models.CharField(_("talenten (vrije tekst)"), max_length=500, blank=True)
    interests = models.ManyToManyField(
        Tag, verbose_name=_("interesses"), blank=True, related_name="interested_people"
    )
    interests_text = models.CharField(_("interesses (vrije tekst)"), max_length=500, blank=True)
    wishes = models.ManyToManyField(
        Tag, verbose_name=_("wensen"), blank=True, related_name="wishing_people"
    )
    wishes_text = models.CharField(_("wensen (vrije tekst)"), max_length=500, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Required for every new person (people.services.person_create); empty only on people
    # recorded before the rule, which the register lists as "grondslag onbekend".
    record_basis = models.CharField(
        _("grondslag om de naam vast te leggen"),
        max_length=30,
        choices=RecordBasis.choices,
        blank=True,
    )
    informed_on = models.DateField(
        _("geïnformeerd op"),
        null=True,
        blank=True,
        help_text=_("De datum waarop de bewoner de privacyverklaring kreeg (AVG art. 13)."),
    )

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["area", "name"])]
        verbose_name = _("persoon")
        verbose_name_plural = _("mensen")

    def __str__(self) -> str:
        # Never rely on this in templates: use the person_name filter, which pseudonymises.
        return self.pseudonym

    def get_absolute_url(self) -> str:
        return reverse("people:detail", kwargs={"pk": self.pk})

    @property
    def pseudonym(self) -> str:
        """A pseudonym outside any viewer's scope (admin, logs): not the database id.
        Pages use people.permissions.display_name, which scopes it to the viewer."""
        return pseudonym(self.pk, "system")


class Consent(TimeStampedModel):
    """A lawful basis for one purpose, dated and withdrawable (AVG art. 6 and 7)."""

    class Purpose(models.TextChoices):
        # Sharing a name is consented per kind of recipient (AVG art. 7: consent is specific).
        # "sharing" is the old single switch; it now means other residents only (see
        # docs/privacy.md: a consent for "partners" in general does not carry over to, say,
        # the police). Each kind of partner has its own purpose.
        SHARING = "sharing", _("naam delen met andere bewoners")
        SHARING_CARE = "sharing_care", _("naam delen met het wijkteam en zorg")
        SHARING_HOUSING = "sharing_housing", _("naam delen met de woningcorporatie")
        SHARING_POLICE = "sharing_police", _("naam delen met politie en handhaving")
        SHARING_SCHOOL = "sharing_school", _("naam delen met school en kinderopvang")
        SHARING_HEALTH = "sharing_health", _("naam delen met GGD en gezondheid")
        SHARING_OTHER = "sharing_other", _("naam delen met andere partners")
        CONTACT = "contact", _("contact opnemen")
        PROFILE = "profile", _("talenten, interesses en wensen vastleggen")
        MATCHING = "matching", _("in verbinding brengen met anderen")

    class Basis(models.TextChoices):
        CONSENT = "consent", _("toestemming")
        PUBLIC_TASK = "public_task", _("publieke taak")
        LEGITIMATE_INTEREST = "legitimate_interest", _("gerechtvaardigd belang")

    class Source(models.TextChoices):
        IN_PERSON = "in_person", _("mondeling, in persoon")
        PHONE = "phone", _("telefonisch")
        PAPER = "paper", _("papieren formulier")
        ACCOUNT = "account", _("zelf, in eigen account")
        EMAIL = "email", _("per e-mail")

    person = models.ForeignKey(
        Person, verbose_name=_("persoon"), on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(_("doel"), max_length=20, choices=Purpose.choices)
    basis = models.CharField(_("grondslag"), max_length=30, choices=Basis.choices)
    given_on = models.DateField(_("datum"))
    source = models.CharField(_("bron"), max_length=20, choices=Source.choices)
    notice_version = models.CharField(_("versie privacyverklaring"), max_length=20)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    withdrawn_on = models.DateField(_("ingetrokken op"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.get_basis_display()})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None


class Group(TimeStampedModel):
    """An association or informal group (ABCD "associations")."""

    class Kind(models.TextChoices):
        ASSOCIATION = "association", _("vereniging of stichting")
        INFORMAL = "informal", _("informele groep")
        RESIDENTS = "residents", _("bewonerscommissie of -platform")
        FAITH = "faith", _("geloofsgemeenschap")
        SPORT = "sport", _("sportclub")
        OTHER = "other", _("anders")

    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.INFORMAL)
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("gebied"), on_delete=models.PROTECT, related_name="groups"
    )
    description = models.TextField(_("omschrijving"), blank=True, max_length=2000)
    special_category = models.BooleanField(
        _("naam verraadt een bijzonder persoonsgegeven"),
        default=False,
        help_text=_(
            "Zegt de naam of het doel van de groep iets over geloof, gezondheid, afkomst, "
            "seksuele geaardheid, politieke opvatting of vakbondslidmaatschap van de leden "
            "(AVG art. 9), zoals een moskeegemeenschap of een patiëntengroep? Dan zien "
            "partners en beleid de groep nooit, ook niet in het netwerk."
        ),
    )
    meeting_place = models.ForeignKey(
        "areas.Place",
        verbose_name=_("ontmoetingsplek"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="groups",
    )
    members = models.ManyToManyField(
        Person, verbose_name=_("leden"), through="GroupMembership", related_name="groups"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("groep")
        verbose_name_plural = _("groepen")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("people:group_detail", kwargs={"pk": self.pk})


class GroupMembership(models.Model):
    class Role(models.TextChoices):
        CONTACT = "contact", _("contactpersoon")
        BOARD = "board", _("bestuur of kern")
        MEMBER = "member", _("lid")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="group_memberships")
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    since = models.DateField(_("sinds"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "person"], name="unique_group_member")
        ]
        verbose_name = _("groepslid")
        verbose_name_plural = _("groepsleden")

    def __str__(self) -> str:
        return f"{self.person} in {self.group}"
