"""The error summary (issue 11, item 26) in a real browser: after a refused submit the
keyboard starts at the summary, and its link takes focus to the field. Both a full-page form
(the quick entry) and a form on another page (an initiative's stage form) are checked."""

from playwright.sync_api import expect

from opbouw.initiatives import services as initiatives
from opbouw.journal.models import JournalEntry


def test_a_refused_quick_entry_focuses_the_summary_and_its_link_the_field(page, screenshot):
    page.goto("/logboek/nieuw/")
    before = JournalEntry.objects.count()
    page.get_by_role("button", name="Opslaan").last.click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_contain_text("fout")
    screenshot(page, "summary-focused", full_page=False)
    assert JournalEntry.objects.count() == before

    # Keyboard only: the next Tab reaches the summary's link, Enter moves focus to the field.
    page.keyboard.press("Tab")
    link = summary.get_by_role("link", name="Notitie")
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    note = page.get_by_role("textbox", name="Notitie")
    expect(note).to_be_focused()
    expect(note).to_be_in_viewport()
    screenshot(page, "field-focused", full_page=False)


def test_a_refused_stage_change_comes_back_in_its_form_with_the_summary_focused(
    page, world, screenshot
):
    from django.utils import timezone

    initiative = initiatives.initiative_create(
        created_by=world.worker, title="Repaircafé", goal="Samen repareren.",
        area=world.buurt, started_on=timezone.localdate(), note="",
    )  # fmt: skip
    page.goto(initiative.get_absolute_url())
    form = page.locator("form", has=page.get_by_role("button", name="Fase wijzigen"))
    form.get_by_label("Waarom? Wat is er gebeurd?").fill("De kern is er.")
    form.get_by_role("button", name="Fase wijzigen").click()

    summary = page.locator("form [data-error-summary]")
    expect(summary).to_be_focused()
    # What was typed is still there; nothing was chosen for the stage, and it says so there.
    expect(page.get_by_label("Waarom? Wat is er gebeurd?")).to_have_value("De kern is er.")
    expect(page.get_by_label("Nieuwe fase")).to_have_value("")
    screenshot(page, "stage-summary", full_page=False)
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Nieuwe fase")).to_be_focused()
    initiative.refresh_from_db()
    assert initiative.stage == "idea"
