"""The name check before a report is issued: each hit in context, and confirmed false positives.

`report_name_hits` lists what the check finds in the free text a report would publish
(reflection, story titles, outcomes), each with the text around it and whether a worker has
confirmed that it is not a name. `name_hit_confirm` records such a confirmation (who, when,
why; audited). A confirmation holds for that word in that place: the same word elsewhere, or
the same place after the text changed, is a new hit.
"""

import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opbouw.accounts.models import User
from opbouw.analysis.disclosure.text import KnownNames, in_context, release_problems
from opbouw.audit.models import Action
from opbouw.audit.services import record_change

from . import selectors
from .models import NameHitConfirmation, Report
from .permissions import can_edit_report

MAX_REASON = 500


@dataclass(frozen=True)
class NameHit:
    word: str
    before: str
    after: str
    where: str  # which part of the report ("Reflectie", "Verhaal", "Uitkomst")
    key: str
    confirmation: NameHitConfirmation | None

    @property
    def context(self) -> str:
        return f"{self.before}{self.word}{self.after}"


def _key(word: str, before: str, after: str, where: str) -> str:
    raw = "\x1f".join((where, before, word.casefold(), after))
    return hashlib.sha256(raw.encode()).hexdigest()


def _texts(content: dict[str, Any]) -> list[tuple[str, str]]:
    texts = [(str(_("Reflectie")), content["reflection"])]
    texts += [(str(_("Verhaal")), story["title"]) for story in content["stories"]]
    texts += [
        (
            str(_("Uitkomst")),
            " ".join(
                [
                    o["actor"],
                    o["change"],
                    o["place"],
                    o["significance"],
                    o["contribution"],
                    o["substantiated_by"],
                ]
            ),
        )
        for o in content["outcomes"]
    ]
    return texts


def report_name_hits(report: Report, content: dict[str, Any]) -> list[NameHit]:
    """Every hit of the name check in what the report would publish, confirmed or not."""
    known = KnownNames.of(selectors.known_names(report.area))
    confirmed = {c.key: c for c in report.name_confirmations.select_related("confirmed_by")}
    hits: list[NameHit] = []
    seen: set[str] = set()
    for where, text in _texts(content):
        for finding in release_problems(text, known):
            before, word, after = in_context(text, finding)
            key = _key(word, before, after, where)
            if key in seen:
                continue
            seen.add(key)
            hits.append(NameHit(word, before, after, where, key, confirmed.get(key)))
    return hits


def open_hits(hits: list[NameHit]) -> list[NameHit]:
    return [hit for hit in hits if hit.confirmation is None]


def issue_refusal(hits: list[NameHit]) -> str:
    """The message when open hits block issuing: which words, and where to confirm them."""
    words = sorted({hit.word for hit in hits})
    return _(
        "Niet uitgebracht: de tekst noemt mogelijk iemand (%(names)s). Bekijk elke vondst in "
        "de tekst eromheen: haal een naam weg, of bevestig dat het geen naam is."
    ) % {"names": ", ".join(f"“{w}”" for w in words)}


@transaction.atomic
def name_hit_confirm(
    *, report: Report, user: User, key: str, reason: str, content: dict[str, Any]
) -> NameHitConfirmation:
    """Record that the hit ``key`` is not a name, with the worker's reason (audited)."""
    if not can_edit_report(user, report):
        raise ValidationError(_("U werkt niet in dit gebied."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Schrijf waarom dit geen naam is.")})
    if len(reason) > MAX_REASON:
        raise ValidationError(
            {"reason": _("Houd het kort: hoogstens %(n)d tekens.") % {"n": MAX_REASON}}
        )
    hit = next((h for h in report_name_hits(report, content) if h.key == key), None)
    if hit is None:
        raise ValidationError(
            {"key": _("Deze vondst staat niet (meer) in de tekst; de lijst is bijgewerkt.")}
        )
    if hit.confirmation is not None:
        return hit.confirmation
    confirmation = NameHitConfirmation(
        report=report,
        word=hit.word[:100],
        context=hit.context[:300],
        key=key,
        reason=reason,
        confirmed_by=user,
        confirmed_at=timezone.now(),
    )
    confirmation.full_clean()
    try:
        with transaction.atomic():
            confirmation.save()
    except IntegrityError:  # confirmed at the same moment by someone else
        return NameHitConfirmation.objects.get(report=report, key=key)
    record_change(user, confirmation, action=Action.CREATE, area_id=report.area_id)
    return confirmation
