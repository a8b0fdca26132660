"""Settings and the pieces in config/: deploy checks, navigation, the start page."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.urls import reverse

from config.navigation import navigation
from tests.factories import client_for

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PROD = {
    "DJANGO_SETTINGS_MODULE": "config.settings.prod",
    "DJANGO_ALLOWED_HOSTS": "opbouw.hengelo.example",
    # deduce's cache as `make test` built it (its package folder); a production install
    # builds var/cache/deduce with `manage.py deduce_cache`, or the check warns (W001).
    "OPBOUW_DEDUCE_CACHE_DIR": "",
}


def test_deploy_check_passes_for_production_settings():
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64), **PROD,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("secret", ["", "short-secret"])
def test_production_refuses_to_start_without_a_long_secret_key(secret):
    result = _manage("check", DJANGO_SECRET_KEY=secret, **PROD)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _manage(
        "check",
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
    )
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_settings_are_strict():
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS >= 31536000, s.ALLOWED_HOSTS)"
    )
    result = _manage("shell", "-c", code, DJANGO_SECRET_KEY=secrets.token_urlsafe(64), **PROD)
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.strip().splitlines()[-1]
        == "False True True True True ['opbouw.hengelo.example']"
    )


def test_test_settings_keep_the_production_security_middleware(settings):
    assert settings.DEBUG is False
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE
    assert "opbouw.core.middleware.ContentSecurityPolicyMiddleware" in settings.MIDDLEWARE
    assert settings.PASSWORD_HASHERS != []


# --- navigation --------------------------------------------------------------------------


def _nav_labels(user, path="/"):
    request = RequestFactory().get(path)
    request.user = user
    return [(str(item["label"]), item["current"]) for item in navigation(request)["nav_items"]]


JOURNAL_ITEMS = {"Vandaag", "Logboek"}
PEOPLE_ITEMS = {"Mensen", "Groepen", "Organisaties"}


def test_navigation_links_only_to_what_the_role_may_open(users):
    labels = {role: [label for label, _ in _nav_labels(user)] for role, user in users.items()}
    for role in ("worker", "coordinator", "admin", "other_worker"):
        assert JOURNAL_ITEMS | PEOPLE_ITEMS | {"Gebieden"} <= set(labels[role]), role
        assert labels[role][:2] == ["Vandaag", "Logboek"], role  # the daily work comes first
    assert PEOPLE_ITEMS | {"Gebieden"} <= set(labels["partner"])
    assert not JOURNAL_ITEMS & set(labels["partner"])
    for role in ("policy", "resident"):
        assert "Gebieden" in labels[role], role
        assert not (JOURNAL_ITEMS | PEOPLE_ITEMS) & set(labels[role]), role


def test_navigation_marks_the_current_section(users):
    current = [
        label for label, is_current in _nav_labels(users["worker"], "/mensen/12/") if is_current
    ]
    assert current == ["Mensen"]


def test_navigation_is_empty_for_anonymous_visitors():
    from django.contrib.auth.models import AnonymousUser

    assert _nav_labels(AnonymousUser()) == []


def test_every_navigation_link_opens_for_that_role(users):
    for role, user in users.items():
        client = client_for(user)
        request = RequestFactory().get("/")
        request.user = user
        for item in navigation(request)["nav_items"]:
            assert client.get(item["url"]).status_code == 200, (role, item["url"])


# --- the start page ---------------------------------------------------------------------------


def test_start_page_sends_each_role_where_its_work_is(users):
    assert client_for(users["worker"]).get(reverse("home"))["Location"] == reverse("journal:today")
    partner = client_for(users["partner"]).get(reverse("home"))
    assert partner.status_code == 200
    assert "Berflo Es" in partner.content.decode()
    assert client_for(None).get(reverse("home"))["Location"].startswith(reverse("accounts:login"))


def test_start_page_sends_a_resident_without_areas_to_their_own_page(areas, django_user_model):
    from tests.factories import PersonFactory

    user = django_user_model.objects.create_user("alleen_bewoner", password="x" * 12)
    person = PersonFactory(area=areas.buurt, user=user)
    response = client_for(user).get(reverse("home"))
    assert response["Location"] == reverse("people:me")
    response = client_for(user).get(response["Location"])
    assert response["Location"] == reverse("people:detail", args=[person.pk])
