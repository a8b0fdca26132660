"""manage.py import_areas: the real Hengelo files, and all-or-nothing on bad input."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from opbouw.areas.models import Area, Level

DATA = Path(__file__).resolve().parents[2] / "opbouw" / "demo" / "data"
WIJKEN = DATA / "hengelo-wijken.geojson"
BUURTEN = DATA / "hengelo-buurten.geojson"

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[6.78, 52.26], [6.79, 52.26], [6.79, 52.27], [6.78, 52.27], [6.78, 52.26]]],
}


def _run(*paths: Path) -> str:
    out = StringIO()
    call_command("import_areas", *[str(p) for p in paths], stdout=out)
    return out.getvalue()


def _write(tmp_path: Path, data, name="areas.geojson") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def _buurt(code, name, wijkcode="WK016405", geometry=SQUARE, **extra):
    properties = {
        "buurtcode": code,
        "buurtnaam": name,
        "wijkcode": wijkcode,
        "gemeentecode": "GM0164",
        "jaar": 2018,
        **extra,
    }
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def _collection(*features):
    return {"type": "FeatureCollection", "features": list(features)}


def _snapshot():
    return sorted(Area.objects.values_list("code", "name", "parent__code", "key_figures_year"))


# --- the real files -------------------------------------------------------------------


@pytest.mark.django_db
def test_real_hengelo_files_give_one_gemeente_ten_wijken_and_62_buurten():
    output = _run(WIJKEN, BUURTEN)

    assert Area.objects.filter(level=Level.MUNICIPALITY).count() == 1
    assert Area.objects.filter(level=Level.DISTRICT).count() == 10
    assert Area.objects.filter(level=Level.NEIGHBOURHOOD).count() == 62
    assert Area.objects.count() == 73
    assert "11 gebieden aangemaakt" in output  # gemeente + 10 wijken
    assert "62 gebieden aangemaakt" in output

    hengelo = Area.objects.get(code="GM0164")
    assert hengelo.name == "Hengelo"
    assert hengelo.parent is None
    berflo = Area.objects.get(code="WK016405")
    assert berflo.name == "Wijk 05 Berflo Es"
    assert berflo.parent == hengelo
    assert berflo.boundary["type"] in {"Polygon", "MultiPolygon"}
    noord = Area.objects.get(code="BU01640501")
    assert noord.name == "Berflo Es Noord"
    assert noord.parent == berflo
    assert noord.path == "GM0164/WK016405/BU01640501/"
    assert sorted(c.code for c in berflo.children.all()) == [f"BU0164050{i}" for i in range(7)]
    # Every buurt hangs under the wijk its code says.
    for buurt in Area.objects.filter(level=Level.NEIGHBOURHOOD).select_related("parent"):
        assert buurt.parent.code == "WK" + buurt.code[2:8]


@pytest.mark.django_db
def test_real_buurt_key_figures_are_imported_with_their_year():
    _run(WIJKEN, BUURTEN)

    centrum = Area.objects.get(code="BU01640000")
    assert centrum.key_figures_year == 2018
    assert centrum.key_figures["aantal_inwoners"] == 880
    assert centrum.key_figures["gemiddelde_huishoudsgrootte"] == 1.4
    # Identity fields are not key figures.
    for key in ("buurtcode", "buurtnaam", "wijkcode", "gemeentecode", "jaar", "water"):
        assert key not in centrum.key_figures
    # Unknown figures stay unknown (None), never zero.
    industrial = Area.objects.get(code="BU01640500")
    assert industrial.key_figures["gemiddelde_woningwaarde"] is None
    assert industrial.key_figures["aantal_inwoners"] is not None
    assert set(
        Area.objects.filter(level=Level.NEIGHBOURHOOD).values_list("key_figures_year", flat=True)
    ) == {2018}


@pytest.mark.django_db
def test_cbs_secret_marker_becomes_none(tmp_path):
    data = json.loads(BUURTEN.read_text(encoding="utf-8"))
    feature = next(f for f in data["features"] if f["properties"]["buurtcode"] == "BU01640501")
    feature["properties"]["aantal_inwoners"] = -99999999
    feature["properties"]["woningvoorraad"] = -99999999
    _run(WIJKEN, _write(tmp_path, data))

    noord = Area.objects.get(code="BU01640501")
    assert noord.key_figures["aantal_inwoners"] is None
    assert noord.key_figures["woningvoorraad"] is None
    assert noord.key_figures["mannen"] is not None
    assert -99999999 not in noord.key_figures.values()


@pytest.mark.django_db
def test_importing_again_updates_instead_of_duplicating():
    _run(WIJKEN, BUURTEN)
    output = _run(BUURTEN)
    assert Area.objects.count() == 73
    assert "0 gebieden aangemaakt, 62 bijgewerkt" in output


def test_buurten_create_missing_wijken_from_the_names_they_carry(tmp_path, areas):
    """The gemeente exists (conftest); the buurt layer names its wijken, so they are made."""
    data = _collection(
        _buurt("BU01640701", "Woolde-Noord", wijkcode="WK016407", wijknaam="Wijk 07 Woolde")
    )
    _run(_write(tmp_path, data))
    woolde = Area.objects.get(code="WK016407")
    assert woolde.name == "Wijk 07 Woolde"
    assert woolde.level == Level.DISTRICT
    assert woolde.parent == areas.municipality
    assert woolde.boundary is None
    assert Area.objects.get(code="BU01640701").parent == woolde


@pytest.mark.django_db
def test_buurten_alone_create_their_wijken_and_gemeente_from_the_names_they_carry():
    """PDOK's buurt layer names its wijk and gemeente, so it can stand on its own."""
    _run(BUURTEN)
    hengelo = Area.objects.get(code="GM0164")
    assert (hengelo.name, hengelo.level, hengelo.parent) == ("Hengelo", "gemeente", None)
    assert Area.objects.filter(level="wijk", parent=hengelo).count() == 10
    assert Area.objects.filter(level="buurt").count() == 62


