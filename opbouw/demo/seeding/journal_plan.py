"""Planning two years of journal: what happened on which day, where, with whom, about what.

Pure Python, no database: the small path hands each plan to the journal services, the large
path turns the same plans into bulk inserts. Entries are generated day by day, so they come
out in date order without sorting a million of them.

What makes it look like real work over time:
- more entries later in the period, fewer on weekends and in the holidays;
- a worker only meets people once they have got to know them (PersonPlan.first_met), so the
  number of distinct people per month grows, and a third of contacts are recent ones;
- group meetings only after a group was founded, with members who had joined by then;
- energy in winter, green in summer; follow-ups mostly done, some overdue; older signals
  mostly resolved, recent ones still open.
"""

import bisect
import datetime as dt
import itertools
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from opbouw.core.taxonomy import THEMES
from opbouw.journal.models import KIND_DEFAULT_PURPOSE, EntryKind, Purpose, Signal

from .areas import BuurtInfo
from .config import DEMO_DISTRICT_CODE
from .groups import GroupPlan, PlacePlan
from .notes import NoteContext, NotePool, NoteWriter, Who
from .people import PersonPlan, distribute
from .users import PARTNER_KEYS, SIGNAL_TARGETS, Authors

KIND_WEIGHTS = {
    EntryKind.CONTACT: 36,
    EntryKind.HOME_VISIT: 12,
    EntryKind.MEETING: 26,
    EntryKind.SIGNAL: 6,
    EntryKind.OBSERVATION: 9,
    EntryKind.PARTNER_MEETING: 11,
}
KINDS = [str(kind) for kind in KIND_WEIGHTS]
# (choices of participant counts, weights) per kind; meetings take their people from a group.
PEOPLE_COUNTS = {
    "contact": ((1, 2, 3), (65, 28, 7)),
    "home_visit": ((1, 2), (75, 25)),
    "signal": ((0, 1, 2), (30, 55, 15)),
    "observation": ((0, 1, 2), (55, 35, 10)),
    "partner_meeting": ((0, 1), (70, 30)),
}
DURATIONS = {
    "contact": (10, 45), "home_visit": (30, 90), "meeting": (60, 150), "signal": (10, 30),
    "observation": (15, 60), "partner_meeting": (45, 120),
}  # fmt: skip
PLACE_CHANCE = {
    "contact": 0.55, "home_visit": 0.0, "signal": 0.3, "observation": 0.75, "partner_meeting": 0.5,
}  # fmt: skip
FOLLOW_UP_CHANCE = {
    "contact": 0.15, "home_visit": 0.35, "meeting": 0.10, "signal": 0.20, "observation": 0.08,
    "partner_meeting": 0.25,
}  # fmt: skip
THEME_WEIGHTS = {
    "ontmoeting": 14, "eenzaamheid": 10, "armoede": 10, "groen": 8, "taal": 8, "jeugd": 8,
    "ouderen": 7, "wonen": 7, "veiligheid": 6, "klimaat-energie": 5, "gezondheid": 5, "zorg": 5,
    "werk": 4, "diversiteit": 4,
}  # fmt: skip
THEME_SLUGS = [slug for slug, _nl, _en in THEMES]
RECENT_CONTACTS = 12  # "recent" = among the last dozen people the worker got to know there
RECENT_SHARE = 0.35
WIJK_GROUP_WEIGHT = 0.35


def _between(rng: random.Random, low: int, high: int) -> int:
    """rng.randint without its overhead: this runs a few million times in the large seed."""
    return low + int(rng.random() * (high - low + 1))


def _cumulative(weights: Sequence[float]) -> list[float]:
    return list(itertools.accumulate(weights))


def _pick_index(rng: random.Random, cumulative: Sequence[float]) -> int:
    return bisect.bisect(cumulative, rng.random() * cumulative[-1])


PEOPLE_COUNT_CUM = {kind: (counts, _cumulative(w)) for kind, (counts, w) in PEOPLE_COUNTS.items()}


class FollowUpPlan(NamedTuple):
    description: str
    due_day: int
    done_day: int | None


class SignalPlan(NamedTuple):
    organisation: str
    description: str
    status: str
    status_note: str


