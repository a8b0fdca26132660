"""Consensus over the whole conversation (section 5) and group-informed consensus (section 6)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .group_votes import GroupVotes, VoteCounts
from .matrix import BoolArray, FloatArray, IntArray
from .repness import PICK, Z_90, one_proportion_test


@dataclass(frozen=True)
class ConsensusStatement:
    statement_id: int
    n_success: int
    n_trials: int
    p_success: float
    p_test: float


@dataclass(frozen=True)
class Consensus:
    agree: tuple[ConsensusStatement, ...]
    disagree: tuple[ConsensusStatement, ...]


def consensus_statements(
    counts: VoteCounts, statement_ids: IntArray, hidden: BoolArray, pick: int = PICK
) -> Consensus:
    """Statements most participants agree (disagree) with: p > 0.5 and the test > 1.2816.

    Ranked by p * test, best ``pick`` per side; moderated-out statements are left out, as
    they are for representative statements.
    """

    def side(successes: IntArray) -> tuple[ConsensusStatement, ...]:
        p = (successes + 1.0) / (counts.seen + 2.0)
        test = one_proportion_test(successes, counts.seen)
        eligible = np.flatnonzero((p > 0.5) & (test > Z_90) & ~hidden)
        ranked = eligible[np.argsort(-(p * test)[eligible], kind="stable")][:pick]
        return tuple(
            ConsensusStatement(
                statement_id=int(statement_ids[c]),
                n_success=int(successes[c]),
                n_trials=int(counts.seen[c]),
                p_success=float(p[c]),
                p_test=float(test[c]),
            )
            for c in ranked
        )

    return Consensus(agree=side(counts.agree), disagree=side(counts.disagree))


def group_informed_consensus(votes: GroupVotes) -> FloatArray:
    """Product over groups of (A_g + 1) / (S_g + 2), for every statement.

    Counted on all votes of each group, moderation ignored. With no groups this is the empty
    product, 1.
    """
    shares = (votes.agree + 1.0) / (votes.seen + 2.0)
    result: FloatArray = np.prod(shares, axis=0)
    return result
