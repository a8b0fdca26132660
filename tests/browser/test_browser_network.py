"""The network in a real browser: the buurt's picture with its time slider, and an
introduction proposed by the worker and accepted by both (one of them in their own account)."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from opbouw.network.models import DirectTie, Introduction, IntroductionStatus
from tests.factories import RECORDED

# The month (YYYY-MM) at the slider's position.
SLIDER_MONTH = """() => {
  const root = document.querySelector('[data-network]');
  const months = JSON.parse(document.getElementById(root.getAttribute('data-months')).textContent);
  return months[parseInt(root.querySelector('[data-network-slider]').value, 10)];
}"""


def _days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def _journal(world, months: int = 14) -> None:
    """A network that grows: each month one more person meets the people already there, every
    other month about "ontmoeting"; every third month the wijkteam meets the newcomer alone
    (so it stands between newcomers who never met: an organisation that bridges)."""
    from opbouw.core.models import Theme
    from opbouw.journal import services as journal
    from opbouw.people import services as people_services
    from tests.factories import OrganisationFactory

    names = ["Gerrit", "Saida", "Marek", "Noor", "Tesfay", "Wilma", "Elif", "Bas", "Lina",
             "Dirk", "Joke", "Ahmed", "Ria", "Kevin"]  # fmt: skip
    meeting = Theme.objects.get(slug="ontmoeting")
    wijkteam = OrganisationFactory(name="Wijkteam Es")
    everyone = list(world.people.values())
    for month in range(months):
        newcomer = people_services.person_create(
            **RECORDED, created_by=world.worker, name=f"{names[month]} Buurman", area=world.buurt
        )
        day = _days_ago(30 * (months - month))
        for other in everyone[-2:]:
            journal.entry_create(
                author=world.worker, kind="meeting", occurred_on=day, area=world.buurt,
                people=[newcomer, other], note="Koffieochtend.",
                themes=[meeting] if month % 2 == 0 else [],
            )  # fmt: skip
        if month % 3 == 0:
            journal.entry_create(
                author=world.worker, kind="meeting", occurred_on=day, area=world.buurt,
                people=[newcomer], organisations=[wijkteam], note="Kennismaking wijkteam.",
            )  # fmt: skip
        everyone.append(newcomer)
    people_services.person_create(
        **RECORDED, created_by=world.worker, name="Truus Alleen", area=world.buurt
    )


def test_the_network_page_with_its_time_slider(page, world, screenshot):
    from opbouw.network.snapshots import snapshots_compute

    _journal(world)
    snapshots_compute(area=world.wijk, since=_days_ago(450))
    page.goto(f"/netwerk/{world.wijk.code}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Samen vastgelegd in het logboek: Berflo Es"
    )
    # Said honestly: what was recorded together, not who knows whom.
    expect(page.locator("[data-network-caveat]").first).to_contain_text("geen kaart van wie")
    network = page.locator("[data-network]")
    expect(network).to_have_attribute("data-network-ready", "1")
    drawn_now = page.evaluate("document.querySelector('[data-network]').cy.nodes().length")
    ties_now = page.evaluate("document.querySelector('[data-network]').cy.edges().length")
    assert drawn_now >= 14
    # The lists beside the picture say it in words: Truus has no tie, brokers are named:
    # people who bridge first, the wijkteam (an organisation) in the smaller list below.
    expect(page.locator("[data-network-isolated]")).to_contain_text("Truus Alleen")
    people_brokers = page.locator("[data-network-brokers]")
    expect(people_brokers.locator("li").first).to_contain_text("Buurman")
    expect(people_brokers).not_to_contain_text("Wijkteam")
    expect(page.locator("[data-network-other-brokers]")).to_contain_text("Wijkteam Es")
    brokers_now = people_brokers.inner_text()
    # Charts of the metrics over time are drawn (their scripts load when they come near).
    page.locator("figure[data-vega-spec]").first.scroll_into_view_if_needed()
    expect(page.locator("figure[data-vega-spec] svg").first).to_be_visible(timeout=30_000)
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "now")

    # Back in time with the keyboard: the network was smaller a year ago.
    slider = page.get_by_role("slider", name="Tijd")
    slider.focus()
    before = network.get_attribute("data-network-month")
    # Mark what is drawn now: a month is applied as a change, so who stays keeps their mark.
    page.evaluate("document.querySelector('[data-network]').cy.nodes()"
                  ".forEach(function (n) { n.scratch('_kept', true); })")  # fmt: skip
    for _ in range(12):
        page.keyboard.press("ArrowLeft")
    # On a loaded machine the presses may come more than the slider's 200 ms pause apart, so
    # a month on the way may be loaded and shown first: wait for the slider's own month.
    target = page.evaluate(SLIDER_MONTH)
    assert target and target != before
    expect(network).to_have_attribute("data-network-month", target)
    expect(network).not_to_have_attribute("aria-busy", "true")
    drawn_then = page.evaluate("document.querySelector('[data-network]').cy.nodes().length")
    assert drawn_then < drawn_now
    kept = page.evaluate("document.querySelector('[data-network]').cy.nodes()"
                         ".filter(function (n) { return n.scratch('_kept'); }).length")  # fmt: skip
    assert 0 < kept <= drawn_then  # who was drawn in both months was not drawn anew
    assert "maand=" in page.url
    # The lists follow the month: a year ago other people bridged.
    expect(people_brokers).not_to_have_text(brokers_now)
    expect(people_brokers.locator("li").first).not_to_have_text("Nog geen.")
    # Coloured by kind: computed clusters are not shown as "communities".
    expect(network).to_have_attribute("data-network-colour-mode", "kind")
    expect(page.get_by_label("gemeenschap")).to_have_count(0)
    screenshot(page, "a-year-ago", full_page=False)

    # Filtered by a theme (from the month's stored ties of that theme): fewer ties, and the
    # lists and the slider are those of the theme.
    page.get_by_label("Thema").select_option("ontmoeting")
    page.get_by_role("button", name="Toon").click()
    expect(network).to_have_attribute("data-network-ready", "1")
    assert "thema=ontmoeting" in page.url
    expect(network).to_have_attribute("data-theme", "ontmoeting")
    drawn_theme = page.evaluate("document.querySelector('[data-network]').cy.edges().length")
    expect(people_brokers.locator("li").first).to_contain_text("Buurman")
    expect(page.locator("[data-network-other-brokers]")).to_have_text("Geen.")
    assert 0 < drawn_theme < ties_now  # this month's ties about ontmoeting: some of them
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "theme")
    slider.focus()
    before = network.get_attribute("data-network-month")
    page.keyboard.press("ArrowLeft")
    target = page.evaluate(SLIDER_MONTH)
    assert target and target != before
    expect(network).to_have_attribute("data-network-month", target)
    expect(network).not_to_have_attribute("aria-busy", "true")
    assert "thema=ontmoeting" in page.url


def test_propose_an_introduction_and_both_say_yes(page, world, screenshot, new_context):
    from opbouw.accounts.models import User
    from opbouw.areas.models import Membership
    from opbouw.core.roles import Role
    from opbouw.people import services as people_services
    from opbouw.people.models import Consent
    from tests.browser.support import PASSWORD

    bram, annemiek = world.people["Bram Jansen"], world.people["Annemiek de Vries"]
    bram.gifts_text = "Geeft graag fietsles"
    bram.save()
    annemiek.wishes_text = "Wil leren fietsen"
    resident = User.objects.create_user(username="annemiek", password=PASSWORD)
    Membership.objects.create(user=resident, area=world.buurt, role=Role.RESIDENT)
    annemiek.user = resident
    annemiek.save()
    for person in (bram, annemiek):
        people_services.consent_record(
            person=person, recorded_by=world.worker, purpose=Consent.Purpose.MATCHING,
            basis=Consent.Basis.CONSENT, source=Consent.Source.IN_PERSON,
        )  # fmt: skip

    page.goto(f"/netwerk/persoon/{bram.pk}/")
    suggestion = page.locator(".opbouw-suggestion").filter(has_text="Annemiek de Vries")
    expect(suggestion).to_contain_text(
        "Bram Jansen geeft graag fietsles — Annemiek de Vries wil leren fietsen"
    )
    screenshot(page, "suggestions")
    suggestion.get_by_role("button", name="Stel voor aan Annemiek de Vries").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kennismakingen")
    expect(page.get_by_role("status")).to_contain_text("De kennismaking is voorgesteld")

    # The worker records Bram's yes (he said it on the phone).
    item = page.locator("[data-introduction]").first
    form = item.get_by_role("form", name="Antwoord van Bram Jansen")
    form.get_by_label("Hoe kreeg u het antwoord van Bram Jansen?").select_option(
        label="telefonisch"
    )
    form.get_by_role("button", name="Bram Jansen zegt ja").click()
    expect(page.get_by_role("status")).to_contain_text("Het antwoord is vastgelegd")
    expect(page.locator("[data-introduction]").first).to_contain_text("eerste persoon zegt ja")

    # Annemiek says yes herself, in her own account.
    own = new_context(user=resident)
    own.goto("/netwerk/kennismakingen/")
    # Bram did not consent to sharing his name: she sees a pseudonym, and a reason without names.
    mine = own.locator("[data-introduction]").first
    expect(mine).to_contain_text("De een geeft graag fietsles — de ander wil leren fietsen")
    expect(mine).not_to_contain_text("Bram")
    screenshot(own, "resident")
    own.get_by_role("button", name="Ja, graag").click()
    expect(own.get_by_role("status")).to_contain_text("Het antwoord is vastgelegd")
    expect(own.locator("[data-introduction]").first).to_contain_text("Kennisgemaakt")

    introduction = Introduction.objects.get()
    assert introduction.status == IntroductionStatus.DONE
    assert introduction.b_source == Consent.Source.ACCOUNT
    assert DirectTie.objects.filter(person_a=bram, person_b=annemiek).exists()
    page.reload()
    expect(page.get_by_role("link", name="Naar de logboekregel")).to_be_visible()
