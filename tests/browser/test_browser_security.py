"""Security in a real browser: two-factor login end to end, and stored markup never runs.

The Content-Security-Policy would already stop an inline script; these tests check the first
line of defence as well: the text is escaped, so it shows literally and makes no elements.
"""

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from opbouw.journal import services as journal
from opbouw.people import services as people
from tests.browser.support import PASSWORD
from tests.browser.test_browser_accessibility import axe_violations, describe
from tests.factories import RECORDED
from tests.two_factor import current_code

NAME = 'Kees <script>alert("naam")</script> <img src=x onerror=alert("naam-img")>'
NOTE = 'Buurtkamer <img src=x onerror=alert("notitie")> en <script>alert("notitie")</script>.'
GROUP = "Koor <svg onload=alert('groep')>"


def test_a_worker_links_an_app_then_logs_in_with_a_code(
    new_context, world, screenshot, live_server
):
    page = new_context(phone=True)
    page.goto("/logboek/vandaag/", timeout=30_000)  # the first page loads every static file
    expect(page).to_have_url(live_server.url + "/account/inloggen/?next=/logboek/vandaag/")
    page.get_by_label("Gebruikersnaam").fill("fatima")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").last.tap()

    # No app yet: the setup page, with a QR code made on the server (an SVG image).
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie instellen")
    qr = page.get_by_role("img", name="QR-code voor uw authenticator-app")
    expect(qr).to_be_visible()
    # Visible is not loaded: wait for the image to be decoded (decode() rejects a broken one).
    assert qr.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
    assert page.locator("#main-nav").count() == 0  # nothing to go to before the code
    assert axe_violations(page, live_server) == [], describe(axe_violations(page, live_server))
    screenshot(page, "setup")

    device = TOTPDevice.objects.get(user=world.worker, confirmed=False)
    page.get_by_label("Code uit de app").fill(current_code(device))
    page.get_by_role("button", name="Koppelen").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw reservecodes")
    expect(page.locator(".opbouw-backup-codes li")).to_have_count(10)
    screenshot(page, "backup-codes")
    page.get_by_role("link", name="Ik heb de codes bewaard, verder").tap()
    expect(page).to_have_url(live_server.url + "/logboek/vandaag/")

    # Out, and in again: password, then the code (the next one: a code works once).
    page.get_by_role("button", name="Uitloggen").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    page.goto("/logboek/")
    screenshot(page, "after-logout")
    page.get_by_label("Gebruikersnaam").fill("fatima")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").last.tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inlogcode")
    page.get_by_label("Code").fill("000000" if current_code(device) != "000000" else "111111")
    page.get_by_role("button", name="Inloggen").last.tap()
    expect(page.locator("#id_token_error")).to_contain_text("Deze code klopt niet")
    screenshot(page, "wrong-code")
    device.refresh_from_db()
    device.throttling_failure_timestamp = None  # as if she waited a moment
    device.throttling_failure_count = 0
    device.save()
    page.get_by_label("Code").fill(current_code(device, offset_steps=1))
    page.get_by_role("button", name="Inloggen").last.tap()
    expect(page).to_have_url(live_server.url + "/logboek/")


def test_stored_markup_never_runs_and_shows_as_text(page, world, screenshot):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    person = people.person_create(**RECORDED, created_by=world.worker, name=NAME, area=world.buurt)
    group = people.group_create(
        created_by=world.worker, name=GROUP, kind="informal", area=world.buurt
    )
    people.group_member_add(group=group, person=person)
    entry = journal.entry_create(
        author=world.worker,
        kind="contact",
        occurred_on=timezone.localdate(),
        area=world.buurt,
        note=NOTE,
        people=[person],
        groups=[group],
    )
    main = page.locator("main")
    pages = {
        "entry": (f"/logboek/{entry.pk}/", [NAME, NOTE, GROUP]),
        "entry-edit": (f"/logboek/{entry.pk}/bewerken/", [NAME]),
        "timeline": ("/logboek/", [NOTE]),
        "today": ("/logboek/vandaag/", [NAME]),
        "person": (f"/mensen/{person.pk}/", [NAME]),
        "person-journal": (f"/logboek/persoon/{person.pk}/", [NOTE]),
        "people": ("/mensen/", [NAME]),
        "group": (f"/mensen/groepen/{group.pk}/", [GROUP, NAME]),
        "groups": ("/mensen/groepen/", [GROUP]),
    }
    for name, (url, texts) in pages.items():
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        for text in texts:
            expect(main).to_contain_text(text)
        assert main.locator("script").count() == 0, url
        assert main.locator("img[src=x], svg[onload]").count() == 0, url
        page.wait_for_timeout(100)  # an onerror would fire on the (absent) broken image
        assert dialogs == [], f"{url}: {dialogs}"
        if name in {"entry", "group"}:
            screenshot(page, name)
    # The edit form keeps the note as the textarea's value, not as markup.
    page.goto(f"/logboek/{entry.pk}/bewerken/")
    expect(page.get_by_label("Notitie")).to_have_value(NOTE)
    assert dialogs == []
