"""Reading initiatives: lists, an initiative with everything around it, its timeline.

Journal entries and assets belong to sibling apps; they are read through the relations
declared here ("journal.JournalEntry", "assets.Asset"), never by importing those apps.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from opbouw.areas.models import Area
from opbouw.areas.permissions import AnyUser, area_ids_for
from opbouw.core.roles import JOURNAL_ROLES
from opbouw.people.models import Person
from opbouw.people.permissions import display_name, sharing_annotations

from .models import (
    GrantApplication,
    GrantStatus,
    Initiative,
    Member,
    MunicipalRoleChange,
    NeedOffer,
    PositionChange,
    Stage,
    StageChange,
    SupportMoment,
)
from .permissions import (
    AREA_DOCUMENTS,
    can_manage,
    can_see_grants,
    can_see_support,
    grants_visible,
    initiatives_visible,
    processes_visible,
    view_area_ids,
)


def initiative_list(
    user: AnyUser, *, area: Area | None = None, stage: str | None = None
) -> QuerySet[Initiative]:
    initiatives = initiatives_visible(user)
    if area is not None:
        initiatives = initiatives.filter(area__path__startswith=area.path)
    if stage in Stage.values:
        initiatives = initiatives.filter(stage=stage)
    return (
        initiatives.select_related("area")
        .defer(*AREA_DOCUMENTS)
        .prefetch_related("themes")
        .annotate(member_count=Count("members", filter=Q(members__left_on=None)))
        .order_by("title", "id")
    )


def stage_counts(user: AnyUser, *, area: Area | None = None) -> dict[str, int]:
    initiatives = initiatives_visible(user)
    if area is not None:
        initiatives = initiatives.filter(area__path__startswith=area.path)
    rows = initiatives.values("stage").annotate(n=Count("id")).order_by()
    return {row["stage"]: row["n"] for row in rows}


def members_of(initiative: Initiative, *, current_only: bool = False) -> list[Member]:
    people = Person.objects.annotate(**sharing_annotations())
    members = initiative.members.prefetch_related(Prefetch("person", queryset=people))
    if current_only:
        members = members.filter(left_on=None)
    return list(members.order_by("left_on", "role", "since", "id"))


@dataclass(frozen=True)
class Event:
    """One moment in the initiative's life, for its timeline."""

    date: dt.date
    kind: str  # stage, member, position, municipal_role, support, need, grant
    title: str
    text: str = ""
    url: str = ""
    order: int = 0


def timeline(user: AnyUser, initiative: Initiative) -> list[Event]:
    """Everything that happened, oldest first; each part only for those who may see it."""
    events: list[Event] = []
    for change in initiative.stages.all():
        title = (
            _("Fase: %(from)s → %(to)s")
            % {"from": change.get_from_stage_display(), "to": change.get_to_stage_display()}
            if change.from_stage
            else _("Begonnen als %(stage)s") % {"stage": change.get_to_stage_display()}
        )
        events.append(Event(change.changed_on, "stage", title, change.note, order=change.pk))
    for member in members_of(initiative):
        name = display_name(user, member.person)
        events.append(
            Event(
                member.since,
                "member",
                _("%(name)s doet mee als %(role)s")
                % {"name": name, "role": member.get_role_display()},
            )
        )
        if member.left_on:
            events.append(
                Event(member.left_on, "member", _("%(name)s is gestopt") % {"name": name})
            )
    for position in PositionChange.objects.filter(initiative=initiative):
        events.append(
            Event(
                position.set_on,
                "position",
                _("Werker in fase %(stage)s: %(position)s")
                % {
                    "stage": position.get_stage_display(),
                    "position": position.get_position_display(),
                },
                position.note,
            )
        )
    for step in MunicipalRoleChange.objects.filter(initiative=initiative):
        events.append(
            Event(
                step.set_on,
                "municipal_role",
                _("Rol van de gemeente: %(role)s") % {"role": step.get_role_display()},
                step.note,
            )
        )
    for need in NeedOffer.objects.filter(initiative=initiative).select_related("asset"):
        events.append(
            Event(need.created_on, "need", f"{need.get_kind_display()}: {need.description}")
        )
        if need.fulfilled_on:
            events.append(
                Event(
                    need.fulfilled_on, "need", _("Geregeld: %(what)s") % {"what": need.description}
                )
            )
    if can_see_support(user, initiative):
        for moment in support_moments(initiative):
            entry: Any = moment.entry
            events.append(
                Event(
                    entry.occurred_on,
                    "support",
                    _("Steun: %(kind)s") % {"kind": entry.get_kind_display()},
                    moment.note,
                    url=entry.get_absolute_url(),
                )
            )
    if can_see_grants(user, initiative):
        for grant in initiative.grants.prefetch_related("trail"):
            for trail_step in grant.trail.all():
                events.append(
                    Event(
                        timezone.localdate(trail_step.changed_at),  # the day in Amsterdam
                        "grant",
                        _("Buurtbudget “%(title)s”: %(status)s")
                        % {"title": grant.title, "status": trail_step.get_to_status_display()},
                        trail_step.reason,
                        url=grant.get_absolute_url(),
                    )
                )
    return sorted(events, key=lambda event: (event.date, event.kind != "stage", event.order))


