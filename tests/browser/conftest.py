"""Browser tests: Playwright (sync API) drives Debian's Chromium against pytest-django's
live server.

Run them with `.venv/bin/pytest tests/browser` (SQLite in memory) or through
`python scripts/throwaway_postgres.py -- .venv/bin/pytest tests/browser` (PostgreSQL).

- Never downloads a browser: /usr/bin/chromium must exist, otherwise every test FAILS
  (a missing browser is a broken CI image, not a reason to skip).
- Every test takes a screenshot into var/screenshots/<test-name>.png (look at them).
- Every page records Content-Security-Policy violations and uncaught JavaScript errors; a test
  that caused either fails in its teardown.
- The data are made through the models and the services, as in production; each test gets a
  fresh database (live_server needs committed data, so the tests are transactional); the
  themes and tags that a data migration seeds are put back by running that migration's code.
"""

import importlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio loop in this thread; Django would otherwise refuse ORM
# calls from the fixtures ("You cannot call this from an async context").
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from django.apps import apps as django_apps  # noqa: E402
from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from tests.browser.support import PASSWORD  # noqa: E402
from tests.factories import RECORDED

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOT_DIR = Path(settings.BASE_DIR) / "var" / "screenshots"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
# CI runs on a slow, shared 2-core machine: an action, a navigation or an expect(...) may take
# many seconds there. Tests wait for a state (never for a fixed time), so long ceilings cost
# nothing on a fast machine.
ACTION_TIMEOUT_MS = 20_000
NAVIGATION_TIMEOUT_MS = 30_000
EXPECT_TIMEOUT_MS = 15_000

# Record CSP violations in the page and hand them to Python. Init scripts are injected by the
# DevTools protocol, so the page's own CSP does not block them.
CSP_LISTENER = """
document.addEventListener('securitypolicyviolation', function (e) {
  if (window.__opbouwReportCsp) {
    window.__opbouwReportCsp({directive: e.violatedDirective, blocked: e.blockedURI,
                              source: e.sourceFile + ':' + e.lineNumber, sample: e.sample});
  }
});
"""


def pytest_collection_modifyitems(items):
    browser_dir = Path(__file__).parent
    for item in items:
        if browser_dir in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            # live_server needs committed rows, so the tests are transactional (the database
            # is flushed after each); `world` puts back what the data migrations seed.
            item.add_marker(pytest.mark.django_db(transaction=True))


# --- the browser ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright_instance():
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing. The browser tests drive Debian's Chromium and never "
            "download one: run `make chromium` (or `apt-get install chromium`).",
            pytrace=False,
        )
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)  # Playwright's default is 5 s
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


@dataclass
class PageProblems:
    csp: list[dict] = field(default_factory=list)
    console_csp: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def describe(self) -> str:
        lines = [f"CSP violation: {v}" for v in self.csp]
        lines += [f"CSP (console): {m}" for m in self.console_csp]
        lines += [f"JavaScript error: {e}" for e in self.errors]
        return "\n".join(lines)


def watch(page) -> PageProblems:
    """Collect CSP violations (event and console) and uncaught errors on this page."""
    problems = PageProblems()
    page.expose_function("__opbouwReportCsp", lambda info: problems.csp.append(info))
    page.add_init_script(CSP_LISTENER)

    def on_console(message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            problems.console_csp.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.errors.append(str(error)))
    page.problems = problems
    return problems


@pytest.fixture
def new_context(browser, live_server):
    """A factory for browser contexts; all are closed (and checked) at the end of the test."""
    made = []

    def make(*, phone=False, user=None, **options):
        settings_ = {**(PHONE if phone else DESKTOP), "locale": "nl-NL", **options}
        if phone:
            settings_.setdefault("has_touch", True)
            settings_.setdefault("is_mobile", True)
        context = browser.new_context(base_url=live_server.url, **settings_)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
        if user is not None:
            login_cookie(context, user, live_server.url)
        page = context.new_page()
        watch(page)
        made.append((context, page))
        return page

    yield make
    problems = []
    for context, page in made:
        text = page.problems.describe()
        if text:
            problems.append(f"{page.url}:\n{text}")
        context.close()
    if problems:
        pytest.fail("Problems in the browser:\n" + "\n".join(problems), pytrace=False)


@pytest.fixture
def page(new_context, world):
    """A desktop page, logged in as the worker."""
    return new_context(user=world.worker)


