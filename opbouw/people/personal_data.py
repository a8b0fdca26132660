"""What people/ holds about a person, for export and erasure (see opbouw.core.personal_data)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opbouw.core import personal_data as pd
from opbouw.core.roles import Role

from .models import Consent, GroupMembership, Person

ERASED_NAME = "verwijderde bewoner"

pd.register_processing(
    pd.Processing(
        key="people",
        name=_("Contactadministratie van bewoners en contacten"),
        purpose=_(
            "Bewoners en contacten kunnen vinden, bereiken en met elkaar in verbinding brengen "
            "voor het opbouwwerk; hun talenten, interesses en wensen vastleggen (ABCD)."
        ),
        basis=_(
            "Publieke taak (welzijnswerk in opdracht van de gemeente, Wmo 2015); voor naam "
            "delen, profiel en in verbinding brengen: toestemming per doel."
        ),
        data_subjects=_("Bewoners en contactpersonen in de gebieden van de organisatie."),
        recipients=[Role.WORKER, Role.COORDINATOR, Role.ADMIN, Role.PARTNER],
        retention=["inactive_people"],
        note=_(
            "Partners zien een schuilnaam, tenzij de persoon toestemming gaf om de naam te delen "
            "met hun soort organisatie (wijkteam, woningcorporatie, politie, school, GGD, "
            "andere); dan de naam, buurt, talenten en interesses, niet de contactgegevens, het "
            "adres, de talen, wensen of groepen. Andere bewoners zien de naam met toestemming "
            "voor bewoners. Beleid en de FG zien nooit namen. Groepen waarvan de naam een "
            "bijzonder persoonsgegeven verraadt, zien alleen de werkers van het gebied."
        ),
        consent_purposes=[p.value for p in Consent.Purpose],
    )
)


def _person_rows(subject: pd.Subject) -> list[Person]:
    if subject.person_id is None:
        return []
    return list(
        Person.objects.filter(pk=subject.person_id)
        .select_related("area")
        .prefetch_related("gifts", "interests", "wishes")
    )


@transaction.atomic
def _person_erase(subject: pd.Subject, scrub: pd.Scrubber) -> int:
    """The row stays (journal entries keep counting one participant); what identifies goes."""
    if subject.person_id is None:
        return 0
    person = Person.objects.filter(pk=subject.person_id).first()
    if person is None:
        return 0
    person.name = ERASED_NAME
    person.email = person.phone = person.address = ""
    person.gifts_text = person.interests_text = person.wishes_text = ""
    person.languages = []
    person.user = None
    person.save()
    person.gifts.clear()
    person.interests.clear()
    person.wishes.clear()
    return 1


pd.register(
    "people.Person",
    processing="people",
    links={"user": pd.SUBJECT, "created_by": pd.ACTOR},
    fields=(
        "name",
        "email",
        "phone",
        "address",
        "area",
        "languages",
        "gifts",
        "gifts_text",
        "interests",
        "interests_text",
        "wishes",
        "wishes_text",
        "record_basis",
        "informed_on",
        "created_at",
        "updated_at",
    ),
    rows=_person_rows,
    erase=_person_erase,
    description=_("Profiel"),
)


def _consent_erase(subject: pd.Subject, scrub: pd.Scrubber) -> int:
    """Consents are withdrawn (dated) and kept as proof; they then identify no one."""
    if subject.person_id is None:
        return 0
    return Consent.objects.filter(person_id=subject.person_id, withdrawn_on=None).update(
        withdrawn_on=timezone.localdate(), updated_at=timezone.now()
    )


pd.register(
    "people.Consent",
    processing="people",
    links={"person": pd.SUBJECT, "recorded_by": pd.ACTOR, "withdrawn_by": pd.ACTOR},
    fields=("purpose", "basis", "given_on", "source", "notice_version", "withdrawn_on"),
    erase=_consent_erase,
)


def _no_text(subject: pd.Subject, scrub: pd.Scrubber) -> int:
    """Memberships stay, pointing at the anonymised person, so group sizes stay true."""
    return 0


pd.register(
    "people.GroupMembership",
    processing="people",
    links={"person": pd.SUBJECT},
    fields=("group", "role", "since"),
    erase=_no_text,
    description=_("Groepslidmaatschappen"),
)


def _group_erase(subject: pd.Subject, scrub: pd.Scrubber) -> int:
    from .models import Group

    return scrub.rows(Group.objects.filter(area_id__in=subject.area_ids), ["description"])


pd.register(
    "people.Group",
    processing="people",
    links={},
    fields=(),
    rows=lambda subject: [],
    erase=_group_erase,
    description=_("Groepen (alleen vrije tekst die de persoon noemt)"),
)

__all__ = ["ERASED_NAME", "GroupMembership"]
