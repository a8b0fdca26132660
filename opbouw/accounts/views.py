"""Login with two factors, the authenticator setup, password reset, and the lockout page."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice

from . import two_factor
from .forms import NewPasswordForm, ResetForm, SetupTokenForm, TokenForm
from .middleware import second_factor_exempt
from .types import AuthenticatedRequest

SETUP_DEVICE_KEY = "opbouw_totp_setup_device"


def _safe_next(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, next_url: str) -> str:
    return reverse(url_name) + "?" + urlencode({"next": next_url})


class LoginView(auth_views.LoginView):
    """Step one: the password. Who needs a second factor goes on to the code (or setup)."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        next_url = super().get_success_url()
        user = self.request.user
        if two_factor.second_factor_required(user) and not two_factor.is_verified(user):  # type: ignore[arg-type]
            step = (
                "accounts:two_factor"
                if two_factor.has_confirmed_device(user)  # type: ignore[arg-type]
                else "accounts:two_factor_setup"
            )
            return _with_next(step, next_url)
        return next_url


login_view = second_factor_exempt(LoginView.as_view())
logout_view = second_factor_exempt(auth_views.LogoutView.as_view())


@second_factor_exempt
@login_required
def two_factor_verify(request: AuthenticatedRequest) -> HttpResponse:
    """Step two: the code from the authenticator app, or a backup code."""
    user = request.user
    next_url = _safe_next(request)
    if not two_factor.second_factor_required(user) or two_factor.is_verified(user):
        return redirect(next_url)
    if not two_factor.has_confirmed_device(user):
        return redirect(_with_next("accounts:two_factor_setup", next_url))
    form = TokenForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            result = two_factor.verify(user=user, token=form.cleaned_data["token"])
            if result.device is not None:
                two_factor.mark_verified(request, result.device)
                if isinstance(result.device, StaticDevice):
                    left = two_factor.backup_codes_left(user)
                    messages.warning(
                        request,
                        _(
                            "U logde in met een reservecode; die werkt nu niet meer. "
                            "U hebt nog %(count)d reservecodes."
                        )
                        % {"count": left},
                    )
                return redirect(next_url)
            form.add_error(
                "token",
                _("Te veel pogingen. Wacht even en probeer het dan opnieuw.")
                if result.throttled
                else _("Deze code klopt niet. Probeer het opnieuw."),
            )
    return render(
        request, "accounts/two_factor.html", {"form": form, "next": next_url}, status=status
    )


@second_factor_exempt
@login_required
def two_factor_setup(request: AuthenticatedRequest) -> HttpResponse:
    """Link an authenticator app: scan the QR code, type the first code, get backup codes.

    Before the second factor passed this page is only open to accounts without an
    authenticator (otherwise a stolen password could replace the victim's app).
    """
    user = request.user
    if not two_factor.second_factor_required(user):
        raise Http404
    next_url = _safe_next(request)
    verified = two_factor.is_verified(user)
    if not verified and two_factor.has_confirmed_device(user):
        return redirect(_with_next("accounts:two_factor", next_url))
    device = two_factor.pending_totp_device(
        user=user, device_id=request.session.get(SETUP_DEVICE_KEY)
    )
    if device is None:
        device = two_factor.totp_device_start(user=user)
        request.session[SETUP_DEVICE_KEY] = device.pk
    form = SetupTokenForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            codes = two_factor.totp_device_confirm(device=device, token=form.cleaned_data["token"])
            if codes is not None:
                del request.session[SETUP_DEVICE_KEY]
                two_factor.mark_verified(request, device)
                return render(
                    request,
                    "accounts/backup_codes.html",
                    {"codes": codes, "next": next_url, "first_time": True},
                )
            form.add_error(
                "token", _("Deze code klopt niet. Kijk of de app de code van opbouw toont.")
            )
    context = {
        "form": form,
        "next": next_url,
        "qr": two_factor.qr_data_uri(device),
        "secret": two_factor.secret_for_manual_entry(device),
        "replacing": verified,
    }
    return render(request, "accounts/two_factor_setup.html", context, status=status)


@login_required
@require_POST
def backup_codes_renew(request: AuthenticatedRequest) -> HttpResponse:
    """New backup codes (after the second factor passed: the middleware sees to that)."""
    if not two_factor.second_factor_required(request.user):
        raise Http404
    codes = two_factor.backup_codes_create(user=request.user)
    return render(
        request,
        "accounts/backup_codes.html",
        {"codes": codes, "next": resolve_url(settings.LOGIN_REDIRECT_URL), "first_time": False},
    )


# --- password reset: Django's views, our templates -----------------------------------------

password_reset = second_factor_exempt(
    auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset.html",
        form_class=ResetForm,
        email_template_name="accounts/password_reset_email.txt",
        subject_template_name="accounts/password_reset_subject.txt",
        success_url=reverse_lazy("accounts:password_reset_done"),
    )
)
password_reset_done = second_factor_exempt(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """A link that does not check out (used, too old, made up) answers 404, with a way on."""

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        if not context.get("validlink"):
            kwargs["status"] = 404
        return super().render_to_response(context, **kwargs)


password_reset_confirm = second_factor_exempt(
    PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html",
        form_class=NewPasswordForm,
        success_url=reverse_lazy("accounts:password_reset_complete"),
    )
)
password_reset_complete = second_factor_exempt(
    auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"
    )
)


# --- django-axes hooks (settings.AXES_LOCKOUT_CALLABLE, AXES_CLIENT_STR_CALLABLE) ------------


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The login page again, with the lockout in words, and status 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    form = AuthenticationForm(request)
    message = _(
        "Te veel mislukte inlogpogingen. Om uw account te beschermen kunt u het over "
        "%(minutes)d minuten opnieuw proberen. Wachtwoord vergeten? Vraag een nieuw aan."
    ) % {"minutes": minutes}
    return render(
        request,
        "accounts/login.html",
        {"form": form, "lockout": message, "next": _safe_next(request)},
        status=429,
    )


def login_attempt_description(
    username: str, ip_address: str, user_agent: str, path_info: str, request: HttpRequest
) -> str:
    """What django-axes writes to the log: never the username or the address."""
    return "a login attempt"
