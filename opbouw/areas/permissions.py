"""Who may see which areas. The base of every other app's permissions.

A membership gives a role in an area and in every area below it. Everything is denied unless a
membership allows it; superusers (beheer of the installation) see everything.
"""

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.http import Http404

from opbouw.accounts.models import User
from opbouw.core.roles import AREA_ROLES, Role

from .models import Area, Membership

AnyUser = User | AnonymousUser

_CACHE_ATTR = "_opbouw_area_ids"
_TREE_ATTR = "_opbouw_membership_tree"


def area_ids_for(user: AnyUser, roles: Iterable[str]) -> frozenset[int]:
    """Ids of the areas where the user holds one of the roles, the areas below included.

    Cached on the user object, which lives for one request, so a page asks the database once
    (two queries for all role sets together: a page asks for several).
    """
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    key = frozenset(roles)
    cache: dict[frozenset[str], frozenset[int]] = user.__dict__.setdefault(_CACHE_ATTR, {})
    if key not in cache:
        if user.is_superuser:
            cache[key] = frozenset(Area.objects.values_list("id", flat=True))
        else:
            memberships, areas = _membership_tree(user)
            paths = tuple({path for role, path in memberships if role in key})
            cache[key] = frozenset(
                area_id for area_id, path in areas if paths and path.startswith(paths)
            )
    return cache[key]


def _membership_tree(user: User) -> tuple[list[tuple[str, str]], list[tuple[int, str]]]:
    """The user's (role, area path) memberships and the (id, path) of every area below them."""
    if _TREE_ATTR not in user.__dict__:
        memberships = list(Membership.objects.filter(user=user).values_list("role", "area__path"))
        areas: list[tuple[int, str]] = []
        if memberships:
            query = Q()
            for path in {path for _role, path in memberships}:
                query |= Q(path__startswith=path)
            areas = list(Area.objects.filter(query).values_list("id", "path"))
        user.__dict__[_TREE_ATTR] = (memberships, areas)
    return user.__dict__[_TREE_ATTR]  # type: ignore[no-any-return]


def roles_in(user: AnyUser, area: Area) -> set[Role]:
    """The roles the user holds in this area (through it or an area above it)."""
    return {Role(role) for role in Role if area.pk in area_ids_for(user, {role})}


def has_role(user: AnyUser, roles: Iterable[str]) -> bool:
    return bool(area_ids_for(user, roles))


def areas_visible(user: AnyUser) -> "list[Area]":
    ids = area_ids_for(user, AREA_ROLES)
    return list(Area.objects.filter(id__in=ids).select_related("parent"))


def access_area(user: AnyUser, code: str) -> Area:
    """The area with this CBS code, if the user has any role in it; otherwise 404."""
    area = Area.objects.select_related("parent").filter(code=code).first()
    if area is None or area.pk not in area_ids_for(user, AREA_ROLES):
        raise Http404
    return area


def membership_area_id(user: AnyUser, roles: Iterable[str]) -> int | None:
    """The area of the user's most specific membership with one of the roles (a default)."""
    if not user.is_authenticated:
        return None
    membership = (
        Membership.objects.filter(user=user, role__in=frozenset(roles))
        .order_by("-area__path")
        .values_list("area_id", flat=True)
        .first()
    )
    return membership


def clear_cache(user: AnyUser) -> None:
    user.__dict__.pop(_CACHE_ATTR, None)
    user.__dict__.pop(_TREE_ATTR, None)
