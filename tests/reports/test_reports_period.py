"""The period picker of a new report: a year or a quarter from a select (no typing, works
without JS), or a period of one's own; a reversed or missing period is refused at the field."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from opbouw.reports.forms import period_bounds, period_choices
from opbouw.reports.models import Report
from tests.factories import client_for


def _post(client, areas, **data):
    return client.post(
        reverse("reports:create"), {"area": areas.wijk.pk, "title": "Verslag", **data}
    )


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        ("2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        ("2025-Q1", dt.date(2025, 1, 1), dt.date(2025, 3, 31)),
        ("2025-Q2", dt.date(2025, 4, 1), dt.date(2025, 6, 30)),
        ("2025-Q3", dt.date(2025, 7, 1), dt.date(2025, 9, 30)),
        ("2025-Q4", dt.date(2025, 10, 1), dt.date(2025, 12, 31)),
    ],
)
def test_a_year_or_quarter_from_the_select_sets_the_period(users, areas, world, period, start, end):
    # The dates typed next to it do not count (the select says it is no period of one's own).
    response = _post(
        client_for(users["worker"]), areas, period=period, period_start="", period_end="x"
    )
    assert response.status_code == 302
    report = Report.objects.get(title="Verslag")
    assert (report.period_start, report.period_end) == (start, end)


def test_the_select_offers_the_years_of_the_areas_journal_and_a_period_of_ones_own(
    users, areas, world
):
    page = client_for(users["worker"]).get(reverse("reports:create")).content.decode()
    this_year = timezone.localdate().year
    # The world's journal starts in 2025: from then to this year, nothing older.
    for value in (f"{this_year}", "2025", "2025-Q1", "2025-Q4"):
        assert f'value="{value}"' in page
    assert 'value="2024"' not in page and 'value="2024-Q4"' not in page
    assert 'value="custom"' in page
    # Without JavaScript the dates are there to fill in as well.
    assert 'name="period_start"' in page and 'name="period_end"' in page
    assert "Q2 2025 (1 apr – 30 jun)" in page


def test_a_period_of_ones_own_uses_the_two_dates(users, areas, world):
    response = _post(
        client_for(users["worker"]),
        areas,
        period="custom",
        period_start="2025-03-15",
        period_end="2025-09-14",
    )
    assert response.status_code == 302
    report = Report.objects.get(title="Verslag")
    assert (report.period_start, report.period_end) == (dt.date(2025, 3, 15), dt.date(2025, 9, 14))


def test_a_reversed_period_of_ones_own_is_refused_at_the_field(users, areas, world):
    response = _post(
        client_for(users["worker"]),
        areas,
        period="custom",
        period_start="2025-12-31",
        period_end="2025-01-01",
    )
    assert response.status_code == 200
    html = response.content.decode()
    error = html.split('id="id_period_end_error">', 1)[1].split("</div>", 1)[0]
    assert "ligt vóór het begin" in error
    assert not Report.objects.filter(title="Verslag").exists()


def test_a_period_of_ones_own_without_dates_or_an_unknown_period_is_refused(users, areas, world):
    client = client_for(users["worker"])
    html = _post(client, areas, period="custom", period_start="", period_end="").content.decode()
    assert 'id="id_period_start_error"' in html and 'id="id_period_end_error"' in html
    html = _post(client, areas, period="1999-Q5").content.decode()
    assert 'id="id_period_error"' in html
    html = _post(client, areas, period="").content.decode()
    assert 'id="id_period_error"' in html
    assert not Report.objects.filter(title="Verslag").exists()


def test_period_bounds_and_choices():
    assert period_bounds("custom") is None
    assert period_bounds("2024-Q1") == (dt.date(2024, 1, 1), dt.date(2024, 3, 31))
    assert period_bounds("2024") == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    choices = period_choices([2025, 2026])
    assert [group for group, _options in choices[:2]] == ["2026", "2025"]
    assert [value for value, _label in choices[0][1]] == [
        "2026", "2026-Q4", "2026-Q3", "2026-Q2", "2026-Q1",
    ]  # fmt: skip
    assert choices[-1][0] == "custom"
