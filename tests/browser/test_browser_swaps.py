"""After an htmx swap, focus goes somewhere sensible and a polite live region says what happened
(issue 11, item 25): one mechanism in app.js, driven by data-swap-announce / data-swap-focus /
data-swap-message (tests/core/test_swap_attributes.py checks that every swap carries them)."""

from playwright.sync_api import expect

from tests.browser.support import htmx_settled
from tests.factories import FollowUpFactory

ACTIVE_IS_BODY = "document.activeElement === document.body || document.activeElement === null"


def test_done_on_today_keeps_focus_on_the_item_and_says_so(page, world, screenshot):
    first = FollowUpFactory(entry=world.entry, assignee=world.worker, description="Henk bellen")
    second = FollowUpFactory(
        entry=world.entry, assignee=world.worker, description="Zaal reserveren"
    )
    page.goto("/logboek/vandaag/")
    button = page.get_by_role("button", name="Henk bellen")
    button.focus()
    page.keyboard.press("Enter")

    item = page.locator(f"#follow-up-{first.pk}")
    expect(item).to_contain_text("Afgerond")
    expect(item.get_by_role("button")).to_have_count(0)
    expect(item).to_be_focused()
    assert not page.evaluate(ACTIVE_IS_BODY)
    expect(page.locator("#opbouw-live")).to_have_text("Vervolgactie afgerond: Henk bellen")
    screenshot(page)

    # The keyboard goes on from the item: into it (its link), then on to the next item.
    page.keyboard.press("Tab")
    expect(item.get_by_role("link", name="logboekregel")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator(f"#follow-up-{second.pk}").get_by_role("link")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Zaal reserveren")).to_be_focused()


def test_a_search_keeps_focus_in_the_field_and_says_how_many(page, world):
    page.goto("/mensen/")
    field = page.locator("#people-q")
    field.focus()
    page.keyboard.type("Yasmina")
    results = page.locator("#people-results")
    expect(results.get_by_role("link")).to_have_count(1)
    htmx_settled(page)
    expect(field).to_be_focused()
    expect(page.locator("#opbouw-live")).to_have_text("1 persoon getoond")

    page.keyboard.press("Control+A")
    page.keyboard.type("Zzyzx")
    expect(results).to_contain_text("Niemand gevonden.")
    htmx_settled(page)
    expect(field).to_be_focused()
    expect(page.locator("#opbouw-live")).to_have_text("Niemand gevonden.")


def test_the_timeline_search_says_what_it_found(page, world):
    page.goto("/logboek/")
    search = page.get_by_role("search").locator("input[name=q]")
    search.fill("repaircafé")
    search.press("Enter")
    expect(page.locator("#timeline-results")).to_contain_text("Zoekresultaten")
    htmx_settled(page)
    expect(search).to_be_focused()
    expect(page.locator("#opbouw-live")).to_have_text("1 logboekregel getoond")


def test_a_failed_swap_is_announced_not_silent(page, world):
    follow_up = FollowUpFactory(entry=world.entry, assignee=world.worker, description="Bellen")
    page.goto("/logboek/vandaag/")
    follow_up.delete()  # meanwhile done and gone elsewhere: the POST answers 404
    page.get_by_role("button", name="Bellen").press("Enter")
    expect(page.locator("#opbouw-live")).to_contain_text("Dat lukte niet")
