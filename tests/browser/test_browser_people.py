"""The people directory in the browser: search as you type, and the area filter."""

from playwright.sync_api import expect


def test_people_search_and_area_filter(page, world, live_server, screenshot):
    page.goto("/mensen/")
    results = page.locator("#people-results")
    expect(results.get_by_role("link")).to_have_count(4)

    # Typing filters the list (htmx POST; the name never goes into the URL).
    page.get_by_label("Zoek op naam").press_sequentially("yasm", delay=30)
    expect(results.get_by_role("link")).to_have_count(1)
    expect(results).to_contain_text("Yasmina Bouzid")
    assert "yasm" not in page.url
    page.get_by_label("Zoek op naam").fill("")

    # Choosing a buurt with the mouse applies the filter at once …
    page.goto("/mensen/")
    page.get_by_label("Buurt of wijk").select_option(label="Berflo Es Zuid")
    expect(page).to_have_url(live_server.url + "/mensen/?gebied=BU01640502")
    expect(results.get_by_role("link")).to_have_count(2)
    expect(results).to_contain_text("Henk Oude Egberink")
    expect(results).not_to_contain_text("Annemiek")
    screenshot(page)

    # … and with the keyboard, an arrow only changes the choice; Enter applies it.
    area = page.get_by_label("Buurt of wijk")
    area.focus()
    page.keyboard.press("ArrowUp")
    page.wait_for_timeout(300)
    expect(page).to_have_url(live_server.url + "/mensen/?gebied=BU01640502")
    page.keyboard.press("Enter")
    expect(page).not_to_have_url(live_server.url + "/mensen/?gebied=BU01640502")
    expect(page.get_by_role("button", name="Toon")).to_be_visible()
