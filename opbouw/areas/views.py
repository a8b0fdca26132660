"""Area pages: the tree of areas one works in, and an area's overview."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from opbouw.accounts.types import AuthenticatedRequest
from opbouw.core.roles import AREA_ROLES, JOURNAL_ROLES

from .permissions import access_area, area_ids_for, areas_visible


@login_required
def area_list(request: AuthenticatedRequest) -> HttpResponse:
    areas = areas_visible(request.user)
    if not areas:
        raise Http404
    return render(request, "areas/area_list.html", {"areas": sorted(areas, key=lambda a: a.path)})


@login_required
def area_detail(request: AuthenticatedRequest, code: str) -> HttpResponse:
    area = access_area(request.user, code)
    visible = area_ids_for(request.user, AREA_ROLES)
    children = [child for child in area.children.order_by("name") if child.pk in visible]
    context = {
        "area": area,
        "children": children,
        # The way up only when the reader may open it (a wijk membership does not reach the
        # gemeente above it): no link that answers 404.
        "parent": area.parent if area.parent_id in visible else None,
        "figures": sorted((area.key_figures or {}).items()),
        "can_use_journal": area.pk in area_ids_for(request.user, JOURNAL_ROLES),
    }
    return render(request, "areas/area_detail.html", context)
