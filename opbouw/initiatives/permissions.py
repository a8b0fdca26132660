"""Who may see and do what with initiatives and buurtbudget applications.

By role in the initiative's area (a role in a wijk covers its buurten):

- bewoner (resident): sees the initiatives; starts one (and becomes its trekker); joins one
  as deelnemer or vrijwilliger; leaves it. As trekker or kerngroep member of an initiative:
  edits it, changes its stage, adds needs and offers, and drafts, supports (draagvlak),
  submits and accounts for its buurtbudget applications. Other residents do not see the
  applications.
- opbouwwerker (worker), coördinator, beheer: everything on the initiative — members by
  name, stages, needs and offers, support moments (links to their journal entries), their
  own position per stage (ervoor / ernaast / erachter) and the municipality's role
  (overheidsparticipatie) — and the applications as the initiative's core can.
- partner: sees the initiatives (members' names only with their sharing consent); not the
  applications.
- beleid (policy): sees the initiatives like a partner, and the submitted applications; decides
  on them (in behandeling, toegekend or afgewezen, always with a reason). Beheer (admin) may
  decide too. Beleid may delegate the decisions of an area to a residents' committee: while
  that holds, the committee's board (residents with an account) sees the submitted requests of
  the area and decides like beleid (delegation.py).

Support moments are shown in detail only to those who may read the area's journal (workers,
coordinators, admins); others see how often support was given, not the entries. Members' names
follow people.permissions.display_name. Receipts and photos are served only to those who see the
application. Outside your areas everything is a 404, and so is an action your role may not take.

Participation processes (a municipal decision with its participatieladder level agreed in
advance and the level realised) are seen by everyone with a role in the area — the promise is
public by nature — and recorded by workers, coordinators, admins and beleid.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from opbouw.areas.models import Area
from opbouw.areas.permissions import AnyUser, area_ids_for
from opbouw.core.roles import AREA_ROLES, JOURNAL_ROLES, Role
from opbouw.people.models import Person

from .cashbox import CashEntry
from .delegation import GrantDelegation
from .models import (
    CORE_ROLES,
    Attachment,
    GrantApplication,
    Initiative,
    Member,
    NeedOffer,
)
from .participation import ParticipationProcess

VIEW_ROLES = AREA_ROLES
CREATE_ROLES = frozenset({Role.RESIDENT, Role.WORKER, Role.COORDINATOR, Role.ADMIN})
MANAGE_ROLES = JOURNAL_ROLES
GRANT_VIEW_ROLES = frozenset({*JOURNAL_ROLES, Role.POLICY})
DECIDE_ROLES = frozenset({Role.POLICY, Role.ADMIN})
PROCESS_EDIT_ROLES = frozenset({*JOURNAL_ROLES, Role.POLICY})

_PERSON_CACHE = "_opbouw_person_id"
# An area's boundary and figures are large JSON documents: pages about initiatives never
# need them, so queries that join the area leave them out.
AREA_DOCUMENTS = ("area__boundary", "area__key_figures")


def person_id_of(user: AnyUser) -> int | None:
    """The Person record linked to this account (cached for the request)."""
    if not user.is_authenticated:
        return None
    if _PERSON_CACHE not in user.__dict__:
        user.__dict__[_PERSON_CACHE] = (
            Person.objects.filter(user_id=user.pk).values_list("pk", flat=True).first()
        )
    person_id: int | None = user.__dict__[_PERSON_CACHE]
    return person_id


def view_area_ids(user: AnyUser) -> frozenset[int]:
    return area_ids_for(user, VIEW_ROLES)


def require_view(user: AnyUser) -> None:
    if not view_area_ids(user):
        raise Http404


def create_area_ids(user: AnyUser) -> frozenset[int]:
    ids = area_ids_for(user, CREATE_ROLES)
    if not area_ids_for(user, MANAGE_ROLES) and person_id_of(user) is None:
        return frozenset()  # a resident account without a person cannot be a trekker
    return ids


def can_create(user: AnyUser) -> bool:
    return bool(create_area_ids(user))


def initiatives_visible(user: AnyUser) -> QuerySet[Initiative]:
    return Initiative.objects.filter(area_id__in=view_area_ids(user))


def access_initiative(user: AnyUser, pk: int) -> Initiative:
    initiative = (
        initiatives_visible(user)
        .select_related("area", "area__parent")
        .defer(*AREA_DOCUMENTS, "area__parent__boundary", "area__parent__key_figures")
        .filter(pk=pk)
        .first()
    )
    if initiative is None:
        raise Http404
    return initiative


def can_manage(user: AnyUser, initiative: Initiative) -> bool:
    """Workers, coordinators and admins of the area: the professional side."""
    return initiative.area_id in area_ids_for(user, MANAGE_ROLES)


def is_core_member(user: AnyUser, initiative: Initiative) -> bool:
    person_id = person_id_of(user)
    if person_id is None or initiative.area_id not in view_area_ids(user):
        return False
    return Member.objects.filter(
        initiative=initiative, person_id=person_id, role__in=CORE_ROLES, left_on=None
    ).exists()


def is_member(user: AnyUser, initiative: Initiative) -> bool:
    person_id = person_id_of(user)
    return person_id is not None and (
        Member.objects.filter(initiative=initiative, person_id=person_id, left_on=None).exists()
    )


def can_edit(user: AnyUser, initiative: Initiative) -> bool:
    return can_manage(user, initiative) or is_core_member(user, initiative)


def can_join(user: AnyUser, initiative: Initiative) -> bool:
    return (
        initiative.area_id in area_ids_for(user, {Role.RESIDENT})
        and person_id_of(user) is not None
        and not is_member(user, initiative)
    )


def can_see_support(user: AnyUser, initiative: Initiative) -> bool:
    return initiative.area_id in area_ids_for(user, JOURNAL_ROLES)


def access_initiative_for_edit(user: AnyUser, pk: int) -> Initiative:
    initiative = access_initiative(user, pk)
    if not can_edit(user, initiative):
        raise Http404
    return initiative


def access_initiative_for_work(user: AnyUser, pk: int) -> Initiative:
    """Only the professional side: support moments, position, ladder, members by name."""
    initiative = access_initiative(user, pk)
    if not can_manage(user, initiative):
        raise Http404
    return initiative


def access_initiative_for_join(user: AnyUser, pk: int) -> Initiative:
    initiative = access_initiative(user, pk)
    if not can_join(user, initiative):
        raise Http404
    return initiative


def access_member_for_edit(user: AnyUser, pk: int) -> Member:
    member = Member.objects.select_related("initiative").filter(pk=pk).first()
    if member is None or member.initiative.area_id not in view_area_ids(user):
        raise Http404
    own = person_id_of(user) == member.person_id
    if not (can_manage(user, member.initiative) or own):
        raise Http404
    return member


def access_need_for_edit(user: AnyUser, pk: int) -> NeedOffer:
    need = NeedOffer.objects.select_related("initiative").filter(pk=pk).first()
    if need is None or not can_edit(user, need.initiative):
        raise Http404
    return need


# --- buurtbudget ----------------------------------------------------------------------------


_COMMITTEE_CACHE = "_opbouw_committee_paths"


def committee_area_paths(user: AnyUser) -> tuple[str, ...]:
    """The areas in which the user, on the board of a residents' committee, decides on
    buurtbudget requests because the municipality delegated it (cached for the request)."""
    person_id = person_id_of(user)
    if person_id is None:
        return ()
    if _COMMITTEE_CACHE not in user.__dict__:
        user.__dict__[_COMMITTEE_CACHE] = tuple(
            GrantDelegation.objects.filter(
                ended_on=None,
                committee__memberships__person_id=person_id,
                committee__memberships__role="board",
                area_id__in=area_ids_for(user, {Role.RESIDENT}),
            ).values_list("area__path", flat=True)
        )
    paths: tuple[str, ...] = user.__dict__[_COMMITTEE_CACHE]
    return paths


def _in_committee_areas(user: AnyUser) -> Q | None:
    """Submitted (not draft) requests in the areas delegated to the user's committee."""
    rule = None
    for path in committee_area_paths(user):
        part = Q(initiative__area__path__startswith=path) & ~Q(status="draft")
        rule = part if rule is None else rule | part
    return rule


