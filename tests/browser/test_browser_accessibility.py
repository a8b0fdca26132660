"""axe-core (vendored) on the main pages: no WCAG 2.1 A/AA violations."""

import datetime as dt

import pytest
from django.templatetags.static import static
from django.utils import timezone

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
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
    "people": lambda page, world: page.goto("/mensen/"),
    "person-detail": lambda page, world: page.goto(
        f"/mensen/{world.people['Annemiek de Vries'].pk}/"
    ),
    "groups": lambda page, world: page.goto("/mensen/groepen/"),
    "area-detail": lambda page, world: page.goto(f"/gebieden/{world.wijk.code}/"),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_no_wcag_violations(name, new_context, world, live_server, screenshot):
    page = new_context(user=None if name == "login" else world.worker)
    PAGES[name](page, world)
    page.wait_for_load_state("networkidle")  # htmx-loaded parts (e.g. a person's journal)
    violations = axe_violations(page, live_server)
    screenshot(page)
    assert not violations, f"axe on {page.url}:{describe(violations)}"


def test_no_wcag_violations_on_a_phone_with_the_menu_open(new_context, world, live_server, screenshot):
    page = new_context(user=world.worker, phone=True)
    page.goto("/logboek/nieuw/")
    page.get_by_role("button", name="Menu").tap()
    violations = axe_violations(page, live_server)
    screenshot(page, full_page=False)
    assert not violations, f"axe on {page.url}:{describe(violations)}"
