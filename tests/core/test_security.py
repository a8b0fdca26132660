"""Security basics: escaping, CSRF, the Content-Security-Policy, no personal data in URLs."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from opbouw.core.middleware import CONTENT_SECURITY_POLICY
from opbouw.journal.models import JournalEntry
from opbouw.people.models import Person
from tests.factories import (
    ConsentFactory,
    FollowUpFactory,
    GroupFactory,
    JournalEntryFactory,
    PersonFactory,
    SignalFactory,
    client_for,
)

SCRIPT = '<script>alert("xss")</script>'
ATTRIBUTE_BREAK = '"><img src=x onerror=alert(1)>'


@pytest.fixture
def hostile(users, areas, worker):
    """Stored values that would run script if a template printed them unescaped."""
    person = PersonFactory(
        name=f"Eva {SCRIPT}", area=areas.buurt, gifts_text=ATTRIBUTE_BREAK, email="eva@example.nl"
    )
    ConsentFactory(person=person)  # so partners see the name too
    group = GroupFactory(area=areas.wijk, name=f"Club {SCRIPT}", members=[person])
    entry = JournalEntryFactory(
        area=areas.buurt,
        author=worker,
        people=[person],
        groups=[group],
        note=f"Notitie {SCRIPT} en {ATTRIBUTE_BREAK}",
    )
    FollowUpFactory(entry=entry, description=f"Bellen {SCRIPT}")
    SignalFactory(entry=entry, description=f"Signaal {SCRIPT}")
    return {"person": person, "group": group, "entry": entry}


def _assert_escaped(content: str, where: str) -> None:
    assert SCRIPT not in content, where
    assert "<img src=x" not in content, where


def test_stored_script_is_escaped_on_every_page_that_shows_it(users, hostile):
    person, group, entry = hostile["person"], hostile["group"], hostile["entry"]
    worker = client_for(users["worker"])
    pages = [
        reverse("journal:timeline"),
        reverse("journal:today"),
        reverse("journal:detail", args=[entry.pk]),
        reverse("journal:edit", args=[entry.pk]),
        reverse("journal:create"),  # recent contacts in the no-JavaScript fallback
        reverse("journal:person", args=[person.pk]),
        reverse("journal:group", args=[group.pk]),
        reverse("people:list"),
        reverse("people:detail", args=[person.pk]),
        reverse("people:edit", args=[person.pk]),
        reverse("people:group_list"),
        reverse("people:group_detail", args=[group.pk]),
    ]
    for url in pages:
        response = worker.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        _assert_escaped(content, url)
        assert "&lt;script&gt;" in content, f"{url} does not show the stored value at all"


def test_stored_script_is_escaped_in_autocomplete_options(users, hostile):
    worker = client_for(users["worker"])
    for name, query in [("people:autocomplete", "Eva"), ("people:group_autocomplete", "Club")]:
        content = worker.post(reverse(name), {"q": query}).content.decode()
        _assert_escaped(content, name)
        assert "&lt;script&gt;" in content, name


def test_a_typed_query_is_escaped_when_echoed(users, hostile):
    worker = client_for(users["worker"])
    autocomplete = worker.post(reverse("people:autocomplete"), {"q": SCRIPT}).content.decode()
    _assert_escaped(autocomplete, "autocomplete")
    search = worker.post(reverse("journal:timeline"), {"q": SCRIPT}).content.decode()
    _assert_escaped(search, "timeline search")
    directory = worker.post(reverse("people:list"), {"q": SCRIPT}).content.decode()
    _assert_escaped(directory, "people search")


def test_stored_script_is_escaped_for_partners_too(users, hostile):
    partner = client_for(users["partner"])
    for url in (
        reverse("people:list"),
        reverse("people:detail", args=[hostile["person"].pk]),
        reverse("people:group_detail", args=[hostile["group"].pk]),
    ):
        _assert_escaped(partner.get(url).content.decode(), url)


# --- CSRF ------------------------------------------------------------------------------------


@pytest.fixture
def csrf_client(worker) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(worker)
    return client


def test_post_without_csrf_token_is_rejected_and_stores_nothing(csrf_client, areas):
    response = csrf_client.post(
        reverse("journal:create"),
        {"kind": "contact", "occurred_on": "2025-01-01", "area": areas.buurt.pk, "note": "x"},
    )
    assert response.status_code == 403
    assert not JournalEntry.objects.exists()
    response = csrf_client.post(
        reverse("people:create"), {"name": "Zonder Token", "area": areas.buurt.pk}
    )
    assert response.status_code == 403
    assert not Person.objects.filter(name="Zonder Token").exists()


def test_consent_cannot_be_withdrawn_without_csrf_token(csrf_client, areas):
    consent = ConsentFactory(person=PersonFactory(area=areas.buurt))
    response = csrf_client.post(reverse("people:consent_withdraw", args=[consent.pk]))
    assert response.status_code == 403
    consent.refresh_from_db()
    assert consent.is_active


def test_post_with_the_token_from_the_page_is_accepted(csrf_client, areas):
    page = csrf_client.get(reverse("journal:create"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token is not None
    response = csrf_client.post(
        reverse("journal:create"),
        {
            "csrfmiddlewaretoken": token.group(1),
            "kind": "contact",
            "occurred_on": "2025-01-01",
            "area": areas.buurt.pk,
            "note": "Met token.",
        },
    )
    assert response.status_code == 302
    assert JournalEntry.objects.filter(note="Met token.").exists()


def test_htmx_requests_can_send_the_token_in_a_header(csrf_client, areas):
    page = csrf_client.get(reverse("journal:timeline")).content.decode()
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', page)
    assert token is not None, "htmx reads the CSRF token from a <meta> tag"
    response = csrf_client.post(
        reverse("people:autocomplete"), {"q": "ab"}, headers={"X-CSRFToken": token.group(1)}
    )
    assert response.status_code == 200


# --- Content-Security-Policy --------------------------------------------------------------------


def test_content_security_policy_has_no_unsafe_inline_or_eval():
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "unsafe-eval" not in CONTENT_SECURITY_POLICY
    directives = dict(part.strip().split(" ", 1) for part in CONTENT_SECURITY_POLICY.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


@pytest.mark.parametrize("name", ["accounts:login", "journal:timeline", "people:list", "home"])
def test_every_page_sends_the_policy(users, name):
    client = Client() if name == "accounts:login" else client_for(users["worker"])
    response = client.get(reverse(name))
    policy = response["Content-Security-Policy"]
    assert policy == CONTENT_SECURITY_POLICY
    assert "'unsafe-inline'" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_error_pages_send_the_policy_too(users):
    response = client_for(users["partner"]).get(reverse("journal:timeline"))
    assert response.status_code == 404
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_pages_have_no_inline_script_style_or_event_handlers(users, hostile):
    """The policy forbids inline code; a page that relied on it would break in the browser."""
    worker = client_for(users["worker"])
    entry, person = hostile["entry"], hostile["person"]
    for url in [
        reverse("journal:today"),
        reverse("journal:timeline"),
        reverse("journal:create"),
        reverse("journal:detail", args=[entry.pk]),
        reverse("people:detail", args=[person.pk]),
        reverse("people:create"),
        reverse("areas:list"),
    ]:
        content = worker.get(url).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", content):
            assert "src=" in tag, f"{url}: inline <script>: {tag}"
        assert "<style" not in content, f"{url}: inline <style>"
        assert not re.search(r"<[^>]+\sstyle=", content), f"{url}: style attribute"
        assert not re.search(r"<[^>]+\son[a-z]+=", content), f"{url}: inline event handler"
        assert "javascript:" not in content, f"{url}: javascript: URL"


# --- no personal data in URLs -------------------------------------------------------------------


def _forms(content: str) -> list[tuple[str, str]]:
    return re.findall(r"<form\b([^>]*)>(.*?)</form>", content, re.S)


@pytest.mark.parametrize("name", ["journal:timeline", "people:list"])
def test_search_forms_post_their_words(users, name):
    content = client_for(users["worker"]).get(reverse(name)).content.decode()
    search_forms = [attrs for attrs, body in _forms(content) if 'name="q"' in body]
    assert search_forms, f"{name} has no search form"
    for attrs in search_forms:
        assert 'method="post"' in attrs, attrs
        assert "hx-get" not in attrs, attrs


def test_autocomplete_fields_post_to_a_url_without_a_query(users):
    content = client_for(users["worker"]).get(reverse("journal:create")).content.decode()
    urls = re.findall(r'data-autocomplete-url="([^"]*)"', content)
    assert set(urls) == {
        reverse("people:autocomplete"),
        reverse("people:group_autocomplete"),
        reverse("people:organisation_autocomplete"),
    }
    for name in ("people:autocomplete", "people:group_autocomplete"):
        assert client_for(users["worker"]).get(reverse(name), {"q": "Eva"}).status_code == 405


def test_no_link_on_a_page_carries_a_name_or_email(users, hostile):
    worker = client_for(users["worker"])
    person = hostile["person"]
    for url in (
        reverse("people:list"),
        reverse("people:detail", args=[person.pk]),
        reverse("journal:timeline"),
    ):
        content = worker.get(url).content.decode()
        for link in re.findall(r'(?:href|action|hx-get|hx-post|src)="([^"]*)"', content):
            assert "Eva" not in link and "eva@example.nl" not in link, (url, link)


def test_request_logs_do_not_keep_query_strings():
    import logging

    from opbouw.core.logging import StripQueryStrings

    record = logging.LogRecord(
        "django.server", logging.INFO, __file__, 1,
        '"%s" %s %s', ('GET /logboek/?q=Fatma%20Yilmaz HTTP/1.1', "200", "512"), None,
    )  # fmt: skip
    assert StripQueryStrings().filter(record)
    assert "Fatma" not in record.getMessage()
    assert record.getMessage() == '"GET /logboek/?… HTTP/1.1" 200 512'
    plain = logging.LogRecord("x", logging.INFO, __file__, 1, "GET /mensen/?gebied=X", None, None)
    StripQueryStrings().filter(plain)
    assert plain.getMessage() == "GET /mensen/?…"