def grants_visible(user: AnyUser) -> QuerySet[GrantApplication]:
    rule = Q(initiative__area_id__in=area_ids_for(user, GRANT_VIEW_ROLES))
    committee = _in_committee_areas(user)
    if committee is not None:
        rule |= committee
    person_id = person_id_of(user)
    if person_id is not None:
        core = Member.objects.filter(person_id=person_id, role__in=CORE_ROLES, left_on=None)
        rule |= Q(
            initiative_id__in=core.values("initiative_id"),
            initiative__area_id__in=view_area_ids(user),
        )
    return GrantApplication.objects.filter(rule)


def can_see_grants(user: AnyUser, initiative: Initiative) -> bool:
    return initiative.area_id in area_ids_for(user, GRANT_VIEW_ROLES) or is_core_member(
        user, initiative
    )


def can_see_grant_list(user: AnyUser) -> bool:
    return bool(area_ids_for(user, GRANT_VIEW_ROLES)) or bool(committee_area_paths(user))


def access_grant(user: AnyUser, pk: int) -> GrantApplication:
    grant = (
        grants_visible(user)
        .select_related("initiative", "initiative__area", "created_by")
        .defer("initiative__area__boundary", "initiative__area__key_figures")
        .filter(pk=pk)
        .first()
    )
    if grant is None:
        raise Http404
    return grant


