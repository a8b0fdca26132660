"""The audit trail: what is recorded (and what never is), bulk-viewing alerts, the pages."""

import csv
import datetime as dt
import io
import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from opbouw.audit.models import Action, AuditAlert, AuditEvent, ObjectType
from opbouw.audit.services import record_change, record_view
from opbouw.core.models import Theme
from opbouw.journal.models import EntryKind
from opbouw.journal.services import entry_create, entry_update
from opbouw.people.models import Consent
from opbouw.people.services import (
    consent_record,
    consent_withdraw,
    group_member_add,
    person_create,
)
from tests.factories import (
    RECORDED,
    GroupFactory,
    JournalEntryFactory,
    PersonFactory,
    client_for,
)

NAME = "Geheime Naam Testpersoon"
NOTE = "Inhoud die nooit in de audittrail mag staan"


def _events(**filters):
    return list(AuditEvent.objects.filter(**filters).order_by("id"))


def _assert_no_content(events):
    for event in events:
        for value in (event.username, event.object_type, str(event.object_id), str(event.area_id)):
            assert NAME not in value and NOTE not in value


# --- what is recorded ------------------------------------------------------------------------


def test_viewing_a_person_records_who_when_which_and_the_area_never_the_name(users, areas):
    person = PersonFactory(name=NAME, area=areas.buurt)
    before = timezone.now()
    response = client_for(users["worker"]).get(reverse("people:detail", args=[person.pk]))
    assert response.status_code == 200
    [event] = _events()
    assert (event.user, event.username, event.action) == (users["worker"], "worker", Action.VIEW)
    assert (event.object_type, event.object_id, event.area_id) == (
        ObjectType.PERSON, person.pk, areas.buurt.pk,
    )  # fmt: skip
    assert event.at >= before
    _assert_no_content([event])


def test_a_404_records_nothing(users, areas):
    person = PersonFactory(area=areas.other_buurt)
    response = client_for(users["worker"]).get(reverse("people:detail", args=[person.pk]))
    assert response.status_code == 404
    assert not AuditEvent.objects.exists()


def test_journal_pages_record_views_and_the_edit_records_the_change(users, areas):
    worker = users["worker"]
    person = PersonFactory(name=NAME, area=areas.buurt)
    group = GroupFactory(area=areas.wijk)
    entry = JournalEntryFactory(area=areas.buurt, author=worker, note=NOTE, people=[person])
    client = client_for(worker)
    for url in (
        reverse("journal:detail", args=[entry.pk]),
        reverse("journal:edit", args=[entry.pk]),
        reverse("journal:person", args=[person.pk]),
        reverse("journal:group", args=[group.pk]),
        reverse("people:group_detail", args=[group.pk]),
        reverse("people:edit", args=[person.pk]),
    ):
        assert client.get(url).status_code == 200, url
    seen = [(e.action, e.object_type, e.object_id) for e in _events()]
    assert seen == [
        (Action.VIEW, ObjectType.ENTRY, entry.pk),
        (Action.VIEW, ObjectType.ENTRY, entry.pk),
        (Action.VIEW, ObjectType.PERSON, person.pk),
        (Action.VIEW, ObjectType.GROUP, group.pk),
        (Action.VIEW, ObjectType.GROUP, group.pk),
        (Action.VIEW, ObjectType.PERSON, person.pk),
    ]
    AuditEvent.objects.all().delete()
    response = client.post(
        reverse("journal:edit", args=[entry.pk]),
        {"kind": EntryKind.CONTACT, "occurred_on": entry.occurred_on.isoformat(),
         "area": areas.buurt.pk, "note": "Nieuw."},
    )  # fmt: skip
    assert response.status_code == 302
    assert [(e.action, e.object_type) for e in _events()] == [(Action.CHANGE, ObjectType.ENTRY)]


