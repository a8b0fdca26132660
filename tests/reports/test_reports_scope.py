"""What a report covers. A report on an initiative is about that initiative (its stories and
outcomes, its participants' network, the journal entries linked to it) and says where a
section covers the whole area; a period that starts before the area's first recorded work says
from when there is data, one wholly before it (or in the future) is refused at the field.
Issued versions are frozen: those issued before these notes existed render as they were."""

import datetime as dt
import io
import os
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from opbouw.initiatives.models import Member, MemberRole, SupportMoment
from opbouw.journal.models import EntryKind, JournalEntry, Signal
from opbouw.reports import selectors, services
from opbouw.reports.models import Domain, Outcome, Report, ReportVersion, Story, Teller
from tests.factories import JournalEntryFactory, PersonFactory, client_for
from tests.reports.conftest import YEAR

OUT = Path(os.environ.get("REPORTS_PNG_DIR", "/tmp/opbouw-reports-png"))


def _link(world, entry, worker):
    SupportMoment.objects.create(
        initiative=world.initiative, entry=entry, stage="action", linked_by=worker
    )


def _entry(kind, month, day=10):
    return JournalEntry.objects.get(kind=kind, occurred_on=dt.date(YEAR, month, day))


@pytest.fixture
def initiative_report(users, areas, world):
    """The world's initiative with three members: two who meet at every monthly meeting (the
    second leaves in October), and one (from July) who meets nobody; two meetings and a home
    visit linked to it; a story and an outcome about it (and one of each that is not)."""
    worker = users["worker"]
    first, second = world.people[0], world.people[1]
    newcomer = PersonFactory(area=areas.buurt, name="Nieuwe Deelnemer")
    Member.objects.create(
        initiative=world.initiative, person=first, role=MemberRole.LEAD, since=dt.date(YEAR, 1, 1)
    )
    Member.objects.create(
        initiative=world.initiative, person=second, role=MemberRole.CORE,
        since=dt.date(YEAR, 1, 1), left_on=dt.date(YEAR, 10, 15),
    )  # fmt: skip
    Member.objects.create(
        initiative=world.initiative, person=newcomer, role=MemberRole.PARTICIPANT,
        since=dt.date(YEAR, 7, 1),
    )  # fmt: skip
    for entry in (
        _entry(EntryKind.MEETING, 3),
        _entry(EntryKind.MEETING, 4),
        _entry(EntryKind.HOME_VISIT, 4),
    ):
        _link(world, entry, worker)
    story = Story.objects.create(
        area=areas.buurt, initiative=world.initiative, domain=Domain.CONNECTION,
        title="Aan tafel", text="We eten samen.", teller_role=Teller.RESIDENT,
        told_on=dt.date(YEAR, 6, 5), recorded_by=worker,
    )  # fmt: skip
    outcome = Outcome.objects.create(
        area=areas.buurt, initiative=world.initiative, actor="De kerk", change="Leent de keuken.",
        occurred_on=dt.date(YEAR, 8, 1), significance="Ruimte.", contribution="Contact gelegd.",
        recorded_by=worker,
    )  # fmt: skip
    report = Report.objects.create(
        area=areas.wijk, initiative=world.initiative, title="Verslag Samen eten",
        period_start=dt.date(YEAR, 1, 1), period_end=dt.date(YEAR, 12, 31), created_by=worker,
    )  # fmt: skip
    return report, story, outcome


def test_an_initiative_report_offers_only_its_stories_and_outcomes(users, world, initiative_report):
    report, story, outcome = initiative_report
    assert list(selectors.candidate_stories(report)) == [story]
    assert list(selectors.candidate_outcomes(report)) == [outcome]
    # The area's report still offers everything of the area.
    assert set(selectors.candidate_stories(world.report)) == {story, world.story}
    # A story not about the initiative is refused, and nothing changes.
    with pytest.raises(ValidationError) as refused:
        services.report_update(
            report=report, user=users["worker"], reflection="Nieuw.",
            stories=[world.story], outcomes=[outcome],
        )  # fmt: skip
    assert "stories" in refused.value.message_dict
    report.refresh_from_db()
    assert report.reflection == "" and not report.stories.exists() and not report.outcomes.exists()


