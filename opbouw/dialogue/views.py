"""Pages for those who run and follow conversations (login; objects via permissions.access_*).

The participation pages, open to anyone with the invitation link, are in participation.py.
"""

import io
from dataclasses import dataclass

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from opbouw.accounts.types import AuthenticatedRequest
from opbouw.areas.permissions import membership_area_id
from opbouw.core.forms import add_service_errors, kept_form, refused_redirect
from opbouw.core.htmx import render_page_or_partial
from opbouw.core.pagination import paginate

from . import exports, imports, results, selectors, services, snapshots
from .forms import ConversationCreateForm, ConversationForm, PaperVotesForm, SeedStatementForm
from .models import Conversation, Statement
from .permissions import (
    MANAGE_ROLES,
    access_conversation,
    access_conversation_for_manage,
    access_export_download,
    access_statement_for_moderation,
    can_manage,
    can_manage_conversations,
    require_manage,
    require_view,
)


@dataclass(frozen=True)
class StatementRow:
    """A statement with its vote counts from the last analysis (agree, pass, disagree)."""

    statement: Statement
    agree: int
    passed: int
    disagree: int


def invite_url(request: AuthenticatedRequest, conversation: Conversation) -> str:
    return request.build_absolute_uri(conversation.get_participation_url())


@login_required
def conversation_list(request: AuthenticatedRequest) -> HttpResponse:
    require_view(request.user)
    page = paginate(selectors.conversation_list(request.user), request.GET.get("page"), 25)
    context = {"page": page, "can_manage": can_manage_conversations(request.user)}
    return render(request, "dialogue/conversation_list.html", context)


def _form_values(data: dict) -> dict:  # type: ignore[type-arg]
    return {
        "area": data["area"],
        "question": data["question"],
        "description": data["description"],
        "themes": list(data["themes"]),
        "opens_at": data["opens_at"],
        "closes_at": data["closes_at"],
        "moderation": data["moderation"],
        "accepts_statements": data["accepts_statements"],
    }


