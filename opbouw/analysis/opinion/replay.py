"""Replay a conversation's vote history through Pol.is's incremental math (README "Replay").

Pol.is's math worker polls the votes table every second (math/src/polismath/poller.clj,
``:polling-interval`` 1000 ms in components/config.clj) and runs one conversation update on
all votes that arrived since the last poll (conv_man.clj batches everything queued). The
published groups are the state after the last update, not a function of the final matrix. So
we group the vote events into the poll windows they fell in and run one update per window,
carrying the state (incremental.py), under the rules of the Pol.is version in force at that
window's time. Moderation is as of the export (the export does not say when it happened).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from .matrix import CODE_OFFSET, IntArray, VoteMatrix, lookup
from .pipeline import analyse, incremental_step
from .polis_export import VOTES, PolisExportError, read_polis_export, read_vote_events
from .results import AnalysisResult, AnalysisState
from .statements import Statement, statement_flags

# components/config.clj: :poller {:votes {:polling-interval 1000}} (milliseconds).
POLL_INTERVAL_MS = 1000


@dataclass(frozen=True)
class VoteEvents:
    """Vote events in time order (ties in file order); times in ms since the epoch."""

    times: IntArray
    voters: IntArray
    statements: IntArray
    values: IntArray


@dataclass(frozen=True)
class ReplayResult:
    result: AnalysisResult
    updates: int


def update_windows(times: IntArray, interval_ms: int = POLL_INTERVAL_MS) -> IntArray:
    """Start index of each update's batch: the events of one poll window go together."""
    if times.size == 0:
        return np.zeros(0, dtype=np.int64)
    window = times // interval_ms
    starts = np.flatnonzero(np.concatenate([[True], window[1:] != window[:-1]]))
    return starts.astype(np.int64)


class _GrowingMatrix:
    """The vote matrix as of each update, cut from the final matrix's structure.

    Rows are all participant ids and columns all statement ids, sorted, as the platform loads
    them (rows without votes yet change nothing). Applying a batch costs O(batch); building
    the matrix of an update costs one pass over the final structure, instead of inserting
    into a CSR matrix every second.
    """

    def __init__(self, events: VoteEvents, statement_ids: IntArray) -> None:
        final = VoteMatrix.from_votes(
            events.voters, events.statements, events.values, statements=statement_ids
        )
        self.participant_ids = final.participant_ids
        self.statement_ids = final.statement_ids
        self.indices = final.codes.indices
        self.rows = final.row_of_each_vote()
        n_columns = max(final.shape[1], 1)
        keys = self.rows.astype(np.int64) * n_columns + self.indices
        event_rows = lookup(self.participant_ids, events.voters)
        event_cols = lookup(self.statement_ids, events.statements)
        self.cell = np.searchsorted(keys, event_rows * n_columns + event_cols)
        self.codes = np.zeros(keys.size, dtype=np.int8)
        self.present = np.zeros(keys.size, dtype=bool)
        self.events = events

    def apply(self, start: int, end: int) -> VoteMatrix:
        cells = self.cell[start:end]
        # Events are in time order: assigning in order leaves the latest vote per cell.
        for cell, value in zip(cells.tolist(), self.events.values[start:end].tolist(), strict=True):
            self.codes[cell] = value + CODE_OFFSET
        self.present[cells] = True
        per_row = np.bincount(self.rows[self.present], minlength=self.participant_ids.size)
        indptr = np.zeros(self.participant_ids.size + 1, dtype=self.indices.dtype)
        np.cumsum(per_row, out=indptr[1:])
        codes = sp.csr_array(
            (self.codes[self.present], self.indices[self.present], indptr),
            shape=(self.participant_ids.size, self.statement_ids.size),
        )
        return VoteMatrix(self.participant_ids, self.statement_ids, codes)


def replay(
    events: VoteEvents,
    statements: Iterable[Statement],
    *,
    seed: int = 0,
    interval_ms: int = POLL_INTERVAL_MS,
) -> ReplayResult:
    """Run one Pol.is update per poll window; the last one returns the full analysis."""
    listed = list(statements)
    ids = np.array(sorted(s.id for s in listed), dtype=np.int64)
    starts = update_windows(events.times, interval_ms)
    if starts.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        matrix = VoteMatrix.from_votes(empty, empty, empty, statements=ids)
        return ReplayResult(analyse(matrix, listed, seed=seed, incremental=True), 0)
    growing = _GrowingMatrix(events, ids)
    flags = statement_flags(growing.statement_ids, listed)
    ends = np.append(starts[1:], events.times.size)
    state: AnalysisState | None = None
    for start, end in zip(starts[:-1].tolist(), ends[:-1].tolist(), strict=True):
        matrix = growing.apply(start, end)
        step = incremental_step(matrix, flags, state, seed=seed, at_ms=int(events.times[end - 1]))
        state = step.state
    start, end = int(starts[-1]), int(ends[-1])
    matrix = growing.apply(start, end)
    result = analyse(
        matrix, listed, state, seed=seed, incremental=True, at_ms=int(events.times[end - 1])
    )
    return ReplayResult(result, int(starts.size))


def read_replay_input(path: str | Path) -> tuple[VoteEvents, tuple[Statement, ...]]:
    """The vote events and statements (moderation as of the export) of an export folder."""
    folder = Path(path)
    export = read_polis_export(folder)
    if not (folder / VOTES).is_file():
        raise PolisExportError(
            f"{folder}: no {VOTES}: the export has no vote history to replay "
            "(participants-votes.csv holds only the final votes)"
        )
    times, voters, targets, values = read_vote_events(folder / VOTES, export.votes.statement_ids)
    return VoteEvents(times, voters, targets, values), export.analysis_statements()