def login_cookie(context, user, base_url: str) -> None:
    """Log in without the login form (that form has its own test): copy a session cookie."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}]
    )


@pytest.fixture
def screenshot(request):
    """screenshot(page) → var/screenshots/<test-name>.png; screenshot(page, "step") adds -step."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.name).strip("_")

    def take(page, step: str = "", *, full_page: bool = True) -> Path:
        path = SCREENSHOT_DIR / (f"{name}-{step}.png" if step else f"{name}.png")
        page.screenshot(path=str(path), full_page=full_page, animations="disabled")
        return path

    return take


# --- the data ------------------------------------------------------------------------------


@dataclass
class World:
    municipality: object
    wijk: object
    buurt: object
    buurt2: object
    worker: object
    organisation: object
    group: object
    people: dict
    entry: object


@pytest.fixture
def world(db) -> World:
    """Hengelo → Berflo Es → its buurten; a worker there; people, a group, an organisation."""
    from opbouw.accounts.models import Organisation, User
    from opbouw.areas.models import Area, Level, Membership
    from opbouw.core.models import Theme
    from opbouw.core.roles import Role
    from opbouw.journal import services as journal
    from opbouw.people import services as people_services
    from opbouw.people.models import Consent, Group

    # A transactional test's flush empties the tables the data migration filled: refill them
    # with the migration's own code (serialized_rollback would serialize every app's tables,
    # and is slower).
    seed_taxonomy = importlib.import_module("opbouw.core.migrations.0002_seed_taxonomy").seed
    seed_taxonomy(django_apps, None)
    assert Theme.objects.count() >= 10

    def area(code, name, level, parent=None, **extra):
        obj = Area(code=code, name=name, level=level, parent=parent, **extra)
        obj.full_clean()
        obj.save()
        return obj

    gm = area("GM0164", "Hengelo", Level.MUNICIPALITY)
    wijk = area(
        "WK016405",
        "Berflo Es",
        Level.DISTRICT,
        gm,
        key_figures={"aantal_inwoners": 8355, "percentage_personen_65_jaar_en_ouder": 21},
        key_figures_year=2024,
    )
    buurt = area("BU01640501", "Berflo Es Noord", Level.NEIGHBOURHOOD, wijk)
    buurt2 = area("BU01640502", "Berflo Es Zuid", Level.NEIGHBOURHOOD, wijk)
    area("BU01640500", "Bedrijventerrein Twentekanaal", Level.NEIGHBOURHOOD, wijk)

    organisation = Organisation.objects.create(
        name="Wijkteam Berflo Es", kind=Organisation.Kind.CARE
    )
    worker = User.objects.create_user(
        username="fatima",
        password=PASSWORD,
        first_name="Fatima",
        last_name="El Amrani",
        email="fatima@example.nl",
        organisation=organisation,
    )
    Membership.objects.create(user=worker, area=wijk, role=Role.WORKER)

    people = {}
    for name, where in [
        ("Annemiek de Vries", buurt),
        ("Bram Jansen", buurt),
        ("Henk Oude Egberink", buurt2),
        ("Yasmina Bouzid", buurt2),
    ]:
        people[name] = people_services.person_create(
            **RECORDED, created_by=worker, name=name, area=where
        )
    people_services.consent_record(
        person=people["Annemiek de Vries"],
        recorded_by=worker,
        purpose=Consent.Purpose.SHARING,
        basis=Consent.Basis.CONSENT,
        source=Consent.Source.IN_PERSON,
        given_on=timezone.localdate(),
    )
    group = people_services.group_create(
        created_by=worker, name="Moestuin Berflo Es", kind=Group.Kind.INFORMAL, area=buurt
    )
    people_services.group_member_add(group=group, person=people["Bram Jansen"])
    # An earlier entry: the timeline is not empty and the no-JS fallback lists Henk as a
    # recent contact.
    entry = journal.entry_create(
        author=worker,
        kind="contact",
        occurred_on=timezone.localdate(),
        area=buurt2,
        note="Henk wil een repaircafé beginnen in het buurthuis.",
        people=[people["Henk Oude Egberink"]],
        themes=list(Theme.objects.filter(slug="ontmoeting")),
    )
    return World(gm, wijk, buurt, buurt2, worker, organisation, group, people, entry)
