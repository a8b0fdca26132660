"""Who may see the network and who may make connections.

- opbouwwerker (worker), coördinator, beheer: the network of their areas with names; record
  ties; see suggestions (only for people with a consent for matching); propose introductions
  and record the answers people give them.
- partner: the network of their areas, pseudonymised except for people who consented to
  sharing their name; the metrics.
- beleid (policy): nothing here (no live monitoring by the municipality); issued reports.
- bewoner (resident): no network; in their own account, the introductions proposed to them,
  to which they say yes or no themselves.
Outside your areas everything is a 404.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from opbouw.areas.models import Area
from opbouw.areas.permissions import AnyUser, area_ids_for
from opbouw.core.roles import JOURNAL_ROLES, NAMED_ROLES, PEOPLE_ROLES, Role
from opbouw.people.models import Person
from opbouw.people.permissions import can_see_name
from opbouw.people.pseudonyms import pseudonym, view_scope

from .models import DirectTie, Introduction

# Not policy: the municipality gets no live view of who meets whom; it reads issued reports
# and released aggregates (opbouw.reports).
VIEW_ROLES = frozenset({*JOURNAL_ROLES, Role.PARTNER})
MANAGE_ROLES = JOURNAL_ROLES


def view_area_ids(user: AnyUser) -> frozenset[int]:
    return area_ids_for(user, VIEW_ROLES)


def manage_area_ids(user: AnyUser) -> frozenset[int]:
    return area_ids_for(user, MANAGE_ROLES)


def can_view_network(user: AnyUser) -> bool:
    return bool(view_area_ids(user))


def can_manage_network(user: AnyUser) -> bool:
    return bool(manage_area_ids(user))


def require_view(user: AnyUser) -> None:
    if not can_view_network(user):
        raise Http404


def require_manage(user: AnyUser) -> None:
    if not can_manage_network(user):
        raise Http404


def _area_with_role(user: AnyUser, code: str, roles: frozenset[Role]) -> Area:
    area = Area.objects.defer("boundary").filter(code=code).first()
    if area is None or area.pk not in area_ids_for(user, roles):
        raise Http404
    return area


def access_area_network(user: AnyUser, code: str) -> Area:
    """An area whose network the user may see; otherwise 404."""
    return _area_with_role(user, code, VIEW_ROLES)


def access_area_for_manage(user: AnyUser, code: str) -> Area:
    """An area where the user may make connections; otherwise 404."""
    return _area_with_role(user, code, MANAGE_ROLES)


def access_person_for_matching(user: AnyUser, pk: int) -> Person:
    """A person in the worker's areas (whose connections the worker may look for)."""
    person = Person.objects.select_related("area").filter(pk=pk).first()
    if person is None or person.area_id not in manage_area_ids(user):
        raise Http404
    return person


def access_direct_tie(user: AnyUser, pk: int) -> DirectTie:
    """A recorded tie whose person and group ends are all in the worker's areas."""
    ids = manage_area_ids(user)
    tie = (
        DirectTie.objects.select_related(
            "person_a", "person_b", "group_a", "group_b", "organisation_a", "organisation_b"
        )
        .filter(pk=pk)
        .filter(Q(person_a__isnull=True) | Q(person_a__area_id__in=ids))
        .filter(Q(person_b__isnull=True) | Q(person_b__area_id__in=ids))
        .filter(Q(group_a__isnull=True) | Q(group_a__area_id__in=ids))
        .filter(Q(group_b__isnull=True) | Q(group_b__area_id__in=ids))
        .first()
    )
    if tie is None:
        raise Http404
    return tie


def introductions_managed(user: AnyUser) -> QuerySet[Introduction]:
    ids = manage_area_ids(user)
    return Introduction.objects.filter(person_a__area_id__in=ids, person_b__area_id__in=ids)


def introductions_of_resident(user: AnyUser) -> QuerySet[Introduction]:
    """The introductions proposed to the person linked to this account."""
    if not user.is_authenticated:
        return Introduction.objects.none()
    return Introduction.objects.filter(Q(person_a__user=user) | Q(person_b__user=user))


def access_introduction(user: AnyUser, pk: int) -> Introduction:
    """For the worker of both people, or for one of the two people in their own account."""
    introduction = (
        (introductions_managed(user) | introductions_of_resident(user))
        .select_related("person_a", "person_b", "proposer")
        .filter(pk=pk)
        .first()
    )
    if introduction is None:
        raise Http404
    return introduction


class NameShower:
    """Names in a network picture, as the viewer may see them (see the module docstring)."""

    def __init__(self, user: AnyUser, scope: str | None = None) -> None:
        """`scope`: the pseudonyms' scope (opbouw.people.pseudonyms.view_scope); one network
        picture of one month has its own, so a pseudonym cannot be followed across months."""
        self.user = user
        self.scope = scope or view_scope(user, "network")
        self.named = area_ids_for(user, NAMED_ROLES)
        self.directory = area_ids_for(user, PEOPLE_ROLES)

    def sees_names(self, area: Area) -> bool:
        return area.pk in self.named

    def __call__(self, person: Person) -> str:
        if person.area_id in self.named:
            return person.name
        if person.area_id in self.directory and can_see_name(self.user, person):
            return person.name
        return pseudonym(person.pk, self.scope)
