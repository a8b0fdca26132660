"""Initiatives in a real browser: start one, move it through its stages (a skip refused), and a
buurtbudget application from draft to decision and accountability."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from opbouw.initiatives.models import GrantApplication, GrantStatus, Initiative, Stage
from tests.browser import test_browser_accessibility as a11y
from tests.browser.support import pick_option
from tests.initiatives.helpers import PDF  # a valid one-page PDF


def change_stage(page, label: str, note: str) -> None:
    form = page.locator("#fase form")
    form.get_by_label("Nieuwe fase").select_option(label=label)
    form.get_by_label("Waarom? Wat is er gebeurd?").fill(note)
    form.get_by_role("button", name="Fase wijzigen").click()


def add_member(page, letters: str, name: str, role: str) -> None:
    members = page.locator("#leden")
    pick_option(page, "people", letters, name, how="click")
    members.get_by_label("Rol").select_option(label=role)
    members.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_role("status")).to_contain_text("De leden zijn bijgewerkt")
    # The status says the same after every member: the member's own line shows this one came.
    expect(members.locator("li.opbouw-list__item", has_text=name)).to_contain_text(role)


def test_move_an_initiative_through_its_stages(page, world, screenshot, live_server):
    page.goto("/initiatieven/")
    page.get_by_role("link", name="Initiatief starten").click()
    page.get_by_label("Naam van het initiatief").fill("Repaircafé in het buurthuis")
    page.get_by_label("Wat willen jullie bereiken?").fill(
        "Eén zaterdag per maand samen spullen repareren in plaats van weggooien."
    )
    page.get_by_label("Gebied").select_option(label="Berflo Es Zuid")
    page.get_by_label("Hoe is het idee ontstaan?").fill("Henk vroeg ernaar bij het huisbezoek.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Repaircafé in het buurthuis")
    expect(page.locator("#current-stage")).to_have_text("idee")

    # A skip (idee → zelfstandig) is not offered; forced through a tampered form it is refused.
    options = page.locator("#id_stage_to_stage option")
    # Nothing is chosen first; an idea may go straight to action.
    expect(options).to_have_text(["—", "Kern gevormd", "In actie", "Gestopt"])
    page.evaluate(
        "() => { const s = document.getElementById('id_stage_to_stage');"
        " s.add(new Option('zelfstandig', 'independent')); s.value = 'independent'; }"
    )
    page.locator("#fase form").get_by_label("Waarom? Wat is er gebeurd?").fill("Sneller!")
    page.locator("#fase form").get_by_role("button", name="Fase wijzigen").click()
    # Refused in the stage form itself, with its error summary (issue 11, items 6 and 26).
    expect(page.locator("#fase form [data-error-summary]")).to_contain_text(
        "Van ‘idee’ kan een initiatief niet meteen naar ‘zelfstandig’"
    )
    expect(page.locator("#current-stage")).to_have_text("idee")

    # A core needs two people, one of them trekker: refused first, then with members it works.
    change_stage(page, "Kern gevormd", "Henk en Yasmina gaan het doen.")
    expect(page.locator("#fase form [data-error-summary]")).to_contain_text("minstens 2 bewoners")
    add_member(page, "Henk", "Henk Oude Egberink", "trekker")
    add_member(page, "Yasm", "Yasmina Bouzid", "kerngroep")
    expect(page.locator("#leden")).to_contain_text("Henk Oude Egberink")
    change_stage(page, "Kern gevormd", "Henk en Yasmina gaan het doen.")
    expect(page.locator("#current-stage")).to_have_text("kern gevormd")
    change_stage(page, "In actie", "Eerste repaircafé: 14 bezoekers, 9 dingen gemaakt.")
    expect(page.locator("#current-stage")).to_have_text("in actie")

    # The worker's position and what the municipality does (overheidsparticipatie).
    page.locator("#positie").get_by_role("radio", name="erachter: de bewoners trekken").check()
    page.locator("#positie").get_by_role("button", name="Positie vastleggen").click()
    expect(page.locator("#positie dl")).to_contain_text("erachter")
    page.locator("#gemeente").get_by_label("Rol van de gemeente").select_option(label="faciliteren")
    page.locator("#gemeente").get_by_role("button", name="Rol vastleggen").click()
    expect(page.locator("#municipal-role")).to_have_text("Faciliteren")

    change_stage(page, "Zelfstandig", "Ze draaien het zelf; wij komen alleen nog kijken.")
    expect(page.locator("#current-stage")).to_have_text("zelfstandig")
    history = page.locator("#fase tbody tr")
    expect(history).to_have_count(4)
    timeline = page.locator("#tijdlijn")
    for text in (
        "Begonnen als idee",
        "Fase: idee → kern gevormd",
        "Fase: in actie → zelfstandig",
        "Henk Oude Egberink doet mee als trekker",
        "Rol van de gemeente: faciliteren",
    ):
        expect(timeline).to_contain_text(text)
    screenshot(page)
    initiative = Initiative.objects.get(title="Repaircafé in het buurthuis")
    assert initiative.stage == Stage.INDEPENDENT
    assert list(initiative.stages.values_list("to_stage", flat=True)) == [
        "idea", "core", "action", "independent",
    ]  # fmt: skip
    violations = a11y.axe_violations(page, live_server)
    assert not violations, a11y.describe(violations)


@pytest.fixture
def in_action(world):
    from opbouw.initiatives import services

    initiative = services.initiative_create(
        created_by=world.worker,
        title="Moestuin uitbreiden",
        goal="Tien bakken erbij voor de school.",
        area=world.buurt2,
        started_on=timezone.localdate() - timezone.timedelta(days=30),
    )
    for name, role in (("Henk Oude Egberink", "lead"), ("Yasmina Bouzid", "core")):
        services.member_add(
            initiative=initiative, added_by=world.worker, person=world.people[name], role=role
        )
    for stage in (Stage.CORE, Stage.ACTION):
        services.initiative_change_stage(
            initiative=initiative, changed_by=world.worker, to_stage=stage,
            changed_on=timezone.localdate(), note="Verder.",
        )  # fmt: skip
    return initiative


@pytest.fixture
def policy_user(world):
    from opbouw.accounts.models import User
    from opbouw.areas.models import Membership
    from opbouw.core.roles import Role
    from tests.browser.support import PASSWORD

    user = User.objects.create_user(
        username="jeroen", password=PASSWORD, first_name="Jeroen", last_name="Gemeente"
    )
    Membership.objects.create(user=user, area=world.municipality, role=Role.POLICY)
    return user


def test_submit_and_decide_a_grant_application(
    page, new_context, world, in_action, policy_user, screenshot, tmp_path, settings
):
    settings.OPBOUW_UPLOAD_ROOT = tmp_path / "uploads"
    page.goto(f"/initiatieven/{in_action.pk}/")
    page.get_by_role("link", name="Buurtbudget aanvragen").click()
    page.get_by_label("Titel van de aanvraag").fill("Tien moestuinbakken")
    page.get_by_label("Doel: wat wilt u bereiken, en voor wie?").fill("Groente met De Vlinder.")
    page.get_by_label("Post 1", exact=True).fill("Hout")
    page.get_by_label("Bedrag post 1").fill("480")
    page.get_by_label("Post 2", exact=True).fill("Grond en compost")
    page.get_by_label("Bedrag post 2").fill("210,50".replace(",", "."))
    page.get_by_label("Eigen bijdrage (euro)").fill("100")
    page.get_by_role("button", name="Bewaar als concept").click()
    expect(page.locator("#grant-status")).to_have_text("concept")
    expect(page.locator("#grant-total")).to_have_text("€ 690,50")

    # Submitting without draagvlak is refused, with the reason.
    page.get_by_role("button", name="Aanvraag indienen").click()
    expect(page.get_by_role("status")).to_contain_text("minstens 3 nodig")
    for name, street in (("Ans K.", "Kuipersdijk"), ("Mehmet Y.", "Veldwijkplein"),
                         ("Ria B.", "")):  # fmt: skip
        draagvlak = page.locator("#draagvlak")
        draagvlak.get_by_label("Naam").fill(name)
        draagvlak.get_by_label("Straat (zonder huisnummer)").fill(street)
        draagvlak.get_by_role("button", name="Steun toevoegen").click()
        expect(page.locator("#draagvlak")).to_contain_text(name)
    page.get_by_role("button", name="Aanvraag indienen").click()
    expect(page.locator("#grant-status")).to_have_text("ingediend")
    screenshot(page, "submitted")

    # The municipality (beleid) decides: first in behandeling, then toekennen with a reason.
    municipality = new_context(user=policy_user)
    municipality.goto("/initiatieven/aanvragen/")
    municipality.get_by_role("link", name="Tien moestuinbakken").click()
    besluit = municipality.locator("#besluit")
    besluit.get_by_label("Besluit").select_option(label="In behandeling nemen")
    besluit.get_by_role("button", name="Besluit vastleggen").click()
    expect(municipality.locator("#grant-status")).to_have_text("in behandeling")
    besluit.get_by_label("Besluit").select_option(label="Toekennen")
    besluit.get_by_label("Toegekend bedrag (euro)").fill("650")
    besluit.get_by_role("button", name="Besluit vastleggen").click()
    # Refused at the reason, with the choice and the amount kept (issue 11, item 6).
    expect(besluit.locator("#id_decision_reason_error")).to_contain_text("Schrijf de reden")
    expect(besluit.get_by_label("Besluit")).to_have_value("granted")
    expect(besluit.get_by_label("Toegekend bedrag (euro)")).to_have_value("650")
    besluit.get_by_label("Besluit").select_option(label="Toekennen")
    besluit.get_by_label("Toegekend bedrag (euro)").fill("650")
    besluit.get_by_label("Reden").fill("Toegekend zonder de compost: die levert de gemeente.")
    besluit.get_by_role("button", name="Besluit vastleggen").click()
    expect(municipality.locator("#grant-status")).to_have_text("toegekend")
    expect(municipality.locator("#besluit")).to_contain_text("die levert de gemeente")
    screenshot(municipality, "decided")

    # Accountability: a receipt (checked by content), then the report.
    page.reload()
    verantwoording = page.locator("#verantwoording")
    verantwoording.get_by_label("Bestand").set_input_files(
        files=[{"name": "bon.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    verantwoording.get_by_label("Bedrag op de bon (euro)").fill("478.95")
    verantwoording.get_by_role("button", name="Uploaden").click()
    expect(page.get_by_role("status")).to_contain_text("Het bestand is toegevoegd")
    # A text file called .png is refused for what it is.
    verantwoording.get_by_label("Soort").select_option(label="foto")
    verantwoording.get_by_label("Bestand").set_input_files(
        files=[{"name": "foto.png", "mimeType": "image/png", "buffer": b"geen plaatje"}]
    )
    verantwoording.get_by_role("button", name="Uploaden").click()
    expect(verantwoording.locator("[data-error-summary]")).to_contain_text("gekeken naar de inhoud")
    verantwoording.get_by_label("Wat is er gebeurd, en wat heeft het opgeleverd?").fill(
        "Tien bakken gebouwd met twintig buren; de school zaait in maart."
    )
    verantwoording.get_by_label("Uitgegeven bedrag (euro)").fill("640")
    verantwoording.get_by_role("button", name="Verantwoording indienen").click()
    expect(page.locator("#grant-status")).to_have_text("verantwoord")
    screenshot(page, "accounted")
    grant = GrantApplication.objects.get(title="Tien moestuinbakken")
    assert grant.status == GrantStatus.ACCOUNTED
    assert list(grant.trail.values_list("to_status", flat=True)) == [
        "submitted", "in_review", "granted", "accounted",
    ]  # fmt: skip
    assert grant.attachments.count() == 1
