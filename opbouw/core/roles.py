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


# Who keeps and reads the journal and sees people by name in their areas.
JOURNAL_ROLES = frozenset({Role.WORKER, Role.COORDINATOR, Role.ADMIN})
# Who may see the people directory at all (partners see it pseudonymised unless consent).
PEOPLE_ROLES = frozenset({Role.WORKER, Role.COORDINATOR, Role.ADMIN, Role.PARTNER})
# Who sees names of people without a sharing consent (the workers of their area).
NAMED_ROLES = JOURNAL_ROLES
# Who may see an area's page (everyone with a membership there).
AREA_ROLES = frozenset(Role)
