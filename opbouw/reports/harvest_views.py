"""Outcome harvest pages: design a harvest with its users, then see its outcomes and checks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from opbouw.accounts.types import AuthenticatedRequest
from opbouw.core.forms import add_service_errors

from . import harvests
from .harvest_forms import HarvestForm
from .permissions import access_harvest, require_work, work_areas


@login_required
@require_http_methods(["GET", "POST"])
def harvest_create(request: AuthenticatedRequest) -> HttpResponse:
    require_work(request.user)
    today = timezone.localdate()
    form = HarvestForm(
        request.POST or None,
        areas=work_areas(request.user),
        initial={"period_start": today.replace(month=1, day=1), "period_end": today},
    )
    if request.method == "POST" and form.is_valid():
        try:
            harvest = harvests.harvest_create(created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De oogst is opgezet. Leg nu de uitkomsten vast."))
            return redirect(harvest)
    return render(
        request, "reports/harvest_form.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def harvest_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    harvest = access_harvest(request.user, pk)
    context = {
        "harvest": harvest,
        "outcomes": harvest.outcomes.order_by("-occurred_on", "-id"),
        "counts": harvests.substantiation_counts(harvest),
    }
    return render(request, "reports/harvest_detail.html", context)