def test_an_initiative_reports_network_is_its_participants_and_the_ties_among_them(
    users, world, initiative_report
):
    report, _story, _outcome = initiative_report
    worker = users["worker"]
    network = {m["month"][:7]: m for m in selectors.report_content(worker, report)["network"]}
    area_network = {
        m["month"][:7]: m for m in selectors.report_content(worker, world.report)["network"]
    }
    # January to June: the two who meet monthly, tied once.
    assert (network["2025-03"]["people_active"], network["2025-03"]["ties"]) == (2, 1)
    assert network["2025-03"]["isolated"] == 0
    # From July the newcomer is a participant without a tie to the others (being in the
    # initiative together does not count).
    assert (network["2025-07"]["people_active"], network["2025-07"]["isolated"]) == (2, 1)
    assert network["2025-07"]["ties"] == 1
    # The second member left in October: counted in October, not after.
    assert network["2025-10"]["ties"] == 1
    assert (network["2025-11"]["ties"], network["2025-11"]["isolated"]) == (0, 2)
    # The area's network is much larger.
    assert area_network["2025-03"]["people_active"] > 5
    assert area_network["2025-03"]["ties"] > 10


def test_an_initiative_reports_counts_and_signals_come_from_its_linked_entries(
    users, world, initiative_report
):
    report, _story, _outcome = initiative_report
    worker = users["worker"]
    content = selectors.report_content(worker, report)
    assert content["outputs"]["activities"] == 2
    assert content["outputs"]["contacts"] == 1
    assert content["outputs"]["participants"] is None  # 8 people: fewer than 10
    area = selectors.report_content(worker, world.report)
    assert area["outputs"]["activities"] == 12 and area["outputs"]["contacts"] == 12
    # The world's signal is not linked to the initiative: not in its report, until it is.
    assert area["signals"]["total"] == 1
    assert content["signals"]["total"] == 0
    _link(world, Signal.objects.get().entry, worker)
    assert selectors.report_content(worker, report)["signals"]["total"] == 1
    # What each section covers is part of the content (and so of an issued version).
    assert content["scope"]["network"] == "initiative"
    assert content["scope"]["conversations"] == "area"
    assert area["scope"] is None


def test_an_initiative_report_says_what_each_section_covers_in_page_and_pdf(
    users, world, initiative_report
):
    report, _story, _outcome = initiative_report
    client = client_for(users["worker"])
    html = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert (
        escape("Dit onderdeel gaat over het hele gebied Berflo Es, niet alleen over Samen eten")
        in html
    )
    assert escape("De deelnemers van Samen eten (wie in die maand lid was)") in html
    assert escape("Geteld over de logboekregels die aan Samen eten gekoppeld zijn.") in html
    assert escape("Deze rapportage gaat over het initiatief Samen eten") in html
    pdf = client.get(reverse("reports:pdf", args=[report.pk])).content
    text = " ".join(
        page.get_textpage().get_text_range() for page in pdfium.PdfDocument(io.BytesIO(pdf))
    )
    text = " ".join(text.split())
    OUT.mkdir(parents=True, exist_ok=True)  # to look at
    for number, page in enumerate(pdfium.PdfDocument(io.BytesIO(pdf))):
        page.render(scale=1.5).to_pil().save(OUT / f"initiative-report-page-{number + 1}.png")
    assert "Dit onderdeel gaat over het hele gebied Berflo Es" in text
    assert "Deze rapportage gaat over het initiatief Samen eten" in text
    # An area report has none of these notes (the world's report does say that its year
    # starts before the first work, on 10 January).
    html = client.get(reverse("reports:detail", args=[world.report.pk])).content.decode()
    assert "Deze rapportage gaat over het initiatief" not in html
    assert "report-scope--area" not in html and "De deelnemers van" not in html


