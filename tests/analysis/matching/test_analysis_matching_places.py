"""Matching by where people live without their addresses: the same buurt, bordering buurten,
or buurt centres within a kilometre (AreaPlace)."""

import numpy as np
import pytest

from opbouw.analysis.matching import (
    AreaPlace,
    MatchIndex,
    Profile,
    Reason,
    haversine_m,
    suggest,
    suggest_for_initiative,
)

# Four buurten on a line of latitude 52.25: B is 600 m east of A and borders it; C is 900 m
# east of B and borders neither; D is 5 km away. One metre of longitude at 52.25 degrees:
METRE = 1 / (111_195 * np.cos(np.radians(52.25)))
CENTRES = {
    "A": (52.25, 6.80),
    "B": (52.25, 6.80 + 600 * METRE),
    "C": (52.25, 6.80 + 1500 * METRE),
    "D": (52.25, 6.80 + 5000 * METRE),
}
AREAS = {
    "A": AreaPlace(CENTRES["A"], frozenset({"B"})),
    "B": AreaPlace(CENTRES["B"], frozenset({"A"})),
    "C": AreaPlace(CENTRES["C"]),
    "D": AreaPlace(CENTRES["D"]),
}
KEES = Profile(1, gifts=["fietsles"], area="A")
SAME = Profile(2, wishes=["leren fietsen"], area="A")
NEXT_DOOR = Profile(3, wishes=["leren fietsen"], area="B")
FURTHER = Profile(4, wishes=["leren fietsen"], area="C")
FAR = Profile(5, wishes=["leren fietsen"], area="D")
PEOPLE = [KEES, SAME, NEXT_DOOR, FURTHER, FAR]


def _places(suggestion):
    return [r for r in suggestion.reasons if r.kind in {"same_area", "neighbouring_area", "nearby"}]


def _between(x: str, y: str) -> float:
    lat = np.array([52.25])
    lon_x, lon_y = np.array([CENTRES[x][1]]), np.array([CENTRES[y][1]])
    return float(haversine_m(lat, lon_x, lat, lon_y)[0])


def test_the_centres_are_where_the_test_says():
    assert _between("A", "B") == pytest.approx(600, abs=1)
    assert _between("B", "C") == pytest.approx(900, abs=1)
    assert _between("A", "C") == pytest.approx(1500, abs=1)


def test_same_buurt_then_bordering_buurt_then_nearby_then_far():
    (found,) = suggest(PEOPLE, for_ids=[1], k=10, areas=AREAS).values()
    assert [s.other for s in found] == [2, 3, 4, 5]
    same, next_door, further, far = found
    assert _places(same) == [Reason("same_area", ("A",))]  # no distance within one buurt
    (bordering,) = _places(next_door)
    assert (bordering.kind, bordering.terms, bordering.approximate) == (
        "neighbouring_area",
        ("A", "B"),
        True,
    )
    assert bordering.distance_m == pytest.approx(600, abs=1)
    # C is 1.5 km from A: too far for "nearby" between buurt centres (1 km), no place reason.
    assert _places(further) == [] and _places(far) == []
    assert same.score > next_door.score > further.score
    assert further.score == pytest.approx(far.score)  # 1.5 km and more: no bonus at all


def test_nearby_between_buurten_that_do_not_border():
    giver = Profile(6, gifts=["fietsles"], area="B")
    (found,) = suggest([*PEOPLE, giver], for_ids=[6], k=10, areas=AREAS).values()
    reasons = {s.other: _places(s) for s in found}
    assert reasons[3] == [Reason("same_area", ("B",))]
    assert reasons[2][0].kind == "neighbouring_area"
    (near,) = reasons[4]  # B to C: 900 m, not bordering
    assert (near.kind, near.terms, near.approximate) == ("nearby", (), True)
    assert near.distance_m == pytest.approx(900, abs=1)
    assert reasons[5] == []


def test_without_places_there_is_no_distance_as_before():
    (found,) = suggest(PEOPLE, for_ids=[1], k=10).values()
    assert [_places(s) for s in found] == [[Reason("same_area", ("A",))], [], [], []]
    assert len({round(s.score, 9) for s in found[1:]}) == 1  # only content counts


def test_own_points_win_over_buurt_centres():
    """When both have a point of their own, the distance is between those (not approximate);
    bordering buurten still say so."""
    kees = Profile(1, gifts=["fietsles"], area="A", point=(52.25, 6.80))
    other = Profile(3, wishes=["leren fietsen"], area="B", point=(52.25, 6.80 + 200 * METRE))
    (found,) = suggest([kees, other], for_ids=[1], k=1, areas=AREAS).values()
    (place,) = _places(found[0])
    assert (place.kind, place.approximate) == ("neighbouring_area", False)
    assert place.distance_m == pytest.approx(200, abs=1)


def test_a_buurt_bordering_itself_or_an_unknown_buurt_is_ignored():
    odd = {"A": AreaPlace(CENTRES["A"], frozenset({"A", "Z"}))}
    index = MatchIndex(PEOPLE, areas=odd)
    assert index.bordering_keys.size == 0
    (found,) = index.suggest(for_ids=[1], k=10).values()
    assert all(r.kind != "neighbouring_area" for s in found for r in s.reasons)


def test_an_initiative_finds_people_in_bordering_buurten():
    helpers = [Profile(pk, gifts=["fietsles"], area=area) for pk, area in [(11, "A"), (12, "B"),
               (13, "C")]]  # fmt: skip
    found = suggest_for_initiative(
        helpers, needs=["iemand voor de fietsles"], area="B", k=10, areas=AREAS
    )
    by_id = {s.other: s for s in found}
    assert _places(by_id[12]) == [Reason("same_area", ("B",))]
    (bordering,) = _places(by_id[11])
    assert bordering.kind == "neighbouring_area" and bordering.terms == ("B", "A")
    assert bordering.distance_m == pytest.approx(600, abs=1) and bordering.approximate
    assert _places(by_id[13]) == []
    assert [s.other for s in found] == [12, 11, 13]
    assert by_id[12].score > by_id[11].score > by_id[13].score
