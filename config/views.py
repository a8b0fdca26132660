"""The start page: each role lands where its work is."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from opbouw.areas.permissions import areas_visible, has_role
from opbouw.core.roles import JOURNAL_ROLES


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if has_role(request.user, JOURNAL_ROLES):
        return redirect("journal:today")
    if getattr(request.user, "person", None) is not None and not areas_visible(request.user):
        return redirect("people:me")
    return render(request, "core/home.html", {"areas": areas_visible(request.user)})
