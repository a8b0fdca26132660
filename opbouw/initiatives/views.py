"""Initiative pages. Objects only through permissions.access_*; writes only through services.

Actions on the initiative page (stage, members, needs, support, position, municipal role) are small
POST forms that redirect back with a message (post/redirect/get), so they work without
JavaScript; a refused action comes back in its form on the page, with what was entered and
the errors at the fields (opbouw.core.forms.refused_redirect), and nothing is stored.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from opbouw.accounts.types import AuthenticatedRequest
from opbouw.areas.models import Area
from opbouw.areas.permissions import area_ids_for
from opbouw.audit.services import record_view
from opbouw.core.forms import add_service_errors, kept_form, refused_redirect
from opbouw.core.pagination import paginate
from opbouw.core.roles import JOURNAL_ROLES
from opbouw.people.models import Person
from opbouw.people.permissions import access_person_for_edit, display_name

from . import cashbox_services, selectors, services
from .forms import (
    CashEntryForm,
    InitiativeCreateForm,
    InitiativeForm,
    JoinForm,
    MemberForm,
    MunicipalRoleForm,
    NeedForm,
    PositionForm,
    StageForm,
    SupportForm,
)
from .models import ENDED_STAGES, MunicipalRole, Position, Stage
from .permissions import (
    access_initiative,
    access_initiative_for_edit,
    access_initiative_for_join,
    access_initiative_for_work,
    access_member_for_edit,
    access_need_for_edit,
    areas_for_new_initiative,
    can_create,
    can_edit,
    can_join,
    can_manage,
    can_see_grant_list,
    can_see_grants,
    can_see_support,
    is_core_member,
    person_id_of,
    require_view,
    view_area_ids,
)


def _error(request: AuthenticatedRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _refused(
    request: AuthenticatedRequest,
    form: forms.BaseForm,
    pk: int,
    anchor: str,
    error: ValidationError | None = None,
) -> HttpResponse:
    """Back to the initiative's page, where the form shows what was sent and its errors."""
    if error is not None:
        add_service_errors(form, error)
    url = reverse("initiatives:detail", kwargs={"pk": pk})
    return refused_redirect(request, form, f"{url}#{anchor}")


def _back(pk: int, anchor: str = "") -> HttpResponse:
    url = reverse("initiatives:detail", kwargs={"pk": pk})
    return redirect(f"{url}#{anchor}" if anchor else url)


