"""The frozen outputs of an analysis, and the state carried to the next update."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .clustering import KSmoother
from .consensus import Consensus
from .group_votes import GroupVotes
from .incremental import PolisState
from .matrix import BoolArray, FloatArray, IntArray
from .repness import GroupRepness


@dataclass(frozen=True)
class AnalysisState:
    """What the next update starts from, keyed by ids so rows and columns may change.

    ``components`` rows follow ``statement_ids``; ``group_centres`` holds, per k tried, the
    group centres of the weighted k-means on the base clusters; ``grouped_ids`` /
    ``group_labels`` are the published groups, used to keep group numbers stable.
    """

    statement_ids: IntArray
    components: FloatArray
    in_conversation: IntArray
    base_centres: FloatArray
    group_centres: tuple[tuple[int, FloatArray], ...]
    k_smoother: KSmoother | None
    grouped_ids: IntArray
    group_labels: IntArray
    # Pol.is's own carried state (incremental.py) when the analysis follows the live path.
    polis: PolisState | None = None

    def group_centres_by_k(self) -> dict[int, FloatArray]:
        return dict(self.group_centres)


@dataclass(frozen=True)
class GroupSummary:
    """Everything that follows from a grouping: counts, repness, consensus, GAC."""

    group_votes: GroupVotes
    repness: tuple[GroupRepness, ...]
    consensus: Consensus
    group_informed_consensus: FloatArray  # (n_statements,)


@dataclass(frozen=True)
class AnalysisResult:
    """One analysis of a conversation. Arrays follow the vote matrix's row / column order.

    ``group`` and ``base_cluster`` are -1 for participants who are not in the conversation.
    """

    participant_ids: IntArray
    statement_ids: IntArray
    in_conversation: BoolArray
    projections: FloatArray  # (n_participants, 2)
    base_cluster: IntArray
    group: IntArray
    k: int
    silhouettes: tuple[tuple[int, float], ...]
    means: FloatArray  # column means of the non-missing votes (0 for zeroed columns)
    components: FloatArray  # (2, n_statements)
    eigenvalues: FloatArray  # (2,)
    statement_projections: FloatArray  # (n_statements, 2)
    extremity: FloatArray
    summary: GroupSummary
    priority: FloatArray
    state: AnalysisState

    def groups_by_participant(self) -> dict[int, int]:
        grouped = np.flatnonzero(self.group >= 0)
        return {
            int(p): int(g)
            for p, g in zip(self.participant_ids[grouped], self.group[grouped], strict=True)
        }
