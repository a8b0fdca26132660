"""Who is *in the conversation*, i.e. clustered (spec section 1).

A participant is in once they have voted (passes count) on at least min(7, n_statements)
statements, and stays in (sticky, via the previous state). If fewer than 15 are in, the most
active other voters are added until there are 15 or no voters are left; those stay in too,
as in Pol.is, where the in-conversation set is carried from update to update.
"""

from __future__ import annotations

import numpy as np

from .matrix import BoolArray, IntArray

MIN_VOTES = 7
MIN_IN_CONVERSATION = 15


def in_conversation(
    participant_ids: IntArray,
    votes_per_participant: IntArray,
    n_statements: int,
    previously_in: IntArray | None = None,
) -> BoolArray:
    threshold = max(1, min(MIN_VOTES, n_statements))
    inside = votes_per_participant >= threshold
    if previously_in is not None and previously_in.size:
        inside |= np.isin(participant_ids, previously_in)
    missing = MIN_IN_CONVERSATION - int(inside.sum())
    if missing > 0:
        others = np.flatnonzero(~inside & (votes_per_participant > 0))
        # Most votes first; equal counts in row order, so the choice is deterministic.
        ranked = others[np.argsort(-votes_per_participant[others], kind="stable")]
        inside[ranked[:missing]] = True
    return inside
