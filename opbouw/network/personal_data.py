"""What the network holds about a person, for export and erasure (opbouw.core.personal_data).

Written by the privacy helper so the registry's completeness test covers the network; the
network's owners may refine it. Ties and introductions stay after erasure, pointing at the
anonymised person, so the network's measures stay true; names in their notes are scrubbed.
"""

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from opbouw.core import personal_data as pd
from opbouw.core.roles import Role

from .models import DirectTie, Introduction

pd.register_processing(
    pd.Processing(
        key="network",
        name=_("Netwerk: verbindingen en kennismakingen"),
        purpose=_(
            "Zien wie met wie verbonden is in de buurt, en mensen met elkaar in contact "
            "brengen als beiden dat willen."
        ),
        basis=_("Publieke taak; een kennismaking alleen met toestemming van beide mensen."),
        data_subjects=_("Bewoners en contacten tussen wie een verbinding is vastgelegd."),
        recipients=[Role.WORKER, Role.COORDINATOR, Role.ADMIN, Role.PARTNER],
        retention=[],
        note=_(
            "Partners zien het netwerk met schuilnamen, behalve van wie toestemming gaf om de "
            "naam te delen met hun soort organisatie; groepen waarvan de naam een bijzonder "
            "persoonsgegeven verraadt, zien zij als besloten groep. Beleid ziet het netwerk niet."
        ),
    )
)


def _of_person(model: type[DirectTie] | type[Introduction], subject: pd.Subject) -> QuerySet[Any]:
    if subject.person_id is None:
        return model.objects.none()
    return model.objects.filter(
        Q(person_a_id=subject.person_id) | Q(person_b_id=subject.person_id)
    ).order_by("pk")


def _in_scope(model: type[DirectTie] | type[Introduction], subject: pd.Subject) -> QuerySet[Any]:
    scope = (
        Q(pk__in=_of_person(model, subject).values("pk"))
        | Q(person_a__area_id__in=subject.area_ids)
        | Q(person_b__area_id__in=subject.area_ids)
    )
    if model is DirectTie:  # its ends may also be groups (with an area) or organisations
        scope |= Q(group_a__area_id__in=subject.area_ids) | Q(group_b__area_id__in=subject.area_ids)
    return model.objects.filter(scope)


pd.register(
    "network.DirectTie",
    processing="network",
    links={"person_a": pd.SUBJECT, "person_b": pd.SUBJECT, "recorded_by": pd.ACTOR},
    fields=("kind", "since", "ended_on", "source", "note"),
    rows=lambda subject: _of_person(DirectTie, subject),
    erase=lambda subject, scrub: scrub.rows(_in_scope(DirectTie, subject), ["note"]),
    withheld=("note",),
    description=_("Verbindingen met anderen (zonder hun namen)"),
)

pd.register(
    "network.Introduction",
    processing="network",
    links={
        "person_a": pd.SUBJECT,
        "person_b": pd.SUBJECT,
        "proposer": pd.ACTOR,
        "a_recorded_by": pd.ACTOR,
        "b_recorded_by": pd.ACTOR,
        "tie": pd.CONTEXT,
        "entry": pd.CONTEXT,
    },
    fields=("reason", "status", "proposed_on", "closed_on"),
    rows=lambda subject: _of_person(Introduction, subject),
    erase=lambda subject, scrub: scrub.rows(_in_scope(Introduction, subject), ["reason"]),
    withheld=("reason",),
    description=_("Voorgestelde kennismakingen"),
)
