"""The period picker of a new report follows the chosen area: with htmx the area select swaps
in that area's years and quarters; without JavaScript a button asks for them."""

import datetime as dt
import time

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.support import htmx_settled


def _second_wijk(world):
    """A second wijk of the worker, where the journal starts three years back."""
    from opbouw.areas.models import Area, Level, Membership
    from opbouw.core.roles import Role
    from opbouw.initiatives.models import Initiative
    from opbouw.journal.models import EntryKind, JournalEntry

    wijk = Area(
        code="WK016401", name="Hengelose Es", level=Level.DISTRICT, parent=world.municipality
    )
    wijk.full_clean()
    wijk.save()
    Membership.objects.create(user=world.worker, area=wijk, role=Role.WORKER)
    Initiative.objects.create(
        title="Buurtmoestuin Es", goal="Samen tuinieren.", area=wijk, created_by=world.worker,
        stage_since=timezone.localdate(),
    )  # fmt: skip
    old = timezone.localdate().year - 3
    JournalEntry.objects.create(
        kind=EntryKind.MEETING, occurred_on=dt.date(old, 5, 12), area=wijk, author=world.worker,
        duration_minutes=60,
    )  # fmt: skip
    return wijk, old


def test_the_periods_follow_the_area_with_htmx(new_context, world, screenshot):
    from opbouw.reports.models import Report

    wijk, old = _second_wijk(world)
    page = new_context(user=world.worker)
    page.goto("/verantwoording/nieuw/")
    area, period = page.get_by_label("Gebied"), page.get_by_label("Periode", exact=True)
    # With JavaScript the select does it: no button.
    expect(
        page.get_by_role("button", name="Toon de perioden en initiatieven van dit gebied")
    ).to_have_count(0)
    initiative = page.get_by_label("Initiatief")
    # A polite live region, empty at first, tells screen readers the periods changed. It
    # stays the same element (a replaced live region is not read out); only its text changes.
    status = page.locator("#rapportage-status")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_text("")
    page.evaluate("() => { window.statusRegion = document.getElementById('rapportage-status'); }")
    area.select_option(label="Berflo Es")
    expect(period.locator(f'option[value="{old}"]')).to_have_count(0)
    expect(initiative.get_by_text("Buurtmoestuin Es")).to_have_count(0)
    expect(status).to_have_text("Perioden en initiatieven voor Berflo Es bijgewerkt.")
    area.select_option(label="Hengelose Es")
    expect(period.locator(f'option[value="{old}"]')).to_have_count(1)
    expect(initiative.get_by_text("Buurtmoestuin Es")).to_have_count(1)
    expect(status).to_have_text("Perioden en initiatieven voor Hengelose Es bijgewerkt.")
    assert page.evaluate(
        "() => document.getElementById('rapportage-status') === window.statusRegion"
    )
    expect(page.get_by_role("status").filter(has_text="Hengelose Es bijgewerkt")).to_have_count(1)
    screenshot(page, "announced")
    expect(period.locator(f'option[value="{old}-Q2"]')).to_have_count(1)
    expect(period.locator(f'option[value="{old}-Q1"]')).to_have_count(0)  # before May
    # The new select is enhanced (and a choice made during the request put back) when htmx
    # settles, a moment after the swap: a choice made before that would be overwritten.
    htmx_settled(page)
    period.select_option(f"{old}-Q2")
    expect(page.get_by_label("Periode vanaf")).to_be_hidden()
    screenshot(page, "other-wijk")
    # Back to the first wijk: those years and its initiative go, and so does the choice.
    area.select_option(label="Berflo Es")
    expect(period.locator(f'option[value="{old}"]')).to_have_count(0)
    expect(initiative.get_by_text("Buurtmoestuin Es")).to_have_count(0)
    expect(period).not_to_have_value(f"{old}-Q2")
    htmx_settled(page)
    # A period of one's own survives a change of area, its dates shown.
    period.select_option("custom")
    area.select_option(label="Hengelose Es")
    expect(period.locator(f'option[value="{old}"]')).to_have_count(1)
    expect(period).to_have_value("custom")
    expect(page.get_by_label("Periode vanaf")).to_be_visible()
    htmx_settled(page)
    period.select_option(str(old))
    expect(page.get_by_label("Periode vanaf")).to_be_hidden()
    page.get_by_label("Titel").fill("Jaarverslag Hengelose Es")
    page.get_by_role("button", name="Verder").click()
    expect(page.get_by_label("Reflectie van de opbouwwerker")).to_be_visible()
    report = Report.objects.get(title="Jaarverslag Hengelose Es")
    assert report.area == wijk
    assert (report.period_start, report.period_end) == (dt.date(old, 1, 1), dt.date(old, 12, 31))