# --- bad input: CommandError that names the feature, and nothing changes ---------------


@pytest.fixture
def existing(areas):
    """The conftest tree is already in the database; a failed import must leave it as is."""
    return _snapshot()


def _assert_refused(path_or_paths, existing, *expected_fragments):
    paths = path_or_paths if isinstance(path_or_paths, list) else [path_or_paths]
    with pytest.raises(CommandError) as info:
        _run(*paths)
    message = str(info.value)
    assert message.startswith("Niets geïmporteerd")
    for fragment in expected_fragments:
        assert fragment in message, message
    assert _snapshot() == existing
    return message


def test_malformed_json_is_refused(tmp_path, existing):
    path = _write(tmp_path, '{"type": "FeatureCollection", "features": [')
    _assert_refused(path, existing, "geen geldige JSON", path.name)


def test_missing_file_is_refused(tmp_path, existing):
    _assert_refused(tmp_path / "bestaat-niet.geojson", existing, "Bestand niet gevonden")


@pytest.mark.parametrize(
    "data",
    [
        [],
        {"type": "Feature", "properties": {}, "geometry": None},
        {"type": "GeometryCollection", "geometries": []},
        json.dumps("just a string"),
    ],
)
def test_something_other_than_a_feature_collection_is_refused(tmp_path, existing, data):
    _assert_refused(_write(tmp_path, data), existing, "geen GeoJSON FeatureCollection")


def test_empty_feature_collection_is_refused(tmp_path, existing):
    _assert_refused(_write(tmp_path, _collection()), existing, "bevat geen features")


def test_invalid_code_names_the_feature(tmp_path, existing):
    data = _collection(
        _buurt("BU01640503", "Goed"),
        _buurt("BU0164050", "Te kort"),  # 7 digits
    )
    message = _assert_refused(_write(tmp_path, data), existing, "feature 2", "BU0164050")
    assert "feature 1" not in message
    assert not Area.objects.filter(code="BU01640503").exists()


def test_code_that_does_not_belong_to_its_parent_names_the_feature(tmp_path, existing):
    data = _collection(_buurt("BU01640999", "Verkeerde wijk", wijkcode="WK016405"))
    _assert_refused(_write(tmp_path, data), existing, "feature 1", "BU01640999", "WK016405")


