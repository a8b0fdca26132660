"""Writing the neighbourhood picture: assets and leefwereld notes.

Every write checks scope again (a form can be tampered with) and validates before saving; a
location outside the chosen area is refused with a message and nothing is stored.
"""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from opbouw.accounts.models import Organisation, User
from opbouw.areas import geo
from opbouw.areas.models import Area, Level, Place
from opbouw.core.models import Theme
from opbouw.people.models import Group

from .figures import BY_KEY
from .models import Asset, FigureNote
from .permissions import (
    can_add_in,
    can_delete_note,
    can_edit_asset,
    can_write_notes,
    note_role,
    view_area_ids,
)

LAT_RANGE = (-90.0, 90.0)
LON_RANGE = (-180.0, 180.0)


def locate(*, area: Area, latitude: float, longitude: float) -> Area:
    """The most specific area at or below `area` that contains the point.

    The point must lie inside the area's boundary (or, for an area without one, inside one of
    its buurten's). Only when no boundary is known at all is the point taken on trust.
    """
    if not (LAT_RANGE[0] <= latitude <= LAT_RANGE[1] and LON_RANGE[0] <= longitude <= LON_RANGE[1]):
        raise ValidationError(
            {"latitude": _("Dit is geen plek op aarde: controleer breedte- en lengtegraad.")}
        )
    below = list(
        Area.objects.filter(path__startswith=area.path, boundary__isnull=False)
        .exclude(pk=area.pk)
        .only("id", "code", "name", "level", "path", "boundary")
        .order_by("-path")
    )
    inside_below = [
        candidate
        for candidate in below
        if geo.contains(candidate.boundary, lat=latitude, lon=longitude)
    ]
    outside = ValidationError(
        {
            "latitude": _(
                "Deze plek ligt buiten %(area)s. Kies een plek binnen het gebied, of kies "
                "het gebied waar de plek wel in ligt."
            )
            % {"area": area.name}
        },
        code="outside_area",
    )
    if area.boundary:
        if not geo.contains(area.boundary, lat=latitude, lon=longitude):
            raise outside
    elif below and not inside_below:
        raise outside
    if not inside_below:
        return area
    # The deepest level wins (a buurt inside the wijk that was chosen).
    order = {Level.NEIGHBOURHOOD: 0, Level.DISTRICT: 1, Level.MUNICIPALITY: 2}
    return min(inside_below, key=lambda candidate: order[Level(candidate.level)])


def _check_links(*, user: User, area: Area, group: Group | None, place: Place | None) -> None:
    visible = view_area_ids(user)
    if group is not None and group.area_id not in visible:
        raise ValidationError({"group": _("Deze groep valt buiten uw gebieden.")})
    if place is not None and place.area_id not in visible:
        raise ValidationError({"place": _("Deze plek valt buiten uw gebieden.")})


@transaction.atomic
def asset_create(
    *,
    created_by: User,
    kind: str,
    name: str,
    area: Area,
    latitude: float,
    longitude: float,
    description: str = "",
    contact: str = "",
    schedule: str = "",
    lendable: bool = False,
    group: Group | None = None,
    organisation: Organisation | None = None,
    place: Place | None = None,
    themes: Sequence[Theme] = (),
) -> Asset:
    if not can_add_in(created_by, area):
        raise ValidationError({"area": _("U kunt in dit gebied niets toevoegen.")})
    _check_links(user=created_by, area=area, group=group, place=place)
    located = locate(area=area, latitude=latitude, longitude=longitude)
    asset = Asset(
        kind=kind,
        name=name.strip(),
        description=description.strip(),
        area=located,
        latitude=round(latitude, 6),
        longitude=round(longitude, 6),
        contact=contact.strip(),
        schedule=schedule.strip(),
        lendable=lendable,
        group=group,
        organisation=organisation,
        place=place,
        created_by=created_by,
    )
    asset.full_clean()
    asset.save()
    asset.themes.set(themes)
    return asset


@transaction.atomic
def asset_update(
    *,
    asset: Asset,
    editor: User,
    kind: str,
    name: str,
    area: Area,
    latitude: float,
    longitude: float,
    description: str,
    contact: str,
    schedule: str,
    lendable: bool,
    group: Group | None,
    organisation: Organisation | None,
    place: Place | None,
    themes: Sequence[Theme],
) -> Asset:
    if not can_edit_asset(editor, asset):
        raise ValidationError(_("U kunt deze krachtbron niet wijzigen."))
    if not can_add_in(editor, area):
        raise ValidationError({"area": _("U kunt in dit gebied niets toevoegen.")})
    _check_links(user=editor, area=area, group=group, place=place)
    asset.area = locate(area=area, latitude=latitude, longitude=longitude)
    asset.kind = kind
    asset.name = name.strip()
    asset.description = description.strip()
    asset.latitude = round(latitude, 6)
    asset.longitude = round(longitude, 6)
    asset.contact = contact.strip()
    asset.schedule = schedule.strip()
    asset.lendable = lendable
    asset.group = group
    asset.organisation = organisation
    asset.place = place
    asset.full_clean()
    asset.save()
    asset.themes.set(themes)
    return asset


def asset_delete(*, asset: Asset, editor: User) -> None:
    if not can_edit_asset(editor, asset):
        raise ValidationError(_("U kunt deze krachtbron niet verwijderen."))
    asset.delete()


def figure_note_create(*, author: User, area: Area, key: str, text: str) -> FigureNote:
    if not can_write_notes(author, area):
        raise ValidationError(_("U kunt bij de cijfers van dit gebied geen notitie schrijven."))
    if key not in BY_KEY:
        raise ValidationError({"key": _("Onbekend cijfer.")})
    note = FigureNote(
        area=area, key=key, text=text.strip(), author=author, author_role=note_role(author, area)
    )
    note.full_clean()
    note.save()
    return note


def figure_note_delete(*, note: FigureNote, editor: User) -> None:
    if not can_delete_note(editor, note):
        raise ValidationError(_("U kunt deze notitie niet verwijderen."))
    note.delete()
