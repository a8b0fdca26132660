"""Two-factor login: who needs it, and the authenticator app (TOTP) and backup codes.

Built on django-otp. A session is "verified" when it holds the persistent id of the device
that accepted a code (`django_otp.login`, session key ``otp_device_id``); the OTPMiddleware
puts that device on ``request.user.otp_device`` and ``request.user.is_verified()`` reads it.
"""

import base64
import binascii
import io
from dataclasses import dataclass

import django_otp
import segno
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from opbouw.core.roles import SECOND_FACTOR_ROLES

from .models import User

BACKUP_CODE_COUNT = 10
TOTP_DEVICE_NAME = "authenticator"
BACKUP_DEVICE_NAME = "backup"
_REQUIRED_ATTR = "_opbouw_second_factor_required"


def second_factor_required(user: User) -> bool:
    """True for superusers, staff, and anyone with a worker, coordinator, policy or admin role.

    Asked on every request of a session that is not verified yet; cached on the user object,
    which lives for one request.
    """
    if _REQUIRED_ATTR not in user.__dict__:
        user.__dict__[_REQUIRED_ATTR] = bool(
            user.is_superuser
            or user.is_staff
            or user.memberships.filter(role__in=SECOND_FACTOR_ROLES).exists()
        )
    return bool(user.__dict__[_REQUIRED_ATTR])


def is_verified(user: User) -> bool:
    """Whether this request's session passed the second factor (OTPMiddleware sets this up)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def confirmed_totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_confirmed_device(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def totp_device_start(*, user: User) -> TOTPDevice:
    """A new, unconfirmed authenticator for the setup page (earlier unconfirmed ones go)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)


def pending_totp_device(*, user: User, device_id: object) -> TOTPDevice | None:
    if not isinstance(device_id, int):
        return None
    return TOTPDevice.objects.filter(user=user, pk=device_id, confirmed=False).first()


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the authenticator with its first code; returns fresh backup codes, or None."""
    if not device.verify_token(normalise_token(token)):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # One authenticator per account: confirming a new one replaces any older one.
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    return backup_codes_create(user=device.user)


@transaction.atomic
def backup_codes_create(*, user: User) -> list[str]:
    """Ten new single-use backup codes; the old ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = []
    for _i in range(BACKUP_CODE_COUNT):
        code = StaticToken.random_token()
        StaticToken.objects.create(device=device, token=code)
        codes.append(code)
    return codes


def backup_codes_left(user: User) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


def normalise_token(token: str) -> str:
    """People type codes with spaces or dashes ("123 456", "abcd-efgh") and capitals."""
    return "".join(ch for ch in token if ch.isalnum()).lower()


@dataclass(frozen=True)
class VerifyResult:
    device: TOTPDevice | StaticDevice | None
    throttled: bool = False


def verify(*, user: User, token: str) -> VerifyResult:
    """Check a code against the user's authenticator, then against their backup codes."""
    code = normalise_token(token)
    throttled = False
    if not code:
        return VerifyResult(None)
    devices: list[TOTPDevice | StaticDevice] = []
    totp = confirmed_totp_device(user)
    if totp is not None and code.isdigit() and len(code) == totp.digits:
        devices.append(totp)
    devices += list(StaticDevice.objects.filter(user=user, confirmed=True))
    for device in devices:
        with transaction.atomic():
            locked = type(device).objects.select_for_update().get(pk=device.pk)
            allowed, _info = locked.verify_is_allowed()
            if not allowed:
                throttled = True
                continue
            if locked.verify_token(code):
                return VerifyResult(locked)
    return VerifyResult(None, throttled=throttled)


def mark_verified(request: HttpRequest, device: TOTPDevice | StaticDevice) -> None:
    """Record in the session that the second factor passed; a new session key as well."""
    request.session.cycle_key()
    django_otp.login(request, device)


def secret_for_manual_entry(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for typing into an app without a camera."""
    secret = base64.b32encode(binascii.unhexlify(device.key)).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// link as an SVG QR code in a data: URI (allowed by the CSP's img-src).

    Generated on the server; the secret never leaves it except in this page.
    """
    code = segno.make(device.config_url, error="m")
    buffer = io.BytesIO()
    code.save(
        buffer,
        kind="svg",
        scale=5,
        border=2,
        dark="#1d2b2f",
        light="#ffffff",
        title=_("QR-code voor uw authenticator-app"),
    )
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()
