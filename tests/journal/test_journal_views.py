"""Journal pages: the quick-entry form, timelines, search by POST, today, follow-ups, signals."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from opbouw.core.models import Theme
from opbouw.journal.models import EntryKind, FollowUp, JournalEntry, Signal
from opbouw.people.models import Person
from tests.factories import (
    FollowUpFactory,
    GroupFactory,
    JournalEntryFactory,
    PersonFactory,
    SignalFactory,
    client_for,
)

TODAY = timezone.localdate


def _entry_data(area, **overrides):
    data = {
        "kind": EntryKind.CONTACT,
        "occurred_on": TODAY().isoformat(),
        "area": area.pk,
        "note": "Gesprek bij de voordeur over de buurtmaaltijd.",
    }
    data.update(overrides)
    return data


def _stored():
    return (
        JournalEntry.objects.count(),
        Person.objects.count(),
        FollowUp.objects.count(),
        Signal.objects.count(),
    )


def _articles(response) -> int:
    """How many entries the page shows (from the context: the markup belongs to the designers)."""
    return len(response.context["page"].items)


def _urls_in(html: str) -> list[str]:
    return re.findall(r'(?:href|action|hx-get|hx-post|src)="([^"]*)"', html)


# --- creating an entry ----------------------------------------------------------------


def test_create_with_two_participants_and_a_theme_shows_on_the_timeline(
    worker_client, worker, areas
):
    ayse = PersonFactory(name="Ayşe Demir", area=areas.buurt)
    bram = PersonFactory(name="Bram de Vries", area=areas.buurt2)
    theme = Theme.objects.get(slug="ontmoeting")
    response = worker_client.post(
        reverse("journal:create"),
        _entry_data(areas.buurt, people=[ayse.pk, bram.pk], themes=[theme.pk]),
    )
    entry = JournalEntry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("journal:detail", args=[entry.pk])
    assert entry.author == worker
    assert set(entry.people.all()) == {ayse, bram}
    assert list(entry.themes.all()) == [theme]

    detail = worker_client.get(response["Location"]).content.decode()
    assert "De logboekregel is opgeslagen." in detail
    assert "Ayşe Demir" in detail
    timeline = worker_client.get(reverse("journal:timeline")).content.decode()
    assert "buurtmaaltijd" in timeline
    assert "Ayşe Demir" in timeline
    assert "Bram de Vries" in timeline
    assert theme.name_nl in timeline


def test_create_with_new_contacts_typed_in_and_chosen_in_the_autocomplete(worker_client, areas):
    response = worker_client.post(
        reverse("journal:create"),
        _entry_data(
            areas.buurt2,
            new_people="Karin Nieuw, Omar Nieuw",
            new_person=["Lina Nieuw"],
            new_people_basis="consent",
            new_people_informed_on=TODAY().isoformat(),
        ),
    )
    assert response.status_code == 302
    entry = JournalEntry.objects.get()
    names = sorted(p.name for p in entry.people.all())
    assert names == ["Karin Nieuw", "Lina Nieuw", "Omar Nieuw"]
    assert set(entry.people.values_list("area", flat=True)) == {areas.buurt2.pk}


def test_create_with_follow_up_and_signal(worker_client, worker, areas, organisation):
    due = TODAY() + dt.timedelta(days=7)
    worker_client.post(
        reverse("journal:create"),
        _entry_data(
            areas.buurt,
            follow_up="Terugbellen",
            follow_up_due=due.isoformat(),
            signal_organisation=organisation.pk,
            signal_description="Schimmel in de badkamer",
        ),
    )
    entry = JournalEntry.objects.get()
    assert entry.follow_ups.get().due_on == due
    assert entry.follow_ups.get().assignee == worker
    assert entry.signals.get().organisation == organisation


def test_create_form_remembers_the_last_area(worker_client, areas):
    worker_client.post(reverse("journal:create"), _entry_data(areas.buurt2))
    form = worker_client.get(reverse("journal:create")).context["form"]
    assert form["area"].value() == areas.buurt2.pk


def test_create_form_offers_recent_contacts_without_javascript(worker_client, worker, areas):
    recent = PersonFactory(name="Recent Contact", area=areas.buurt)
    JournalEntryFactory(area=areas.buurt, author=worker, people=[recent])
    content = worker_client.get(reverse("journal:create")).content.decode()
    assert 'id="id_people_fallback"' in content
    assert f'<option value="{recent.pk}">Recent Contact</option>' in content


# --- bad input: the error is at the field, status 400, nothing stored ------------------


def test_unknown_person_id_is_an_error_at_the_people_field(worker_client, areas):
    known = PersonFactory(name="Bekend Persoon", area=areas.buurt)
    before = _stored()
    response = worker_client.post(
        reverse("journal:create"),
        _entry_data(areas.buurt, people=[known.pk, 999999], new_person=["Karin Nieuw"]),
    )
    assert response.status_code == 400
    assert _stored() == before
    assert "people" in response.context["form"].errors
    content = response.content.decode()
    error = re.search(r'<div[^>]*id="id_people_error"[^>]*>(.*?)</div>', content, re.S)
    assert error is not None
    assert "999999" in error.group(1)
    # What was chosen is still there to correct, not lost.
    assert f'<input type="hidden" name="people" value="{known.pk}">' in content
    assert '<input type="hidden" name="new_person" value="Karin Nieuw">' in content


def test_person_from_another_area_is_unknown_to_the_form(worker_client, areas):
    outsider = PersonFactory(area=areas.other_buurt)
    before = _stored()
    response = worker_client.post(
        reverse("journal:create"), _entry_data(areas.buurt, people=[outsider.pk])
    )
    assert response.status_code == 400
    assert "people" in response.context["form"].errors
    assert _stored() == before


def test_group_from_another_area_is_unknown_to_the_form(worker_client, areas):
    group = GroupFactory(area=areas.other_wijk)
    before = _stored()
    response = worker_client.post(
        reverse("journal:create"), _entry_data(areas.buurt, groups=[group.pk])
    )
    assert response.status_code == 400
    assert "groups" in response.context["form"].errors
    assert _stored() == before


def test_area_outside_the_workers_areas_is_an_error_at_the_area_field(worker_client, areas):
    before = _stored()
    response = worker_client.post(reverse("journal:create"), _entry_data(areas.other_buurt))
    assert response.status_code == 400
    assert "area" in response.context["form"].errors
    assert _stored() == before


def test_date_more_than_a_year_ahead_is_an_error_at_the_date_field(worker_client, areas):
    before = _stored()
    response = worker_client.post(
        reverse("journal:create"),
        _entry_data(areas.buurt, occurred_on=(TODAY() + dt.timedelta(days=400)).isoformat()),
    )
    assert response.status_code == 400
    assert _stored() == before
    assert "jaar in de toekomst" in response.context["form"].errors["occurred_on"][0]
    assert 'id="id_occurred_on_error"' in response.content.decode()


def test_follow_up_without_due_date_is_an_error_at_the_due_date(worker_client, areas):
    before = _stored()
    response = worker_client.post(
        reverse("journal:create"),
        _entry_data(areas.buurt, follow_up="Terugbellen", new_people="Karin Nieuw"),
    )
    assert response.status_code == 400
    assert _stored() == before
    assert "follow_up_due" in response.context["form"].errors
    assert 'id="id_follow_up_due_error"' in response.content.decode()


def test_signal_without_organisation_is_an_error_at_the_organisation(worker_client, areas):
    before = _stored()
    response = worker_client.post(
        reverse("journal:create"), _entry_data(areas.buurt, signal_description="Lekkage")
    )
    assert response.status_code == 400
    assert "signal_organisation" in response.context["form"].errors
    assert _stored() == before


def test_oversized_note_is_an_error_at_the_note(worker_client, areas, settings):
    before = _stored()
    response = worker_client.post(
        reverse("journal:create"),
        _entry_data(areas.buurt, note="x" * (settings.OPBOUW_MAX_NOTE_LENGTH + 1)),
    )
    assert response.status_code == 400
    assert "note" in response.context["form"].errors
    assert _stored() == before


@pytest.mark.parametrize("value", ["abc", "1.5", "", "-"])
def test_malformed_person_id_is_an_error_not_a_crash(worker_client, areas, value):
    before = _stored()
    response = worker_client.post(
        reverse("journal:create"), _entry_data(areas.buurt, people=[value])
    )
    assert response.status_code == 400
    assert "people" in response.context["form"].errors
    assert _stored() == before


# --- editing -------------------------------------------------------------------------------


def test_edit_entry(worker_client, worker, areas):
    entry = JournalEntryFactory(area=areas.buurt, author=worker, note="Eerste versie.")
    person = PersonFactory(area=areas.buurt)
    response = worker_client.post(
        reverse("journal:edit", args=[entry.pk]),
        _entry_data(areas.buurt2, note="Tweede versie.", people=[person.pk]),
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.note == "Tweede versie."
    assert entry.area == areas.buurt2
    assert list(entry.people.all()) == [person]


def test_a_colleague_in_the_same_area_may_edit(users, areas):
    entry = JournalEntryFactory(area=areas.buurt, author=users["worker"])
    response = client_for(users["coordinator"]).post(
        reverse("journal:edit", args=[entry.pk]), _entry_data(areas.buurt, note="Aangevuld.")
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.note == "Aangevuld."


# --- timelines -----------------------------------------------------------------------------


@pytest.fixture
def journal(worker, other_worker, areas):
    ayse = PersonFactory(name="Ayşe Demir", area=areas.buurt)
    group = GroupFactory(area=areas.wijk, name="Moestuinclub")
    groen = Theme.objects.get(slug="groen")
    return {
        "ayse": ayse,
        "group": group,
        "groen": groen,
        "with_ayse": JournalEntryFactory(
            area=areas.buurt, author=worker, people=[ayse], note="Ayşe wil een wasmachine delen."
        ),
        "with_group": JournalEntryFactory(
            area=areas.buurt2, author=worker, groups=[group], note="Moestuinclub vergadert."
        ),
        "with_theme": JournalEntryFactory(
            area=areas.buurt2, author=worker, themes=[groen], note="Boomspiegels geadopteerd."
        ),
        "elsewhere": JournalEntryFactory(
            area=areas.other_buurt, author=other_worker, note="Wasmachine in de andere wijk."
        ),
    }


def _notes(response) -> set[str]:
    content = response.content.decode()
    return {
        note
        for note in (
            "Ayşe wil een wasmachine delen.",
            "Moestuinclub vergadert.",
            "Boomspiegels geadopteerd.",
            "Wasmachine in de andere wijk.",
        )
        if note in content
    }


def test_whole_timeline_shows_the_own_areas_only(worker_client, journal):
    assert _notes(worker_client.get(reverse("journal:timeline"))) == {
        "Ayşe wil een wasmachine delen.",
        "Moestuinclub vergadert.",
        "Boomspiegels geadopteerd.",
    }


def test_person_timeline(worker_client, journal):
    response = worker_client.get(reverse("journal:person", args=[journal["ayse"].pk]))
    assert _notes(response) == {"Ayşe wil een wasmachine delen."}
    assert "Logboek met Ayşe Demir" in response.content.decode()


def test_group_timeline(worker_client, journal):
    response = worker_client.get(reverse("journal:group", args=[journal["group"].pk]))
    assert _notes(response) == {"Moestuinclub vergadert."}


def test_area_timeline_includes_the_buurten_below(worker_client, journal, areas):
    wijk = worker_client.get(reverse("journal:area", args=[areas.wijk.code]))
    assert len(_notes(wijk)) == 3
    buurt2 = worker_client.get(reverse("journal:area", args=[areas.buurt2.code]))
    assert _notes(buurt2) == {"Moestuinclub vergadert.", "Boomspiegels geadopteerd."}


def test_theme_timeline_and_theme_filter(worker_client, journal):
    response = worker_client.get(reverse("journal:theme", args=["groen"]))
    assert _notes(response) == {"Boomspiegels geadopteerd."}
    filtered = worker_client.get(reverse("journal:timeline"), {"thema": "groen"})
    assert _notes(filtered) == {"Boomspiegels geadopteerd."}
    unknown = worker_client.get(reverse("journal:timeline"), {"thema": "bestaat-niet"})
    assert _notes(unknown) == set()


def test_timeline_filters_by_kind_and_dates(worker_client, worker, areas):
    JournalEntryFactory(
        area=areas.buurt,
        author=worker,
        kind=EntryKind.MEETING,
        note="Bijeenkomst.",
        occurred_on=TODAY() - dt.timedelta(days=10),
    )
    JournalEntryFactory(area=areas.buurt, author=worker, kind=EntryKind.CONTACT, note="Contact.")
    url = reverse("journal:timeline")
    by_kind = worker_client.get(url, {"soort": EntryKind.MEETING}).content.decode()
    assert "Bijeenkomst." in by_kind and "Contact." not in by_kind
    recent = worker_client.get(url, {"van": (TODAY() - dt.timedelta(days=2)).isoformat()})
    assert "Contact." in recent.content.decode()
    assert "Bijeenkomst." not in recent.content.decode()
    # Nonsense filters are ignored, not errors.
    assert worker_client.get(url, {"van": "2024-13-45", "soort": "x"}).status_code == 200


def test_embedded_person_timeline_answers_htmx_with_the_entries_only(worker_client, journal):
    response = worker_client.get(
        reverse("journal:person", args=[journal["ayse"].pk]),
        {"embed": "1"},
        headers={"HX-Request": "true"},
    )
    content = response.content.decode()
    assert "Ayşe wil een wasmachine delen." in content
    assert "<html" not in content


# --- full-text search by POST ----------------------------------------------------------------


def test_search_finds_a_word_in_the_note_and_not_other_words(worker_client, journal):
    url = reverse("journal:timeline")
    assert _notes(worker_client.post(url, {"q": "wasmachine"})) == {
        "Ayşe wil een wasmachine delen."
    }
    assert _notes(worker_client.post(url, {"q": "boomspiegels"})) == {"Boomspiegels geadopteerd."}
    assert _notes(worker_client.post(url, {"q": "fietsenstalling"})) == set()


def test_search_needs_every_word(worker_client, journal):
    url = reverse("journal:timeline")
    assert _notes(worker_client.post(url, {"q": "wasmachine delen"})) == {
        "Ayşe wil een wasmachine delen."
    }
    assert _notes(worker_client.post(url, {"q": "wasmachine boomspiegels"})) == set()


def test_search_matches_word_prefixes(worker_client, journal):
    url = reverse("journal:timeline")
    assert _notes(worker_client.post(url, {"q": "wasmach"})) == {"Ayşe wil een wasmachine delen."}
    assert _notes(worker_client.post(url, {"q": "boomspieg"})) == {"Boomspiegels geadopteerd."}


def test_search_ignores_diacritics_and_case(worker_client, worker, areas):
    JournalEntryFactory(area=areas.buurt, author=worker, note="Gesprek over het CAFÉ op de hoek.")
    assert _articles(worker_client.post(reverse("journal:timeline"), {"q": "cafe"})) == 1


def test_search_stays_inside_the_scope_of_the_timeline(worker_client, journal):
    person_url = reverse("journal:person", args=[journal["ayse"].pk])
    assert _notes(worker_client.post(person_url, {"q": "moestuinclub"})) == set()
    assert _notes(worker_client.post(person_url, {"q": "wasmachine"})) == {
        "Ayşe wil een wasmachine delen."
    }


def test_other_workers_search_does_not_reach_into_this_wijk(other_worker, journal):
    response = client_for(other_worker).post(reverse("journal:timeline"), {"q": "wasmachine"})
    assert _notes(response) == {"Wasmachine in de andere wijk."}


@pytest.mark.parametrize(
    "query", ['"', "wasmachine OR boom*", "NEAR(a b)", "'; DROP TABLE x; --", "a:b", "(", "-", "*"]
)
def test_search_syntax_from_users_never_breaks_the_page(worker_client, journal, query):
    response = worker_client.post(reverse("journal:timeline"), {"q": query})
    assert response.status_code == 200
    assert "Wasmachine in de andere wijk." not in response.content.decode()


def test_search_word_never_appears_in_a_url(worker_client, worker, areas):
    JournalEntryFactory.create_batch(30, area=areas.buurt, author=worker, note="Over de zandbak.")
    response = worker_client.post(reverse("journal:timeline"), {"q": "zandbak"})
    content = response.content.decode()
    assert response.request["PATH_INFO"] == reverse("journal:timeline")
    assert "zandbak" not in response.request["QUERY_STRING"]
    assert _articles(response) == 25
    for url in _urls_in(content):
        assert "zandbak" not in url, url
    # The next page of results is asked for by POST, with the word in the body.
    forms = re.findall(r"<form\b([^>]*)>(.*?)</form>", content, re.S)
    pagination = [(attrs, body) for attrs, body in forms if 'name="page"' in body]
    assert len(pagination) == 1
    attrs, body = pagination[0]
    assert 'method="post"' in attrs
    assert 'name="q" value="zandbak"' in body
    assert 'name="page" value="2"' in body


def test_search_results_page_two_by_post(worker_client, worker, areas):
    JournalEntryFactory.create_batch(30, area=areas.buurt, author=worker, note="Over de zandbak.")
    JournalEntryFactory(area=areas.buurt, author=worker, note="Iets anders.")
    response = worker_client.post(reverse("journal:timeline"), {"q": "zandbak", "page": "2"})
    assert _articles(response) == 5


def test_a_search_word_in_the_url_is_ignored(worker_client, journal):
    response = worker_client.get(reverse("journal:timeline"), {"q": "boomspiegels"})
    assert len(_notes(response)) == 3


def test_htmx_search_answers_with_the_results_fragment(worker_client, journal):
    response = worker_client.post(
        reverse("journal:timeline"), {"q": "wasmachine"}, headers={"HX-Request": "true"}
    )
    content = response.content.decode()
    assert 'id="timeline-results"' in content
    assert "<html" not in content
    assert "Ayşe wil een wasmachine delen." in content


# --- pagination ------------------------------------------------------------------------------


def test_timeline_pages_by_25_newest_first(worker_client, worker, areas):
    start = TODAY() - dt.timedelta(days=40)
    JournalEntry.objects.bulk_create(
        JournalEntry(
            kind=EntryKind.CONTACT,
            occurred_on=start + dt.timedelta(days=i),
            area=areas.buurt,
            author=worker,
            note=f"Regel {i:02d} klaar.",
        )
        for i in range(30)
    )
    url = reverse("journal:timeline")
    first = worker_client.get(url)
    assert _articles(first) == 25
    content = first.content.decode()
    assert "Regel 29 klaar." in content and "Regel 05 klaar." in content
    assert "Regel 04 klaar." not in content
    assert 'href="?page=2"' in content
    second = worker_client.get(url, {"page": 2})
    assert _articles(second) == 5
    assert "Regel 04 klaar." in second.content.decode()
    assert 'href="?page=3"' not in second.content.decode()
    # An impossible page number is the first page, not an error.
    assert _articles(worker_client.get(url, {"page": "abc"})) == 25
    assert _articles(worker_client.get(url, {"page": "99"})) == 0


def test_pagination_keeps_the_filters(worker_client, worker, areas):
    JournalEntryFactory.create_batch(
        26, area=areas.buurt, author=worker, kind=EntryKind.MEETING, note="Bijeenkomst."
    )
    content = worker_client.get(reverse("journal:timeline"), {"soort": "meeting"}).content
    assert 'href="?soort=meeting&amp;page=2"' in content.decode()


# --- today, follow-ups and signals ----------------------------------------------------------


def test_today_shows_my_open_follow_ups_and_open_signals(users, worker, areas, organisation):
    mine = JournalEntryFactory(area=areas.buurt, author=worker, note="Mijn eigen regel.")
    FollowUpFactory(entry=mine, description="Open: terugbellen")
    FollowUpFactory(entry=mine, description="Klaar: formulier", done_on=TODAY())
    SignalFactory(entry=mine, organisation=organisation, description="Open signaal: lekkage")
    SignalFactory(
        entry=mine,
        organisation=organisation,
        description="Afgehandeld signaal",
        status=Signal.Status.RESOLVED,
    )
    colleague = JournalEntryFactory(area=areas.buurt, author=users["coordinator"])
    FollowUpFactory(entry=colleague, description="Van een collega")
    SignalFactory(entry=colleague, description="Signaal van een collega")

    content = client_for(worker).get(reverse("journal:today")).content.decode()
    assert "Open: terugbellen" in content
    assert "Klaar: formulier" not in content
    assert "Open signaal: lekkage" in content
    assert "Afgehandeld signaal" not in content
    assert "Van een collega" not in content
    assert "Signaal van een collega" not in content
    assert "Mijn eigen regel." in content


def test_today_for_a_new_worker_says_there_is_nothing_yet(worker_client):
    content = worker_client.get(reverse("journal:today")).content.decode()
    assert "Geen open vervolgacties." in content
    assert "Geen open signalen." in content
    assert "U heeft nog niets vastgelegd." in content


def test_follow_up_done_by_post(worker_client, worker, areas):
    follow_up = FollowUpFactory(entry=JournalEntryFactory(area=areas.buurt, author=worker))
    response = worker_client.post(reverse("journal:follow_up_done", args=[follow_up.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("journal:today")
    follow_up.refresh_from_db()
    assert follow_up.done_on == TODAY()
    assert "Afgerond" not in worker_client.get(reverse("journal:today")).content.decode()


def test_follow_up_done_returns_to_a_safe_next_page_only(worker_client, worker, areas):
    entry = JournalEntryFactory(area=areas.buurt, author=worker)
    one, two = FollowUpFactory.create_batch(2, entry=entry)
    detail = reverse("journal:detail", args=[entry.pk])
    response = worker_client.post(
        reverse("journal:follow_up_done", args=[one.pk]), {"next": detail}
    )
    assert response["Location"] == detail
    for outside in ("https://evil.example/", "//evil.example/", "/\\evil.example/"):
        response = worker_client.post(
            reverse("journal:follow_up_done", args=[two.pk]), {"next": outside}
        )
        assert response["Location"] == reverse("journal:today"), outside


def test_follow_up_done_with_htmx_answers_with_the_list_item(worker_client, worker, areas):
    follow_up = FollowUpFactory(
        entry=JournalEntryFactory(area=areas.buurt, author=worker), description="Langsgaan"
    )
    response = worker_client.post(
        reverse("journal:follow_up_done", args=[follow_up.pk]), headers={"HX-Request": "true"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert f'id="follow-up-{follow_up.pk}"' in content
    assert "opbouw-list__item--done" in content
    assert "<html" not in content


def test_follow_up_of_another_area_cannot_be_closed(worker_client, other_worker, areas):
    follow_up = FollowUpFactory(
        entry=JournalEntryFactory(area=areas.other_buurt, author=other_worker)
    )
    assert (
        worker_client.post(reverse("journal:follow_up_done", args=[follow_up.pk])).status_code
        == 404
    )
    follow_up.refresh_from_db()
    assert follow_up.done_on is None


def test_signal_status_by_post(worker_client, worker, areas):
    signal = SignalFactory(entry=JournalEntryFactory(area=areas.buurt, author=worker))
    response = worker_client.post(
        reverse("journal:signal_status", args=[signal.pk]),
        {"status": Signal.Status.FORWARDED, "note": "Gemaild naar het wijkteam"},
    )
    assert response["Location"] == reverse("journal:detail", args=[signal.entry_id])
    signal.refresh_from_db()
    assert signal.status == Signal.Status.FORWARDED
    assert signal.status_note == "Gemaild naar het wijkteam"
    detail = worker_client.get(response["Location"]).content.decode()
    assert "Gemaild naar het wijkteam" in detail


def test_signal_status_with_an_unknown_status_changes_nothing(worker_client, worker, areas):
    signal = SignalFactory(entry=JournalEntryFactory(area=areas.buurt, author=worker))
    response = worker_client.post(
        reverse("journal:signal_status", args=[signal.pk]), {"status": "vergeten"}, follow=True
    )
    signal.refresh_from_db()
    assert signal.status == Signal.Status.OPEN
    html = response.content.decode()
    # The refusal is shown at the field of this signal's form, with the error summary.
    assert f'id="id_signal{signal.pk}_status_error"' in html
    assert "data-error-summary" in html


def test_entry_detail_shows_follow_ups_signals_and_links(worker_client, worker, areas, journal):
    entry = journal["with_ayse"]
    FollowUpFactory(entry=entry, description="Wasmachine ophalen")
    SignalFactory(entry=entry, description="Melding bij de corporatie")
    content = worker_client.get(reverse("journal:detail", args=[entry.pk])).content.decode()
    assert "Wasmachine ophalen" in content
    assert "Melding bij de corporatie" in content
    assert reverse("journal:person", args=[journal["ayse"].pk]) in content
    assert reverse("journal:area", args=[areas.buurt.code]) in content
