"""Dates and numbers in the reader's language (issue 11, item 22): Dutch "1 juli 2026" and
"2.500", English "1 July 2026" and "2,500" — in pages, PDF text and chart specs."""

import datetime as dt
import io
import re

import pypdfium2 as pdfium
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from opbouw.assets.charts import grouped_bars
from opbouw.core.chart_locale import chart_locale
from opbouw.core.dates import format_day
from opbouw.dialogue.charts import opinion_map_spec
from opbouw.network.charts import metric_charts
from opbouw.reports import charts
from tests.factories import client_for
from tests.reports.conftest import YEAR

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "expected"), [("nl", "1 juli 2026"), ("en", "1 July 2026")])
def test_one_date_helper_in_both_languages(language, expected):
    with translation.override(language):
        assert format_day(dt.date(2026, 7, 1), year=True) == expected
        assert format_day("2026-07-01", year=True) == expected  # frozen report versions
        this_year = timezone.localdate().replace(month=1, day=2)
        assert str(this_year.year) not in format_day(this_year)  # this year: no year
        last_year = this_year.replace(year=this_year.year - 1)
        assert format_day(last_year).endswith(str(last_year.year))  # another year: the year
        assert format_day("2026-07", month=True) == expected.split(" ", 1)[1]


def _texts(svg: str) -> list[str]:
    return re.findall(r">([^<]+)</text>", svg)


@pytest.mark.parametrize(
    ("language", "thousands", "month"), [("nl", "2.500", "jul 2026"), ("en", "2,500", "Jul 2026")]
)
def test_a_chart_drawn_for_the_pdf_speaks_the_language(language, thousands, month):
    months = [
        {"month": f"2026-{m:02d}-01", "people_active": 2500, "ties": 1000, "bridging_ties": 10,
         "isolated": 3}
        for m in (6, 7, 8)
    ]  # fmt: skip
    with translation.override(language):
        spec = charts.network_curve(months)
        texts = _texts(charts.to_svg(spec))
    assert thousands in texts
    assert month in texts
    assert not any(re.fullmatch(r"\d\d-\d{4}", t) for t in texts)  # no "07-2026"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_chart_builder_carries_the_locale(language):
    with translation.override(language):
        expected = chart_locale()
        specs = [
            charts.network_curve([{"month": "2026-07-01", "people_active": 1, "ties": 1,
                                   "bridging_ties": 0, "isolated": 0}]),
            charts.collective_bars([{"month": "2026-07", "organisation": "A",
                                     "collective_hours": 2500, "individual_hours": 1,
                                     "network_hours": 0}]),
            charts.stage_bars([{"stage": "idee", "count": 2}]),
            *metric_charts([]),
            opinion_map_spec(participants=[], statements=[], you=None, group_labels=[],
                             group_indexes=[], domain_x=(-1, 1), domain_y=(-1, 1),
                             description="x"),
        ]  # fmt: skip
        bars = grouped_bars  # the asset profile's charts share the same config
        assert callable(bars)
    assert expected["number"]["thousands"] == ("." if language == "nl" else ",")
    for spec in specs:
        assert spec["config"]["locale"] == expected, spec.get("description")


@pytest.mark.parametrize(
    ("language", "start", "outcome_day"),
    [("nl", f"1 januari {YEAR}", f"1 september {YEAR}"),
     ("en", f"1 January {YEAR}", f"1 September {YEAR}")],
)  # fmt: skip
def test_report_page_and_pdf_show_dates_in_the_language(users, world, language, start, outcome_day):
    client = client_for(users["worker"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(world.report.get_absolute_url()).content.decode()
    assert start in html and outcome_day in html
    visible = re.sub(r"<script.*?</script>|<[^>]+>", " ", html, flags=re.S)  # text, not data
    assert f"{YEAR}-01-01" not in visible and f"{YEAR}-09-01" not in visible, re.findall(
        rf".{{60}}{YEAR}-0[19]-01.{{20}}", visible
    )
    pdf = client.get(reverse("reports:pdf", args=[world.report.pk])).content
    document = pdfium.PdfDocument(io.BytesIO(pdf))
    text = " ".join(page.get_textpage().get_text_range() for page in document)
    text = " ".join(text.split())
    assert start in text and outcome_day in text
    assert f"{YEAR}-01-01" not in text


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nl", "2.500 · 2,5 · 1 juli 2026"), ("en", "2,500 · 2.5 · 1 July 2026")],
)
def test_the_template_filters_in_both_languages(language, expected):
    from django.template import Context, Template

    template = Template('{% load opbouw %}{{ n|number }} · {{ x|number }} · {{ d|day:"jaar" }}')
    with translation.override(language):
        assert template.render(Context({"n": 2500, "x": 2.5, "d": "2026-07-01"})) == expected
