"""The processing register (AVG art. 30), generated from the registry, models and settings."""

import csv
import io
import json
from dataclasses import asdict, dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opbouw.core import personal_data as pd
from opbouw.core.roles import Role
from opbouw.people.models import Consent

# What protects the data; the same for every processing (docs/privacy.md explains each).
SECURITY_MEASURES = [
    gettext_lazy("toegang per rol en per gebied; alles is geweigerd tenzij een regel het toestaat"),
    gettext_lazy("schuilnaam voor wie geen toestemming heeft om de naam te zien"),
    gettext_lazy("inloggen in twee stappen voor medewerkers; wachtwoorden met Argon2"),
    gettext_lazy("audittrail van elke inzage en wijziging van persoonsgegevens"),
    gettext_lazy("geen persoonsgegevens in adressen (URL's) of logbestanden"),
    gettext_lazy("Content-Security-Policy zonder inline script; versleutelde verbinding (HTTPS)"),
    gettext_lazy("bewaartermijnen die automatisch worden uitgevoerd"),
    gettext_lazy("back-ups met een geteste terugzetprocedure"),
]


@dataclass(frozen=True)
class DataCategory:
    table: str
    fields: list[str]


@dataclass(frozen=True)
class RegisterEntry:
    key: str
    name: str
    purpose: str
    basis: str
    data_subjects: str
    data_categories: list[DataCategory]
    consent_purposes: list[str]
    recipients: list[str]
    retention: list[str]
    note: str
    security: list[str]


def _retention_text(category: str) -> str:
    days = settings.OPBOUW_RETENTION.get(category)
    rule = {r.category: r for r in pd.retention_rules()}.get(category)
    description = str(rule.description) if rule else category
    if days is None:
        return _("%(what)s: geen termijn ingesteld") % {"what": description}
    return _("%(what)s: %(days)d dagen") % {"what": description, "days": days}


def _data_categories(key: str) -> list[DataCategory]:
    result = []
    for provider in pd.providers():
        if provider.processing != key:
            continue
        meta = provider.model._meta
        names = [pd.field_label(meta.get_field(n)) for n in provider.fields]
        names += [str(description) for description, _fn in provider.extra.values()]
        if not names:
            continue
        result.append(DataCategory(table=provider.verbose_name(), fields=names))
    return result


def register_entries() -> list[RegisterEntry]:
    purposes = dict(Consent.Purpose.choices)
    roles = dict(Role.choices)
    return [
        RegisterEntry(
            key=p.key,
            name=str(p.name),
            purpose=str(p.purpose),
            basis=str(p.basis),
            data_subjects=str(p.data_subjects),
            data_categories=_data_categories(p.key),
            consent_purposes=[str(purposes.get(c, c)) for c in p.consent_purposes],
            recipients=[str(roles.get(r, r)) for r in p.recipients],
            retention=[_retention_text(c) for c in p.retention],
            note=str(p.note),
            security=[str(m) for m in SECURITY_MEASURES],
        )
        for p in pd.processings()
    ]


def register_json() -> str:
    return json.dumps([asdict(e) for e in register_entries()], ensure_ascii=False, indent=2)


CSV_COLUMNS = [
    "key",
    "name",
    "purpose",
    "basis",
    "data_subjects",
    "data_categories",
    "consent_purposes",
    "recipients",
    "retention",
    "note",
    "security",
]


def register_csv() -> str:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(CSV_COLUMNS)
    for entry in register_entries():
        writer.writerow(
            [
                entry.key,
                entry.name,
                entry.purpose,
                entry.basis,
                entry.data_subjects,
                "; ".join(f"{c.table}: {', '.join(c.fields)}" for c in entry.data_categories),
                "; ".join(entry.consent_purposes),
                "; ".join(entry.recipients),
                "; ".join(entry.retention),
                entry.note,
                "; ".join(entry.security),
            ]
        )
    return text.getvalue()
