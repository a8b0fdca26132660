"""Writing initiatives: stages by the rules, members, needs and offers, the worker's side.

Buurtbudget applications are in grants.py. Every service checks who may do it again (a form can
be tampered with), validates before saving and stores all or nothing.
"""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opbouw.accounts.models import User
from opbouw.areas.models import Area
from opbouw.areas.permissions import area_ids_for
from opbouw.audit.models import Action
from opbouw.audit.services import record_change
from opbouw.core.dates import format_day
from opbouw.core.models import Theme
from opbouw.core.roles import JOURNAL_ROLES
from opbouw.people.models import Person

from .models import (
    CORE_ROLES,
    Initiative,
    Member,
    MemberRole,
    MunicipalRoleChange,
    NeedOffer,
    PositionChange,
    Stage,
    StageChange,
    SupportMoment,
)
from .permissions import (
    can_edit,
    can_join,
    can_manage,
    create_area_ids,
    person_id_of,
    view_area_ids,
)

# Which stage may follow which. Many initiatives start by doing (a street party): from idea
# straight to action is allowed, with the reason in the note like every step. "Afgerond" (goal
# reached, one-off done) is an ending apart from "gestopt"; both may start again.
ALLOWED: dict[Stage, frozenset[Stage]] = {
    Stage.IDEA: frozenset({Stage.CORE, Stage.ACTION, Stage.STOPPED}),
    Stage.CORE: frozenset({Stage.ACTION, Stage.IDEA, Stage.STOPPED}),
    Stage.ACTION: frozenset({Stage.INDEPENDENT, Stage.CORE, Stage.COMPLETED, Stage.STOPPED}),
    Stage.INDEPENDENT: frozenset({Stage.ACTION, Stage.COMPLETED, Stage.STOPPED}),
    Stage.COMPLETED: frozenset({Stage.IDEA, Stage.ACTION}),
    Stage.STOPPED: frozenset({Stage.IDEA}),
}
MIN_CORE = 2  # "kern gevormd": at least two residents carry it, one of them trekker


def allowed_next(stage: str) -> list[Stage]:
    order = list(Stage)
    return sorted(ALLOWED[Stage(stage)], key=order.index)


def _skip_message(current: Stage, wanted: Stage) -> str:
    if current == wanted:
        return _("Het initiatief is al in de fase ‘%(stage)s’.") % {"stage": current.label}
    if current == Stage.STOPPED:
        return _("Een gestopt initiatief begint opnieuw als idee.")
    if current == Stage.IDEA and wanted == Stage.INDEPENDENT:
        return _(
            "Van ‘idee’ kan een initiatief niet meteen naar ‘zelfstandig’: het moet eerst "
            "‘in actie’ zijn geweest."
        )
    if current == Stage.IDEA and wanted == Stage.COMPLETED:
        return _(
            "Van ‘idee’ kan een initiatief niet meteen naar ‘afgerond’: het moet eerst "
            "‘in actie’ zijn geweest. Is het idee niet doorgegaan, kies dan ‘gestopt’."
        )
    if current == Stage.CORE and wanted == Stage.INDEPENDENT:
        return _(
            "Van ‘kern gevormd’ kan een initiatief niet meteen naar ‘zelfstandig’: het moet "
            "eerst ‘in actie’ zijn geweest."
        )
    return _("Van ‘%(current)s’ kan een initiatief niet naar ‘%(stage)s’. Mogelijk: %(next)s.") % {
        "current": current.label,
        "stage": wanted.label,
        "next": ", ".join(str(stage.label) for stage in allowed_next(current)),
    }


def _check_date(value: dt.date, *, not_before: dt.date | None, field: str) -> None:
    if value > timezone.localdate():
        raise ValidationError({field: _("Deze datum ligt in de toekomst.")})
    if not_before is not None and value < not_before:
        raise ValidationError(
            {
                field: _("Deze datum ligt vóór de vorige stap (%(date)s).")
                % {"date": format_day(not_before, year=True)}
            }
        )


