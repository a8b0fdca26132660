"""Who reads the audit trail: coordinators and the privacy officer (FG), for their areas.

Everyone else gets a 404 on the audit pages. The FG reads who did what to which object
(type and id), never the object itself: they have no journal or people role.
"""

from django.http import Http404

from opbouw.areas.permissions import AnyUser, area_ids_for
from opbouw.core.roles import AUDIT_ROLES


def audit_area_ids(user: AnyUser) -> frozenset[int]:
    return area_ids_for(user, AUDIT_ROLES)


def can_read_audit(user: AnyUser) -> bool:
    return bool(audit_area_ids(user))


def require_audit(user: AnyUser) -> frozenset[int]:
    """The areas whose trail the user reads; 404 for those who read none."""
    area_ids = audit_area_ids(user)
    if not area_ids:
        raise Http404
    return area_ids
