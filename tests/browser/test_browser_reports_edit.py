"""Verantwoording on a phone: the period picker of a new report (a quarter from the select, the
dates only for a period of one's own), and editing a story and an outcome, with the message at
the field for bad input."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.support import htmx_settled


def test_period_picker_and_editing_on_a_phone(new_context, world, screenshot):
    from opbouw.reports.models import Outcome, Report, Story

    today = timezone.localdate()
    story = Story.objects.create(
        area=world.buurt, domain="connection", title="Koffie op de galerij",
        text="Sinds de koffieochtend groeten we elkaar.", teller_role="resident",
        told_on=today - dt.timedelta(days=10), recorded_by=world.worker,
    )  # fmt: skip
    outcome = Outcome.objects.create(
        area=world.buurt, actor="De woningcorporatie", change="Stelt een ruimte beschikbaar.",
        change_type="practice", occurred_on=today - dt.timedelta(days=20),
        significance="Een vaste plek.",
        contribution="Bewoners en corporatie samengebracht.", recorded_by=world.worker,
    )  # fmt: skip
    page = new_context(phone=True, user=world.worker)

    # The period picker: a quarter needs no typing; the dates appear only when asked for.
    page.goto("/verantwoording/nieuw/")
    period = page.get_by_label("Periode", exact=True)
    # Last year's report early in the year (January, February), when there was work then: the
    # first work here is the outcome, 20 days ago (on 15 February that is this year).
    first = today - dt.timedelta(days=20)
    last_year_due = today.month <= 2 and first.year < today.year
    expect(period).to_have_value(str(today.year - 1 if last_year_due else today.year))
    expect(page.get_by_label("Periode vanaf")).to_be_hidden()
    screenshot(page, "period-year")
    period.select_option("custom")
    expect(page.get_by_label("Periode vanaf")).to_be_visible()
    expect(page.get_by_label("Periode tot en met")).to_be_visible()
    screenshot(page, "period-custom")
    quarter = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    period.select_option(quarter)
    expect(page.get_by_label("Periode vanaf")).to_be_hidden()
    page.get_by_label("Gebied").select_option(label="Berflo Es")
    # The area's periods arrive by htmx; the quarter chosen is put back when it settles.
    htmx_settled(page)
    expect(period).to_have_value(quarter)
    page.get_by_label("Titel").fill("Kwartaalverslag Berflo Es")
    page.get_by_role("button", name="Verder").click()
    expect(page.get_by_label("Reflectie van de opbouwwerker")).to_be_visible()
    report = Report.objects.get(title="Kwartaalverslag Berflo Es")
    assert report.period_start.month == 3 * ((today.month - 1) // 3) + 1
    assert report.period_start.day == 1 and report.period_start.year == today.year

    # Editing a story: an empty text is refused at the field and nothing changes.
    page.goto(story.get_absolute_url())
    page.get_by_role("link", name="Bewerken").click()
    page.get_by_label("Het verhaal").fill("")
    page.get_by_role("button", name="Bewaar").click()
    expect(page.locator("#id_text_error")).to_be_visible()
    screenshot(page, "story-error")
    assert Story.objects.get(pk=story.pk).text == "Sinds de koffieochtend groeten we elkaar."
    page.get_by_label("Het verhaal").fill("Sinds de koffieochtend kennen we elkaars namen.")
    page.get_by_label("Titel").fill("Koffie en namen")
    page.get_by_role("button", name="Bewaar").click()
    expect(page.get_by_role("heading", name="Koffie en namen")).to_be_visible()
    assert Story.objects.get(pk=story.pk).title == "Koffie en namen"

    # Editing an outcome: a date in the future is refused at the field.
    page.goto("/verantwoording/verhalen/")
    page.get_by_role("link", name="Bewerken – De woningcorporatie").click()
    page.get_by_label("Wanneer").fill(str(today + dt.timedelta(days=30)))
    page.get_by_role("button", name="Bewaar").click()
    expect(page.locator("#id_occurred_on_error")).to_contain_text("niet in de toekomst")
    screenshot(page, "outcome-error")
    assert Outcome.objects.get(pk=outcome.pk).occurred_on == today - dt.timedelta(days=20)
    page.get_by_label("Wanneer").fill(str(today - dt.timedelta(days=21)))
    page.locator("#id_place").fill("Het buurthuis")
    page.get_by_role("button", name="Bewaar").click()
    expect(page.get_by_text("De uitkomst is bijgewerkt.")).to_be_visible()
    assert Outcome.objects.get(pk=outcome.pk).place == "Het buurthuis"
    screenshot(page, "outcome-saved")
