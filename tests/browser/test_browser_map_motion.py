"""Map popups for people who asked their system for less motion (issue 11, item 27): without
Leaflet's animations the popup must still take the focus when it opens (it was still hidden
when the focus was moved, and its link was 19 Tab stops away)."""

from playwright.sync_api import expect

from tests.browser import test_browser_assets as asset_map
from tests.browser.test_browser_map_a11y import MAP_READY

mapped = asset_map.mapped
clustered = asset_map.clustered


def test_popups_take_the_focus_with_reduced_motion(new_context, world, clustered, screenshot):
    page = new_context(user=world.worker, reduced_motion="reduce")
    assert page.evaluate("matchMedia('(prefers-reduced-motion: reduce)').matches")
    page.goto("/buurtbeeld/")
    region = page.get_by_role("region", name="Kaart van de krachtbronnen")
    expect(region).to_have_attribute("data-map-ready", MAP_READY)

    # From the list: "Toon" opens the popup and the focus goes into it; its link is the next
    # Tab stop, not one after every marker.
    page.get_by_label("Zoeken op de kaart").fill("bakkerij")
    expect(page.locator("[data-map-count]")).to_have_text("1 in beeld")
    page.get_by_role("button", name="Toon op de kaart: Bakkerij Het Korenaar").press("Enter")
    popup = page.get_by_role("group", name="Bakkerij Het Korenaar", exact=True)
    expect(popup).to_be_visible()
    expect(popup).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Bekijk: Bakkerij Het Korenaar")).to_be_focused()
    screenshot(page, "popup")
    page.keyboard.press("Escape")
    marker = region.get_by_role("button", name="Bakkerij Het Korenaar", exact=True)
    expect(page.locator(".leaflet-popup")).to_have_count(0)
    expect(marker).to_be_focused()
