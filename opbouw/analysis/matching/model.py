"""Input and output of matching."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Literal

ReasonKind = Literal[
    "gives_wants", "wants_gives", "shared_interest", "same_area", "nearby", "language"
]


@dataclass(frozen=True)
class Profile:
    """One person as matching sees them. gifts / wishes / interests are tags or free phrases
    ("fietsles", "Wil leren fietsen"); languages are codes compared as written (case-folded);
    area any id (equal areas = same buurt); point (latitude, longitude) in degrees; text is
    free text about the person, matched like interests at half weight."""

    id: int
    gifts: Sequence[str] = ()
    wishes: Sequence[str] = ()
    interests: Sequence[str] = ()
    languages: Sequence[str] = ()
    area: Hashable | None = None
    point: tuple[float, float] | None = None
    text: str = ""


@dataclass(frozen=True)
class Reason:
    """Why two people could meet, from the point of view of the person suggestions are for.

    - gives_wants: terms = (my gift, their wish), the original phrases that matched;
    - wants_gives: terms = (my wish, their gift);
    - shared_interest: terms = my interests (original phrases) that they share;
    - same_area: terms = (str(area),); distance_m when both have a point;
    - nearby (different or unknown area, within NEARBY_M): terms = (); distance_m;
    - language: terms = the shared language codes, sorted.
    For an initiative (`suggest_for_initiative`) "wants_gives" means: terms = (the
    initiative's need, their gift); "shared_interest": terms = their interests matching the
    themes.
    """

    kind: ReasonKind
    terms: tuple[str, ...] = ()
    distance_m: float | None = None


@dataclass(frozen=True)
class Suggestion:
    other: int
    score: float
    reasons: tuple[Reason, ...]
