"""The language selector: Dutch first, English on request, and back."""

from pathlib import Path

from django.conf import settings
from playwright.sync_api import expect

ENGLISH_CATALOGUE = (
    Path(settings.BASE_DIR) / "opbouw" / "locale" / "en" / "LC_MESSAGES" / "django.mo"
)
COMPILE = ".venv/bin/python manage.py compilemessages --ignore=.venv"


def html_lang(page) -> str:
    return page.locator("html").get_attribute("lang") or ""


def test_switch_to_english_and_back(page, world, screenshot):
    page.goto("/logboek/vandaag/")
    select = page.get_by_label("Taal")
    assert html_lang(page) == "nl"
    expect(select).to_have_value("nl")
    # Each language in its own name, whatever the current language.
    expect(select.locator("option")).to_have_text(["Nederlands", "English"])
    recent = page.locator(".opbouw-timeline").first
    expect(recent).to_contain_text("ontmoeting")  # a theme: its names are data, in both languages

    # A choice with the mouse submits at once (data-autosubmit) and comes back to this page.
    select.select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url.endswith("/logboek/vandaag/")
    expect(page.get_by_label("Language").or_(page.get_by_label("Taal"))).to_have_value("en")
    expect(recent).to_contain_text("meeting each other")
    expect(page.locator("#language-select option")).to_have_text(["Nederlands", "English"])
    expect(recent).not_to_contain_text("ontmoeting")
    screenshot(page, "english")

    # It sticks: another page is English too.
    page.goto("/logboek/")
    assert html_lang(page) == "en"

    # Back with the keyboard only: arrows change the choice without reloading (WCAG 3.2.2),
    # Enter submits.
    select = page.locator("#language-select")
    select.focus()
    page.keyboard.press("Home" if select.input_value() != "nl" else "End")
    page.wait_for_timeout(300)
    assert html_lang(page) == "en", "the page reloaded on an arrow key"
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator("#language-select")).to_have_value("nl")
    expect(page.get_by_role("heading", level=1)).to_have_text("Logboek")
    screenshot(page)


def test_english_catalogue_translates_the_interface(page, world, screenshot):
    """Passes once the English catalogue is compiled; the message says how."""
    page.goto("/logboek/vandaag/")
    dutch_nav = page.locator("#main-nav").inner_text()
    page.locator("#language-select").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    screenshot(page)
    heading = page.get_by_role("heading", level=1).inner_text()
    assert ENGLISH_CATALOGUE.exists() and heading != "Vandaag", (
        f"The page heading is still Dutch ({heading!r}) with English chosen: "
        f"{ENGLISH_CATALOGUE.relative_to(settings.BASE_DIR)} "
        f"{'exists but lacks this string' if ENGLISH_CATALOGUE.exists() else 'is missing'}. "
        f"Compile it with `{COMPILE}`."
    )
    assert page.locator("#main-nav").inner_text() != dutch_nav, "the menu is still Dutch"
    expect(page.get_by_role("link", name="Nieuwe logboekregel")).to_have_count(0)
