"""The roles a membership can give, and which roles may do what.

The one table of capabilities: every app's permissions.py asks these sets, so changing what
a role may do happens here.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RESIDENT = "resident", _("bewoner")
    WORKER = "worker", _("opbouwwerker")
    PARTNER = "partner", _("partner")
    POLICY = "policy", _("beleid")
    COORDINATOR = "coordinator", _("coördinator")
    ADMIN = "admin", _("beheer")
    # The FG (AVG art. 37-39): supervises the processing, reads the audit trail and the
    # processing register of their areas, never journal notes or names.
    PRIVACY_OFFICER = "privacy_officer", _("functionaris gegevensbescherming")


# Who keeps and reads the journal and sees people by name in their areas.
JOURNAL_ROLES = frozenset({Role.WORKER, Role.COORDINATOR, Role.ADMIN})
# Who may see the people directory at all (partners see it pseudonymised unless consent).
PEOPLE_ROLES = frozenset({Role.WORKER, Role.COORDINATOR, Role.ADMIN, Role.PARTNER})
# Who sees names of people without a sharing consent (the workers of their area).
NAMED_ROLES = JOURNAL_ROLES
# Who reads the audit trail (and its alerts) of their areas: the coordinator and the FG.
AUDIT_ROLES = frozenset({Role.COORDINATOR, Role.PRIVACY_OFFICER})
# Who reads the processing register (AVG art. 30) of their areas.
REGISTER_ROLES = frozenset({Role.COORDINATOR, Role.ADMIN, Role.PRIVACY_OFFICER})
# Who, besides the author, reads a journal note marked as a special category (AVG art. 9).
SENSITIVE_NOTE_ROLES = frozenset({Role.COORDINATOR})
# Who may see an area's page (everyone with a membership there).
AREA_ROLES = frozenset(Role)
# Who must log in with a second factor (an authenticator app code): everyone who sees
# personal data beyond their own, or the aggregates of an organisation. Superusers and staff
# (the Django admin) too, whatever their memberships.
SECOND_FACTOR_ROLES = frozenset(
    {Role.WORKER, Role.COORDINATOR, Role.POLICY, Role.ADMIN, Role.PRIVACY_OFFICER}
)
