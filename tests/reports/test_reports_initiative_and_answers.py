"""Two corners of issue 6 that had no test: a report for an initiative (the initiative must lie
in the report's area; the report's initiative section shows that initiative only), and an
answer to a report that is not issued yet, or from outside its area (refused, nothing kept)."""

import datetime as dt

from django.urls import reverse

from opbouw.initiatives.models import Initiative, Stage, StageChange
from opbouw.reports import selectors
from opbouw.reports.models import Report, ReportMessage
from tests.factories import client_for
from tests.reports.conftest import YEAR


def _initiative(area, worker, title):
    initiative = Initiative.objects.create(
        title=title, goal="Samen.", area=area, stage=Stage.ACTION,
        stage_since=dt.date(YEAR, 7, 1), created_by=worker,
    )  # fmt: skip
    StageChange.objects.create(
        initiative=initiative, from_stage=Stage.CORE, to_stage=Stage.ACTION,
        changed_on=dt.date(YEAR, 7, 1), note="Van start.", changed_by=worker,
    )  # fmt: skip
    return initiative


def test_an_initiative_outside_the_chosen_area_is_refused_at_the_field(users, areas, world):
    worker = users["worker"]
    elsewhere = _initiative(areas.buurt2, worker, "Repaircafé Zuid")
    data = {"title": "Initiatiefverslag", "period": str(YEAR), "initiative": elsewhere.pk}
    # Berflo Es Noord does not hold the Zuid initiative.
    html = (
        client_for(worker)
        .post(reverse("reports:create"), {**data, "area": areas.buurt.pk})
        .content.decode()
    )
    error = html.split('id="id_initiative_error">', 1)[1].split("</div>", 1)[0]
    assert "Dit initiatief ligt niet in het gekozen gebied." in error
    assert not Report.objects.filter(title="Initiatiefverslag").exists()
    # The wijk above both does.
    response = client_for(worker).post(reverse("reports:create"), {**data, "area": areas.wijk.pk})
    assert response.status_code == 302
    assert Report.objects.get(title="Initiatiefverslag").initiative == elsewhere


def test_an_initiative_report_shows_that_initiatives_stage_changes_only(users, areas, world):
    worker = users["worker"]
    _initiative(areas.buurt2, worker, "Repaircafé Zuid")
    area_report = selectors.report_content(worker, world.report)
    titles = {c["initiative"] for c in area_report["initiatives"]["changes"]}
    assert titles == {"Samen eten", "Repaircafé Zuid"}
    world.report.initiative = world.initiative
    world.report.save()
    content = selectors.report_content(worker, world.report)
    assert content["initiative"] == "Samen eten"
    assert {c["initiative"] for c in content["initiatives"]["changes"]} == {"Samen eten"}


def test_no_answer_to_a_draft_and_none_from_outside_the_area(users, world):
    url = reverse("reports:message", args=[world.report.pk])
    # A draft (no issued version) cannot be answered: the reason is shown, nothing is kept.
    response = client_for(users["worker"]).post(url, {"text": "Alvast een reactie."}, follow=True)
    assert "pas gereageerd worden als hij is uitgebracht" in response.content.decode()
    assert not ReportMessage.objects.exists()
    # Policy does not see a draft at all; a worker of another wijk never sees the report.
    assert client_for(users["policy"]).post(url, {"text": "Hallo"}).status_code == 404
    assert client_for(users["other_worker"]).post(url, {"text": "Hallo"}).status_code == 404
    assert not ReportMessage.objects.exists()
