"""The demo's network in Berflo Es: recorded ties, introductions, and two years of metrics.

`seed_network_demo(seed=…)` runs after the demo's people, journal and initiatives exist (the
network is derived from them). Through the services, as in the app: a worker records ties
over the two years ("kent", "helpt", "werkt samen met"), between people and also with groups
and organisations (the journal names those too, so they are nodes of the picture anyway); a
few introductions between people
with a consent for matching, one of each outcome; the demo resident has one waiting for
their own yes. Then the metrics per month and year of the wijk and its buurten are stored.
"""

import datetime as dt
import random

from django.utils import timezone

from opbouw.accounts.models import Organisation, User
from opbouw.areas.models import Area
from opbouw.people.models import Consent, Group, Person

from . import services, snapshots
from .matching import matching_consent_exists
from .models import TieEnd, TieKind

DISTRICT = "WK016405"  # Berflo Es
WORKER, RESIDENT = "werker", "bewoner"
DAYS = 730
RECORDED_TIES = 60
GROUP_TIES = 18
GROUP_NOTES = [
    "Samen de buurtmaaltijd",
    "Zaal en koffie van de organisatie",
    "Samen de schoonmaakdag",
]
# Above this many people in the wijk (the large demo) the snapshots are left to the nightly job.
SNAPSHOTS_UP_TO = 2_000
KINDS = [TieKind.KNOWS, TieKind.KNOWS, TieKind.HELPS, TieKind.WORKS_WITH]
NOTES = {
    TieKind.KNOWS: ["Buren van elkaar", "Kennen elkaar van het schoolplein", "Samen in de flat"],
    TieKind.HELPS: ["Doet boodschappen voor", "Helpt met de post", "Rijdt naar het ziekenhuis"],
    TieKind.WORKS_WITH: ["Organiseren samen de buurtmaaltijd", "Samen in de moestuin"],
}


def seed_network_demo(*, seed: int) -> int:
    """Ties, introductions and snapshots for Berflo Es; returns the number of snapshots."""
    district = Area.objects.filter(code=DISTRICT).first()
    worker = User.objects.filter(username=WORKER).first()
    if district is None or worker is None:
        return 0
    rng = random.Random(f"network-{seed}")
    today = timezone.localdate()
    start = today - dt.timedelta(days=DAYS - 1)
    people = list(
        Person.objects.filter(area__path__startswith=district.path)
        .select_related("area")
        .order_by("pk")
    )
    if len(people) < 4:
        return 0
    _record_ties(rng, worker, people, start)
    # Its own random stream, so the people ties and introductions stay as they were.
    _record_group_ties(random.Random(f"network-groups-{seed}"), worker, people, district, start)
    _introductions(rng, worker, district, start, today)
    count = 0
    if len(people) > SNAPSHOTS_UP_TO:
        return count  # the large demo: `manage.py network_snapshots` does this (minutes)
    for area in [district, *Area.objects.filter(parent=district).order_by("code")]:
        count += snapshots.snapshots_compute(area=area, since=start)
    return count


def _record_ties(rng: random.Random, worker: User, people: list[Person], start: dt.date) -> None:
    """Ties the workers learn of over the two years; more of them later (the work grows)."""
    by_area: dict[int, list[Person]] = {}
    for person in people:
        by_area.setdefault(person.area_id, []).append(person)
    buurten = [group for group in by_area.values() if len(group) >= 2]
    for number in range(RECORDED_TIES):
        # Later days are likelier: sqrt of a uniform skews towards the end of the period.
        offset = int((rng.random() ** 0.5) * (DAYS - 1))
        since = start + dt.timedelta(days=offset)
        group = rng.choice(buurten)
        # One in five ties crosses a buurt border: the bridges of the wijk.
        other_group = rng.choice(buurten) if number % 5 == 0 else group
        a, b = rng.choice(group), rng.choice(other_group)
        if a.pk == b.pk:
            continue
        kind = rng.choice(KINDS)
        services.direct_tie_create(
            recorded_by=worker,
            a=a,
            b=b,
            kind=kind,
            since=since,
            note=rng.choice(NOTES[kind]),
        )


