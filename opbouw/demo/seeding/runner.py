"""Building the demo from start to end, once per database.

Deterministic: every random choice comes from random.Random streams (and Faker instances)
seeded from --seed, one stream per concern, so the same seed gives the same people, groups
and journal. The journal's dates are anchored on the day the seed runs (the anchor): the
last two years up to today, because a demo whose journal stopped a year ago looks dead.
So the same seed on the same day gives identical data; on another day the people, groups
and places are the same and the journal has the same size, shifted to end on that day
(which entries fall on a weekend changes, so individual entries differ).

Idempotent: the whole build runs in one transaction and ends with a DemoDataset row. If that
row is there, the demo is complete and a second run only prints the logins.
"""

import contextlib
import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opbouw.accounts.models import User
from opbouw.assets.demo import seed_assets_demo
from opbouw.core.roles import Role
from opbouw.dialogue.demo import seed_dialogue_demo
from opbouw.initiatives.demo import seed_initiatives_demo
from opbouw.journal.models import FollowUp, JournalEntry, Signal
from opbouw.journal.search import rebuild_index
from opbouw.network.demo import seed_network_demo
from opbouw.people.models import Consent, Person
from opbouw.reports.demo import seed_reports_demo

from ..models import DemoDataset
from . import bulk
from .areas import areas_by_code, buurten, ensure_areas
from .config import (
    DEMO_DISTRICT_CODE,
    DEMO_PASSWORD,
    JOURNAL_DAYS,
    MUNICIPALITY_INHABITANTS,
    SCALES,
    Scale,
)
from .groups import create_groups, create_places, plan_groups, plan_places
from .indexes import build_indexes, deferred_checks
from .journal import create_entries
from .journal_plan import JournalPlanner
from .people import PersonPlan, create_people, plan_people
from .reset import reset_demo
from .users import (
    AREA_WORKER_PREFIX,
    LOGINS,
    authors,
    create_organisations,
    create_users,
    demo_users_filter,
    link_resident,
)

RESIDENT_BUURT = "BU01640501"


class SeedError(Exception):
    """The demo cannot be built as asked; the message says why and what to do."""


@dataclass(frozen=True)
class Login:
    role: str
    username: str
    password: str
    area: str


@dataclass(frozen=True)
class SeedResult:
    created: bool
    dataset: DemoDataset
    logins: list[Login]
    area_workers: int


def _scale(name: str, people: int | None, entries: int | None) -> Scale:
    if name not in SCALES:
        raise SeedError(_("Onbekende omvang “%(scale)s”: kies small of large.") % {"scale": name})
    scale = SCALES[name]
    if people is not None:
        scale = replace(scale, people=people)
    if entries is not None:
        scale = replace(scale, entries=entries)
    if scale.people < 1 or scale.entries < 0:
        raise SeedError(
            _("Het aantal mensen moet positief zijn en het aantal regels niet negatief.")
        )
    if scale.people > MUNICIPALITY_INHABITANTS:
        raise SeedError(
            _(
                "Hengelo heeft ongeveer %(n)d inwoners: een demo legt niet meer mensen vast "
                "dan er in de gemeente wonen."
            )
            % {"n": MUNICIPALITY_INHABITANTS}
        )
    return scale


