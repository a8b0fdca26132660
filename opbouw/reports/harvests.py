"""Outcome harvesting and MSC selection up the levels, as their authors describe them.

- Most Significant Change (Davies & Dart 2005): a panel per level reads the stories, chooses,
  and records why and which values it discussed; the chosen stories go up a level (buurt →
  wijk → financier), where the next panel chooses again from those, with its own values.
- Outcome harvesting (Wilson-Grau 2019): design the harvest with its users (who will use it,
  for what, which questions it answers), write outcome statements about a change in the
  behaviour, relationships, policy or practice of a societal actor — not an activity of the
  worker — and substantiate a selection of them with people who know, with a status.
"""

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from opbouw.accounts.models import User
from opbouw.areas.models import Area

from .models import Harvest, MscLevel, Outcome, SelectionRound, Story, Substantiation
from .permissions import work_area_ids

# An actor that is the community work itself: then the statement describes an activity.
_WORKER_ACTOR = re.compile(
    r"^\s*(?:het |de |ons |onze )?(?:opbouwwerk\w*|opbouw|wijkwerk\w*|welzijnswerk\w*|werkers?|"
    r"wij|we|ik|ons team|het team)\s*$",
    re.IGNORECASE,
)
# A change told in the first person ("we organised …") is what the worker did.
_FIRST_PERSON = re.compile(r"^\s*(?:wij|we|ik)\b|\b(?:hebben we|hebben wij|heb ik)\b", re.I)


def check_outcome_is_a_change(fields: dict[str, Any]) -> None:
    """Refuse an outcome statement that describes an activity of the worker, at the field."""
    errors: dict[str, str] = {}
    if "actor" in fields and _WORKER_ACTOR.match(fields["actor"] or ""):
        errors["actor"] = _(
            "Een uitkomst is een verandering bij een ander: een groep, organisatie of "
            "instantie. Wat het opbouwwerk zelf deed, is een activiteit; schrijf dat bij "
            "‘Wat droeg het opbouwwerk bij?’."
        )
    if "change" in fields and _FIRST_PERSON.search(fields["change"] or ""):
        errors["change"] = _(
            "Beschrijf wat de actor anders is gaan doen (gedrag, relaties, beleid of "
            "werkwijze), niet wat u deed: dat is een activiteit."
        )
    if errors:
        raise ValidationError(errors, code="activity")


def check_round_level(
    *, user: User, area: Area, level: int, previous_round: SelectionRound | None
) -> None:
    """A round that passes a choice up chooses from a lower round of an area it covers."""
    if previous_round is None:
        return
    if previous_round.area_id not in work_area_ids(user):
        raise ValidationError({"previous_round": _("Deze ronde valt buiten uw gebieden.")})
    if level <= previous_round.level:
        raise ValidationError(
            {
                "level": _(
                    "Een ronde die verder kiest, staat een niveau hoger dan de ronde eronder "
                    "(%(level)s)."
                )
                % {"level": MscLevel(previous_round.level).label}
            }
        )
    if not previous_round.area.path.startswith(area.path):
        raise ValidationError({"area": _("Dit gebied omvat het gebied van de ronde eronder niet.")})


def candidates(selection_round: SelectionRound) -> list[Story] | None:
    """The stories the round below chose (None for a round that reads all stories)."""
    if selection_round.previous_round_id is None:
        return None
    chosen = Story.objects.filter(selections__round_id=selection_round.previous_round_id)
    return list(chosen.order_by("told_on", "id"))


def rounds_below(selection_round: SelectionRound) -> list[SelectionRound]:
    """The chain of rounds this one chose from, nearest first (what they discussed travels up)."""
    chain: list[SelectionRound] = []
    current = selection_round.previous_round
    while current is not None and len(chain) < len(MscLevel):
        chain.append(current)
        current = current.previous_round
    return chain


def harvest_list(user: User) -> QuerySet[Harvest]:
    return (
        Harvest.objects.filter(area_id__in=work_area_ids(user))
        .select_related("area")
        .defer("area__boundary", "area__key_figures")
        .order_by("-period_end", "-id")
    )


def harvest_create(
    *,
    created_by: User,
    area: Area,
    title: str,
    intended_users: str,
    uses: str,
    questions: str,
    period_start: dt.date,
    period_end: dt.date,
) -> Harvest:
    if area.pk not in work_area_ids(created_by):
        raise ValidationError(_("U werkt niet in dit gebied."), code="area")
    if period_end < period_start:
        raise ValidationError({"period_end": _("Het einde ligt vóór het begin.")})
    harvest = Harvest(
        area=area,
        title=title.strip(),
        intended_users=intended_users.strip(),
        uses=uses.strip(),
        questions=questions.strip(),
        period_start=period_start,
        period_end=period_end,
        created_by=created_by,
    )
    harvest.full_clean()
    harvest.save()
    return harvest


def check_harvest(area: Area, harvest: Harvest | None) -> None:
    if harvest is not None and not area.path.startswith(harvest.area.path):
        raise ValidationError({"harvest": _("Deze oogst gaat over een ander gebied.")})


def substantiation_counts(harvest: Harvest) -> list[tuple[str, int]]:
    counts = {value: 0 for value in Substantiation.values}
    for status in Outcome.objects.filter(harvest=harvest).values_list("substantiation", flat=True):
        counts[status] += 1
    return [(str(Substantiation(value).label), n) for value, n in counts.items()]
