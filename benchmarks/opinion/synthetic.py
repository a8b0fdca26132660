"""A synthetic conversation with planted opinion groups, for benchmarking at scale.

Participants belong to one of a few hidden groups; each group has a stance per statement and
votes agree / disagree / pass with probabilities that follow that stance. Participants vote
on different numbers of statements (a long tail of light voters), and early statements get
more votes than late ones, as in real conversations.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from opbouw.analysis.opinion import Statement, VoteMatrix
from opbouw.analysis.opinion.matrix import sorted_unique

GROUP_SHARES = (0.4, 0.3, 0.2, 0.1)
PASS_RATE = 0.15
# How strongly a group's stance shows in its votes: agree probability for a group that
# supports a statement, among non-pass votes (1 - this for one that opposes it).
STANCE_STRENGTH = 0.8


@dataclass(frozen=True)
class SyntheticConversation:
    votes: VoteMatrix
    statements: tuple[Statement, ...]
    planted_groups: np.ndarray  # per participant row


def synthetic_conversation(
    n_participants: int, n_statements: int, n_votes: int, seed: int = 0
) -> SyntheticConversation:
    rng = np.random.default_rng(seed)
    groups = rng.choice(len(GROUP_SHARES), size=n_participants, p=GROUP_SHARES)
    # Each group supports (+1) or opposes (-1) each statement; some statements are shared
    # ground (all +1), which is what consensus should find.
    stance = rng.choice((-1, 1), size=(len(GROUP_SHARES), n_statements))
    shared = rng.random(n_statements) < 0.1
    stance[:, shared] = 1
    mean_votes = n_votes / n_participants
    per_participant = np.clip(
        rng.lognormal(np.log(mean_votes) - 0.5, 1.0, n_participants).astype(np.int64),
        1,
        n_statements,
    )
    popularity = 1.0 / (1.0 + np.arange(n_statements) / (n_statements / 10))
    popularity /= popularity.sum()
    # Oversample, drop repeated cells, then keep exactly n_votes distinct cells.
    rows = np.repeat(np.arange(n_participants), per_participant)
    rows = np.concatenate([rows, rng.integers(0, n_participants, n_votes // 5)])
    cols = rng.choice(n_statements, size=rows.size, p=popularity)
    keys = sorted_unique(rows.astype(np.int64) * n_statements + cols)
    keys = rng.permutation(keys)[:n_votes]
    rows, cols = keys // n_statements, keys % n_statements
    agree_probability = np.where(
        stance[groups[rows], cols] > 0, STANCE_STRENGTH, 1 - STANCE_STRENGTH
    )
    draw = rng.random(rows.size)
    votes = np.where(
        draw < PASS_RATE, 0, np.where(rng.random(rows.size) < agree_probability, 1, -1)
    )
    statements = tuple(
        Statement(id=i, moderated_out=bool(i % 97 == 0)) for i in range(n_statements)
    )
    matrix = VoteMatrix.from_votes(
        rows,
        cols,
        votes,
        participants=np.arange(n_participants),
        statements=np.arange(n_statements),
    )
    return SyntheticConversation(matrix, statements, groups)
