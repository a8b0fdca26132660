"""What an account holds about its user, for export and erasure (opbouw.core.personal_data).

Erasing a person with an account deactivates it, replaces its name and e-mail, makes the
password unusable, and ends everything that lets someone in: sessions, two-factor devices and
their backup codes, login-throttling records. Password-reset links stop working as well, since
Django signs them with the password hash and the e-mail address.
"""

from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opbouw.core import personal_data as pd
from opbouw.core.roles import Role

pd.register_processing(
    pd.Processing(
        key="accounts",
        name=_("Accounts, rollen en inloggen"),
        purpose=_("Toegang geven tot opbouw, per rol en gebied, en die toegang beveiligen."),
        basis=_(
            "Uitvoering van de arbeidsovereenkomst of samenwerkingsafspraak (medewerkers, "
            "partners); toestemming (bewoners met een account)."
        ),
        data_subjects=_("Medewerkers, partners, beleidsmedewerkers en bewoners met een account."),
        recipients=[Role.COORDINATOR, Role.ADMIN],
        retention=["audit"],
    )
)


def _user_rows(subject: pd.Subject) -> Any:
    if subject.user_id is None:
        return []
    return get_user_model().objects.filter(pk=subject.user_id).select_related("organisation")


def end_sessions(user_id: int) -> int:
    """Delete every session of the user (the session table has no user column: decode)."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user_id):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def _user_erase(subject: pd.Subject, scrub: pd.Scrubber) -> int:
    if subject.user_id is None:
        return 0
    user = get_user_model().objects.filter(pk=subject.user_id).first()
    if user is None:
        return 0
    old_username = user.get_username()
    user.username = f"verwijderd-{user.pk}"
    user.first_name = user.last_name = user.email = ""
    user.is_active = False
    user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    end_sessions(user.pk)
    if apps.is_installed("axes"):
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username=old_username).delete()
    return 1


pd.register(
    "accounts.User",
    processing="accounts",
    links={},
    fields=(
        "username",
        "first_name",
        "last_name",
        "email",
        "organisation",
        "is_active",
        "date_joined",
        "last_login",
    ),
    rows=_user_rows,
    erase=_user_erase,
    description=_("Account"),
)


def _admin_log_erase(subject: pd.Subject, scrub: pd.Scrubber) -> int:
    from django.contrib.admin.models import LogEntry

    return scrub.rows(
        LogEntry.objects.filter(user_id=subject.user_id or 0)
        | LogEntry.objects.filter(
            content_type__app_label__in=["people", "accounts"],
            object_id__in=[str(subject.person_id), str(subject.user_id)],
        ),
        ["object_repr", "change_message"],
    )


if apps.is_installed("django.contrib.admin"):
    pd.register(
        "admin.LogEntry",
        processing="accounts",
        links={"user": pd.ACTOR, "content_type": pd.CONTEXT},
        rows=lambda subject: [],
        erase=_admin_log_erase,
        description=_("Beheerlogboek"),
    )


def _delete_devices(model_label: str) -> pd.EraseFn:
    def erase(subject: pd.Subject, scrub: pd.Scrubber) -> int:
        if subject.user_id is None:
            return 0
        deleted, _detail = (
            apps.get_model(model_label).objects.filter(user_id=subject.user_id).delete()
        )
        return int(deleted)

    return erase


def _device_rows(model_label: str) -> pd.RowsFn:
    def rows(subject: pd.Subject) -> Any:
        if subject.user_id is None:
            return []
        return apps.get_model(model_label).objects.filter(user_id=subject.user_id)

    return rows


for app_name, label in [
    ("django_otp.plugins.otp_totp", "otp_totp.TOTPDevice"),
    ("django_otp.plugins.otp_static", "otp_static.StaticDevice"),
    ("django_otp.plugins.otp_email", "otp_email.EmailDevice"),
]:
    if apps.is_installed(app_name):
        pd.register(
            label,
            processing="accounts",
            links={"user": pd.SUBJECT},
            fields=("name", "confirmed"),
            rows=_device_rows(label),
            erase=_delete_devices(label),
            description=_("Apparaten voor inloggen in twee stappen (zonder geheime sleutel)"),
        )

if apps.is_installed("django_otp.plugins.otp_static"):
    # Backup codes go with their device (deleted above, by cascade).
    pd.register(
        "otp_static.StaticToken",
        processing="accounts",
        links={"device": pd.SUBJECT},
        rows=lambda subject: [],
        erase=lambda subject, scrub: 0,
    )
