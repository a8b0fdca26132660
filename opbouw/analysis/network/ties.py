"""Ties: the input of the network analysis, one undirected weighted edge each.

A `Tie` is the readable form (one object per tie); a `TieTable` holds many ties as numpy
arrays, merged and validated, which is what the metrics work on. Build a `TieTable` yourself
(`TieTable.from_arrays`) when you have a million ties: creating a million Python objects costs
more than the analysis of them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


class TieError(ValueError):
    """A tie that cannot be: to oneself, or with a weight that is not a positive number."""


@dataclass(frozen=True, slots=True)
class Tie:
    """An undirected tie between two nodes; `weight` > 0 says how strong it is."""

    a: int
    b: int
    weight: float = 1.0

    def __post_init__(self) -> None:
        if self.a == self.b:
            raise TieError(f"A tie needs two different nodes, got {self.a} twice.")
        if not (math.isfinite(self.weight) and self.weight > 0):
            raise TieError(
                f"The weight of the tie {self.a}-{self.b} must be a positive number, "
                f"got {self.weight!r}."
            )

    @property
    def pair(self) -> tuple[int, int]:
        """The two nodes, smallest first: the same pair whichever way the tie was given."""
        return (self.a, self.b) if self.a < self.b else (self.b, self.a)


@dataclass(frozen=True)
class TieTable:
    """Distinct undirected ties as arrays: `a[i] < b[i]`, pairs sorted and unique, weights of
    duplicate pairs summed. Use `from_ties` or `from_arrays`; both validate."""

    a: IntArray
    b: IntArray
    weight: FloatArray

    def __len__(self) -> int:
        return int(self.a.size)

    @classmethod
    def from_ties(cls, ties: Iterable[Tie]) -> TieTable:
        rows = [(tie.a, tie.b, tie.weight) for tie in ties]
        if not rows:
            return cls.from_arrays(np.empty(0, np.int64), np.empty(0, np.int64))
        a, b, weight = zip(*rows, strict=True)
        # Tie objects were validated on creation.
        return cls.from_arrays(
            np.asarray(a, dtype=np.int64),
            np.asarray(b, dtype=np.int64),
            np.asarray(weight, dtype=np.float64),
            validate=False,
        )

    @classmethod
    def from_arrays(
        cls,
        a: npt.ArrayLike,
        b: npt.ArrayLike,
        weight: npt.ArrayLike | None = None,
        *,
        validate: bool = True,
    ) -> TieTable:
        """Ties from parallel arrays of node ids (and weights, default 1); pairs given twice,
        in either order, become one tie with the weights summed."""
        first = np.asarray(a, dtype=np.int64).ravel()
        second = np.asarray(b, dtype=np.int64).ravel()
        if first.shape != second.shape:
            raise TieError("Both ends of every tie are needed: the arrays differ in length.")
        weights = (
            np.ones(first.size, dtype=np.float64)
            if weight is None
            else np.asarray(weight, dtype=np.float64).ravel()
        )
        if weights.shape != first.shape:
            raise TieError("Every tie needs one weight: the arrays differ in length.")
        if validate and first.size:
            same = np.flatnonzero(first == second)
            if same.size:
                raise TieError(f"A tie needs two different nodes, got {first[same[0]]} twice.")
            bad = np.flatnonzero(~(np.isfinite(weights) & (weights > 0)))
            if bad.size:
                i = bad[0]
                raise TieError(
                    f"The weight of the tie {first[i]}-{second[i]} must be a positive number, "
                    f"got {weights[i]!r}."
                )
        low = np.minimum(first, second)
        high = np.maximum(first, second)
        if low.size == 0:
            return cls(low, high, weights)
        ascending = (low[1:] > low[:-1]) | ((low[1:] == low[:-1]) & (high[1:] > high[:-1]))
        if not ascending.all():
            order = np.lexsort((high, low))
            low, high, weights = low[order], high[order], weights[order]
        starts = np.flatnonzero(
            np.concatenate(([True], (low[1:] != low[:-1]) | (high[1:] != high[:-1])))
        )
        if starts.size == low.size:
            return cls(low, high, weights)
        return cls(low[starts], high[starts], np.add.reduceat(weights, starts))

    def pairs(self) -> set[tuple[int, int]]:
        return set(zip(self.a.tolist(), self.b.tolist(), strict=True))

    def to_ties(self) -> list[Tie]:
        return [
            Tie(a, b, w)
            for a, b, w in zip(self.a.tolist(), self.b.tolist(), self.weight.tolist(), strict=True)
        ]


def as_table(ties: Iterable[Tie] | TieTable) -> TieTable:
    return ties if isinstance(ties, TieTable) else TieTable.from_ties(ties)


def decayed_weight(dates: Iterable[dt.date], at: dt.date, half_life_days: float) -> float:
    """Sum over `dates` of 0.5 ** (age in days / half_life_days): a contact today counts 1, one
    a half-life ago 0.5. Dates after `at` do not count (they had not happened yet)."""
    if not (math.isfinite(half_life_days) and half_life_days > 0):
        raise ValueError(f"The half-life must be a positive number of days, got {half_life_days}.")
    total = 0.0
    for day in dates:
        age = (at - day).days
        if age >= 0:
            total += 0.5 ** (age / half_life_days)
    return total


def aggregate_ties(
    contacts: Iterable[tuple[int, int, dt.date]],
    *,
    start: dt.date,
    end: dt.date,
    half_life_days: float | None = None,
) -> list[Tie]:
    """One tie per pair that had contact in the window [start, end] (both inclusive).

    The weight is the number of contacts, or with `half_life_days` their recency-weighted sum
    at `end` (see `decayed_weight`). Contacts of a node with itself are ignored (a meeting
    pairs everyone present with everyone else, never with themselves).
    """
    if end < start:
        raise ValueError(f"The window ends ({end}) before it starts ({start}).")
    dates: dict[tuple[int, int], list[dt.date]] = {}
    for a, b, day in contacts:
        if a == b or day < start or day > end:
            continue
        pair = (a, b) if a < b else (b, a)
        dates.setdefault(pair, []).append(day)
    ties = []
    for (a, b), days in sorted(dates.items()):
        weight = (
            float(len(days))
            if half_life_days is None
            else decayed_weight(days, end, half_life_days)
        )
        ties.append(Tie(a, b, weight))
    return ties
