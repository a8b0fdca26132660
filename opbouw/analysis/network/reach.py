"""How far an initiative's ties go beyond its core group."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .ties import Tie, TieTable, as_table


@dataclass(frozen=True)
class Reach:
    """core_size: distinct core members; reached: distinct nodes with a tie to someone in the
    core who are not in it themselves (only those in `reachable` when given: e.g. people, not
    the groups and organisations of the network); reach_ratio: reached / core_size (0 for no
    core)."""

    core_size: int
    reached: int
    reach_ratio: float


def initiative_reach(
    core: Iterable[int], ties: Iterable[Tie] | TieTable, *, reachable: Iterable[int] | None = None
) -> Reach:
    members = {int(node) for node in core}
    reached: set[int] = set()
    table = as_table(ties)
    for a, b in zip(table.a.tolist(), table.b.tolist(), strict=True):
        if a in members and b not in members:
            reached.add(b)
        elif b in members and a not in members:
            reached.add(a)
    if reachable is not None:
        reached &= {int(node) for node in reachable}
    size = len(members)
    return Reach(size, len(reached), len(reached) / size if size else 0.0)
