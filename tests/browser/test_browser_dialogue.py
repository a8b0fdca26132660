"""Conversations in a real browser: a resident votes on a phone without an account, the
results show the groups (and "jij staat hier"), a worker reads the results on a desktop, and
voting works without JavaScript too. CSP violations and JS errors fail the test (conftest).
"""

import json

from django.contrib.staticfiles.storage import staticfiles_storage
from playwright.sync_api import expect

from opbouw.dialogue import services, snapshots
from opbouw.dialogue.models import Participant, Vote
from tests.dialogue.support import SEEDS, plant_votes

AXE_RULES = "{runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}"


def _conversation(world):
    conversation = services.conversation_create(
        created_by=world.worker,
        area=world.wijk,
        question="Hoe maken we Berflo Es groener?",
        description="Stem op de stellingen: eens, oneens of overslaan.",
        seed_statements=SEEDS,
    )
    plant_votes(conversation, participants=40)
    snapshots.snapshot_compute(conversation_id=conversation.pk)
    return conversation


def _axe(page, live_server) -> list[str]:
    page.add_script_tag(url=live_server.url + staticfiles_storage.url("vendor/axe-core/axe.min.js"))
    result = page.evaluate(f"axe.run(document, {AXE_RULES})")
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}×)" for v in result["violations"]]


def test_a_resident_votes_on_a_phone_without_an_account_and_sees_the_groups(
    new_context, world, screenshot, live_server, settings
):
    # Analyse after every vote, for the test (the live server runs tasks inline).
    settings.OPBOUW_DIALOGUE_RECOMPUTE_SECONDS = 0
    settings.OPBOUW_DIALOGUE_RECOMPUTE_COST_FACTOR = 0
    conversation = _conversation(world)
    page = new_context(phone=True)
    page.goto(conversation.get_participation_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(conversation.question)
    card = page.locator("#stemkaart")
    statement = card.locator(".opbouw-vote-card__statement")
    expect(statement).to_be_visible()
    assert _axe(page, live_server) == []
    screenshot(page, "start", full_page=False)

    # One tap per vote; htmx swaps in the next statement (the URL stays the same).
    url = page.url
    for i in range(8):
        before = statement.inner_text()
        choice = ["Eens", "Oneens", "Eens", "Overslaan / weet ik niet"][i % 4]
        card.get_by_role("button", name=choice, exact=True).tap()
        expect(card).to_contain_text(f"Je stemde op {i + 1} van de {len(SEEDS)} stellingen")
        expect(statement).not_to_have_text(before)
        expect(statement).to_be_focused()
    assert page.url == url
    screenshot(page, "voted", full_page=False)

    me = Participant.objects.exclude(votes__isnull=True).order_by("-id").first()
    assert me.user is None and me.source == "web"
    assert Vote.objects.filter(participant=me).count() == 8

    # Optional: say who you are.
    page.get_by_label("Ik doe mee als").select_option("resident")
    page.get_by_role("button", name="Opslaan").tap()
    expect(page.get_by_role("status").first).to_contain_text("Dank je")
    me.refresh_from_db()
    assert me.declared_role == "resident"

    # The results: the map with "jij staat hier", and the groups.
    page.get_by_role("link", name="Bekijk de uitkomst tot nu toe").tap()
    expect(page.get_by_role("heading", name="De opiniekaart")).to_be_visible()
    figure = page.locator("figure[data-vega-spec]")
    expect(figure.locator("svg")).to_be_visible()
    assert figure.get_attribute("data-vega-error") is None
    expect(figure.locator("svg")).to_contain_text("jij staat hier")
    expect(page.get_by_text("Jij hoort bij Groep")).to_be_visible()
    expect(page.locator(".opbouw-group-badge")).to_have_count(2)
    spec = json.loads(page.locator("#opiniekaart-spec").text_content())
    assert {layer["mark"]["type"] for layer in spec["layer"]} >= {"point", "text"}
    assert _axe(page, live_server) == []
    screenshot(page, "results")
    page.get_by_role("heading", name="De opiniekaart").scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -20)")
    screenshot(page, "map", full_page=False)
    page.locator(".opbouw-group-card").first.scroll_into_view_if_needed()
    screenshot(page, "groups", full_page=False)


