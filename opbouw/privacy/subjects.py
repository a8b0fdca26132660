"""From a Person to the Subject the registry works with (ids, wijk, identifying strings)."""

import re

from opbouw.areas.models import Area, Level
from opbouw.core.personal_data import Subject
from opbouw.people.models import Person
from opbouw.people.personal_data import ERASED_NAME


def _wijk_area_ids(area: Area) -> frozenset[int]:
    """The person's wijk and everything in it: where notes may mention them."""
    wijk = area
    if area.level == Level.NEIGHBOURHOOD and area.parent is not None:
        wijk = area.parent
    return frozenset(Area.objects.filter(path__startswith=wijk.path).values_list("id", flat=True))


def _phone_variants(phone: str) -> list[str]:
    phone = phone.strip()
    if not phone:
        return []
    compact = re.sub(r"[\s\-().]", "", phone)
    return [phone, compact]


def needles_for(person: Person) -> tuple[str, ...]:
    needles = [person.name, person.email, *_phone_variants(person.phone)]
    user = person.user
    if user is not None:
        needles += [user.get_full_name(), user.email]
    return tuple(n.strip() for n in needles if n and n.strip() and n.strip().lower() != ERASED_NAME)


def subject_for(person: Person) -> Subject:
    return Subject(
        person_id=person.pk,
        user_id=person.user_id,
        area_ids=_wijk_area_ids(person.area),
        needles=needles_for(person),
    )
