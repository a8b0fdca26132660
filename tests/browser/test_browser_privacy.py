"""Privacy in the browser: a resident withdraws consent and downloads their data; a worker
forgets a person through the confirm step."""

import zipfile

from playwright.sync_api import expect


def _resident(world):
    from opbouw.accounts.models import User
    from opbouw.areas.models import Membership
    from opbouw.core.roles import Role
    from tests.browser.support import PASSWORD

    user = User.objects.create_user(username="annemiek", password=PASSWORD, first_name="Annemiek")
    Membership.objects.create(user=user, area=world.wijk, role=Role.RESIDENT)
    person = world.people["Annemiek de Vries"]
    person.user = user
    person.save()
    return user


def test_a_resident_withdraws_consent_and_downloads_their_data(
    new_context, world, screenshot, settings, tmp_path
):
    settings.OPBOUW_EXPORT_ROOT = tmp_path / "exports"
    page = new_context(user=_resident(world))
    page.goto("/", timeout=60_000)  # the first request imports every app's views
    page.get_by_role("link", name="Mijn gegevens").first.click()
    expect(page.get_by_role("heading", name="Mijn gegevens", level=1)).to_be_visible()
    screenshot(page, "before")

    page.get_by_role("button", name="Intrekken").click()
    expect(page.get_by_text("Uw toestemming is ingetrokken")).to_be_visible()
    expect(page.get_by_text("Ingetrokken op")).to_be_visible()

    page.get_by_role("button", name="Maak mijn download").click()
    expect(page.get_by_text("Het bestand staat klaar")).to_be_visible()
    link = page.get_by_role("link", name="Download van")
    assert "annemiek" not in (link.get_attribute("href") or "").lower()
    with page.expect_download() as info:
        link.click()
    path = tmp_path / "download.zip"
    info.value.save_as(path)
    names = zipfile.ZipFile(path).namelist()
    assert "README.txt" in names and "people-person.json" in names
    assert "Annemiek de Vries" in zipfile.ZipFile(path).read("people-person.json").decode()
    screenshot(page, "after")


def test_a_worker_forgets_a_person_after_confirming(page, world, screenshot):
    person = world.people["Henk Oude Egberink"]
    page.goto(f"/mensen/{person.pk}/", timeout=60_000)  # the first request imports all views
    page.get_by_role("link", name="Persoon vergeten").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Henk Oude Egberink")
    expect(page.get_by_text("Logboekregels waarin de persoon voorkomt")).to_be_visible()
    # Henk's entry says "Henk" only: the page points the worker at it.
    expect(page.get_by_text("noemt “Henk” zonder achternaam")).to_be_visible()

    # Without a reason and the confirmation nothing happens; the errors are at the fields.
    page.get_by_role("button", name="Definitief vergeten").click()
    expect(page.locator(".utrecht-form-field--invalid")).to_have_count(2)
    screenshot(page, "refused")

    page.get_by_label("Reden").fill("Verzoek van Henk, telefonisch.")
    page.get_by_label("Ik begrijp dat dit niet ongedaan kan worden gemaakt.").check()
    page.get_by_role("button", name="Definitief vergeten").click()
    expect(page.get_by_text("overal geanonimiseerd")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("verwijderde bewoner")
    page.goto(f"/logboek/{world.entry.pk}/")
    expect(page.locator("main")).not_to_contain_text("Henk Oude Egberink")
    screenshot(page, "journal")


def test_the_coordinator_reads_the_processing_register(new_context, world, screenshot):
    from opbouw.accounts.models import User
    from opbouw.areas.models import Membership
    from opbouw.core.roles import Role

    coordinator = User.objects.create_user(username="coordinator", first_name="Coby")
    Membership.objects.create(user=coordinator, area=world.wijk, role=Role.COORDINATOR)
    page = new_context(user=coordinator)
    page.goto("/privacy/", timeout=60_000)  # the first request imports every app's views
    page.get_by_role("link", name="Verwerkingsregister").click()
    expect(page.get_by_role("heading", name="Logboek van het opbouwwerk")).to_be_visible()
    expect(page.locator("main")).to_contain_text("naam of roepnaam")
    screenshot(page)
