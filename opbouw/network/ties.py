"""Deriving ties from what happened: pure Python over a loaded History (see history.py).

A tie between two nodes (people, groups, organisations) comes from
- the journal: taking part in the same entry. Each shared entry adds 1/(n-1) for an entry of n
  participants (a talk between two counts more than a hall of forty), halved every
  HALF_LIFE_DAYS before the end of the window: often and recently weighs most;
- membership: a person and their group; two people in the same initiative;
- a tie a worker recorded directly (kent, helpt, werkt samen met), or one made by an introduction.

"The network at a date" is the window of the year up to that date: a tie nobody renewed for a
year has faded from the picture. Memberships and recorded ties count while they last.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from opbouw.core.dates import format_day

HALF_LIFE_DAYS = 180
YEAR_DAYS = 365
PERSON, GROUP, ORGANISATION = "person", "group", "organisation"
KIND_PREFIX = {PERSON: "p", GROUP: "g", ORGANISATION: "o"}
# What a span weighs: a recorded "werkt samen met" is a strong tie, a group membership a light one.
SPAN_WEIGHTS = {
    "group": 0.5,
    "initiative": 1.0,
    "knows": 1.0,
    "helps": 1.5,
    "works_with": 2.0,
}


def node_key(kind: str, pk: int) -> str:
    return f"{KIND_PREFIX[kind]}{pk}"


@dataclass(frozen=True)
class Event:
    """One journal entry: who took part, when, about which themes."""

    day: dt.date
    nodes: tuple[str, ...]
    themes: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Span:
    """A tie that holds from `start` until `end` (None: still holds)."""

    a: str
    b: str
    start: dt.date
    end: dt.date | None
    source: str  # group, initiative, knows, helps, works_with
    themes: frozenset[int] = frozenset()


@dataclass
class TieInfo:
    weight: float = 0.0
    meetings: int = 0
    sources: set[str] = field(default_factory=set)
    first: dt.date | None = None
    last: dt.date | None = None

    def add(self, weight: float, source: str, day: dt.date) -> None:
        self.weight += weight
        self.sources.add(source)
        self.first = day if self.first is None or day < self.first else self.first
        self.last = day if self.last is None or day > self.last else self.last


Pair = tuple[str, str]


def pair(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)


def check_window(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise ValidationError(
            _("Het einde van de periode (%(end)s) ligt vóór het begin (%(start)s).")
            % {"end": format_day(end, year=True), "start": format_day(start, year=True)},
            code="window_reversed",
        )


def year_window(day: dt.date) -> tuple[dt.date, dt.date]:
    """The window "the network at this date" looks at: the year up to and including it."""
    return day - dt.timedelta(days=YEAR_DAYS - 1), day


def _add_meeting(ties: dict[Pair, TieInfo], event: Event, end: dt.date) -> None:
    """Everyone at the event gets a tie with everyone else there, weighted by how recent it
    was as of `end` and shared out over the others present (ties: a defaultdict)."""
    share = 0.5 ** ((end - event.day).days / HALF_LIFE_DAYS) / (len(event.nodes) - 1)
    nodes = event.nodes
    for i, a in enumerate(nodes):
        for b in nodes[i + 1 :]:
            tie = ties[pair(a, b)]
            tie.add(share, "journal", event.day)
            tie.meetings += 1


def ties_in_window(
    events: Iterable[Event],
    spans: Iterable[Span],
    *,
    start: dt.date,
    end: dt.date,
    theme: int | None = None,
) -> dict[Pair, TieInfo]:
    """Every tie present between start and end (inclusive), weighted as of `end`."""
    check_window(start, end)
    ties: dict[Pair, TieInfo] = defaultdict(TieInfo)
    for event in events:
        if not start <= event.day <= end or len(event.nodes) < 2:
            continue
        if theme is not None and theme not in event.themes:
            continue
        _add_meeting(ties, event, end)
    for span in spans:
        if span.start > end or (span.end is not None and span.end < start):
            continue
        if theme is not None and theme not in span.themes:
            continue
        ties[pair(span.a, span.b)].add(
            SPAN_WEIGHTS.get(span.source, 1.0), span.source, max(span.start, start)
        )
    return dict(ties)


def ties_by_theme(
    events: Iterable[Event],
    spans: Iterable[Span],
    *,
    start: dt.date,
    end: dt.date,
) -> dict[int, dict[Pair, TieInfo]]:
    """`ties_in_window(…, theme=t)` for every theme t at once, in one pass: the same ties, in
    the same order, with the same sums (what the network page filtered by a theme reads)."""
    check_window(start, end)
    by_theme: dict[int, dict[Pair, TieInfo]] = defaultdict(lambda: defaultdict(TieInfo))
    for event in events:
        if not event.themes or not start <= event.day <= end or len(event.nodes) < 2:
            continue
        for theme in event.themes:
            _add_meeting(by_theme[theme], event, end)
    for span in spans:
        if not span.themes or span.start > end or (span.end is not None and span.end < start):
            continue
        for theme in span.themes:
            by_theme[theme][pair(span.a, span.b)].add(
                SPAN_WEIGHTS.get(span.source, 1.0), span.source, max(span.start, start)
            )
    return {theme: dict(ties) for theme, ties in by_theme.items()}
