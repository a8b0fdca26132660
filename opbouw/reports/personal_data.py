"""What reports and stories hold about a person, for erasure (opbouw.core.personal_data).

Written by the privacy helper so the registry's completeness test covers reports; the
reports' owners may refine it. Reports refer to workers (who wrote, issued, answered) and,
in free text, possibly to residents: a story's teller, an outcome's actor. Erasing a person
replaces their name, e-mail and phone by "[verwijderd]" in every text of their wijk's stories,
outcomes and reports, including the JSON snapshots of issued versions.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

from opbouw.core import personal_data as pd
from opbouw.core.roles import Role

from .models import (
    Harvest,
    NameHitConfirmation,
    Outcome,
    Report,
    ReportMessage,
    ReportVersion,
    SelectionRound,
    Story,
    StorySelection,
)

pd.register_processing(
    pd.Processing(
        key="reports",
        name=_("Verhalen, uitkomsten en rapportages"),
        purpose=_(
            "Verhalen van verandering (Most Significant Change) en uitkomsten verzamelen en "
            "verantwoorden aan de gemeente en partners."
        ),
        basis=_("Publieke taak; een verhaal alleen met instemming van de verteller."),
        data_subjects=_("Vertellers van verhalen; medewerkers die rapporteren."),
        recipients=[Role.WORKER, Role.COORDINATOR, Role.ADMIN, Role.POLICY, Role.PARTNER],
        retention=[],
        note=_("Alleen de vrijgegeven tekst van een verhaal komt in een rapportage."),
    )
)


def _scrub_area(model: Any, path: str, fields: list[str]) -> pd.EraseFn:
    def erase(subject: pd.Subject, scrub: pd.Scrubber) -> int:
        return scrub.rows(model.objects.filter(**{f"{path}__in": subject.area_ids}), fields)

    return erase


def _scrub_json(value: Any, scrub: pd.Scrubber) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, list):
        return [_scrub_json(v, scrub) for v in value]
    if isinstance(value, dict):
        return {k: _scrub_json(v, scrub) for k, v in value.items()}
    return value


def _version_erase(subject: pd.Subject, scrub: pd.Scrubber) -> int:
    changed = 0
    for version in ReportVersion.objects.filter(report__area_id__in=subject.area_ids):
        snapshot = _scrub_json(version.snapshot, scrub)
        if snapshot != version.snapshot:
            ReportVersion.objects.filter(pk=version.pk).update(snapshot=snapshot)
            changed += 1
    return changed


for model, links, path, fields in [
    (
        Story,
        {"recorded_by": pd.ACTOR, "released_by": pd.ACTOR},
        "area_id",
        ["title", "text", "why_significant", "teller_name", "feedback", "released_text"],
    ),
    (SelectionRound, {"created_by": pd.ACTOR}, "area_id", ["panel", "values_discussed"]),
    (
        Harvest,
        {"created_by": pd.ACTOR},
        "area_id",
        ["title", "intended_users", "uses", "questions"],
    ),
    (StorySelection, {}, "story__area_id", ["reason"]),
    (
        Outcome,
        {"recorded_by": pd.ACTOR},
        "area_id",
        [
            "actor",
            "change",
            "place",
            "significance",
            "contribution",
            "substantiated_by",
            "substantiation_note",
        ],
    ),
    (Report, {"created_by": pd.ACTOR}, "area_id", ["title", "reflection"]),
    (ReportMessage, {"author": pd.ACTOR}, "report__area_id", ["text"]),
    # The text around a word the name check found (and why it is no name) may name someone.
    (
        NameHitConfirmation,
        {"confirmed_by": pd.ACTOR},
        "report__area_id",
        ["word", "context", "reason"],
    ),
]:
    pd.register(
        model._meta.label,
        processing="reports",
        links=links,
        rows=lambda subject: [],
        erase=_scrub_area(model, path, fields),
    )

pd.register(
    "reports.ReportVersion",
    processing="reports",
    links={"issued_by": pd.ACTOR},
    rows=lambda subject: [],
    erase=_version_erase,
)
