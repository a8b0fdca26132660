"""Typing helpers for views behind @login_required."""

from django.http import HttpRequest

from .models import User


class AuthenticatedRequest(HttpRequest):
    """A request whose user is logged in (the view is decorated with @login_required)."""

    user: User
