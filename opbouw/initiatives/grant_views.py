"""Buurtbudget pages: draft, draagvlak, submit, decide, account; files only through a check."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opbouw.accounts.types import AuthenticatedRequest
from opbouw.core import uploads
from opbouw.core.forms import add_service_errors, kept_form, refused_redirect
from opbouw.core.pagination import paginate

from . import grants, selectors
from .delegation_views import DelegationForm, delegations_of
from .forms import (
    AccountForm,
    AttachmentForm,
    BudgetLineFormSet,
    DecisionForm,
    GrantForm,
    SupporterForm,
)
from .models import Attachment, GrantApplication, GrantStatus
from .permissions import (
    access_attachment,
    access_grant,
    access_grant_for_decision,
    access_grant_for_work,
    access_initiative_for_edit,
    can_decide,
    can_see_grant_list,
    can_work_on_grant,
    delegation_area_ids,
)


def _lines(formset: BudgetLineFormSet) -> list[grants.LineInput]:  # type: ignore[valid-type]
    return [
        grants.LineInput(form.cleaned_data["description"], form.cleaned_data["amount"])
        for form in formset  # type: ignore[attr-defined]
        if form.cleaned_data.get("description") and form.cleaned_data.get("amount") is not None
    ]


def _refused(
    request: AuthenticatedRequest,
    form: forms.BaseForm,
    grant: GrantApplication,
    anchor: str,
    error: ValidationError | None = None,
) -> HttpResponse:
    """Back to the application, where the form shows what was sent and its errors."""
    if error is not None:
        add_service_errors(form, error)
    return refused_redirect(request, form, f"{grant.get_absolute_url()}#{anchor}")


def _back(grant: GrantApplication, anchor: str = "") -> HttpResponse:
    url = grant.get_absolute_url()
    return redirect(f"{url}#{anchor}" if anchor else url)


@login_required
def grant_list(request: AuthenticatedRequest) -> HttpResponse:
    """Submitted applications to follow or decide on (workers, beleid)."""
    if not can_see_grant_list(request.user):
        raise Http404
    status = request.GET.get("status") or None
    page = paginate(selectors.grant_list(request.user, status=status), request.GET.get("page"), 50)
    context = {
        "page": page,
        "status": status if status in GrantStatus.values else "",
        "statuses": [s for s in GrantStatus if s != GrantStatus.DRAFT],
    }
    if delegation_area_ids(request.user):
        context["delegations"] = delegations_of(request.user)
        context["delegation_form"] = kept_form(request, DelegationForm, user=request.user)
    return render(request, "initiatives/grant_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def grant_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    initiative = access_initiative_for_edit(request.user, pk)
    form = GrantForm(request.POST or None, initial={"title": initiative.title})
    lines = BudgetLineFormSet(request.POST or None, prefix="lines")
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        try:
            grant = grants.grant_create(
                initiative=initiative,
                created_by=request.user,
                lines=_lines(lines),
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("De aanvraag is opgeslagen als concept. Verzamel nu de steun van buren.")
            )
            return redirect(grant.get_absolute_url())
    return render(
        request,
        "initiatives/grant_form.html",
        {"form": form, "lines": lines, "initiative": initiative, "creating": True},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def grant_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    grant = access_grant_for_work(request.user, pk)
    if grant.status != GrantStatus.DRAFT:
        messages.error(request, _("Een ingediende aanvraag kan niet meer worden gewijzigd."))
        return _back(grant)
    form = GrantForm(
        request.POST or None,
        initial={
            "title": grant.title,
            "goal": grant.goal,
            "own_contribution": grant.own_contribution,
            "own_contribution_text": grant.own_contribution_text,
            "partners": list(grant.partners.all()),
            "partners_text": grant.partners_text,
        },
    )
    lines = BudgetLineFormSet(
        request.POST or None,
        prefix="lines",
        initial=[
            {"description": line.description, "amount": line.amount} for line in grant.lines.all()
        ],
    )
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        try:
            grants.grant_update(
                application=grant, editor=request.user, lines=_lines(lines), **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De aanvraag is bijgewerkt."))
            return _back(grant)
    return render(
        request,
        "initiatives/grant_form.html",
        {
            "form": form,
            "lines": lines,
            "initiative": grant.initiative,
            "grant": grant,
            "creating": False,
        },
        status=400 if form.is_bound else 200,
    )


@login_required
def grant_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    grant = selectors.grant_get(access_grant(request.user, pk))
    work = can_work_on_grant(request.user, grant)
    decide = can_decide(request.user, grant)
    lines = list(grant.lines.all())
    total = sum((line.amount for line in lines), Decimal("0"))
    attachments = list(grant.attachments.all())
    context = {
        "grant": grant,
        "initiative": grant.initiative,
        "lines": lines,
        "total": total,
        "project_total": total + grant.own_contribution,
        "supporters": list(grant.supporters.all()),
        "partners": list(grant.partners.all()),
        "trail": list(grant.trail.all()),
        "receipts": [a for a in attachments if a.kind == Attachment.Kind.RECEIPT],
        "photos": [a for a in attachments if a.kind == Attachment.Kind.PHOTO],
        "receipt_total": sum((a.amount or Decimal("0") for a in attachments), Decimal("0")),
        "can_work": work,
        "can_decide": decide,
        "is_draft": grant.status == GrantStatus.DRAFT,
        "min_supporters": grants.MIN_SUPPORTERS,
        "supporter_form": kept_form(request, SupporterForm),
        "decision_form": kept_form(
            request,
            DecisionForm,
            initial={"granted_amount": total},
            offered=_decision_choices(grant),
        ),
        "decision_choices": _decision_choices(grant),
        "attachment_form": kept_form(request, AttachmentForm),
        "account_form": kept_form(
            request, AccountForm, initial={"spent_amount": grant.granted_amount}
        ),
    }
    return render(request, "initiatives/grant_detail.html", context)


def _decision_choices(grant: GrantApplication) -> list[tuple[str, str]]:
    labels = dict(DecisionForm.base_fields["to_status"].choices)  # type: ignore[attr-defined]
    return [(s.value, labels[s.value]) for s in grants.DECISIONS.get(GrantStatus(grant.status), [])]


@login_required
@require_POST
def supporter_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    grant = access_grant_for_work(request.user, pk)
    form = SupporterForm(request.POST)
    if not form.is_valid():
        return _refused(request, form, grant, "draagvlak")
    try:
        grants.supporter_add(application=grant, added_by=request.user, **form.cleaned_data)
    except ValidationError as error:
        return _refused(request, form, grant, "draagvlak", error)
    else:
        messages.success(request, _("De steunbetuiging is toegevoegd."))
    return _back(grant, "draagvlak")


@login_required
@require_POST
def grant_submit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    grant = access_grant_for_work(request.user, pk)
    try:
        grants.grant_submit(application=grant, submitted_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De aanvraag is ingediend bij de gemeente."))
    return _back(grant, "besluit")


@login_required
@require_POST
def grant_decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    grant = access_grant_for_decision(request.user, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _refused(request, form, grant, "besluit")
    try:
        decided = grants.grant_decide(
            application=grant, decided_by=request.user, **form.cleaned_data
        )
    except ValidationError as error:
        return _refused(request, form, grant, "besluit", error)
    else:
        messages.success(
            request, _("Vastgelegd: %(status)s.") % {"status": decided.get_status_display()}
        )
    return _back(grant, "besluit")


@login_required
@require_POST
def attachment_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    grant = access_grant_for_work(request.user, pk)
    # Refuse an oversized upload before Django reads it to disk (the service checks again).
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if declared.isdigit() and int(declared) > settings.OPBOUW_UPLOAD_MAX_BYTES + 64 * 1024:
        messages.error(
            request,
            _("Het bestand is te groot; het maximum is %(max)s.")
            % {"max": filesizeformat(settings.OPBOUW_UPLOAD_MAX_BYTES)},
        )
        return _back(grant, "verantwoording")
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused(request, form, grant, "verantwoording")
    try:
        grants.attachment_add(application=grant, uploaded_by=request.user, **form.cleaned_data)
    except ValidationError as error:
        return _refused(request, form, grant, "verantwoording", error)
    else:
        messages.success(request, _("Het bestand is toegevoegd."))
    return _back(grant, "verantwoording")


@login_required
@require_POST
def grant_account(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    grant = access_grant_for_work(request.user, pk)
    form = AccountForm(request.POST)
    if not form.is_valid():
        return _refused(request, form, grant, "verantwoording")
    try:
        grants.grant_account(application=grant, accounted_by=request.user, **form.cleaned_data)
    except ValidationError as error:
        return _refused(request, form, grant, "verantwoording", error)
    else:
        messages.success(request, _("De verantwoording is ingediend. Dank u wel!"))
    return _back(grant, "verantwoording")


@login_required
@require_GET
def attachment_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    """A receipt or photo, only for those who may see the application; never from a URL."""
    attachment = access_attachment(request.user, pk)
    return uploads.stored_file_response(
        attachment.file, content_type=attachment.content_type, filename=attachment.original_name
    )
