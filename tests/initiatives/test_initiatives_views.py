"""Initiative pages: what each role sees, actions through small forms, constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opbouw.core.models import Theme
from opbouw.initiatives import services
from opbouw.initiatives.models import Initiative, Member, Stage
from tests.assets.helpers import login
from tests.factories import JournalEntryFactory
from tests.initiatives.helpers import add_core, days_ago

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "role", ["resident", "worker", "partner", "policy", "coordinator", "admin"]
)
def test_everyone_in_the_area_sees_the_list_and_the_initiative(initiative, users, role):
    client = login(users[role])
    assert "Samen eten in de Es" in client.get(reverse("initiatives:list")).content.decode()
    page = client.get(initiative.get_absolute_url())
    assert page.status_code == 200
    assert "Bij de koffieochtend opgekomen." in page.content.decode()


def test_outside_the_area_it_does_not_exist(initiative, users):
    client = login(users["other_worker"])
    assert client.get(initiative.get_absolute_url()).status_code == 404
    assert "Samen eten" not in client.get(reverse("initiatives:list")).content.decode()


def test_a_stage_change_through_the_page_and_a_refused_skip(initiative, users, areas):
    client = login(users["worker"])
    url = reverse("initiatives:stage", args=[initiative.pk])
    response = client.post(
        url, {"to_stage": "independent", "changed_on": days_ago(1).isoformat(), "note": "Gaan!"},
        follow=True,
    )  # fmt: skip
    assert "niet meteen naar ‘zelfstandig’" in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.stage == Stage.IDEA
    add_core(initiative, users["worker"], areas)
    response = client.post(
        url, {"to_stage": "core", "changed_on": days_ago(1).isoformat(), "note": "Kern staat."},
        follow=True,
    )  # fmt: skip
    assert "nu ‘kern gevormd’" in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.stage == Stage.CORE


def test_the_page_offers_only_the_allowed_next_stages(initiative, users):
    html = login(users["worker"]).get(initiative.get_absolute_url()).content.decode()
    options = html.split('id="id_stage_to_stage"')[1].split("</select>")[0]
    assert 'value="core"' in options and 'value="stopped"' in options
    assert 'value="action"' in options  # an idea may start by doing
    assert 'value="independent"' not in options and 'value="completed"' not in options
    # Nothing is chosen beforehand (issue 11, item 7): the first option is the empty one.
    assert options.split("<option")[1].startswith(' value=""')
    assert "selected" not in options.split("</option>", 1)[1]


def test_partners_and_policy_get_no_forms(initiative, users):
    for role in ("partner", "policy"):
        html = login(users[role]).get(initiative.get_absolute_url()).content.decode()
        assert "Fase wijzigen" not in html and "Positie vastleggen" not in html


def test_a_resident_starts_one_and_becomes_trekker(users, areas):
    response = login(users["resident"]).post(
        reverse("initiatives:create"),
        {"title": "Bloembakken", "goal": "Groen in de straat.", "area": areas.buurt.pk,
         "started_on": days_ago(0).isoformat(), "note": ""},
    )  # fmt: skip
    initiative = Initiative.objects.get()
    assert response["Location"] == initiative.get_absolute_url()
    assert Member.objects.get(initiative=initiative).role == "lead"


def test_a_resident_joins_with_a_button(initiative, users):
    client = login(users["resident"])
    assert "Ik doe mee" in client.get(initiative.get_absolute_url()).content.decode()
    client.post(reverse("initiatives:member_join", args=[initiative.pk]), {"role": "volunteer"})
    assert Member.objects.get(initiative=initiative).role == "volunteer"
    assert "Ik doe mee" not in client.get(initiative.get_absolute_url()).content.decode()


def test_support_moments_are_shown_only_to_journal_roles(initiative, users, areas):
    entry = JournalEntryFactory(area=areas.buurt, author=users["worker"], note="geheim detail")
    services.support_add(initiative=initiative, linked_by=users["worker"], entry_id=entry.pk)
    worker_html = login(users["worker"]).get(initiative.get_absolute_url()).content.decode()
    assert entry.get_absolute_url() in worker_html
    partner_html = login(users["partner"]).get(initiative.get_absolute_url()).content.decode()
    assert entry.get_absolute_url() not in partner_html
    assert "1 keer ondersteund" in partner_html


def test_the_list_runs_a_constant_number_of_queries(users, areas):
    client = login(users["worker"])

    def make(count):
        for index in range(count):
            initiative = services.initiative_create(
                created_by=users["worker"], title=f"Initiatief {index}", goal="x", area=areas.buurt
            )
            initiative.themes.set(Theme.objects.all()[:2])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("initiatives:list")).status_code == 200
        return len(captured)

    make(3)
    small = queries()
    make(30)
    assert queries() == small
