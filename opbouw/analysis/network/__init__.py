"""The neighbourhood's social network: metrics per window, initiative reach (issue 7).

Framework-free (python-igraph underneath). Typical use::

    metrics = compute_metrics(node_ids, [Tie(a, b, w), ...], known=known_ids,
                              previous_ties=last_months_ties, seed=0)
    metrics.density, metrics.community_of, metrics.brokers, metrics.to_dict()

See README.md in this folder for the definitions and the betweenness estimate.
"""

from .betweenness import betweenness, sample_sources
from .metrics import (
    DEFAULT_BETWEENNESS_SAMPLES,
    EXACT_BETWEENNESS_UP_TO,
    NetworkMetrics,
    compute_metrics,
)
from .reach import Reach, initiative_reach
from .ties import Tie, TieError, TieTable, aggregate_ties, decayed_weight

__all__ = [
    "DEFAULT_BETWEENNESS_SAMPLES",
    "EXACT_BETWEENNESS_UP_TO",
    "NetworkMetrics",
    "Reach",
    "Tie",
    "TieError",
    "TieTable",
    "aggregate_ties",
    "betweenness",
    "compute_metrics",
    "decayed_weight",
    "initiative_reach",
    "sample_sources",
]
