"""Which statements the results pages put under "agreement" and under "difference".

Agreement is consensus *across the opinion groups*, as the shared spec defines it (section 6,
group-informed consensus): a statement counts when a majority of every group agrees with it,
i.e. when every factor (A_g + 1) / (S_g + 2) of its GAC exceeds a half (passes count as
votes), and the statements are ranked by the GAC itself. Disagreement likewise with the
disagree counts. The whole-conversation consensus of section 5 (p_a > 0.5 over everyone) is
not used for this heading: in a conversation with one large group it picks statements that the
other groups reject, which then also appear among the statements the groups differ on most.

A statement under agreement is never under difference: the difference list is ranked among
the other statements.

Privacy: a share per role is only compared from `min_votes` votes (the disclosure threshold
for roles), so a cell never shows how two or three known people voted.
"""

from collections.abc import Sequence
from typing import Any

import numpy as np

from opbouw.analysis.opinion import GroupVotes


def share(part: float, whole: float) -> float:
    return round(float(part) / float(whole), 4) if whole else 0.0


def counts(agree: Any, disagree: Any, seen: Any) -> dict[str, Any]:
    return {
        "agree": share(agree, seen),
        "disagree": share(disagree, seen),
        "votes": int(seen),
    }


def consensus_across_groups(
    group_votes: GroupVotes,
    shown: np.ndarray,
    statement_ids: np.ndarray,
    *,
    pick: int,
) -> dict[str, list[dict[str, Any]]]:
    """Per side ("agree", "disagree"): the statements a majority of every group takes, by GAC.

    Each item carries the overall counts (of the grouped participants) and the counts per
    group, so the page can show the figure that justifies the place ("in every group ...").
    """
    if group_votes.group_ids.size == 0:
        return {"agree": [], "disagree": []}
    seen = group_votes.seen.astype(np.float64)
    totals = group_votes.totals()
    out: dict[str, list[dict[str, Any]]] = {}
    for side, successes in (("agree", group_votes.agree), ("disagree", group_votes.disagree)):
        factors = (successes + 1.0) / (seen + 2.0)
        every_group = (factors > 0.5).all(axis=0) & shown
        score = np.prod(factors, axis=0)
        eligible = np.flatnonzero(every_group)
        ranked = eligible[np.argsort(-score[eligible], kind="stable")][:pick]
        out[side] = [
            {
                "statement": int(statement_ids[c]),
                **counts(totals.agree[c], totals.disagree[c], totals.seen[c]),
                "gac": round(float(score[c]), 6),
                "by": {
                    str(int(g)): counts(
                        group_votes.agree[row, c], group_votes.disagree[row, c], seen[row, c]
                    )
                    for row, g in enumerate(group_votes.group_ids.tolist())
                },
            }
            for c in ranked
        ]
    return out


def spread_ranking(
    group_votes: GroupVotes,
    shown: np.ndarray,
    keys: Sequence[str],
    statement_ids: np.ndarray,
    *,
    min_votes: int,
    pick: int,
    exclude: frozenset[int] = frozenset(),
) -> list[dict[str, Any]]:
    """Statements whose agree share differs most between the groups (or roles) in ``keys``.

    Only shares of at least ``min_votes`` votes are compared or returned; statements in
    ``exclude`` (the agreement list) are left out.
    """
    seen = group_votes.seen.astype(np.float64)
    enough = seen >= min_votes
    agree_share = group_votes.agree / np.maximum(seen, 1.0)
    comparable = enough.sum(axis=0) >= 2
    highest = np.where(enough, agree_share, -np.inf).max(axis=0, initial=-np.inf)
    lowest = np.where(enough, agree_share, np.inf).min(axis=0, initial=np.inf)
    allowed = np.array([int(s) not in exclude for s in statement_ids.tolist()], dtype=bool)
    spread = np.where(comparable & shown & allowed, highest - lowest, -1.0)
    ranked = [int(c) for c in np.argsort(-spread, kind="stable") if spread[c] > 0][:pick]
    return [
        {
            "statement": int(statement_ids[c]),
            "spread": round(float(spread[c]), 4),
            "by": {
                key: counts(group_votes.agree[row, c], group_votes.disagree[row, c], seen[row, c])
                for row, key in enumerate(keys)
                if enough[row, c]
            },
        }
        for c in ranked
    ]
