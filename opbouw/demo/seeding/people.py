"""Residents of the demo: who lives where, what they can and want, and what they consented to.

Planning is pure (no database) so the small path (services) and the large path (bulk inserts)
create exactly the same kind of people. Days are offsets from the journal's first day:
negative means the worker knew the person before the journal starts.
"""

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils import timezone

from opbouw.accounts.models import User
from opbouw.areas.models import Area
from opbouw.core.models import Tag
from opbouw.people.models import Consent, Person, RecordBasis
from opbouw.people.services import consent_record, consent_withdraw, person_create

from . import profiles
from .areas import BuurtInfo
from .names import NameMaker, origin_weights

KNOWN_BEFORE_SHARE = 0.3  # a worker starts a journal knowing part of the neighbourhood
SHARING_SHARE = 0.78  # most agree that their name may be shared; the rest show as "bewoner #n"
WITHDRAWN_SHARE = 0.07
EMAIL_SHARE = 0.35
PROFILE_SHARE = 0.75
SOURCES = [
    (Consent.Source.IN_PERSON, 65),
    (Consent.Source.PAPER, 15),
    (Consent.Source.PHONE, 12),
    (Consent.Source.EMAIL, 8),
]


@dataclass(frozen=True)
class ConsentPlan:
    purpose: str
    basis: str
    source: str
    given_day: int
    withdrawn_day: int | None


@dataclass(frozen=True)
class PersonPlan:
    name: str
    first_name: str
    female: bool
    origin: str
    area_code: str
    languages: tuple[str, ...]
    email: str
    gifts: tuple[str, ...]
    gifts_text: str
    interests: tuple[str, ...]
    interests_text: str
    wishes: tuple[str, ...]
    wishes_text: str
    first_met: int
    consents: tuple[ConsentPlan, ...]

    @property
    def shares_name(self) -> bool:
        return any(
            c.purpose == Consent.Purpose.SHARING and c.withdrawn_day is None for c in self.consents
        )


def distribute(total: int, weights: Sequence[float], minimum: int = 0) -> list[int]:
    """Split total over weights (largest remainder), each at least `minimum` if it fits."""
    floor = minimum if minimum * len(weights) <= total else 0
    rest = total - floor * len(weights)
    weight_sum = sum(weights) or 1.0
    exact = [rest * weight / weight_sum for weight in weights]
    counts = [int(value) for value in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (counts[i] - exact[i], i))
    for index in by_remainder[: rest - sum(counts)]:
        counts[index] += 1
    return [floor + count for count in counts]


def _email(rng: random.Random, name: str, number: int) -> str:
    if rng.random() >= EMAIL_SHARE:
        return ""
    local = "".join(ch for ch in name.lower().replace(" ", ".") if ch.isascii() and ch != "'")
    # example.org is reserved (RFC 2606): a demo never mails a real person.
    return f"{local.strip('.') or 'bewoner'}{number}@example.org"


def _consents(
    rng: random.Random, first_met: int, days: int, has_profile: bool
) -> tuple[ConsentPlan, ...]:
    given = first_met
    source = rng.choices([s for s, _w in SOURCES], [w for _s, w in SOURCES])[0]
    plans = []

    def add(purpose: str, basis: str, withdrawable: bool = False) -> None:
        withdrawn = None
        if withdrawable and given < days - 2 and rng.random() < WITHDRAWN_SHARE:
            withdrawn = rng.randint(max(given, 0) + 1, days - 1)
        plans.append(ConsentPlan(purpose, basis, source, given, withdrawn))

    if rng.random() < 0.9:
        basis = Consent.Basis.CONSENT if rng.random() < 0.8 else Consent.Basis.LEGITIMATE_INTEREST
        add(Consent.Purpose.CONTACT, basis)
    if rng.random() < SHARING_SHARE:
        add(Consent.Purpose.SHARING, Consent.Basis.CONSENT, withdrawable=True)
        # In the demo, who shares the name with residents shares it with the wijkteam too
        # (no random draw: the rest of the demo stays as it was).
        add(Consent.Purpose.SHARING_CARE, Consent.Basis.CONSENT)
    if has_profile and rng.random() < 0.95:
        add(Consent.Purpose.PROFILE, Consent.Basis.CONSENT, withdrawable=True)
    if rng.random() < 0.55:
        add(Consent.Purpose.MATCHING, Consent.Basis.CONSENT, withdrawable=True)
    return tuple(plans)


def _tags(rng: random.Random, count_range: tuple[int, int], exclude: set[str]) -> tuple[str, ...]:
    count = rng.randint(*count_range)
    options = [slug for slug in profiles.TAG_SLUGS if slug not in exclude]
    return tuple(rng.sample(options, count))


