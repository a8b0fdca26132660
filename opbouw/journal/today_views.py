"""The full, paged lists behind Vandaag's bounded ones: open follow-ups per group, open
signals. Only the worker's own; the journal's roles only."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from opbouw.accounts.types import AuthenticatedRequest
from opbouw.core.pagination import paginate

from .follow_ups import GROUPS, follow_up_group_list, open_signals
from .permissions import require_journal

PER_PAGE = 25


@login_required
def follow_up_list(request: AuthenticatedRequest) -> HttpResponse:
    require_journal(request.user)
    key = request.GET.get("groep", "")
    key = key if key in GROUPS else ""
    page = paginate(follow_up_group_list(request.user, key), request.GET.get("page"), PER_PAGE)
    context = {"page": page, "group": key, "group_title": GROUPS.get(key), "groups": GROUPS}
    return render(request, "journal/follow_up_list.html", context)


@login_required
def signal_list(request: AuthenticatedRequest) -> HttpResponse:
    require_journal(request.user)
    page = paginate(open_signals(request.user), request.GET.get("page"), PER_PAGE)
    return render(request, "journal/signal_list.html", {"page": page})
