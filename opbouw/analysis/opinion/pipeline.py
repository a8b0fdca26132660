"""The whole analysis of one conversation update: votes in, groups and statistics out.

``analyse(votes, statements, previous)`` follows docs/opinion-math.md; pass the previous
result's ``state`` to warm-start the PCA and both k-means stages, keep the in-conversation set
sticky, smooth k and keep group numbers, so one new vote does not reshuffle the groups.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from .clustering import (
    GroupCandidate,
    base_clusters,
    best_k,
    group_candidates,
    smooth_k,
    stable_labels,
)
from .consensus import consensus_statements, group_informed_consensus
from .group_votes import count_votes_by_group
from .incremental import PolisUpdate, polis_update
from .matrix import FloatArray, IntArray, VoteMatrix, lookup, sorted_unique
from .participants import in_conversation
from .pca import (
    CentredVotes,
    Components,
    centre_votes,
    principal_components,
    project_participants,
    project_statements,
)
from .priority import next_statement, statement_priorities
from .repness import representative_statements
from .results import AnalysisResult, AnalysisState, GroupSummary
from .statements import Statement, StatementFlags, statement_flags


def analyse(
    votes: VoteMatrix,
    statements: Iterable[Statement],
    previous: AnalysisState | None = None,
    *,
    seed: int = 0,
    incremental: bool = False,
    at_ms: int | None = None,
) -> AnalysisResult:
    """Analyse a conversation; deterministic for given inputs, previous state and seed.

    ``incremental=True`` follows Pol.is's live path (incremental.py): one math update on top
    of ``previous``, under the rules in force at ``at_ms`` (None: the current rules). A
    previous state that came from that path continues on it.
    """
    listed = list(statements)
    votes = votes.with_statements([s.id for s in listed])
    flags = statement_flags(votes.statement_ids, listed)
    if incremental or (previous is not None and previous.polis is not None):
        return _analyse_incremental(votes, flags, previous, seed, at_ms)
    base_rng, group_rng = (
        np.random.default_rng(child) for child in np.random.SeedSequence(seed).spawn(2)
    )

    centred = centre_votes(votes, flags.excluded_from_pca)
    warm = _previous_components(previous, votes.statement_ids)
    components = principal_components(centred.deviations, warm, seed=seed)
    projections = project_participants(centred, components.vectors)
    statement_positions, extremity = project_statements(
        centred.means, components.vectors, centred.n_columns
    )

    inside = in_conversation(
        votes.participant_ids,
        votes.votes_per_participant(),
        centred.n_columns,
        None if previous is None else previous.in_conversation,
    )
    inside_rows = np.flatnonzero(inside)
    base = base_clusters(
        projections[inside_rows], None if previous is None else previous.base_centres, base_rng
    )
    candidates = group_candidates(
        base, {} if previous is None else previous.group_centres_by_k(), group_rng
    )
    group = np.full(votes.shape[0], -1, dtype=np.int64)
    base_cluster = np.full(votes.shape[0], -1, dtype=np.int64)
    smoother = None
    k = 0
    if candidates:
        allowed = [c.k for c in candidates]
        smoother = smooth_k(
            best_k(candidates), None if previous is None else previous.k_smoother, allowed
        )
        chosen = next(c for c in candidates if c.k == smoother.published_k)
        base_cluster[inside_rows] = base.labels
        group[inside_rows] = stable_labels(
            chosen.fit.labels[base.labels],
            votes.participant_ids[inside_rows],
            None if previous is None else previous.grouped_ids,
            None if previous is None else previous.group_labels,
        )
        k = int(sorted_unique(group[inside_rows]).size)

    summary = _summarise(votes, flags, group)
    priority = statement_priorities(
        summary.group_votes.totals(), extremity, flags.is_meta, flags.moderated_out
    )
    grouped = group >= 0
    state = AnalysisState(
        statement_ids=votes.statement_ids,
        components=components.vectors,
        in_conversation=np.sort(votes.participant_ids[inside]),
        base_centres=base.centres,
        group_centres=tuple((c.k, c.fit.centres) for c in candidates),
        k_smoother=smoother,
        grouped_ids=votes.participant_ids[grouped],
        group_labels=group[grouped],
    )
    return AnalysisResult(
        participant_ids=votes.participant_ids,
        statement_ids=votes.statement_ids,
        in_conversation=inside,
        projections=projections,
        base_cluster=base_cluster,
        group=group,
        k=k,
        silhouettes=_silhouettes(candidates),
        means=centred.means,
        components=components.vectors,
        eigenvalues=components.eigenvalues,
        statement_projections=statement_positions,
        extremity=extremity,
        summary=summary,
        priority=priority,
        state=state,
    )


@dataclass(frozen=True)
class IncrementalStep:
    """One live-path update without the statistics: what the replay runs between exports."""

    state: AnalysisState
    update: PolisUpdate
    centred: CentredVotes
    components: Components
    projections: FloatArray


def incremental_step(
    votes: VoteMatrix,
    flags: StatementFlags,
    previous: AnalysisState | None,
    *,
    seed: int = 0,
    at_ms: int | None = None,
) -> IncrementalStep:
    """PCA warm-started from ``previous``, then Pol.is's update (incremental.py)."""
    centred = centre_votes(votes, flags.excluded_from_pca)
    warm = _previous_components(previous, votes.statement_ids)
    components = principal_components(centred.deviations, warm, seed=seed, method="active")
    projections = project_participants(centred, components.vectors)
    update = polis_update(
        votes,
        flags.excluded_from_pca,
        projections,
        None if previous is None else previous.polis,
        at_ms=at_ms,
    )
    grouped = update.group >= 0
    polis = update.state
    state = AnalysisState(
        statement_ids=votes.statement_ids,
        components=components.vectors,
        in_conversation=polis.in_conversation,
        base_centres=polis.base.centres,
        group_centres=tuple(
            (int(k), c.centres) for k, c in zip(polis.group_ks, polis.groups, strict=True)
        ),
        k_smoother=None,
        grouped_ids=votes.participant_ids[grouped],
        group_labels=update.group[grouped],
        polis=polis,
    )
    return IncrementalStep(state, update, centred, components, projections)


