"""Vote counts per opinion group and statement: the A, D and S of spec sections 4 to 7."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .matrix import AGREE, CODE_OFFSET, DISAGREE, IntArray, VoteMatrix, sorted_unique

_AGREE_CODE = AGREE + CODE_OFFSET
_DISAGREE_CODE = DISAGREE + CODE_OFFSET


@dataclass(frozen=True)
class VoteCounts:
    """Agrees, disagrees and votes seen (passes included), each of shape (n_statements,)."""

    agree: IntArray
    disagree: IntArray
    seen: IntArray


@dataclass(frozen=True)
class GroupVotes:
    """Counts per group: arrays of shape (n_groups, n_statements), rows in ``group_ids`` order."""

    group_ids: IntArray
    agree: IntArray
    disagree: IntArray
    seen: IntArray

    def totals(self) -> VoteCounts:
        """Summed over groups: the votes of every clustered participant."""
        return VoteCounts(self.agree.sum(axis=0), self.disagree.sum(axis=0), self.seen.sum(axis=0))


def count_votes(votes: VoteMatrix) -> VoteCounts:
    """Counts over all participants."""
    return count_votes_by_group(votes, np.full(votes.shape[0], -1, dtype=np.int64))[1]


def count_group_votes(votes: VoteMatrix, participant_groups: IntArray) -> GroupVotes:
    """Counts per group; ``participant_groups`` has one label per row, -1 for ungrouped."""
    return count_votes_by_group(votes, participant_groups)[0]


def count_votes_by_group(
    votes: VoteMatrix, participant_groups: IntArray
) -> tuple[GroupVotes, VoteCounts]:
    """Counts per group and over everyone, in one pass over the votes.

    Each vote becomes one key (group slot, statement, vote code); ungrouped participants get
    an extra last slot, so one bincount gives every count with no masking of the votes.
    """
    n_statements = votes.shape[1]
    group_ids = sorted_unique(participant_groups[participant_groups >= 0]).astype(np.int64)
    k = group_ids.size
    slot = np.full(participant_groups.size, k, dtype=np.int64)
    grouped = participant_groups >= 0
    slot[grouped] = np.searchsorted(group_ids, participant_groups[grouped])
    vote_slot = np.repeat(slot, np.diff(votes.codes.indptr))
    keys = (vote_slot * n_statements + votes.codes.indices) * 3 + (votes.codes.data - 1)
    counts = np.bincount(keys, minlength=(k + 1) * n_statements * 3).astype(np.int64)
    counts = counts.reshape(k + 1, n_statements, 3)
    disagree = counts[:, :, _DISAGREE_CODE - 1]
    agree = counts[:, :, _AGREE_CODE - 1]
    seen = counts.sum(axis=2)
    by_group = GroupVotes(
        group_ids=group_ids, agree=agree[:k], disagree=disagree[:k], seen=seen[:k]
    )
    everyone = VoteCounts(
        agree=agree.sum(axis=0), disagree=disagree.sum(axis=0), seen=seen.sum(axis=0)
    )
    return by_group, everyone