def test_a_worker_reads_the_results_on_a_desktop(new_context, world, screenshot):
    conversation = _conversation(world)
    page = new_context(user=world.worker)
    page.goto(conversation.get_absolute_url())
    expect(page.locator("img.opbouw-invite__qr")).to_be_visible()
    # Visible is not loaded: wait for the image to be decoded (decode() rejects a broken one).
    natural = page.locator("img.opbouw-invite__qr").evaluate(
        "img => img.decode().then(() => img.naturalWidth)"
    )
    assert natural > 0  # the QR code is an image the browser could load
    screenshot(page, "detail")
    page.get_by_role("link", name="Resultaten", exact=True).first.click()
    expect(page.get_by_role("heading", name="2 opiniegroepen")).to_be_visible()
    expect(page.locator("figure[data-vega-spec] svg")).to_be_visible()
    divisive = page.get_by_role("heading", name="Waar de groepen het meest verschillen")
    expect(divisive).to_be_visible()
    roles = page.get_by_role("table", name="Stellingen waarover de rollen het meest verschillen")
    expect(roles).to_contain_text("Bewoner")
    expect(roles).to_contain_text("Professional")
    screenshot(page, "results")
    roles.scroll_into_view_if_needed()
    screenshot(page, "roles", full_page=False)


def test_voting_works_without_javascript(new_context, world, screenshot):
    conversation = _conversation(world)
    page = new_context(phone=True, java_script_enabled=False)
    page.goto(conversation.get_participation_url())
    statement = page.locator(".opbouw-vote-card__statement")
    first = statement.inner_text()
    page.get_by_role("button", name="Oneens", exact=True).tap()
    expect(page.locator("#stemkaart")).to_contain_text("Je stemde op 1 van de")
    assert statement.inner_text() != first
    assert page.url.endswith("#stemkaart")
    screenshot(page, full_page=False)
    assert Vote.objects.filter(participant__source="web", value=-1).count() >= 1


def test_a_worker_exports_a_large_conversation_and_downloads_it_when_ready(
    new_context, world, screenshot, settings, tmp_path
):
    """The export page waits for the worker (htmx polls), then offers the ZIP."""
    import zipfile

    from opbouw.dialogue import exports
    from opbouw.dialogue.models import ConversationExport

    settings.OPBOUW_EXPORT_ROOT = tmp_path / "exports"
    settings.OPBOUW_DIALOGUE_EXPORT_DIRECT_VOTES = 10  # this one counts as large
    # A queue nobody works on, so the test decides when the "worker" runs.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    conversation = _conversation(world)
    page = new_context(user=world.worker)
    page.goto(conversation.get_absolute_url())
    page.get_by_role("link", name="Exporteren in het Pol.is-formaat (ZIP met CSV's)").click()
    expect(page.locator("#export-status")).to_contain_text("nog geen export")
    page.get_by_role("button", name="Export maken").click()
    expect(page.locator("#export-status")).to_contain_text("De export wordt gemaakt")
    expect(page.get_by_text("De export wordt op de achtergrond gemaakt.")).to_be_visible()
    screenshot(page, "waiting")

    export = ConversationExport.objects.get()
    exports.export_build(export_id=export.pk)  # what the worker does
    download_link = page.get_by_role("link", name="ZIP downloaden")
    expect(download_link).to_be_visible(timeout=30_000)  # the page polls every 3 s
    expect(page.locator("#export-status")).to_contain_text("400 stemmen")
    screenshot(page, "ready")
    with page.expect_download() as download:
        download_link.click()
    with zipfile.ZipFile(download.value.path()) as archive:
        assert "participants-votes.csv" in archive.namelist()
