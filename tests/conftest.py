"""Shared fixtures: a small piece of Hengelo's CBS tree and one user per role.

GM0164 Hengelo
├── WK016405 Berflo Es            ← "own" wijk: every role has a membership here
│   ├── BU01640501 Berflo Es Noord
│   └── BU01640502 Berflo Es Zuid
└── WK016401 Hengelose Es         ← "other" wijk: only `other_worker` works here
    └── BU01640100 Hengelose Es-Noord
"""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client

from opbouw.accounts.models import User
from opbouw.areas.models import Area, Level
from opbouw.core.roles import Role
from tests.factories import (
    AreaFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)
from tests.two_factor import force_login_both_factors

ROLES = [role.value for role in Role]  # resident, worker, partner, policy, coordinator, admin


@dataclass(frozen=True)
class AreaTree:
    municipality: Area
    wijk: Area
    buurt: Area
    buurt2: Area
    other_wijk: Area
    other_buurt: Area


@pytest.fixture
def areas(db) -> AreaTree:
    gm = AreaFactory(code="GM0164", name="Hengelo", level=Level.MUNICIPALITY)
    wijk = AreaFactory(code="WK016405", name="Berflo Es", level=Level.DISTRICT, parent=gm)
    other_wijk = AreaFactory(code="WK016401", name="Hengelose Es", level=Level.DISTRICT, parent=gm)
    return AreaTree(
        municipality=gm,
        wijk=wijk,
        buurt=AreaFactory(
            code="BU01640501", name="Berflo Es Noord", level=Level.NEIGHBOURHOOD, parent=wijk
        ),
        buurt2=AreaFactory(
            code="BU01640502", name="Berflo Es Zuid", level=Level.NEIGHBOURHOOD, parent=wijk
        ),
        other_wijk=other_wijk,
        other_buurt=AreaFactory(
            code="BU01640100",
            name="Hengelose Es-Noord",
            level=Level.NEIGHBOURHOOD,
            parent=other_wijk,
        ),
    )


@pytest.fixture
def users(areas) -> dict[str, User]:
    """One user per role with a membership in the own wijk, plus `other_worker` elsewhere.

    The resident also has a Person record of their own (an account linked to a contact).
    """
    result: dict[str, User] = {}
    for role in ROLES:
        user = UserFactory(username=role, first_name=role.capitalize(), last_name="Test")
        MembershipFactory(user=user, area=areas.wijk, role=role)
        result[role] = user
    other = UserFactory(username="other_worker", first_name="Ander", last_name="Werker")
    MembershipFactory(user=other, area=areas.other_wijk, role=Role.WORKER)
    result["other_worker"] = other
    PersonFactory(name="Rita Bewoner", area=areas.buurt, user=result["resident"])
    # The partner works for the wijkteam: a consent to share a name with the wijkteam and
    # care (Consent.Purpose.SHARING_CARE, ConsentFactory's default) shows them names.
    result["partner"].organisation = OrganisationFactory(name="Wijkteam Test", kind="care")
    result["partner"].save(update_fields=["organisation"])
    return result


@pytest.fixture
def worker(users) -> User:
    return users["worker"]


@pytest.fixture
def other_worker(users) -> User:
    return users["other_worker"]


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Wijkteam Berflo Es")


@pytest.fixture
def worker_client(worker) -> Client:
    client = Client()
    client.force_login(worker)
    return client


@pytest.fixture(autouse=True)
def _force_login_passes_both_factors(monkeypatch):
    """`client.force_login(user)` stands for a complete login: password and second factor.

    The second factor stays enforced (tests/two_factor.py explains how the session is marked
    verified); the login tests use `password_only_login` and the real forms.
    """
    monkeypatch.setattr(Client, "force_login", force_login_both_factors)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: the audit trail counts views per user id there,
    and ids repeat between tests, so a count must not carry over (nor anything else)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (Dutch). A request with another language
    leaves that language active in the thread when it ends, so a later test calling a service
    directly would get English messages depending on the order the tests ran in."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _same_fake_data_every_run(request):
    """Factories draw names from Faker (`PersonFactory`, `UserFactory`): seed it per test, from
    the test's id, so a test sees the same names on every run, in any order, on either
    database. Unseeded, a rare draw ("van 't Riet", a name equal to another) made a test fail
    on one run in many (CI once: an apostrophe escaped as &#x27; in the HTML)."""
    import zlib

    import factory.random

    factory.random.reseed_random(zlib.crc32(request.node.nodeid.encode()))


def pytest_configure(config):
    # WhiteNoise warns once per test client when collectstatic has not run; the test
    # settings serve no static files, so the warning says nothing about the code under test.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")
