"""Writing people, consents and groups."""

import datetime as dt
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opbouw.accounts.models import User
from opbouw.areas.models import Area
from opbouw.areas.permissions import area_ids_for
from opbouw.audit.models import Action
from opbouw.audit.services import record_change
from opbouw.core.models import Tag
from opbouw.core.roles import JOURNAL_ROLES

from .models import Consent, Group, GroupMembership, Person, RecordBasis

LANGUAGE_CODE_LENGTH = (2, 3)


def validate_record_basis(*, record_basis: str, informed_on: dt.date | None) -> None:
    """A name is stored only with a lawful basis and the date the person was informed.

    Raises with the fields' own names (record_basis, informed_on), so a form shows the
    message where the worker is and stores nothing."""
    errors: dict[str, str] = {}
    if record_basis not in RecordBasis.values:
        errors["record_basis"] = _(
            "Kies de grondslag om de naam vast te leggen. Zonder grondslag slaat opbouw geen "
            "naam op: tel de bewoner dan mee als anonieme aanwezige."
        )
    if informed_on is None:
        errors["informed_on"] = _(
            "Vul in wanneer de bewoner de privacyverklaring kreeg. Zonder die datum slaat "
            "opbouw geen naam op: tel de bewoner dan mee als anonieme aanwezige."
        )
    elif informed_on > timezone.localdate():
        errors["informed_on"] = _("Deze datum ligt in de toekomst.")
    if errors:
        raise ValidationError(errors)


def _check_area(*, user: User, area: Area) -> None:
    if area.pk not in area_ids_for(user, JOURNAL_ROLES):
        raise ValidationError({"area": _("U werkt niet in dit gebied.")})


def clean_languages(languages: Sequence[str]) -> list[str]:
    cleaned = []
    for code in languages:
        code = code.strip().lower()
        if not code:
            continue
        if not (code.isascii() and code.isalpha() and len(code) in LANGUAGE_CODE_LENGTH):
            raise ValidationError(
                {
                    "languages": _("“%(code)s” is geen taalcode (zoals nl, ar of tr).")
                    % {"code": code}
                }
            )
        if code not in cleaned:
            cleaned.append(code)
    return cleaned


@transaction.atomic
def person_create(
    *,
    created_by: User,
    name: str,
    area: Area,
    record_basis: str,
    informed_on: dt.date | None,
    email: str = "",
    phone: str = "",
    address: str = "",
    languages: Sequence[str] = (),
    gifts: Sequence[Tag] = (),
    gifts_text: str = "",
    interests: Sequence[Tag] = (),
    interests_text: str = "",
    wishes: Sequence[Tag] = (),
    wishes_text: str = "",
) -> Person:
    _check_area(user=created_by, area=area)
    validate_record_basis(record_basis=record_basis, informed_on=informed_on)
    person = Person(
        name=name.strip(),
        area=area,
        record_basis=record_basis,
        informed_on=informed_on,
        email=email,
        phone=phone,
        address=address,
        languages=clean_languages(languages),
        gifts_text=gifts_text,
        interests_text=interests_text,
        wishes_text=wishes_text,
        created_by=created_by,
    )
    person.full_clean()
    person.save()
    record_change(created_by, person, action=Action.CREATE)
    person.gifts.set(gifts)
    person.interests.set(interests)
    person.wishes.set(wishes)
    return person


@transaction.atomic
def person_update(
    *,
    person: Person,
    editor: User,
    name: str,
    area: Area,
    email: str,
    phone: str,
    address: str,
    languages: Sequence[str],
    gifts: Sequence[Tag],
    gifts_text: str,
    interests: Sequence[Tag],
    interests_text: str,
    wishes: Sequence[Tag],
    wishes_text: str,
) -> Person:
    _check_area(user=editor, area=area)
    person.name = name.strip()
    person.area = area
    person.email = email
    person.phone = phone
    person.address = address
    person.languages = clean_languages(languages)
    person.gifts_text = gifts_text
    person.interests_text = interests_text
    person.wishes_text = wishes_text
    person.full_clean()
    person.save()
    record_change(editor, person)
    person.gifts.set(gifts)
    person.interests.set(interests)
    person.wishes.set(wishes)
    return person


def consent_record(
    *,
    person: Person,
    recorded_by: User | None,
    purpose: str,
    basis: str,
    source: str,
    given_on: dt.date | None = None,
    notice_version: str | None = None,
) -> Consent:
    given_on = given_on or timezone.localdate()
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": _("Een toestemming kan niet in de toekomst liggen.")})
    consent = Consent(
        person=person,
        purpose=purpose,
        basis=basis,
        source=source,
        given_on=given_on,
        notice_version=notice_version or settings.OPBOUW_NOTICE_VERSION,
        recorded_by=recorded_by,
    )
    consent.full_clean()
    consent.save()
    record_change(recorded_by, consent, action=Action.CREATE, area_id=person.area_id)
    return consent


def consent_withdraw(*, consent: Consent, withdrawn_by: User | None) -> Consent:
    """Withdrawal takes effect at once; the record stays, dated, as proof of both."""
    if consent.withdrawn_on is None:
        consent.withdrawn_on = timezone.localdate()
        consent.withdrawn_by = withdrawn_by
        consent.save(update_fields=["withdrawn_on", "withdrawn_by", "updated_at"])
        record_change(withdrawn_by, consent, area_id=consent.person.area_id)
    return consent


@transaction.atomic
def group_create(
    *,
    created_by: User,
    name: str,
    kind: str,
    area: Area,
    description: str = "",
    special_category: bool | None = None,
) -> Group:
    """`special_category`: the group's name reveals its members' religion, health, origin, …
    (AVG art. 9); a faith community always does."""
    _check_area(user=created_by, area=area)
    special_category = bool(special_category) or kind == Group.Kind.FAITH
    group = Group(
        name=name.strip(),
        kind=kind,
        area=area,
        description=description,
        special_category=special_category,
    )
    group.full_clean()
    group.save()
    record_change(created_by, group, action=Action.CREATE)
    return group


def group_member_add(
    *,
    group: Group,
    person: Person,
    role: str = GroupMembership.Role.MEMBER,
    added_by: User | None = None,
) -> GroupMembership:
    membership, created = GroupMembership.objects.get_or_create(
        group=group, person=person, defaults={"role": role, "since": timezone.localdate()}
    )
    if created:
        record_change(added_by, membership, action=Action.CREATE, area_id=person.area_id)
    return membership


@transaction.atomic
def group_members_add(
    *, group: Group, people: Sequence[Person], added_by: User | None = None
) -> list[GroupMembership]:
    """Add several people to a group in one go: all of them, or none."""
    return [group_member_add(group=group, person=person, added_by=added_by) for person in people]
