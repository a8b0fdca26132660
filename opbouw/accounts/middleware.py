"""Session expiry and the second factor, enforced for every page.

- SessionTimeoutMiddleware ends a session after OPBOUW_SESSION_IDLE_SECONDS without a request
  and OPBOUW_SESSION_ABSOLUTE_SECONDS after logging in, whatever the activity.
- TwoFactorMiddleware keeps a session that passed the password but not yet the second factor
  on the code and setup pages: every other page redirects there (htmx requests get an
  HX-Redirect), so nothing is shown or changed before both factors passed.
"""

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.i18n import set_language

from . import two_factor

LOGIN_AT = "opbouw_login_at"
SEEN_AT = "opbouw_seen_at"
# Write the "last seen" time at most once a minute: not a session save on every request.
SEEN_RESOLUTION_SECONDS = 60

EXEMPT_ATTR = "second_factor_exempt"


def second_factor_exempt(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view as reachable before the second factor (login, logout, code, setup, reset)."""
    setattr(view, EXEMPT_ATTR, True)
    return view


@receiver(user_logged_in)
def _remember_login_time(sender: object, request: HttpRequest | None, **kwargs: object) -> None:
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[LOGIN_AT] = now
        request.session[SEEN_AT] = now


class SessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            session = request.session
            now = int(time.time())
            login_at = session.get(LOGIN_AT)
            seen_at = session.get(SEEN_AT)
            if not isinstance(login_at, int) or not isinstance(seen_at, int):
                session[LOGIN_AT] = session[SEEN_AT] = now  # a session from before this rule
            elif (
                now - seen_at > settings.OPBOUW_SESSION_IDLE_SECONDS
                or now - login_at > settings.OPBOUW_SESSION_ABSOLUTE_SECONDS
            ):
                logout(request)  # flushes the session: its key is no longer valid
                messages.info(request, _("Uw sessie is verlopen. Log opnieuw in."))
            elif now - seen_at >= SEEN_RESOLUTION_SECONDS:
                session[SEEN_AT] = now
        return self.get_response(request)


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or two_factor.is_verified(user):
            return None
        if not two_factor.second_factor_required(user):
            return None
        request.opbouw_second_factor_pending = True  # type: ignore[attr-defined]
        if getattr(view_func, EXEMPT_ATTR, False) or view_func is set_language:
            return None
        target = (
            "accounts:two_factor"
            if two_factor.has_confirmed_device(user)
            else "accounts:two_factor_setup"
        )
        url = reverse(target)
        if request.method == "GET" and not request.headers.get("HX-Request"):
            url += "?" + urlencode({"next": request.get_full_path()})
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return HttpResponseRedirect(url)
