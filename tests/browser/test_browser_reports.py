"""Verantwoording in a real browser: the worker composes and issues a year report, policy (the
funder) reads it with its charts and answers, the worker sees the answer."""

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import expect

from opbouw.analysis.disclosure.text import find_with_deduce
from tests.browser.support import PASSWORD, htmx_settled


def test_compose_issue_and_answer_a_report(page, new_context, world, screenshot):
    from opbouw.accounts.models import User
    from opbouw.areas.models import Membership
    from opbouw.core.roles import Role
    from opbouw.journal.models import EntryKind, JournalEntry
    from opbouw.reports.models import Outcome, ReportMessage, ReportVersion

    find_with_deduce("Opwarmen.")  # load the de-identifier before the page waits on it
    # A report page derives a year of work and draws charts: give a busy machine time.
    page.set_default_timeout(60_000)
    page.set_default_navigation_timeout(60_000)
    today = timezone.localdate()
    year_ago = today - dt.timedelta(days=364)
    people = list(world.people.values())
    for month in range(6):
        entry = JournalEntry.objects.create(
            kind=EntryKind.MEETING, occurred_on=today - dt.timedelta(days=30 * month + 1),
            area=world.buurt, author=world.worker, duration_minutes=90,
        )  # fmt: skip
        entry.people.set(people)
    Outcome.objects.create(
        area=world.buurt, actor="De woningcorporatie", change="Stelt een ruimte beschikbaar.",
        occurred_on=today - dt.timedelta(days=20), significance="Een vaste plek.",
        contribution="Bewoners en corporatie samengebracht.", recorded_by=world.worker,
    )  # fmt: skip
    funder = User.objects.create_user(username="gemeente", password=PASSWORD, first_name="Jeroen",
                                      last_name="Beleid")  # fmt: skip
    Membership.objects.create(user=funder, area=world.municipality, role=Role.POLICY)

    page.goto("/verantwoording/")
    page.get_by_role("link", name="Nieuwe rapportage").click()
    page.wait_for_load_state()  # htmx wires the area select once the page has loaded
    page.get_by_label("Gebied").select_option(label="Berflo Es")
    # The area's periods arrive by htmx: wait for them (on a loaded machine CI once saw the
    # date fields hidden when they were filled in while that request was under way); the new
    # select is enhanced when htmx settles. (wait_for_load_state("networkidle") returned at
    # once: the page had been idle before the request.)
    htmx_settled(page)
    page.get_by_label("Titel").fill("Jaarverslag Berflo Es")
    # The last twelve months are no calendar year: a period of one's own.
    page.get_by_label("Periode", exact=True).select_option("custom")
    page.get_by_label("Periode vanaf").fill(str(today))
    page.get_by_label("Periode tot en met").fill(str(year_ago))
    page.get_by_role("button", name="Verder").click()
    expect(page.locator(".utrecht-form-field-error-message")).to_contain_text("ligt vóór het begin")
    screenshot(page, "reversed-period")
    page.get_by_label("Periode vanaf").fill(str(year_ago))
    page.get_by_label("Periode tot en met").fill(str(today))
    page.get_by_role("button", name="Verder").click()

    page.get_by_label("Reflectie van de opbouwwerker").fill(
        "De moestuin bracht de flat bij elkaar; bewoners nemen het steeds vaker zelf over."
    )
    page.get_by_label("De woningcorporatie").check()
    page.get_by_role("button", name="Bewaar concept").click()
    expect(page.get_by_text("Concept: dit is wat de rapportage nu zou laten zien.")).to_be_visible()
    page.locator("#chart-network-cap").scroll_into_view_if_needed()
    expect(page.locator("figure[data-vega-spec='chart-network'] svg")).to_be_visible()
    # Drawn by Vega in the page with the spec's Dutch locale: "jul 2026", never "07-2026".
    labels = page.locator("figure[data-vega-spec='chart-network'] svg text").all_text_contents()
    months = {"jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"}
    assert any(label.split(" ")[0] in months for label in labels), labels
    assert not any(re.fullmatch(r"\d\d-\d{4}", label) for label in labels), labels
    screenshot(page, "draft")
    page.get_by_role("button", name="Breng uit").click()
    expect(page.get_by_text("Uitgebrachte versie 1")).to_be_visible(timeout=60_000)
    assert ReportVersion.objects.count() == 1

    funder_page = new_context(user=funder)
    funder_page.set_default_timeout(60_000)
    funder_page.set_default_navigation_timeout(60_000)
    funder_page.goto("/verantwoording/")
    funder_page.get_by_role("link", name="Jaarverslag Berflo Es").click()
    expect(funder_page.get_by_text("De moestuin bracht de flat bij elkaar")).to_be_visible()
    expect(funder_page.locator("figure[data-vega-spec='chart-network'] svg")).to_be_visible()
    funder_page.get_by_label("Uw reactie").fill(
        "Dank! Hoe bereikt u de bewoners die nog niet meedoen?"
    )
    funder_page.get_by_role("button", name="Plaats reactie").click()
    expect(funder_page.get_by_text("Reactie van de financier")).to_be_visible()
    screenshot(funder_page, "funder")

    page.reload()
    expect(page.get_by_text("Hoe bereikt u de bewoners die nog niet meedoen?")).to_be_visible()
    page.get_by_label("Uw reactie").fill("Met huisbezoeken in de flats.")
    page.get_by_role("button", name="Plaats reactie").click()
    expect(page.get_by_text("Antwoord van de opbouwwerker")).to_be_visible()
    screenshot(page, "answered")
    assert list(ReportMessage.objects.values_list("author_role", flat=True)) == ["policy", "worker"]
