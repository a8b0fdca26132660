"""404 and 500 are opbouw's own pages, in Dutch and in English, with a way back; never
Django's English page or its debug URL list (DEBUG is off outside development)."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

TEXTS = {
    "nl": {
        404: "Deze pagina is er niet",
        500: "Er ging iets mis",
        "back": "Terug naar de startpagina",
    },
    "en": {
        404: "This page does not exist",
        500: "Something went wrong",
        "back": "Back to the start page",
    },
}


def _client(language: str, user=None) -> Client:
    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = language
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_missing_page_is_opbouws_404_in_the_chosen_language(users, language):
    cases = [(_client(language), "/bestaat-niet/")] + [
        (_client(language, users["worker"]), url) for url in ("/bestaat-niet/", "/logboek/999999/")
    ]
    for client, url in cases:
        response = client.get(url)
        assert response.status_code == 404
        page = response.content.decode()
        assert f'<html lang="{language}"' in page
        assert TEXTS[language][404] in page
        assert f'<a class="utrecht-link" href="/">{TEXTS[language]["back"]}</a>' in page
        assert "Using the URLconf" not in page and "requested resource" not in page
        assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_failing_page_is_opbouws_500_in_the_chosen_language(settings, users, language):
    settings.ROOT_URLCONF = "tests.core.error_urls"
    response = _client(language, users["worker"]).get("/kapot/")
    assert response.status_code == 500
    page = response.content.decode()
    assert TEXTS[language][500] in page
    assert TEXTS[language]["back"] in page
    assert "RuntimeError" not in page and "Traceback" not in page