def seed_demo(
    *,
    seed: int,
    scale: str,
    reset: bool = False,
    people: int | None = None,
    entries: int | None = None,
    out: Callable[[str], None] = print,
) -> SeedResult:
    spec = _scale(scale, people, entries)
    existing = DemoDataset.objects.order_by("-id").first()
    if existing is not None and existing.pending_indexes:
        # A previous seed stopped after its data was committed: finish its indexes first.
        out(_("Zoekindexen van de vorige seed afmaken…"))
        _finish_indexes(existing, parallel=not connection.in_atomic_block)
    if existing is not None and not reset:
        same = (existing.seed, existing.scale, existing.people_count, existing.entry_count) == (
            seed, spec.name, spec.people, spec.entries,
        )  # fmt: skip
        if not same:
            raise SeedError(
                _(
                    "Deze database bevat al een demo (omvang %(scale)s, seed %(seed)s, "
                    "%(people)s mensen, %(entries)s regels). Gebruik --reset om die te "
                    "vervangen."
                )
                % {
                    "scale": existing.scale,
                    "seed": existing.seed,
                    "people": existing.people_count,
                    "entries": existing.entry_count,
                }
            )
        return SeedResult(False, existing, logins(), _area_workers())
    if existing is None and not reset and User.objects.filter(demo_users_filter()).exists():
        raise SeedError(
            _(
                "Er bestaan al demo-accounts (zoals “werker”), maar geen complete demo. "
                "Gebruik --reset om opnieuw te beginnen."
            )
        )
    started = time.monotonic()

    def step(message: str) -> None:
        out(f"[{time.monotonic() - started:6.1f} s] {message}")

    # Other connections see the rows only once they are committed: in a caller's transaction
    # (tests) the full-text indexes are built in it, one after the other.
    parallel = connection.vendor == "postgresql" and not connection.in_atomic_block
    # One transaction for the reset and the build: a failed or interrupted seed leaves the
    # database as it was (only the full-text indexes of a large PostgreSQL demo come after).
    with bulk.fast_load() if spec.bulk else contextlib.nullcontext(), transaction.atomic():
        if reset:
            removed = reset_demo()
            out(_("Oude demo verwijderd (%(n)s logboekregels).") % {"n": removed})
        dataset = _build(
            seed=seed, spec=spec, step=step, started=started, postpone_full_text=parallel
        )
    if dataset.pending_indexes:
        step(_("Zoekindexen opbouwen, naast elkaar…"))
        _finish_indexes(dataset, parallel=parallel)
    step(_("Statistieken voor de query planner (ANALYZE)…"))
    bulk.analyze()
    dataset.seconds = round(time.monotonic() - started, 1)
    dataset.save(update_fields=["seconds"])
    step(_("Klaar."))
    return SeedResult(True, dataset, logins(), _area_workers())


def _finish_indexes(dataset: DemoDataset, *, parallel: bool) -> None:
    build_indexes(dataset.pending_indexes, parallel=parallel)
    dataset.pending_indexes = []
    dataset.save(update_fields=["pending_indexes"])


