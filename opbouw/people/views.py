"""People and groups pages. Objects only through permissions.access_*; writes through services."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opbouw.accounts.services import organisation_create as create_organisation
from opbouw.accounts.types import AuthenticatedRequest
from opbouw.areas.permissions import area_ids_for, areas_visible, has_role
from opbouw.audit.models import ObjectType
from opbouw.audit.services import cover_fragment, record_list_view, record_view
from opbouw.core.forms import add_service_errors, kept_form, refused_redirect
from opbouw.core.pagination import paginate, paginate_list
from opbouw.core.roles import JOURNAL_ROLES, PEOPLE_ROLES

from . import selectors, services
from .forms import (
    ConsentForm,
    GroupForm,
    GroupMembersForm,
    NameSearchForm,
    OrganisationForm,
    PersonCreateForm,
    PersonForm,
)
from .models import Person
from .permissions import (
    access_consent_for_edit,
    access_group,
    access_group_for_edit,
    access_person,
    access_person_for_edit,
    can_edit_people,
    can_see_name,
    display_name,
    groups_visible,
    ordered_as_seen,
    sees_every_name,
)


def _require_people(request: HttpRequest) -> None:
    if not has_role(request.user, PEOPLE_ROLES):
        raise Http404


@login_required
def person_list(request: AuthenticatedRequest) -> HttpResponse:
    """The directory. Names typed into search travel in a POST body, never in the URL."""
    _require_people(request)
    search = NameSearchForm(request.POST if request.method == "POST" else None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    areas = areas_visible(request.user)
    area_code = request.GET.get("gebied", "")
    area = next((a for a in areas if a.code == area_code), None)
    people = selectors.person_list(request.user, area=area, query=query)
    if sees_every_name(request.user):
        page = paginate(people, request.GET.get("page"), 50)
        for person in page.items:
            person.display = display_name(request.user, person)
    else:
        # Ordered by what this viewer sees: by name, a pseudonym would sit where the hidden
        # name sorts and so give it away.
        page = paginate_list(
            ordered_as_seen(request.user, list(people)), request.GET.get("page"), 50
        )
    record_list_view(request.user, ObjectType.PEOPLE_LIST, area_id=area.pk if area else None)
    context = {
        "page": page,
        "query": query,
        "areas": areas,
        "current_area": area,
        "can_edit": can_edit_people(request.user),
    }
    template = "people/person_list.html#results" if request.htmx else "people/person_list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
def person_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    if not _is_self(request, pk):
        _require_people(request)
    person = access_person(request.user, pk)
    record_view(request.user, person)
    can_edit = can_edit_people(request.user) and person.area_id in _editable_area_ids(request)
    # A partner sees what the purpose needs: the buurt, talents and interests (and the name
    # with consent), not contact details, address, languages, wishes, groups or consents.
    full = can_edit or _is_self(request, pk)
    memberships = list(person.group_memberships.select_related("group")) if full else []
    # A group page only where the reader may open it (a resident on their own page may not):
    # no link that answers 404.
    openable = set(
        groups_visible(request.user)
        .filter(pk__in=[m.group_id for m in memberships])
        .values_list("pk", flat=True)
    )
    for membership in memberships:
        membership.linkable = membership.group_id in openable  # type: ignore[attr-defined]
    context = {
        "person": person,
        "name_visible": can_see_name(request.user, person),
        "full_profile": full,
        "consents": list(person.consents.all()) if full else [],
        "memberships": memberships,
        "gifts": list(person.gifts.all()),
        "interests": list(person.interests.all()),
        "wishes": list(person.wishes.all()) if full else [],
        "can_edit": can_edit,
        "consent_form": kept_form(request, ConsentForm, initial={"given_on": timezone.localdate()}),
        # The page loads the person's timeline after itself: this view's row covers it.
        "timeline_token": cover_fragment(request.user, person) if can_edit else "",
    }
    return render(request, "people/person_detail.html", context)


def _is_self(request: HttpRequest, pk: int) -> bool:
    person = getattr(request.user, "person", None)
    return person is not None and person.pk == pk


def _editable_area_ids(request: HttpRequest) -> frozenset[int]:
    return area_ids_for(request.user, JOURNAL_ROLES)


@login_required
def me(request: AuthenticatedRequest) -> HttpResponse:
    person: Person | None = getattr(request.user, "person", None)
    if person is None:
        raise Http404
    return redirect("people:detail", pk=person.pk)


@login_required
def person_create(request: AuthenticatedRequest) -> HttpResponse:
    if not can_edit_people(request.user):
        raise Http404
    form = PersonCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Het contact is toegevoegd."))
            return redirect("people:detail", pk=person.pk)
    return render(
        request,
        "people/person_form.html",
        {"form": form, "creating": True},
        status=400 if form.is_bound else 200,
    )


@login_required
def person_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = access_person_for_edit(request.user, pk)
    if request.method != "POST":  # a POST is recorded as the change it makes
        record_view(request.user, person)
    form = PersonForm(
        request.POST or None, user=request.user, initial=PersonForm.initial_for(person)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(person=person, editor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De gegevens zijn bijgewerkt."))
            return redirect("people:detail", pk=person.pk)
    return render(
        request,
        "people/person_form.html",
        {"form": form, "person": person, "creating": False},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def consent_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = access_person_for_edit(request.user, pk)
    form = ConsentForm(request.POST)
    back = reverse("people:detail", kwargs={"pk": person.pk}) + "#consent-title"
    if not form.is_valid():
        return refused_redirect(request, form, back)
    try:
        services.consent_record(person=person, recorded_by=request.user, **form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return refused_redirect(request, form, back)
    messages.success(request, _("De toestemming is vastgelegd."))
    return redirect("people:detail", pk=person.pk)


@login_required
@require_POST
def consent_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    consent = access_consent_for_edit(request.user, pk)
    services.consent_withdraw(consent=consent, withdrawn_by=request.user)
    messages.success(request, _("De toestemming is ingetrokken."))
    return redirect("people:detail", pk=consent.person_id)


def _autocomplete_query(request: HttpRequest) -> str:
    form = NameSearchForm(request.POST)
    return form.cleaned_data["q"] if form.is_valid() else ""


@login_required
@require_POST
def person_autocomplete(request: AuthenticatedRequest) -> HttpResponse:
    if not can_edit_people(request.user):
        raise Http404
    query = _autocomplete_query(request)
    options = [
        {"value": person.pk, "label": display_name(request.user, person), "hint": person.area.name}
        for person in selectors.person_autocomplete(request.user, query)
    ]
    return _options(request, options, query=query, allow_new=True)


@login_required
@require_POST
def group_autocomplete(request: AuthenticatedRequest) -> HttpResponse:
    _require_people(request)
    query = _autocomplete_query(request)
    options = [
        {"value": g.pk, "label": g.name, "hint": ""}
        for g in selectors.group_autocomplete(request.user, query)
    ]
    return _options(request, options, query=query)


@login_required
@require_POST
def organisation_autocomplete(request: AuthenticatedRequest) -> HttpResponse:
    _require_people(request)
    query = _autocomplete_query(request)
    options = [
        {"value": o.pk, "label": o.name, "hint": o.get_kind_display()}
        for o in selectors.organisation_autocomplete(query)
    ]
    return _options(request, options, query=query)


def _options(
    request: HttpRequest, options: list[dict[str, Any]], *, query: str, allow_new: bool = False
) -> HttpResponse:
    context = {"options": options, "query": query, "allow_new": allow_new and len(query) >= 2}
    return render(request, "people/_options.html", context)


@login_required
def group_list(request: AuthenticatedRequest) -> HttpResponse:
    _require_people(request)
    page = paginate(selectors.group_list(request.user), request.GET.get("page"), 50)
    return render(
        request, "people/group_list.html", {"page": page, "can_edit": can_edit_people(request.user)}
    )


@login_required
def group_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    _require_people(request)
    group = access_group(request.user, pk)
    record_view(request.user, group)
    members = selectors.group_member_list(group)
    order = {
        p.pk: i for i, p in enumerate(ordered_as_seen(request.user, [m.person for m in members]))
    }
    members = sorted(members, key=lambda m: order[m.person.pk])
    for membership in members:
        membership.display = membership.person.display  # type: ignore[attr-defined]
    members_form = kept_form(request, GroupMembersForm)
    chosen = []
    posted: Any = members_form.data
    for value in posted.getlist("people") if members_form.is_bound else []:
        try:
            person = access_person_for_edit(request.user, int(value))
        except (Http404, ValueError):
            continue
        person.chip_label = display_name(request.user, person)  # type: ignore[attr-defined]
        chosen.append(person)
    context = {
        "group": group,
        "members": members,
        "can_edit": group.area_id in _editable_area_ids(request),
        "members_form": members_form,
        "chosen": chosen,
    }
    return render(request, "people/group_detail.html", context)


@login_required
def group_create(request: AuthenticatedRequest) -> HttpResponse:
    if not can_edit_people(request.user):
        raise Http404
    form = GroupForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De groep is toegevoegd."))
            return redirect("people:group_detail", pk=group.pk)
    return render(
        request, "people/group_form.html", {"form": form}, status=400 if form.is_bound else 200
    )


@login_required
@require_POST
def group_member_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    group = access_group_for_edit(request.user, pk)
    form = GroupMembersForm(request.POST)
    back = reverse("people:group_detail", kwargs={"pk": group.pk}) + "#members-title"
    if not form.is_valid():
        return refused_redirect(request, form, back)
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
            return refused_redirect(request, form, back)
    services.group_members_add(group=group, people=people, added_by=request.user)
    messages.success(request, _("De groep is bijgewerkt."))
    return redirect("people:group_detail", pk=group.pk)


@login_required
def organisation_list(request: AuthenticatedRequest) -> HttpResponse:
    """Organisations are not personal data: everyone who sees people sees all of them."""
    _require_people(request)
    page = paginate(selectors.organisation_list(), request.GET.get("page"), 50)
    context = {"page": page, "can_edit": can_edit_people(request.user)}
    return render(request, "people/organisation_list.html", context)


@login_required
def organisation_create(request: AuthenticatedRequest) -> HttpResponse:
    if not can_edit_people(request.user):
        raise Http404
    form = OrganisationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        area = data.pop("area")
        try:
            create_organisation(area_id=area.pk if area else None, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De organisatie is toegevoegd."))
            return redirect("people:organisation_list")
    status = 400 if form.is_bound else 200
    return render(request, "people/organisation_form.html", {"form": form}, status=status)