def plan_people(
    *, seed: int, buurten: Sequence[BuurtInfo], total: int, days: int, minimum: int
) -> list[PersonPlan]:
    """`total` people spread over the buurten by number of inhabitants, in buurt order."""
    rng = random.Random(f"people:{seed}")
    names = NameMaker(seed)
    counts = distribute(total, [b.inhabitants for b in buurten], minimum)
    plans: list[PersonPlan] = []
    for buurt, count in zip(buurten, counts, strict=True):
        weights = origin_weights(buurt)
        origins, origin_weights_list = list(weights), list(weights.values())
        for _ in range(count):
            identity = names.identity(rng.choices(origins, origin_weights_list)[0])
            if rng.random() < KNOWN_BEFORE_SHARE:
                first_met = -rng.randint(1, 3 * 365)
            else:
                first_met = rng.randrange(days)
            has_profile = rng.random() < PROFILE_SHARE
            gifts: tuple[str, ...] = ()
            interests: tuple[str, ...] = ()
            wishes: tuple[str, ...] = ()
            if has_profile:
                only_dutch = set(identity.languages) <= {"nl", "nds"}
                gifts = _tags(rng, (1, 3), {"vertalen"} if only_dutch else set())
                interests = _tags(rng, (0, 3), set(gifts))
                wishes = _tags(rng, (0, 2), {"vertalen", "taalles"} if only_dutch else set())
            with_text = rng.random() < 0.6
            plans.append(
                PersonPlan(
                    name=identity.name,
                    first_name=identity.first_name,
                    female=identity.female,
                    origin=identity.origin,
                    area_code=buurt.code,
                    languages=identity.languages,
                    email=_email(rng, identity.name, len(plans) + 1),
                    gifts=gifts,
                    gifts_text=profiles.gifts_text(rng, gifts, identity.languages)
                    if with_text
                    else "",
                    interests=interests,
                    interests_text=profiles.interests_text(rng, interests) if with_text else "",
                    wishes=wishes,
                    wishes_text=profiles.wishes_text(rng, wishes) if with_text else "",
                    first_met=first_met,
                    consents=_consents(rng, first_met, days, has_profile),
                )
            )
    return plans


def record_basis(plan: PersonPlan) -> str:
    """Consent when the person gave any, else the public task of welfare work (Wmo 2015)."""
    return RecordBasis.CONSENT if plan.consents else RecordBasis.PUBLIC_TASK


def create_people(
    *,
    plans: Sequence[PersonPlan],
    areas: dict[str, Area],
    creator_for: Callable[[str], User],
    day: Callable[[int], dt.date],
) -> list[int]:
    """The small path: every person through the services, as a worker would register them."""
    tags = {tag.slug: tag for tag in Tag.objects.all()}
    ids: list[int] = []
    backdated: list[Person] = []
    withdrawals: list[tuple[int, dt.date]] = []
    for plan in plans:
        creator = creator_for(plan.area_code)
        person = person_create(
            created_by=creator,
            name=plan.name,
            area=areas[plan.area_code],
            record_basis=record_basis(plan),
            informed_on=day(plan.first_met),
            email=plan.email,
            languages=plan.languages,
            gifts=[tags[s] for s in plan.gifts],
            gifts_text=plan.gifts_text,
            interests=[tags[s] for s in plan.interests],
            interests_text=plan.interests_text,
            wishes=[tags[s] for s in plan.wishes],
            wishes_text=plan.wishes_text,
        )
        for consent_plan in plan.consents:
            consent = consent_record(
                person=person,
                recorded_by=creator,
                purpose=consent_plan.purpose,
                basis=consent_plan.basis,
                source=consent_plan.source,
                given_on=day(consent_plan.given_day),
            )
            if consent_plan.withdrawn_day is not None:
                consent_withdraw(consent=consent, withdrawn_by=creator)
                withdrawals.append((consent.pk, day(consent_plan.withdrawn_day)))
        person.created_at = _moment(day(plan.first_met))
        backdated.append(person)
        ids.append(person.pk)
    # The services stamp "now"; a demo that has run for two years needs the real dates.
    Person.objects.bulk_update(backdated, ["created_at"], batch_size=500)
    for consent_id, withdrawn_on in withdrawals:
        Consent.objects.filter(pk=consent_id).update(withdrawn_on=withdrawn_on)
    return ids


def _moment(date: dt.date) -> dt.datetime:
    return dt.datetime.combine(date, dt.time(10, 0), tzinfo=timezone.get_default_timezone())