def _analyse_incremental(
    votes: VoteMatrix,
    flags: StatementFlags,
    previous: AnalysisState | None,
    seed: int,
    at_ms: int | None,
) -> AnalysisResult:
    step = incremental_step(votes, flags, previous, seed=seed, at_ms=at_ms)
    statement_positions, extremity = project_statements(
        step.centred.means, step.components.vectors, step.centred.n_columns
    )
    summary = _summarise(votes, flags, step.update.group)
    priority = statement_priorities(
        summary.group_votes.totals(), extremity, flags.is_meta, flags.moderated_out
    )
    return AnalysisResult(
        participant_ids=votes.participant_ids,
        statement_ids=votes.statement_ids,
        in_conversation=step.update.in_conversation,
        projections=step.projections,
        base_cluster=step.update.base_cluster,
        group=step.update.group,
        k=step.update.k,
        silhouettes=step.update.silhouettes,
        means=step.centred.means,
        components=step.components.vectors,
        eigenvalues=step.components.eigenvalues,
        statement_projections=statement_positions,
        extremity=extremity,
        summary=summary,
        priority=priority,
        state=step.state,
    )


def summarise_groups(
    votes: VoteMatrix, statements: Iterable[Statement], participant_groups: ArrayLike
) -> GroupSummary:
    """Repness, consensus and GAC for a given grouping (one label per row, -1 = none).

    Use it with published groups, e.g. to check our statistics against Pol.is's own.
    """
    listed = list(statements)
    votes = votes.with_statements([s.id for s in listed])
    labels = np.asarray(participant_groups, dtype=np.int64).reshape(-1)
    if labels.size != votes.shape[0]:
        raise ValueError("participant_groups needs one label per participant row")
    return _summarise(votes, statement_flags(votes.statement_ids, listed), labels)


def next_statement_for(
    result: AnalysisResult,
    votes: VoteMatrix,
    participant_id: int,
    rng: np.random.Generator | int,
) -> int | None:
    """Draw the next statement for a participant, weighted by the result's priorities."""
    row = int(lookup(votes.participant_ids, [participant_id])[0])
    voted: IntArray = np.zeros(0, dtype=np.int64)
    if row >= 0:
        start, end = votes.codes.indptr[row], votes.codes.indptr[row + 1]
        voted = votes.statement_ids[votes.codes.indices[start:end]]
    return next_statement(result.priority, result.statement_ids, voted, rng)


def _summarise(votes: VoteMatrix, flags: StatementFlags, labels: IntArray) -> GroupSummary:
    group_votes, everyone = count_votes_by_group(votes, labels)
    return GroupSummary(
        group_votes=group_votes,
        repness=representative_statements(group_votes, votes.statement_ids, flags.moderated_out),
        consensus=consensus_statements(everyone, votes.statement_ids, flags.moderated_out),
        group_informed_consensus=group_informed_consensus(group_votes),
    )


def _previous_components(
    previous: AnalysisState | None, statement_ids: IntArray
) -> FloatArray | None:
    if previous is None:
        return None
    position = lookup(previous.statement_ids, statement_ids)
    aligned = np.where(position >= 0, previous.components[:, np.maximum(position, 0)], 0.0)
    return np.asarray(aligned, dtype=np.float64)


def _silhouettes(candidates: list[GroupCandidate]) -> tuple[tuple[int, float], ...]:
    return tuple((c.k, c.silhouette) for c in candidates)
