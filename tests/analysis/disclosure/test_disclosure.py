"""Statistical disclosure control: properties that must hold for every table (hypothesis).

The attacker here is written independently of the module: a linear program over the
suppressed numbers, given every published number exactly (before rounding, the stronger
attacker), the sums of the table and non-negativity.
"""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from opbouw.analysis.disclosure import Suppression, protect_table, round_to_base

THRESHOLD = 10
BASE = 5


def true_extended(counts):
    grid = [list(row) + [sum(row)] for row in counts]
    grid.append([sum(grid[a][b] for a in range(len(counts))) for b in range(len(grid[0]))])
    return grid


def attacker_intervals(counts, table):
    """For each suppressed number: the (min, max) an attacker can derive from what is shown."""
    grid = true_extended(counts)
    shown = table.extended()
    rows, columns = len(grid), len(grid[0])
    hidden = [(a, b) for a in range(rows) for b in range(columns) if shown[a][b].value is None]
    if not hidden:
        return {}
    position = {p: k for k, p in enumerate(hidden)}
    lines = [[(a, b) for b in range(columns)] for a in range(rows)] + [
        [(a, b) for a in range(rows)] for b in range(columns)
    ]
    a_eq, b_eq = [], []
    for line in lines:
        *parts, total = line
        coefficients = np.zeros(len(hidden))
        known = 0
        for p, sign in [(p, 1) for p in parts] + [(total, -1)]:
            if p in position:
                coefficients[position[p]] += sign
            else:
                known += sign * grid[p[0]][p[1]]
        if coefficients.any():
            a_eq.append(coefficients)
            b_eq.append(-known)
    intervals = {}
    for p, k in position.items():
        c = np.zeros(len(hidden))
        c[k] = 1
        kwargs = {"bounds": (0, None), "method": "highs"}
        if a_eq:
            kwargs.update(A_eq=np.array(a_eq), b_eq=np.array(b_eq))
        low = linprog(c, **kwargs)
        high = linprog(-c, **kwargs)
        intervals[p] = (
            low.fun if low.status == 0 else 0,
            -high.fun if high.status == 0 else math.inf,
        )
    return intervals


tables = st.integers(min_value=1, max_value=5).flatmap(
    lambda rows: st.integers(min_value=1, max_value=5).flatmap(
        lambda columns: st.lists(
            st.lists(
                st.one_of(st.integers(0, 12), st.integers(0, 80)),
                min_size=columns,
                max_size=columns,
            ),
            min_size=rows,
            max_size=rows,
        )
    )
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables)
def test_no_published_number_is_below_the_threshold_and_all_are_rounded(counts):
    table = protect_table(counts, threshold=THRESHOLD, base=BASE)
    grid = true_extended(counts)
    for a, row in enumerate(table.extended()):
        for b, cell in enumerate(row):
            true = grid[a][b]
            if 0 < true < THRESHOLD:
                assert cell.value is None and cell.suppression is Suppression.PRIMARY
            if cell.value is not None:
                assert cell.value == 0 or cell.value >= THRESHOLD
                assert cell.value % BASE == 0
                assert abs(cell.value - true) <= BASE // 2 + (BASE if true >= THRESHOLD else 0)
                assert (cell.value == 0) == (true == 0)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables)
def test_no_small_cell_can_be_recovered_from_the_totals(counts):
    table = protect_table(counts, threshold=THRESHOLD, base=BASE)
    grid = true_extended(counts)
    intervals = attacker_intervals(counts, table)
    for (a, b), (low, high) in intervals.items():
        true = grid[a][b]
        assert low - 1e-6 <= true <= high + 1e-6
        if 0 < true < THRESHOLD:
            assert high - low >= THRESHOLD - 1e-6, (counts, (a, b), low, high)


@settings(max_examples=40, deadline=None)
@given(tables)
def test_no_line_has_exactly_one_hidden_number(counts):
    """The simplest attack (total minus the rest) never works on a line."""
    table = protect_table(counts, threshold=THRESHOLD, base=BASE)
    grid = table.extended()
    lines = [list(row) for row in grid] + [list(column) for column in zip(*grid, strict=True)]
    for line in lines:
        hidden = [cell for cell in line if cell.value is None]
        assert len(hidden) != 1


def test_a_table_without_small_cells_is_only_rounded():
    table = protect_table([[12, 40], [23, 57]], rows=["A", "B"], columns=["x", "y"])
    assert [[c.value for c in row] for row in table.extended()] == [
        [10, 40, 50],
        [25, 55, 80],
        [35, 95, 130],
    ]
    assert table.suppressed_count == 0


def test_one_small_cell_takes_a_rectangle_with_it():
    table = protect_table([[3, 40, 25], [30, 20, 45], [50, 60, 70]])
    shown = [[c.value for c in row] for row in table.extended()]
    assert shown[0][0] is None
    assert table.cells[0][0].suppression is Suppression.PRIMARY
    assert sum(c.suppression is Suppression.SECONDARY for row in table.extended() for c in row) == 3
    assert table.total.value == 345  # the grand total stays


def test_bad_tables_are_refused():
    with pytest.raises(ValueError):
        protect_table([])
    with pytest.raises(ValueError):
        protect_table([[1, 2], [3]])
    with pytest.raises(ValueError):
        protect_table([[-1]])


def test_rounding_keeps_a_count_at_the_threshold_at_or_above_it():
    assert round_to_base(12, 5) == 10
    assert round_to_base(13, 5) == 15
    assert round_to_base(11, 5, threshold=11) == 15
    assert round_to_base(0, 5) == 0
