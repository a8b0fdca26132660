"""Helpers shared by the browser tests (fixtures live in conftest.py)."""

import secrets
import time

from playwright.sync_api import Page, expect

PASSWORD = "browser-test-wachtwoord-42"


class Stopwatch:
    def __enter__(self) -> "Stopwatch":
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self.start


def unique_word(prefix: str) -> str:
    """A word no other note contains (one full-text token: letters only)."""
    return prefix + "".join(secrets.choice("bcdfghjklmnpqrstvwxz") for _ in range(6))


def pick_option(page: Page, field: str, letters: str, option_text: str, *, how: str) -> None:
    """Type letters into the `field` autocomplete and choose an option.

    how: "keys" (↓ until the option is active, then Enter), "tap" or "click".
    """
    search = page.locator(f"#id_{field}_search")
    search.press_sequentially(letters, delay=40)
    listbox = page.locator(f"#id_{field}_options")
    option = listbox.get_by_role("option", name=option_text)
    expect(option).to_be_visible()
    if how == "keys":
        for _ in range(listbox.get_by_role("option").count()):
            search.press("ArrowDown")
            if option.get_attribute("aria-selected") == "true":
                break
        expect(option).to_have_attribute("aria-selected", "true")
        expect(search).to_have_attribute("aria-activedescendant", option.get_attribute("id") or "")
        search.press("Enter")
    elif how == "tap":
        option.tap()
    else:
        option.click()
    expect(listbox).to_be_hidden()
    expect(search).to_have_value("")


# What htmx marks while a request, its swap or its settle (when htmx:load fires and the page's
# scripts enhance the new content) is under way.
HTMX_BUSY = ".htmx-request, .htmx-swapping, .htmx-settling"


def htmx_settled(page: Page) -> None:
    """Wait until htmx has finished: no request, swap or settle under way. Call it after a sign
    that the request was made (its result on the page), or it may pass before it starts."""
    expect(page.locator(HTMX_BUSY)).to_have_count(0)


def segment(page: Page, text: str):
    """One pill of a segmented choice (entry kind, themes): the whole label is the target."""
    return page.locator("label.opbouw-segmented__option").filter(
        has=page.get_by_text(text, exact=True)
    )


def assert_styled(page: Page) -> None:
    """The three stylesheets loaded (live_server serves static files) and apply."""
    loaded = page.evaluate(
        "Array.from(document.styleSheets, s => s.href && new URL(s.href).pathname)"
    )
    for sheet in ("utrecht.min.css", "theme.css", "app.css"):
        assert any(href and href.endswith(sheet) for href in loaded), (sheet, loaded)
    header = page.evaluate(
        "getComputedStyle(document.querySelector('.opbouw-header')).backgroundColor"
    )
    assert header not in ("rgba(0, 0, 0, 0)", "transparent"), "app.css does not apply"