def test_an_issued_initiative_report_keeps_its_scope_and_old_versions_render_as_before(
    users, world, initiative_report
):
    report, story, _outcome = initiative_report
    worker = users["worker"]
    version = services.report_issue(report=report, issued_by=worker)
    assert version.snapshot["outputs"]["activities"] == 2
    # Later work linked to the initiative does not change the issued version.
    _link(world, _entry(EntryKind.MEETING, 5), worker)
    assert selectors.report_content(worker, report)["outputs"]["activities"] == 3
    version.refresh_from_db()
    assert version.snapshot["outputs"]["activities"] == 2
    client = client_for(worker)
    url = reverse("reports:detail", args=[report.pk])
    html = client.get(f"{url}?versie={version.number}").content.decode()
    assert "report-scope" in html
    # A version issued before scope and data_from existed shows as it did: no notes.
    old = {
        key: value
        for key, value in selectors.report_content(worker, world.report).items()
        if key not in ("scope", "data_from")
    }
    old["initiative"] = "Samen eten"
    old_version = ReportVersion.objects.create(
        report=world.report, number=1, issued_at=timezone.now(), issued_by=worker, snapshot=old
    )
    url = reverse("reports:detail", args=[world.report.pk])
    html = client.get(f"{url}?versie={old_version.number}").content.decode()
    assert "report-scope" not in html and "report-notes" not in html
    assert escape(world.report.title) in html
    pdf = client.get(reverse("reports:pdf", args=[world.report.pk]) + "?versie=1")
    assert pdf.status_code == 200


# --- the period against the area's first recorded work ---------------------------------------


def _post(client, areas, **data):
    return client.post(
        reverse("reports:create"),
        {"area": areas.wijk.pk, "title": "Verslag", "period": "custom", **data},
    )


def _field_error(html, field):
    return html.split(f'id="id_{field}_error">', 1)[1].split("</div>", 1)[0]


def test_a_period_wholly_before_the_areas_first_work_is_refused_at_the_field(users, areas, world):
    # The world's journal starts on 10 January 2025.
    assert selectors.first_work_day(areas.wijk) == dt.date(YEAR, 1, 10)
    response = _post(
        client_for(users["worker"]), areas, period_start="2024-01-01", period_end="2025-01-09"
    )
    assert response.status_code == 200
    error = _field_error(response.content.decode(), "period_end")
    assert escape("In Berflo Es is pas werk vastgelegd vanaf 10 januari 2025") in error
    assert not Report.objects.filter(title="Verslag").exists()
    # The service refuses it as well (a form can be tampered with).
    with pytest.raises(ValidationError) as refused:
        services.report_create(
            created_by=users["worker"], area=areas.wijk, title="Verslag",
            period_start=dt.date(2024, 1, 1), period_end=dt.date(2024, 12, 31),
        )  # fmt: skip
    assert refused.value.error_dict["period_end"][0].code == "period_before_work"
    assert not Report.objects.filter(title="Verslag").exists()


def test_a_period_in_the_future_is_refused_at_the_field(users, areas, world):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = _post(
        client_for(users["worker"]),
        areas,
        period_start=tomorrow.isoformat(),
        period_end=(tomorrow + dt.timedelta(days=30)).isoformat(),
    )
    assert response.status_code == 200
    error = _field_error(response.content.decode(), "period_start")
    assert "begint in de toekomst" in error
    assert not Report.objects.filter(title="Verslag").exists()
    # A period up to today (or running on past it) is fine.
    today = timezone.localdate()
    response = _post(
        client_for(users["worker"]),
        areas,
        period_start=today.replace(day=1).isoformat(),
        period_end=(today + dt.timedelta(days=30)).isoformat(),
    )
    assert response.status_code == 302


def test_a_period_starting_before_the_first_work_says_from_when_there_is_data(users, areas, world):
    client = client_for(users["worker"])
    response = _post(client, areas, period_start="2024-10-01", period_end="2025-03-31")
    assert response.status_code == 302
    report = Report.objects.get(title="Verslag")
    content = selectors.report_content(users["worker"], report)
    assert content["data_from"] == "2025-01-10"
    html = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert (
        escape(
            "Deze periode begint vóór het eerste werk dat in Berflo Es is vastgelegd: er zijn "
            "gegevens vanaf 10 januari 2025. Over de tijd van 1 oktober 2024 tot 10 januari 2025 "
            "zegt deze "
            "rapportage niets."
        )
        in html
    )
    # The note is frozen with the version: work recorded earlier later does not change it.
    version = services.report_issue(report=report, issued_by=users["worker"])
    JournalEntryFactory(
        area=areas.buurt, author=users["worker"], kind=EntryKind.MEETING,
        occurred_on=dt.date(2024, 11, 1),
    )  # fmt: skip
    assert selectors.report_content(users["worker"], report)["data_from"] == "2024-11-01"
    version.refresh_from_db()
    assert version.snapshot["data_from"] == "2025-01-10"
    # A period from the first work on has no note.
    world.report.period_start = dt.date(2024, 11, 1)
    assert selectors.report_content(users["worker"], world.report)["data_from"] is None


