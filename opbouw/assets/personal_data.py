"""What the neighbourhood picture holds about a person (opbouw.core.personal_data).

Gifts are never stored here: they are read from people's profiles (people.Person) at query
time, so erasing or withdrawing consent takes them off the map at once. What a resident added
(assets, leefwereld notes) is exported; names in the free text of their wijk are scrubbed.
"""

from typing import Any

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from opbouw.core import personal_data as pd
from opbouw.core.roles import Role

from .models import Asset, FigureNote

pd.register_processing(
    pd.Processing(
        key="assets",
        name=_("Buurtbeeld: krachtbronnen en leefwereldnotities"),
        purpose=_(
            "Laten zien wat de buurt heeft (plekken, groepen, spullen, talenten) en wat "
            "cijfers betekenen in het dagelijks leven."
        ),
        basis=_("Publieke taak; talenten alleen met toestemming voor profiel én verbinden."),
        data_subjects=_("Bewoners die iets toevoegen; bewoners met een profiel (als aantallen)."),
        recipients=[r.value for r in Role],
        retention=[],
        note=_(
            "Talenten verschijnen alleen als aantallen per buurt, nooit met een naam; een "
            "leefwereldnotitie toont de rol van de schrijver, niet de naam."
        ),
    )
)


def _by_user(model: type[Model], field: str, subject: pd.Subject) -> QuerySet[Any]:
    if subject.user_id is None:
        return model._default_manager.none()
    return model._default_manager.filter(**{f"{field}_id": subject.user_id}).order_by("pk")


def _asset_erase(subject: pd.Subject, scrub: pd.Scrubber) -> int:
    scope = Asset.objects.filter(
        Q(area_id__in=subject.area_ids) | Q(created_by_id=subject.user_id or 0)
    )
    return scrub.rows(scope, ["name", "description", "contact", "schedule"])


pd.register(
    "assets.Asset",
    processing="assets",
    links={"created_by": pd.ACTOR},
    fields=("kind", "name", "description", "area", "contact", "schedule", "created_at"),
    rows=lambda subject: _by_user(Asset, "created_by", subject),
    erase=_asset_erase,
    description=_("Krachtbronnen die de persoon toevoegde"),
)


def _note_erase(subject: pd.Subject, scrub: pd.Scrubber) -> int:
    scope = FigureNote.objects.filter(
        Q(area_id__in=subject.area_ids) | Q(author_id=subject.user_id or 0)
    )
    return scrub.rows(scope, ["text"])


pd.register(
    "assets.FigureNote",
    processing="assets",
    links={"author": pd.ACTOR},
    fields=("area", "key", "text", "author_role", "created_at"),
    rows=lambda subject: _by_user(FigureNote, "author", subject),
    erase=_note_erase,
    description=_("Leefwereldnotities die de persoon schreef"),
)
