"""Pol.is-style opinion analysis: PCA, opinion groups, representative statements, consensus.

Implements docs/opinion-math.md on a sparse vote matrix; see README.md in this folder for the
choices we made where Pol.is has known quirks. Typical use::

    votes = VoteMatrix.from_votes(voter_ids, statement_ids, votes)   # chronological events
    result = analyse(votes, statements, previous=last.state if last else None, seed=0)
    result.groups_by_participant(), result.summary.repness, result.priority
"""

from .clustering import KSmoother
from .consensus import Consensus, ConsensusStatement
from .group_votes import GroupVotes, VoteCounts
from .matrix import VoteMatrix
from .pipeline import analyse, next_statement_for, summarise_groups
from .polis_export import PolisExport, PolisExportError, PolisStatement, read_polis_export
from .priority import next_statement, statement_priorities
from .repness import GroupRepness, RepresentativeStatement
from .results import AnalysisResult, AnalysisState, GroupSummary
from .statements import Statement

__all__ = [
    "AnalysisResult",
    "AnalysisState",
    "Consensus",
    "ConsensusStatement",
    "GroupRepness",
    "GroupSummary",
    "GroupVotes",
    "KSmoother",
    "PolisExport",
    "PolisExportError",
    "PolisStatement",
    "RepresentativeStatement",
    "Statement",
    "VoteCounts",
    "VoteMatrix",
    "analyse",
    "next_statement",
    "next_statement_for",
    "read_polis_export",
    "statement_priorities",
    "summarise_groups",
]