def support_moments(initiative: Initiative) -> list[SupportMoment]:
    return list(
        initiative.support_moments.select_related("entry", "entry__author").order_by(
            "-entry__occurred_on", "-id"
        )
    )


def current_positions(initiative: Initiative) -> dict[str, PositionChange]:
    """The worker's latest position per stage."""
    latest: dict[str, PositionChange] = {}
    for change in PositionChange.objects.filter(initiative=initiative).order_by("set_on", "id"):
        latest[change.stage] = change
    return latest


def stage_history(initiative: Initiative) -> list[StageChange]:
    return list(initiative.stages.select_related("changed_by").order_by("changed_on", "id"))


def needs_of(initiative: Initiative) -> list[NeedOffer]:
    return list(initiative.needs.select_related("asset"))


def grants_of(user: AnyUser, initiative: Initiative) -> list[GrantApplication]:
    if not can_see_grants(user, initiative):
        return []
    return list(
        grants_visible(user).filter(initiative=initiative).prefetch_related("lines", "supporters")
    )


def grant_list(user: AnyUser, *, status: str | None = None) -> QuerySet[GrantApplication]:
    grants = grants_visible(user).exclude(status=GrantStatus.DRAFT)
    if status in GrantStatus.values:
        grants = grants.filter(status=status)
    return (
        grants.select_related("initiative", "initiative__area")
        .defer("initiative__area__boundary", "initiative__area__key_figures")
        .prefetch_related("lines")
        .annotate(supporter_count=Count("supporters", distinct=True))
        .order_by("-submitted_on", "-id")
    )


def grant_get(grant: GrantApplication) -> GrantApplication:
    return (
        GrantApplication.objects.select_related("initiative", "initiative__area")
        .defer("initiative__area__boundary", "initiative__area__key_figures")
        .prefetch_related("lines", "supporters", "partners", "attachments", "trail__changed_by")
        .get(pk=grant.pk)
    )


def recent_entries_for_support(
    user: AnyUser, initiative: Initiative, *, limit: int = 30
) -> list[Any]:
    """Journal entries of the initiative's area the worker may link (newest first)."""
    if not can_manage(user, initiative):
        return []
    entry_model: Any = SupportMoment._meta.get_field("entry").related_model
    linked = initiative.support_moments.values("entry_id")
    return list(
        entry_model.objects.filter(
            area__path__startswith=initiative.area.path,
            area_id__in=area_ids_for(user, JOURNAL_ROLES),
        )
        .exclude(pk__in=linked)
        .order_by("-occurred_on", "-id")[:limit]
    )


def assets_for_needs(user: AnyUser, initiative: Initiative, *, limit: int = 200) -> list[Any]:
    """Assets of the initiative's area (and below) to link a need or offer to."""
    asset_model: Any = NeedOffer._meta.get_field("asset").related_model
    return list(
        asset_model.objects.filter(
            area__path__startswith=initiative.area.path, area_id__in=view_area_ids(user)
        )
        .only("id", "name", "kind")
        .order_by("name")[:limit]
    )


def process_list(user: AnyUser, *, area: Area | None = None) -> QuerySet[Any]:
    """Participation processes in the user's areas, newest agreement first."""
    processes = processes_visible(user)
    if area is not None:
        processes = processes.filter(area__path__startswith=area.path)
    return processes.select_related("area").defer(*AREA_DOCUMENTS).order_by("-agreed_on", "-id")
