"""The period picker of a new report: a year or a quarter from a select (no typing, works
without JS), or a period of one's own; a reversed or missing period is refused at the field."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from opbouw.core.roles import Role
from opbouw.journal.models import EntryKind
from opbouw.reports import selectors
from opbouw.reports.forms import period_bounds, period_choices
from opbouw.reports.models import Report
from tests.factories import JournalEntryFactory, MembershipFactory, client_for
from tests.reports.conftest import YEAR


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
    choices = period_choices(dt.date(2025, 1, 10), dt.date(2026, 12, 1))
    assert [group for group, _options in choices[:2]] == ["2026", "2025"]
    assert [value for value, _label in choices[0][1]] == [
        "2026", "2026-Q4", "2026-Q3", "2026-Q2", "2026-Q1",
    ]  # fmt: skip
    assert choices[-1][0] == "custom"
    # Quarters before the first work in the area and after today are not offered.
    choices = period_choices(dt.date(2025, 5, 20), dt.date(2026, 2, 3))
    assert [value for value, _label in choices[0][1]] == ["2026", "2026-Q1"]
    assert [value for value, _label in choices[1][1]] == ["2025", "2025-Q4", "2025-Q3", "2025-Q2"]


# --- the periods follow the chosen area -------------------------------------------------------


@pytest.fixture
def two_wijken(users, areas, world):
    """The worker works in a second wijk too, where the journal starts three years back; the
    world's wijk starts in 2025."""
    MembershipFactory(user=users["worker"], area=areas.other_wijk, role=Role.WORKER)
    old = timezone.localdate().year - 3
    JournalEntryFactory(
        area=areas.other_buurt,
        author=users["worker"],
        kind=EntryKind.MEETING,
        occurred_on=dt.date(old, 5, 12),
    )
    return old


def _values(html):
    """The values offered in the period select."""
    select = html.split('name="period"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'value="([^"]*)"', select)