@login_required
def initiative_list(request: AuthenticatedRequest) -> HttpResponse:
    require_view(request.user)
    visible = view_area_ids(request.user)
    area = Area.objects.filter(code=request.GET.get("gebied", ""), id__in=visible).first()
    stage = request.GET.get("fase") or None
    page = paginate(
        selectors.initiative_list(request.user, area=area, stage=stage),
        request.GET.get("page"),
        50,
    )
    counts = selectors.stage_counts(request.user, area=area)
    context = {
        "page": page,
        "area": area,
        "areas": Area.objects.filter(id__in=visible).order_by("path"),
        "stage": stage if stage in Stage.values else "",
        "stages": [(s.value, s.label, counts.get(s.value, 0)) for s in Stage],
        "can_create": can_create(request.user),
        "can_see_grant_list": can_see_grant_list(request.user),
    }
    return render(request, "initiatives/initiative_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def initiative_create(request: AuthenticatedRequest) -> HttpResponse:
    if not can_create(request.user):
        raise Http404
    areas = areas_for_new_initiative(request.user)
    form = InitiativeCreateForm(
        request.POST or None,
        areas=areas,
        initial={"started_on": timezone.localdate(), "area": areas.first()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # A resident who starts an initiative becomes its trekker; a worker adds people later.
        person_id = person_id_of(request.user)
        lead = None
        if person_id is not None and not can_manage_any(request, data["area"]):
            lead = Person.objects.get(pk=person_id)
        try:
            initiative = services.initiative_create(created_by=request.user, lead=lead, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Het initiatief is vastgelegd als idee."))
            return redirect(initiative.get_absolute_url())
    return render(
        request,
        "initiatives/initiative_form.html",
        {"form": form, "creating": True},
        status=400 if form.is_bound else 200,
    )


def can_manage_any(request: AuthenticatedRequest, area: Area) -> bool:
    return area.pk in area_ids_for(request.user, JOURNAL_ROLES)


@login_required
def initiative_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    initiative = access_initiative(request.user, pk)
    record_view(request.user, initiative)  # it names its members (as the viewer may see them)
    user = request.user
    members = selectors.members_of(initiative)
    for member in members:
        member.display = display_name(user, member.person)  # type: ignore[attr-defined]
    editable = can_edit(user, initiative)
    manage = can_manage(user, initiative)
    positions = selectors.current_positions(initiative)
    context: dict[str, Any] = {
        "initiative": initiative,
        "themes": list(initiative.themes.all()),
        "members": [m for m in members if m.left_on is None],
        "former_members": [m for m in members if m.left_on is not None],
        "needs": selectors.needs_of(initiative),
        "history": selectors.stage_history(initiative),
        "timeline": selectors.timeline(user, initiative),
        "positions": [
            (stage, positions.get(stage.value)) for stage in Stage if stage not in ENDED_STAGES
        ],
        "current_position": positions.get(initiative.stage),
        "municipal_roles": list(MunicipalRole),
        "grants": selectors.grants_of(user, initiative),
        "can_edit": editable,
        "can_manage": manage,
        "can_join": can_join(user, initiative),
        "is_core": is_core_member(user, initiative),
        "can_see_grants": can_see_grants(user, initiative),
        "can_see_support": can_see_support(user, initiative),
        "allowed_stages": services.allowed_next(initiative.stage),
        "stage_form": kept_form(
            request, StageForm, allowed=services.allowed_next(initiative.stage)
        ),
        "need_form": kept_form(
            request, NeedForm, assets=selectors.assets_for_needs(user, initiative)
        )
        if editable
        else None,
        "join_form": kept_form(request, JoinForm),
        "member_form": kept_form(request, MemberForm),
        "stage_choices": list(Stage),
        "member_people": [],
        "support_count": initiative.support_moments.count(),
    }
    if cashbox_services.can_see_cashbox(user, initiative):
        entries = list(cashbox_services.cash_entries(initiative))
        context["cash_entries"] = entries
        context["cash_balance"] = cashbox_services.cash_balance(entries)
        context["cash_form"] = kept_form(request, CashEntryForm)
    if context["member_form"].is_bound:
        # A refused addition shows the chosen people again (those this user may add).
        context["member_people"] = _reachable_people(user, context["member_form"].data)
    if manage:
        context["support"] = selectors.support_moments(initiative)
        context["support_form"] = kept_form(
            request, SupportForm, entries=selectors.recent_entries_for_support(user, initiative)
        )
        context["position_form"] = kept_form(
            request,
            PositionForm,
            initial={"position": context["current_position"].position}
            if context["current_position"]
            else None,
        )
        # Its own ids (PageForm key "municipal"): the member form has a "role" field as well.
        context["municipal_role_form"] = kept_form(
            request, MunicipalRoleForm, initial={"role": initiative.municipal_role or None}
        )
        context["positions_all"] = Position.choices
    return render(request, "initiatives/initiative_detail.html", context)


def _reachable_people(user: Any, data: Any) -> list[Person]:
    people = []
    for value in data.getlist("people"):
        try:
            people.append(access_person_for_edit(user, int(value)))
        except (Http404, ValueError):
            continue
    for person in people:
        person.chip_label = display_name(user, person)  # type: ignore[attr-defined]
    return people


@login_required
@require_http_methods(["GET", "POST"])
def initiative_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    initiative = access_initiative_for_edit(request.user, pk)
    areas = Area.objects.filter(id__in=view_area_ids(request.user)).order_by("path")
    form = InitiativeForm(
        request.POST or None,
        areas=areas,
        initial={
            "title": initiative.title,
            "goal": initiative.goal,
            "area": initiative.area_id,
            "themes": list(initiative.themes.all()),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.initiative_update(
                initiative=initiative, editor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Het initiatief is bijgewerkt."))
            return redirect(initiative.get_absolute_url())
    return render(
        request,
        "initiatives/initiative_form.html",
        {"form": form, "initiative": initiative, "creating": False},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def stage_change(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    initiative = access_initiative_for_edit(request.user, pk)
    form = StageForm(request.POST)
    if not form.is_valid():
        return _refused(request, form, pk, "fase")
    try:
        change = services.initiative_change_stage(
            initiative=initiative, changed_by=request.user, **form.cleaned_data
        )
    except ValidationError as error:
        return _refused(request, form, pk, "fase", error)
    else:
        messages.success(
            request,
            _("Het initiatief is nu ‘%(stage)s’.") % {"stage": change.get_to_stage_display()},
        )
    return _back(pk, "fase")


@login_required
@require_POST
def member_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    initiative = access_initiative_for_work(request.user, pk)
    form = MemberForm(request.POST)
    if not form.is_valid():
        return _refused(request, form, pk, "leden")
    people = []
    for person_pk in form.cleaned_data["people"]:
        try:
            people.append(access_person_for_edit(request.user, person_pk))
        except Http404:
            # All or nothing: one person out of reach stops the whole addition.
            form.add_error(
                "people",
                _(
                    "Persoon nummer %(number)s kunt u niet toevoegen (buiten uw gebieden of "
                    "niet gevonden). Er is niemand toegevoegd."
                )
                % {"number": person_pk},
            )
            return _refused(request, form, pk, "leden")
    try:
        services.members_add(
            initiative=initiative,
            added_by=request.user,
            people=people,
            role=form.cleaned_data["role"],
        )
    except ValidationError as error:
        return _refused(request, form, pk, "leden", error)
    messages.success(request, _("De leden zijn bijgewerkt."))
    return _back(pk, "leden")


@login_required
@require_POST
def member_join(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    initiative = access_initiative_for_join(request.user, pk)
    form = JoinForm(request.POST)
    if not form.is_valid():
        return _refused(request, form, pk, "leden")
    try:
        services.member_join(
            initiative=initiative, user=request.user, role=form.cleaned_data["role"]
        )
    except ValidationError as error:
        return _refused(request, form, pk, "leden", error)
    else:
        messages.success(request, _("Fijn dat u meedoet!"))
    return _back(pk, "leden")


@login_required
@require_POST
def member_leave(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    member = access_member_for_edit(request.user, pk)
    try:
        services.member_leave(member=member, removed_by=request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("Afgemeld. De geschiedenis blijft bewaard."))
    return _back(member.initiative_id, "leden")


@login_required
@require_POST
def need_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    initiative = access_initiative_for_edit(request.user, pk)
    form = NeedForm(request.POST, assets=selectors.assets_for_needs(request.user, initiative))
    if not form.is_valid():
        return _refused(request, form, pk, "vraag-aanbod")
    data = form.cleaned_data
    try:
        services.need_add(
            initiative=initiative,
            created_by=request.user,
            kind=data["kind"],
            description=data["description"],
            asset_id=data["asset"],
        )
    except ValidationError as error:
        return _refused(request, form, pk, "vraag-aanbod", error)
    else:
        messages.success(request, _("Toegevoegd."))
    return _back(pk, "vraag-aanbod")


@login_required
@require_POST
def need_fulfil(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    need = access_need_for_edit(request.user, pk)
    services.need_fulfil(need=need, by=request.user)
    messages.success(request, _("Afgevinkt als geregeld."))
    return _back(need.initiative_id, "vraag-aanbod")


@login_required
@require_POST
def support_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    initiative = access_initiative_for_work(request.user, pk)
    form = SupportForm(
        request.POST, entries=selectors.recent_entries_for_support(request.user, initiative)
    )
    if not form.is_valid():
        return _refused(request, form, pk, "steun")
    try:
        services.support_add(
            initiative=initiative,
            linked_by=request.user,
            entry_id=form.cleaned_data["entry"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        return _refused(request, form, pk, "steun", error)
    else:
        messages.success(request, _("Het steunmoment is gekoppeld."))
    return _back(pk, "steun")


@login_required
@require_POST
def position_set(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    initiative = access_initiative_for_work(request.user, pk)
    form = PositionForm(request.POST)
    if not form.is_valid():
        return _refused(request, form, pk, "positie")
    try:
        services.position_set(initiative=initiative, set_by=request.user, **form.cleaned_data)
    except ValidationError as error:
        return _refused(request, form, pk, "positie", error)
    else:
        messages.success(request, _("Uw positie in deze fase is vastgelegd."))
    return _back(pk, "positie")


@login_required
@require_POST
def municipal_role_set(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    initiative = access_initiative_for_work(request.user, pk)
    form = MunicipalRoleForm(request.POST)
    if not form.is_valid():
        return _refused(request, form, pk, "gemeente")
    try:
        services.municipal_role_set(initiative=initiative, set_by=request.user, **form.cleaned_data)
    except ValidationError as error:
        return _refused(request, form, pk, "gemeente", error)
    else:
        messages.success(request, _("De rol van de gemeente is vastgelegd."))
    return _back(pk, "gemeente")
