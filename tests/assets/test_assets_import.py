"""Importing CBS key figures: the real Hengelo files, CBS's own layout with shifted suffixes,
and bad input (a clear message, and nothing stored)."""

import csv
import json
import shutil

import pytest
from django.core.management import CommandError, call_command

from opbouw.areas.importers import import_areas
from opbouw.areas.models import Area
from opbouw.assets.importers import (
    KeyFigureImportError,
    figure_for_column,
    import_key_figures_file,
    parse_value,
)
from opbouw.assets.models import KeyFigure
from tests.assets.helpers import DATA, DEMO_DATA, SHARED_GEO

pytestmark = pytest.mark.django_db

BUURT_CSV = DEMO_DATA / "hengelo-kerncijfers.csv"
BUURT_GEOJSON = DEMO_DATA / "hengelo-buurten.geojson"
WIJK_CSV = DEMO_DATA / "hengelo-kerncijfers-wijken-2024.csv"
CBS_2018 = DATA / "cbs-84286NED-kerncijfers-2018-hengelo.csv"
CBS_2024 = DATA / "cbs-85984NED-kerncijfers-2024-hengelo.csv"
CBS_2016_PERCENT = DATA / "cbs-83487NED-kerncijfers-2016-percentages.csv"


@pytest.fixture
def hengelo(db):
    """Hengelo's real CBS tree: 1 gemeente, 10 wijken, 62 buurten (no figures)."""
    for name in ("hengelo-wijken.geojson", "hengelo-buurten.geojson"):
        import_areas(json.loads((DEMO_DATA / name).read_text()), with_figures=False)
    assert Area.objects.filter(level="buurt").count() == 62


def value(code: str, key: str, year: int):
    return KeyFigure.objects.get(area__code=code, key=key, year=year).value


def test_the_demo_copies_are_the_shared_real_files():
    # Every file the demo carries, its attribution included; a missing shared folder is a
    # failure naming the path (see tests/shared_data.py), never a silent pass.
    names = sorted(path.name for path in DEMO_DATA.iterdir() if path.is_file())
    assert "SOURCE.md" in names and "hengelo-kerncijfers.csv" in names
    for name in names:
        assert (SHARED_GEO / name).exists(), f"{SHARED_GEO / name} is missing"
        assert (DEMO_DATA / name).read_bytes() == (SHARED_GEO / name).read_bytes(), name


def test_the_fixture_age_counts_follow_the_demo_percentages():
    """The 2018 fixture's age counts were derived from the demo file's percentages: after the
    shared data's correction (45-65 and 65+ had each other's values) they must agree again,
    within the rounding of CBS (whole percentages, counts to 5)."""
    with BUURT_CSV.open(newline="") as handle:
        shares = {row["buurtcode"]: row for row in csv.DictReader(handle)}
    with CBS_2018.open(newline="") as handle:
        rows = [row for row in csv.DictReader(handle, delimiter=";")]
    checked = 0
    for row in rows:
        code = row["WijkenEnBuurten"].strip()
        if code not in shares or not row["k_45Tot65Jaar_11"].strip(" ."):
            continue
        inhabitants = int(row["AantalInwoners_5"])
        for column, share in (
            ("k_45Tot65Jaar_11", "percentage_personen_45_tot_65_jaar"),
            ("k_65JaarOfOuder_12", "percentage_personen_65_jaar_en_ouder"),
        ):
            percent = 100 * int(row[column]) / inhabitants
            # tolerance: half a percent point of CBS rounding plus a count rounded to 5
            assert abs(percent - int(shares[code][share])) <= 0.5 + 100 * 2.5 / inhabitants, (
                code,
                column,
            )
            checked += 1
    assert checked >= 4


