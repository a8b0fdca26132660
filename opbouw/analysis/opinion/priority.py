"""Which statement to show a participant next (spec section 7).

Every visible statement gets a positive priority: new statements, with few votes, are shown
often; statements people pass on a lot, less. Meta statements get a fixed 49. We compute the
formula per statement, so priorities vary (a Pol.is bug made them all 49 in 2025).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .group_votes import VoteCounts
from .matrix import BoolArray, FloatArray, IntArray

META_PRIORITY = 49.0


def statement_priorities(
    counts: VoteCounts, extremity: FloatArray, is_meta: BoolArray, hidden: BoolArray
) -> FloatArray:
    """(importance * (1 + 8 * 2^(-S/5)))^2 with the group-summed A, D, S; hidden get 0."""
    a = counts.agree.astype(np.float64)
    s = counts.seen.astype(np.float64)
    passes = s - a - counts.disagree
    importance = (1.0 - (passes + 1.0) / (s + 2.0)) * (extremity + 1.0) * (a + 1.0) / (s + 2.0)
    priority = (importance * (1.0 + 8.0 * 2.0 ** (-s / 5.0))) ** 2
    priority = np.where(is_meta, META_PRIORITY, priority)
    result: FloatArray = np.where(hidden, 0.0, priority)
    return result


def next_statement(
    priorities: FloatArray,
    statement_ids: IntArray,
    already_voted: ArrayLike,
    rng: np.random.Generator | int,
) -> int | None:
    """A statement id drawn with probability proportional to priority, among those the
    participant has not voted on and that are not moderated out; None when none is left."""
    generator = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    open_statements = (priorities > 0) & ~np.isin(statement_ids, np.asarray(already_voted))
    candidates = np.flatnonzero(open_statements)
    if candidates.size == 0:
        return None
    weights = priorities[candidates]
    chosen = generator.choice(candidates, p=weights / weights.sum())
    return int(statement_ids[int(chosen)])
