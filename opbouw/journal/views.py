"""Journal pages. Objects come only through permissions.access_*; writes only through services."""

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opbouw.accounts.types import AuthenticatedRequest
from opbouw.areas.models import Area
from opbouw.areas.permissions import membership_area_id
from opbouw.audit.models import ObjectType
from opbouw.audit.services import record_list_view, record_view, record_view_unless_covered
from opbouw.core.forms import add_service_errors, kept_form, refused_redirect
from opbouw.core.htmx import render_page_or_partial
from opbouw.core.models import Theme
from opbouw.core.pagination import paginate
from opbouw.core.roles import JOURNAL_ROLES
from opbouw.people.permissions import access_group, access_person, display_name
from opbouw.people.selectors import person_autocomplete

from . import selectors, services
from .counts import count_field
from .forms import EntryEditForm, EntryForm, SearchForm, SignalStatusForm
from .models import EntryKind
from .permissions import (
    access_entry,
    access_follow_up,
    access_signal,
    journal_area_ids,
    require_journal,
)

SESSION_LAST_AREA = "journal_last_area"
# Without JavaScript the quick entry offers recent contacts; this button (with the words in
# "people_query", in the POST body) searches all of one's contacts and shows the form again.
PEOPLE_SEARCH = "people_search"


def _searching_people(request: HttpRequest) -> bool:
    return request.method == "POST" and PEOPLE_SEARCH in request.POST


@login_required
def today(request: AuthenticatedRequest) -> HttpResponse:
    require_journal(request.user)
    context = {"today": selectors.today_get(request.user)}
    record_list_view(request.user, ObjectType.JOURNAL_LIST)
    return render(request, "journal/today.html", context)


def _filters_from(
    request: HttpRequest, scope: dict[str, Any], query: str
) -> selectors.TimelineFilter:
    params = request.GET
    theme_id = scope.get("theme_id")
    if not theme_id and params.get("thema"):
        theme = Theme.objects.filter(slug=params["thema"]).first()
        theme_id = theme.pk if theme else -1
    kind = params.get("soort")
    return selectors.TimelineFilter(
        area_id=scope.get("area_id"),
        person_id=scope.get("person_id"),
        group_id=scope.get("group_id"),
        theme_id=theme_id,
        kind=kind if kind in EntryKind.values else None,
        date_from=_date_param(params.get("van")),
        date_to=_date_param(params.get("tot")),
        query=query,
    )


def _date_param(raw: str | None) -> dt.date | None:
    try:
        return parse_date(raw) if raw else None
    except ValueError:
        return None