def test_unknown_parent_code_names_the_feature(tmp_path, existing):
    data = _collection(
        _buurt("BU01640503", "Goed"),
        _buurt("BU01649901", "Wees", wijkcode="WK016499"),  # no such wijk, and no wijknaam
    )
    _assert_refused(_write(tmp_path, data), existing, "feature 2", "BU01649901", "WK016499")
    assert not Area.objects.filter(code__in=["BU01640503", "BU01649901"]).exists()


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Point", "coordinates": [6.78, 52.26]},
        {"type": "LineString", "coordinates": [[6.78, 52.26], [6.79, 52.27]]},
        {"type": "Polygon"},  # no coordinates
        "POLYGON((0 0, 1 1))",
    ],
)
def test_wrong_geometry_type_names_the_feature(tmp_path, existing, geometry):
    data = _collection(
        _buurt("BU01640503", "Goed"),
        _buurt("BU01640504", "Goed ook"),
        _buurt("BU01640505", "Punt", geometry=geometry),
    )
    _assert_refused(
        _write(tmp_path, data), existing, "feature 3", "BU01640505", "Polygon of MultiPolygon"
    )


def test_feature_without_any_code_is_refused(tmp_path, existing):
    feature = {"type": "Feature", "properties": {"naam": "Nergens"}, "geometry": SQUARE}
    _assert_refused(
        _write(tmp_path, _collection(_buurt("BU01640503", "Goed"), feature)),
        existing,
        "feature 2",
    )


def test_every_bad_feature_is_listed_not_only_the_first(tmp_path, existing):
    data = _collection(
        _buurt("BU0164050", "Een"),
        _buurt("BU01640503", "Goed"),
        _buurt("BU01640504", "Lijn", geometry={"type": "LineString", "coordinates": []}),
    )
    _assert_refused(_write(tmp_path, data), existing, "feature 1", "feature 3")


def test_error_while_saving_after_good_rows_rolls_back_those_rows(tmp_path, existing):
    """A name too long for the database passes parsing and fails at the third save."""
    data = _collection(
        _buurt("BU01640503", "Goed"),
        _buurt("BU01640504", "Goed ook"),
        _buurt("BU01640505", "x" * 200),
    )
    _assert_refused(_write(tmp_path, data), existing, "BU01640505")
    assert not Area.objects.filter(code__in=["BU01640503", "BU01640504"]).exists()


def test_bad_second_file_rolls_back_the_good_first_file(tmp_path, existing):
    good = _write(tmp_path, _collection(_buurt("BU01640503", "Goed")), "good.geojson")
    bad = _write(tmp_path, "not json", "bad.geojson")
    _assert_refused([good, bad], existing, "bad.geojson")
    assert not Area.objects.filter(code="BU01640503").exists()


def test_good_file_after_the_tree_exists_links_to_existing_parents(tmp_path, areas):
    data = _collection(_buurt("BU01640503", "Veldwijk", wijkcode="WK016405"))
    _run(_write(tmp_path, data))
    area = Area.objects.get(code="BU01640503")
    assert area.parent == areas.wijk
    assert area.path == "GM0164/WK016405/BU01640503/"
    # The conftest's name for the wijk is kept: a buurt file does not rename its parent.
    assert Area.objects.get(code="WK016405").name == "Berflo Es"


def test_secret_marker_in_a_feature_with_only_secrets_keeps_figures_empty(tmp_path, areas):
    data = _collection(_buurt("BU01640503", "Geheim", aantal_inwoners=-99999999))
    _run(_write(tmp_path, data))
    area = Area.objects.get(code="BU01640503")
    assert area.key_figures == {}
    assert area.key_figures_year is None


def test_no_figures_option_imports_only_codes_names_and_boundaries(tmp_path, areas):
    data = _collection(_buurt("BU01640503", "Veldwijk", aantal_inwoners=1200))
    out = StringIO()
    call_command("import_areas", str(_write(tmp_path, data)), "--no-figures", stdout=out)
    area = Area.objects.get(code="BU01640503")
    assert area.key_figures == {}
    assert area.boundary == SQUARE