class EntryPlan(NamedTuple):
    day: int
    hour: int
    kind: str
    area_code: str
    author: str
    place: str | None
    people: tuple[int, ...]
    group: int | None
    organisations: tuple[str, ...]
    themes: tuple[str, ...]
    anonymous: int
    duration: int
    note: str
    follow_up: FollowUpPlan | None
    signal: SignalPlan | None


def demo_purpose(plan: EntryPlan) -> str:
    """What the demo's worker says an entry was for: the kind's default, and a contact with a
    group or three or more present counts as collective work (as a worker would say)."""
    purpose = KIND_DEFAULT_PURPOSE[EntryKind(plan.kind)]
    if purpose == Purpose.INDIVIDUAL and (
        plan.group is not None or len(plan.people) + plan.anonymous >= 3
    ):
        purpose = Purpose.COLLECTIVE
    return str(purpose)


def day_weights(start: dt.date, days: int) -> list[float]:
    weekday = (1.0, 1.0, 1.0, 1.0, 0.8, 0.2, 0.05)
    weights = []
    for offset in range(days):
        date = start + dt.timedelta(days=offset)
        weight = weekday[date.weekday()] * (0.65 + 0.7 * offset / days)
        if (date.month, date.day) >= (7, 15) and (date.month, date.day) <= (8, 25):
            weight *= 0.55  # summer holidays
        if (date.month == 12 and date.day >= 24) or (date.month == 1 and date.day <= 2):
            weight *= 0.3
        weights.append(weight)
    return weights


def _theme_cum_weights() -> dict[int, list[float]]:
    """Cumulative theme weights per month: energy in winter, green in spring and summer."""
    result = {}
    for month in range(1, 13):
        weights = []
        for slug in THEME_SLUGS:
            weight = float(THEME_WEIGHTS.get(slug, 3))
            if slug == "klimaat-energie" and month in (10, 11, 12, 1, 2, 3):
                weight *= 2.2
            if slug == "groen" and month in (4, 5, 6, 7, 8, 9):
                weight *= 1.7
            weights.append(weight)
        result[month] = list(itertools.accumulate(weights))
    return result


@dataclass
class _Scope:
    """People of an area in the order the workers got to know them."""

    people: list[int]
    first_met: list[int]