def _timeline(request: HttpRequest, scope: dict[str, Any]) -> HttpResponse:
    """One timeline view for the whole journal and for an area, person, group or theme.

    Search words come in a POST body, never in the URL, so they stay out of access logs.
    """
    require_journal(request.user)
    search = SearchForm(request.POST if request.method == "POST" else None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    filters = _filters_from(request, scope, query)
    raw_page = request.POST.get("page") if request.method == "POST" else request.GET.get("page")
    page = paginate(selectors.entry_list(request.user, filters), raw_page, 25)
    if not (filters.person_id or filters.group_id):  # those record the person or group
        record_list_view(request.user, ObjectType.JOURNAL_LIST, area_id=filters.area_id)
    context = {
        **scope,
        "page": page,
        "search_form": search,
        "query": query,
        "kinds": EntryKind.choices,
        "themes": Theme.objects.all(),
        "current_kind": filters.kind or "",
        "current_theme": request.GET.get("thema", ""),
        "date_from": request.GET.get("van", ""),
        "date_to": request.GET.get("tot", ""),
    }
    if request.GET.get("embed") and request.htmx:  # type: ignore[attr-defined]
        return render(request, "journal/timeline.html#entries", context)
    return render_page_or_partial(request, "journal/timeline.html", context, partial="results")


@login_required
def timeline(request: AuthenticatedRequest) -> HttpResponse:
    return _timeline(request, {"scope_title": _("Logboek")})


@login_required
def area_timeline(request: AuthenticatedRequest, code: str) -> HttpResponse:
    require_journal(request.user)
    area = get_object_or_404(Area, code=code)
    if area.pk not in journal_area_ids(request.user):
        raise Http404
    return _timeline(request, {"area_id": area.pk, "scope_area": area, "scope_title": area.name})


@login_required
def person_timeline(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_journal(request.user)
    person = access_person(request.user, pk)
    # Loaded by the person's page with a token: that page's row covers this view.
    record_view_unless_covered(request.user, person, request.GET.get("gezien"))
    return _timeline(request, {"person_id": person.pk, "scope_person": person})


@login_required
def group_timeline(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_journal(request.user)
    group = access_group(request.user, pk)
    record_view(request.user, group)
    return _timeline(
        request, {"group_id": group.pk, "scope_group": group, "scope_title": group.name}
    )


@login_required
def theme_timeline(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    require_journal(request.user)
    theme = get_object_or_404(Theme, slug=slug)
    return _timeline(
        request, {"theme_id": theme.pk, "scope_theme": theme, "scope_title": theme.name}
    )


def _initial_area(request: AuthenticatedRequest) -> int | None:
    """The area of the worker's last entry, else the area of their (first) membership."""
    last = request.session.get(SESSION_LAST_AREA)
    if last in journal_area_ids(request.user):
        return int(last)
    return membership_area_id(request.user, JOURNAL_ROLES)


@login_required
def entry_create(request: AuthenticatedRequest) -> HttpResponse:
    require_journal(request.user)
    user = request.user
    form = EntryForm(request.POST or None, user=user, initial={"area": _initial_area(request)})
    searching = _searching_people(request)
    if searching:
        form.show_as_draft()
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        follow_ups = (
            [services.FollowUpInput(data["follow_up"], data["follow_up_due"])]
            if data.get("follow_up")
            else []
        )
        signals = (
            [
                services.SignalInput(
                    data["signal_organisation"],
                    data["signal_description"],
                    data.get("signal_consent") or "",
                )
            ]
            if data.get("signal_description")
            else []
        )
        try:
            entry = services.entry_create(
                author=user,
                kind=data["kind"],
                occurred_on=data["occurred_on"],
                area=data["area"],
                note=data["note"],
                duration_minutes=data["duration_minutes"],
                place=data["place"],
                people=data["people"],
                new_people_names=data["new_people"],
                groups=data["groups"],
                organisations=data["organisations"],
                themes=list(data["themes"]),
                anonymous_count=data["anonymous_count"],
                follow_ups=follow_ups,
                signals=signals,
                sensitive_category=data["sensitive_category"],
                purpose=data["purpose"],
                counts=data["counts"],
                new_people_basis=data.get("new_people_basis") or "",
                new_people_informed_on=data.get("new_people_informed_on"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session[SESSION_LAST_AREA] = entry.area_id
            messages.success(request, _("De logboekregel is opgeslagen."))
            return redirect("journal:detail", pk=entry.pk)
    status = 400 if form.is_bound and not searching else 200
    context = {"form": form, "creating": True, **_form_context(request, form, {})}
    record_list_view(request.user, ObjectType.PEOPLE_LIST)  # it offers recent contacts by name
    return render(request, "journal/entry_form.html", context, status=status)


@login_required
def entry_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_journal(request.user)
    entry = selectors.entry_get(request.user, pk)
    record_view(request.user, entry)
    signals = list(entry.signals.all())
    for signal in signals:
        signal.status_form = kept_form(  # type: ignore[attr-defined]
            request,
            SignalStatusForm,
            key=f"signal{signal.pk}",
            initial={"status": signal.status, "note": signal.status_note},
        )
    context = {"entry": entry, "signals": signals}
    return render(request, "journal/entry_detail.html", context)


@login_required
def entry_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_journal(request.user)
    entry = access_entry(request.user, pk)
    if request.method != "POST":  # a POST is recorded as the change it makes
        record_view(request.user, entry)
    initial = {
        "kind": entry.kind,
        "occurred_on": entry.occurred_on,
        "area": entry.area_id,
        "note": entry.note,
        "duration_minutes": entry.duration_minutes,
        "place": entry.place_id,
        "anonymous_count": entry.anonymous_count,
        "sensitive_category": entry.sensitive_category,
        "themes": list(entry.themes.values_list("pk", flat=True)),
        "people": list(entry.people.values_list("pk", flat=True)),
        "groups": list(entry.groups.values_list("pk", flat=True)),
        "organisations": list(entry.organisations.values_list("pk", flat=True)),
        "purpose": entry.purpose,
        **{count_field(c.category): c.count for c in entry.participant_counts.all()},
    }
    form = EntryEditForm(request.POST or None, user=request.user, initial=initial)
    searching = _searching_people(request)
    if searching:
        form.show_as_draft()
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.entry_update(
                entry=entry,
                editor=request.user,
                kind=data["kind"],
                occurred_on=data["occurred_on"],
                area=data["area"],
                note=data["note"],
                duration_minutes=data["duration_minutes"],
                place=data["place"],
                people=data["people"],
                groups=data["groups"],
                organisations=data["organisations"],
                themes=list(data["themes"]),
                anonymous_count=data["anonymous_count"],
                sensitive_category=data["sensitive_category"],
                purpose=data["purpose"],
                counts=data["counts"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De logboekregel is bijgewerkt."))
            return redirect("journal:detail", pk=entry.pk)
    status = 400 if form.is_bound and not searching else 200
    context = {"form": form, "entry": entry, "creating": False}
    context.update(_form_context(request, form, initial))
    # Participants from outside the editor's areas are not shown and stay as they are.
    context["hidden_people_count"] = entry.people.exclude(
        area_id__in=journal_area_ids(request.user)
    ).count()
    return render(request, "journal/entry_form.html", context, status=status)


FALLBACK_LIMIT = 200


def _form_context(request: HttpRequest, form: Any, initial: dict[str, Any]) -> dict[str, Any]:
    """Chips for what is already chosen (on edit, or after an error) and no-JS fallbacks."""
    context: dict[str, Any] = {}
    for name in ("people", "groups", "organisations"):
        ids = form.data.getlist(name) if form.is_bound else initial.get(name, [])
        queryset = form.fields[name].queryset
        chosen = list(queryset.filter(pk__in=[i for i in ids if str(i).isdigit()]))
        for obj in chosen:
            obj.chip_label = display_name(request.user, obj) if name == "people" else str(obj)
        context[f"selected_{name}"] = chosen
    query = request.POST.get("people_query", "").strip()[:100] if form.is_bound else ""
    if query:
        # The no-JS search step: everyone one may record whose name matches, not only the
        # recent contacts (same search and limits as the autocomplete).
        offered = person_autocomplete(request.user, query)
        context["people_query"] = query
        context["people_found"] = len(offered)
    else:
        offered = selectors.recent_contacts(request.user, limit=30)
    context["people_fallback"] = _fallback_select(
        "people", [(p.pk, display_name(request.user, p)) for p in offered]
    )
    context["groups_fallback"] = _fallback_select(
        "groups", [(g.pk, g.name) for g in form.fields["groups"].queryset[:FALLBACK_LIMIT]]
    )
    context["organisations_fallback"] = _fallback_select(
        "organisations",
        [(o.pk, o.name) for o in form.fields["organisations"].queryset[:FALLBACK_LIMIT]],
    )
    context["new_person_names"] = form.data.getlist("new_person") if form.is_bound else []
    return context


def _fallback_select(name: str, choices: list[tuple[int, str]]) -> str:
    """A plain multiple select for browsers without JavaScript (the chips need it)."""
    widget = forms.SelectMultiple(
        attrs={
            "class": "utrecht-select utrecht-select--html-select",
            "id": f"id_{name}_fallback",
            # The visible label of the autocomplete (components/autocomplete.html) names it.
            "aria-labelledby": f"id_{name}_label",
        },
        choices=choices,
    )
    return widget.render(name, [])


@login_required
@require_POST
def follow_up_done(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    follow_up = access_follow_up(request.user, pk)
    services.follow_up_complete(follow_up=follow_up, by=request.user)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "journal/_follow_up.html", {"follow_up": follow_up})
    messages.success(request, _("De vervolgactie is afgerond."))
    return redirect(request.POST["next"] if _safe_next(request) else "journal:today")


def _safe_next(request: HttpRequest) -> bool:
    target = request.POST.get("next", "")
    return bool(target) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


@login_required
@require_POST
def signal_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    signal = access_signal(request.user, pk)
    form = SignalStatusForm(request.POST, key=f"signal{signal.pk}")
    if not form.is_valid():
        back = reverse("journal:detail", kwargs={"pk": signal.entry_id})
        return refused_redirect(request, form, f"{back}#signal-{signal.pk}")
    services.signal_set_status(
        signal=signal,
        status=form.cleaned_data["status"],
        note=form.cleaned_data["note"],
        by=request.user,
    )
    messages.success(request, _("De status van het signaal is bijgewerkt."))
    return redirect("journal:detail", pk=signal.entry_id)
