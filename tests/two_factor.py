"""Logging in with both factors in tests.

The second factor is enforced in the test settings exactly as in production
(opbouw.accounts.middleware.TwoFactorMiddleware). Most tests are about something else and log
in with ``client.force_login(user)``; tests/conftest.py makes that a *complete* login: after
Django's force_login the session is marked OTP-verified the way django-otp does it
(``otp_device_id`` = the persistent id of a real, confirmed TOTP device of that user), so the
OTPMiddleware checks the device on every request as it would in production.

Tests of the login itself use ``password_only_login`` (the session stops after the password)
or the real forms, and ``current_code`` to type what the app would show.
"""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from opbouw.accounts.models import User
from opbouw.core.roles import SECOND_FACTOR_ROLES

# The original, before tests/conftest.py wraps it.
_django_force_login = Client.force_login


def needs_second_factor(user: User) -> bool:
    """Asked afresh (the app's own check caches per request on the user object)."""
    return bool(
        user.is_superuser
        or user.is_staff
        or user.memberships.filter(role__in=SECOND_FACTOR_ROLES).exists()
    )


def totp_device(user: User) -> TOTPDevice:
    """The user's confirmed authenticator, made when there is none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return device


def current_code(device: TOTPDevice, *, offset_steps: int = 0) -> str:
    """The code the authenticator app shows now (or `offset_steps` steps from now)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset_steps * device.step
    return f"{totp.token():0{device.digits}d}"


def mark_second_factor_passed(client: Client, user: User) -> None:
    """What django_otp.login() does after a correct code: the device id in the session."""
    device = totp_device(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def force_login_both_factors(client: Client, user: User, backend: str | None = None) -> None:
    _django_force_login(client, user, backend)
    if needs_second_factor(user):
        mark_second_factor_passed(client, user)


def password_only_login(client: Client, user: User) -> None:
    """A session that passed the password but not the second factor."""
    _django_force_login(client, user)


__all__ = [
    "current_code",
    "force_login_both_factors",
    "mark_second_factor_passed",
    "needs_second_factor",
    "password_only_login",
    "totp_device",
]
