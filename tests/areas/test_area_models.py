"""CBS codes and the area tree: what Area.full_clean accepts and refuses."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from opbouw.areas.models import Area, Level, level_for_code, validate_cbs_code


def _area(code, level="", parent=None, name="Testgebied"):
    return Area(code=code, name=name, level=level, parent=parent)


def _errors(area) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as info:
        area.full_clean()
    return info.value.message_dict


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("GM0164", Level.MUNICIPALITY),
        ("WK016405", Level.DISTRICT),
        ("BU01640501", Level.NEIGHBOURHOOD),
    ],
)
def test_level_follows_from_the_code(code, level):
    assert level_for_code(code) == level


@pytest.mark.parametrize(
    "code",
    [
        "",
        "GM164",  # too short
        "GM01640",  # too long for a gemeente, too short for anything else
        "WK01640",
        "WK0164050",
        "BU0164050",
        "BU016405011",
        "gm0164",  # CBS codes are upper case
        "XX0164",
        "GM 0164",
        "GMABCD",
        "0164",
        "GM0164\n",  # a trailing newline must not slip through `$`
        "WK٠١٦٤٠٥",  # Arabic-Indic digits are digits to `\d`, not to CBS
    ],
)
def test_invalid_codes_are_refused(code):
    assert level_for_code(code) is None
    with pytest.raises(ValidationError) as info:
        validate_cbs_code(code)
    assert info.value.code == "invalid_cbs_code"


def test_invalid_code_is_reported_at_the_code_field(db):
    errors = _errors(_area("WK1234"))
    assert "code" in errors


@settings(deadline=None)  # timing under a loaded CI machine is not the point
@given(st.from_regex(r"\A(GM[0-9]{4}|WK[0-9]{6}|BU[0-9]{8})\Z"))
def test_every_well_formed_code_has_the_level_of_its_prefix(code):
    expected = {"GM": Level.MUNICIPALITY, "WK": Level.DISTRICT, "BU": Level.NEIGHBOURHOOD}
    assert level_for_code(code) == expected[code[:2]]
    validate_cbs_code(code)  # does not raise


@settings(deadline=None)  # timing under a loaded CI machine is not the point
@given(st.text(alphabet="GMWKBU0123456789٠١ \n", max_size=12))
def test_codes_that_are_not_well_formed_never_get_a_level(code):
    import re

    well_formed = re.fullmatch(r"GM[0-9]{4}|WK[0-9]{6}|BU[0-9]{8}", code) is not None
    assert (level_for_code(code) is not None) == well_formed


def test_valid_tree_passes_full_clean_and_gets_its_path(areas):
    assert areas.municipality.path == "GM0164/"
    assert areas.wijk.path == "GM0164/WK016405/"
    assert areas.buurt.path == "GM0164/WK016405/BU01640501/"
    for area in (areas.municipality, areas.wijk, areas.buurt, areas.other_buurt):
        area.full_clean()


def test_an_empty_level_is_taken_from_the_code_and_a_matching_level_passes(areas):
    inferred = _area("BU01640503", parent=areas.wijk)
    inferred.full_clean()
    assert inferred.level == Level.NEIGHBOURHOOD
    inferred.save()
    assert Area.objects.get(code="BU01640503").level == Level.NEIGHBOURHOOD
    _area("BU01640504", level=Level.NEIGHBOURHOOD, parent=areas.wijk).full_clean()


def test_an_empty_level_with_a_bad_code_reports_the_code_and_stays_empty(areas):
    area = _area("BU123", parent=areas.wijk)
    errors = _errors(area)
    assert "code" in errors
    assert area.level == ""


def test_the_admin_infers_the_level_from_the_code(admin_client, areas):
    from django.urls import reverse

    response = admin_client.post(
        reverse("admin:areas_area_add"),
        {"code": "WK016409", "name": "Nieuwe wijk", "level": "", "parent": areas.municipality.pk,
         "key_figures": "{}"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Area.objects.get(code="WK016409").level == Level.DISTRICT


def test_level_that_contradicts_the_code_is_refused(areas):
    errors = _errors(_area("BU01640503", level=Level.DISTRICT, parent=areas.wijk))
    assert "level" in errors


def test_a_gemeente_lies_in_no_other_area(areas):
    errors = _errors(_area("GM0165", parent=areas.municipality))
    assert "parent" in errors


@pytest.mark.parametrize("code", ["WK016406", "BU01640503"])
def test_a_wijk_or_buurt_needs_a_parent(db, code):
    errors = _errors(_area(code))
    assert "parent" in errors


def test_a_buurt_must_lie_in_a_wijk_not_in_a_gemeente(areas):
    errors = _errors(_area("BU01640503", parent=areas.municipality))
    assert "parent" in errors


def test_a_wijk_must_lie_in_a_gemeente_not_in_a_wijk(areas):
    errors = _errors(_area("WK016406", parent=areas.other_wijk))
    assert "parent" in errors


def test_a_wijk_code_must_start_with_its_gemeente_digits(areas):
    errors = _errors(_area("WK016505", parent=areas.municipality))
    assert "code" in errors
    assert "GM0164" in errors["code"][0]


def test_a_buurt_code_must_start_with_its_wijk_digits(areas):
    # BU01640100 belongs to WK016401, not to WK016405.
    errors = _errors(_area("BU01640199", parent=areas.wijk))
    assert "code" in errors


def test_codes_are_unique(areas):
    errors = _errors(_area("WK016405", parent=areas.municipality))
    assert "code" in errors
