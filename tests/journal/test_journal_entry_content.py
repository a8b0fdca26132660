"""Issue 11, item 8: an entry without content is refused, and the quick entry posted twice
(back after saving, save again) stores one entry."""

import pytest
from django.urls import reverse
from django.utils import timezone

from opbouw.core.submission import FIELD
from opbouw.journal.models import EntryKind, JournalEntry
from tests.factories import GroupFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _untouched(area):
    """What the quick-entry form sends when nothing was filled in (its defaults only)."""
    return {
        "kind": EntryKind.CONTACT,
        "occurred_on": timezone.localdate().isoformat(),
        "area": area.pk,
        "anonymous_count": "0",
        "note": "",
    }


def test_the_untouched_quick_entry_is_refused_at_the_note(worker_client, areas):
    response = worker_client.post(reverse("journal:create"), _untouched(areas.buurt))
    assert response.status_code == 400
    assert not JournalEntry.objects.exists()
    html = response.content.decode()
    assert 'id="id_note_error"' in html and "nog geen inhoud" in html
    assert 'href="#id_note"' in html  # the error summary links to the field


def test_whitespace_is_no_content(worker_client, areas):
    data = {**_untouched(areas.buurt), "note": "   \n ", "new_people": " , "}
    assert worker_client.post(reverse("journal:create"), data).status_code == 400
    assert not JournalEntry.objects.exists()


@pytest.mark.parametrize("content", ["person", "group", "theme", "note", "anonymous"])
def test_any_one_kind_of_content_is_enough(worker_client, areas, content):
    from opbouw.core.models import Theme

    extra = {
        "person": lambda: {"people": [PersonFactory(area=areas.buurt).pk]},
        "group": lambda: {"groups": [GroupFactory(area=areas.wijk).pk]},
        "theme": lambda: {"themes": [Theme.objects.get(slug="groen").pk]},
        "note": lambda: {"note": "Kort gesproken bij de bushalte."},
        "anonymous": lambda: {"anonymous_count": "12"},
    }[content]()
    response = worker_client.post(reverse("journal:create"), {**_untouched(areas.buurt), **extra})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert JournalEntry.objects.count() == 1


def test_saving_the_same_quick_entry_twice_stores_one(worker_client, areas):
    data = {**_untouched(areas.buurt), "note": "Buurtmaaltijd besproken.", FIELD: "d" * 32}
    first = worker_client.post(reverse("journal:create"), data)
    second = worker_client.post(reverse("journal:create"), data, follow=True)
    assert JournalEntry.objects.count() == 1
    entry = JournalEntry.objects.get()
    assert first["Location"] == entry.get_absolute_url()
    assert second.redirect_chain[-1][0] == entry.get_absolute_url()
    assert "al verstuurd" in second.content.decode()
    # A new form (a new token) stores a new entry: only the repeat is caught.
    worker_client.post(reverse("journal:create"), {**data, FIELD: "e" * 32})
    assert JournalEntry.objects.count() == 2