def test_the_demo_age_bands_are_hengelos(hengelo):
    """Weighted by inhabitants, the demo's 2018 buurten give Hengelo about 20 % aged 65+ and
    about 28 % aged 45-65, as CBS's 2024 wijk figures and the national figures do."""
    import_key_figures_file(BUURT_CSV, year=2018)
    totals = {"age_45_65_pct": 0.0, "age_65_plus_pct": 0.0}
    weight = 0.0
    for buurt in Area.objects.filter(level="buurt"):
        figures = dict(KeyFigure.objects.filter(area=buurt, year=2018).values_list("key", "value"))
        if figures.get("inhabitants") and all(figures.get(key) is not None for key in totals):
            weight += figures["inhabitants"]
            for key in totals:
                totals[key] += figures[key] * figures["inhabitants"]
    assert abs(totals["age_65_plus_pct"] / weight - 19.6) < 1.0
    assert abs(totals["age_45_65_pct"] / weight - 28.4) < 1.0


# --- the real files ------------------------------------------------------------------------


def test_the_real_2018_buurt_csv(hengelo):
    result = import_key_figures_file(BUURT_CSV, year=2018)
    assert (result.year, result.areas, result.skipped_codes) == (2018, 62, [])
    assert value("BU01640501", "inhabitants", 2018) == 3440
    assert value("BU01640501", "age_0_15_pct", 2018) == 13
    assert value("BU01640501", "household_size", 2018) == 1.8
    assert value("BU01640501", "home_value", 2018) == 138
    assert value("BU01640501", "electricity", 2018) == 2470
    # An empty cell is CBS's "unknown or secret": stored as missing, never as zero.
    assert value("BU01640500", "age_0_15_pct", 2018) is None
    assert value("BU01640500", "households", 2018) == 0  # a real zero stays zero
    assert result.missing > 0
    assert "meest_voorkomende_postcode" in result.ignored_columns


def test_the_real_buurt_geojson_says_its_own_year(hengelo):
    result = import_key_figures_file(BUURT_GEOJSON)
    assert result.year == 2018 and result.areas == 62
    assert value("BU01640502", "inhabitants", 2018) == 1520
    assert value("BU01640502", "owner_pct", 2018) == 51


def test_the_real_2024_wijk_csv(hengelo):
    result = import_key_figures_file(WIJK_CSV, year=2024)
    assert result.areas == 10
    assert value("WK016405", "inhabitants", 2024) == 7295
    assert value("WK016405", "age_0_15_pct", 2024) == 13  # column "0_15"
    assert value("WK016405", "age_65_plus_pct", 2024) == 16  # column "65plus"
    assert value("WK016405", "household_size", 2024) == 1.9  # column "gem_huishouden_grootte"
    assert value("WK016405", "cars", 2024) == 3420


def test_two_years_live_side_by_side(hengelo):
    import_key_figures_file(BUURT_CSV, year=2018)
    import_key_figures_file(WIJK_CSV, year=2024)
    import_key_figures_file(CBS_2018)
    assert set(KeyFigure.objects.filter(area__code="WK016405").values_list("year", flat=True)) == {
        2018,
        2024,
    }


def test_importing_again_replaces_and_does_not_duplicate(hengelo):
    import_key_figures_file(BUURT_CSV, year=2018)
    count = KeyFigure.objects.count()
    import_key_figures_file(BUURT_CSV, year=2018)
    assert KeyFigure.objects.count() == count


# --- CBS's own layout -----------------------------------------------------------------------


def test_cbs_2018_layout_by_name_not_by_suffix(hengelo):
    result = import_key_figures_file(CBS_2018)  # the year comes from table id 84286NED
    assert result.year == 2018
    assert result.areas == 4  # the wijk and three buurten; NL00 is not an area
    assert value("BU01640501", "inhabitants", 2018) == 3440
    assert value("BU01640501", "households", 2018) == 1915  # HuishoudensTotaal_28
    assert value("BU01640501", "age_0_15", 2018) == 445  # counts: they add up to inhabitants
    assert value("BU01640501", "home_value", 2018) == 138  # GemiddeldeWoningwaarde_35
    assert value("BU01640501", "corporation_pct", 2018) == 45
    # '.' (space-padded) and -99999999 are missing, never zero.
    assert value("BU01640500", "age_0_15", 2018) is None
    assert value("BU01640500", "density", 2018) is None
    assert value("WK016405", "home_value", 2018) is None


