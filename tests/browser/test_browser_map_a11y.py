"""The asset map for keyboard and screen-reader users (WCAG 2.1 AA, EN 301 549).

Clusters and markers are buttons with names that say what they are and do; Enter or Space on
a cluster zooms in, moves the focus to what it split into and announces the zoom in a polite
live region; popups take the focus, Escape closes them and returns the focus to the marker;
badge and letter colours have at least 4.5:1; Leaflet's English labels are in the page's
language; axe-core finds nothing with a popup open.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser import test_browser_accessibility as a11y
from tests.browser import test_browser_assets as asset_map
from tests.browser.test_browser_assets import PLACES_ON_ONE_SPOT

# The asset map's fixtures: the wijk's CBS shapes with four assets, and beside them a stack of
# three places on one spot and two things that cluster at the wijk's zoom.
mapped = asset_map.mapped
clustered = asset_map.clustered

MAP_READY = "1"
ZOOM = "() => document.querySelector('[data-asset-map]').opbouwMap.getZoom()"
THINGS = "2 krachtbronnen van het soort spullen — inzoomen"
STACK = "3 krachtbronnen van het soort plekken op één plek — toon de lijst"

# The contrast ratio (WCAG 2.1, relative luminance) of every marker letter and cluster count
# on the page (on the map, in the list and in the layers' legend), from the computed colours.
CONTRASTS = """() => {
  const channel = (c) => {
    c /= 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = (css) => {
    const [r, g, b] = css.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  return Array.from(document.querySelectorAll('.assets-marker, .assets-cluster'), (node) => {
    const style = getComputedStyle(node);
    const [a, b] = [luminance(style.color), luminance(style.backgroundColor)];
    return {kind: node.className, text: node.textContent.trim(), background: style.backgroundColor,
            ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)};
  });
}"""


def open_map(page):
    page.goto("/buurtbeeld/")
    region = page.get_by_role("region", name="Kaart van de krachtbronnen")
    expect(region).to_have_attribute("data-map-ready", MAP_READY)
    return region


def focused(page):
    return page.locator(":focus")


def test_clusters_and_markers_by_keyboard(page, world, clustered, screenshot, live_server):
    region = open_map(page)
    count = page.locator("[data-map-count]")
    expect(count).to_have_attribute("aria-live", "polite")
    expect(count).to_have_text("9 in beeld")

    # Names: a cluster says how many of which kind and what it does; a marker is its asset.
    things = region.get_by_role("button", name=THINGS, exact=True)
    stack = region.get_by_role("button", name=STACK, exact=True)
    expect(things).to_have_count(1)
    expect(stack).to_have_count(1)
    expect(region.get_by_role("button", name="Speeltuin De Es", exact=True)).to_have_count(1)
    expect(region.get_by_role("button", name="Inzoomen", exact=True)).to_be_visible()
    expect(region.get_by_role("button", name="Uitzoomen", exact=True)).to_be_visible()
    # No bare numbers: the visible count is hidden from screen readers, the name says it all.
    snapshot = region.aria_snapshot()
    assert f'button "{THINGS}"' in snapshot and f'button "{STACK}"' in snapshot, snapshot
    assert not re.search(r'button "\d+"', snapshot), snapshot

    # Focus order: from the map region, Tab visits every marker and cluster (each a named
    # button), then the zoom buttons, and leaves the map for the panel.
    region.focus()
    names = []
    for _step in range(30):
        page.keyboard.press("Tab")
        inside = focused(page).evaluate(
            "(node) => node.closest('[data-asset-map]') !== null"
            " ? [node.getAttribute('role') || node.tagName, node.getAttribute('aria-label')"
            " || node.getAttribute('title') || ''] : null"
        )
        if inside is None:
            break
        names.append(tuple(inside))
    else:
        pytest.fail(f"Tab never left the map: {names}")
    assert names[-2:] == [("button", "Inzoomen"), ("button", "Uitzoomen")], names
    markers = names[:-2]
    assert all(role == "button" and name for role, name in markers), markers
    assert sorted(name for _role, name in markers) == sorted(
        [
            THINGS,
            STACK,
            "Partytent van de buurt",
            "Speeltuin De Es",
            "Bakkerij Het Korenaar",
            "Taalcafé op dinsdag",
        ]  # fmt: skip
    )

    # The stack (assets on one spot): Space opens its list without zooming, the focus moves
    # into it, Tab reaches its links, Escape closes it and the focus is back on the stack.
    before = page.evaluate(ZOOM)
    stack.focus()
    screenshot(page, "stack-focused")
    page.keyboard.press(" ")
    popup = page.get_by_role("group", name=STACK, exact=True)
    expect(popup).to_be_focused()
    for name in PLACES_ON_ONE_SPOT:
        expect(popup).to_contain_text(name)
    page.keyboard.press("Tab")
    expect(popup.get_by_role("link", name="Bekijk: Buurthuis De Es")).to_be_focused()
    assert page.evaluate(ZOOM) == before
    page.keyboard.press("Escape")
    expect(page.locator(".leaflet-popup")).to_have_count(0)
    expect(stack).to_be_focused()

    # Tab on to the two things' cluster; Enter zooms in until it splits, the focus goes to
    # one of the two markers it split into, and the live region says what happened.
    for _step in range(len(markers)):
        if things.evaluate("(node) => node === document.activeElement"):
            break
        page.keyboard.press("Tab")
    expect(things).to_be_focused()
    screenshot(page, "cluster-focused")
    page.keyboard.press("Enter")
    expect(focused(page)).to_have_attribute("title", re.compile(r"^Bakfiets (Noord|Zuid)$"))
    expect(count).to_have_text(re.compile(r"^Ingezoomd: \d+ krachtbronnen in beeld$"))
    assert page.evaluate(ZOOM) > before
    in_view = int(re.search(r"\d+", count.inner_text()).group())
    listed = page.locator("[data-map-list] > li.assets-list__item")
    expect(listed).to_have_count(in_view)
    expect(things).to_have_count(0)
    screenshot(page, "zoomed")

    # Enter on the marker: its popup takes the focus (named after the asset), Tab reaches the
    # link and then the close button ("Sluiten", not Leaflet's English), Escape closes it and
    # the focus is back on the marker.
    marker_name = focused(page).get_attribute("title")
    marker = region.get_by_role("button", name=marker_name, exact=True)
    page.keyboard.press("Enter")
    popup = page.get_by_role("group", name=marker_name, exact=True)
    expect(popup).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name=f"Bekijk: {marker_name}")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Sluiten", exact=True)).to_be_focused()
    screenshot(page, "popup")
    violations = a11y.axe_violations(page, live_server)
    assert not violations, a11y.describe(violations)
    page.keyboard.press("Escape")
    expect(page.locator(".leaflet-popup")).to_have_count(0)
    expect(marker).to_be_focused()

    # The close button (a link with role="button") by Space returns the focus to the marker.
    page.keyboard.press("Enter")
    expect(popup).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Sluiten", exact=True)).to_be_focused()
    page.keyboard.press(" ")
    expect(page.locator(".leaflet-popup")).to_have_count(0)
    expect(marker).to_be_focused()

    # Space on the zoom buttons works as on any button (Leaflet's are links).
    zoomed_in = page.evaluate(ZOOM)
    zoom_out = region.get_by_role("button", name="Uitzoomen", exact=True)
    zoom_out.focus()
    page.keyboard.press(" ")
    page.wait_for_function(f"() => ({ZOOM})() < {zoomed_in}")
    expect(zoom_out).to_be_focused()


def test_show_from_the_list_and_skip_the_map(page, world, clustered, screenshot):
    """The list's "Toon" is rebuilt by the move it causes: the focus goes to the popup, and
    from there back to the marker, never lost to the page. The skip link passes the map."""
    region = open_map(page)
    page.get_by_label("Zoeken op de kaart").fill("bakkerij")
    expect(page.locator("[data-map-count]")).to_have_text("1 in beeld")
    page.get_by_role("button", name="Toon op de kaart: Bakkerij Het Korenaar").press("Enter")
    popup = page.get_by_role("group", name="Bakkerij Het Korenaar", exact=True)
    expect(popup).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator(".leaflet-popup")).to_have_count(0)
    expect(region.get_by_role("button", name="Bakkerij Het Korenaar", exact=True)).to_be_focused()

    # The skip link: the first stop after the page's own header links is "skip the map";
    # following it puts the next Tab in the panel, past every marker.
    page.goto("/buurtbeeld/")
    expect(region).to_have_attribute("data-map-ready", MAP_READY)
    skip = page.get_by_role("link", name="Sla de kaart over, naar zoeken en de lijst")
    skip.focus()
    expect(skip).to_be_visible()
    screenshot(page, "skip-link", full_page=False)
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Zoeken op de kaart")).to_be_focused()
    # The map says how it works by keyboard (its description).
    help_id = region.get_attribute("aria-describedby")
    expect(page.locator(f"#{help_id}")).to_contain_text("Escape sluit")


def test_badge_and_letter_contrast(page, world, clustered):
    """White letters and counts on each kind's colour: at least 4.5:1 (WCAG 1.4.3), measured
    on the colours the browser computed, for markers, clusters and the legend's swatches."""
    open_map(page)
    page.get_by_label("Talenten van bewoners").check()
    measured = page.evaluate(CONTRASTS)
    kinds = {re.search(r"--(\w+)", item["kind"]).group(1) for item in measured}
    assert {"place", "thing", "economy", "activity", "group", "organisation", "gift"} <= kinds
    assert any("assets-cluster" in item["kind"] for item in measured)
    low = [item for item in measured if item["ratio"] < 4.5]
    assert not low, low
    # The buurten's names lie under the markers: they never cover a letter or a count.
    expect(page.locator(".leaflet-assetsLabels-pane .assets-area-label")).to_have_count(3)
    labels, markers = page.evaluate(
        "() => ['.leaflet-assetsLabels-pane', '.leaflet-marker-pane'].map("
        "(pane) => Number(getComputedStyle(document.querySelector(pane)).zIndex))"
    )
    assert labels < markers, (labels, markers)


def test_english_names_and_announcements(new_context, world, clustered, screenshot):
    """In English the same names and announcement come from the English catalogue. (This
    visitor asked for less motion: the map zooms without animation.)"""
    page = new_context(user=world.worker, reduced_motion="reduce")
    page.goto("/logboek/vandaag/")
    page.get_by_label("Taal").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto("/buurtbeeld/")
    region = page.locator("[data-asset-map]")
    expect(region).to_have_attribute("data-map-ready", MAP_READY)
    things = region.get_by_role("button", name=re.compile(r"^2 assets of the kind .+ — zoom in$"))
    expect(things).to_have_count(1)
    expect(
        region.get_by_role("button", name=re.compile(r"^3 assets of the kind .+ in one spot"))
    ).to_have_count(1)
    expect(region.get_by_role("button", name="Zoom in", exact=True)).to_be_visible()
    animated = "() => document.querySelector('[data-asset-map]').opbouwMap.options.zoomAnimation"
    assert page.evaluate(animated) is False
    things.focus()
    page.keyboard.press("Enter")
    expect(page.locator("[data-map-count]")).to_have_text(
        re.compile(r"^Zoomed in: \d+ assets in view$")
    )
    expect(page.locator(":focus")).to_have_attribute("title", re.compile(r"^Bakfiets"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Close", exact=True)).to_be_visible()
    screenshot(page)
