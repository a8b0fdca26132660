"""Retention: what is due is removed, a dry run changes nothing, a second run does nothing."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from opbouw.journal.models import JournalEntry
from opbouw.people.models import Person
from opbouw.privacy.models import ExportRequest
from opbouw.privacy.retention import retention_run
from opbouw.privacy.services import export_create, export_path
from opbouw.privacy.tasks import retention as retention_task
from tests.factories import JournalEntryFactory, PersonFactory

DAYS = {"journal_person_notes": 730, "inactive_people": 1095, "exports": 7, "audit": 730}


@pytest.fixture
def old_world(areas, users, settings, tmp_path):
    settings.OPBOUW_RETENTION = dict(DAYS)
    settings.OPBOUW_EXPORT_ROOT = tmp_path / "exports"
    worker = users["worker"]
    today = timezone.localdate()
    long_ago = today - dt.timedelta(days=800)
    gone = PersonFactory(name="Oud Contact", area=areas.buurt)
    still_here = PersonFactory(name="Nog Actief", area=areas.buurt)
    entries = {
        "due": JournalEntryFactory(
            area=areas.buurt, author=worker, people=[gone], occurred_on=long_ago, note="Oud."
        ),
        # Old, but one of its people was seen recently: the note stays.
        "kept_recent_person": JournalEntryFactory(
            area=areas.buurt,
            author=worker,
            people=[gone, still_here],
            occurred_on=long_ago,
            note="Oud, met Nog Actief.",
        ),
        "recent": JournalEntryFactory(
            area=areas.buurt,
            author=worker,
            people=[still_here],
            occurred_on=today - dt.timedelta(days=10),
            note="Recent.",
        ),
        # Old, without people: not a note about a person.
        "no_people": JournalEntryFactory(
            area=areas.buurt, author=worker, occurred_on=long_ago, note="Observatie."
        ),
    }
    # Contacts without account: one inactive for four years, one with an old record but a
    # recent contact (still_here), and the resident with an account (never by retention).
    inactive = PersonFactory(name="Verdwenen Buur", area=areas.buurt, email="buur@example.org")
    four_years = timezone.now() - dt.timedelta(days=4 * 365)
    Person.objects.filter(pk__in=[inactive.pk, still_here.pk, gone.pk]).update(
        created_at=four_years, updated_at=four_years
    )
    Person.objects.filter(user=users["resident"]).update(
        created_at=four_years, updated_at=four_years
    )
    old_export = export_create(person=still_here, requested_by=worker)
    ExportRequest.objects.filter(pk=old_export.pk).update(
        created_at=timezone.now() - dt.timedelta(days=10)
    )
    new_export = export_create(person=still_here, requested_by=worker)
    return {
        "entries": entries,
        "inactive": inactive,
        "gone": gone,
        "old_export": old_export,
        "new_export": new_export,
    }


def _state(world) -> dict:
    return {
        "notes": {k: JournalEntry.objects.get(pk=e.pk).note for k, e in world["entries"].items()},
        "names": dict(Person.objects.values_list("pk", "name")),
        "exports": sorted(ExportRequest.objects.values_list("pk", flat=True)),
        "files": sorted(p.name for p in export_path(world["new_export"]).parent.iterdir()),
    }


def _by_category(lines) -> dict:
    return {line.category: line for line in lines}


def test_dry_run_counts_what_is_due_and_changes_nothing(old_world):
    before = _state(old_world)
    lines = _by_category(retention_run(dry_run=True))
    assert lines["journal_person_notes"].due == 1
    # The contact without any for four years; not "gone" (800 days ago is within 1095),
    # not the resident with an account.
    assert lines["inactive_people"].due == 1
    assert lines["exports"].due == 1
    assert all(line.done == 0 for line in lines.values())
    assert "audit" in lines  # configured; done by the audit app's rule, if registered
    assert _state(old_world) == before


def test_a_run_removes_what_is_due_and_a_second_run_does_nothing(old_world):
    lines = _by_category(retention_run())
    assert lines["journal_person_notes"].done == 1
    assert lines["inactive_people"].done == 1
    assert lines["exports"].done == 1

    notes = {k: JournalEntry.objects.get(pk=e.pk).note for k, e in old_world["entries"].items()}
    assert notes == {
        "due": "",
        "kept_recent_person": "Oud, met Nog Actief.",
        "recent": "Recent.",
        "no_people": "Observatie.",
    }
    inactive = Person.objects.get(pk=old_world["inactive"].pk)
    assert (inactive.name, inactive.email) == ("verwijderde bewoner", "")
    assert Person.objects.filter(name="Rita Bewoner").exists()  # has an account
    assert Person.objects.filter(name="Nog Actief").exists()
    assert Person.objects.filter(name="Oud Contact").exists()
    assert not export_path(old_world["old_export"]).exists()
    assert export_path(old_world["new_export"]).exists()
    # The entry with the erased person still counts them.
    assert old_world["entries"]["due"].people.count() == 1

    after = _state(old_world)
    second = _by_category(retention_run())
    assert all(line.due == 0 and line.done == 0 for line in second.values() if line.registered)
    assert _state(old_world) == after


def test_the_command_reports_per_category(old_world):
    out = io.StringIO()
    call_command("retention", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "dry run: nothing changed" in text
    assert "journal_person_notes" in text and "730 days: 1 due" in text
    assert "exports" in text and "7 days: 1 due" in text
    assert ExportRequest.objects.count() == 2
    out = io.StringIO()
    call_command("retention", stdout=out)
    assert "1 due, 1 done" in out.getvalue()
    assert ExportRequest.objects.count() == 1


def test_the_task_runs_the_same_rules(old_world):
    result = retention_task.enqueue(dry_run=True)
    lines = {line["category"]: line for line in result.return_value}
    assert lines["exports"]["due"] == 1 and lines["exports"]["done"] == 0
    result = retention_task.enqueue()
    assert {line["category"]: line for line in result.return_value}["exports"]["done"] == 1


def test_a_category_without_days_is_reported_not_guessed(old_world, settings):
    settings.OPBOUW_RETENTION = {"exports": 7}
    lines = _by_category(retention_run())
    assert not lines["journal_person_notes"].registered
    assert lines["journal_person_notes"].days is None
    assert JournalEntry.objects.get(pk=old_world["entries"]["due"].pk).note == "Oud."
