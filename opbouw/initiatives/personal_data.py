"""What initiatives and buurtbudget requests hold about a person (opbouw.core.personal_data).

Memberships stay after erasure, pointing at the anonymised person, so an initiative's size
stays true. What the person created (initiatives, requests, uploads) is exported; free text in
the initiatives of their wijk that names them is scrubbed. Uploaded files themselves stay
(receipts are accounting records); their file names and descriptions are scrubbed.
"""

from typing import Any

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from opbouw.core import personal_data as pd
from opbouw.core.roles import Role

from .cashbox import CashEntry
from .delegation import GrantDelegation
from .models import (
    Attachment,
    BudgetLine,
    GrantApplication,
    GrantStatusChange,
    Initiative,
    MunicipalRoleChange,
    NeedOffer,
    PositionChange,
    StageChange,
    Supporter,
    SupportMoment,
)
from .participation import ParticipationProcess

pd.register_processing(
    pd.Processing(
        key="initiatives",
        name=_("Bewonersinitiatieven en buurtbudget"),
        purpose=_(
            "Bewonersinitiatieven ondersteunen van idee tot zelfstandig, en aanvragen voor "
            "buurtbudget behandelen, besluiten en verantwoorden."
        ),
        basis=_(
            "Publieke taak; voor buurtbudget ook de subsidieregeling van de gemeente "
            "(uitvoering van een overeenkomst met de aanvrager)."
        ),
        data_subjects=_("Trekkers, kerngroepleden, deelnemers en steunbetuigers."),
        recipients=[Role.RESIDENT, Role.WORKER, Role.COORDINATOR, Role.ADMIN, Role.POLICY],
        retention=[],
        note=_(
            "Bewoners en partners zien initiatieven in hun gebied, met de namen van deelnemers "
            "die toestemming gaven voor hen; beleid en de FG zien schuilnamen. Aanvragen zien "
            "werkers, beleid en beheer. Bonnen en facturen volgen de fiscale bewaarplicht (7 jaar)."
        ),
    )
)


def _area_initiatives(subject: pd.Subject) -> QuerySet[Initiative]:
    return Initiative.objects.filter(area_id__in=subject.area_ids)


def _by_user(model: type[Model], field: str, subject: pd.Subject) -> QuerySet[Any]:
    if subject.user_id is None:
        return model._default_manager.none()
    return model._default_manager.filter(**{f"{field}_id": subject.user_id}).order_by("pk")


def _scrub_in_area(model: Any, path: str, fields: list[str]) -> pd.EraseFn:
    def erase(subject: pd.Subject, scrub: pd.Scrubber) -> int:
        scope = model.objects.filter(**{f"{path}__in": _area_initiatives(subject)})
        return scrub.rows(scope, fields)

    return erase


def _initiative_erase(subject: pd.Subject, scrub: pd.Scrubber) -> int:
    scope = Initiative.objects.filter(
        Q(area_id__in=subject.area_ids) | Q(created_by_id=subject.user_id or 0)
    )
    return scrub.rows(scope, ["title", "goal"])


pd.register(
    "initiatives.Initiative",
    processing="initiatives",
    links={"created_by": pd.ACTOR},
    fields=("title", "goal", "area", "stage", "stage_since", "created_at"),
    rows=lambda subject: _by_user(Initiative, "created_by", subject),
    erase=_initiative_erase,
    description=_("Initiatieven die de persoon startte"),
)

pd.register(
    "initiatives.Member",
    processing="initiatives",
    links={"person": pd.SUBJECT},
    fields=("initiative", "role", "since", "left_on"),
    erase=lambda subject, scrub: 0,
    description=_("Deelname aan initiatieven"),
)

