"""The cash box on the initiative page: add an entry with its receipt; receipts only by a check."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from opbouw.accounts.types import AuthenticatedRequest
from opbouw.core import uploads
from opbouw.core.forms import add_service_errors, refused_redirect

from . import cashbox_services
from .forms import CashEntryForm
from .permissions import access_cash_receipt, access_initiative_for_edit


def _back(pk: int) -> HttpResponse:
    return redirect(f"{reverse('initiatives:detail', kwargs={'pk': pk})}#kas")


def _refused(request: AuthenticatedRequest, form: CashEntryForm, pk: int) -> HttpResponse:
    """Back to the cash box, where the form shows what was sent and why it was refused (a
    receipt has to be chosen again: files are not kept)."""
    return refused_redirect(request, form, reverse("initiatives:detail", kwargs={"pk": pk}))


@login_required
@require_POST
def cash_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    initiative = access_initiative_for_edit(request.user, pk)
    form = CashEntryForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused(request, form, pk)
    try:
        cashbox_services.cash_entry_add(
            initiative=initiative, recorded_by=request.user, **form.cleaned_data
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _refused(request, form, pk)
    else:
        messages.success(request, _("De kasboeking is vastgelegd."))
    return _back(pk)


@login_required
@require_GET
def cash_receipt(request: AuthenticatedRequest, pk: int) -> FileResponse:
    entry = access_cash_receipt(request.user, pk)
    return uploads.stored_file_response(
        entry.receipt, content_type=entry.receipt_type, filename=entry.receipt_name
    )
