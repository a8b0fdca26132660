"""The wijkprofiel: figures with their year, derived figures marked, charts, leefwereld notes."""

import json
import re

import pytest
from django.urls import reverse

from opbouw.assets.charts import profile_charts
from opbouw.assets.importers import import_key_figures_records
from opbouw.assets.models import FigureNote, KeyFigure
from opbouw.assets.profile import aggregate, profile_get, with_shares
from tests.assets.helpers import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(areas):
    """2018 for both buurten (one tiny buurt with secrets), 2024 for the wijk only."""
    import_key_figures_records(
        [
            {"buurtcode": "BU01640501", "aantal_inwoners": 3440, "aantal_huishoudens": 1915,
             "percentage_personen_0_tot_15_jaar": 13, "percentage_eenpersoonshuishoudens": 53,
             "gemiddelde_huishoudsgrootte": 1.8, "bevolkingsdichtheid_inwoners_per_km2": 5057},
            {"buurtcode": "BU01640502", "aantal_inwoners": 1520, "aantal_huishoudens": 680,
             "percentage_personen_0_tot_15_jaar": 17, "percentage_eenpersoonshuishoudens": 35,
             "gemiddelde_huishoudsgrootte": 2.2, "bevolkingsdichtheid_inwoners_per_km2": 5451},
        ],
        year=2018,
        source="test",
    )  # fmt: skip
    import_key_figures_records(
        [{"wijkcode": "WK016405", "aantal_inwoners": 7295, "0_15": 13, "huishoudens": 3905}],
        year=2024,
        source="test",
    )


def test_sums_and_weighted_averages_from_buurten():
    derived = aggregate(
        [
            {"inhabitants": 3440, "households": 1915, "age_0_15_pct": 13, "single_pct": 53},
            {"inhabitants": 1520, "households": 680, "age_0_15_pct": 17, "single_pct": 35},
            {"inhabitants": 5, "households": 0, "age_0_15_pct": None, "single_pct": None},
        ]
    )
    assert derived["inhabitants"] == 4965
    # Shown to one decimal: within half a step (plus rounding) of the exact weighted average.
    assert derived["age_0_15_pct"] == pytest.approx((3440 * 13 + 1520 * 17) / 4960, abs=0.05 + 1e-9)
    assert derived["single_pct"] == pytest.approx((1915 * 53 + 680 * 35) / 2595, abs=0.05 + 1e-9)


def test_a_derived_figure_is_unknown_when_a_real_buurt_lacks_it():
    derived = aggregate(
        [{"inhabitants": 3440, "age_0_15_pct": 13}, {"inhabitants": 1520, "age_0_15_pct": None}]
    )
    assert derived["age_0_15_pct"] is None
    assert derived["inhabitants"] == 4960


def test_shares_are_derived_from_counts_and_marked():
    values, derived = with_shares({"inhabitants": 200, "age_0_15": 50, "age_15_25": None})
    assert values["age_0_15_pct"] == 25.0 and values["age_15_25_pct"] is None
    assert derived == {"age_0_15_pct", "age_15_25_pct"}


def test_the_profile_of_a_buurt_beside_its_wijk_and_gemeente(areas, figures):
    profile = profile_get(areas.buurt)
    assert profile.year == 2018
    labels = [(c.area.code, c.year, c.derived) for c in profile.columns]
    assert labels == [
        ("BU01640501", 2018, False),
        ("WK016405", 2018, True),  # derived from its two buurten
        ("GM0164", 2018, True),  # derived from every buurt below it
    ]
    assert [(c.area.code, c.year, c.derived) for c in profile.other_years] == [
        ("WK016405", 2024, False)
    ]
    wijk_2018 = profile.columns[1]
    assert wijk_2018.values["inhabitants"] == 4960
    assert "density" not in wijk_2018.values  # a density cannot be summed


def test_the_page_shows_every_value_with_its_year(users, areas, figures):
    page = login(users["partner"]).get(reverse("assets:profile", args=["BU01640501"]))
    assert page.status_code == 200
    html = page.content.decode()
    assert re.search(r'Berflo Es Noord <span class="assets-year">2018</span>', html)
    assert re.search(
        r'Berflo Es <span class="assets-year">2018</span> <span class="assets-derived">', html
    )
    assert re.search(r'Berflo Es <span class="assets-year">2024</span>', html)
    assert "3.440" in html  # Dutch grouping
    assert "Bron: CBS" in html


def test_charts_are_vega_lite_specs_with_every_area_and_year(areas, figures):
    charts = profile_charts(profile_get(areas.buurt))
    assert [chart.slug for chart in charts] == ["age", "households"]
    spec = charts[0].spec
    assert spec["$schema"].endswith("vega-lite/v6.json")
    assert {row["gebied"] for row in spec["data"]["values"]} == {
        "Berflo Es Noord (2018)",
        "Berflo Es (2018) berekend",
        "Hengelo (2018) berekend",
    }
    json.dumps(spec)  # serialisable for json_script


def test_an_area_without_figures_says_so(users, areas):
    html = login(users["worker"]).get(reverse("assets:profile", args=["BU01640502"])).content
    assert "nog geen kerncijfers" in html.decode()


def test_leefwereld_notes_beside_the_figure(users, areas, figures):
    client = login(users["resident"])
    response = client.post(
        reverse("assets:note_add", args=["BU01640501"]),
        {"key": "single_pct", "text": "In de flats wonen veel ouderen alleen."},
    )
    assert response.status_code == 302 and response["Location"].endswith("#cijfer-single_pct")
    html = login(users["partner"]).get(reverse("assets:profile", args=["BU01640501"])).content
    html = html.decode()
    assert "In de flats wonen veel ouderen alleen." in html
    assert "Bewoner" in html and "Rita" not in html  # the role, never the name


def test_partners_read_notes_but_do_not_write_them(users, areas, figures):
    client = login(users["partner"])
    response = client.post(
        reverse("assets:note_add", args=["BU01640501"]), {"key": "inhabitants", "text": "x"}
    )
    assert response.status_code == 404
    assert not FigureNote.objects.exists()


def test_the_profile_outside_your_areas_is_404(users, areas, figures):
    assert (
        login(users["other_worker"]).get(reverse("assets:profile", args=["BU01640501"])).status_code
        == 404
    )


def test_key_figures_keep_missing_apart_from_zero(areas):
    import_key_figures_records(
        [{"buurtcode": "BU01640501", "aantal_inwoners": 5, "mannen": ".", "vrouwen": 0}],
        year=2018,
    )
    stored = dict(KeyFigure.objects.values_list("key", "value"))
    assert stored == {"inhabitants": 5.0, "men": None, "women": 0.0}
