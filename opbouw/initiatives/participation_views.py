"""Participation process pages: list, record (level agreed in advance), detail, realised level."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from opbouw.accounts.types import AuthenticatedRequest
from opbouw.areas.models import Area
from opbouw.core.forms import add_service_errors
from opbouw.core.pagination import paginate

from . import participation_services, selectors
from .forms import ProcessForm, RealiseForm
from .participation import ParticipationLevel
from .permissions import (
    access_process,
    access_process_for_edit,
    can_edit_process,
    process_edit_area_ids,
    require_view,
    view_area_ids,
)


@login_required
def process_list(request: AuthenticatedRequest) -> HttpResponse:
    require_view(request.user)
    visible = view_area_ids(request.user)
    area = Area.objects.filter(code=request.GET.get("gebied", ""), id__in=visible).first()
    page = paginate(selectors.process_list(request.user, area=area), request.GET.get("page"), 50)
    context = {
        "page": page,
        "area": area,
        "areas": Area.objects.filter(id__in=visible).order_by("path"),
        "can_create": bool(process_edit_area_ids(request.user)),
        "levels": list(ParticipationLevel),
    }
    return render(request, "initiatives/process_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def process_create(request: AuthenticatedRequest) -> HttpResponse:
    area_ids = process_edit_area_ids(request.user)
    if not area_ids:
        raise Http404
    areas = Area.objects.filter(id__in=area_ids).order_by("path")
    form = ProcessForm(
        request.POST or None,
        areas=areas,
        initial={"agreed_on": timezone.localdate(), "area": areas.first()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            process = participation_services.process_create(
                created_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Het participatietraject is vastgelegd."))
            return redirect(process.get_absolute_url())
    return render(
        request,
        "initiatives/process_form.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
def process_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    process = access_process(request.user, pk)
    editable = can_edit_process(request.user, process)
    context = {
        "process": process,
        "levels": list(ParticipationLevel),
        "can_edit": editable,
        # The current judgement, if any; none is preset to the agreed level.
        "realise_form": RealiseForm(initial={"level_realised": process.level_realised or ""})
        if editable
        else None,
    }
    return render(request, "initiatives/process_detail.html", context)


@login_required
@require_POST
def process_realise(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    process = access_process_for_edit(request.user, pk)
    form = RealiseForm(request.POST)
    if form.is_valid():
        try:
            participation_services.process_realise(
                process=process, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De gerealiseerde trede is vastgelegd."))
            return redirect(process.get_absolute_url())
    process.refresh_from_db()  # the page shows what is stored, not the refused input
    context = {
        "process": process,
        "levels": list(ParticipationLevel),
        "can_edit": True,
        "realise_form": form,
    }
    return render(request, "initiatives/process_detail.html", context, status=400)