def test_the_periods_follow_the_area_without_javascript(new_context, world, screenshot):
    from opbouw.reports.models import Report

    _wijk, old = _second_wijk(world)
    page = new_context(user=world.worker, java_script_enabled=False)
    page.goto("/verantwoording/nieuw/")
    period = page.get_by_label("Periode", exact=True)
    page.get_by_label("Gebied").select_option(label="Berflo Es")
    page.get_by_label("Titel").fill("Jaarverslag")
    page.get_by_role("button", name="Toon de perioden en initiatieven van dit gebied").click()
    expect(period.locator(f'option[value="{old}"]')).to_have_count(0)
    page.get_by_label("Gebied").select_option(label="Hengelose Es")
    page.get_by_role("button", name="Toon de perioden en initiatieven van dit gebied").click()
    expect(period.locator(f'option[value="{old}"]')).to_have_count(1)
    expect(page.get_by_label("Titel")).to_have_value("Jaarverslag")
    # Without JS the refreshed page says the same as the live region does with it.
    expect(page.locator("#rapportage-status")).to_have_text(
        "Perioden en initiatieven voor Hengelose Es bijgewerkt."
    )
    screenshot(page, "no-js")
    # The year chosen, then the area changed without asking again: refused at the field.
    period.select_option(str(old))
    page.get_by_label("Gebied").select_option(label="Berflo Es")
    page.get_by_label("Titel").press("Enter")  # submits the form, not the refresh button
    expect(page.locator("#id_period_error")).to_contain_text(
        f"Over {old} is in dit gebied niets vastgelegd"
    )
    screenshot(page, "no-js-refused")
    assert not Report.objects.exists()


def test_a_period_chosen_while_the_areas_periods_load_is_kept(new_context, world, screenshot):
    """On a slow connection the area's periods arrive after the worker chose "andere periode":
    the choice and its date fields stay (the initiatives arrive first, out of band)."""
    _wijk, old = _second_wijk(world)
    page = new_context(user=world.worker)
    held = []
    page.route(
        "**/verantwoording/nieuw/",
        lambda route: held.append(route) if route.request.method == "POST" else route.continue_(),
    )
    page.goto("/verantwoording/nieuw/")
    period = page.get_by_label("Periode", exact=True)
    page.get_by_label("Gebied").select_option(label="Hengelose Es")
    page.wait_for_function("() => true")  # let the route handler see the request
    deadline = time.monotonic() + 20
    while not held:
        assert time.monotonic() < deadline, "the area's periods were never requested"
        page.wait_for_timeout(50)
    period.select_option("custom")  # while the area's periods are still on their way
    expect(page.get_by_label("Periode vanaf")).to_be_visible()
    held.pop().continue_()
    expect(period.locator(f'option[value="{old}"]')).to_have_count(1)  # the new list is in
    expect(page.get_by_text("Buurtmoestuin Es")).to_have_count(1)
    expect(period).to_have_value("custom")
    expect(page.get_by_label("Periode vanaf")).to_be_visible()
    expect(page.get_by_label("Periode tot en met")).to_be_visible()
    # The live region's text came with it, and did not cost the choice.
    expect(page.locator("#rapportage-status")).to_have_text(
        "Perioden en initiatieven voor Hengelose Es bijgewerkt."
    )
    screenshot(page, "kept")