def test_cbs_2024_layout_with_shifted_suffixes_and_a_renamed_column(hengelo):
    result = import_key_figures_file(CBS_2024)
    assert result.year == 2024
    assert value("WK016405", "households", 2024) == 3905  # HuishoudensTotaal_29 this time
    assert value("WK016405", "household_size", 2024) == 1.9  # "1,9": a decimal comma
    assert value("WK016405", "home_value", 2024) is None  # GemiddeldeWOZWaardeVanWoningen_36 "."
    assert value("WK016405", "age_65_plus", 2024) == 1165
    assert value("GM0164", "inhabitants", 2024) == 83060
    assert value("GM0164", "men", 2024) is None


def test_the_same_stem_maps_to_the_same_key_whatever_its_suffix():
    for column in ("HuishoudensTotaal_28", "HuishoudensTotaal_29", "huishoudenstotaal_30"):
        assert figure_for_column(column) == "households"
    assert figure_for_column("GemiddeldeWOZWaardeVanWoningen_36") == "home_value"
    assert figure_for_column("GemiddeldeWoningwaarde_35") == "home_value"
    assert figure_for_column("0_15") == "age_0_15_pct"  # an exact name wins over a suffix
    assert figure_for_column("Appartement_48") is None  # ambiguous (kWh or m³): not read


def test_age_groups_published_as_percentages_are_stored_as_percentages(hengelo):
    result = import_key_figures_file(CBS_2016_PERCENT)
    assert result.year == 2016
    assert value("BU01640501", "age_0_15_pct", 2016) == 14
    assert not KeyFigure.objects.filter(key="age_0_15").exists()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(".", None), ("       .", None), ("", None), (None, None), ("x", None), (-99999999, None),
     ("-99999997", None), ("0", 0.0), (0, 0.0), ("1,9", 1.9), ("12.5", 12.5), (" 7 ", 7.0)],
)  # fmt: skip
def test_cbs_markers_become_missing_and_zero_stays_zero(raw, expected):
    assert parse_value(raw) == expected


# --- bad input: a clear message, nothing stored ---------------------------------------------


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def assert_nothing_stored(before: int) -> None:
    assert KeyFigure.objects.count() == before


def test_without_a_year_the_import_stops(hengelo, tmp_path):
    path = tmp_path / "kerncijfers.csv"
    shutil.copy(BUURT_CSV, path)
    with pytest.raises(KeyFigureImportError, match="jaar van de cijfers is onbekend"):
        import_key_figures_file(path)
    assert_nothing_stored(0)


@pytest.mark.parametrize("year", [1990, 2999])
def test_a_year_outside_the_cbs_editions_is_unknown(hengelo, year):
    with pytest.raises(KeyFigureImportError, match=f"Onbekend jaar {year}"):
        import_key_figures_file(BUURT_CSV, year=year)
    assert_nothing_stored(0)


def test_a_year_that_disagrees_with_the_file_stops(hengelo):
    with pytest.raises(KeyFigureImportError, match="niet eenduidig"):
        import_key_figures_file(CBS_2018, year=2019)
    with pytest.raises(KeyFigureImportError, match="niet eenduidig"):
        import_key_figures_file(BUURT_GEOJSON, year=2024)
    assert_nothing_stored(0)


