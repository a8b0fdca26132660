"""The quick-entry form with the keyboard only: Tab, Shift+Tab, Space, Enter and the arrow keys."""

import time

from playwright.sync_api import expect

from opbouw.journal.models import COUNT_DIMENSIONS, JournalEntry
from tests.browser.support import unique_word

# What has focus, and whether one can see it. A segmented option's radio/checkbox is
# transparent: its visible focus ring is on the pill (<span>) right after it.
FOCUS = """() => {
  const el = document.activeElement;
  const shown = el.matches('.opbouw-segmented__input') ? el.nextElementSibling : el;
  const cs = getComputedStyle(shown);
  const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2;
  const shadow = cs.boxShadow !== 'none';
  const box = shown.getBoundingClientRect();
  const label = el.labels && el.labels.length ? el.labels[0].textContent.trim() : '';
  return {
    id: el.id, tag: el.tagName.toLowerCase(), type: el.type || '',
    text: (el.getAttribute('aria-label') || label || el.textContent || el.value || '')
      .trim().slice(0, 40),
    ring: outline || shadow,
    onScreen: box.bottom > 0 && box.top < innerHeight && box.width > 0,
  };
}"""


def focus(page) -> dict:
    """The focused element; waits (up to 10 s: a loaded machine paints slowly) for it to be
    scrolled into view (Utrecht's root scrolls smoothly) and for its ring (the page's CSP
    forbids wait_for_function's eval)."""
    deadline = time.monotonic() + 10
    while True:
        now = page.evaluate(FOCUS)
        if (now["ring"] and now["onScreen"]) or time.monotonic() > deadline:
            return now
        page.wait_for_timeout(50)


def tab(page, times: int = 1, *, shift: bool = False) -> dict:
    for _ in range(times):
        page.keyboard.press("Shift+Tab" if shift else "Tab")
        now = focus(page)
        assert now["ring"], f"no visible focus on {now}"
        assert now["onScreen"], f"focused element is off screen: {now}"
    return now


def tab_to(page, target: str, *, limit: int = 30) -> dict:
    """Tab (checking the focus ring at every stop) until the element with this id or text."""
    for _ in range(limit):
        now = tab(page)
        if target in (now["id"], now["text"]):
            return now
    raise AssertionError(f"{target!r} not reached with {limit} × Tab")


# The count fields by dimension (age, then new or known), in the order the form shows them.
COUNTS = [
    f"id_count_{category}" for categories in COUNT_DIMENSIONS.values() for category in categories
]


def test_quick_entry_with_the_keyboard_only(page, world, screenshot):
    word = unique_word("toetsenbord")
    page.goto("/logboek/nieuw/")

    # The first Tab reaches the skip link; Enter jumps to the content.
    now = tab(page)
    assert now["text"] == "Naar de inhoud"
    expect(page.locator(".utrecht-skip-link")).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()

    # Focus order through the form follows what one sees, top to bottom.
    order = []
    for _ in range(40):
        now = tab(page)
        stop = now["id"] or now["text"]
        if not order or order[-1] != stop:  # a date input has several stops (d, m, y, 📅)
            order.append(stop)
        if now["text"] == "Opslaan":
            break
    themes = [f"id_themes_{i}" for i in range(len(order)) if f"id_themes_{i}" in order]
    assert order == [
        "id_kind_0",  # one stop for the radio group: the checked option
        "id_purpose_1",  # the same: the purpose the kind (contact) preselects
        "id_occurred_on",
        "id_area",
        "id_people_search",
        "Nieuw contact: grondslag en privacyverkl",  # a <summary>, its text cut at 40
        "id_anonymous_count",  # counts before names; a door round's fields stay hidden
        *COUNTS,
        *themes,  # each theme is a checkbox
        "id_note",
        "id_sensitive_category",  # special categories of personal data (AVG art. 9)
        "Groepen, organisaties, plek en duur",
        "Vervolgactie",
        "Signaal doorgeven",
        "Opslaan",
    ], order
    assert len(themes) >= 10

    # Now fill it in, from the top, without the mouse.
    page.locator("#main").focus()
    assert tab(page)["id"] == "id_kind_0"
    page.keyboard.press("ArrowRight")  # radio group: arrows move the choice
    assert focus(page)["id"] == "id_kind_1"
    expect(page.locator("#id_kind_1")).to_be_checked()  # huisbezoek
    tab_to(page, "id_people_search")

    page.keyboard.type("Bram", delay=30)
    option = page.get_by_role("option", name="Bram Jansen")
    expect(option).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")  # picks; must not submit the form
    chips = page.locator("[data-chips]").first
    expect(chips).to_contain_text("Bram Jansen")
    assert focus(page)["id"] == "id_people_search"
    assert page.url.endswith("/logboek/nieuw/#main")  # the skip link; no submit

    # Shift+Tab reaches the chip's remove button; Tab comes back.
    remove = tab(page, shift=True)
    assert remove["text"] == "Verwijder Bram Jansen"
    assert tab(page)["id"] == "id_people_search"

    # Themes: past the counts to the first theme, then on to "eenzaamheid" (the third);
    # Space ticks it.
    tab_to(page, "id_themes_0")
    now = tab(page, 2)
    assert now["text"] == "eenzaamheid", now
    page.keyboard.press("Space")
    expect(page.get_by_role("checkbox", name="eenzaamheid")).to_be_checked()

    # On to the note, type, then open "Vervolgactie" with Enter and fill it in.
    tab_to(page, "id_note")
    page.keyboard.type(f"Met het toetsenbord vastgelegd: {word}")
    assert tab(page, 3)["text"] == "Vervolgactie"  # past the special-category select
    page.keyboard.press("Enter")
    assert tab(page)["id"] == "id_follow_up"
    page.keyboard.type("Bram terugbellen")
    assert tab(page)["id"] == "id_follow_up_due"
    # A date input is three spin fields (day, month, year in the browser's order): arrows.
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowUp")
    expect(page.locator("#id_follow_up_due")).not_to_have_value("")
    screenshot(page, "filled", full_page=False)

    tab_to(page, "Opslaan")
    screenshot(page, "submit-focused", full_page=False)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Huisbezoek")
    expect(page.locator(".opbouw-facts")).to_contain_text("Bram Jansen")
    expect(page.locator(".opbouw-facts")).to_contain_text("eenzaamheid")
    expect(page.locator("main")).to_contain_text("Bram terugbellen")
    screenshot(page)
    entry = JournalEntry.objects.get(note__contains=word)
    assert entry.follow_ups.count() == 1
