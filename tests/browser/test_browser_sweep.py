"""The accessibility sweep (issue 11): axe-core over EVERY GET page of the authorization
matrix, for every role that may see it — not a chosen list. A new URL pattern enters the
matrix (tests/test_authorization_matrix.py fails until it does), and so this sweep.

At 320 px wide (WCAG 1.4.10, reflow), every table is also checked (item 28): it sits in a
focusable, labelled region that scrolls, and no word or number in it is broken over lines.

One database (the matrix's world), one browser context per role; the pages that are files
(CSV, PDF, JSON, images, ZIP) are not pages to check, and are named here so that a new
download does not pass unseen: a page outside NOT_HTML that is not HTML fails the test.
"""

import importlib

import pytest
from django.apps import apps as django_apps

from opbouw.analysis.disclosure.text import warm_up_in_background
from tests.browser.support import htmx_settled
from tests.browser.test_browser_accessibility import axe_violations, describe
from tests.test_authorization_links import pages_for
from tests.test_authorization_matrix import ROLES, build_world

NOT_HTML = {
    "assets:boundaries",
    "assets:data",
    "assets:geojson",
    "audit:export",
    "dialogue:export_download",
    "dialogue:qr",
    "initiatives:attachment",
    "initiatives:cash_receipt",
    "network:graph",
    "privacy:export_download",
    "privacy:register_csv",
    "privacy:register_json",
    "reports:csv",
    "reports:dashboard_csv",
    "reports:dashboard_xlsx",
    "reports:pdf",
    "reports:xlsx",
}


NARROW = {"width": 320, "height": 800}

# Tables outside a focusable, labelled region, and words (or numbers) a table broke over two
# lines: a word whose text has boxes on more than one line.
TABLE_PROBLEMS = r"""() => {
  const problems = [];
  const range = document.createRange();
  // Tables folded away (<details>) are opened: they are read at 320 px too.
  document.querySelectorAll('main details').forEach(d => { d.open = true; });
  for (const table of document.querySelectorAll('main table')) {
    if (!table.checkVisibility()) continue;  // not shown (e.g. a hidden tab)
    const region = table.closest('[role="region"]');
    const named = region &&
      (region.getAttribute('aria-label') || region.getAttribute('aria-labelledby'));
    if (!region || region.getAttribute('tabindex') !== '0' || !named) {
      problems.push('table outside a focusable, labelled region: ' + table.outerHTML.slice(0, 100));
    } else {
      region.focus();
      if (document.activeElement !== region) problems.push('table region does not take focus');
    }
    const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (node.parentElement.closest('.visually-hidden')) continue;
      for (const match of node.data.matchAll(/\S+/g)) {
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set(Array.from(range.getClientRects())
          .filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) problems.push('"' + match[0] + '" broken over lines');
      }
    }
  }
  // A chart is one image named by its figure's caption, not by a run of axis labels.
  for (const figure of document.querySelectorAll('main figure[data-vega-spec]')) {
    const svg = figure.querySelector('svg');
    if (svg && (svg.getAttribute('role') !== 'img' ||
                svg.getAttribute('aria-labelledby') !== figure.getAttribute('aria-labelledby'))) {
      problems.push('chart not named by its caption: ' + figure.getAttribute('data-vega-spec'));
    }
  }
  // Anything else that scrolls on its own must take the focus too (the keyboard scrolls it).
  for (const node of document.querySelectorAll('main *')) {
    const style = getComputedStyle(node);
    const scrolls = (['auto', 'scroll'].includes(style.overflowY) &&
                     node.scrollHeight > node.clientHeight + 1) ||
                    (['auto', 'scroll'].includes(style.overflowX) &&
                     node.scrollWidth > node.clientWidth + 1);
    if (scrolls && node.tabIndex < 0 && node.checkVisibility()) {
      problems.push('scrolls but takes no focus: ' + node.outerHTML.slice(0, 100));
    }
  }
  return problems;
}"""


# Charts are drawn after the page has loaded (charts.js); a page without Vega draws none.
CHARTS_DRAWN = """() => !window.vegaEmbed || !window.vegaInterpreter ||
  Array.from(document.querySelectorAll('figure[data-vega-spec]'))
    .every(figure => figure.vegaView || figure.dataset.vegaError)"""
SAME_DOCUMENT = r"""() => document.documentElement.outerHTML
  .replace(/name="csrfmiddlewaretoken" value="[^"]*"/g, '')
  .replace(/<meta name="csrf-token" content="[^"]*">/, '')"""


@pytest.fixture
def matrix_world(users, areas, settings, tmp_path):
    # A transactional test's flush empties what the data migration seeded (the themes).
    seed = importlib.import_module("opbouw.core.migrations.0002_seed_taxonomy").seed
    seed(django_apps, None)
    # The story release page de-identifies with deduce, which takes long to load the first
    # time (in production a warm-up does it at start, config/wsgi.py): load it now, in this
    # process, which the live server's thread shares.
    warm_up_in_background().join()
    return build_world(users, areas, settings, tmp_path)


def test_axe_finds_no_violation_on_any_page_of_any_role(
    new_context, users, matrix_world, live_server, screenshot
):
    failures = []
    visited = 0
    checked: set[str] = set()  # the documents already checked (another role saw the same)
    for role in ROLES:
        page = new_context(user=None if role == "anonymous" else users[role], viewport=NARROW)
        for name, url in pages_for(role, matrix_world):
            if name in NOT_HTML:
                continue
            response = page.goto(url)
            assert response is not None and response.ok, (role, url)
            assert response.headers["content-type"].startswith("text/html"), (
                f"{name} ({url}) is not HTML: add it to NOT_HTML"
            )
            htmx_settled(page)
            page.wait_for_function(CHARTS_DRAWN)
            visited += 1
            # The same document (up to its CSRF tokens) gives the same result: a coordinator
            # and an admin see many pages exactly as the worker does.
            document = page.evaluate(SAME_DOCUMENT)
            if document in checked:
                continue
            checked.add(document)
            tables = page.evaluate(TABLE_PROBLEMS)
            violations = axe_violations(page, live_server)
            shot = f"{role}-{name.replace(':', '-')}"
            if violations or tables:
                screenshot(page, shot)
                failures.append(
                    f"\n=== {role} · {name}: {url}{describe(violations)}"
                    + "".join(f"\n    {problem}" for problem in tables)
                )
            elif role == "worker" and page.locator("main table").count():
                screenshot(page, shot)  # the tables at 320 px, to look at
    assert visited > 150, visited  # every role walked its pages
    print(f"{visited} page loads, {len(checked)} different documents checked")
    assert not failures, f"axe found WCAG 2.1 A/AA violations ({len(failures)} pages):" + "".join(
        failures
    )
