"""Who may see and change people and groups, and who sees a person's name.

A person without an active consent for sharing is shown by a pseudonym ("bewoner K7QF2M", see
opbouw.people.pseudonyms) to everyone but the workers of their area (and themselves).
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from opbouw.areas.permissions import AnyUser, area_ids_for
from opbouw.core.roles import JOURNAL_ROLES, NAMED_ROLES, PEOPLE_ROLES

from .models import Consent, Group, Person
from .pseudonyms import pseudonym, sort_key, view_scope


def sharing_consent_exists() -> Exists:
    return Exists(
        Consent.objects.filter(
            person=OuterRef("pk"), purpose=Consent.Purpose.SHARING, withdrawn_on__isnull=True
        )
    )


def people_visible(user: AnyUser) -> QuerySet[Person]:
    """People the user may see at all, annotated so names can be shown without extra queries."""
    area_ids = area_ids_for(user, PEOPLE_ROLES)
    query = Q(area_id__in=area_ids)
    if user.is_authenticated:
        query |= Q(user=user)
    return Person.objects.filter(query).annotate(shares_name=sharing_consent_exists())


def people_editable(user: AnyUser) -> QuerySet[Person]:
    return Person.objects.filter(area_id__in=area_ids_for(user, JOURNAL_ROLES)).annotate(
        shares_name=sharing_consent_exists()
    )


def access_person(user: AnyUser, pk: int) -> Person:
    person = people_visible(user).select_related("area", "user").filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def access_person_for_edit(user: AnyUser, pk: int) -> Person:
    person = people_editable(user).select_related("area").filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def access_consent_for_edit(user: AnyUser, pk: int) -> Consent:
    consent = (
        Consent.objects.select_related("person")
        .filter(pk=pk, person__area_id__in=area_ids_for(user, JOURNAL_ROLES))
        .first()
    )
    if consent is None:
        raise Http404
    return consent


def can_edit_people(user: AnyUser) -> bool:
    return bool(area_ids_for(user, JOURNAL_ROLES))


def can_see_name(user: AnyUser, person: Person) -> bool:
    if user.is_authenticated and person.user_id is not None and person.user_id == user.pk:
        return True
    if person.area_id in area_ids_for(user, NAMED_ROLES):
        return True
    shares = getattr(person, "shares_name", None)
    if shares is None:  # not annotated: ask (one query), never guess in favour of showing
        shares = person.consents.filter(
            purpose=Consent.Purpose.SHARING, withdrawn_on__isnull=True
        ).exists()
    return bool(shares)


def display_name(user: AnyUser, person: Person, scope: str | None = None) -> str:
    """The name, or the pseudonym in `scope` (default: the viewer's people directory)."""
    if can_see_name(user, person):
        return person.name
    return pseudonym(person.pk, scope or view_scope(user, "people"))


def sees_every_name(user: AnyUser) -> bool:
    """Whether the user sees the name of everyone they may see (the workers of all their
    areas): then lists may be ordered by name in the database."""
    return area_ids_for(user, PEOPLE_ROLES) <= area_ids_for(user, NAMED_ROLES)


def ordered_as_seen(user: AnyUser, people: list[Person], scope: str | None = None) -> list[Person]:
    """`people` with `display` set, ordered by what the viewer sees (never by a hidden name)."""
    for person in people:
        person.display = display_name(user, person, scope)  # type: ignore[attr-defined]
    return sorted(people, key=lambda p: (sort_key(p.display), p.pk))  # type: ignore[attr-defined]


def groups_visible(user: AnyUser) -> QuerySet[Group]:
    return Group.objects.filter(area_id__in=area_ids_for(user, PEOPLE_ROLES))


def access_group(user: AnyUser, pk: int) -> Group:
    group = groups_visible(user).select_related("area", "meeting_place").filter(pk=pk).first()
    if group is None:
        raise Http404
    return group


def access_group_for_edit(user: AnyUser, pk: int) -> Group:
    group = (
        Group.objects.filter(area_id__in=area_ids_for(user, JOURNAL_ROLES), pk=pk)
        .select_related("area")
        .first()
    )
    if group is None:
        raise Http404
    return group
