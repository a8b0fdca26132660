"""Sensitive notes and the audit trail in a real browser (no inline script: CSP holds)."""

from playwright.sync_api import expect

from opbouw.journal.models import JournalEntry


def test_sensitive_warning_and_live_notice_then_the_fg_reads_the_trail(
    page, new_context, world, screenshot
):
    from opbouw.accounts.models import User
    from opbouw.areas.models import Membership
    from opbouw.core.roles import Role

    # The first page of a fresh live server renders slowly on a loaded machine.
    page.goto("/logboek/nieuw/", timeout=60_000)
    warning = page.locator("[data-sensitive-warning]")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("bijzondere persoonsgegevens")
    notice = page.locator("[data-sensitive-chosen]")
    expect(notice).to_be_hidden()
    page.get_by_label("Notitie").fill("Vertelde over haar behandeling in het ziekenhuis.")
    page.get_by_label("Bijzondere persoonsgegevens").select_option("health")
    expect(notice).to_be_visible()  # live feedback from app.js
    page.locator(".opbouw-sensitive").scroll_into_view_if_needed()
    screenshot(page, "form-warning", full_page=False)
    page.get_by_label("Bijzondere persoonsgegevens").select_option("")
    expect(notice).to_be_hidden()
    page.get_by_label("Bijzondere persoonsgegevens").select_option("health")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("note")).to_contain_text("Bijzonder persoonsgegeven")
    entry = JournalEntry.objects.get(note__contains="ziekenhuis")
    assert entry.sensitive_category == "health"
    screenshot(page, "detail")

    fg = User.objects.create_user(username="fg", password="x-unused-x")
    Membership.objects.create(user=fg, area=world.wijk, role=Role.PRIVACY_OFFICER)
    officer = new_context(user=fg)
    officer.goto("/", timeout=60_000)
    officer.get_by_role("link", name="Audittrail").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Audittrail")
    table = officer.locator("table")
    expect(table).to_contain_text("fatima")
    expect(table).to_contain_text(f"logboekregel #{entry.pk}")
    expect(officer.locator("main")).not_to_contain_text("ziekenhuis")
    screenshot(officer, "trail")
    officer.get_by_label("Handeling").select_option("create")
    officer.get_by_role("button", name="Toon").click()
    expect(table).to_contain_text("aangemaakt")
    expect(table).not_to_contain_text("bekeken")
    response = officer.request.get(f"/logboek/{entry.pk}/")
    assert response.status == 404
