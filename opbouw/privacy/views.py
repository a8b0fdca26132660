"""Privacy pages: my data, inzage/export, erasure with a confirm step, the register."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opbouw.accounts.types import AuthenticatedRequest
from opbouw.audit.models import ObjectType
from opbouw.audit.services import record_list_view, record_view
from opbouw.core.forms import add_service_errors, kept_form, refused_redirect

from . import register as processing_register
from . import selectors, services
from .forms import ErasureAskForm, ErasureForm, RejectForm
from .permissions import (
    access_erasure_request,
    access_export_download,
    access_own_consent,
    access_person_for_erasure,
    access_person_for_export,
    can_handle_requests,
    can_read_register,
    own_person,
)


@login_required
def index(request: AuthenticatedRequest) -> HttpResponse:
    """For workers: erasure requests to handle and the exports they asked for."""
    handles = can_handle_requests(request.user)
    reads_register = can_read_register(request.user)
    if not (handles or reads_register):
        raise Http404
    pending = list(selectors.pending_erasure_requests(request.user)) if handles else []
    for item in pending:
        # One reject form per request, with its own ids; a refusal comes back in its form.
        item.reject_form = kept_form(request, RejectForm, key=f"reject{item.pk}")  # type: ignore[attr-defined]
    context = {
        "pending": pending,
        "exports": selectors.exports_of(request.user),
        "can_read_register": reads_register,
    }
    if context["pending"] or context["exports"]:  # they name the people concerned
        record_list_view(request.user, ObjectType.PEOPLE_LIST)
    return render(request, "privacy/index.html", context)


@login_required
def mine(request: AuthenticatedRequest) -> HttpResponse:
    """A resident's own page: consents, download my data, ask to be forgotten."""
    person = own_person(request.user)
    context = {
        "person": person,
        "consents": list(person.consents.all()),
        "exports": selectors.exports_of(request.user, person=person),
        "pending": selectors.pending_request_of(person),
        "ask_form": kept_form(request, ErasureAskForm),
        "export_days": services.export_days(),
    }
    return render(request, "privacy/mine.html", context)


@login_required
@require_POST
def consent_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    consent = access_own_consent(request.user, pk)
    services.consent_withdraw_own(consent=consent, user=request.user)
    messages.success(request, _("Uw toestemming is ingetrokken. Dat geldt vanaf nu."))
    return redirect("privacy:mine")


@login_required
@require_POST
def export_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = access_person_for_export(request.user, pk)
    own = person.user_id == request.user.pk
    try:
        services.export_create(person=person, requested_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("privacy:mine") if own else redirect("people:detail", pk=pk)
    messages.success(
        request,
        _("Het bestand staat klaar. U kunt het %(days)d dagen downloaden.")
        % {"days": services.export_days()},
    )
    return redirect("privacy:mine" if own else "privacy:index")


@login_required
def export_download(request: AuthenticatedRequest, token: str) -> FileResponse:
    export = access_export_download(request.user, token)
    path = services.export_path(export)
    if not path.is_file():
        raise Http404
    filename = f"opbouw-gegevens-{timezone.localtime(export.created_at):%Y-%m-%d}.zip"
    response = FileResponse(
        path.open("rb"), as_attachment=True, filename=filename, content_type="application/zip"
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def erase(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Forget a person: a preview of what is affected, a reason and a confirmation."""
    person = access_person_for_erasure(request.user, pk)
    if services.is_erased(person):
        messages.info(request, _("Deze persoon is al verwijderd."))
        return redirect("people:detail", pk=person.pk)
    pending = selectors.pending_request_of(person)
    form = ErasureForm(
        request.POST if request.method == "POST" else None,
        initial={"reason": pending.reason if pending else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.person_erase(
                person=person, erased_by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("De persoon is overal geanonimiseerd en het account is afgesloten.")
            )
            return redirect("people:detail", pk=person.pk)
    if request.method != "POST" or not form.is_valid():  # an erasure is recorded as such
        record_view(request.user, person)
    context = {
        "person": person,
        "form": form,
        "pending": pending,
        "preview": services.erasure_preview(person),
    }
    context["first_name"], context["partial_mentions"] = services.partial_mentions(person)
    return render(request, "privacy/erase.html", context, status=400 if form.is_bound else 200)


@login_required
@require_POST
def erasure_ask(request: AuthenticatedRequest) -> HttpResponse:
    person = own_person(request.user)
    form = ErasureAskForm(request.POST)
    back = reverse("privacy:mine") + "#erasure-ask"
    if not form.is_valid():
        return refused_redirect(request, form, back)
    try:
        services.erasure_request_create(
            person=person, requested_by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return refused_redirect(request, form, back)
    messages.success(
        request,
        _("Uw verzoek is ontvangen. Een opbouwwerker neemt contact op en voert het uit."),
    )
    return redirect("privacy:mine")


@login_required
@require_POST
def erasure_reject(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    erasure_request = access_erasure_request(request.user, pk)
    form = RejectForm(request.POST, key=f"reject{erasure_request.pk}")
    back = reverse("privacy:index") + f"#erasure-{erasure_request.pk}"
    if not form.is_valid():
        return refused_redirect(request, form, back)
    try:
        services.erasure_reject(
            request=erasure_request, decided_by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return refused_redirect(request, form, back)
    messages.success(request, _("Het verzoek is afgewezen; de reden is vastgelegd."))
    return redirect("privacy:index")


def _require_register(request: AuthenticatedRequest) -> None:
    if not can_read_register(request.user):
        raise Http404


@login_required
def register(request: AuthenticatedRequest) -> HttpResponse:
    _require_register(request)
    entries = processing_register.register_entries()
    security = [str(m) for m in processing_register.SECURITY_MEASURES]
    return render(request, "privacy/register.html", {"entries": entries, "security": security})


@login_required
def register_csv(request: AuthenticatedRequest) -> HttpResponse:
    _require_register(request)
    response = HttpResponse(processing_register.register_csv(), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="verwerkingsregister.csv"'
    return response


@login_required
def register_json(request: AuthenticatedRequest) -> HttpResponse:
    _require_register(request)
    response = HttpResponse(processing_register.register_json(), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="verwerkingsregister.json"'
    return response