# --- the live region of the period list -------------------------------------------------------


def test_the_period_list_refresh_says_which_areas_periods_came_in(users, areas, world):
    client = client_for(users["worker"])
    page = client.get(reverse("reports:create")).content.decode()
    region = page.split('id="rapportage-status"', 1)[1].split("</div>", 1)[0]
    assert 'role="status"' in region and 'aria-live="polite"' in region
    assert "bijgewerkt" not in region  # empty at first
    # The area select swaps the region's text inside it (the region itself stays).
    assert "#rapportage-status:innerHTML" in page
    refreshed = client.post(
        reverse("reports:create"), {"area": areas.wijk.pk, "refresh": "1", "title": "Verslag"}
    ).content.decode()
    region = refreshed.split('id="rapportage-status"', 1)[1].split("</div>", 1)[0]
    assert escape("Perioden en initiatieven voor Berflo Es bijgewerkt.") in region
    assert not Report.objects.filter(title="Verslag").exists()


def test_the_excel_export_says_what_the_figures_cover(users, world, initiative_report):
    from openpyxl import load_workbook

    report, _story, _outcome = initiative_report
    client = client_for(users["worker"])
    data = client.get(reverse("reports:xlsx", args=[report.pk])).content
    sheet = load_workbook(io.BytesIO(data))["Toelichting"]
    rows = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["gegevens vanaf"] == "2025-01-10"
    assert rows["Netwerk"] == "Samen eten" and rows["Gesprekken"] == "Berflo Es"


def test_the_participants_network_is_the_areas_network_among_them(users, areas, world):
    """The participants' ties, loaded for them alone (history.load_among), are the ties of the
    area's whole network between two of them, with the same weights; only being in the
    initiative together is left out."""
    from opbouw.network.history import load_among, load_history
    from opbouw.network.models import DirectTie, TieKind
    from opbouw.network.ties import ties_in_window

    worker = users["worker"]
    first, second, third = world.people[0], world.people[5], world.people[11]
    for person in (first, second, third):
        Member.objects.create(
            initiative=world.initiative, person=person, role=MemberRole.PARTICIPANT,
            since=dt.date(YEAR, 1, 1),
        )  # fmt: skip
    DirectTie.objects.create(
        person_a=first, person_b=third, kind=TieKind.KNOWS, since=dt.date(YEAR, 8, 1),
        recorded_by=worker,
    )  # fmt: skip
    start, end = dt.date(YEAR - 1, 1, 1), dt.date(YEAR, 12, 31)
    ids = {first.pk, second.pk, third.pk}
    keys, events, spans = load_among(areas.wijk, ids, start=start, end=end)
    history = load_history(areas.wijk, start=start, end=end)
    whole = ties_in_window(
        history.events,
        [span for span in history.spans if span.source != "initiative"],
        start=dt.date(YEAR, 1, 1),
        end=end,
    )
    expected = {pair: tie for pair, tie in whole.items() if set(pair) <= keys}
    assert keys == {f"p{pk}" for pk in ids}
    ties = {
        pair: tie
        for pair, tie in ties_in_window(events, spans, start=dt.date(YEAR, 1, 1), end=end).items()
        if set(pair) <= keys
    }
    # The first and second meet at meetings; the first and third have a recorded tie.
    assert ties.keys() == expected.keys() and len(ties) == 2
    for pair, tie in ties.items():
        assert tie.weight == pytest.approx(expected[pair].weight)
        assert tie.sources == expected[pair].sources
    # In the report: the recorded tie from August on.
    report = Report.objects.create(
        area=areas.wijk, initiative=world.initiative, title="Deelnemers",
        period_start=dt.date(YEAR, 1, 1), period_end=dt.date(YEAR, 12, 31), created_by=worker,
    )  # fmt: skip
    network = {m["month"][:7]: m for m in selectors.report_content(worker, report)["network"]}
    assert [network[month]["ties"] for month in ("2025-01", "2025-07", "2025-08")] == [0, 1, 2]
