"""Reports: composing, issuing (frozen, versioned), answering; bad input; exports; dashboard."""

import datetime as dt
import io

from django.urls import reverse
from openpyxl import load_workbook

from opbouw.analysis.disclosure.text import KnownNames, redact, release_problems
from opbouw.initiatives.models import Stage, StageChange
from opbouw.journal.models import EntryKind
from opbouw.reports import practice_selectors, selectors, services
from opbouw.reports.models import Report, ReportMessage, ReportVersion, Story
from opbouw.reports.name_hits import open_hits, report_name_hits
from tests.factories import JournalEntryFactory, PersonFactory, client_for

YEAR = 2025


def test_a_period_that_ends_before_it_starts_is_refused_and_nothing_is_stored(users, areas):
    response = client_for(users["worker"]).post(
        reverse("reports:create"),
        {"area": areas.wijk.pk, "title": "Omgekeerd", "period_start": "2025-12-31",
         "period_end": "2025-01-01"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "ligt vóór het begin" in response.content.decode()
    assert not Report.objects.exists()


def test_a_report_for_an_area_you_cannot_see_is_a_404_and_cannot_be_made(users, areas, world):
    other = client_for(users["other_worker"])
    assert other.get(world.report.get_absolute_url()).status_code == 404
    assert other.get(reverse("reports:pdf", args=[world.report.pk])).status_code == 404
    response = other.post(
        reverse("reports:create"),
        {"area": areas.wijk.pk, "title": "Niet van mij", "period_start": "2025-01-01",
         "period_end": "2025-12-31"},
    )  # fmt: skip
    assert response.status_code == 200
    assert Report.objects.count() == 1


def test_policy_sees_no_draft_but_reads_and_answers_the_issued_version(users, world):
    policy = client_for(users["policy"])
    url = world.report.get_absolute_url()
    assert policy.get(url).status_code == 404
    version = services.report_issue(report=world.report, issued_by=users["worker"])
    page = policy.get(url)
    assert page.status_code == 200
    assert "Het jaar van de moestuin." in page.content.decode()
    response = policy.post(
        reverse("reports:message", args=[world.report.pk]), {"text": "Mooi werk."}
    )
    assert response.status_code == 302
    message = ReportMessage.objects.get()
    assert (message.author_role, message.version, message.text) == ("policy", version, "Mooi werk.")
    client_for(users["worker"]).post(
        reverse("reports:message", args=[world.report.pk]), {"text": "Dank u."}
    )
    assert list(ReportMessage.objects.values_list("author_role", flat=True)) == ["policy", "worker"]


def test_an_issued_version_does_not_change_when_the_journal_changes(users, areas, world):
    worker = users["worker"]
    first = services.report_issue(report=world.report, issued_by=worker)
    frozen = ReportVersion.objects.get(pk=first.pk).snapshot
    assert frozen["outputs"]["activities"] == 12
    # Later: more activities, a stage change, a new reflection.
    for day in (3, 4, 5):
        JournalEntryFactory(area=areas.buurt, author=worker, kind=EntryKind.MEETING,
                            occurred_on=dt.date(YEAR, 11, day),
                            people=world.people[:3])  # fmt: skip
    StageChange.objects.create(initiative=world.initiative, from_stage=Stage.ACTION,
                               to_stage=Stage.INDEPENDENT, changed_on=dt.date(YEAR, 12, 1),
                               note="Zelfstandig.", changed_by=worker)  # fmt: skip
    world.report.reflection = "Een ander verhaal."
    world.report.save()
    assert ReportVersion.objects.get(pk=first.pk).snapshot == frozen
    page = client_for(users["policy"]).get(f"{world.report.get_absolute_url()}?versie=1")
    assert "Het jaar van de moestuin." in page.content.decode()
    assert "Een ander verhaal." not in page.content.decode()
    second = services.report_issue(report=world.report, issued_by=worker)
    assert second.number == 2
    assert second.snapshot["outputs"]["activities"] == 15
    assert len(second.snapshot["initiatives"]["changes"]) == 2
    stages = {s["stage"]: s["count"] for s in second.snapshot["initiatives"]["stages"]}
    assert stages[str(Stage.INDEPENDENT.label)] == 1
    assert ReportVersion.objects.get(pk=first.pk).snapshot == frozen


def test_issuing_with_a_known_name_in_the_reflection_is_blocked_with_the_reason(users, world):
    world.report.reflection = "Dankzij Fatima Yilmaz kwam de moestuin er."
    world.report.save()
    response = client_for(users["worker"]).post(
        reverse("reports:issue", args=[world.report.pk]), follow=True
    )
    html = response.content.decode()
    assert "Fatima Yilmaz" in html and "Niet uitgebracht" in html
    assert "Dankzij <mark>Fatima Yilmaz</mark> kwam de moestuin er." in html  # in context
    assert not ReportVersion.objects.exists()


def test_the_report_content_is_derived_and_people_counts_are_protected(users, world):
    content = selectors.report_content(users["worker"], world.report)
    assert content["outputs"]["activities"] == 12
    assert content["outputs"]["contacts"] == 12
    # At most 9 named people came to the activities: under the threshold, not shown.
    assert content["outputs"]["participants"] is None
    assert content["signals"]["total"] == 1 and content["signals"]["resolved"] == 1
    assert [c["to"] for c in content["initiatives"]["changes"]] == [str(Stage.ACTION.label)]
    stages = {s["stage"]: s["count"] for s in content["initiatives"]["stages"]}
    assert stages[str(Stage.ACTION.label)] == 1 and sum(stages.values()) == 1
    assert len(content["network"]) == 12
    assert any(m["ties"] > 0 for m in content["network"])
    # A story that is not released shows no text.
    world.report.stories.set([world.story])
    content = selectors.report_content(users["worker"], world.report)
    assert content["stories"][0]["text"] is None


def test_release_proposes_a_text_without_names_and_blocks_a_known_name(users, world):
    client = client_for(users["worker"])
    url = reverse("reports:story_release", args=[world.story.pk])
    page = client.get(url).content.decode()
    assert "Anna de Vries" not in page.split("<textarea", 1)[1].split("</textarea>")[0]
    response = client.post(url, {"text": "Anna haalt me op voor de moestuin.", "confirm": "on"})
    assert response.status_code == 200
    assert "Anna" in response.content.decode() and "Niet vrijgegeven" in response.content.decode()
    # The hit is shown in the words around it, so the worker can find it.
    assert "“Anna” (Anna haalt me op voor de…)" in response.content.decode()
    story = Story.objects.get(pk=world.story.pk)
    assert not story.is_released and story.released_text == ""
    response = client.post(
        url, {"text": "Een buurvrouw haalt me op voor de moestuin.", "confirm": "on"}
    )
    assert response.status_code == 302
    assert Story.objects.get(pk=world.story.pk).released_text.startswith("Een buurvrouw")


def test_release_needs_the_workers_confirmation(users, world):
    response = client_for(users["worker"]).post(
        reverse("reports:story_release", args=[world.story.pk]), {"text": "Een buurvrouw helpt."}
    )
    assert response.status_code == 200
    assert not Story.objects.get(pk=world.story.pk).is_released


def test_redaction_removes_known_names_deduce_names_and_contact_details():
    known = KnownNames.of(["Gerrit Wolters"])
    result = redact("Gerrit belde mevrouw Jansen op 06-12345678; mail naar g.w@example.nl.", known)
    assert "Gerrit" not in result.text and "Jansen" not in result.text
    assert "06-12345678" not in result.text and "example.nl" not in result.text
    assert not release_problems(result.text, known)


def test_the_dashboard_export_never_shows_a_cell_under_the_threshold(users, areas, world):
    # The other wijk: 3 people (under the threshold) seen by the worker there.
    other_people = [PersonFactory(area=areas.other_buurt, name=f"Ander {n}") for n in range(3)]
    JournalEntryFactory(area=areas.other_buurt, author=users["other_worker"],
                        occurred_on=dt.date(YEAR, 4, 4), people=other_people)  # fmt: skip
    from opbouw.areas.models import Membership

    Membership.objects.create(user=users["policy"], area=areas.municipality, role="policy")
    client = client_for(users["policy"])
    response = client.get(
        reverse("reports:dashboard_xlsx"), {"start": f"{YEAR}-01-01", "end": f"{YEAR}-12-31"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Bereik"]
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "Hengelose Es" in values and "Berflo Es" in values
    numbers = [v for v in values if isinstance(v, int)]
    assert numbers and all(v == 0 or (v >= 10 and v % 5 == 0) for v in numbers)
    assert 3 not in values and "x" in values
    csv_text = client.get(
        reverse("reports:dashboard_csv"), {"start": f"{YEAR}-01-01", "end": f"{YEAR}-12-31"}
    ).content.decode()
    assert ";3;" not in csv_text and ";3\r" not in csv_text
    page = client.get(
        reverse("reports:dashboard"), {"start": f"{YEAR}-01-01", "end": f"{YEAR}-12-31"}
    )
    assert page.status_code == 200


def test_a_reversed_dashboard_period_says_why_and_shows_nothing(users, world):
    client = client_for(users["policy"])
    page = client.get(reverse("reports:dashboard"), {"start": "2025-12-31", "end": "2025-01-01"})
    assert "ligt vóór het begin" in page.content.decode()
    assert 'data-testid="reach"' not in page.content.decode()
    response = client.get(
        reverse("reports:dashboard_xlsx"), {"start": "2025-12-31", "end": "2025-01-01"}
    )
    assert response.status_code == 302


def test_the_collective_split_counts_meetings_and_group_contacts_as_collective(users, world):
    result = practice_selectors.collective_split(
        frozenset({world.report.area_id, *[a for a in [world.story.area_id]]}),
        dt.date(YEAR, 1, 1),
        dt.date(YEAR, 12, 31),
    )
    rows = result["rows"]
    assert len(rows) == 12
    january = rows[0]
    assert january["organisation"] == "Welzijn Hengelo"
    assert (january["collective_hours"], january["individual_hours"]) == (2.0, 1.0)
    assert (january["collective_contacts"], january["individual_contacts"]) == (1, 1)
    assert january["collective_share"] == 67


def test_excel_and_csv_of_the_report_figures(users, world):
    client = client_for(users["worker"])
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("reports:xlsx", args=[world.report.pk])).content)
    )
    assert {"Netwerk", "Initiatieven", "Signalen", "Output"} <= set(workbook.sheetnames)
    assert workbook["Netwerk"].max_row == 13
    csv_text = client.get(reverse("reports:csv", args=[world.report.pk])).content.decode(
        "utf-8-sig"
    )
    assert "Netwerk" in csv_text and "Welzijn Hengelo" in csv_text


def test_the_demo_seeds_stories_outcomes_and_an_issued_report_with_a_response(areas, world):
    from opbouw.areas.models import Membership
    from opbouw.reports.demo import seed_reports_demo
    from tests.factories import UserFactory

    werker = UserFactory(username="werker")
    Membership.objects.create(user=werker, area=areas.wijk, role="worker")
    beleid = UserFactory(username="beleid")
    Membership.objects.create(user=beleid, area=areas.municipality, role="policy")
    report = seed_reports_demo(seed=1)
    assert report is not None and report.area == areas.wijk
    version = report.versions.get()
    assert len(version.snapshot["stories"]) == 2 and len(version.snapshot["outcomes"]) == 3
    assert [m.author_role for m in report.messages.all()] == ["policy", "worker"]
    # Nothing in the issued version names a person of the area.
    assert not open_hits(report_name_hits(report, version.snapshot))
    known = KnownNames.of(selectors.known_names(report.area))
    for story in version.snapshot["stories"]:
        assert not release_problems(story["text"], known)
    page = client_for(beleid).get(report.get_absolute_url())
    assert page.status_code == 200 and "Reactie van de financier" in page.content.decode()


def test_a_selection_round_records_the_panels_choice_and_the_feedback(users, areas, world):
    from opbouw.reports.models import SelectionRound, StorySelection

    client = client_for(users["worker"])
    data = {
        "area": areas.wijk.pk,
        "domain": "",
        "period_start": f"{YEAR}-12-31",
        "period_end": f"{YEAR}-01-01",
        "panel": "Twee bewoners",
        "held_on": f"{YEAR}-12-15",
        "level": "1",
        "values_discussed": "Zelf de regie houden; niet alleen zijn.",
    }
    response = client.post(reverse("reports:round_create"), data)
    assert "ligt vóór het begin" in response.content.decode()
    assert not SelectionRound.objects.exists()
    data.update(period_start=f"{YEAR}-01-01", period_end=f"{YEAR}-12-31")
    response = client.post(reverse("reports:round_create"), data)
    selection_round = SelectionRound.objects.get()
    assert response.status_code == 302
    url = selection_round.get_absolute_url()
    assert "Niet meer alleen" in client.get(url).content.decode()
    response = client.post(url, {"story": world.story.pk, "reason": ""})
    assert response.status_code == 200 and not StorySelection.objects.exists()
    client.post(url, {"story": world.story.pk, "reason": "Eenzaamheid doorbroken."})
    assert StorySelection.objects.get().reason == "Eenzaamheid doorbroken."
    client.post(
        world.story.get_absolute_url(),
        {"feedback": "Het panel koos uw verhaal.", "feedback_on": f"{YEAR}-12-20"},
    )
    world.story.refresh_from_db()
    assert world.story.feedback == "Het panel koos uw verhaal."
    page = client.get(
        reverse("reports:collective"), {"start": f"{YEAR}-01-01", "end": f"{YEAR}-12-31"}
    )
    assert page.status_code == 200 and "Welzijn Hengelo" in page.content.decode()
