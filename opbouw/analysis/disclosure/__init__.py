"""Statistical disclosure control for published tables of people counts (no Django).

What a published table promises (see README.md in this folder):

- no published count is below the threshold (10 people) unless it is 0;
- published counts, totals included, are rounded to a multiple of 5;
- a suppressed cell cannot be recovered from the row and column totals: an attacker who knows
  every published count exactly (before rounding) and solves the linear program of the
  table's sums still finds each small cell only within an interval at least `threshold` wide.

Typical use::

    table = protect_table(counts, rows=["Berflo Es", ...], columns=["Welzijn", ...])
    table.cells[0][1].value      # None when suppressed, else the rounded count
"""

from .suppression import (
    Cell,
    ProtectedTable,
    Suppression,
    feasible_ranges,
    protect_table,
    round_to_base,
)

__all__ = [
    "Cell",
    "ProtectedTable",
    "Suppression",
    "feasible_ranges",
    "protect_table",
    "round_to_base",
]