@transaction.atomic
def initiative_create(
    *,
    created_by: User,
    title: str,
    goal: str,
    area: Area,
    themes: Sequence[Theme] = (),
    started_on: dt.date | None = None,
    note: str = "",
    lead: Person | None = None,
) -> Initiative:
    """A new initiative starts as an idea; its first stage change is the start of its story.

    A resident who starts one becomes its trekker (the view passes their own person).
    """
    if area.pk not in create_area_ids(created_by):
        raise ValidationError({"area": _("U kunt in dit gebied geen initiatief starten.")})
    started_on = started_on or timezone.localdate()
    _check_date(started_on, not_before=None, field="started_on")
    if lead is not None:
        _check_person(user=created_by, person=lead)
    initiative = Initiative(
        title=title.strip(),
        goal=goal.strip(),
        area=area,
        stage=Stage.IDEA,
        stage_since=started_on,
        created_by=created_by,
    )
    initiative.full_clean()
    initiative.save()
    initiative.themes.set(themes)
    StageChange.objects.create(
        initiative=initiative,
        from_stage="",
        to_stage=Stage.IDEA,
        changed_on=started_on,
        note=note.strip() or _("Het idee is vastgelegd."),
        changed_by=created_by,
    )
    if lead is not None:
        lead_member = Member.objects.create(
            initiative=initiative, person=lead, role=MemberRole.LEAD, since=started_on
        )
        record_change(created_by, lead_member, action=Action.CREATE, area_id=initiative.area_id)
    return initiative


def _check_person(*, user: User, person: Person) -> None:
    """Workers add people of their areas; anyone may add themselves."""
    if person.pk == person_id_of(user):
        return
    if person.area_id not in area_ids_for(user, JOURNAL_ROLES):
        raise ValidationError({"person": _("Deze persoon valt buiten uw gebieden.")})


@transaction.atomic
def initiative_update(
    *,
    initiative: Initiative,
    editor: User,
    title: str,
    goal: str,
    area: Area,
    themes: Sequence[Theme],
) -> Initiative:
    if not can_edit(editor, initiative):
        raise ValidationError(_("U kunt dit initiatief niet wijzigen."))
    if area.pk not in view_area_ids(editor) or (
        area.pk != initiative.area_id and area.pk not in create_area_ids(editor)
    ):
        raise ValidationError(
            {"area": _("U kunt het initiatief niet naar dit gebied verplaatsen.")}
        )
    initiative.title = title.strip()
    initiative.goal = goal.strip()
    initiative.area = area
    initiative.full_clean()
    initiative.save()
    initiative.themes.set(themes)
    return initiative


@transaction.atomic
def initiative_change_stage(
    *,
    initiative: Initiative,
    changed_by: User,
    to_stage: str,
    changed_on: dt.date,
    note: str,
) -> StageChange:
    """Move the initiative to the next stage, if the rules allow it (ALLOWED, MIN_CORE)."""
    if not can_edit(changed_by, initiative):
        raise ValidationError(_("U kunt de fase van dit initiatief niet wijzigen."))
    # Lock the row: two people moving the same initiative at once must not both succeed.
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    current, wanted = Stage(initiative.stage), Stage(to_stage)
    if wanted not in ALLOWED[current]:
        raise ValidationError({"to_stage": _skip_message(current, wanted)}, code="stage_skip")
    if not note.strip():
        raise ValidationError(
            {"note": _("Schrijf kort op waarom het initiatief van fase verandert.")}
        )
    _check_date(changed_on, not_before=initiative.stage_since, field="changed_on")
    if wanted == Stage.CORE:
        core = Member.objects.filter(initiative=initiative, role__in=CORE_ROLES, left_on=None)
        leads = core.filter(role=MemberRole.LEAD).count()
        if core.count() < MIN_CORE or leads == 0:
            raise ValidationError(
                {
                    "to_stage": _(
                        "Voor ‘kern gevormd’ zijn minstens %(min)d bewoners nodig die trekker of "
                        "kerngroeplid zijn, van wie één trekker (nu %(count)d, trekkers: "
                        "%(leads)d). Voeg eerst leden toe."
                    )
                    % {"min": MIN_CORE, "count": core.count(), "leads": leads}
                },
                code="core_too_small",
            )
    change = StageChange(
        initiative=initiative,
        from_stage=current,
        to_stage=wanted,
        changed_on=changed_on,
        note=note.strip(),
        changed_by=changed_by,
    )
    change.full_clean()
    change.save()
    initiative.stage = wanted
    initiative.stage_since = changed_on
    initiative.save(update_fields=["stage", "stage_since", "updated_at"])
    return change


