"""Navigation items, by role: a page only links to what the user may open."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from opbouw.areas.permissions import has_role
from opbouw.core.roles import (
    AREA_ROLES,
    AUDIT_ROLES,
    JOURNAL_ROLES,
    PEOPLE_ROLES,
    REGISTER_ROLES,
    Role,
)
from opbouw.dialogue.permissions import VIEW_ROLES as DIALOGUE_ROLES
from opbouw.network.permissions import VIEW_ROLES as NETWORK_ROLES
from opbouw.reports.permissions import READ_ROLES as REPORT_ROLES


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    if getattr(request, "opbouw_second_factor_pending", False):
        return {"nav_items": []}  # password given, code not yet: nothing to link to
    items = []
    if has_role(user, JOURNAL_ROLES):
        items += [
            (reverse("journal:today"), _("Vandaag")),
            (reverse("journal:timeline"), _("Logboek")),
        ]
    if has_role(user, PEOPLE_ROLES):
        items += [
            (reverse("people:list"), _("Mensen")),
            (reverse("people:group_list"), _("Groepen")),
            (reverse("people:organisation_list"), _("Organisaties")),
        ]
    if has_role(user, AREA_ROLES):
        items += [
            (reverse("assets:map"), _("Buurtbeeld")),
            (reverse("initiatives:list"), _("Initiatieven")),
        ]
        items.append((reverse("areas:list"), _("Gebieden")))
    if has_role(user, DIALOGUE_ROLES):
        items.append((reverse("dialogue:list"), _("Gesprekken")))
    if has_role(user, REPORT_ROLES):
        items.append((reverse("reports:list"), _("Verantwoording")))
    if has_role(user, NETWORK_ROLES):
        items.append((reverse("network:index"), _("Netwerk")))
    if has_role(user, {Role.RESIDENT}) and not has_role(user, NETWORK_ROLES):
        items.append((reverse("network:introductions"), _("Kennismakingen")))
    if has_role(user, AUDIT_ROLES):
        items.append((reverse("audit:list"), _("Audittrail")))
    if has_role(user, JOURNAL_ROLES | REGISTER_ROLES):
        items.append((reverse("privacy:index"), _("Privacy")))
    if has_role(user, {Role.RESIDENT}):
        items.append((reverse("privacy:mine"), _("Mijn gegevens")))
    # Only the most specific item is current: /logboek/vandaag/ is "Vandaag", not "Logboek".
    matches = [url for url, _label in items if request.path.startswith(url)]
    current = max(matches, key=len, default=None)
    return {
        "nav_items": [
            {"url": url, "label": label, "current": url == current} for url, label in items
        ]
    }
