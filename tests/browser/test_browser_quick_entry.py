"""The quick-entry form in a real browser: on a phone, with bad input, and without JavaScript."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from opbouw.journal.models import JournalEntry
from opbouw.people.models import Person
from tests.browser.support import (
    PASSWORD,
    Stopwatch,
    assert_styled,
    pick_option,
    segment,
    unique_word,
)
from tests.two_factor import current_code, totp_device

PHONE_BUDGET_SECONDS = 30  # the issue: a worker finishes an entry on a phone in < 30 s


def test_quick_entry_on_a_phone(new_context, world, screenshot, live_server):
    page = new_context(phone=True)
    word = unique_word("kraanvogel")
    other_word = unique_word("zeepaardje")

    # Log in through the real form (password, then the code of her authenticator app).
    authenticator = totp_device(world.worker)
    page.goto("/account/inloggen/")
    assert_styled(page)
    expect(page.get_by_label("Gebruikersnaam")).to_be_focused()
    page.get_by_label("Gebruikersnaam").fill("fatima")
    page.get_by_label("Wachtwoord").fill("niet-het-goede")
    page.get_by_role("button", name="Inloggen").last.tap()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_label("Gebruikersnaam")).to_have_value("fatima")
    screenshot(page, "login-refused")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").last.tap()
    # A worker logs in with two factors: the code from the authenticator app comes next.
    expect(page.get_by_role("heading", level=1)).to_have_text("Inlogcode")
    page.get_by_label("Code").fill(current_code(authenticator))
    page.get_by_role("button", name="Inloggen").last.tap()
    expect(page).to_have_url(live_server.url + "/logboek/vandaag/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vandaag")

    with Stopwatch() as flow:
        page.get_by_role("link", name="Nieuwe logboekregel").tap()
        expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe logboekregel")
        # The save button stays in reach of the thumb (a sticky bar) on a long form.
        expect(page.get_by_role("button", name="Opslaan")).to_be_in_viewport()
        segment(page, "Huisbezoek").tap()
        expect(page.get_by_role("radio", name="Huisbezoek")).to_be_checked()

        # One existing person (arrow keys + Enter), one new contact (a tap on "+ Nieuw contact").
        pick_option(page, "people", "Annem", "Annemiek de Vries", how="keys")
        pick_option(page, "people", "Joke Klein Koerkamp", "Nieuw contact", how="tap")
        chips = page.locator(".opbouw-autocomplete [data-chips]").first
        expect(chips.locator(".opbouw-chip")).to_have_count(2)
        expect(chips).to_contain_text("Annemiek de Vries")
        expect(chips).to_contain_text("Joke Klein Koerkamp")

        # A new contact's name is stored only with a lawful basis and the informing date.
        page.get_by_text("Nieuw contact: grondslag en privacyverklaring").tap()
        page.get_by_label("Grondslag om de naam vast te leggen").select_option("toestemming")
        page.get_by_label("Privacyverklaring gegeven op").fill(timezone.localdate().isoformat())
        segment(page, "groen en openbare ruimte").tap()
        page.get_by_label("Notitie").fill(
            f"Bij Annemiek thuis, met Joke. Zij wil de {word} schilderen."
        )
        screenshot(page, "filled")
        screenshot(page, "filled-viewport", full_page=False)  # the sticky save bar
        page.get_by_role("button", name="Opslaan").tap()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Huisbezoek")
    assert flow.seconds < PHONE_BUDGET_SECONDS, f"the phone flow took {flow.seconds:.1f} s"
    print(f"\nquick entry on a phone (tap, type, save): {flow.seconds:.1f} s")

    # The entry page: both people, the theme, the note and the confirmation.
    expect(page.get_by_role("status")).to_contain_text("opgeslagen")
    facts = page.locator(".opbouw-facts")
    expect(facts).to_contain_text("Annemiek de Vries")
    expect(facts).to_contain_text("Joke Klein Koerkamp")
    expect(facts).to_contain_text("groen en openbare ruimte")
    expect(page.locator("main")).to_contain_text(word)
    screenshot(page)

    entry = JournalEntry.objects.get(note__contains=word)
    assert entry.kind == "home_visit"
    assert sorted(p.name for p in entry.people.all()) == [
        "Annemiek de Vries",
        "Joke Klein Koerkamp",
    ]
    assert Person.objects.get(name="Joke Klein Koerkamp").area_id == entry.area_id

    # The timeline shows it …
    page.get_by_role("button", name="Menu").tap()
    page.get_by_role("link", name="Logboek", exact=True).tap()
    timeline = page.locator("#timeline-results")
    expect(timeline.locator(".opbouw-entry").first).to_contain_text(word)

    # … and the search (a POST, not a URL with the words in it) finds it, another word does not.
    search_url = page.url
    page.get_by_label("Zoeken in notities").fill(word)
    with page.expect_request(lambda r: "/logboek/" in r.url and r.method == "POST") as sent:
        page.get_by_role("button", name="Zoeken").tap()
    assert word in (sent.value.post_data or "") and word not in sent.value.url
    expect(timeline).to_contain_text(f"Zoekresultaten voor “{word}”")
    expect(timeline.locator(".opbouw-entry")).to_have_count(1)
    expect(timeline.locator(".opbouw-entry")).to_contain_text(word)
    assert page.url == search_url and word not in page.url
    screenshot(page, "search")
    page.get_by_label("Zoeken in notities").fill(other_word)
    page.get_by_role("button", name="Zoeken").tap()
    expect(timeline).to_contain_text(f"Zoekresultaten voor “{other_word}”")
    expect(timeline.locator(".opbouw-entry")).to_have_count(0)
    expect(timeline).to_contain_text("Niets gevonden")


def test_date_too_far_ahead_is_refused_at_the_field(page, world, screenshot):
    before = JournalEntry.objects.count()
    word = unique_word("toekomst")
    page.goto("/logboek/nieuw/")
    pick_option(page, "people", "Bram", "Bram Jansen", how="keys")
    far = timezone.localdate() + dt.timedelta(days=400)
    page.get_by_label("Datum").fill(far.isoformat())
    page.get_by_label("Notitie").fill(f"Een afspraak ver weg: {word}")
    page.get_by_role("button", name="Opslaan").click()

    # The error summary (issue 11, item 26): focused, with a link to the date field. (Checked
    # first: focusing it scrolls, and the positions below are measured after that.)
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="Datum")).to_have_attribute("href", "#id_occurred_on")
    field = page.locator(".utrecht-form-field", has=page.locator("#id_occurred_on"))
    error = field.locator(".utrecht-form-field-error-message")
    expect(error).to_have_text("Deze datum ligt meer dan een jaar in de toekomst.")
    expect(field).to_have_class("utrecht-form-field utrecht-form-field--invalid")
    # The error belongs to the date input (screen readers) and is next to it on screen.
    date_input = page.locator("#id_occurred_on")
    expect(date_input).to_have_attribute("aria-invalid", "true")
    assert "id_occurred_on_error" in (date_input.get_attribute("aria-describedby") or "")
    error_box, input_box = error.bounding_box(), date_input.bounding_box()
    assert 0 <= input_box["y"] - (error_box["y"] + error_box["height"]) < 40
    # What was typed survives: the date, the note and the chosen person.
    expect(date_input).to_have_value(far.isoformat())
    expect(page.get_by_label("Notitie")).to_have_value(f"Een afspraak ver weg: {word}")
    expect(page.locator("[data-chips]").first).to_contain_text("Bram Jansen")
    screenshot(page)
    assert JournalEntry.objects.count() == before


def test_quick_entry_without_javascript(new_context, world, screenshot):
    page = new_context(user=world.worker, java_script_enabled=False)
    word = unique_word("zonderjs")
    page.goto("/logboek/nieuw/")
    # The enhanced widgets are hidden, the fallbacks are there.
    expect(page.locator("#id_people_search")).to_be_hidden()
    fallback = page.get_by_role("listbox", name="Met wie")  # a <select multiple>, labelled
    expect(fallback).to_be_visible()
    segment(page, "Observatie").click()
    fallback.select_option(label="Henk Oude Egberink")
    page.get_by_label("Nieuwe contacten").fill("Gerrit Nijhuis, Sanne Wolters")
    segment(page, "ouderen").click()
    page.get_by_label("Notitie").fill(f"Zonder JavaScript vastgelegd: {word}")
    page.get_by_role("button", name="Opslaan").click()
    # Without a basis and the informing date no name is stored: the message stands at the
    # field (its section open), what was typed stays.
    expect(page.locator("#id_new_people_basis_error")).to_be_visible()
    expect(page.get_by_label("Nieuwe contacten")).to_have_value("Gerrit Nijhuis, Sanne Wolters")
    assert not Person.objects.filter(name="Gerrit Nijhuis").exists()
    page.get_by_label("Grondslag om de naam vast te leggen").select_option("publieke taak")
    page.get_by_label("Privacyverklaring gegeven op").fill(timezone.localdate().isoformat())
    screenshot(page, "filled")
    page.get_by_role("button", name="Opslaan").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Observatie")
    facts = page.locator(".opbouw-facts")
    for name in ("Henk Oude Egberink", "Gerrit Nijhuis", "Sanne Wolters"):
        expect(facts).to_contain_text(name)
    expect(facts).to_contain_text("ouderen")
    screenshot(page)
    entry = JournalEntry.objects.get(note__contains=word)
    assert entry.kind == "observation"
    assert entry.people.count() == 3
