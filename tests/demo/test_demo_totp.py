"""The demo stays usable with two-factor login: a fixed demo authenticator and demo_totp."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from opbouw.accounts.models import User
from opbouw.demo.seeding.two_factor import DEMO_TOTP_KEY, DEMO_TOTP_SECRET
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    out = StringIO()
    call_command("seed_demo", seed=1, scale="small", people=40, entries=60, stdout=out)
    return out.getvalue()


def demo_totp(username: str) -> str:
    out, err = StringIO(), StringIO()
    call_command("demo_totp", username, stdout=out, stderr=err)
    return out.getvalue().strip()


def test_demo_staff_get_the_demo_authenticator_and_residents_none(demo):
    for username in ["werker", "werker2", "beleid", "coordinator", "beheer"]:
        device = TOTPDevice.objects.get(user__username=username)
        assert device.confirmed and device.key == DEMO_TOTP_KEY, username
    for username in ["bewoner", "partner"]:
        assert not TOTPDevice.objects.filter(user__username=username).exists(), username
    assert "demo_totp werker" in demo
    assert DEMO_TOTP_SECRET in demo
    # Seeding again (the demo exists) adds no second device.
    call_command("seed_demo", seed=1, scale="small", people=40, entries=60, stdout=StringIO())
    assert TOTPDevice.objects.filter(user__username="werker").count() == 1


def test_demo_totp_gives_the_code_that_logs_the_worker_in(demo, settings):
    settings.DEBUG = True
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": "werker", "password": "opbouw-demo"}
    )
    assert response["Location"].startswith(reverse("accounts:two_factor"))
    code = demo_totp("werker")
    assert len(code) == 6 and code.isdigit()
    response = client.post(reverse("accounts:two_factor"), {"token": code})
    assert response.status_code == 302
    assert client.get(reverse("journal:timeline")).status_code == 200


def test_demo_totp_refuses_outside_development(demo, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        demo_totp("werker")


def test_demo_totp_refuses_other_accounts_and_databases_without_demo(demo, settings, db):
    settings.DEBUG = True
    UserFactory(username="echte-werker")
    with pytest.raises(CommandError, match="geen demo-account"):
        demo_totp("echte-werker")
    with pytest.raises(CommandError, match="geen demo-authenticator"):
        demo_totp("bewoner")
    # A demo account that linked its own app: no code from us.
    werker = User.objects.get(username="werker")
    TOTPDevice.objects.filter(user=werker).update(key="00" * 20)
    with pytest.raises(CommandError, match="geen demo-authenticator"):
        demo_totp("werker")


def test_demo_totp_refuses_without_a_demo(db, settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="geen demo"):
        demo_totp("werker")
