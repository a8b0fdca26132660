"""Writing to the network: recorded ties, introductions and their answers, stored metrics."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opbouw.accounts.models import User
from opbouw.journal.models import EntryKind
from opbouw.journal.services import entry_create
from opbouw.people.models import Consent, Person

from .models import (
    DirectTie,
    Introduction,
    IntroductionStatus,
    TieEnd,
    TieKind,
    TieSource,
)

DECLINED_BEFORE = gettext_lazy(
    "Een van beiden zei eerder nee tegen deze kennismaking; we vragen het niet opnieuw."
)
# How an answer given to the worker reached them (an answer in one's own account is ACCOUNT).
WORKER_SOURCES = [
    Consent.Source.IN_PERSON,
    Consent.Source.PHONE,
    Consent.Source.PAPER,
    Consent.Source.EMAIL,
]


def direct_tie_create(
    *,
    recorded_by: User,
    a: TieEnd,
    b: TieEnd,
    kind: str,
    since: dt.date | None = None,
    note: str = "",
    source: str = TieSource.RECORDED,
) -> DirectTie:
    """Record a tie between two people, groups or organisations (any mix).

    Refused with a ValidationError, nothing stored: a tie to oneself, an end outside the
    recorder's areas (people and groups; any organisation may be named, as in the journal),
    an end that is not a person, group or organisation, a date in the future."""
    tie = DirectTie(
        kind=kind,
        since=since or timezone.localdate(),
        note=note,
        source=source,
        recorded_by=recorded_by,
    )
    tie.set_end("a", a)
    tie.set_end("b", b)
    tie.full_clean()
    tie.save()
    return tie


def direct_tie_end(*, tie: DirectTie, ended_on: dt.date | None = None) -> DirectTie:
    tie.ended_on = ended_on or timezone.localdate()
    tie.full_clean()
    tie.save(update_fields=["ended_on", "updated_at"])
    return tie


def _pair_filter(a: Person, b: Person) -> Q:
    return Q(person_a=a, person_b=b) | Q(person_a=b, person_b=a)


def introduction_propose(
    *,
    proposer: User,
    person_a: Person,
    person_b: Person,
    reason: str,
    proposed_on: dt.date | None = None,
) -> Introduction:
    """A worker proposes that two people meet. Not again after one of them said no."""
    introduction = Introduction(
        proposer=proposer,
        person_a=person_a,
        person_b=person_b,
        reason=reason.strip(),
        proposed_on=proposed_on or timezone.localdate(),
    )
    introduction.full_clean()
    earlier = Introduction.objects.filter(_pair_filter(person_a, person_b))
    if earlier.filter(status=IntroductionStatus.DECLINED).exists():
        raise ValidationError(DECLINED_BEFORE)
    if earlier.exclude(status=IntroductionStatus.DECLINED).exists():
        raise ValidationError(_("Deze twee mensen zijn al aan elkaar voorgesteld."))
    introduction.save()
    return introduction


@transaction.atomic
def introduction_answer(
    *,
    introduction: Introduction,
    person: Person,
    accepted: bool,
    recorded_by: User,
    source: str,
    answered_on: dt.date | None = None,
) -> Introduction:
    """Record one person's yes or no (their consent for this introduction).

    A no closes the introduction for good. The second yes makes it happen: a tie "kent"
    (source: introduction) and a journal entry of the introduction.
    """
    introduction = Introduction.objects.select_for_update().get(pk=introduction.pk)
    side = introduction.side_of(person.pk)
    if side is None:
        raise ValidationError(_("Deze persoon hoort niet bij deze kennismaking."))
    if not introduction.is_open:
        raise ValidationError(_("Deze kennismaking is al afgerond."))
    if introduction.answered(side):
        raise ValidationError(_("Deze persoon heeft al geantwoord."))
    if source not in Consent.Source.values:
        raise ValidationError({"source": _("Kies hoe het antwoord u bereikte.")})
    day = answered_on or timezone.localdate()
    if day > timezone.localdate() or day < introduction.proposed_on:
        raise ValidationError(
            {"answered_on": _("Het antwoord ligt tussen het voorstel en vandaag.")}
        )
    setattr(introduction, f"{side}_answered_on", day)
    setattr(introduction, f"{side}_source", source)
    setattr(introduction, f"{side}_recorded_by", recorded_by)
    if not accepted:
        introduction.status = IntroductionStatus.DECLINED
        introduction.closed_on = day
    elif introduction.answered("a") and introduction.answered("b"):
        _complete(introduction, day)
    else:
        introduction.status = (
            IntroductionStatus.ACCEPTED_BY_A if side == "a" else IntroductionStatus.ACCEPTED_BY_B
        )
    introduction.full_clean()
    introduction.save()
    return introduction


def _complete(introduction: Introduction, day: dt.date) -> None:
    worker = introduction.proposer
    a, b = introduction.person_a, introduction.person_b
    introduction.tie = direct_tie_create(
        recorded_by=worker,
        a=a,
        b=b,
        kind=TieKind.KNOWS,
        since=day,
        note=introduction.reason[:300],
        source=TieSource.INTRODUCTION,
    )
    introduction.entry = entry_create(
        author=worker,
        kind=EntryKind.CONTACT,
        occurred_on=day,
        area=a.area,
        note=_("Kennismaking: beiden zeiden ja. Waarom: %(reason)s")
        % {"reason": introduction.reason},
        people=[a, b],
    )
    introduction.status = IntroductionStatus.DONE
    introduction.closed_on = day
