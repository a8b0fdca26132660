"""Most Significant Change up the levels with the values discussed (Davies & Dart 2005), and
outcome harvesting with its design, its outcome statements and their substantiation
(Wilson-Grau 2019)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from opbouw.reports import harvests, services
from opbouw.reports.models import (
    ChangeType,
    Domain,
    Harvest,
    MscLevel,
    Outcome,
    SelectionRound,
    Story,
    StorySelection,
    Substantiation,
    Teller,
)
from tests.factories import client_for
from tests.reports.conftest import YEAR

pytestmark = pytest.mark.django_db


def _round(user, area, **overrides):
    values = {
        "created_by": user,
        "area": area,
        "domain": "",
        "period_start": dt.date(YEAR, 1, 1),
        "period_end": dt.date(YEAR, 12, 31),
        "panel": "Twee bewoners en de werker",
        "held_on": dt.date(YEAR, 12, 1),
        "level": MscLevel.NEIGHBOURHOOD,
        "values_discussed": "Niet alleen zijn telt zwaarder dan een druk programma.",
    }
    return services.round_create(**{**values, **overrides})


def test_the_choice_passes_up_and_the_next_panel_chooses_from_it(users, areas, world):
    other = Story.objects.create(
        area=areas.buurt, domain=Domain.LIVEABILITY, title="Schone galerij",
        text="De galerij is schoon.", teller_role=Teller.RESIDENT, told_on=dt.date(YEAR, 7, 1),
        recorded_by=users["worker"],
    )  # fmt: skip
    buurt = _round(users["worker"], areas.buurt)
    assert {story.pk for story in services.round_candidates(buurt)} == {world.story.pk, other.pk}
    services.selection_add(selection_round=buurt, story=world.story, reason="Eenzaamheid.")
    wijk = _round(
        users["worker"], areas.wijk, level=MscLevel.DISTRICT, previous_round=buurt,
        panel="Wijkteam en bewonerscommissie", values_discussed="Eigen regie boven aantallen.",
    )  # fmt: skip
    # The wijk panel reads only what the buurt panel chose, and sees what it discussed.
    assert services.round_candidates(wijk) == [world.story]
    with pytest.raises(ValidationError, match="niet bij deze selectieronde"):
        services.selection_add(selection_round=wijk, story=other, reason="Ook mooi.")
    assert harvests.rounds_below(wijk) == [buurt]
    page = client_for(users["worker"]).get(wijk.get_absolute_url()).content.decode()
    assert "Eigen regie boven aantallen." in page
    assert "Niet alleen zijn telt zwaarder" in page  # the buurt panel's values travel up


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"values_discussed": "   "}, "values_discussed"),
        ({"level": MscLevel.NEIGHBOURHOOD}, "level"),  # not above the round it chooses from
    ],
)
def test_a_round_without_values_or_at_the_same_level_is_refused(users, areas, overrides, field):
    buurt = _round(users["worker"], areas.buurt)
    with pytest.raises(ValidationError) as error:
        _round(users["worker"], areas.wijk, previous_round=buurt,
               **{"level": MscLevel.DISTRICT, **overrides})  # fmt: skip
    assert field in error.value.message_dict
    assert SelectionRound.objects.count() == 1


def test_the_page_offers_to_pass_the_choice_up(users, areas, world):
    buurt = _round(users["worker"], areas.buurt)
    services.selection_add(selection_round=buurt, story=world.story, reason="Eenzaamheid.")
    client = client_for(users["worker"])
    assert (
        "Doorgeven aan het volgende niveau" in client.get(buurt.get_absolute_url()).content.decode()
    )
    form = client.get(reverse("reports:round_create"), {"vorige": buurt.pk}).content.decode()
    assert f'<option value="{buurt.pk}" selected>' in form
    assert '<option value="2" selected>' in form  # wijk


def _outcome_fields(area, **overrides):
    values = {
        "area": area,
        "actor": "De woningcorporatie",
        "change": "Houdt het buurthuis open op zaterdag.",
        "change_type": ChangeType.PRACTICE,
        "occurred_on": dt.date(YEAR, 10, 1),
        "significance": "Een plek in het weekend.",
        "contribution": "De werker bracht bewoners en corporatie samen.",
    }
    return {**values, **overrides}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"actor": "Het opbouwwerk"}, "actor", "een verandering bij een ander"),
        ({"actor": "wij"}, "actor", "een verandering bij een ander"),
        ({"change": "We hebben een bijeenkomst georganiseerd."}, "change", "een activiteit"),
        ({"change": "Op 3 mei hebben we flyers verspreid."}, "change", "een activiteit"),
        ({"change_type": ""}, "change_type", "mag niet leeg zijn"),
    ],
)
def test_an_activity_is_not_an_outcome(users, areas, overrides, field, message):
    with pytest.raises(ValidationError) as error:
        services.outcome_create(
            recorded_by=users["worker"], **_outcome_fields(areas.buurt, **overrides)
        )
    assert message in " ".join(error.value.message_dict[field])
    assert not Outcome.objects.exists()


def test_residents_who_organise_something_themselves_is_an_outcome(users, areas):
    outcome = services.outcome_create(
        recorded_by=users["worker"],
        **_outcome_fields(
            areas.buurt, actor="Bewoners van de Vlinderstraat",
            change="Organiseren zelf elke maand een buurtmaaltijd.",
            change_type=ChangeType.BEHAVIOUR,
        ),
    )  # fmt: skip
    assert outcome.substantiation == Substantiation.NOT_YET


def test_a_harvest_is_designed_with_its_users_and_substantiated(users, areas):
    worker = users["worker"]
    client = client_for(worker)
    response = client.post(
        reverse("reports:harvest_create"),
        {"area": areas.wijk.pk, "title": "Oogst 2025", "intended_users": "De bewonerscommissie",
         "uses": "Het gesprek met de gemeente over het buurthuis.",
         "questions": "Wie neemt verantwoordelijkheid voor het buurthuis?\n"
                      "Wat veranderde bij de corporatie?",
         "period_start": f"{YEAR}-01-01", "period_end": f"{YEAR}-12-31"},
    )  # fmt: skip
    harvest = Harvest.objects.get()
    assert response.status_code == 302 and response["Location"] == harvest.get_absolute_url()
    assert len(harvest.question_list) == 2
    outcome = services.outcome_create(
        recorded_by=worker, harvest=harvest, substantiated_by="Wijkconsulent",
        **_outcome_fields(areas.buurt),
    )  # fmt: skip
    services.outcome_update(
        outcome=outcome, editor=worker, substantiation=Substantiation.CONFIRMED,
        substantiation_note="De wijkconsulent bevestigt: sinds oktober open.",
    )  # fmt: skip
    page = client.get(harvest.get_absolute_url()).content.decode()
    assert "Wie neemt verantwoordelijkheid voor het buurthuis?" in page
    assert "bevestigd 1" in page and "De wijkconsulent bevestigt" in page
    with pytest.raises(ValidationError, match="ander gebied"):
        services.outcome_create(
            recorded_by=users["other_worker"], harvest=harvest,
            **_outcome_fields(areas.other_buurt),
        )  # fmt: skip


def test_a_bad_harvest_is_refused_at_the_field_and_nothing_is_stored(users, areas):
    response = client_for(users["worker"]).post(
        reverse("reports:harvest_create"),
        {"area": areas.wijk.pk, "title": "Oogst", "intended_users": "", "uses": "x",
         "questions": "y", "period_start": f"{YEAR}-12-31", "period_end": f"{YEAR}-01-01"},
    )  # fmt: skip
    assert response.status_code == 400
    assert not Harvest.objects.exists()
    assert StorySelection.objects.count() == 0
