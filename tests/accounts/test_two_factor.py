"""Two-factor login: password, then a code; setup with a QR code; backup codes; enforcement."""

import base64
import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from opbouw.journal.models import JournalEntry
from tests.factories import JournalEntryFactory, PersonFactory
from tests.two_factor import current_code, password_only_login, totp_device

PASSWORD = "geheim-wachtwoord-123"  # tests.factories.UserFactory


def _password(client: Client, username: str, next_url: str = "") -> str:
    data = {"username": username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    response = client.post(reverse("accounts:login"), data)
    assert response.status_code == 302
    return response["Location"]


def _wait_out_throttle(device) -> None:
    """As if the person waited: django-otp delays the next try after a wrong code."""
    device.refresh_from_db()
    device.throttling_failure_timestamp = timezone.now() - dt.timedelta(minutes=10)
    device.save()


def _codes_on(page: str) -> list[str]:
    return re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)


@pytest.mark.parametrize("role", ["worker", "coordinator", "policy", "admin", "privacy_officer"])
def test_password_then_code_for_every_role_with_personal_data(users, role):
    device = totp_device(users[role])
    client = Client()
    location = _password(client, role, next_url="/gebieden/")
    assert location == reverse("accounts:two_factor") + "?next=%2Fgebieden%2F"
    assert DEVICE_ID_SESSION_KEY not in client.session
    # The password alone opens nothing.
    assert client.get("/gebieden/")["Location"].startswith(reverse("accounts:two_factor"))

    page = client.get(location)
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.content.decode()
    session_key = client.session.session_key
    response = client.post(
        reverse("accounts:two_factor"), {"token": current_code(device), "next": "/gebieden/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/gebieden/"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.session.session_key != session_key  # a new session key after the code
    assert client.get("/gebieden/").status_code == 200


def test_a_wrong_code_is_refused_and_opens_nothing(users, settings):
    # django-otp holds the next try back for OTP_TOTP_THROTTLE_FACTOR (1) seconds after a wrong
    # code: a loaded machine took longer than that between the two posts, and the "held back"
    # try got in (CI-like run). A minute is "right away" on any machine; the wait below is ten.
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    worker = users["worker"]
    device = totp_device(worker)
    client = Client()
    _password(client, "worker")
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("accounts:two_factor"), {"token": wrong})
    assert response.status_code == 400
    assert "Deze code klopt niet" in response.content.decode()
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get(reverse("journal:today")).status_code == 302
    # Right away the right code is held back too (throttling against guessing) ...
    response = client.post(reverse("accounts:two_factor"), {"token": current_code(device)})
    assert response.status_code == 400
    assert "Te veel pogingen" in response.content.decode()
    assert DEVICE_ID_SESSION_KEY not in client.session
    # ... and accepted after the wait.
    _wait_out_throttle(device)
    response = client.post(reverse("accounts:two_factor"), {"token": current_code(device)})
    assert response.status_code == 302
    assert client.get(reverse("journal:today")).status_code == 200


def test_a_code_cannot_be_used_twice(users):
    device = totp_device(users["worker"])
    code = current_code(device)
    first, second = Client(), Client()
    _password(first, "worker")
    assert first.post(reverse("accounts:two_factor"), {"token": code}).status_code == 302
    _password(second, "worker")
    assert second.post(reverse("accounts:two_factor"), {"token": code}).status_code == 400
    assert DEVICE_ID_SESSION_KEY not in second.session


def test_without_an_app_the_worker_sets_one_up_and_gets_backup_codes(users):
    worker = users["worker"]
    client = Client()
    location = _password(client, "worker", next_url="/logboek/")
    assert location.startswith(reverse("accounts:two_factor_setup"))
    assert client.get(reverse("journal:timeline"))["Location"].startswith(
        reverse("accounts:two_factor_setup")
    )
    # The code page sends someone without an app to the setup too.
    assert client.get(reverse("accounts:two_factor"))["Location"].startswith(
        reverse("accounts:two_factor_setup")
    )

    page = client.get(location).content.decode()
    qr = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)"', page)
    assert qr is not None, "the QR code is an inline SVG image (data: URI, allowed by the CSP)"
    assert b"<svg" in base64.b64decode(qr.group(1))
    assert "<script" not in page.split("<main", 1)[1]
    device = TOTPDevice.objects.get(user=worker)
    assert not device.confirmed
    secret = re.search(r'<code class="opbouw-secret" translate="no">([A-Z2-7 ]+)</code>', page)
    assert secret is not None
    typed = secret.group(1).replace(" ", "")
    assert base64.b32decode(typed + "=" * (-len(typed) % 8)).hex() == device.key

    # A wrong first code: nothing confirmed, nothing opened.
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(location, {"token": wrong, "next": "/logboek/"})
    assert response.status_code == 400
    device.refresh_from_db()
    assert not device.confirmed
    assert not StaticToken.objects.filter(device__user=worker).exists()
    assert client.get(reverse("journal:timeline")).status_code == 302

    _wait_out_throttle(device)
    response = client.post(location, {"token": current_code(device), "next": "/logboek/"})
    assert response.status_code == 200
    codes = _codes_on(response.content.decode())
    assert len(codes) == 10 == len(set(codes))
    assert set(codes) == set(
        StaticToken.objects.filter(device__user=worker).values_list("token", flat=True)
    )
    device.refresh_from_db()
    assert device.confirmed
    assert 'href="/logboek/"' in response.content.decode()
    assert client.get(reverse("journal:timeline")).status_code == 200


