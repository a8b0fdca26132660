"""Who may see and change people and groups, and who sees a person's name.

A person without an active consent for sharing is shown by a pseudonym ("bewoner K7QF2M", see
opbouw.people.pseudonyms) to everyone but the workers of their area (and themselves).
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from opbouw.accounts.models import Organisation
from opbouw.areas.permissions import AnyUser, area_ids_for
from opbouw.core.roles import JOURNAL_ROLES, NAMED_ROLES, PEOPLE_ROLES, Role

from .models import Consent, Group, Person
from .pseudonyms import pseudonym, sort_key, view_scope

# Which consent lets a partner of each kind of organisation see a name.
PARTNER_SHARING = {
    Organisation.Kind.CARE: Consent.Purpose.SHARING_CARE,
    Organisation.Kind.HOUSING: Consent.Purpose.SHARING_HOUSING,
    Organisation.Kind.POLICE: Consent.Purpose.SHARING_POLICE,
    Organisation.Kind.SCHOOL: Consent.Purpose.SHARING_SCHOOL,
    Organisation.Kind.HEALTH: Consent.Purpose.SHARING_HEALTH,
}
SHARING_PURPOSES = (
    Consent.Purpose.SHARING,
    Consent.Purpose.SHARING_CARE,
    Consent.Purpose.SHARING_HOUSING,
    Consent.Purpose.SHARING_POLICE,
    Consent.Purpose.SHARING_SCHOOL,
    Consent.Purpose.SHARING_HEALTH,
    Consent.Purpose.SHARING_OTHER,
)


def _shares_attr(purpose: str) -> str:
    return f"shares_{purpose}"


def sharing_annotations(person_ref: str = "pk") -> dict[str, Exists]:
    """One EXISTS per sharing purpose (`shares_sharing_care`, …), whatever the viewer, so a
    list can show names without a query per person; can_see_name picks the viewer's."""
    return {
        _shares_attr(purpose): Exists(
            Consent.objects.filter(
                person=OuterRef(person_ref), purpose=purpose, withdrawn_on__isnull=True
            )
        )
        for purpose in SHARING_PURPOSES
    }


def _partner_purpose(user: AnyUser) -> str | None:
    organisation = getattr(user, "organisation", None) if user.is_authenticated else None
    if organisation is None:
        return None
    return PARTNER_SHARING.get(organisation.kind, Consent.Purpose.SHARING_OTHER)


def sharing_purposes_in(user: AnyUser, area_id: int) -> frozenset[str]:
    """The sharing consents that show a person of `area_id` by name to `user`: other
    residents see those who share with residents, a partner those who share with their kind
    of organisation. Policy and the FG: none (the consent does not name them)."""
    purposes: set[str] = set()
    if area_id in area_ids_for(user, frozenset({Role.RESIDENT})):
        purposes.add(Consent.Purpose.SHARING)
    if area_id in area_ids_for(user, frozenset({Role.PARTNER})):
        purpose = _partner_purpose(user)
        if purpose is not None:
            purposes.add(purpose)
    return frozenset(purposes)


def named_by_consent(user: AnyUser) -> Q:
    """People whose name `user` sees through a consent (for filtering a list)."""
    query = Q(pk__in=[])
    for role, purpose in (
        (Role.RESIDENT, Consent.Purpose.SHARING),
        (Role.PARTNER, _partner_purpose(user)),
    ):
        if purpose is not None:
            query |= Q(
                area_id__in=area_ids_for(user, frozenset({role})), **{_shares_attr(purpose): True}
            )
    return query


def people_visible(user: AnyUser) -> QuerySet[Person]:
    """People the user may see at all, annotated so names can be shown without extra queries."""
    area_ids = area_ids_for(user, PEOPLE_ROLES)
    query = Q(area_id__in=area_ids)
    if user.is_authenticated:
        query |= Q(user=user)
    return Person.objects.filter(query).annotate(**sharing_annotations())


def people_editable(user: AnyUser) -> QuerySet[Person]:
    return Person.objects.filter(area_id__in=area_ids_for(user, JOURNAL_ROLES)).annotate(
        **sharing_annotations()
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
    purposes = sharing_purposes_in(user, person.area_id)
    if not purposes:
        return False
    known = [getattr(person, _shares_attr(purpose), None) for purpose in purposes]
    if any(value is True for value in known):
        return True
    if all(value is False for value in known):
        return False
    # Not annotated: ask (one query), never guess in favour of showing.
    return person.consents.filter(purpose__in=purposes, withdrawn_on__isnull=True).exists()


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
    """Groups of the user's areas; a group whose name reveals a special category (AVG art. 9)
    only for the workers of its area, never for partners (or anyone else)."""
    named = area_ids_for(user, NAMED_ROLES)
    return Group.objects.filter(
        Q(area_id__in=named)
        | Q(area_id__in=area_ids_for(user, PEOPLE_ROLES), special_category=False)
    )


def group_label(user: AnyUser, group: Group) -> str:
    """A group's name, or "besloten groep" for a special-category group outside the
    viewer's named areas (a network picture shows groups to partners)."""
    if group.special_category and group.area_id not in area_ids_for(user, NAMED_ROLES):
        return str(_("besloten groep"))
    return group.name


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