def test_the_periods_offered_are_those_of_the_chosen_area(users, areas, two_wijken):
    old = two_wijken
    client = client_for(users["worker"])
    # The first visit offers the periods of the worker's first area (the world's wijk, or
    # the other one): either way, only that area's years.
    html = client.get(reverse("reports:create")).content.decode()
    first_area = re.search(r'<option value="(\d+)" selected>', html.split('name="area"')[1])
    assert first_area is not None
    offered = _values(html)
    if int(first_area[1]) == areas.wijk.pk:
        assert str(old) not in offered and "2025" in offered
    else:
        assert str(old) in offered
    # Asking for an area's periods (the button without JS; htmx posts the same) shows them,
    # keeps what was filled in, shows no errors and stores nothing.
    for area, has_old in ((areas.other_wijk, True), (areas.wijk, False)):
        response = client.post(
            reverse("reports:create"),
            {"area": area.pk, "title": "Verslag", "period": f"{old}-Q2", "refresh": "1"},
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 200
        html = response.content.decode()
        offered = _values(html)
        assert (str(old) in offered) is has_old
        assert (f"{old}-Q2" in offered) is has_old
        # Before the first entry (May, Q2) no quarter of that year is offered.
        assert f"{old}-Q1" not in offered
        assert "2025" in offered and "custom" in offered
        assert 'value="Verslag"' in html
        assert "utrecht-form-field--invalid" not in html
        selected = re.search(r'<option value="([^"]+)" selected>', html.split('name="period"')[1])
        assert selected is not None
        # The period chosen stays when this area offers it, else this area's default.
        assert (selected[1] == f"{old}-Q2") is has_old
    assert not Report.objects.filter(title="Verslag").exists()


def test_the_area_select_asks_for_its_periods_without_js_and_with_htmx(users, areas, world):
    html = client_for(users["worker"]).get(reverse("reports:create")).content.decode()
    area_select = html.split('<select name="area"', 1)[1].split(">", 1)[0]
    assert f'hx-post="{reverse("reports:create")}"' in area_select
    assert 'hx-select="#rapportage-periode"' in area_select
    assert 'id="rapportage-periode"' in html
    assert 'name="refresh"' in html and "formnovalidate" in html


@pytest.mark.parametrize("quarter", ["", "-Q2"])
def test_a_period_not_offered_for_the_area_is_refused_at_the_field(
    users, areas, two_wijken, quarter
):
    old = two_wijken
    client = client_for(users["worker"])
    data = {"title": "Verslag", "period": f"{old}{quarter}"}
    response = client.post(reverse("reports:create"), {**data, "area": areas.wijk.pk})
    assert response.status_code == 200
    html = response.content.decode()
    error = html.split('id="id_period_error">', 1)[1].split("</div>", 1)[0]
    label = f"Q2 {old}" if quarter else str(old)
    assert f"Over {label} is in dit gebied niets vastgelegd" in error
    # The list now shows what this area offers.
    assert str(old) not in _values(html)
    assert not Report.objects.filter(title="Verslag").exists()
    # In the area where that work was done, the same period is fine.
    response = client.post(reverse("reports:create"), {**data, "area": areas.other_wijk.pk})
    assert response.status_code == 302
    report = Report.objects.get(title="Verslag")
    assert report.area == areas.other_wijk
    assert report.period_start == (dt.date(old, 4, 1) if quarter else dt.date(old, 1, 1))


def test_an_area_not_ones_own_is_refused_and_its_periods_are_not_offered(users, areas, world):
    old = timezone.localdate().year - 3
    JournalEntryFactory(area=areas.other_buurt, occurred_on=dt.date(old, 5, 12))
    client = client_for(users["worker"])
    data = {"area": areas.other_wijk.pk, "title": "Verslag", "period": str(old)}
    html = client.post(reverse("reports:create"), {**data, "refresh": "1"}).content.decode()
    assert str(old) not in _values(html)
    html = client.post(reverse("reports:create"), data).content.decode()
    assert 'id="id_area_error"' in html
    assert not Report.objects.filter(title="Verslag").exists()


def test_report_span_counts_journal_stories_and_outcomes_of_the_area_and_below(users, areas, world):
    today = timezone.localdate()
    worker = users["worker"]
    # The world's journal starts on 10 January 2025 in a buurt of the wijk.
    assert selectors.report_span(worker, today, areas.wijk) == (dt.date(YEAR, 1, 10), today)
    assert selectors.report_span(worker, today, areas.buurt2) == (today, today)
    world.story.told_on = dt.date(YEAR - 1, 11, 2)
    world.story.save()
    assert selectors.report_span(worker, today, areas.wijk)[0] == dt.date(YEAR - 1, 11, 2)
    # Never more than six calendar years back.
    world.outcome.occurred_on = dt.date(today.year - 20, 1, 1)
    world.outcome.save()
    assert selectors.report_span(worker, today, areas.wijk)[0] == dt.date(today.year - 5, 1, 1)


def test_the_initiatives_offered_are_those_of_the_chosen_area(users, areas, world):
    from opbouw.initiatives.models import Initiative

    south = Initiative.objects.create(
        title="Repaircafé Zuid",
        goal="Repareren.",
        area=areas.buurt2,
        created_by=users["worker"],
        stage_since=dt.date(YEAR, 3, 1),
    )
    client = client_for(users["worker"])

    def offered(area):
        html = client.post(
            reverse("reports:create"), {"area": area.pk, "title": "Verslag", "refresh": "1"}
        ).content.decode()
        block = html.split('id="rapportage-initiatief"', 1)[1].split("</select>", 1)[0]
        return set(map(int, re.findall(r'<option value="(\d+)"', block)))

    assert offered(areas.wijk) == {world.initiative.pk, south.pk}
    assert offered(areas.buurt) == {world.initiative.pk}
    assert offered(areas.buurt2) == {south.pk}
    assert not Report.objects.filter(title="Verslag").exists()
