"""Pages for signals to policy (signaal aan beleid). Objects only through permissions.access_*,
writes only through bundle_services."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from opbouw.accounts.types import AuthenticatedRequest
from opbouw.areas.permissions import membership_area_id
from opbouw.audit.services import record_view
from opbouw.core.forms import add_service_errors
from opbouw.core.roles import JOURNAL_ROLES

from .bundle_forms import BundleForm
from .bundle_services import BundleInput, bundle_create, bundle_update
from .models import BundledSignal
from .permissions import access_bundle, bundles_visible, entries_visible, require_journal

FIELDS = (
    "title",
    "area",
    "households",
    "evidence",
    "residents_words",
    "residents_words_consent",
    "presented_by",
    "addressed_to",
    "presented_on",
    "answer",
    "answered_on",
    "answer_deadline",
    "feedback",
    "feedback_on",
)


def _input(data: dict[str, Any]) -> BundleInput:
    values = {name: data[name] for name in FIELDS}
    for text in ("residents_words", "addressed_to", "answer", "feedback"):
        values[text] = values[text] or ""
    return BundleInput(**values, entries=list(data["entries"]), themes=list(data["themes"]))


@login_required
def bundle_list(request: AuthenticatedRequest) -> HttpResponse:
    require_journal(request.user)
    bundles = (
        bundles_visible(request.user)
        .select_related("area")
        .order_by("feedback_on", "-created_at", "-id")[:200]
    )
    return render(request, "journal/bundle_list.html", {"bundles": bundles})


@login_required
def bundle_create_view(request: AuthenticatedRequest) -> HttpResponse:
    require_journal(request.user)
    # From an entry ("bundelen"): that entry is chosen and its area proposed.
    from_entry = None
    raw = request.GET.get("regel", "")
    if raw.isdigit():
        from_entry = entries_visible(request.user).filter(pk=int(raw)).first()
    initial: dict[str, Any] = {
        "area": from_entry.area_id
        if from_entry
        else membership_area_id(request.user, JOURNAL_ROLES),
        "entries": [from_entry.pk] if from_entry else [],
        "presented_by": _("bewoners samen met de opbouwwerker"),
    }
    form = BundleForm(
        request.POST or None,
        user=request.user,
        initial=initial,
        selected=[from_entry.pk] if from_entry else [],
    )
    if request.method == "POST" and form.is_valid():
        try:
            bundle = bundle_create(author=request.user, data=_input(form.cleaned_data))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Het signaal aan beleid is opgeslagen."))
            return redirect(bundle.get_absolute_url())
    status = 400 if form.is_bound else 200
    context = {"form": form, "creating": True}
    return render(request, "journal/bundle_form.html", context, status=status)


@login_required
def bundle_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_journal(request.user)
    bundle = access_bundle(request.user, pk)
    record_view(request.user, bundle)
    entries = (
        bundle.entries.filter(pk__in=entries_visible(request.user).values("pk"))
        .select_related("area")
        .order_by("-occurred_on", "-id")
    )
    context = {"bundle": bundle, "entries": entries, "themes": bundle.themes.all()}
    return render(request, "journal/bundle_detail.html", context)


@login_required
def bundle_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_journal(request.user)
    bundle: BundledSignal = access_bundle(request.user, pk)
    selected = list(bundle.entries.values_list("pk", flat=True))
    initial: dict[str, Any] = {name: getattr(bundle, name) for name in FIELDS}
    initial.update(
        area=bundle.area_id,
        entries=selected,
        themes=list(bundle.themes.values_list("pk", flat=True)),
    )
    form = BundleForm(request.POST or None, user=request.user, initial=initial, selected=selected)
    if request.method == "POST" and form.is_valid():
        try:
            bundle_update(bundle=bundle, editor=request.user, data=_input(form.cleaned_data))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Het signaal aan beleid is bijgewerkt."))
            return redirect(bundle.get_absolute_url())
    status = 400 if form.is_bound else 200
    context = {"form": form, "bundle": bundle, "creating": False}
    return render(request, "journal/bundle_form.html", context, status=status)
