"""Representative statements per group (spec section 4), with Pol.is's exact formulas.

Every count gets a +1 pseudocount (Laplace smoothing), so a group of three never looks
certain. ``p`` is the smoothed share, ``pat``/``pdt`` the one-proportion test against 1/2,
``r`` the ratio of the group's share to the other groups' share and ``rat``/``rdt`` the
two-proportion test between them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from .group_votes import GroupVotes
from .matrix import BoolArray, FloatArray, IntArray

# One-sided 90 % critical value of the standard normal.
Z_90 = 1.2816
PICK = 5

Direction = Literal["agree", "disagree"]


@dataclass(frozen=True)
class RepnessStats:
    """All section-4 quantities, arrays of shape (n_groups, n_statements)."""

    n_agree: IntArray
    n_disagree: IntArray
    n_seen: IntArray
    p_agree: FloatArray
    p_disagree: FloatArray
    pat: FloatArray
    pdt: FloatArray
    r_agree: FloatArray
    r_disagree: FloatArray
    rat: FloatArray
    rdt: FloatArray


@dataclass(frozen=True)
class RepresentativeStatement:
    statement_id: int
    direction: Direction
    n_success: int  # agrees (or disagrees) in the group
    n_trials: int  # votes in the group, passes included
    p_success: float
    p_test: float
    repness: float
    repness_test: float
    metric: float  # r * r-test * p * p-test, the ranking key
    weak: bool  # shown only because nothing qualified


@dataclass(frozen=True)
class GroupRepness:
    group: int
    statements: tuple[RepresentativeStatement, ...]


def one_proportion_test(successes: IntArray, trials: IntArray) -> FloatArray:
    """2 * sqrt(n + 1) * ((s + 1) / (n + 1) - 1/2)."""
    s = successes + 1.0
    n = trials + 1.0
    result: FloatArray = 2.0 * np.sqrt(n) * (s / n - 0.5)
    return result


def two_proportion_test(
    successes: IntArray, others_successes: IntArray, trials: IntArray, others_trials: IntArray
) -> FloatArray:
    """z for p1 = a/s vs p2 = A/S with +1 pseudocounts; 0 where the pooled share is 1."""
    a, big_a = successes + 1.0, others_successes + 1.0
    s, big_s = trials + 1.0, others_trials + 1.0
    pooled = (a + big_a) / (s + big_s)
    defined = pooled < 1.0
    variance = np.where(defined, pooled * (1.0 - pooled) * (1.0 / s + 1.0 / big_s), 1.0)
    z: FloatArray = np.where(defined, (a / s - big_a / big_s) / np.sqrt(variance), 0.0)
    return z


def repness_stats(votes: GroupVotes) -> RepnessStats:
    n_a, n_d, n_s = votes.agree, votes.disagree, votes.seen
    # "All other groups together": the column totals minus this group's row.
    big_a = n_a.sum(axis=0)[None, :] - n_a
    big_d = n_d.sum(axis=0)[None, :] - n_d
    big_s = n_s.sum(axis=0)[None, :] - n_s
    p_a = (n_a + 1.0) / (n_s + 2.0)
    p_d = (n_d + 1.0) / (n_s + 2.0)
    return RepnessStats(
        n_agree=n_a,
        n_disagree=n_d,
        n_seen=n_s,
        p_agree=p_a,
        p_disagree=p_d,
        pat=one_proportion_test(n_a, n_s),
        pdt=one_proportion_test(n_d, n_s),
        r_agree=p_a / ((big_a + 1.0) / (big_s + 2.0)),
        r_disagree=p_d / ((big_d + 1.0) / (big_s + 2.0)),
        rat=two_proportion_test(n_a, big_a, n_s, big_s),
        rdt=two_proportion_test(n_d, big_d, n_s, big_s),
    )


def representative_statements(
    votes: GroupVotes, statement_ids: IntArray, hidden: BoolArray, pick: int = PICK
) -> tuple[GroupRepness, ...]:
    """Up to ``pick`` statements per group; ``hidden`` (moderated out) never shows."""
    stats = repness_stats(votes)
    agree_side = stats.rat > stats.rdt
    metric = np.where(
        agree_side,
        stats.r_agree * stats.rat * stats.p_agree * stats.pat,
        stats.r_disagree * stats.rdt * stats.p_disagree * stats.pdt,
    )
    qualifies = ((stats.rat > Z_90) & (stats.pat > Z_90)) | (
        (stats.rdt > Z_90) & (stats.pdt > Z_90)
    )
    qualifies &= ~hidden[None, :]
    result = []
    for g, group in enumerate(votes.group_ids.tolist()):
        chosen, weak = _select(g, qualifies, agree_side, metric, stats, hidden, pick)
        result.append(
            GroupRepness(
                group=int(group),
                statements=tuple(
                    _describe(g, c, statement_ids, agree_side, metric, stats, weak) for c in chosen
                ),
            )
        )
    return tuple(result)


def _select(
    g: int,
    qualifies: BoolArray,
    agree_side: BoolArray,
    metric: FloatArray,
    stats: RepnessStats,
    hidden: BoolArray,
    pick: int,
) -> tuple[list[int], bool]:
    candidates = np.flatnonzero(qualifies[g])
    if candidates.size:
        ranked = candidates[np.argsort(-metric[g, candidates], kind="stable")].tolist()
        chosen = ranked[:pick]
        agrees = [c for c in ranked if agree_side[g, c]]
        # The best agree statement always makes the list, even if five disagrees rank higher.
        if agrees and agrees[0] not in chosen:
            chosen = chosen[: pick - 1] + [agrees[0]]
        by_metric = sorted(chosen, key=lambda c: -metric[g, c])
        ordered = [c for c in by_metric if agree_side[g, c]]
        ordered += [c for c in by_metric if not agree_side[g, c]]
        return ordered, False
    # Nothing passes the tests: show the statement the group differs most on, marked weak.
    visible = np.flatnonzero(~hidden & (stats.n_seen[g] > 0))
    if visible.size == 0:
        return [], True
    strength = np.maximum(stats.rat[g, visible], stats.rdt[g, visible])
    return [int(visible[int(np.argmax(strength))])], True


def _describe(
    g: int,
    c: int,
    statement_ids: IntArray,
    agree_side: BoolArray,
    metric: FloatArray,
    stats: RepnessStats,
    weak: bool,
) -> RepresentativeStatement:
    agree = bool(agree_side[g, c])
    return RepresentativeStatement(
        statement_id=int(statement_ids[c]),
        direction="agree" if agree else "disagree",
        n_success=int((stats.n_agree if agree else stats.n_disagree)[g, c]),
        n_trials=int(stats.n_seen[g, c]),
        p_success=float((stats.p_agree if agree else stats.p_disagree)[g, c]),
        p_test=float((stats.pat if agree else stats.pdt)[g, c]),
        repness=float((stats.r_agree if agree else stats.r_disagree)[g, c]),
        repness_test=float((stats.rat if agree else stats.rdt)[g, c]),
        metric=float(metric[g, c]),
        weak=weak,
    )
