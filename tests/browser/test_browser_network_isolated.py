"""People without a tie on the network page, on a phone: the first 25 (most recent contact
first), "en N anderen", and the whole list a page at a time; the link follows the slider."""

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import RECORDED


def _days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def _alone(world, count: int = 60) -> list:
    """`count` people a worker spoke with alone, one a day (Eenling 00 today): no tie."""
    from opbouw.journal import services as journal
    from opbouw.people import services as people_services
    from opbouw.people.models import Person

    alone = []
    for n in range(count):
        person = people_services.person_create(
            **RECORDED, created_by=world.worker, name=f"Eenling {n:02d}", area=world.buurt
        )
        journal.entry_create(
            author=world.worker, kind="contact", occurred_on=_days_ago(n), area=world.buurt,
            people=[person], note="Gesprek aan de deur.",
        )  # fmt: skip
        alone.append(person)
    # Recorded long ago (a recording counts as a contact too): the entries say who was seen.
    Person.objects.filter(pk__in=[p.pk for p in alone]).update(
        created_at=timezone.now() - dt.timedelta(days=200)
    )
    return alone


def test_people_without_a_tie_a_page_at_a_time_on_a_phone(new_context, world, screenshot):
    from opbouw.network.snapshots import snapshots_compute

    _alone(world)
    snapshots_compute(area=world.buurt, since=_days_ago(10))
    page = new_context(phone=True, user=world.worker)
    page.goto(f"/netwerk/{world.buurt.code}/")
    listed = page.locator("[data-network-isolated] li")
    expect(listed).to_have_count(25)
    expect(listed.first).to_contain_text("Eenling 00")
    expect(listed.first).to_contain_text("laatste contact")
    # (The fixture's own people were recorded today: among them, most recently recorded first.)
    names = [text for text in listed.all_inner_texts() if "Eenling" in text]
    assert [name[:10] for name in names[:3]] == ["Eenling 00", "Eenling 01", "Eenling 02"]
    more = page.locator("[data-network-isolated-more]")
    expect(more).to_be_visible()
    rest = int(re.search(r"en (\d+) anderen", more.inner_text()).group(1))
    assert rest >= 35
    more.scroll_into_view_if_needed()
    screenshot(page, "network", full_page=False)

    more.get_by_role("link", name="Bekijk de hele lijst").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Niet samen vastgelegd")
    assert "Eenling" not in page.url and "maand=" in page.url
    total = rest + 25
    expect(page.locator("main")).to_contain_text(f"Dat zijn {total} mensen.")
    items = page.locator("[data-isolated-list] li")
    expect(items).to_have_count(50)
    expect(items.first).to_contain_text("Eenling 00")
    pages = -(-total // 50)
    expect(page.locator(".utrecht-pagination")).to_contain_text(f"Pagina 1 van {pages}")
    screenshot(page, "list")
    page.get_by_role("link", name="Volgende").click()
    expect(page.locator(".utrecht-pagination")).to_contain_text(f"Pagina 2 van {pages}")
    expect(items).to_have_count(min(50, total - 50))
    assert "page=2" in page.url
    # The other way round: whoever was not seen longest first (Eenling 59 before Eenling 58).
    page.get_by_role("link", name="Langst geen contact eerst").click()
    expect(page.locator(".utrecht-pagination")).to_contain_text(f"Pagina 1 van {pages}")
    names = [text for text in items.all_inner_texts() if "Eenling" in text]
    assert names[0].startswith("Eenling 59") and names[1].startswith("Eenling 58")
    # Past the last page: said so, with a way back.
    page.goto(page.url.replace("volgorde=langst", f"volgorde=langst&page={pages + 3}"))
    expect(page.locator("[data-isolated-past-the-end]")).to_contain_text(
        f"de lijst heeft {pages} pagina"
    )
    page.get_by_role("link", name="Naar de laatste pagina").click()
    expect(page.locator(".utrecht-pagination")).to_contain_text(f"Pagina {pages} van {pages}")
    screenshot(page, "last")


def test_the_link_to_the_whole_list_follows_the_slider(page, world):
    from opbouw.network.snapshots import snapshots_compute

    _alone(world, count=30)
    snapshots_compute(area=world.buurt, since=_days_ago(40))
    page.goto(f"/netwerk/{world.buurt.code}/")
    network = page.locator("[data-network]")
    expect(network).to_have_attribute("data-network-ready", "1")
    link = page.locator("[data-network-isolated-link]")
    now = network.get_attribute("data-network-month")
    assert f"maand={now}" in link.get_attribute("href")
    slider = page.get_by_role("slider", name="Tijd")
    slider.focus()
    page.keyboard.press("ArrowLeft")
    expect(network).not_to_have_attribute("data-network-month", now)
    expect(network).not_to_have_attribute("aria-busy", "true")
    before = network.get_attribute("data-network-month")
    expect(link).to_have_attribute("href", re.compile(f"maand={before}"))
    # A month earlier fewer had been seen: the list and its count are that month's.
    expect(page.locator("[data-network-isolated] li").first).not_to_contain_text("Eenling 00")
