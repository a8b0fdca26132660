"""The sparse vote matrix: one row per participant, one column per statement.

Votes are agree = +1, disagree = -1, pass = 0; a participant who has not voted on a
statement has no entry at all. scipy.sparse cannot tell a stored 0 from a missing cell once
any arithmetic prunes explicit zeros, so we store a *code* ``vote + 2`` (disagree 1, pass 2,
agree 3): every stored entry is non-zero, the sparsity structure is exactly "has voted", and
the vote itself is ``code - 2``.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray

AGREE = 1
PASS = 0
DISAGREE = -1
CODE_OFFSET = 2

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
_Scalar = TypeVar("_Scalar", bound=np.generic)


def _readonly(array: NDArray[_Scalar]) -> NDArray[_Scalar]:
    # Frozen dataclasses should not hand out arrays that callers can change in place.
    array.flags.writeable = False
    return array


def sorted_unique(values: NDArray[_Scalar]) -> NDArray[_Scalar]:
    """Sorted distinct values of a 1-D array.

    Same result as ``np.unique``, whose hash-based path in numpy 2.x takes seconds (not
    milliseconds) on millions of distinct ids; a sort and a neighbour comparison do not.
    """
    ordered = np.sort(values.reshape(-1))
    if ordered.size == 0:
        return ordered
    keep = np.empty(ordered.size, dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def _unique_ids(ids: ArrayLike, what: str) -> IntArray:
    array = np.asarray(ids, dtype=np.int64).reshape(-1)
    if sorted_unique(array).size != array.size:
        raise ValueError(f"{what} ids must be unique")
    return array


def lookup(ids: IntArray, queries: ArrayLike) -> IntArray:
    """Position of each query id in ``ids`` (which need not be sorted), or -1 if absent."""
    query = np.asarray(queries, dtype=np.int64).reshape(-1)
    if ids.size == 0:
        return np.full(query.size, -1, dtype=np.int64)
    order = np.argsort(ids, kind="stable")
    sorted_ids = ids[order]
    where = np.clip(np.searchsorted(sorted_ids, query), 0, ids.size - 1)
    found = sorted_ids[where] == query
    return np.where(found, order[where], -1).astype(np.int64)


@dataclass(frozen=True)
class VoteMatrix:
    """Latest votes of participants (rows) on statements (columns), kept sparse.

    ``codes`` is a CSR array of int8 ``vote + 2`` with sorted column indices per row; its
    structure is the set of (participant, statement) pairs that have a vote.
    """

    participant_ids: IntArray
    statement_ids: IntArray
    codes: sp.csr_array

    def __post_init__(self) -> None:
        participants = _unique_ids(self.participant_ids, "participant")
        statements = _unique_ids(self.statement_ids, "statement")
        codes = self.codes
        if not isinstance(codes, sp.csr_array):
            codes = sp.csr_array(codes)
        if codes.shape != (participants.size, statements.size):
            raise ValueError(
                f"codes has shape {codes.shape}, expected {(participants.size, statements.size)}"
            )
        if codes.data.dtype != np.int8:
            codes = sp.csr_array(
                (codes.data.astype(np.int8), codes.indices, codes.indptr), shape=codes.shape
            )
        if not codes.has_sorted_indices:
            codes = codes.sorted_indices()
        if codes.nnz and (codes.data.min() < 1 or codes.data.max() > 3):
            raise ValueError("vote codes must be 1 (disagree), 2 (pass) or 3 (agree)")
        for array in (codes.data, codes.indices, codes.indptr):
            _readonly(array)
        object.__setattr__(self, "participant_ids", _readonly(participants))
        object.__setattr__(self, "statement_ids", _readonly(statements))
        object.__setattr__(self, "codes", codes)

    @classmethod
    def from_votes(
        cls,
        voter_ids: ArrayLike,
        statement_ids: ArrayLike,
        votes: ArrayLike,
        *,
        participants: ArrayLike | None = None,
        statements: ArrayLike | None = None,
    ) -> VoteMatrix:
        """Build a matrix from vote events given in chronological order; the latest counts.

        ``participants`` / ``statements`` fix the row / column order and may list ids without
        votes; by default they are the sorted ids that occur in the events.
        """
        voters = np.asarray(voter_ids, dtype=np.int64).reshape(-1)
        targets = np.asarray(statement_ids, dtype=np.int64).reshape(-1)
        values = _validated_votes(votes)
        if not voters.size == targets.size == values.size:
            raise ValueError("voter_ids, statement_ids and votes must have the same length")
        row_ids = sorted_unique(voters) if participants is None else _unique_ids(participants, "p")
        col_ids = sorted_unique(targets) if statements is None else _unique_ids(statements, "s")
        rows = lookup(row_ids, voters)
        cols = lookup(col_ids, targets)
        if (rows < 0).any():
            raise ValueError(f"vote by unknown participant {voters[rows < 0][0]}")
        if (cols < 0).any():
            raise ValueError(f"vote on unknown statement {targets[cols < 0][0]}")
        codes = _latest_codes(rows, cols, values, row_ids.size, col_ids.size)
        return cls(row_ids, col_ids, codes)

    @property
    def shape(self) -> tuple[int, int]:
        return (int(self.participant_ids.size), int(self.statement_ids.size))

    @property
    def nnz(self) -> int:
        return int(self.codes.nnz)

    def vote_values(self) -> NDArray[np.int8]:
        """The votes (-1, 0, +1) in CSR data order."""
        data: NDArray[np.int8] = self.codes.data
        return (data - CODE_OFFSET).astype(np.int8)

    def row_of_each_vote(self) -> NDArray[np.int32]:
        """Row index of each stored vote, in CSR data order."""
        counts = np.diff(self.codes.indptr)
        return np.repeat(np.arange(self.shape[0], dtype=np.int32), counts)

    def votes_per_participant(self) -> IntArray:
        indptr: IntArray = self.codes.indptr
        return np.diff(indptr).astype(np.int64)

    def votes_per_statement(self) -> IntArray:
        return np.bincount(self.codes.indices, minlength=self.shape[1]).astype(np.int64)

    def to_dense(self) -> FloatArray:
        """Dense copy with NaN for missing votes: for tests and small conversations only."""
        dense = np.full(self.shape, np.nan)
        rows = self.row_of_each_vote()
        dense[rows, self.codes.indices] = self.vote_values()
        return dense

    def with_statements(self, statement_ids: ArrayLike) -> VoteMatrix:
        """The same votes with empty columns appended for statement ids not yet present."""
        wanted = np.asarray(statement_ids, dtype=np.int64).reshape(-1)
        missing = wanted[lookup(self.statement_ids, wanted) < 0]
        if missing.size == 0:
            return self
        missing = sorted_unique(missing)
        codes = self.codes.copy()
        codes.resize((self.shape[0], self.shape[1] + missing.size))
        return VoteMatrix(
            self.participant_ids, np.concatenate([self.statement_ids, missing]), codes
        )

    def with_votes(
        self, voter_ids: ArrayLike, statement_ids: ArrayLike, votes: ArrayLike
    ) -> VoteMatrix:
        """A new matrix with these vote events (chronological) applied on top of this one.

        New participants and statements are appended as rows / columns, so existing rows keep
        their positions. Cost is one copy of the matrix plus a small insert: cheap enough for
        an update after every few votes.
        """
        voters = np.asarray(voter_ids, dtype=np.int64).reshape(-1)
        targets = np.asarray(statement_ids, dtype=np.int64).reshape(-1)
        values = _validated_votes(votes)
        if not voters.size == targets.size == values.size:
            raise ValueError("voter_ids, statement_ids and votes must have the same length")
        new_rows = _new_in_order(self.participant_ids, voters)
        new_cols = _new_in_order(self.statement_ids, targets)
        row_ids = np.concatenate([self.participant_ids, new_rows])
        col_ids = np.concatenate([self.statement_ids, new_cols])
        codes = self.codes.copy()
        if new_rows.size or new_cols.size:
            codes.resize((row_ids.size, col_ids.size))
        if voters.size:
            latest = _latest_codes(
                lookup(row_ids, voters), lookup(col_ids, targets), values, *codes.shape
            ).tocoo()
            with warnings.catch_warnings():
                # Inserting a handful of entries into CSR is exactly what we want here.
                warnings.simplefilter("ignore", sp.SparseEfficiencyWarning)
                codes[latest.row, latest.col] = latest.data
        return VoteMatrix(row_ids, col_ids, codes)


def _validated_votes(votes: ArrayLike) -> NDArray[np.int8]:
    raw = np.asarray(votes).reshape(-1)
    if raw.size and not np.isin(raw, (-1, 0, 1)).all():
        bad = raw[~np.isin(raw, (-1, 0, 1))][0]
        raise ValueError(f"vote must be -1, 0 or 1, got {bad!r}")
    return raw.astype(np.int8)


def _new_in_order(known: IntArray, ids: IntArray) -> IntArray:
    unknown = ids[lookup(known, ids) < 0]
    order = np.argsort(unknown, kind="stable")
    ordered = unknown[order]
    first = np.ones(ordered.size, dtype=bool)
    first[1:] = ordered[1:] != ordered[:-1]
    return unknown[np.sort(order[first])]


def _latest_codes(
    rows: IntArray, cols: IntArray, values: NDArray[np.int8], n_rows: int, n_cols: int
) -> sp.csr_array:
    # Keep the last event per cell: a stable sort keeps events on one cell in chronological
    # order, so the last of each run of equal keys is the latest vote. Sorted keys are
    # row-major, i.e. already in CSR order.
    keys = rows.astype(np.int64) * max(n_cols, 1) + cols
    order = np.argsort(keys, kind="stable")
    ordered_keys = keys[order]
    last = np.ones(ordered_keys.size, dtype=bool)
    last[:-1] = ordered_keys[1:] != ordered_keys[:-1]
    unique_keys = ordered_keys[last]
    codes = values[order[last]] + CODE_OFFSET
    row_of_key = unique_keys // max(n_cols, 1)
    index_dtype = np.int32 if unique_keys.size < np.iinfo(np.int32).max else np.int64
    indptr = np.zeros(n_rows + 1, dtype=index_dtype)
    np.cumsum(np.bincount(row_of_key, minlength=n_rows), out=indptr[1:])
    indices = (unique_keys % max(n_cols, 1)).astype(index_dtype)
    return sp.csr_array((codes.astype(np.int8), indices, indptr), shape=(n_rows, n_cols))
