"""A report on an initiative says, in the page, what it covers: the notes are there and legible
(a screenshot to look at), and the worker sees from when there is data."""

import datetime as dt

from django.utils import timezone, translation
from playwright.sync_api import expect

from opbouw.core.dates import format_day


def test_an_initiative_report_says_what_it_covers(new_context, world, screenshot):
    from opbouw.initiatives.models import Initiative, Member, MemberRole, Stage, SupportMoment
    from opbouw.journal import services as journal
    from opbouw.reports.models import Report

    today = timezone.localdate()
    annemiek, bram = world.people["Annemiek de Vries"], world.people["Bram Jansen"]
    initiative = Initiative.objects.create(
        title="Buurtmaaltijd", goal="Samen eten.", area=world.buurt, stage=Stage.ACTION,
        stage_since=today - dt.timedelta(days=30), created_by=world.worker,
    )  # fmt: skip
    for person in (annemiek, bram):
        Member.objects.create(
            initiative=initiative, person=person, role=MemberRole.CORE,
            since=today - dt.timedelta(days=30),
        )  # fmt: skip
    meeting = journal.entry_create(
        author=world.worker, kind="meeting", occurred_on=today - dt.timedelta(days=10),
        area=world.buurt, note="Eerste maaltijd.", people=[annemiek, bram], duration_minutes=90,
    )  # fmt: skip
    SupportMoment.objects.create(
        initiative=initiative, entry=meeting, stage=Stage.ACTION, linked_by=world.worker
    )
    start = (today.replace(day=1) - dt.timedelta(days=40)).replace(day=1)
    report = Report.objects.create(
        area=world.wijk, initiative=initiative, title="Verslag Buurtmaaltijd",
        period_start=start, period_end=today, created_by=world.worker,
    )  # fmt: skip
    page = new_context(user=world.worker)
    page.goto(report.get_absolute_url())
    notes = page.get_by_role("note").filter(has_text="gaat over het initiatief Buurtmaaltijd")
    expect(notes).to_be_visible()
    with translation.override("nl"):  # as the page writes a date: "28 november 2026"
        first = format_day(today - dt.timedelta(days=10), year=True)
    expect(notes).to_contain_text(f"er zijn gegevens vanaf {first}")
    conversations = page.locator("section", has=page.locator("#h-conversations"))
    expect(conversations).to_contain_text("Dit onderdeel gaat over het hele gebied Berflo Es")
    outputs = page.locator("section", has=page.locator("#h-outputs"))
    expect(outputs).to_contain_text("1 activiteiten en bijeenkomsten")
    network = page.locator("section", has=page.locator("#h-network"))
    expect(network).to_contain_text("De deelnemers van Buurtmaaltijd")
    screenshot(page, "initiative-report", full_page=True)
