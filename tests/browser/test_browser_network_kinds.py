"""Groups and organisations in the network, in a real browser: the worker records that a
resident helps a group and that the group works with an organisation, and the network page
draws them as nodes of their own kind."""

from playwright.sync_api import expect

from opbouw.network.models import DirectTie
from tests.browser.support import pick_option


def test_record_ties_with_a_group_and_see_them_in_the_network(page, world, screenshot):
    from opbouw.network import services
    from opbouw.network.snapshots import snapshots_compute

    henk = world.people["Henk Oude Egberink"]
    page.goto(f"/netwerk/persoon/{henk.pk}/")
    form = page.locator("form").filter(has=page.get_by_role("button", name="Band vastleggen"))
    pick_option(page, "tie-group", "Moes", "Moestuin Berflo Es", how="keys")
    form.get_by_label("Soort band").select_option(label="helpt")
    form.get_by_label("Toelichting").fill("Zaait mee zonder lid te zijn")
    form.get_by_role("button", name="Band vastleggen").click()
    expect(page.get_by_text("De verbinding is vastgelegd.")).to_be_visible()
    expect(page.locator("#banden-titel ~ ul").first).to_contain_text("helpt Moestuin Berflo Es")
    tie = DirectTie.objects.get()
    assert (tie.person_a, tie.group_b, tie.kind) == (henk, world.group, "helps")
    screenshot(page, "person-page")

    services.direct_tie_create(
        recorded_by=world.worker, a=world.group, b=world.organisation, kind="works_with"
    )
    snapshots_compute(area=world.wijk)
    page.goto(f"/netwerk/{world.wijk.code}/")
    network = page.locator("[data-network]")
    expect(network).to_have_attribute("data-network-ready", "1")
    kinds = page.evaluate(
        "() => { const r = {}; document.querySelector('[data-network]').cy.nodes()"
        ".forEach(function (n) { r[n.data('label')] = n.data('kind'); }); return r; }"
    )
    assert kinds["Moestuin Berflo Es"] == "group"
    assert kinds["Wijkteam Berflo Es"] == "organisation"
    assert kinds["Henk Oude Egberink"] == "person"
    # Coloured by kind, always: there is no choice of colouring by computed cluster any more.
    expect(network).to_have_attribute("data-network-colour-mode", "kind")
    screenshot(page, "network-by-kind", full_page=False)
