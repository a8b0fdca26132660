"""Taking part, without an account: the pages behind the invitation link.

A participant is a random key in a signed cookie, scoped to the conversation's pages; it is
created on the first contribution (a vote, a statement, a role), not on a visit, so people
who only look leave nothing behind. Logged-in users take part with their account instead.
Every form works as a plain POST (then a 303 back to the page); with htmx a vote swaps in
the next statement card.
"""

import re
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opbouw.accounts.models import User

from . import results, selectors, services, snapshots
from .forms import ProfileForm, StatementSubmitForm
from .models import Conversation, Participant, new_participant_key
from .permissions import access_invitation

COOKIE_SALT = "opbouw.dialogue.participant"
COOKIE_AGE = 60 * 60 * 24 * 365
_KEY = re.compile(r"\A[A-Za-z0-9_-]{16,64}\Z")


class SeeOther(HttpResponseRedirect):
    """303: after a POST, the browser GETs the page (and a reload does not post again)."""

    status_code = 303


def cookie_name(conversation: Conversation) -> str:
    return f"opbouw_gesprek_{conversation.pk}"


def voter_for(request: HttpRequest, conversation: Conversation) -> services.Voter:
    user = request.user if isinstance(request.user, User) else None
    key = request.get_signed_cookie(
        cookie_name(conversation), default=None, salt=COOKIE_SALT, max_age=COOKIE_AGE
    )
    if not key or not _KEY.match(key):
        key = new_participant_key()
    return services.Voter(user=user, key=key)


def remember(
    response: HttpResponse,
    request: HttpRequest,
    conversation: Conversation,
    participant: Participant | None,
) -> HttpResponse:
    """Keep (or refresh) the participant's key in a cookie for this conversation's pages."""
    if participant is not None and participant.user_id is None:
        response.set_signed_cookie(
            cookie_name(conversation),
            participant.key,
            salt=COOKIE_SALT,
            max_age=COOKIE_AGE,
            path=conversation.get_participation_url(),
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
    return response


def _context(
    request: HttpRequest,
    conversation: Conversation,
    participant: Participant | None,
    **extra: Any,
) -> dict[str, Any]:
    buurten = services.buurten_of(conversation)
    initial = {}
    if participant is not None:
        initial = {"declared_role": participant.declared_role, "buurt": participant.buurt_id}
    context = {
        "conversation": conversation,
        "participant": participant,
        "is_open": conversation.is_open(),
        "card": selectors.next_card(conversation, participant) if conversation.is_open() else None,
        "statement_form": StatementSubmitForm(),
        "profile_form": ProfileForm(initial=initial, buurten=buurten),
        "has_buurten": len(buurten) > 1,
    }
    context.update(extra)
    return context


def participate(request: HttpRequest, token: str) -> HttpResponse:
    conversation = access_invitation(token)
    participant = selectors.participant_get(conversation, voter_for(request, conversation))
    snapshots.recompute_if_stale(conversation)
    response = render(
        request, "dialogue/participate.html", _context(request, conversation, participant)
    )
    return remember(response, request, conversation, participant)


@require_POST
def vote(request: HttpRequest, token: str) -> HttpResponse:
    conversation = access_invitation(token, with_area=False)
    voter = voter_for(request, conversation)
    htmx = bool(getattr(request, "htmx", False))
    try:
        participant = services.vote_cast(
            conversation=conversation,
            voter=voter,
            statement_id=request.POST.get("statement"),
            value=request.POST.get("vote"),
        )
    except ValidationError as error:
        known = selectors.participant_get(conversation, voter)
        context = _context(request, conversation, known, vote_error=" ".join(error.messages))
        if htmx:
            # htmx does not swap 4xx answers by default; the card with the message is the
            # answer the person needs, so it comes as a 200 fragment.
            return render(request, "dialogue/participate.html#card", context)
        return render(request, "dialogue/participate.html", context, status=400)
    if htmx:
        context = {
            "conversation": conversation,
            "card": selectors.next_card(conversation, participant),
            "is_open": True,
            "focus_card": True,
        }
        response = render(request, "dialogue/participate.html#card", context)
    else:
        response = SeeOther(conversation.get_participation_url() + "#stemkaart")
    return remember(response, request, conversation, participant)


@require_POST
def statement_submit(request: HttpRequest, token: str) -> HttpResponse:
    conversation = access_invitation(token)
    voter = voter_for(request, conversation)
    form = StatementSubmitForm(request.POST)
    if form.is_valid():
        try:
            statement = services.statement_submit(
                conversation=conversation, voter=voter, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("text", message)
        else:
            if statement.status == statement.Status.APPROVED:
                messages.success(request, _("Dank je! Je stelling staat er nu bij."))
            else:
                messages.success(
                    request,
                    _(
                        "Dank je! De gespreksleider bekijkt je stelling; "
                        "daarna kan iedereen erop stemmen."
                    ),
                )
            response = SeeOther(conversation.get_participation_url() + "#eigen-stelling")
            return remember(response, request, conversation, statement.author)
    participant = selectors.participant_get(conversation, voter)
    context = _context(request, conversation, participant, statement_form=form)
    return render(request, "dialogue/participate.html", context, status=400)


@require_POST
def profile(request: HttpRequest, token: str) -> HttpResponse:
    conversation = access_invitation(token)
    voter = voter_for(request, conversation)
    form = ProfileForm(request.POST, buurten=services.buurten_of(conversation))
    if form.is_valid():
        try:
            participant = services.participant_declare(
                conversation=conversation,
                voter=voter,
                declared_role=form.cleaned_data["declared_role"],
                buurt_id=form.cleaned_data["buurt"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Dank je, dat helpt om de uitkomst te begrijpen."))
            response = SeeOther(conversation.get_participation_url() + "#over-jou")
            return remember(response, request, conversation, participant)
    known = selectors.participant_get(conversation, voter)
    context = _context(request, conversation, known, profile_form=form)
    return render(request, "dialogue/participate.html", context, status=400)


def public_results(request: HttpRequest, token: str) -> HttpResponse:
    conversation = access_invitation(token)
    participant = selectors.participant_get(conversation, voter_for(request, conversation))
    snapshots.recompute_if_stale(conversation)
    context = {
        "conversation": conversation,
        "results": results.results_get(conversation, viewer=participant),
        "participant": participant,
    }
    response = render(request, "dialogue/public_results.html", context)
    return remember(response, request, conversation, participant)