def member_add(
    *,
    initiative: Initiative,
    added_by: User,
    person: Person,
    role: str,
    since: dt.date | None = None,
) -> Member:
    """Add a person (workers: anyone of their areas) or give a former member a new role."""
    if not can_manage(added_by, initiative):
        raise ValidationError(_("Alleen de opbouwwerkers van het gebied voegen leden toe."))
    _check_person(user=added_by, person=person)
    since = since or timezone.localdate()
    _check_date(since, not_before=None, field="since")
    member = Member.objects.filter(initiative=initiative, person=person).first()
    if member is None:
        member = Member(initiative=initiative, person=person)
    elif member.left_on is None and member.role == role:
        raise ValidationError({"person": _("Deze persoon doet al mee in deze rol.")})
    member.role = role
    member.since = since if member.left_on is not None or member.pk is None else member.since
    member.left_on = None
    created = member.pk is None
    member.full_clean()
    member.save()
    record_change(
        added_by,
        member,
        action=Action.CREATE if created else Action.CHANGE,
        area_id=initiative.area_id,
    )
    return member


@transaction.atomic
def members_add(
    *, initiative: Initiative, added_by: User, people: list[Person], role: str
) -> list[Member]:
    """Add several people at once: all of them, or (one refused) none, naming who."""
    added = []
    for person in people:
        try:
            added.append(
                member_add(initiative=initiative, added_by=added_by, person=person, role=role)
            )
        except ValidationError as error:
            raise ValidationError(
                {
                    "people": [
                        _("%(person)s: %(reason)s Er is niemand toegevoegd.")
                        % {"person": person, "reason": " ".join(error.messages)}
                    ]
                }
            ) from error
    return added


def member_join(
    *, initiative: Initiative, user: User, role: str = MemberRole.PARTICIPANT
) -> Member:
    """A resident joins an initiative in their area themselves."""
    if not can_join(user, initiative):
        raise ValidationError(_("U kunt niet meedoen met dit initiatief."))
    if role not in {MemberRole.PARTICIPANT, MemberRole.VOLUNTEER}:
        raise ValidationError({"role": _("Meedoen kan als deelnemer of als vrijwilliger.")})
    person = Person.objects.get(pk=person_id_of(user) or 0)
    member, created = Member.objects.update_or_create(
        initiative=initiative,
        person=person,
        defaults={"role": role, "since": timezone.localdate(), "left_on": None},
    )
    record_change(
        user,
        member,
        action=Action.CREATE if created else Action.CHANGE,
        area_id=initiative.area_id,
    )
    return member


def member_leave(*, member: Member, removed_by: User, left_on: dt.date | None = None) -> Member:
    """A member stops (the history stays: the timeline shows when they joined and left)."""
    own = person_id_of(removed_by) == member.person_id
    if not (own or can_manage(removed_by, member.initiative)):
        raise ValidationError(_("U kunt dit lid niet afmelden."))
    left_on = left_on or timezone.localdate()
    _check_date(left_on, not_before=member.since, field="left_on")
    member.left_on = left_on
    member.save(update_fields=["left_on"])
    record_change(removed_by, member, area_id=member.initiative.area_id)
    return member