@login_required
def conversation_create(request: AuthenticatedRequest) -> HttpResponse:
    require_manage(request.user)
    initial = {"area": membership_area_id(request.user, MANAGE_ROLES)}
    form = ConversationCreateForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            conversation = services.conversation_create(
                created_by=request.user,
                seed_statements=form.cleaned_data["seed_statements"],
                **_form_values(form.cleaned_data),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Het gesprek is aangemaakt. Deel de uitnodiging."))
            return redirect(conversation)
    status = 400 if form.is_bound else 200
    context = {"form": form, "creating": True}
    return render(request, "dialogue/conversation_form.html", context, status=status)


@login_required
def conversation_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    conversation = access_conversation_for_manage(request.user, pk)
    initial = {
        "area": conversation.area_id,
        "question": conversation.question,
        "description": conversation.description,
        "themes": list(conversation.themes.values_list("pk", flat=True)),
        "opens_at": conversation.opens_at,
        "closes_at": conversation.closes_at,
        "moderation": conversation.moderation,
        "accepts_statements": conversation.accepts_statements,
    }
    form = ConversationForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.conversation_update(
                conversation=conversation, editor=request.user, **_form_values(form.cleaned_data)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Het gesprek is bijgewerkt."))
            return redirect(conversation)
    status = 400 if form.is_bound else 200
    context = {"form": form, "conversation": conversation, "creating": False}
    return render(request, "dialogue/conversation_form.html", context, status=status)


@login_required
def conversation_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    conversation = access_conversation(request.user, pk)
    snapshot = snapshots.latest_snapshot(conversation.pk, with_result=False)
    totals = snapshot.summary.get("totals", {}) if snapshot else {}
    statements = list(selectors.statement_list(conversation))
    rows = [StatementRow(s, *totals.get(str(s.pk), (0, 0, 0))) for s in statements]
    context = {
        "conversation": conversation,
        "rows": rows,
        "pending": sum(1 for s in statements if s.status == Statement.Status.PENDING),
        "snapshot": snapshot,
        "can_manage": can_manage(request.user, conversation),
        "invite_url": invite_url(request, conversation),
        "seed_form": kept_form(request, SeedStatementForm),
        "themes": list(conversation.themes.all()),
    }
    return render(request, "dialogue/conversation_detail.html", context)


@login_required
@require_POST
def statement_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    conversation = access_conversation_for_manage(request.user, pk)
    form = SeedStatementForm(request.POST)
    back = f"{conversation.get_absolute_url()}#statement-add"
    if not form.is_valid():
        return refused_redirect(request, form, back)
    try:
        statement = services.statement_add_seed(
            conversation=conversation,
            added_by=request.user,
            text=form.cleaned_data["text"],
            is_meta=form.cleaned_data["is_meta"],
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return refused_redirect(request, form, back)
    messages.success(request, _("Stelling %(n)d is toegevoegd.") % {"n": statement.number})
    return redirect(conversation)


@login_required
def moderation(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    conversation = access_conversation_for_manage(request.user, pk)
    context = {
        "conversation": conversation,
        "queue": selectors.moderation_queue(conversation),
        "statements": list(
            selectors.statement_list(conversation).exclude(status=Statement.Status.PENDING)
        ),
    }
    return render(request, "dialogue/moderation.html", context)


@login_required
@require_POST
def statement_moderate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    statement = access_statement_for_moderation(request.user, pk)
    action = request.POST.get("action", "")
    try:
        services.statement_moderate(statement=statement, moderator=request.user, action=action)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if request.htmx:  # type: ignore[attr-defined]
            return render(request, "dialogue/moderation.html#row", {"statement": statement})
        done = (
            _("Stelling %(n)d is zichtbaar.")
            if statement.status == Statement.Status.APPROVED
            else _("Stelling %(n)d is verborgen.")
        )
        messages.success(request, done % {"n": statement.number})
    return redirect("dialogue:moderation", pk=statement.conversation_id)


@login_required
def qr_code(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The invitation as an SVG QR code: an image, so no inline markup in the page."""
    conversation = access_conversation(request.user, pk)
    code = segno.make(invite_url(request, conversation), error="m")
    buffer = io.BytesIO()
    code.save(
        buffer,
        kind="svg",
        scale=8,
        border=2,
        dark="#1d2b2f",
        light="#ffffff",
        title=_("Uitnodiging: %(question)s") % {"question": conversation.question},
    )
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="gesprek-{conversation.pk}-qr.svg"'
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def results_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    conversation = access_conversation(request.user, pk)
    snapshots.recompute_if_stale(conversation)
    viewer = selectors.participant_get(conversation, services.Voter(user=request.user, key=""))
    context = {
        "conversation": conversation,
        "results": results.results_get(conversation, viewer=viewer, include_roles=True),
        "can_manage": can_manage(request.user, conversation),
    }
    return render_page_or_partial(request, "dialogue/results.html", context, partial="results")


@login_required
@require_POST
def recompute(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    conversation = access_conversation_for_manage(request.user, pk)
    if snapshots.request_recompute(conversation=conversation, force=True):
        messages.success(request, _("De resultaten worden bijgewerkt."))
    else:
        messages.info(request, _("De resultaten worden al bijgewerkt."))
    return redirect("dialogue:results", pk=conversation.pk)


@login_required
def paper_votes(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    conversation = access_conversation_for_manage(request.user, pk)
    form = PaperVotesForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            outcome = imports.paper_votes_import(
                conversation=conversation,
                imported_by=request.user,
                data=upload.read(imports.MAX_PAPER_BYTES + 1),
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                ngettext(
                    "%(votes)d stem van %(people)d deelnemer ingelezen.",
                    "%(votes)d stemmen van %(people)d deelnemers ingelezen.",
                    outcome.participants,
                )
                % {"votes": outcome.votes, "people": outcome.participants},
            )
            return redirect(conversation)
    status = 400 if form.is_bound else 200
    context = {
        "conversation": conversation,
        "form": form,
        "errors": errors,
        "statements": selectors.statement_list(conversation).filter(
            status=Statement.Status.APPROVED
        ),
    }
    return render(request, "dialogue/paper_votes.html", context, status=status)


@login_required
def export_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The person's export of the conversation: ask for one, see it being made, download it."""
    conversation = access_conversation_for_manage(request.user, pk)
    export = exports.export_latest(conversation, request.user)
    context = {
        "conversation": conversation,
        "export": export,
        "expired": export is not None and export.is_expired(),
        "days": exports.export_days(),
        "small": exports.is_small(conversation),
    }
    return render_page_or_partial(request, "dialogue/export.html", context, partial="status")


@login_required
@require_POST
def export_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    conversation = access_conversation_for_manage(request.user, pk)
    export, new = exports.export_request(
        conversation=conversation,
        requested_by=request.user,
        url=invite_url(request, conversation),
    )
    if not new:
        messages.info(
            request,
            _("Je export van dit gesprek wordt al gemaakt. Wacht tot hij klaar is."),
        )
    elif export.is_ready:
        messages.success(request, _("De export is klaar om te downloaden."))
    elif export.status == export.Status.FAILED:
        messages.error(request, _("Het maken van de export is mislukt. Probeer het opnieuw."))
    else:
        messages.success(
            request,
            _("De export wordt op de achtergrond gemaakt. Dat kan enkele minuten duren."),
        )
    return redirect("dialogue:export", pk=conversation.pk)


@login_required
def export_download(request: AuthenticatedRequest, pk: int) -> HttpResponseBase:
    export = access_export_download(request.user, pk)
    back = redirect("dialogue:export", pk=export.conversation_id)
    if export.is_expired():
        messages.error(request, _("Deze export is verlopen. Maak een nieuwe export."))
        return back
    if not export.is_ready:
        messages.info(request, _("Deze export is nog niet klaar."))
        return back
    path = exports.export_path(export)
    if not path.is_file():
        messages.error(request, _("Dit exportbestand bestaat niet meer. Maak een nieuwe export."))
        return back
    made = timezone.localtime(export.finished_at)
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"gesprek-{export.conversation_id}-polis-{made:%Y%m%d-%H%M}.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response
