"""Logging in and out, organisations."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from opbouw.accounts.models import Organisation
from opbouw.accounts.services import organisation_create
from tests.factories import OrganisationFactory, client_for

PASSWORD = "geheim-wachtwoord-123"  # tests.factories.UserFactory


def test_login_with_the_right_password_goes_to_the_start_page(users):
    """A resident needs no second factor: the password is enough."""
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": "resident", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("people:me")).status_code == 302  # to their own page


def test_login_follows_a_safe_next_but_not_an_outside_one(users):
    response = Client().post(
        reverse("accounts:login") + "?next=/gebieden/",
        {"username": "partner", "password": PASSWORD, "next": "/gebieden/"},
    )
    assert response["Location"] == "/gebieden/"
    response = Client().post(
        reverse("accounts:login"),
        {"username": "partner", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("home")


def test_login_with_a_wrong_password_is_refused_without_saying_which_part_is_wrong(users):
    client = Client()
    wrong_password = client.post(
        reverse("accounts:login"), {"username": "worker", "password": "fout"}
    )
    no_such_user = client.post(
        reverse("accounts:login"), {"username": "bestaat_niet", "password": "fout"}
    )
    assert wrong_password.status_code == no_such_user.status_code == 200
    assert wrong_password.context["form"].errors == no_such_user.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_inactive_user_cannot_log_in(users):
    worker = users["worker"]
    worker.is_active = False
    worker.save()
    client = Client()
    client.post(reverse("accounts:login"), {"username": "worker", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post_and_ends_the_session(users):
    client = client_for(users["worker"])
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.get(reverse("journal:today")).status_code == 200
    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == reverse("accounts:login")
    assert client.get(reverse("journal:today")).status_code == 302


def test_session_ends_with_the_working_day_and_the_browser(settings):
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_HTTPONLY


def test_passwords_are_validated_for_length(users):
    from django.contrib.auth.password_validation import validate_password

    with pytest.raises(ValidationError):
        validate_password("kort1", users["worker"])
    validate_password("een-lang-genoeg-wachtwoord-7", users["worker"])


def test_organisation_create_cleans_and_validates(areas):
    organisation = organisation_create(
        name="  Welbions  ", kind=Organisation.Kind.HOUSING, area_id=areas.wijk.pk
    )
    assert organisation.name == "Welbions"
    assert organisation.area == areas.wijk
    with pytest.raises(ValidationError) as info:
        organisation_create(name="Iets", kind="bank", website="geen url")
    assert {"kind", "website"} <= set(info.value.message_dict)
    assert Organisation.objects.count() == 1


def test_organisation_pages(users, areas):
    OrganisationFactory(name="Wijkteam Berflo Es", area=areas.wijk)
    worker = client_for(users["worker"])
    assert "Wijkteam Berflo Es" in worker.get(reverse("people:organisation_list")).content.decode()
    response = worker.post(
        reverse("people:organisation_create"),
        {
            "name": "GGD Twente",
            "kind": Organisation.Kind.HEALTH,
            "area": areas.wijk.pk,
            "website": "ggdtwente.nl",
        },
    )
    assert response["Location"] == reverse("people:organisation_list")
    ggd = Organisation.objects.get(name="GGD Twente")
    assert ggd.area == areas.wijk
    assert ggd.website == "https://ggdtwente.nl"  # a typed-in host name gets https, not http
    refused = worker.post(
        reverse("people:organisation_create"),
        {"name": "Elders", "kind": Organisation.Kind.OTHER, "area": areas.other_wijk.pk},
    )
    assert refused.status_code == 400
    assert "area" in refused.context["form"].errors
    assert not Organisation.objects.filter(name="Elders").exists()