def test_a_backup_code_works_once(users):
    worker = users["worker"]
    client = Client()
    _password(client, "worker")
    client.get(reverse("accounts:two_factor_setup"))
    device = TOTPDevice.objects.get(user=worker)  # the setup page made its own
    response = client.post(reverse("accounts:two_factor_setup"), {"token": current_code(device)})
    codes = _codes_on(response.content.decode())
    client.post(reverse("accounts:logout"))

    phone_lost = Client()
    _password(phone_lost, "worker")
    response = phone_lost.post(reverse("accounts:two_factor"), {"token": codes[0].upper()})
    assert response.status_code == 302
    today = phone_lost.get(reverse("journal:today"))
    assert today.status_code == 200
    assert "nog 9 reservecodes" in today.content.decode()

    again = Client()
    _password(again, "worker")
    response = again.post(reverse("accounts:two_factor"), {"token": codes[0]})
    assert response.status_code == 400
    assert DEVICE_ID_SESSION_KEY not in again.session
    assert StaticToken.objects.filter(device__user=worker).count() == 9


def test_the_password_alone_cannot_replace_the_app(users):
    """Otherwise a stolen password would be enough to link the thief's phone."""
    worker = users["worker"]
    device = totp_device(worker)
    client = Client()
    _password(client, "worker")
    response = client.get(reverse("accounts:two_factor_setup"))
    assert response["Location"].startswith(reverse("accounts:two_factor"))
    assert TOTPDevice.objects.filter(user=worker).get() == device


def test_a_verified_worker_may_link_a_new_app_and_renew_backup_codes(users):
    worker = users["worker"]
    client = Client()
    client.force_login(worker)  # both factors
    old = TOTPDevice.objects.get(user=worker)
    assert client.get(reverse("accounts:two_factor_setup")).status_code == 200
    new = TOTPDevice.objects.get(user=worker, confirmed=False)
    response = client.post(reverse("accounts:two_factor_setup"), {"token": current_code(new)})
    assert response.status_code == 200
    assert list(TOTPDevice.objects.filter(user=worker)) == [new]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    first = set(_codes_on(response.content.decode()))
    renewed = client.post(reverse("accounts:backup_codes"))
    second = set(_codes_on(renewed.content.decode()))
    assert len(second) == 10
    assert not first & second
    assert set(StaticToken.objects.values_list("token", flat=True)) == second


@pytest.mark.parametrize("role", ["resident", "partner"])
def test_residents_and_partners_need_no_second_factor(users, role):
    client = Client()
    assert _password(client, role) == reverse("home")
    assert client.get(reverse("areas:list")).status_code == 200
    assert client.get(reverse("accounts:two_factor_setup")).status_code == 404


def test_a_superuser_without_memberships_needs_the_second_factor(db, django_user_model):
    django_user_model.objects.create_superuser("baas", "baas@example.nl", PASSWORD)
    client = Client()
    assert _password(client, "baas").startswith(reverse("accounts:two_factor_setup"))
    assert client.get("/admin/")["Location"].startswith(reverse("accounts:two_factor_setup"))


def _journal_urls(entry, person) -> list[str]:
    values = {
        "pk": entry.pk,
        "code": entry.area.code,
        "slug": "groen",
    }
    urls = []
    for pattern in get_resolver().url_patterns:
        if getattr(pattern, "namespace", None) != "journal":
            continue
        for inner in pattern.url_patterns:
            assert isinstance(inner, URLPattern)
            kwargs = {key: values[key] for key in inner.pattern.converters}
            if inner.name == "person":
                kwargs = {"pk": person.pk}
            urls.append(reverse(f"journal:{inner.name}", kwargs=kwargs))
    return urls


def test_an_unverified_worker_session_is_turned_away_from_every_journal_page(users, areas):
    worker = users["worker"]
    totp_device(worker)
    person = PersonFactory(area=areas.buurt)
    entry = JournalEntryFactory(area=areas.buurt, author=worker, people=[person], note="Geheim.")
    client = Client()
    password_only_login(client, worker)
    urls = _journal_urls(entry, person)
    assert len(urls) >= 10
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:two_factor")), url
        assert "Geheim." not in response.content.decode()
        # htmx asks for a fragment: it is told to go to the code page instead.
        response = client.get(url, headers={"HX-Request": "true"})
        assert response["HX-Redirect"] == reverse("accounts:two_factor"), url
    count = JournalEntry.objects.count()
    response = client.post(
        reverse("journal:create"),
        {"kind": "contact", "occurred_on": "2025-01-01", "area": areas.buurt.pk, "note": "x"},
    )
    assert response.status_code == 302
    assert JournalEntry.objects.count() == count
    # The same session, once verified, opens them.
    verified = Client()
    verified.force_login(worker)
    assert verified.get(urls[0]).status_code == 200


def test_the_code_page_shows_no_navigation_before_the_code(users):
    totp_device(users["worker"])
    client = Client()
    _password(client, "worker")
    page = client.get(reverse("accounts:two_factor")).content.decode()
    assert reverse("journal:timeline") not in page
    assert reverse("accounts:logout") in page  # a way out


def test_a_session_verified_with_another_users_device_is_not_verified(users):
    """The device in the session must belong to the session's user (django-otp checks)."""
    other_device = totp_device(users["coordinator"])
    client = Client()
    password_only_login(client, users["worker"])
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = other_device.persistent_id
    session.save()
    assert client.get(reverse("journal:today")).status_code == 302
