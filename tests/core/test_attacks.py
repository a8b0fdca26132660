"""Attacks on the main forms: a POST without CSRF token changes nothing; arbitrary Unicode
in every text field gives a page (never a 500) and either a complete write or none at all.

"Nothing changed" is checked on the whole database: the row count of every table.
"""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from opbouw.assets import services as asset_services
from opbouw.assets.models import Asset
from opbouw.core.backup import row_counts
from opbouw.dialogue import services as dialogue_services
from opbouw.dialogue.models import Statement
from opbouw.journal import services as journal_services
from opbouw.journal.models import JournalEntry
from opbouw.people import services as people_services
from opbouw.people.models import Person
from tests.factories import RECORDED, PersonFactory

HYPOTHESIS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Everything a keyboard, a paste or a hostile script can send (no lone surrogates: a browser
# cannot encode those as UTF-8), NUL and control characters included.
ANY_TEXT = st.text(max_size=300)
ANY_SHORT = st.text(max_size=120)
OK_STATUSES = {200, 302, 303, 400}


@pytest.fixture
def conversation(worker, areas):
    return dialogue_services.conversation_create(
        created_by=worker, area=areas.wijk, question="Wat maakt de buurt groener?",
        seed_statements=["Meer bomen."],
    )  # fmt: skip


@pytest.fixture
def person(areas):
    return PersonFactory(area=areas.buurt, name="Vaste Bewoner")


def _forms(areas, person, conversation) -> dict[str, tuple[str, dict]]:
    today = timezone.localdate().isoformat()
    return {
        "journal quick entry": (
            reverse("journal:create"),
            {"kind": "contact", "occurred_on": today, "area": areas.buurt.pk,
             "people": [person.pk], "note": "Zonder token."},
        ),
        "person form": (reverse("people:create"), {"name": "Zonder Token", "area": areas.buurt.pk}),
        "person edit": (
            reverse("people:edit", args=[person.pk]),
            {"name": "Overschreven", "area": areas.buurt.pk},
        ),
        "asset form": (
            reverse("assets:create"),
            {"kind": "thing", "name": "Bakfiets", "area": areas.buurt.pk,
             "latitude": "52.265", "longitude": "6.785"},
        ),
        "conversation": (
            reverse("dialogue:create"),
            {"question": "Zonder token?", "area": areas.wijk.pk},
        ),
        "statement submit": (
            reverse("dialogue:statement_submit", args=[conversation.invite_token]),
            {"text": "Een stelling zonder token."},
        ),
        "consent withdraw": (reverse("people:consent_withdraw", args=[999_999]), {}),
        "password reset": (reverse("accounts:password_reset"), {"email": "worker@example.nl"}),
        "logout": (reverse("accounts:logout"), {}),
    }  # fmt: skip


FORM_NAMES = [
    "journal quick entry", "person form", "person edit", "asset form", "conversation",
    "statement submit", "consent withdraw", "password reset", "logout",
]  # fmt: skip


@pytest.mark.parametrize("name", FORM_NAMES)
def test_a_post_without_csrf_token_is_refused_and_changes_nothing(
    name, users, worker, areas, person, conversation
):
    url, data = _forms(areas, person, conversation)[name]
    client = Client(enforce_csrf_checks=True)
    client.force_login(worker)
    before = row_counts()
    response = client.post(url, data)
    assert response.status_code == 403, name
    assert row_counts() == before, name
    person.refresh_from_db()
    assert person.name == "Vaste Bewoner"
    # Still logged in: a forged logout does not end the session either.
    assert client.get(reverse("journal:today")).status_code == 200


def test_the_login_form_needs_a_csrf_token_too(users):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("accounts:login"), {"username": "resident", "password": "geheim-wachtwoord-123"}
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


# --- arbitrary Unicode through the forms ---------------------------------------------------------


# The audit trail is a log, not the data: a refused form that shows named people again (the
# quick entry's chosen participants) records that view, as every page naming a person does.
NOT_DATA = {"audit_auditevent"}


def _unchanged_or_one_more(before: dict[str, int], table: str, response) -> None:
    after = row_counts()
    before = {name: count for name, count in before.items() if name not in NOT_DATA}
    after = {name: count for name, count in after.items() if name not in NOT_DATA}
    assert response.status_code in OK_STATUSES, response.status_code
    if response.status_code == 400:
        assert after == before, "a refused form wrote something"
    else:
        assert after[table] == before[table] + 1


@HYPOTHESIS
@given(note=ANY_TEXT, new_people=ANY_SHORT)
def test_quick_entry_takes_any_text(worker_client, areas, person, note, new_people):
    before = row_counts()
    response = worker_client.post(
        reverse("journal:create"),
        {"kind": "contact", "occurred_on": timezone.localdate().isoformat(), "area": areas.buurt.pk,
         "people": [person.pk], "new_people": new_people, "note": note,
         "new_people_basis": "consent",
         "new_people_informed_on": timezone.localdate().isoformat()},
    )  # fmt: skip
    _unchanged_or_one_more(before, "journal_journalentry", response)
    if response.status_code == 302:
        entry = JournalEntry.objects.order_by("-pk").first()
        assert entry is not None and entry.note == note.strip()


@HYPOTHESIS
@given(name=ANY_SHORT, gifts=ANY_TEXT, phone=ANY_SHORT)
def test_person_form_takes_any_text(worker_client, areas, name, gifts, phone):
    before = row_counts()
    response = worker_client.post(
        reverse("people:create"),
        {
            "name": name,
            "area": areas.buurt.pk,
            "gifts_text": gifts,
            "phone": phone,
            "record_basis": "public_task",
            "informed_on": timezone.localdate().isoformat(),
        },
    )
    _unchanged_or_one_more(before, "people_person", response)


@HYPOTHESIS
@given(name=ANY_SHORT, description=ANY_TEXT, latitude=ANY_SHORT)
def test_asset_form_takes_any_text(worker_client, areas, name, description, latitude):
    before = row_counts()
    response = worker_client.post(
        reverse("assets:create"),
        {"kind": "thing", "name": name, "area": areas.buurt.pk, "description": description,
         "latitude": latitude, "longitude": "6.785"},
    )  # fmt: skip
    _unchanged_or_one_more(before, "assets_asset", response)


@HYPOTHESIS
@given(text=ANY_TEXT)
def test_statement_submit_takes_any_text(conversation, text):
    client = Client()  # a resident without an account, through the invitation
    before = row_counts()
    response = client.post(
        reverse("dialogue:statement_submit", args=[conversation.invite_token]), {"text": text}
    )
    assert response.status_code in OK_STATUSES
    after = row_counts()
    if response.status_code == 400:
        assert after["dialogue_statement"] == before["dialogue_statement"]
    else:
        assert after["dialogue_statement"] == before["dialogue_statement"] + 1


# --- and through the services directly (a form can be bypassed) ---------------------------


@HYPOTHESIS
@given(name=ANY_SHORT, note=ANY_TEXT, asset_name=ANY_SHORT, statement=ANY_TEXT)
# NUL: the forms refuse it, model fields do not, PostgreSQL cannot store it.
@example(name="Jan\x00", note="Notitie \x00", asset_name="\x00", statement="Stelling\x00 lang")
@example(name="  ", note="", asset_name="\u202e\u200b", statement="<script>alert(1)</script>")
def test_services_take_any_text_or_refuse_it_cleanly(
    worker, areas, conversation, name, note, asset_name, statement
):
    """A service either writes completely or raises ValidationError, writing nothing."""
    attempts = [
        ("people_person", lambda: people_services.person_create(**RECORDED,
            created_by=worker, name=name, area=areas.buurt)),
        ("journal_journalentry", lambda: journal_services.entry_create(
            author=worker, kind="contact", occurred_on=timezone.localdate(), area=areas.buurt,
            note=note)),
        ("assets_asset", lambda: asset_services.asset_create(
            created_by=worker, kind="thing", name=asset_name, area=areas.buurt,
            latitude=52.265, longitude=6.785)),
        ("dialogue_statement", lambda: dialogue_services.statement_submit(
            conversation=conversation,
            voter=dialogue_services.Voter(user=None, key="hypothese-0123456789abcdef"),
            text=statement)),
    ]  # fmt: skip
    for table, attempt in attempts:
        before = row_counts()
        try:
            attempt()
        except ValidationError:
            assert row_counts() == before, f"{table}: a refused write left rows behind"
        else:
            assert row_counts()[table] == before[table] + 1, table
    assert Person.objects.filter(name="").count() == 0
    assert Asset.objects.filter(name="").count() == 0
    assert Statement.objects.filter(text="").count() == 0
