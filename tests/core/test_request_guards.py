"""Input no view can handle is a 400 before any view runs (opbouw.core.guards).

Control characters in paths and query strings (PostgreSQL refuses NUL in text: these were 500s
there), form posts in a character set other than UTF-8, and bodies over the size limit (with
``Connection: close``). Run on PostgreSQL too (scripts/throwaway_postgres.py).
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from opbouw.core import guards

pytestmark = pytest.mark.django_db

LOGIN = "/account/inloggen/"
REPORTED = [  # issue 11, item 11: each was a 500 on PostgreSQL
    ("worker", "/gebieden/%00/"),
    ("worker", "/netwerk/%00/"),
    ("worker", "/logboek/?thema=%00"),
    ("worker", "/initiatieven/?gebied=%00"),
    ("anonymous", "/gesprekken/doe-mee/%00/"),
]
CONTROL = ["%00", "%01", "%09", "%0A", "%0D", "%1B", "%1F", "%7F"]
SKIPPED = ("admin/", "i18n/", "static/", "media/")


def _client(users, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(users[role])
    return client


def _patterns(resolver=None, namespace=None):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern).startswith(SKIPPED):
                continue
            inner = pattern.namespace
            full = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from _patterns(pattern, full)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern


def _generated_urls() -> list[str]:
    """Every URL pattern with a control character in a parameter, and in a path segment
    wherever a pattern takes text (str or slug)."""
    urls = []
    for index, (name, pattern) in enumerate(_patterns()):
        converters = getattr(pattern.pattern, "converters", {})
        kinds = {key: type(c).__name__.removesuffix("Converter") for key, c in converters.items()}
        fill = {
            "Int": 999_999,
            "Slug": "x",
            "Str": "x",
            "UUID": "00000000-0000-0000-0000-000000000007",
        }
        kwargs = {key: fill.get(kind, "x") for key, kind in kinds.items()}
        base = reverse(name, kwargs=kwargs)
        control = CONTROL[index % len(CONTROL)]
        urls.append(f"{base}?gebied={control}")
        urls.append(f"{base}?q=a{control}b&pagina=1")
        urls.append(f"{base}?{control}=1")
        if any(kind in ("Str", "Slug") for kind in kinds.values()):
            text_key = next(k for k, kind in kinds.items() if kind in ("Str", "Slug"))
            urls.append(
                reverse(name, kwargs={**kwargs, text_key: "a"}).replace("/a/", f"/a{control}/", 1)
            )
    return urls


@pytest.mark.parametrize(("role", "url"), REPORTED)
def test_the_reported_urls_are_a_400(users, role, url):
    response = _client(users, role).get(url)
    assert response.status_code == 400, url
    assert "niet in een adres hoort" in response.content.decode()


def test_control_characters_anywhere_in_a_url_are_a_400_for_every_role(users):
    urls = _generated_urls()
    assert len(urls) > 300  # every pattern, several ways
    problems = []
    for role in ("anonymous", "worker", "resident", "policy"):
        client = _client(users, role)
        for url in urls:
            response = client.get(url)
            if response.status_code != 400:
                problems.append(f"{role} {url}: {response.status_code}")
            response = client.post(url)
            if response.status_code != 400:
                problems.append(f"POST {role} {url}: {response.status_code}")
    assert not problems, "\n".join(problems[:40])


def test_ordinary_urls_and_encoded_text_pass(users):
    client = _client(users, "worker")
    assert client.get("/logboek/?thema=groen&q=caf%C3%A9+%26+buurt").status_code == 200
    assert client.get("/initiatieven/?gebied=WK016405").status_code == 200


def test_a_nul_in_a_posted_form_field_is_a_400_and_nobody_is_logged_in(users):
    client = Client()
    response = client.post(
        LOGIN,
        "username=werker%00&password=x",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_a_nul_in_a_json_body_is_a_400(users):
    client = _client(users, "worker")
    response = client.post(
        "/logboek/", data='{"note": "a\\u0000b"}', content_type="application/json"
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("charset", "encoding"),
    [
        ("utf-16", "utf-16"),
        ("utf-16le", "utf-16-le"),
        ("utf-32", "utf-32"),
        ("x-klingon", "utf-8"),
        ("utf8", "utf-8"),
    ],
)
def test_a_form_in_a_foreign_charset_is_a_400_also_anonymously_on_the_login_page(
    users, charset, encoding
):
    body = "username=werker&password=geheim".encode(encoding)
    for client in (Client(), _client(users, "worker")):
        response = client.generic(
            "POST",
            LOGIN,
            data=body,
            content_type=f"application/x-www-form-urlencoded; charset={charset}",
        )
        assert response.status_code == 400
        assert "UTF-8" in response.content.decode()


def test_a_form_in_utf8_is_read(users):
    for charset in ("utf-8", "UTF-8"):
        response = Client().generic(
            "POST",
            LOGIN,
            data=b"username=werker&password=geheim",
            content_type=f"application/x-www-form-urlencoded; charset={charset}",
        )
        assert response.status_code == 200  # the login form again, with its error


def test_the_refusal_speaks_english_when_chosen(users):
    client = Client()
    client.cookies["django_language"] = "en"
    response = client.get("/gebieden/%00/")
    assert response.status_code == 400
    assert "a character that does not belong in an address" in response.content.decode()


@pytest.mark.parametrize(
    "content_type", ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]
)
def test_a_body_over_the_limit_is_a_400_that_closes_the_connection(users, content_type):
    limit = guards.body_limit(content_type)
    client = _client(users, "worker")
    response = client.generic(
        "POST", "/logboek/nieuw/", data=b"x" * (limit + 1), content_type=content_type
    )
    assert response.status_code == 400
    assert response["Connection"] == "close"
    assert "te groot" in response.content.decode()
    # An ordinary post is read as usual, on a connection that stays open.
    response = client.post("/logboek/nieuw/", {"note": ""})
    assert "Nieuwe logboekregel" in response.content.decode()  # the view's form again
    assert "Connection" not in response
