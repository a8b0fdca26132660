"""Two-factor login in the demo: every demo account that needs a second factor gets an
authenticator (TOTP) with one fixed, public secret, so the demo stays usable.

Add DEMO_TOTP_SECRET to an authenticator app (README), or let `manage.py demo_totp werker`
print the current code. Like the demo password, this is acceptable only because the demo is a
local playground.
"""

import base64

from django.db.models import Q
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from opbouw.accounts.models import User
from opbouw.core.roles import SECOND_FACTOR_ROLES

from .users import demo_users_filter

DEMO_TOTP_SECRET = "OPBOUWDEMOOPBOUWDEMOOPBOUWDEMO23"  # base32, as an app wants it
DEMO_TOTP_KEY = base64.b32decode(DEMO_TOTP_SECRET).hex()  # hex, as django-otp stores it
DEMO_DEVICE_NAME = "demo"


def _needs_second_factor() -> Q:
    return Q(is_superuser=True) | Q(is_staff=True) | Q(memberships__role__in=SECOND_FACTOR_ROLES)


def ensure_demo_totp_devices() -> int:
    """Give each demo account that needs one the demo authenticator; idempotent."""
    users = (
        User.objects.filter(demo_users_filter())
        .filter(_needs_second_factor())
        .exclude(totpdevice__confirmed=True)
        .distinct()
    )
    devices = [
        TOTPDevice(user=user, name=DEMO_DEVICE_NAME, key=DEMO_TOTP_KEY, confirmed=True)
        for user in users
    ]
    TOTPDevice.objects.bulk_create(devices)
    return len(devices)


def demo_code(user: User) -> tuple[str, int] | None:
    """The code the demo authenticator shows now and the seconds it stays valid, or None
    when this user has no demo authenticator (a real one, or none)."""
    device = TOTPDevice.objects.filter(
        user=user, confirmed=True, key=DEMO_TOTP_KEY, name=DEMO_DEVICE_NAME
    ).first()
    if device is None:
        return None
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    seconds_left = device.step - (int(totp.time) - device.t0) % device.step
    return f"{totp.token():0{device.digits}d}", seconds_left
