"""Reading people and groups, scoped to what the user may see."""

from collections.abc import Sequence

from django.db.models import Count, Q, QuerySet

from opbouw.accounts.models import Organisation
from opbouw.areas.models import Area
from opbouw.areas.permissions import AnyUser, area_ids_for
from opbouw.core.roles import NAMED_ROLES

from .models import Group, GroupMembership, Person
from .permissions import (
    groups_visible,
    named_by_consent,
    people_editable,
    people_visible,
    sharing_annotations,
)

AUTOCOMPLETE_LIMIT = 10


def person_list(user: AnyUser, *, area: Area | None = None, query: str = "") -> QuerySet[Person]:
    people = people_visible(user).select_related("area")
    if area is not None:
        people = people.filter(area__path__startswith=area.path)
    if query:
        # Only names the user may see are searched: a pseudonym in the results would
        # otherwise tell who carries the name typed in.
        named = Q(area_id__in=area_ids_for(user, NAMED_ROLES)) | named_by_consent(user)
        if user.is_authenticated:
            named |= Q(user_id=user.pk)
        people = people.filter(named, name__icontains=query.strip())
    return people.order_by("name", "id")


def person_autocomplete(user: AnyUser, query: str) -> list[Person]:
    """Names starting with the query first, then names containing it; only people one may edit."""
    query = query.strip()
    if len(query) < 2:
        return []
    editable = people_editable(user).select_related("area")
    starts = list(editable.filter(name__istartswith=query).order_by("name")[:AUTOCOMPLETE_LIMIT])
    if len(starts) < AUTOCOMPLETE_LIMIT:
        seen = [person.pk for person in starts]
        starts += list(
            editable.filter(name__icontains=query)
            .exclude(pk__in=seen)
            .order_by("name")[: AUTOCOMPLETE_LIMIT - len(starts)]
        )
    return starts


def group_list(user: AnyUser) -> QuerySet[Group]:
    return (
        groups_visible(user)
        .select_related("area")
        .annotate(member_count=Count("memberships"))
        .order_by("name")
    )


def group_member_list(group: Group) -> Sequence[GroupMembership]:
    """A group's members with their sharing consents annotated: no query per name shown."""
    members = list(
        group.memberships.select_related("person")
        .annotate(**sharing_annotations("person_id"))
        .order_by("person__name", "person_id")
    )
    for membership in members:
        for name in sharing_annotations():
            setattr(membership.person, name, getattr(membership, name))
    return members


def group_autocomplete(user: AnyUser, query: str) -> list[Group]:
    query = query.strip()
    if len(query) < 2:
        return []
    return list(
        groups_visible(user).filter(name__icontains=query).order_by("name")[:AUTOCOMPLETE_LIMIT]
    )


def organisation_autocomplete(query: str) -> list[Organisation]:
    query = query.strip()
    if len(query) < 2:
        return []
    return list(
        Organisation.objects.filter(Q(name__icontains=query)).order_by("name")[:AUTOCOMPLETE_LIMIT]
    )


def organisation_list() -> QuerySet[Organisation]:
    return Organisation.objects.select_related("area").order_by("name")
