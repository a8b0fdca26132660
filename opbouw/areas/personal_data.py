"""Memberships (which role a user has where), for export and erasure."""

from django.utils.translation import gettext_lazy as _

from opbouw.core import personal_data as pd

from .models import Membership


def _membership_erase(subject: pd.Subject, scrub: pd.Scrubber) -> int:
    """An erased account keeps no access anywhere."""
    if subject.user_id is None:
        return 0
    deleted, _detail = Membership.objects.filter(user_id=subject.user_id).delete()
    return deleted


pd.register(
    "areas.Membership",
    processing="accounts",
    links={"user": pd.SUBJECT},
    fields=("area", "role", "created_at"),
    erase=_membership_erase,
    description=_("Rollen per gebied"),
)