def _record_group_ties(
    rng: random.Random, worker: User, people: list[Person], district: Area, start: dt.date
) -> None:
    """Ties with groups and organisations the workers learn of: a resident who helps a group
    without being a member, a group that works with an organisation."""
    groups = list(Group.objects.filter(area__path__startswith=district.path).order_by("pk"))
    organisations = list(Organisation.objects.order_by("pk")[:12])
    if not groups or not organisations:
        return
    a: TieEnd
    b: TieEnd
    for number in range(GROUP_TIES):
        since = start + dt.timedelta(days=int((rng.random() ** 0.5) * (DAYS - 1)))
        group = rng.choice(groups)
        organisation = rng.choice(organisations)
        if number % 3 == 0:
            a, b, kind = group, organisation, TieKind.WORKS_WITH
            note = rng.choice(GROUP_NOTES)
        elif number % 3 == 1:
            a, b, kind = rng.choice(people), group, TieKind.HELPS
            note = "Helpt mee zonder lid te zijn"
        else:
            a, b, kind = rng.choice(people), organisation, TieKind.KNOWS
            note = "Kent iemand daar goed"
        services.direct_tie_create(recorded_by=worker, a=a, b=b, kind=kind, since=since, note=note)


def _introductions(
    rng: random.Random, worker: User, district: Area, start: dt.date, today: dt.date
) -> None:
    matchable = list(
        Person.objects.filter(area__path__startswith=district.path)
        .filter(matching_consent_exists())
        .select_related("area")
        .order_by("pk")
    )
    resident = Person.objects.filter(user__username=RESIDENT).select_related("area").first()
    rng.shuffle(matchable)
    pairs = [(matchable[i], matchable[i + 1]) for i in range(0, min(len(matchable) - 1, 8), 2)]
    reasons = [
        "Allebei dol op tuinieren; de moestuin zoekt handen.",
        "De een geeft fietsles, de ander wil leren fietsen.",
        "Spreken allebei Arabisch en wonen om de hoek.",
        "Willen allebei een buurtfeest opzetten.",
    ]
    outcomes = ["done", "done", "declined", "half"]
    for number, (a, b) in enumerate(pairs):
        proposed_on = today - dt.timedelta(days=rng.randint(20, 200))
        introduction = services.introduction_propose(
            proposer=worker,
            person_a=a,
            person_b=b,
            reason=reasons[number % len(reasons)],
            proposed_on=proposed_on,
        )
        outcome = outcomes[number % len(outcomes)]
        first = proposed_on + dt.timedelta(days=rng.randint(1, 7))
        second = min(first + dt.timedelta(days=rng.randint(1, 10)), today)
        services.introduction_answer(
            introduction=introduction,
            person=a,
            accepted=outcome != "declined" or rng.random() < 0.5,
            recorded_by=worker,
            source=Consent.Source.IN_PERSON,
            answered_on=first,
        )
        introduction.refresh_from_db()
        if outcome == "half" or not introduction.is_open:
            continue
        services.introduction_answer(
            introduction=introduction,
            person=b,
            accepted=outcome != "declined",
            recorded_by=worker,
            source=Consent.Source.PHONE,
            answered_on=second,
        )
    if resident is not None and matchable:
        other = next(
            (p for p in matchable if p.pk != resident.pk and p.area_id == resident.area_id), None
        )
        if other is not None and not any(resident.pk in (a.pk, b.pk) for a, b in pairs):
            introduction = services.introduction_propose(
                proposer=worker,
                person_a=other,
                person_b=resident,
                reason="Wonen in dezelfde buurt en houden allebei van koken.",
                proposed_on=today - dt.timedelta(days=5),
            )
            services.introduction_answer(
                introduction=introduction,
                person=other,
                accepted=True,
                recorded_by=worker,
                source=Consent.Source.PHONE,
                answered_on=today - dt.timedelta(days=3),
            )