def test_services_record_every_change_to_a_persons_data(users, areas):
    worker = users["worker"]
    person = person_create(**RECORDED, created_by=worker, name=NAME, area=areas.buurt)
    group = GroupFactory(area=areas.wijk)
    group_member_add(group=group, person=person, added_by=worker)
    group_member_add(group=group, person=person, added_by=worker)  # already a member: no event
    consent = consent_record(person=person, recorded_by=worker, purpose=Consent.Purpose.SHARING,
                             basis=Consent.Basis.CONSENT, source=Consent.Source.PAPER)  # fmt: skip
    consent_withdraw(consent=consent, withdrawn_by=worker)
    consent_withdraw(consent=consent, withdrawn_by=worker)  # already withdrawn: no event
    entry = entry_create(
        author=worker, kind=EntryKind.CONTACT, occurred_on=timezone.localdate(),
        area=areas.buurt, note=NOTE, people=[person], new_people_names=["Nieuw Contact"],
        new_people_basis="consent", new_people_informed_on=timezone.localdate(),
        themes=[Theme.objects.get(slug="groen")],
    )  # fmt: skip
    entry_update(
        entry=entry, editor=worker, kind=entry.kind, occurred_on=entry.occurred_on,
        area=entry.area, note="Anders.", duration_minutes=None, place=None, people=[person],
        groups=[], organisations=[], themes=[], anonymous_count=0,
    )  # fmt: skip
    seen = [(e.action, e.object_type) for e in _events()]
    assert seen == [
        (Action.CREATE, ObjectType.PERSON),
        (Action.CREATE, ObjectType.GROUP_MEMBERSHIP),
        (Action.CREATE, ObjectType.CONSENT),
        (Action.CHANGE, ObjectType.CONSENT),
        (Action.CREATE, ObjectType.ENTRY),
        (Action.CREATE, ObjectType.PERSON),  # the new contact made inline
        (Action.CHANGE, ObjectType.ENTRY),
    ]
    assert {e.user_id for e in _events()} == {worker.pk}
    assert {e.area_id for e in _events()} == {areas.buurt.pk}
    _assert_no_content(_events())


def test_a_failed_change_leaves_no_event(users, areas):
    """The event is written in the service's transaction: no change, no event."""
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        entry_create(
            author=users["worker"],
            kind=EntryKind.CONTACT,
            occurred_on=timezone.localdate(),
            area=areas.other_buurt,
            note=NOTE,
        )
    assert not AuditEvent.objects.exists()


def test_initiative_membership_changes_are_recorded(users, areas):
    from opbouw.initiatives.models import Initiative, Stage
    from opbouw.initiatives.services import member_add, member_leave

    worker = users["worker"]
    initiative = Initiative.objects.create(
        title="Samen eten", goal="Samen eten.", area=areas.buurt, stage=Stage.ACTION,
        stage_since=dt.date(2025, 1, 1), created_by=worker,
    )  # fmt: skip
    person = PersonFactory(area=areas.buurt)
    member = member_add(initiative=initiative, added_by=worker, person=person, role="volunteer")
    member_leave(member=member, removed_by=worker)
    seen = [(e.action, e.object_type, e.object_id) for e in _events()]
    assert seen == [
        (Action.CREATE, ObjectType.INITIATIVE_MEMBER, member.pk),
        (Action.CHANGE, ObjectType.INITIATIVE_MEMBER, member.pk),
    ]


def test_recording_a_view_is_one_insert(users, areas):
    person = PersonFactory(area=areas.buurt)
    user = users["worker"]
    with CaptureQueriesContext(connection) as queries:
        record_view(user, person)
    assert len(queries) == 1
    assert queries[0]["sql"].lstrip().upper().startswith("INSERT")


# --- bulk viewing ----------------------------------------------------------------------------


@pytest.fixture
def low_threshold(settings):
    settings.OPBOUW_AUDIT_BULK_THRESHOLD = 5
    settings.OPBOUW_AUDIT_BULK_WINDOW_MINUTES = 10


def test_many_distinct_people_viewed_raise_one_alert_and_a_log_line_without_names(
    users, areas, low_threshold, caplog
):
    people = [PersonFactory(name=f"{NAME} {i}", area=areas.buurt) for i in range(8)]
    client = client_for(users["worker"])
    with caplog.at_level(logging.WARNING, logger="opbouw.audit"):
        for person in people[:4]:
            client.get(reverse("people:detail", args=[person.pk]))
        assert not AuditAlert.objects.exists()  # four is below five
        for person in people[4:]:
            client.get(reverse("people:detail", args=[person.pk]))
    [alert] = AuditAlert.objects.all()
    assert (alert.user, alert.username, alert.area_id) == (
        users["worker"],
        "worker",
        areas.buurt.pk,
    )
    assert alert.distinct_objects >= 5
    [record] = [r for r in caplog.records if r.name == "opbouw.audit"]
    message = record.getMessage()
    assert f"Audit alert {alert.pk}" in message
    assert NAME not in message and "worker" not in message


def test_viewing_the_same_person_again_and_again_is_no_bulk_viewing(users, areas, low_threshold):
    person = PersonFactory(area=areas.buurt)
    client = client_for(users["worker"])
    for _ in range(12):
        client.get(reverse("people:detail", args=[person.pk]))
    assert AuditEvent.objects.count() == 12
    assert not AuditAlert.objects.exists()


