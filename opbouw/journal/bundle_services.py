"""Writing signals to policy (signaal aan beleid): a shared issue bundled from journal entries,
presented by residents with the worker, answered by the municipality and fed back."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from opbouw.accounts.models import User
from opbouw.areas.models import Area
from opbouw.audit.models import Action
from opbouw.audit.services import record_change
from opbouw.core.models import Theme

from .models import BundledSignal, JournalEntry
from .permissions import entries_visible, journal_area_ids


@dataclass(frozen=True)
class BundleInput:
    area: Area
    title: str
    households: int
    evidence: str
    presented_by: str
    residents_words: str = ""
    residents_words_consent: bool = False
    addressed_to: str = ""
    presented_on: dt.date | None = None
    answer: str = ""
    answered_on: dt.date | None = None
    answer_deadline: dt.date | None = None
    feedback: str = ""
    feedback_on: dt.date | None = None
    entries: Sequence[JournalEntry] = field(default_factory=tuple)
    themes: Sequence[Theme] = field(default_factory=tuple)


def _check(*, user: User, data: BundleInput) -> None:
    if data.area.pk not in journal_area_ids(user):
        raise ValidationError({"area": _("U werkt niet in dit gebied.")})
    visible = set(
        entries_visible(user)
        .filter(pk__in=[e.pk for e in data.entries])
        .values_list("pk", flat=True)
    )
    if any(entry.pk not in visible for entry in data.entries):
        raise ValidationError({"entries": _("Een van de logboekregels valt buiten uw gebieden.")})
    outside = [e for e in data.entries if not e.area.path.startswith(data.area.path)]
    if outside:
        raise ValidationError(
            {"entries": _("Kies logboekregels uit het gebied van het signaal of daarbinnen.")}
        )


def _apply(bundle: BundledSignal, data: BundleInput) -> None:
    for name in (
        "area",
        "title",
        "households",
        "evidence",
        "presented_by",
        "residents_words",
        "residents_words_consent",
        "addressed_to",
        "presented_on",
        "answer",
        "answered_on",
        "answer_deadline",
        "feedback",
        "feedback_on",
    ):
        setattr(bundle, name, getattr(data, name))


@transaction.atomic
def bundle_create(*, author: User, data: BundleInput) -> BundledSignal:
    _check(user=author, data=data)
    bundle = BundledSignal(author=author)
    _apply(bundle, data)
    bundle.full_clean()
    bundle.save()
    bundle.entries.set(data.entries)
    bundle.themes.set(data.themes)
    record_change(author, bundle, action=Action.CREATE, area_id=bundle.area_id)
    return bundle


@transaction.atomic
def bundle_update(*, bundle: BundledSignal, editor: User, data: BundleInput) -> BundledSignal:
    _check(user=editor, data=data)
    _apply(bundle, data)
    bundle.full_clean()
    bundle.save()
    # Entries the editor cannot read (another worker's sensitive note) stay linked as they were.
    hidden = list(bundle.entries.exclude(pk__in=entries_visible(editor).values("pk")))
    bundle.entries.set([*data.entries, *hidden])
    bundle.themes.set(data.themes)
    record_change(editor, bundle, area_id=bundle.area_id)
    return bundle
