"""Vandaag on a phone with many overdue follow-ups: grouped, bounded, the year shown, and the
rest one tap away (issue 11, item 19)."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from opbouw.journal.models import FollowUp, JournalEntry

# The issue measured a 13,000-pixel page; bounded lists keep it to a few screens.
MAX_PAGE_HEIGHT = 4000


def test_today_on_a_phone_groups_and_bounds_the_follow_ups(new_context, world, screenshot):
    today = timezone.localdate()
    entry = JournalEntry.objects.create(
        kind="contact", occurred_on=today, area=world.buurt, author=world.worker,
        note="Gesprek op het plein.",
    )  # fmt: skip
    long_ago = today.replace(month=1, day=2) - dt.timedelta(days=365)
    FollowUp.objects.bulk_create(
        [FollowUp(entry=entry, assignee=world.worker, description="Oudste: huisbezoek",
                  due_on=long_ago)]
        + [FollowUp(entry=entry, assignee=world.worker, description=f"Te laat {n}",
                    due_on=today - dt.timedelta(days=n)) for n in range(1, 45)]
        + [FollowUp(entry=entry, assignee=world.worker, description="Vandaag bellen",
                    due_on=today)]
    )  # fmt: skip
    page = new_context(phone=True, user=world.worker)
    page.goto("/logboek/vandaag/")
    late = page.get_by_role("heading", name="Te laat (45)")
    expect(late).to_be_visible()
    expect(page.get_by_role("heading", name="Vandaag (1)")).to_be_visible()
    overdue = page.locator("#follow-ups-te-laat > li")
    expect(overdue).to_have_count(5)
    expect(overdue.first).to_contain_text(f"uiterlijk 2 januari {long_ago.year}")
    height = page.evaluate("() => document.documentElement.scrollHeight")
    assert height < MAX_PAGE_HEIGHT, height
    screenshot(page, "phone")

    # "Afgerond" on the oldest: done in place.
    overdue.first.get_by_role("button", name="Afgerond").click()
    expect(page.locator("#follow-ups-te-laat > li").first).to_contain_text("Afgerond")

    # The way to the rest: the full, paged list of what is late.
    page.get_by_role("link", name="Alle 45: te laat").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open vervolgacties: te laat")
    expect(page.locator("#follow-ups > li")).to_have_count(25)
    expect(page.get_by_role("link", name="Volgende")).to_be_visible()
    screenshot(page, "list")