def test_missing_columns_are_named(hengelo, tmp_path):
    path = write(tmp_path, "x.csv", "buurtcode,mannen,vrouwen\nBU01640501,1745,1695\n")
    with pytest.raises(KeyFigureImportError) as error:
        import_key_figures_file(path, year=2018)
    assert "Kolommen ontbreken: ‘Inwoners’" in str(error.value)
    path = write(tmp_path, "y.csv", "naam,aantal_inwoners\nBerflo,3440\n")
    with pytest.raises(KeyFigureImportError, match="een gebiedscode"):
        import_key_figures_file(path, year=2018)
    assert_nothing_stored(0)


def test_text_where_a_number_belongs_names_row_and_column(hengelo, tmp_path):
    path = write(
        tmp_path,
        "x.csv",
        "buurtcode,aantal_inwoners,mannen\nBU01640501,3440,1745\nBU01640502,veel,785\n",
    )
    with pytest.raises(KeyFigureImportError) as error:
        import_key_figures_file(path, year=2018)
    assert "regel 3 (BU01640502), kolom aantal_inwoners: “veel” is geen getal" in str(error.value)
    assert_nothing_stored(0)


def test_a_file_with_only_unknown_areas_stops(hengelo, tmp_path):
    path = write(tmp_path, "x.csv", "buurtcode,aantal_inwoners\nBU99990101,10\n")
    with pytest.raises(KeyFigureImportError, match="Geen enkel gebied"):
        import_key_figures_file(path, year=2018)
    assert_nothing_stored(0)


def test_unknown_areas_beside_known_ones_are_skipped_and_reported(hengelo, tmp_path):
    path = write(tmp_path, "x.csv", "buurtcode,aantal_inwoners\nBU99990101,10\nBU01640501,3440\n")
    result = import_key_figures_file(path, year=2018)
    assert result.skipped_codes == ["BU99990101"] and result.areas == 1


def test_two_columns_for_one_figure_stop(hengelo, tmp_path):
    path = write(
        tmp_path, "x.csv", "buurtcode,aantal_inwoners,AantalInwoners_5\nBU01640501,3440,3440\n"
    )
    with pytest.raises(KeyFigureImportError, match="allebei"):
        import_key_figures_file(path, year=2018)
    assert_nothing_stored(0)


def test_a_file_with_more_than_one_year_stops(hengelo, tmp_path):
    path = write(
        tmp_path,
        "x.csv",
        "buurtcode,jaar,aantal_inwoners\nBU01640501,2018,3440\nBU01640502,2019,1\n",
    )
    with pytest.raises(KeyFigureImportError, match="meer dan één jaar"):
        import_key_figures_file(path)
    assert_nothing_stored(0)


def test_not_json_and_not_csv(hengelo, tmp_path):
    with pytest.raises(KeyFigureImportError, match="geen geldige JSON"):
        import_key_figures_file(write(tmp_path, "x.geojson", "{nope"))
    with pytest.raises(KeyFigureImportError, match="kopregel"):
        import_key_figures_file(write(tmp_path, "x.csv", "alleen tekst zonder kolommen\n"))
    with pytest.raises(KeyFigureImportError, match="niet gevonden"):
        import_key_figures_file(tmp_path / "bestaat-niet.csv")


def test_the_command_is_all_or_nothing_over_its_files(hengelo, tmp_path):
    import_key_figures_file(WIJK_CSV, year=2024)
    before = KeyFigure.objects.count()
    bad = write(tmp_path, "x.csv", "buurtcode,mannen\nBU01640501,1\n")
    with pytest.raises(CommandError) as error:
        call_command("import_key_figures", str(BUURT_CSV), str(bad), "--jaar", "2018")
    assert "Niets geïmporteerd" in str(error.value) and "Kolommen ontbreken" in str(error.value)
    assert_nothing_stored(before)  # the good first file was rolled back too


def test_the_command_reports_what_it_did(hengelo, capsys):
    call_command("import_key_figures", str(CBS_2018))
    out = capsys.readouterr().out
    assert "van 2018 voor 4 gebieden" in out and "onbekend of geheim" in out