def test_views_outside_the_window_do_not_count(users, areas, low_threshold):
    user = users["worker"]
    people = [PersonFactory(area=areas.buurt) for _ in range(6)]
    for person in people[:4]:
        record_view(user, person)
    AuditEvent.objects.update(at=timezone.now() - dt.timedelta(hours=1))
    for person in people[4:]:
        record_view(user, person)
    assert not AuditAlert.objects.exists()


# --- the audit pages ----------------------------------------------------------------------------


@pytest.fixture
def trail(users, areas):
    """Events in the own wijk (two users) and in the other wijk."""
    own = PersonFactory(name=NAME, area=areas.buurt)
    other = PersonFactory(name=NAME, area=areas.other_buurt)
    entry = JournalEntryFactory(area=areas.buurt2, author=users["worker"], note=NOTE)
    record_view(users["worker"], own)
    record_view(users["coordinator"], own)
    record_change(users["worker"], entry)
    record_view(users["other_worker"], other)
    old = record_view(users["worker"], entry)
    # Noon, local time, 40 days back: "now minus 40 days" crosses a date line in local time
    # for an hour around midnight when summer time lies between (the test failed then).
    forty_days_ago = dt.datetime.combine(timezone.localdate() - dt.timedelta(days=40), dt.time(12))
    AuditEvent.objects.filter(pk=old.pk).update(at=timezone.make_aware(forty_days_ago))
    return {"own": own, "other": other, "entry": entry}


def _rows(response):
    return [(e.username, e.action, e.object_type) for e in response.context["page"].items]


@pytest.mark.parametrize("role", ["coordinator", "privacy_officer"])
def test_readers_see_the_trail_of_their_areas_only(role, users, trail):
    response = client_for(users[role]).get(reverse("audit:list"))
    assert response.status_code == 200
    rows = _rows(response)
    assert ("other_worker", "view", "people.person") not in rows
    assert len(rows) == 4
    content = response.content.decode()
    assert NAME not in content and NOTE not in content
    assert f"#{trail['own'].pk}" in content


@pytest.mark.parametrize("role", ["resident", "worker", "partner", "policy", "admin"])
def test_everyone_else_gets_a_404(role, users, trail):
    for name in ("audit:list", "audit:export", "audit:alerts"):
        assert client_for(users[role]).get(reverse(name)).status_code == 404


def test_the_privacy_officer_cannot_open_what_the_trail_points_at(users, trail):
    client = client_for(users["privacy_officer"])
    assert client.get(reverse("journal:detail", args=[trail["entry"].pk])).status_code == 404
    assert client.get(reverse("people:detail", args=[trail["own"].pk])).status_code == 404


def test_filters_by_user_action_object_type_area_and_dates(users, areas, trail):
    client = client_for(users["privacy_officer"])
    url = reverse("audit:list")
    by_user = _rows(client.get(url, {"gebruiker": users["coordinator"].pk}))
    assert by_user == [("coordinator", "view", "people.person")]
    assert {r[1] for r in _rows(client.get(url, {"handeling": "change"}))} == {"change"}
    entries = _rows(client.get(url, {"soort": "journal.journalentry"}))
    assert {r[2] for r in entries} == {"journal.journalentry"} and len(entries) == 2
    buurt2 = _rows(client.get(url, {"gebied": areas.buurt2.code}))
    assert len(buurt2) == 2
    wijk = _rows(client.get(url, {"gebied": areas.wijk.code}))  # the wijk and its buurten
    assert len(wijk) == 4
    today = timezone.localdate().isoformat()
    assert len(_rows(client.get(url, {"van": today, "tot": today}))) == 3
    old_day = (timezone.localdate() - dt.timedelta(days=40)).isoformat()
    assert len(_rows(client.get(url, {"tot": old_day}))) == 1


