"""Counting without names on a phone, and a signal to policy from journal entries to the
municipality's answer and the feedback to residents, in a real browser (issue 21)."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from opbouw.journal.models import BundledSignal, EntryKind, JournalEntry, Purpose
from opbouw.reports.models import Report
from tests.browser.support import segment
from tests.factories import JournalEntryFactory


def test_a_door_round_on_a_phone_names_nobody(new_context, world, screenshot):
    page = new_context(phone=True, user=world.worker)
    page.goto("/logboek/nieuw/")
    segment(page, "Deur-aan-deur- of portiekronde").tap()
    # A round records counts only: the name fields go, the door counts come.
    expect(page.locator("#id_people_search")).to_be_hidden()
    expect(page.get_by_label("Deuren aangebeld")).to_be_visible()
    expect(
        page.get_by_role("radio", name="Gedeeld vraagstuk of collectieve kracht")
    ).to_be_checked()
    page.get_by_label("Deuren aangebeld").fill("30")
    page.get_by_label("Deuren opengedaan").fill("18")
    page.get_by_label("Anonieme aanwezigen").fill("20")
    page.get_by_label("Ouderen (66+)").fill("7")
    page.get_by_label("Nieuw: voor het eerst").fill("12")
    page.get_by_label("Notitie").fill("Portiekronde Esrijstraat over de donkere steeg.")
    screenshot(page, "filled")
    page.get_by_role("button", name="Opslaan").tap()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Deur-aan-deur")
    facts = page.locator(".opbouw-facts")
    expect(facts).to_contain_text("Deuren aangebeld: 30")
    expect(facts).to_contain_text("Ouderen (66+): 7")
    expect(facts).to_contain_text("Gedeeld vraagstuk of collectieve kracht")
    screenshot(page, "saved")
    entry = JournalEntry.objects.get(kind=EntryKind.DOOR_ROUND)
    assert entry.anonymous_count == 20 and not entry.people.exists()

    # Too many in one age band: the message stands at the field, the numbers stay.
    page.goto("/logboek/nieuw/")
    segment(page, "Bijeenkomst / activiteit").tap()
    expect(
        page.get_by_role("radio", name="Gedeeld vraagstuk of collectieve kracht")
    ).to_be_checked()
    page.get_by_label("Anonieme aanwezigen").fill("4")
    page.get_by_label("Kinderen (0-12)").fill("6")
    page.get_by_role("button", name="Opslaan").tap()
    expect(page.locator("#id_count_age_0_12_error")).to_contain_text("tellen op tot 6")
    expect(page.get_by_label("Kinderen (0-12)")).to_have_value("6")
    screenshot(page, "refused")
    assert JournalEntry.objects.count() == 2  # the world's entry and the round


def test_a_signal_to_policy_from_entries_to_the_answer(new_context, world, screenshot):
    today = timezone.localdate()
    first = JournalEntryFactory(
        area=world.buurt, author=world.worker, kind=EntryKind.SIGNAL,
        purpose=Purpose.COLLECTIVE, occurred_on=today - dt.timedelta(days=20),
        note="Drie bewoners over de donkere steeg achter het winkelcentrum.",
    )  # fmt: skip
    JournalEntryFactory(
        area=world.buurt, author=world.worker, kind=EntryKind.MEETING,
        purpose=Purpose.COLLECTIVE, occurred_on=today - dt.timedelta(days=10),
        note="Bewonersavond: de steeg is 's avonds pikdonker.",
    )  # fmt: skip
    page = new_context(user=world.worker)
    page.goto(reverse("journal:detail", args=[first.pk]))
    page.get_by_role("link", name="Bundelen in een signaal aan beleid").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuw signaal aan beleid")
    page.get_by_label("Vraagstuk").fill("Donkere steeg achter het winkelcentrum")
    page.get_by_label("Hoeveel huishoudens").fill("35")
    page.get_by_label("Onderbouwing").fill("Twaalf meldingen in drie maanden; lamp al weken stuk.")
    page.get_by_label("In de woorden van bewoners").fill("Ik loop liever om, zeker in de winter.")
    page.get_by_label("Bewonersavond: de steeg").check()
    page.get_by_role("button", name="Opslaan").click()
    # Residents' words only with their consent: refused at the field, the text stays.
    expect(page.locator("#id_residents_words_consent_error")).to_be_visible()
    expect(page.get_by_label("In de woorden van bewoners")).to_have_value(
        "Ik loop liever om, zeker in de winter."
    )
    assert not BundledSignal.objects.exists()
    page.get_by_label("De bewoners stemden in met het citeren van hun woorden").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#bundle-stage")).to_contain_text("In voorbereiding")

    page.get_by_role("link", name="Bewerken").click()
    page.get_by_label("Aan wie bij de gemeente").fill("wethouder openbare ruimte")
    page.get_by_label("Ingebracht op").fill((today - dt.timedelta(days=5)).isoformat())
    page.get_by_label("Toegezegd vóór").fill((today + dt.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#bundle-stage")).to_contain_text("Ingebracht, wacht op antwoord")

    page.get_by_role("link", name="Bewerken").click()
    page.get_by_label("Antwoord van de gemeente").fill("Er komen twee lantaarnpalen.")
    page.get_by_label("Beantwoord op").fill(today.isoformat())
    page.locator("#id_feedback").fill(
        "Op de bewonersavond verteld; bewoners houden bij of de lampen er komen."
    )
    page.get_by_label("Teruggekoppeld op").fill(today.isoformat())
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#bundle-stage")).to_contain_text("Teruggekoppeld aan bewoners")
    expect(page.locator("#bundle-answer")).to_contain_text("twee lantaarnpalen")
    screenshot(page, "answered")
    bundle = BundledSignal.objects.get()
    assert bundle.entries.count() == 2 and bundle.households == 35

    # The process report carries it: the issue, the residents' words and the answer.
    report = Report.objects.create(
        area=world.wijk, title="Procesverslag", period_start=today - dt.timedelta(days=60),
        period_end=today, created_by=world.worker,
    )  # fmt: skip
    page.goto(reverse("reports:detail", args=[report.pk]))
    section = page.locator("section[aria-labelledby='h-bundled-signals']")
    expect(section).to_contain_text("Donkere steeg achter het winkelcentrum")
    expect(section).to_contain_text("Ik loop liever om")
    expect(section).to_contain_text("twee lantaarnpalen")
    expect(section).to_contain_text("35 huishoudens")
    section.scroll_into_view_if_needed()
    screenshot(page, "report")
