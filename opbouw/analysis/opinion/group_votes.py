"""Vote counts per opinion group and statement: the A, D and S of spec sections 4 to 7."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .matrix import AGREE, CODE_OFFSET, DISAGREE, IntArray, VoteMatrix

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
    n_statements = votes.shape[1]
    indices, codes = votes.codes.indices, votes.codes.data
    return VoteCounts(
        agree=np.bincount(indices[codes == _AGREE_CODE], minlength=n_statements).astype(np.int64),
        disagree=np.bincount(indices[codes == _DISAGREE_CODE], minlength=n_statements).astype(
            np.int64
        ),
        seen=np.bincount(indices, minlength=n_statements).astype(np.int64),
    )


def count_group_votes(votes: VoteMatrix, participant_groups: IntArray) -> GroupVotes:
    """Counts per group; ``participant_groups`` has one label per row, -1 for ungrouped."""
    n_statements = votes.shape[1]
    group_ids = np.unique(participant_groups[participant_groups >= 0]).astype(np.int64)
    k = group_ids.size
    row_group = np.full(participant_groups.size, -1, dtype=np.int64)
    grouped = participant_groups >= 0
    row_group[grouped] = np.searchsorted(group_ids, participant_groups[grouped])
    vote_group = row_group[votes.row_of_each_vote()]
    in_group = vote_group >= 0
    # One flat bincount per vote kind over (group, statement) keys.
    keys = vote_group[in_group] * n_statements + votes.codes.indices[in_group]
    codes = votes.codes.data[in_group]
    size = k * n_statements

    def counts(selection: IntArray) -> IntArray:
        return np.bincount(selection, minlength=size).astype(np.int64).reshape(k, n_statements)

    return GroupVotes(
        group_ids=group_ids,
        agree=counts(keys[codes == _AGREE_CODE]),
        disagree=counts(keys[codes == _DISAGREE_CODE]),
        seen=counts(keys),
    )
