"""Who may see and change the neighbourhood picture (asset map, wijkprofiel, leefwereld notes).

By role in the area (a role in a wijk covers its buurten, never the gemeente above it):

- bewoner (resident): sees the map, the assets, the wijkprofiel and its leefwereld notes;
  adds assets, and edits or deletes the ones they added; writes leefwereld notes and deletes
  their own.
- opbouwwerker (worker), coördinator, beheer: see the same; add, edit and delete every asset
  and every note in their areas.
- partner, beleid (policy): see the same, change nothing. Partners and the municipality read
  the picture; residents and workers make it.

Outside your areas a page or object is a 404, never a 403.

Gifts of residents (ABCD "gifts") are never stored as assets and never shown by name on the
map: the map shows, per buurt and talent, how many residents have it, counting only people with
an active consent for both `profile` (recording talents) and `matching` (being brought into
contact). Withdrawing either takes them off the map at once. Their marker stands at a point
inside the buurt, never at an address.

Notes show the role the author wrote in ("bewoner", "opbouwwerker"), not their name.
"""

from django.db.models import QuerySet
from django.http import Http404

from opbouw.areas.models import Area
from opbouw.areas.permissions import AnyUser, access_area, area_ids_for
from opbouw.core.roles import AREA_ROLES, JOURNAL_ROLES, Role

from .models import Asset, FigureNote

VIEW_ROLES = AREA_ROLES
ADD_ROLES = frozenset({Role.RESIDENT, Role.WORKER, Role.COORDINATOR, Role.ADMIN})
MANAGE_ROLES = JOURNAL_ROLES
NOTE_ROLES = ADD_ROLES


def view_area_ids(user: AnyUser) -> frozenset[int]:
    return area_ids_for(user, VIEW_ROLES)


def add_area_ids(user: AnyUser) -> frozenset[int]:
    return area_ids_for(user, ADD_ROLES)


def require_view(user: AnyUser) -> None:
    """The asset pages do not exist for someone without any role in any area."""
    if not view_area_ids(user):
        raise Http404


def can_add_assets(user: AnyUser) -> bool:
    return bool(add_area_ids(user))


def can_add_in(user: AnyUser, area: Area) -> bool:
    return area.pk in add_area_ids(user)


def assets_visible(user: AnyUser) -> QuerySet[Asset]:
    return Asset.objects.filter(area_id__in=view_area_ids(user))


def access_asset(user: AnyUser, pk: int) -> Asset:
    asset = (
        assets_visible(user)
        .select_related("area", "area__parent", "group", "organisation", "place", "created_by")
        # An area's boundary is a large JSON document: decode it only where a map needs it.
        .defer(
            "area__boundary",
            "area__key_figures",
            "area__parent__boundary",
            "area__parent__key_figures",
        )  # fmt: skip
        .filter(pk=pk)
        .first()
    )
    if asset is None:
        raise Http404
    return asset


def can_edit_asset(user: AnyUser, asset: Asset) -> bool:
    if asset.area_id in area_ids_for(user, MANAGE_ROLES):
        return True
    return (
        user.is_authenticated
        and asset.created_by_id == user.pk
        and asset.area_id in add_area_ids(user)
    )


def access_asset_for_edit(user: AnyUser, pk: int) -> Asset:
    asset = access_asset(user, pk)
    if not can_edit_asset(user, asset):
        raise Http404
    return asset


def access_profile_area(user: AnyUser, code: str) -> Area:
    """The area whose wijkprofiel is asked for: anyone with a role there."""
    return access_area(user, code)


def can_write_notes(user: AnyUser, area: Area) -> bool:
    return area.pk in area_ids_for(user, NOTE_ROLES)


def can_delete_note(user: AnyUser, note: FigureNote) -> bool:
    if note.area_id in area_ids_for(user, MANAGE_ROLES):
        return True
    return user.is_authenticated and note.author_id == user.pk


def access_note_for_delete(user: AnyUser, pk: int) -> FigureNote:
    note = (
        FigureNote.objects.filter(pk=pk, area_id__in=view_area_ids(user))
        .select_related("area")
        .defer("area__boundary", "area__key_figures")
        .first()
    )
    if note is None or not can_delete_note(user, note):
        raise Http404
    return note


def note_role(user: AnyUser, area: Area) -> str:
    """The role a note is signed with: the most professional role the author holds there."""
    for role in (Role.WORKER, Role.COORDINATOR, Role.ADMIN, Role.RESIDENT):
        if area.pk in area_ids_for(user, {role}):
            return role.value
    raise Http404
