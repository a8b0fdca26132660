"""Writing assets and leefwereld notes: scope, location inside the area, nothing half-stored."""

import pytest
from django.core.exceptions import ValidationError

from opbouw.assets import services
from opbouw.assets.models import Asset, FigureNote
from opbouw.core.models import Theme
from tests.assets.helpers import IN_BUURT, IN_BUURT2, IN_OTHER, OUTSIDE, make_asset
from tests.factories import GroupFactory

pytestmark = pytest.mark.django_db


def create(user, area, at, **extra):
    return services.asset_create(
        created_by=user,
        kind=extra.pop("kind", "thing"),
        name=extra.pop("name", "Partytent"),
        area=area,
        latitude=at[0],
        longitude=at[1],
        **extra,
    )


def test_an_asset_in_the_wijk_lands_in_the_buurt_its_point_lies_in(users, bounded):
    asset = create(users["worker"], bounded.wijk, IN_BUURT2, themes=list(Theme.objects.all()[:2]))
    assert asset.area == bounded.buurt2
    assert asset.kind == "thing"
    assert asset.themes.count() == 2
    assert asset.created_by == users["worker"]


def test_a_location_outside_the_area_is_refused_and_nothing_is_stored(users, bounded):
    with pytest.raises(ValidationError) as error:
        create(users["worker"], bounded.wijk, OUTSIDE)
    assert "buiten Berflo Es" in str(error.value.message_dict["latitude"])
    assert not Asset.objects.exists()


def test_a_location_in_the_other_buurt_of_the_chosen_buurt_is_refused(users, bounded):
    with pytest.raises(ValidationError) as error:
        create(users["worker"], bounded.buurt, IN_BUURT2)
    assert "buiten Berflo Es Noord" in " ".join(error.value.messages)
    assert not Asset.objects.exists()


def test_coordinates_that_are_not_on_earth_are_refused(users, bounded):
    with pytest.raises(ValidationError, match="geen plek op aarde"):
        create(users["worker"], bounded.wijk, (123.0, 6.7))
    assert not Asset.objects.exists()


def test_without_any_boundary_the_point_is_taken_on_trust(users, areas):
    asset = create(users["worker"], areas.buurt, OUTSIDE)
    assert asset.area == areas.buurt


@pytest.mark.parametrize("role", ["resident", "worker", "coordinator", "admin"])
def test_residents_and_workers_may_add(users, bounded, role):
    assert create(users[role], bounded.wijk, IN_BUURT).pk


@pytest.mark.parametrize("role", ["partner", "policy"])
def test_partners_and_policy_only_read(users, bounded, role):
    with pytest.raises(ValidationError, match="niets toevoegen"):
        create(users[role], bounded.wijk, IN_BUURT)
    assert not Asset.objects.exists()


def test_a_worker_elsewhere_cannot_add_in_our_wijk(users, bounded):
    with pytest.raises(ValidationError):
        create(users["other_worker"], bounded.wijk, IN_BUURT)
    assert create(users["other_worker"], bounded.other_wijk, IN_OTHER).area == bounded.other_buurt


def test_a_group_of_another_wijk_cannot_be_linked(users, bounded):
    group = GroupFactory(area=bounded.other_wijk)
    with pytest.raises(ValidationError) as error:
        create(users["worker"], bounded.wijk, IN_BUURT, kind="group", group=group)
    assert "group" in error.value.message_dict
    assert not Asset.objects.exists()


def test_gifts_are_never_stored_as_assets(users, bounded):
    with pytest.raises(ValidationError):
        create(users["worker"], bounded.wijk, IN_BUURT, kind="gift")
    assert not Asset.objects.exists()


def update(asset, user, **changes):
    values = {
        "kind": asset.kind,
        "name": asset.name,
        "area": asset.area,
        "latitude": asset.latitude,
        "longitude": asset.longitude,
        "description": "",
        "contact": "",
        "schedule": "",
        "lendable": False,
        "group": None,
        "organisation": None,
        "place": None,
        "themes": [],
        **changes,
    }
    return services.asset_update(asset=asset, editor=user, **values)


def test_the_resident_who_added_it_may_change_it_and_a_worker_too(users, bounded):
    asset = create(users["resident"], bounded.wijk, IN_BUURT)
    update(asset, users["resident"], name="Grote partytent", lendable=True)
    update(
        asset,
        users["worker"],
        area=bounded.wijk,
        latitude=IN_BUURT2[0],
        longitude=IN_BUURT2[1],
        lendable=True,
    )
    asset.refresh_from_db()
    assert (asset.name, asset.lendable, asset.area) == ("Grote partytent", True, bounded.buurt2)


def test_another_resident_or_a_partner_may_not_change_it(users, bounded, django_user_model):
    asset = make_asset(bounded.buurt, created_by=users["worker"])
    for user in (users["resident"], users["partner"]):
        with pytest.raises(ValidationError):
            update(asset, user, name="Gekaapt")
        with pytest.raises(ValidationError):
            services.asset_delete(asset=asset, editor=user)
    asset.refresh_from_db()
    assert asset.name == "Bakfiets"


def test_moving_an_asset_outside_its_area_is_refused_and_it_stays(users, bounded):
    asset = create(users["worker"], bounded.wijk, IN_BUURT)
    with pytest.raises(ValidationError):
        update(asset, users["worker"], latitude=OUTSIDE[0], longitude=OUTSIDE[1])
    asset.refresh_from_db()
    assert (asset.latitude, asset.longitude) == IN_BUURT


def test_notes_carry_the_role_not_the_name(users, bounded):
    note = services.figure_note_create(
        author=users["resident"],
        area=bounded.buurt,
        key="single_pct",
        text="  Veel ouderen alleen.  ",
    )
    assert (note.author_role, note.text) == ("resident", "Veel ouderen alleen.")
    assert (
        services.figure_note_create(
            author=users["worker"],
            area=bounded.buurt,
            key="inhabitants",
            text="Groeit door nieuwbouw.",
        ).author_role
        == "worker"
    )


@pytest.mark.parametrize("role", ["partner", "policy", "other_worker"])
def test_who_may_not_write_notes(users, bounded, role):
    with pytest.raises(ValidationError):
        services.figure_note_create(
            author=users[role], area=bounded.buurt, key="inhabitants", text="x"
        )
    assert not FigureNote.objects.exists()


def test_a_note_needs_a_known_figure_and_text(users, bounded):
    with pytest.raises(ValidationError):
        services.figure_note_create(
            author=users["worker"], area=bounded.buurt, key="nope", text="x"
        )
    with pytest.raises(ValidationError):
        services.figure_note_create(
            author=users["worker"], area=bounded.buurt, key="inhabitants", text="  "
        )
    assert not FigureNote.objects.exists()


def test_only_the_author_or_a_worker_deletes_a_note(users, bounded):
    note = services.figure_note_create(
        author=users["resident"], area=bounded.buurt, key="inhabitants", text="Druk."
    )
    with pytest.raises(ValidationError):
        services.figure_note_delete(note=note, editor=users["partner"])
    services.figure_note_delete(note=note, editor=users["worker"])
    assert not FigureNote.objects.exists()
