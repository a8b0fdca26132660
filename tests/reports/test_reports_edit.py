"""Editing stories and outcomes after they were recorded: who may, what is audited, what an
issued (frozen) report keeps, and bad input (a message at the field, nothing changed)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from opbouw.audit.models import Action, AuditEvent
from opbouw.reports import services
from opbouw.reports.models import Outcome, SelectionRound, Story, StorySelection
from tests.factories import client_for

YEAR = 2025


def _story_data(story: Story, **changes) -> dict:
    data = {
        "initiative": story.initiative_id or "",
        "domain": story.domain,
        "title": story.title,
        "text": story.text,
        "why_significant": story.why_significant,
        "teller_role": story.teller_role,
        "teller_name": story.teller_name,
        "told_on": story.told_on.isoformat(),
    }
    return {**data, **changes}


def _outcome_data(outcome: Outcome, **changes) -> dict:
    data = {
        "initiative": outcome.initiative_id or "",
        "actor": outcome.actor,
        "change": outcome.change,
        "occurred_on": outcome.occurred_on.isoformat(),
        "place": outcome.place,
        "significance": outcome.significance,
        "contribution": outcome.contribution,
        "substantiated_by": outcome.substantiated_by,
        # Statements recorded before the type was asked get one when edited.
        "change_type": outcome.change_type or "practice",
        "substantiation": outcome.substantiation,
        "substantiation_note": outcome.substantiation_note,
        "harvest": outcome.harvest_id or "",
    }
    return {**data, **changes}


def _as_stored(obj) -> dict:
    """Every column of the row as the database holds it now."""
    return type(obj).objects.filter(pk=obj.pk).values().get()


def _field_error(html: str, field: str) -> str:
    """The error message rendered at one field (components/field.html)."""
    marker = f'id="id_{field}_error">'
    assert marker in html, f"no error at {field}"
    return html.split(marker, 1)[1].split("</div>", 1)[0]


def test_a_worker_edits_a_story_the_edit_is_audited_and_shown(users, world):
    client = client_for(users["worker"])
    url = reverse("reports:story_edit", args=[world.story.pk])
    page = client.get(url).content.decode()
    assert "Niet meer alleen" in page and 'name="area"' not in page
    response = client.post(
        url,
        _story_data(world.story, title="Nooit meer alleen", text="Sinds de moestuin ken ik ze."),
    )
    assert response.status_code == 302
    story = Story.objects.get(pk=world.story.pk)
    assert (story.title, story.text) == ("Nooit meer alleen", "Sinds de moestuin ken ik ze.")
    assert story.edited_at is not None
    event = AuditEvent.objects.get(object_type="reports.story", object_id=story.pk)
    assert (event.action, event.user, event.area_id) == (
        Action.CHANGE,
        users["worker"],
        story.area_id,
    )
    assert "Nooit meer alleen" in client.get(story.get_absolute_url()).content.decode()


def test_the_coordinator_of_the_area_may_edit_others_may_not(users, world):
    url = reverse("reports:story_edit", args=[world.story.pk])
    data = _story_data(world.story, title="Door de coördinator")
    assert client_for(users["coordinator"]).post(url, data).status_code == 302
    assert Story.objects.get(pk=world.story.pk).title == "Door de coördinator"
    for role in ("other_worker", "partner", "policy", "resident"):
        assert client_for(users[role]).post(url, {**data, "title": role}).status_code == 404
    outcome_url = reverse("reports:outcome_edit", args=[world.outcome.pk])
    outcome_data = _outcome_data(world.outcome, actor="Iemand anders")
    for role in ("other_worker", "partner", "policy", "resident"):
        assert client_for(users[role]).post(outcome_url, outcome_data).status_code == 404
    assert Story.objects.get(pk=world.story.pk).title == "Door de coördinator"
    assert Outcome.objects.get(pk=world.outcome.pk).actor == "De woningcorporatie"


def test_an_issued_report_keeps_the_story_and_outcome_as_they_were(users, world):
    """The frozen snapshot keeps its text; the draft shows the edit; the release of a story
    whose text changed is withdrawn (it was confirmed for the earlier wording)."""
    worker = users["worker"]
    released = "Sinds de moestuin ken ik mijn buren. Een buurvrouw haalt me op."
    services.story_release(story=world.story, text=released, released_by=worker)
    world.report.stories.set([world.story])
    version = services.report_issue(report=world.report, issued_by=worker)
    frozen = version.snapshot
    assert frozen["stories"][0]["text"] == released

    client = client_for(worker)
    edit = reverse("reports:story_edit", args=[world.story.pk])
    page = client.get(edit).content.decode()
    assert "Uitgebrachte rapportages houden de tekst" in page and world.report.title in page
    response = client.post(
        edit,
        _story_data(world.story, title="Een nieuwe titel", text="Een andere tekst."),
        follow=True,
    )
    assert "de vrijgegeven versie is ingetrokken" in response.content.decode()
    client.post(
        reverse("reports:outcome_edit", args=[world.outcome.pk]),
        _outcome_data(world.outcome, change="Geeft de ruimte elke week."),
    )

    version.refresh_from_db()
    assert version.snapshot == frozen
    assert version.snapshot["stories"][0]["title"] == "Niet meer alleen"
    assert (
        version.snapshot["outcomes"][0]["change"]
        == "Stelt een ruimte beschikbaar voor de maaltijd."
    )
    issued_page = client_for(users["policy"]).get(f"{world.report.get_absolute_url()}?versie=1")
    issued = issued_page.content.decode()
    assert "Niet meer alleen" in issued and released in issued
    assert "Een nieuwe titel" not in issued and "Geeft de ruimte elke week." not in issued
    draft = client.get(world.report.get_absolute_url()).content.decode()
    assert "Een nieuwe titel" in draft and "Geeft de ruimte elke week." in draft
    assert "Een andere tekst." not in draft  # not released: the text stays in the area
    story = Story.objects.get(pk=world.story.pk)
    assert not story.is_released and story.released_text == ""


def test_a_selection_round_says_when_the_chosen_story_was_edited_later(users, areas, world):
    worker = users["worker"]
    selection_round = SelectionRound.objects.create(
        area=areas.wijk, period_start=dt.date(YEAR, 1, 1), period_end=dt.date(YEAR, 12, 31),
        panel="Twee bewoners", held_on=dt.date(YEAR, 12, 1), created_by=worker,
    )  # fmt: skip
    StorySelection.objects.create(round=selection_round, story=world.story, reason="Sterk.")
    client = client_for(worker)
    assert (
        "verhaal bewerkt na de keuze"
        not in client.get(selection_round.get_absolute_url()).content.decode()
    )
    # Feedback to the teller is no edit of the story.
    services.story_feedback(
        story=world.story, feedback="Gekozen.", feedback_on=dt.date(YEAR, 12, 2)
    )
    assert (
        "verhaal bewerkt na de keuze"
        not in client.get(selection_round.get_absolute_url()).content.decode()
    )
    client.post(
        reverse("reports:story_edit", args=[world.story.pk]),
        _story_data(world.story, text="Een later bijgewerkte tekst."),
    )
    assert (
        "verhaal bewerkt na de keuze"
        in client.get(selection_round.get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"text": "   "}, "text", "verplicht"),
        ({"title": ""}, "title", "verplicht"),
        ({"told_on": "2099-01-01"}, "told_on", "niet in de toekomst"),
        ({"told_on": "31-02-2025"}, "told_on", "geldige datum"),
    ],
)
def test_bad_story_input_is_refused_at_the_field_and_nothing_changes(
    users, world, changes, field, message
):
    before = _as_stored(world.story)
    response = client_for(users["worker"]).post(
        reverse("reports:story_edit", args=[world.story.pk]), _story_data(world.story, **changes)
    )
    assert response.status_code == 200
    assert message in _field_error(response.content.decode(), field)
    assert _as_stored(world.story) == before
    assert not AuditEvent.objects.filter(object_type="reports.story").exists()


def test_a_story_in_a_report_or_round_keeps_its_date_inside_their_period(users, areas, world):
    client = client_for(users["worker"])
    url = reverse("reports:story_edit", args=[world.story.pk])
    selection_round = SelectionRound.objects.create(
        area=areas.wijk, period_start=dt.date(YEAR, 4, 1), period_end=dt.date(YEAR, 6, 30),
        panel="Bewoners", held_on=dt.date(YEAR, 7, 1), created_by=users["worker"],
    )  # fmt: skip
    StorySelection.objects.create(round=selection_round, story=world.story, reason="Sterk.")
    before = _as_stored(world.story)
    response = client.post(url, _story_data(world.story, told_on=f"{YEAR}-08-01"))
    error = _field_error(response.content.decode(), "told_on")
    assert "selectieronde over 1 april 2025 – 30 juni 2025" in error
    assert _as_stored(world.story) == before

    selection_round.delete()
    world.report.stories.set([world.story])
    response = client.post(url, _story_data(world.story, told_on=f"{YEAR - 1}-12-31"))
    error = _field_error(response.content.decode(), "told_on")
    assert world.report.title in error and "in die periode blijven" in error
    assert _as_stored(world.story) == before
    # Inside the period it is fine.
    assert client.post(url, _story_data(world.story, told_on=f"{YEAR}-08-01")).status_code == 302
    assert Story.objects.get(pk=world.story.pk).told_on == dt.date(YEAR, 8, 1)


def test_a_worker_edits_an_outcome_and_the_edit_is_audited(users, world):
    client = client_for(users["worker"])
    url = reverse("reports:outcome_edit", args=[world.outcome.pk])
    assert "De woningcorporatie" in client.get(url).content.decode()
    response = client.post(url, _outcome_data(world.outcome, place="Het buurthuis"))
    assert response.status_code == 302
    assert Outcome.objects.get(pk=world.outcome.pk).place == "Het buurthuis"
    event = AuditEvent.objects.get(object_type="reports.outcome", object_id=world.outcome.pk)
    assert (event.action, event.user) == (Action.CHANGE, users["worker"])
    # The list links to the edit page.
    assert url in client.get(reverse("reports:stories")).content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"change": "  "}, "change", "verplicht"),
        ({"actor": ""}, "actor", "verplicht"),
        ({"occurred_on": "2099-01-01"}, "occurred_on", "niet in de toekomst"),
        # The outcome is in the world's 2025 report: its date stays in 2025.
        ({"occurred_on": "2024-12-31"}, "occurred_on", "in die periode blijven"),
    ],
)
def test_bad_outcome_input_is_refused_at_the_field_and_nothing_changes(
    users, world, changes, field, message
):
    before = _as_stored(world.outcome)
    response = client_for(users["worker"]).post(
        reverse("reports:outcome_edit", args=[world.outcome.pk]),
        _outcome_data(world.outcome, **changes),
    )
    assert response.status_code == 200
    assert message in _field_error(response.content.decode(), field)
    assert _as_stored(world.outcome) == before
    assert not AuditEvent.objects.filter(object_type="reports.outcome").exists()


def test_the_services_refuse_an_outsider_and_empty_text_and_change_nothing(users, world):
    before = _as_stored(world.story)
    with pytest.raises(ValidationError, match="werkt niet in dit gebied"):
        services.story_update(story=world.story, editor=users["other_worker"], title="Van buiten")
    with pytest.raises(ValidationError) as refused:
        services.story_update(story=world.story, editor=users["worker"], text="  \n ")
    assert "mag niet leeg zijn" in refused.value.message_dict["text"][0]
    assert _as_stored(world.story) == before
    outcome_before = _as_stored(world.outcome)
    with pytest.raises(ValidationError) as refused:
        services.outcome_update(outcome=world.outcome, editor=users["worker"], change=" ")
    assert "mag niet leeg zijn" in refused.value.message_dict["change"][0]
    assert _as_stored(world.outcome) == outcome_before


def test_creating_a_story_or_outcome_is_audited_and_refuses_a_future_date(users, areas):
    client = client_for(users["worker"])
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    data = {"area": areas.buurt.pk, "domain": "connection", "title": "Koffie",
            "text": "Koffie op de galerij.", "teller_role": "resident",
            "told_on": tomorrow.isoformat()}  # fmt: skip
    response = client.post(reverse("reports:story_create"), data)
    assert "niet in de toekomst" in _field_error(response.content.decode(), "told_on")
    assert not Story.objects.exists()
    data["told_on"] = timezone.localdate().isoformat()
    assert client.post(reverse("reports:story_create"), data).status_code == 302
    story = Story.objects.get()
    assert AuditEvent.objects.filter(
        object_type="reports.story", object_id=story.pk, action=Action.CREATE
    ).exists()
