"""core: pagination, the query-string tag, service errors on forms, htmx partials, locale."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse

from opbouw.core.forms import add_service_errors
from opbouw.core.models import Tag, Theme
from opbouw.core.pagination import MAX_PAGE, page_number, paginate
from opbouw.core.taxonomy import TAGS, THEMES
from opbouw.people.models import Person
from tests.factories import client_for


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(None, 1), ("", 1), ("abc", 1), ("0", 1), ("-5", 1), ("3", 3), ("1e9", 1),
     (str(MAX_PAGE + 1), MAX_PAGE), ("99999999999999999999", MAX_PAGE)],
)  # fmt: skip
def test_page_number_is_always_a_sane_page(raw, expected):
    assert page_number(raw) == expected


def test_paginate_fetches_one_row_more_to_know_about_the_next_page(areas):
    Person.objects.bulk_create(Person(name=f"P{i:02d}", area=areas.buurt) for i in range(25))
    people = Person.objects.order_by("name")
    first = paginate(people, None, 10)
    assert [p.name for p in first.items] == [f"P{i:02d}" for i in range(10)]
    assert (first.has_next, first.has_previous, first.has_other_pages) == (True, False, True)
    last = paginate(people, "3", 10)
    assert [p.name for p in last.items] == [f"P{i:02d}" for i in range(20, 25)]
    assert (last.has_next, last.has_previous, last.previous_page_number) == (False, True, 2)
    exact = paginate(Person.objects.order_by("name")[:0], None, 10)
    assert (list(exact.items), exact.has_other_pages) == ([], False)


def test_paginate_on_an_exact_multiple_has_no_empty_next_page(areas):
    Person.objects.bulk_create(Person(name=f"P{i:02d}", area=areas.buurt) for i in range(20))
    assert not paginate(Person.objects.order_by("name"), "2", 10).has_next


def _query_with(query_string: str, **changes) -> str:
    request = RequestFactory().get("/logboek/?" + query_string)
    args = " ".join(f"{key}={value!r}" if value is not None else f"{key}=None"
                    for key, value in changes.items())  # fmt: skip
    template = Template("{% load opbouw %}{% query_with " + args + " %}")
    return template.render(Context({"request": request}))


def test_query_with_replaces_one_parameter_and_keeps_the_others():
    assert _query_with("soort=meeting&page=2", page=3) == "?soort=meeting&amp;page=3"
    assert _query_with("", page=2) == "?page=2"
    assert _query_with("page=2", page="") == "?"
    assert _query_with("thema=groen&page=4", page=None) == "?thema=groen"


class _Form(forms.Form):
    name = forms.CharField()
    area = forms.CharField()


def test_service_errors_land_at_the_field_they_name_or_above_the_form():
    form = _Form({"name": "x", "area": "y"})
    assert form.is_valid()
    add_service_errors(form, ValidationError({"area": "U werkt niet in dit gebied."}))
    assert form.errors["area"] == ["U werkt niet in dit gebied."]
    form = _Form({"name": "x", "area": "y"})
    form.is_valid()
    add_service_errors(form, ValidationError({"elsewhere": "Iets anders."}))
    assert form.non_field_errors() == ["Iets anders."]
    form = _Form({"name": "x", "area": "y"})
    form.is_valid()
    add_service_errors(form, ValidationError("Zonder veld."))
    assert form.non_field_errors() == ["Zonder veld."]


def test_taxonomies_are_seeded_by_the_migration(db):
    assert set(Theme.objects.values_list("slug", flat=True)) == {slug for slug, *_ in THEMES}
    assert set(Tag.objects.values_list("slug", flat=True)) == {slug for slug, *_ in TAGS}


def test_theme_and_tag_names_follow_the_language(db):
    from django.utils import translation

    theme = Theme.objects.get(slug="eenzaamheid")
    with translation.override("nl"):
        assert str(theme) == "eenzaamheid"
    with translation.override("en"):
        assert str(theme) == "loneliness"
        assert str(Tag.objects.get(slug="koken")) == "cooking"


# --- language: Dutch first, English when chosen -------------------------------------------------


def test_pages_are_dutch_even_when_the_browser_asks_for_english(db):
    response = Client().get(reverse("accounts:login"), headers={"Accept-Language": "en-GB,en"})
    assert response.status_code == 200
    assert '<html lang="nl"' in response.content.decode()
    assert "Inloggen" in response.content.decode()


def test_the_language_switcher_cookie_selects_english(db, settings):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert '<html lang="en"' in client.get(reverse("accounts:login")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert '<html lang="nl"' in client.get(reverse("accounts:login")).content.decode()


def test_set_language_by_post_switches_to_english(users):
    client = client_for(users["worker"])
    response = client.post(reverse("set_language"), {"language": "en", "next": "/logboek/"})
    assert response.status_code == 302
    assert '<html lang="en"' in client.get(reverse("journal:timeline")).content.decode()


# --- htmx: the same template, only the fragment ------------------------------------------


def test_htmx_request_gets_the_fragment_and_a_boosted_one_the_page(users):
    client = client_for(users["worker"])
    fragment = client.get(reverse("journal:timeline"), headers={"HX-Request": "true"})
    assert "<html" not in fragment.content.decode()
    assert 'id="timeline-results"' in fragment.content.decode()
    boosted = client.get(
        reverse("journal:timeline"), headers={"HX-Request": "true", "HX-Boosted": "true"}
    )
    assert "<html" in boosted.content.decode()
