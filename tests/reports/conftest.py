"""A small wijk with a year of journal work, an initiative, a signal, stories and outcomes."""

import datetime as dt
from dataclasses import dataclass

import pytest

from opbouw.accounts.models import Organisation
from opbouw.initiatives.models import Initiative, Stage, StageChange
from opbouw.journal.models import EntryKind
from opbouw.reports.models import Domain, Outcome, Report, Story, Teller
from tests.factories import GroupFactory, JournalEntryFactory, PersonFactory, SignalFactory

YEAR = 2025


@dataclass
class World:
    report: Report
    story: Story
    outcome: Outcome
    people: list
    initiative: Initiative


@pytest.fixture
def world(areas, users) -> World:
    worker = users["worker"]
    welfare = Organisation.objects.create(name="Welzijn Hengelo", kind="welfare")
    worker.organisation = welfare
    worker.save()
    people = [PersonFactory(area=areas.buurt, name=name) for name in (
        "Anna de Vries", "Henk Jansen", "Fatima Yilmaz", "Piet Bakker", "Sanne Mulder",
        "Jan Smit", "Ria Kok", "Kees Visser", "Ahmet Demir", "Els Bos", "Tom Vos", "Lies Dekker",
    )]  # fmt: skip
    group = GroupFactory(area=areas.buurt, name="Moestuinclub")
    for month in range(1, 13):
        day = dt.date(YEAR, month, 10)
        JournalEntryFactory(
            area=areas.buurt,
            author=worker,
            kind=EntryKind.MEETING,
            occurred_on=day,
            duration_minutes=120,
            people=people[: 4 + month % 6],
            groups=[group],
        )
        JournalEntryFactory(
            area=areas.buurt,
            author=worker,
            kind=EntryKind.HOME_VISIT,
            occurred_on=day,
            duration_minutes=60,
            people=[people[month % 12]],
        )
    entry = JournalEntryFactory(
        area=areas.buurt, author=worker, kind=EntryKind.SIGNAL, occurred_on=dt.date(YEAR, 3, 3)
    )
    SignalFactory(entry=entry, organisation=welfare, status="resolved")
    initiative = Initiative.objects.create(
        title="Samen eten",
        goal="Samen eten.",
        area=areas.buurt,
        stage=Stage.ACTION,
        stage_since=dt.date(YEAR, 5, 1),
        created_by=worker,
    )
    StageChange.objects.create(
        initiative=initiative,
        from_stage=Stage.CORE,
        to_stage=Stage.ACTION,
        changed_on=dt.date(YEAR, 5, 1),
        note="Eerste maaltijd.",
        changed_by=worker,
    )
    story = Story.objects.create(
        area=areas.buurt, domain=Domain.CONNECTION, title="Niet meer alleen",
        text="Sinds de moestuin ken ik mijn buren. Anna de Vries haalt me op.",
        teller_role=Teller.RESIDENT, teller_name="Henk Jansen", told_on=dt.date(YEAR, 6, 1),
        recorded_by=worker,
    )  # fmt: skip
    outcome = Outcome.objects.create(
        area=areas.buurt, actor="De woningcorporatie",
        change="Stelt een ruimte beschikbaar voor de maaltijd.",
        occurred_on=dt.date(YEAR, 9, 1), place="Berflo Es", significance="Een vaste plek.",
        contribution="De werker bracht bewoners en corporatie samen.",
        substantiated_by="Wijkconsulent",
        recorded_by=worker,
    )  # fmt: skip
    report = Report.objects.create(
        area=areas.wijk, title=f"Jaarverslag {YEAR} Berflo Es", period_start=dt.date(YEAR, 1, 1),
        period_end=dt.date(YEAR, 12, 31), reflection="Het jaar van de moestuin.", created_by=worker,
    )  # fmt: skip
    report.outcomes.set([outcome])
    return World(report=report, story=story, outcome=outcome, people=people, initiative=initiative)