def _build(
    *,
    seed: int,
    spec: Scale,
    step: Callable[[str], None],
    started: float,
    postpone_full_text: bool,
) -> DemoDataset:
    anchor = timezone.localdate()
    start = anchor - dt.timedelta(days=JOURNAL_DAYS - 1)

    def day(offset: int) -> dt.date:
        return start + dt.timedelta(days=offset)

    step(_("Gebieden van Hengelo importeren (CBS)…"))
    ensure_areas()
    areas = areas_by_code()
    all_buurten = buurten()
    scope = [
        buurt
        for buurt in all_buurten
        if spec.whole_municipality or buurt.wijk_code == DEMO_DISTRICT_CODE
    ]
    step(_("Organisaties en accounts…"))
    organisations = create_organisations(areas=areas, whole_municipality=spec.whole_municipality)
    users = create_users(
        seed=seed,
        areas=areas,
        organisations=organisations,
        buurten=all_buurten,
        whole_municipality=spec.whole_municipality,
    )
    writers = authors(buurten=scope, whole_municipality=spec.whole_municipality)

    def creator_for(code: str) -> User:
        return users[writers.primary(code)]

    step(_("Plekken…"))
    place_plans = plan_places(seed=seed, buurten=scope, whole_municipality=spec.whole_municipality)
    places = create_places(plans=place_plans, areas=areas)

    step(_("%(n)s bewoners…") % {"n": spec.people})
    people_plans = plan_people(
        seed=seed,
        buurten=scope,
        total=spec.people,
        days=JOURNAL_DAYS,
        minimum=30 if spec.whole_municipality else 3,
    )
    if spec.bulk:
        with deferred_checks([Person, Consent]):
            person_ids = bulk.insert_people(
                plans=people_plans,
                areas=areas,
                creator_for=lambda code: creator_for(code).pk,
                adapted=bulk.Adapted(day),
            )
    else:
        person_ids = create_people(
            plans=people_plans, areas=areas, creator_for=creator_for, day=day
        )

    step(_("Groepen en hun leden…"))
    group_plans = plan_groups(
        seed=seed,
        buurten=scope,
        people=people_plans,
        days=JOURNAL_DAYS,
        whole_municipality=spec.whole_municipality,
    )
    groups = create_groups(
        plans=group_plans,
        areas=areas,
        places=places,
        person_ids=person_ids,
        creator_for=creator_for,
        day=day,
        bulk=spec.bulk,
    )
    resident = _resident_index(people_plans)
    if resident is not None:
        link_resident(user=users["bewoner"], person_id=person_ids[resident])

    step(_("Logboek: %(n)s regels over twee jaar…") % {"n": spec.entries})
    planner = JournalPlanner(
        seed=seed,
        start=start,
        days=JOURNAL_DAYS,
        buurten=scope,
        people=people_plans,
        groups=group_plans,
        places=place_plans,
        authors=writers,
        pool=spec.bulk,
    )

    def progress(count: int) -> None:
        step(_("  %(n)s regels") % {"n": count})

    postponed: list[str] = []
    if spec.bulk:
        with deferred_checks(
            [JournalEntry, FollowUp, Signal], postpone_full_text=postpone_full_text
        ) as deferred:
            count = bulk.insert_entries(
                plans=planner.plan(spec.entries),
                areas=areas,
                user_ids={username: user.pk for username, user in users.items()},
                places=places,
                groups=groups,
                organisations=organisations,
                person_ids=person_ids,
                adapted=bulk.Adapted(day),
                progress=progress,
            )
            step(_("Indexen en verwijzingen opbouwen…"))
        postponed = deferred.postponed
        step(_("Zoekindex opbouwen…"))
        rebuild_index()
    else:
        count = create_entries(
            plans=planner.plan(spec.entries),
            areas=areas,
            users=users,
            places=places,
            groups=groups,
            organisations=organisations,
            person_ids=person_ids,
            day=day,
            progress=progress,
        )
    # The other apps seed their own part of the demo on top of these people, places,
    # groups and accounts (each knows its own models best).
    step(_("Kaart van de buurt: kerncijfers, voorzieningen en activiteiten…"))
    seed_assets_demo(seed=seed)
    step(_("Bewonersinitiatieven…"))
    seed_initiatives_demo(seed=seed)
    step(_("Buurtgesprekken en hun analyse…"))
    seed_dialogue_demo(seed=seed, created_by=users.get("werker"))
    step(_("Netwerk van Berflo Es: banden, kennismakingen en metingen…"))
    seed_network_demo(seed=seed)
    step(_("Verantwoording: verhalen, uitkomsten en een jaarverslag…"))
    seed_reports_demo(seed=seed)
    return DemoDataset.objects.create(
        seed=seed,
        scale=spec.name,
        anchor_date=anchor,
        people_count=len(person_ids),
        entry_count=count,
        seconds=round(time.monotonic() - started, 1),
        pending_indexes=postponed,
    )


def _resident_index(plans: list[PersonPlan]) -> int | None:
    """The demo resident: someone from Berflo Es-Noord who shares their name and has gifts."""
    fallback = None
    for index, plan in enumerate(plans):
        if plan.area_code != RESIDENT_BUURT:
            continue
        fallback = index if fallback is None else fallback
        if plan.shares_name and plan.gifts and plan.first_met < 0:
            return index
    return fallback


def logins() -> list[Login]:
    users = {user.username: user for user in User.objects.filter(demo_users_filter())}
    result = []
    for login in LOGINS:
        user = users.get(login.username)
        membership = user.memberships.select_related("area").first() if user else None
        area = membership.area.name if membership else ""
        result.append(Login(str(Role(login.role).label), login.username, DEMO_PASSWORD, area))
    return result


def _area_workers() -> int:
    return User.objects.filter(username__startswith=AREA_WORKER_PREFIX).count()