def can_work_on_grant(user: AnyUser, grant: GrantApplication) -> bool:
    """Drafting, draagvlak, submitting, accounting: the initiative's core or its workers."""
    return can_edit(user, grant.initiative)


def can_decide(user: AnyUser, grant: GrantApplication) -> bool:
    if grant.initiative.area_id in area_ids_for(user, DECIDE_ROLES):
        return True
    paths = committee_area_paths(user)
    return (
        bool(paths)
        and grant.status != "draft"
        and any(grant.initiative.area.path.startswith(path) for path in paths)
    )


def delegation_area_ids(user: AnyUser) -> frozenset[int]:
    """Where the user (beleid, beheer) may delegate buurtbudget decisions to a committee."""
    return area_ids_for(user, DECIDE_ROLES)


def access_delegation(user: AnyUser, pk: int) -> GrantDelegation:
    delegation = GrantDelegation.objects.filter(
        pk=pk, area_id__in=delegation_area_ids(user)
    ).first()
    if delegation is None:
        raise Http404
    return delegation


def access_grant_for_work(user: AnyUser, pk: int) -> GrantApplication:
    grant = access_grant(user, pk)
    if not can_work_on_grant(user, grant):
        raise Http404
    return grant


def access_grant_for_decision(user: AnyUser, pk: int) -> GrantApplication:
    grant = access_grant(user, pk)
    if not can_decide(user, grant):
        raise Http404
    return grant


def access_attachment(user: AnyUser, pk: int) -> Attachment:
    attachment = (
        Attachment.objects.filter(pk=pk, application__in=grants_visible(user))
        .select_related("application")
        .first()
    )
    if attachment is None:
        raise Http404
    return attachment


def areas_for_new_initiative(user: AnyUser) -> QuerySet[Area]:
    return Area.objects.filter(id__in=create_area_ids(user)).order_by("path")


# --- participation processes ------------------------------------------------------------------


def process_edit_area_ids(user: AnyUser) -> frozenset[int]:
    return area_ids_for(user, PROCESS_EDIT_ROLES)


def processes_visible(user: AnyUser) -> QuerySet[ParticipationProcess]:
    return ParticipationProcess.objects.filter(area_id__in=view_area_ids(user))


def can_edit_process(user: AnyUser, process: ParticipationProcess) -> bool:
    return process.area_id in process_edit_area_ids(user)


def access_process(user: AnyUser, pk: int) -> ParticipationProcess:
    process = (
        processes_visible(user).select_related("area").defer(*AREA_DOCUMENTS).filter(pk=pk).first()
    )
    if process is None:
        raise Http404
    return process


def access_process_for_edit(user: AnyUser, pk: int) -> ParticipationProcess:
    process = access_process(user, pk)
    if not can_edit_process(user, process):
        raise Http404
    return process


def access_cash_receipt(user: AnyUser, pk: int) -> "CashEntry":
    """A receipt of an initiative's cash box: for its core and the workers of the area."""
    entry = CashEntry.objects.select_related("initiative").filter(pk=pk).first()
    if entry is None or not entry.receipt or not can_edit(user, entry.initiative):
        raise Http404
    return entry
