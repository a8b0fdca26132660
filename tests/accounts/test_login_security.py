"""Login throttling, session expiry, logout, password reset, security headers, deploy check."""

import datetime as dt
import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opbouw.accounts.middleware import LOGIN_AT, SEEN_AT
from tests.two_factor import current_code, totp_device

PASSWORD = "geheim-wachtwoord-123"  # tests.factories.UserFactory
BASE_DIR = Path(django_settings.BASE_DIR)


def _login(client: Client, username: str, password: str, address: str = "127.0.0.1"):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


# --- throttling (django-axes) ------------------------------------------------------------------


def test_after_too_many_failures_even_the_right_password_is_refused_for_a_while(users, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _login(client, "resident", "fout-wachtwoord")
        assert response.status_code == 200  # the ordinary "wrong" message
        assert "Te veel mislukte" not in response.content.decode()
    response = _login(client, "resident", "fout-wachtwoord")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Te veel mislukte inlogpogingen" in page
    assert "over 15 minuten opnieuw" in page
    assert 'role="alert"' in page
    # Locked: the right password does not get in either.
    response = _login(client, "resident", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session

    # After the cool-off period the right password works again, and the failures are cleared.
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - dt.timedelta(seconds=1)
    )
    response = _login(client, "resident", PASSWORD)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
    assert not AccessAttempt.objects.exists()


def test_the_lockout_is_per_username_and_address(users, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(Client(), "partner", "fout-wachtwoord", address="10.0.0.66")
    assert _login(Client(), "partner", PASSWORD, address="10.0.0.66").status_code == 429
    # The same person from their own address, and another user from the attacker's address:
    # not locked out (an attacker cannot lock a colleague out from elsewhere).
    assert _login(Client(), "partner", PASSWORD, address="10.0.0.7").status_code == 302
    assert _login(Client(), "resident", PASSWORD, address="10.0.0.66").status_code == 302


def test_failed_logins_store_no_success_log_and_log_no_username(users, settings, caplog):
    with caplog.at_level("DEBUG"):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            _login(Client(), "worker", "fout-wachtwoord", address="10.1.2.3")
    text = caplog.text
    assert "worker" not in text
    assert "10.1.2.3" not in text
    assert AccessAttempt.objects.count() == 1
    from axes.models import AccessLog

    _login(Client(), "resident", PASSWORD)
    assert not AccessLog.objects.exists()


# --- sessions ----------------------------------------------------------------------------------


def _age_session(client: Client, *, login_ago: int, seen_ago: int) -> None:
    session = client.session
    now = int(time.time())
    session[LOGIN_AT] = now - login_ago
    session[SEEN_AT] = now - seen_ago
    session.save()


def test_an_idle_session_ends(users, settings):
    client = Client()
    client.force_login(users["worker"])
    assert client.get(reverse("journal:today")).status_code == 200
    _age_session(client, login_ago=600, seen_ago=settings.OPBOUW_SESSION_IDLE_SECONDS - 30)
    assert client.get(reverse("journal:today")).status_code == 200  # still within the limit
    _age_session(client, login_ago=600, seen_ago=settings.OPBOUW_SESSION_IDLE_SECONDS + 1)
    response = client.get(reverse("journal:today"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "Uw sessie is verlopen" in page


def test_an_active_session_still_ends_after_the_absolute_limit(users, settings):
    client = Client()
    client.force_login(users["worker"])
    _age_session(client, login_ago=settings.OPBOUW_SESSION_ABSOLUTE_SECONDS + 1, seen_ago=5)
    response = client.get(reverse("journal:today"))
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session


def test_activity_moves_the_idle_clock(users, settings):
    client = Client()
    client.force_login(users["worker"])
    _age_session(client, login_ago=3600, seen_ago=120)
    before = int(time.time())
    client.get(reverse("journal:today"))
    # Seen during that request (bounds from the clock, not a guess at how slow the machine is).
    assert before <= client.session[SEEN_AT] <= int(time.time())


def test_the_settings_for_session_expiry(settings):
    assert settings.OPBOUW_SESSION_IDLE_SECONDS == 30 * 60
    assert settings.OPBOUW_SESSION_ABSOLUTE_SECONDS == 8 * 60 * 60
    assert settings.SESSION_COOKIE_AGE == settings.OPBOUW_SESSION_ABSOLUTE_SECONDS


def test_logout_ends_the_session_on_the_server(users):
    client = Client()
    client.force_login(users["worker"])
    stolen_cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    client.post(reverse("accounts:logout"))
    thief = Client()
    thief.cookies[django_settings.SESSION_COOKIE_NAME] = stolen_cookie
    assert thief.get(reverse("journal:today")).status_code == 302


# --- password reset ------------------------------------------------------------------------------


def test_password_reset_does_not_tell_whether_the_address_exists(users):
    users["worker"].email = "werker@example.nl"
    users["worker"].save()
    known = Client().post(reverse("accounts:password_reset"), {"email": "werker@example.nl"})
    unknown = Client().post(reverse("accounts:password_reset"), {"email": "niemand@example.nl"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("accounts:password_reset_done")
    done = Client().get(known["Location"]).content.decode()
    assert "Als het adres bij een account hoort" in done
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["werker@example.nl"]


def test_password_reset_by_mail_then_both_factors(users):
    worker = users["worker"]
    worker.email = "werker@example.nl"
    worker.save()
    device = totp_device(worker)
    client = Client()
    client.post(reverse("accounts:password_reset"), {"email": "werker@example.nl"})
    message = mail.outbox[0]
    assert message.subject == "Nieuw wachtwoord voor opbouw"
    link = re.search(r"https?://[^/]+(/account/wachtwoord-herstellen/\S+/)", message.body)
    assert link is not None
    response = client.get(link.group(1))
    assert response.status_code == 302  # Django moves the token out of the URL
    form_url = response["Location"]
    assert "set-password" in form_url
    new_password = "een-nieuw-lang-wachtwoord-9"
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response["Location"] == reverse("accounts:password_reset_complete")
    worker.refresh_from_db()
    assert worker.check_password(new_password)
    # The link works once.
    assert Client().get(link.group(1)).status_code == 404
    # A new password is not a way around the second factor.
    login = Client()
    response = login.post(
        reverse("accounts:login"), {"username": "worker", "password": new_password}
    )
    assert response["Location"].startswith(reverse("accounts:two_factor"))
    assert login.get(reverse("journal:today")).status_code == 302
    login.post(reverse("accounts:two_factor"), {"token": current_code(device)})
    assert login.get(reverse("journal:today")).status_code == 200


def test_password_reset_refuses_a_weak_password_and_keeps_the_old_one(users):
    worker = users["worker"]
    worker.email = "werker@example.nl"
    worker.save()
    client = Client()
    client.post(reverse("accounts:password_reset"), {"email": "werker@example.nl"})
    link = re.search(r"(/account/wachtwoord-herstellen/\S+/)", mail.outbox[0].body)
    assert link is not None
    form_url = client.get(link.group(1))["Location"]
    response = client.post(form_url, {"new_password1": "kort", "new_password2": "kort"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode() or "utrecht-form-field--invalid" in (
        response.content.decode()
    )
    worker.refresh_from_db()
    assert worker.check_password(PASSWORD)


# --- headers and the deploy check ---------------------------------------------------------


def test_security_headers(users):
    response = Client().get(reverse("accounts:login"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]


def _prod_env() -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "OPBOUW_", "PG")) and key != "DATABASE_URL"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="opbouw.hengelo.example",
        DATABASE_URL="postgres://opbouw:geheim@db.hengelo.example:5432/opbouw",
        DJANGO_EMAIL_HOST="smtp.hengelo.example",
        # deduce's cache as `make test` built it (see tests/config/test_config.py's PROD).
        OPBOUW_DEDUCE_CACHE_DIR="",
    )
    return env


def test_manage_py_check_deploy_passes_with_the_production_settings():
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=_prod_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_send_hsts_and_secure_cookies():
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_SSL_REDIRECT, s.EMAIL_BACKEND, s.EMAIL_HOST, s.DEBUG)"
    )
    result = subprocess.run(  # noqa: S603 - our own settings
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=BASE_DIR,
        env=_prod_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.split() == [
        "31536000",
        "True",
        "True",
        "True",
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.hengelo.example",
        "False",
    ]


@pytest.mark.parametrize("module", ["config.settings.dev", "config.settings.prod"])
def test_passwords_are_hashed_with_argon2(module):
    """(The test settings use a fast hasher; development and production use Argon2.)"""
    result = subprocess.run(  # noqa: S603 - our own settings
        [
            sys.executable,
            "-c",
            "import django; django.setup(); "
            "from django.contrib.auth.hashers import make_password; "
            "print(make_password('een-wachtwoord-van-mij').split('$')[0])",
        ],
        cwd=BASE_DIR,
        env={**_prod_env(), "DJANGO_SETTINGS_MODULE": module},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == "argon2"
