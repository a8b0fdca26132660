"""Primary and secondary cell suppression with an LP audit, then rounding.

The table is handled in its extended form: r × c interior cells, a column of row totals, a
row of column totals and the grand total, (r + 1) × (c + 1) numbers that add up along every
row and column. Any of them may be small (a row whose total is 7 people), so any of them may
be suppressed.

1. Primary suppression: every number with 0 < n < threshold.
2. Audit: for each primary cell the attacker's linear program — the published numbers taken
   exactly, the table's sums, nothing negative — gives the interval the cell must lie in.
3. While a primary cell's interval is narrower than `threshold`, suppress the cheapest
   "rectangle" that widens it: the cell, one other cell in its row, one in its column and the
   cell where those meet. Moving +t/−t around such a rectangle keeps every sum, so the
   interval widens by the rectangle's capacity. If no rectangle adds anything, suppress the
   cell's whole row and column; in the end everything, which is always safe (any multiple of
   the true table fits the published nothing). Each round suppresses at least one more
   number, so this ends.
4. Rounding: every published number to the nearest multiple of `base` (never below the
   threshold for a count that was at least the threshold).

Rounding only adds uncertainty, so the audit is done on the exact numbers (the stronger
attacker).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

import numpy as np
from scipy.optimize import linprog

Position = tuple[int, int]


class Suppression(Enum):
    NONE = "none"
    PRIMARY = "primary"  # itself below the threshold
    SECONDARY = "secondary"  # suppressed so that the totals do not reveal a primary cell


@dataclass(frozen=True)
class Cell:
    value: int | None  # the published (rounded) count; None when suppressed
    suppression: Suppression

    @property
    def suppressed(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class ProtectedTable:
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[Cell, ...], ...]
    row_totals: tuple[Cell, ...]
    column_totals: tuple[Cell, ...]
    total: Cell
    threshold: int
    base: int

    def extended(self) -> list[list[Cell]]:
        """The (r + 1) × (c + 1) grid: cells with row totals right, column totals below."""
        grid = [[*row, total] for row, total in zip(self.cells, self.row_totals, strict=True)]
        grid.append([*self.column_totals, self.total])
        return grid

    @property
    def suppressed_count(self) -> int:
        return sum(cell.suppressed for row in self.extended() for cell in row)


def round_to_base(value: int, base: int, *, threshold: int = 0) -> int:
    """Round to the nearest multiple of base (halves up); a count ≥ threshold stays ≥ it."""
    if base <= 1:
        return value
    rounded = base * ((value + base // 2) // base)
    if value >= threshold > rounded:
        rounded = base * math.ceil(threshold / base)
    return rounded


def extend(counts: Sequence[Sequence[int]]) -> list[list[int]]:
    """The counts with their row totals, column totals and grand total added."""
    grid = [[*row, sum(row)] for row in counts]
    grid.append([sum(column) for column in zip(*grid, strict=True)])
    return grid


def _sign(position: Position, shape: tuple[int, int]) -> int:
    """+1 for interior cells and the grand total, −1 for the margins (see module docstring)."""
    a, b = position
    last_row, last_column = shape[0] - 1, shape[1] - 1
    return (-1 if a == last_row else 1) * (-1 if b == last_column else 1)


def _sum_constraints(shape: tuple[int, int]) -> list[list[tuple[Position, int]]]:
    """Each line of the extended table: its cells minus its total is zero."""
    rows, columns = shape
    lines: list[list[tuple[Position, int]]] = []
    for a in range(rows):
        lines.append([((a, b), 1) for b in range(columns - 1)] + [((a, columns - 1), -1)])
    for b in range(columns):
        lines.append([((a, b), 1) for a in range(rows - 1)] + [((rows - 1, b), -1)])
    return lines


def feasible_ranges(
    grid: Sequence[Sequence[int]],
    suppressed: Iterable[Position],
    targets: Iterable[Position] | None = None,
) -> dict[Position, tuple[float, float]]:
    """What an attacker can learn: the interval of each target among the suppressed numbers.

    grid is the extended table of true counts; every number not in `suppressed` is taken as
    known exactly. Returns (low, high) per target; high is math.inf when unbounded.
    """
    hidden = sorted(set(suppressed))
    wanted = sorted(set(targets)) if targets is not None else hidden
    shape = (len(grid), len(grid[0]))
    index = {position: k for k, position in enumerate(hidden)}
    equations: list[list[float]] = []
    rhs: list[float] = []
    for line in _sum_constraints(shape):
        row = [0.0] * len(hidden)
        known = 0.0
        for (a, b), coefficient in line:
            if (a, b) in index:
                row[index[(a, b)]] = float(coefficient)
            else:
                known += coefficient * grid[a][b]
        if any(row):
            equations.append(row)
            rhs.append(-known)
    result: dict[Position, tuple[float, float]] = {}
    if not hidden:
        return result
    a_eq = np.array(equations) if equations else None
    b_eq = np.array(rhs) if equations else None
    for target in wanted:
        objective = np.zeros(len(hidden))
        objective[index[target]] = 1.0
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        low_value = float(low.fun) if low.status == 0 else 0.0
        high_value = -float(high.fun) if high.status == 0 else math.inf
        result[target] = (low_value, high_value)
    return result


def _rectangle_choice(
    grid: Sequence[Sequence[int]], suppressed: set[Position], target: Position, threshold: int
) -> list[Position]:
    """The cheapest rectangle through target that adds suppressions, best protecting first."""
    shape = (len(grid), len(grid[0]))
    i, j = target
    best: tuple[tuple[int, int, int], list[Position]] | None = None
    for k in range(shape[0]):
        if k == i:
            continue
        for col in range(shape[1]):
            if col == j:
                continue
            corners = [(i, col), (k, j), (k, col)]
            new = [p for p in corners if p not in suppressed]
            if not new:
                continue
            # +t on the target along the rectangle (in the signed table: + − − +).
            orientation = _sign(target, shape)
            moves = {
                (i, col): -orientation * _sign((i, col), shape),
                (k, j): -orientation * _sign((k, j), shape),
                (k, col): orientation * _sign((k, col), shape),
            }
            up = min((grid[a][b] for (a, b), m in moves.items() if m < 0), default=math.inf)
            down = min(
                [grid[i][j]] + [grid[a][b] for (a, b), m in moves.items() if m > 0],
            )
            width = up + down
            score = (
                0 if width >= threshold else 1,
                len(new),
                sum(grid[a][b] for a, b in new),
            )
            if best is None or score < best[0]:
                best = (score, new)
    return best[1] if best else []


def _suppress_pattern(
    grid: Sequence[Sequence[int]], threshold: int
) -> tuple[set[Position], set[Position]]:
    shape = (len(grid), len(grid[0]))
    everything = {(a, b) for a in range(shape[0]) for b in range(shape[1])}
    primary = {(a, b) for a, b in everything if 0 < grid[a][b] < threshold}
    suppressed = set(primary)
    while True:
        ranges = feasible_ranges(grid, suppressed, primary)
        weak = [p for p in sorted(primary) if ranges[p][1] - ranges[p][0] < threshold]
        if not weak:
            return primary, suppressed
        target = weak[0]
        added = _rectangle_choice(grid, suppressed, target, threshold)
        if not added:
            i, j = target
            added = [p for p in everything if (p[0] == i or p[1] == j) and p not in suppressed]
        if not added:
            added = sorted(everything - suppressed)
        if not added:  # pragma: no cover - everything suppressed is always protected
            return primary, suppressed
        suppressed.update(added)


def protect_table(
    counts: Sequence[Sequence[int]],
    *,
    rows: Sequence[str] | None = None,
    columns: Sequence[str] | None = None,
    threshold: int = 10,
    base: int = 5,
) -> ProtectedTable:
    """Suppress and round a table of people counts (rows × columns) for publication."""
    if not counts or not counts[0]:
        raise ValueError("a table needs at least one row and one column")
    width = len(counts[0])
    if any(len(row) != width for row in counts):
        raise ValueError("every row needs the same number of columns")
    if any(value < 0 for row in counts for value in row):
        raise ValueError("counts cannot be negative")
    if threshold < 1 or base < 1:
        raise ValueError("threshold and base must be at least 1")
    row_labels = tuple(rows) if rows is not None else tuple(str(n) for n in range(len(counts)))
    column_labels = tuple(columns) if columns is not None else tuple(str(n) for n in range(width))
    if len(row_labels) != len(counts) or len(column_labels) != width:
        raise ValueError("labels do not match the table")
    grid = extend(counts)
    primary, suppressed = _suppress_pattern(grid, threshold)

    def cell(a: int, b: int) -> Cell:
        if (a, b) in primary:
            return Cell(None, Suppression.PRIMARY)
        if (a, b) in suppressed:
            return Cell(None, Suppression.SECONDARY)
        return Cell(round_to_base(grid[a][b], base, threshold=threshold), Suppression.NONE)

    last_row, last_column = len(counts), width
    return ProtectedTable(
        rows=row_labels,
        columns=column_labels,
        cells=tuple(tuple(cell(a, b) for b in range(width)) for a in range(len(counts))),
        row_totals=tuple(cell(a, last_column) for a in range(len(counts))),
        column_totals=tuple(cell(last_row, b) for b in range(width)),
        total=cell(last_row, last_column),
        threshold=threshold,
        base=base,
    )