def _asset_model() -> Any:
    # The assets app is a sibling: its model is reached through the relation, not an import.
    return NeedOffer._meta.get_field("asset").related_model


def need_add(
    *,
    initiative: Initiative,
    created_by: User,
    kind: str,
    description: str,
    asset_id: int | None = None,
) -> NeedOffer:
    if not can_edit(created_by, initiative):
        raise ValidationError(_("U kunt bij dit initiatief geen vraag of aanbod toevoegen."))
    if asset_id is not None:
        visible = _asset_model().objects.filter(pk=asset_id, area_id__in=view_area_ids(created_by))
        if not visible.exists():
            raise ValidationError({"asset": _("Deze krachtbron valt buiten uw gebieden.")})
    need = NeedOffer(
        initiative=initiative,
        kind=kind,
        description=description.strip(),
        asset_id=asset_id,
        created_on=timezone.localdate(),
        created_by=created_by,
    )
    need.full_clean()
    need.save()
    return need


def need_fulfil(*, need: NeedOffer, by: User) -> NeedOffer:
    if not can_edit(by, need.initiative):
        raise ValidationError(_("U kunt dit niet afvinken."))
    if need.fulfilled_on is None:
        need.fulfilled_on = timezone.localdate()
        need.save(update_fields=["fulfilled_on"])
    return need


def _entry_model() -> Any:
    # The journal is a sibling app: its model is reached through the relation, not an import.
    return SupportMoment._meta.get_field("entry").related_model


def support_add(
    *, initiative: Initiative, linked_by: User, entry_id: int, note: str = ""
) -> SupportMoment:
    """Link a journal entry as a moment the worker supported the initiative."""
    if not can_manage(linked_by, initiative):
        raise ValidationError(_("Alleen opbouwwerkers koppelen logboekregels."))
    entry = (
        _entry_model()
        .objects.filter(pk=entry_id, area_id__in=area_ids_for(linked_by, JOURNAL_ROLES))
        .first()
    )
    if entry is None:
        raise ValidationError({"entry": _("Deze logboekregel kunt u niet koppelen.")})
    if SupportMoment.objects.filter(initiative=initiative, entry=entry).exists():
        raise ValidationError({"entry": _("Deze logboekregel is al gekoppeld.")})
    moment = SupportMoment(
        initiative=initiative,
        entry=entry,
        stage=initiative.stage,
        note=note.strip(),
        linked_by=linked_by,
    )
    moment.full_clean()
    moment.save()
    return moment


def position_set(
    *,
    initiative: Initiative,
    set_by: User,
    position: str,
    note: str = "",
    set_on: dt.date | None = None,
) -> PositionChange:
    """Where the worker stands in the current stage (ervoor, ernaast, erachter)."""
    if not can_manage(set_by, initiative):
        raise ValidationError(_("Alleen opbouwwerkers leggen hun positie vast."))
    set_on = set_on or timezone.localdate()
    _check_date(set_on, not_before=None, field="set_on")
    change = PositionChange(
        initiative=initiative,
        stage=initiative.stage,
        position=position,
        note=note.strip(),
        set_on=set_on,
        set_by=set_by,
    )
    change.full_clean()
    change.save()
    return change


@transaction.atomic
def municipal_role_set(
    *,
    initiative: Initiative,
    set_by: User,
    role: str,
    note: str = "",
    set_on: dt.date | None = None,
) -> MunicipalRoleChange:
    """What the municipality does for this initiative (overheidsparticipatie, ROB 2012)."""
    if not can_manage(set_by, initiative):
        raise ValidationError(_("Alleen opbouwwerkers leggen de rol van de gemeente vast."))
    set_on = set_on or timezone.localdate()
    _check_date(set_on, not_before=None, field="set_on")
    change = MunicipalRoleChange(
        initiative=initiative, role=role, note=note.strip(), set_on=set_on, set_by=set_by
    )
    change.full_clean()
    change.save()
    initiative.municipal_role = role
    initiative.save(update_fields=["municipal_role", "updated_at"])
    return change