class JournalPlanner:
    def __init__(
        self,
        *,
        seed: int,
        start: dt.date,
        days: int,
        buurten: Sequence[BuurtInfo],
        people: Sequence[PersonPlan],
        groups: Sequence[GroupPlan],
        places: Sequence[PlacePlan],
        authors: Authors,
        pool: bool,
    ) -> None:
        self.rng = random.Random(f"journal:{seed}")
        self.start, self.days = start, days
        self.people, self.groups, self.authors = people, groups, authors
        self.writer = NoteWriter(random.Random(f"notes:{seed}"))
        self.pool = self._pool(seed) if pool else None
        self.buurt_names = {buurt.code: buurt.name for buurt in buurten}
        self.wijk_of = {buurt.code: buurt.wijk_code for buurt in buurten}
        members: dict[str, list[int]] = {}
        for index, person in enumerate(people):
            members.setdefault(person.area_code, []).append(index)
            members.setdefault(self.wijk_of[person.area_code], []).append(index)
        self.scopes = {}
        for code, indexes in members.items():
            indexes.sort(key=lambda i: (people[i].first_met, i))
            self.scopes[code] = _Scope(indexes, [people[i].first_met for i in indexes])
        self.buurt_codes = [b.code for b in buurten if b.code in members]
        weights = [max(len(members[code]), 2) for code in self.buurt_codes]
        self.buurt_cum = list(itertools.accumulate(weights))
        self.groups_near: dict[str, list[int]] = {}
        for index, group in enumerate(groups):
            for code in self.buurt_codes:
                if group.area_code in (code, self.wijk_of[code]):
                    self.groups_near.setdefault(code, []).append(index)
        self.group_since = [[m[2] for m in group.members] for group in groups]
        self.places_in: dict[str, list[PlacePlan]] = {}
        for place in places:
            self.places_in.setdefault(place.area_code, []).append(place)
            self.places_in.setdefault(self.wijk_of[place.area_code], []).append(place)
        self.place_names = {place.key: place.name for place in places}
        self.kind_cum = list(itertools.accumulate(KIND_WEIGHTS.values()))
        self.theme_cum = _theme_cum_weights()

    def _pool(self, seed: int) -> NotePool:
        rng = random.Random(f"pool:{seed}")
        names = [
            Who(p.first_name, p.female)
            for p in rng.sample(list(self.people), min(400, len(self.people)))
        ]
        return NotePool(NoteWriter(rng), names, KINDS, THEME_SLUGS, per_key=40)

    def plan(self, total: int) -> Iterator[EntryPlan]:
        counts = distribute(total, day_weights(self.start, self.days))
        for day, count in enumerate(counts):
            month = (self.start + dt.timedelta(days=day)).month
            for _ in range(count):
                yield self._entry(day, month)

    def _known(self, code: str, day: int, count: int) -> tuple[int, ...]:
        scope = self.scopes.get(code)
        if scope is None or count == 0:
            return ()
        known = bisect.bisect_right(scope.first_met, day)
        if known == 0:
            return ()
        rng, chosen = self.rng, []
        for _ in range(min(count, known)):
            if rng.random() < RECENT_SHARE:
                position = known - 1 - int(rng.random() * min(RECENT_CONTACTS, known))
            else:
                position = int(rng.random() * known)
            person = scope.people[position]
            if person not in chosen:
                chosen.append(person)
        return tuple(chosen)

    def _entry(self, day: int, month: int) -> EntryPlan:
        rng = self.rng
        buurt = self.buurt_codes[bisect.bisect(self.buurt_cum, rng.random() * self.buurt_cum[-1])]
        kind = KINDS[bisect.bisect(self.kind_cum, rng.random() * self.kind_cum[-1])]
        group_index = None
        if kind == "meeting":
            active = [
                g for g in self.groups_near.get(buurt, ()) if self.groups[g].founded_day <= day
            ]
            if active:
                # A wijk-wide group is reachable from every buurt of the wijk: weigh it down
                # so it does not meet several times as often as a buurt's own group.
                weights = [
                    1.0 if self.groups[g].area_code == buurt else WIJK_GROUP_WEIGHT for g in active
                ]
                group_index = rng.choices(active, weights)[0]
            else:
                kind = "contact"
        if group_index is not None:
            group = self.groups[group_index]
            area = group.area_code
            joined = bisect.bisect_right(self.group_since[group_index], day)
            available = [m[0] for m in group.members[:joined]]
            size = min(len(available), _between(rng, 2, 10))
            people = tuple(rng.sample(available, size))
            themes = tuple(rng.sample(group.themes, min(len(group.themes), _between(rng, 1, 2))))
            place: str | None = group.place_key
            anonymous = _between(rng, 0, 12)
        else:
            group = None
            area = buurt
            if kind == "partner_meeting" and rng.random() < 0.6:
                area = self.wijk_of[buurt]
            counts, cumulative = PEOPLE_COUNT_CUM[kind]
            people = self._known(area, day, counts[_pick_index(rng, cumulative)])
            theme = THEME_SLUGS[
                bisect.bisect(self.theme_cum[month], rng.random() * self.theme_cum[month][-1])
            ]
            themes = (theme,)
            if rng.random() < 0.25:
                other = rng.choice(THEME_SLUGS)
                if other != theme:
                    themes = (theme, other)
            place = None
            candidates = self.places_in.get(area)
            if candidates and rng.random() < PLACE_CHANCE[kind]:
                place = rng.choice(candidates).key
            anonymous = _between(rng, 0, 5) if kind == "observation" and rng.random() < 0.3 else 0
        organisations = self._organisations(kind, themes[0], area)
        low, high = DURATIONS[kind]
        duration = 5 * _between(rng, low // 5, high // 5)
        signal = None
        if kind == "signal" or (kind in ("contact", "home_visit") and rng.random() < 0.05):
            signal = self._signal(day, self._signal_target(themes[0], area))
            if signal.organisation not in organisations:
                organisations = (*organisations, signal.organisation)
        signal_text = signal.description if signal else ""
        wants_follow_up = rng.random() < FOLLOW_UP_CHANCE[kind]
        note_context = None
        if not self.pool or wants_follow_up:
            note_context = self._context(
                kind, themes, people, place, group, organisations, area, anonymous
            )
            note_context.signal = signal_text
        if self.pool:
            note = self.pool.pick(kind, themes[0])
            if signal_text:
                note = f"{note} Signaal: {signal_text}."
        else:
            note = self.writer.note(note_context)  # type: ignore[arg-type]
        follow_up = None
        if wants_follow_up:
            follow_up = self._follow_up(day, note_context)  # type: ignore[arg-type]
        return EntryPlan(
            day, _between(rng, 8, 20), kind, area, self.authors.pick(rng, area), place, people,
            group_index, organisations, themes, anonymous, duration, note, follow_up, signal,
        )  # fmt: skip

    def _organisations(self, kind: str, theme: str, area: str) -> tuple[str, ...]:
        rng = self.rng
        wijk = self.wijk_of.get(area, area)
        partners = [self._wijkteam(wijk) if key == "wijkteam" else key for key in PARTNER_KEYS]
        if kind == "partner_meeting":
            return tuple(rng.sample(partners, rng.randint(1, 3)))
        if kind == "signal":
            return (self._signal_target(theme, area),)
        if rng.random() < 0.05:
            return (rng.choice(partners),)
        return ()

    def _wijkteam(self, wijk: str) -> str:
        return "wijkteam" if wijk == DEMO_DISTRICT_CODE else f"wijkteam:{wijk}"

    def _signal_target(self, theme: str, area: str) -> str:
        target = SIGNAL_TARGETS[theme]
        return self._wijkteam(self.wijk_of.get(area, area)) if target == "wijkteam" else target

    def _context(
        self,
        kind: str,
        themes: tuple[str, ...],
        people: tuple[int, ...],
        place: str | None,
        group: GroupPlan | None,
        organisations: tuple[str, ...],
        area: str,
        anonymous: int,
    ) -> NoteContext:
        persons = [self.people[i] for i in people]
        return NoteContext(
            kind=kind,
            themes=themes,
            people=[Who(p.first_name, p.female) for p in persons],
            place=self.place_names.get(place, "") if place else "",
            group=group.name if group else "",
            organisations=[ORG_LABELS.get(key.split(":")[0], key) for key in organisations],
            buurt=self.buurt_names.get(area, "de wijk"),
            count=len(people) + anonymous,
            gifts=tuple(g for p in persons for g in p.gifts),
        )

    def _follow_up(self, day: int, context: NoteContext) -> FollowUpPlan:
        rng, today = self.rng, self.days - 1
        due = day + rng.randint(2, 21)
        # Most are done around their due date; a few old ones were forgotten (overdue), and
        # the recent ones are still open or just overdue.
        if due < today - 30:
            done_share = 0.97
        elif due < today:
            done_share = 0.75
        else:
            done_share = 0.2
        done = None
        if rng.random() < done_share:
            done = min(day + rng.randint(1, due - day + 5), today)
        return FollowUpPlan(self.writer.follow_up(context), due, done)

    def _signal(self, day: int, target: str) -> SignalPlan:
        rng, age = self.rng, self.days - 1 - day
        S = Signal.Status
        options: tuple[tuple[str, int], ...]
        if age > 120:
            options = ((S.RESOLVED, 60), (S.CLOSED, 25), (S.IN_PROGRESS, 10), (S.FORWARDED, 5))
        elif age > 30:
            options = (
                (S.RESOLVED, 35),
                (S.IN_PROGRESS, 30),
                (S.FORWARDED, 25),
                (S.CLOSED, 5),
                (S.OPEN, 5),
            )
        else:
            options = ((S.OPEN, 40), (S.FORWARDED, 40), (S.IN_PROGRESS, 20))
        status = str(rng.choices([o[0] for o in options], [o[1] for o in options])[0])
        kind = ORG_KINDS.get(target.split(":")[0], "other")
        return SignalPlan(target, self.writer.signal(kind), status, self.writer.status_note(status))


# How notes name an organisation, and which signal wording fits it.
ORG_LABELS = {
    "wijkteam": "het wijkteam", "welbions": "Welbions", "gemeente": "de gemeente",
    "ggd": "de GGD", "politie": "de wijkagent", "school": "De Vlinder",
}  # fmt: skip
ORG_KINDS = {
    "welbions": "housing", "gemeente": "municipality", "wijkteam": "care", "ggd": "health",
    "politie": "police", "school": "school", "voedselbank": "other", "bibliotheek": "other",
    "welzijn": "welfare", "moskee": "faith", "kerk": "faith",
}  # fmt: skip