def test_bad_filters_are_refused_at_the_field_and_show_nothing(users, areas, trail):
    client = client_for(users["coordinator"])
    url = reverse("audit:list")
    response = client.get(url, {"van": "2025-02-01", "tot": "2025-01-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["tot"]
    assert 'id="id_tot_error"' in response.content.decode()
    assert not response.context["page"].items
    other_area = client.get(url, {"gebied": areas.other_wijk.code})
    assert other_area.context["form"].errors["gebied"] and not other_area.context["page"].items
    assert client.get(url, {"van": "gisteren"}).context["form"].errors["van"]
    assert client.get(reverse("audit:export"), {"van": "gisteren"}).status_code == 400
    assert AuditEvent.objects.count() == 5  # a refused export is not recorded


def test_export_is_csv_without_content_and_is_itself_recorded(users, areas, trail):
    client = client_for(users["privacy_officer"])
    response = client.get(reverse("audit:export"), {"handeling": "view"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [r["handeling"] for r in rows] == ["view", "view", "view"]
    assert {r["gebied_id"] for r in rows} == {str(areas.buurt.pk), str(areas.buurt2.pk)}
    assert NAME not in body and NOTE not in body
    [export] = _events(action=Action.EXPORT)
    assert (export.user, export.object_type) == (users["privacy_officer"], ObjectType.AUDIT_TRAIL)
    # The export shows up in the trail of the FG's own area.
    assert ("privacy_officer", "export", "audit.auditevent") in _rows(
        client.get(reverse("audit:list"))
    )


def test_export_neutralises_spreadsheet_formulas(users, areas):
    person = PersonFactory(area=areas.buurt)
    event = record_view(users["worker"], person)
    AuditEvent.objects.filter(pk=event.pk).update(username="=HYPERLINK(1)")
    body = b"".join(client_for(users["coordinator"]).get(reverse("audit:export")).streaming_content)
    assert "'=HYPERLINK(1)" in body.decode()


def test_alerts_page_shows_alerts_of_the_readers_areas(users, areas, low_threshold):
    people = [PersonFactory(area=areas.buurt) for _ in range(6)]
    for person in people:
        record_view(users["worker"], person)
    response = client_for(users["privacy_officer"]).get(reverse("audit:alerts"))
    assert response.status_code == 200
    [alert] = response.context["page"].items
    assert alert.username == "worker" and alert.distinct_objects >= 5
    assert f"gebruiker={users['worker'].pk}" in response.content.decode()
    listing = client_for(users["privacy_officer"]).get(reverse("audit:list"))
    assert listing.context["alert_count"] == 1
    other = [PersonFactory(area=areas.other_buurt) for _ in range(6)]
    for person in other:
        record_view(users["other_worker"], person)
    again = client_for(users["privacy_officer"]).get(reverse("audit:alerts"))
    assert len(again.context["page"].items) == 1  # the other wijk's alert is not theirs


def test_the_trail_page_runs_a_constant_number_of_queries(users, areas):
    person = PersonFactory(area=areas.buurt)
    client = client_for(users["coordinator"])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("audit:list")).status_code == 200
        return len(queries)

    AuditEvent.objects.bulk_create(
        AuditEvent(user=users["worker"], username="worker", action="view",
                   object_type="people.person", object_id=person.pk, area_id=areas.buurt.pk)
        for _ in range(5)
    )  # fmt: skip
    small = count()
    AuditEvent.objects.bulk_create(
        AuditEvent(user=users["worker"], username="worker", action="view",
                   object_type="people.person", object_id=person.pk, area_id=areas.buurt.pk)
        for _ in range(500)
    )  # fmt: skip
    assert count() == small


# --- the registry of personal data: retention and erasure --------------------------------------


def test_retention_deletes_old_rows_only_and_twice_changes_nothing(users, areas):
    from opbouw.core import personal_data as pd

    rule = {r.category: r for r in pd.retention_rules()}["audit"]
    person = PersonFactory(area=areas.buurt)
    old = record_view(users["worker"], person)
    recent = record_view(users["worker"], person)
    AuditEvent.objects.filter(pk=old.pk).update(at=timezone.now() - dt.timedelta(days=800))
    assert rule.due(730) == 1
    assert rule.apply(730) == 1
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [recent.pk]
    assert (rule.due(730), rule.apply(730)) == (0, 0)


def test_erasing_an_account_blanks_its_user_name_and_keeps_the_rows(users, areas):
    from opbouw.core import personal_data as pd

    resident = users["resident"]
    record_view(resident, resident.person)
    record_view(users["worker"], resident.person)
    provider = next(p for p in pd.providers() if p.label == "audit.auditevent")
    subject = pd.Subject(person_id=resident.person.pk, user_id=resident.pk)
    assert [row["action"] for row in provider.export_rows(subject)] == ["bekeken"]
    assert provider.run_erase(subject, pd.Scrubber([])) == 1
    assert sorted(AuditEvent.objects.values_list("username", flat=True)) == ["", "worker"]
    assert AuditEvent.objects.count() == 2
