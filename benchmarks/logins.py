"""Logging a benchmark's client in with both factors.

Workers, coordinators and policy users must pass the second factor (opbouw.accounts); a
benchmark measures the pages behind it, not the login, so its client is marked OTP-verified
the way django_otp.login() does after a correct code: the id of a confirmed TOTP device in
the session. Call it after django.setup().
"""

from __future__ import annotations

from typing import Any


def logged_in_client(user: Any) -> Any:
    """A django.test.Client with a complete (password + second factor) session for `user`."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="benchmark", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
