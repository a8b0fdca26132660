"""One-time submission tokens: a create form posted twice stores one object.

Every create form carries `{% submission_token %}` (a hidden field with a fresh random value).
`SubmissionTokenMiddleware` claims the token before the view runs: a second post with the same
token (the back button and "save" again, a double click, a browser resending the post) does not
reach the view; it is sent to what the first post made, with a message. A post the view refuses
(the form comes back with its errors) releases the token, so correcting and saving works.

The claim is a row with a unique key, so two posts at the same moment cannot both pass.
"""

import datetime as dt
import re
import secrets
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .models import FormSubmission

FIELD = "_submission"
TOKEN_PATTERN = re.compile(r"[0-9a-f]{32}")
# A token older than this no longer blocks (its page is a day old); old claims are removed.
KEEP = dt.timedelta(days=1)


def new_token() -> str:
    return secrets.token_hex(16)


def _owner(request: HttpRequest) -> str | None:
    """Whose token this is: the account, or for a visitor the session (no personal data)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    session = getattr(request, "session", None)
    key = session.session_key if session is not None else None
    return f"session:{key}" if key else None


def _claim(owner: str, token: str) -> tuple[FormSubmission | None, FormSubmission | None]:
    """(our new claim, None), or (None, the earlier claim of the same token)."""
    FormSubmission.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
    try:
        with transaction.atomic():
            return FormSubmission.objects.create(owner=owner, token=token), None
    except IntegrityError:
        return None, FormSubmission.objects.filter(owner=owner, token=token).first()


def _succeeded_to(response: HttpResponse) -> str | None:
    """Where a successful post sent the person (post/redirect/get), or None if refused."""
    if 300 <= response.status_code < 400 and response.get("Location"):
        return str(response["Location"])
    if response.status_code < 300 and response.get("HX-Redirect"):
        return str(response["HX-Redirect"])
    return None


def _repeat_response(request: HttpRequest, earlier: FormSubmission | None) -> HttpResponse:
    if earlier is not None and earlier.result_url:
        messages.info(
            request,
            _(
                "Dit formulier was al verstuurd. U ziet wat er toen is opgeslagen; "
                "er is niets dubbel vastgelegd."
            ),
        )
        target = earlier.result_url
    else:
        messages.warning(
            request,
            _(
                "Dit formulier wordt al verwerkt. Kijk zo of het is opgeslagen voor u het "
                "opnieuw verstuurt."
            ),
        )
        referer = request.META.get("HTTP_REFERER", "")
        safe = url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        target = referer if safe else "/"
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target
        return response
    return HttpResponseRedirect(target)


class SubmissionTokenMiddleware:
    """Claims a posted `_submission` token before the view; records or releases it after."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        claim: FormSubmission | None = getattr(request, "_submission_claim", None)
        if claim is not None:
            target = _succeeded_to(response)
            # A refused form sent back to its page (refused_redirect) is no success either.
            if target is None or getattr(request, "_submission_refused", False):
                claim.delete()
            else:
                FormSubmission.objects.filter(pk=claim.pk).update(result_url=target[:500])
        return response

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if request.method != "POST":
            return None
        try:
            # The CSRF check before this read the body already; a body Django refuses is
            # answered by Django's own handling, not here.
            token = request.POST.get(FIELD, "")
        except Exception:  # noqa: BLE001
            return None
        owner = _owner(request)
        if not owner or not TOKEN_PATTERN.fullmatch(token):
            return None
        claim, earlier = _claim(owner, token)
        if claim is None:
            return _repeat_response(request, earlier)
        request._submission_claim = claim  # type: ignore[attr-defined]
        return None