for model, field, path, texts in [
    (StageChange, "changed_by", "initiative", ["note"]),
    (NeedOffer, "created_by", "initiative", ["description"]),
    (SupportMoment, "linked_by", "initiative", ["note"]),
    (PositionChange, "set_by", "initiative", ["note"]),
    (MunicipalRoleChange, "set_by", "initiative", ["note"]),
    (GrantStatusChange, "changed_by", "application__initiative", ["reason"]),
]:
    links: dict[str, pd.Link] = {field: pd.ACTOR}
    if model is SupportMoment:
        links["entry"] = pd.CONTEXT
    pd.register(
        model._meta.label,
        processing="initiatives",
        links=links,
        fields=(),
        rows=lambda subject: [],
        erase=_scrub_in_area(model, path, texts),
    )


pd.register(
    "initiatives.GrantApplication",
    processing="initiatives",
    links={"created_by": pd.ACTOR},
    fields=(
        "initiative",
        "title",
        "goal",
        "own_contribution",
        "own_contribution_text",
        "partners_text",
        "status",
        "submitted_on",
        "decided_on",
        "granted_amount",
        "report",
        "spent_amount",
    ),
    rows=lambda subject: _by_user(GrantApplication, "created_by", subject),
    erase=_scrub_in_area(
        GrantApplication,
        "initiative",
        ["title", "goal", "own_contribution_text", "partners_text", "report"],
    ),
    description=_("Buurtbudget-aanvragen die de persoon opstelde"),
)

pd.register(
    "initiatives.Attachment",
    processing="initiatives",
    links={"uploaded_by": pd.ACTOR},
    fields=("application", "kind", "original_name", "description", "amount", "uploaded_at"),
    rows=lambda subject: _by_user(Attachment, "uploaded_by", subject),
    erase=_scrub_in_area(Attachment, "application__initiative", ["original_name", "description"]),
    description=_("Bijlagen die de persoon uploadde (het bestand zelf op verzoek)"),
)

# Supporters are neighbours named in a request, not linked to a person record: their name is
# scrubbed like any other free text in the wijk.
pd.register(
    "initiatives.Supporter",
    processing="initiatives",
    links={},
    rows=lambda subject: [],
    erase=_scrub_in_area(Supporter, "application__initiative", ["name", "street"]),
)
pd.register(
    "initiatives.BudgetLine",
    processing="initiatives",
    links={},
    rows=lambda subject: [],
    erase=_scrub_in_area(BudgetLine, "application__initiative", ["description"]),
)

# A participation process is about a municipal decision, not a person; who recorded it is an
# actor, and free text that names a resident is scrubbed like any text of the wijk.
pd.register(
    "initiatives.ParticipationProcess",
    processing="initiatives",
    links={"created_by": pd.ACTOR},
    fields=("area", "decision", "level_agreed", "agreed_on", "level_realised", "realised_on"),
    rows=lambda subject: _by_user(ParticipationProcess, "created_by", subject),
    erase=lambda subject, scrub: scrub.rows(
        ParticipationProcess.objects.filter(area_id__in=subject.area_ids),
        ["decided_by", "scope", "agreed_by", "realised_note"],
    ),
    description=_("Participatietrajecten die de persoon vastlegde"),
)

# The cash box: entries the person booked are exported; their descriptions and receipt names
# are scrubbed like any text of the wijk; the receipts stay (accounting records).
pd.register(
    "initiatives.CashEntry",
    processing="initiatives",
    links={"recorded_by": pd.ACTOR},
    fields=("initiative", "direction", "occurred_on", "description", "amount", "receipt_name"),
    rows=lambda subject: _by_user(CashEntry, "recorded_by", subject),
    erase=_scrub_in_area(CashEntry, "initiative", ["description", "receipt_name"]),
    description=_("Kasboekingen die de persoon vastlegde"),
)

# A delegation names a committee (a group), not a person; who recorded it is an actor.
pd.register(
    "initiatives.GrantDelegation",
    processing="initiatives",
    links={"delegated_by": pd.ACTOR},
    rows=lambda subject: [],
    erase=lambda subject, scrub: scrub.rows(
        GrantDelegation.objects.filter(area_id__in=subject.area_ids), ["reference"]
    ),
)
