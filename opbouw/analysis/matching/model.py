"""Input and output of matching."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Literal

ReasonKind = Literal[
    "gives_wants",
    "wants_gives",
    "shared_interest",
    "same_area",
    "neighbouring_area",
    "nearby",
    "language",
]


@dataclass(frozen=True)
class Profile:
    """One person as matching sees them. gifts / wishes / interests are tags or free phrases
    ("fietsles", "Wil leren fietsen"); languages are codes compared as written (case-folded);
    area any id (equal areas = same buurt; see AreaPlace for where areas lie); point
    (latitude, longitude) in degrees, the person's own (approximate) location if the caller has
    one, usually None; text is free text about the person, matched like interests at half
    weight."""

    id: int
    gifts: Sequence[str] = ()
    wishes: Sequence[str] = ()
    interests: Sequence[str] = ()
    languages: Sequence[str] = ()
    area: Hashable | None = None
    point: tuple[float, float] | None = None
    text: str = ""


@dataclass(frozen=True)
class AreaPlace:
    """Where an area (a buurt) lies, so that distance needs nobody's address: its centre
    (latitude, longitude) and the areas it borders (ids as in Profile.area). Two people
    without a point of their own are as far apart as the centres of their areas."""

    centre: tuple[float, float] | None = None
    neighbours: frozenset[Hashable] = frozenset()


@dataclass(frozen=True)
class Reason:
    """Why two people could meet, from the point of view of the person suggestions are for.

    - gives_wants: terms = (my gift, their wish), the original phrases that matched;
    - wants_gives: terms = (my wish, their gift);
    - shared_interest: terms = my interests (original phrases) that they share;
    - same_area: terms = (str(area),); distance_m when both have a point;
    - neighbouring_area (areas that border each other, see AreaPlace): terms = (str(my area),
      str(their area)); distance_m between the two people's points, or else between the
      centres of the areas (then `approximate`); None when neither is known;
    - nearby (different or unknown area, not bordering, within NEARBY_M): terms = ();
      distance_m, `approximate` when between area centres;
    - language: terms = the shared language codes, sorted.
    For an initiative (`suggest_for_initiative`) "wants_gives" means: terms = (the
    initiative's need, their gift); "shared_interest": terms = their interests matching the
    themes.
    """

    kind: ReasonKind
    terms: tuple[str, ...] = ()
    distance_m: float | None = None
    approximate: bool = False  # distance_m is between the centres of the two areas


@dataclass(frozen=True)
class Suggestion:
    other: int
    score: float
    reasons: tuple[Reason, ...]
