"""axe-core (vendored) on the main pages: no WCAG 2.1 A/AA violations."""

import datetime as dt

from django.templatetags.static import static
from django.utils import timezone

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                          resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, url: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 200),
                              summary: n.failureSummary})),
  }));
}"""


def axe_violations(page, live_server) -> list[dict]:
    # By URL, not inline: the page's CSP allows scripts from 'self' only.
    page.add_script_tag(url=live_server.url + static("vendor/axe-core/axe.min.js"))
    return page.evaluate(RUN_AXE, WCAG_21_AA)


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"\n[{v['impact']}] {v['id']}: {v['help']}\n    {v['url']}")
        for node in v["nodes"][:8]:
            lines.append(f"    at {node['target']}\n      {node['html']}")
            lines.append("      " + node["summary"].replace("\n", "\n      "))
    return "\n".join(lines)


def _entry_form_with_errors(page, world):
    page.goto("/logboek/nieuw/")
    page.get_by_label("Datum").fill((timezone.localdate() + dt.timedelta(days=500)).isoformat())
    page.get_by_text("Signaal doorgeven", exact=True).click()
    page.locator("#id_signal_description").fill("Lekkage in de portiek")
    page.get_by_role("button", name="Opslaan").click()
    page.locator(".utrecht-form-field-error-message").first.wait_for()


PAGES = {
    "login": lambda page, world: page.goto("/account/inloggen/"),
    "today": lambda page, world: page.goto("/logboek/vandaag/"),
    "timeline": lambda page, world: page.goto("/logboek/"),
    "entry-form": lambda page, world: page.goto("/logboek/nieuw/"),
    "entry-form-errors": _entry_form_with_errors,
    "entry-detail": lambda page, world: page.goto(f"/logboek/{world.entry.pk}/"),
    "bundle-list": lambda page, world: page.goto("/logboek/signalen-aan-beleid/"),
    "bundle-form": lambda page, world: page.goto(
        f"/logboek/signalen-aan-beleid/nieuw/?regel={world.entry.pk}"
    ),
    "people": lambda page, world: page.goto("/mensen/"),
    # Henk: an entry, so the journal that htmx loads into his page is checked too.
    "person-detail": lambda page, world: page.goto(
        f"/mensen/{world.people['Henk Oude Egberink'].pk}/"
    ),
    "groups": lambda page, world: page.goto("/mensen/groepen/"),
    "area-detail": lambda page, world: page.goto(f"/gebieden/{world.wijk.code}/"),
}


def phone_with_the_menu_open(page, world):
    page.goto("/logboek/nieuw/")
    page.get_by_role("button", name="Menu").tap()
    page.locator("#main-nav").get_by_role("link", name="Vandaag").wait_for()


def test_no_wcag_violations(new_context, world, live_server, screenshot):
    """Every page in PAGES, plus the quick-entry form on a phone with the menu open, in one
    test (one browser start, one database); all violations are reported together."""
    anonymous = new_context(user=None)
    worker = new_context(user=world.worker)
    phone = new_context(user=world.worker, phone=True)
    visits = [
        (name, visit, anonymous if name == "login" else worker) for name, visit in PAGES.items()
    ]
    visits.append(("phone-menu", phone_with_the_menu_open, phone))
    failures = []
    for name, visit, page in visits:
        visit(page, world)
        if name == "person-detail":  # his journal is loaded by htmx after the page
            page.locator(".opbouw-timeline").wait_for()
        violations = axe_violations(page, live_server)
        screenshot(page, name, full_page=name != "phone-menu")
        if violations:
            failures.append(f"\n=== {name}: {page.url}{describe(violations)}")
    assert not failures, "axe found WCAG 2.1 A/AA violations:" + "".join(failures)

    # Zero violations means something only if a violation is reported at all.
    anonymous.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=text>')"
    )
    assert "label" in {v["id"] for v in axe_violations(anonymous, live_server)}
