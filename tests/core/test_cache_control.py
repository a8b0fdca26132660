"""No personal page is kept by a browser or a proxy (issue 11, item 5).

Walks every GET page of the authorization matrix, for every role that may open it: each answer
is ``Cache-Control: private, no-store`` unless its view opted into caching explicitly (OPT_IN),
and even then ``private``. The asset map's data keeps its ETag and answers 304 when unchanged.
"""

import pytest
from django.urls import reverse

from tests.test_authorization_matrix import MATRIX, ROLES, _client, _kwargs, world  # noqa: F401

pytestmark = pytest.mark.django_db

# Views that chose their own caching, and why.
OPT_IN = {
    "assets:data": "private, no-cache",  # revalidated each visit through its ETag (a 304)
    "assets:geojson": "private, no-cache",
    "assets:boundaries": "private, max-age=300",  # CBS area boundaries, nothing personal
    "dialogue:qr": "private, max-age=3600",  # the invitation's QR code
}


def test_every_page_of_the_matrix_is_private_and_not_stored(users, world):  # noqa: F811
    problems = []
    checked = 0
    for name, rule in sorted(MATRIX.items()):
        if rule.post_only:
            continue
        url = reverse(name, kwargs=_kwargs(rule.obj, world["own"][rule.obj] if rule.obj else None))
        for role in ROLES:
            if role == "anonymous" or rule.expect.get(role) != 200:
                continue
            if role == "other_worker" and rule.obj and rule.scoped:
                continue
            response = _client(users, role).get(url)
            if response.status_code != 200:
                continue  # the matrix test reports that
            checked += 1
            cache = response.get("Cache-Control", "")
            expected = OPT_IN.get(name)
            if expected is not None:
                if cache != expected:
                    problems.append(f"{role} {url}: {cache!r}, expected {expected!r}")
            elif "no-store" not in cache:
                problems.append(f"{role} {url}: Cache-Control {cache!r}")
    assert checked > 100
    assert not problems, "\n".join(problems)


def test_redirects_and_anonymous_pages_are_not_stored_either(users, world):  # noqa: F811
    anonymous = _client(users, "anonymous")
    for url in ("/", "/logboek/", "/account/inloggen/"):
        assert "no-store" in anonymous.get(url).get("Cache-Control", "")


def test_the_asset_maps_data_keeps_its_etag_and_answers_304(users, world):  # noqa: F811
    client = _client(users, "worker")
    url = reverse("assets:data")
    first = client.get(url)
    assert first.status_code == 200
    assert first["Cache-Control"] == "private, no-cache"
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["Cache-Control"] == "private, no-cache"


def test_static_files_keep_their_own_caching():
    """WhiteNoise answers them before the no-store rule (served from the finders here)."""
    from django.test import Client, override_settings

    with override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True):
        response = Client().get("/static/opbouw/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
