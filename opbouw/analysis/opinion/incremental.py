"""One Pol.is math update on top of the previous one (README "Replay"): the live path.

``polis_update`` is what Pol.is's math worker does each time it polls new votes
(math/src/polismath/math/conversation.clj, ``small-conv-update-graph``): PCA warm-started
from the previous components, the sticky in-conversation set, base clusters carried by
members (carry.py), group clusterings for every k carried likewise, and the k smoother.
Both the replay of an export (replay.py) and the platform's background recompute call it, so
a conversation replayed and the same conversation grown vote by vote get the same groups.

Rules that changed over Pol.is's history are chosen by the update's own time (``at_ms``),
from ``rules_at`` below; the platform passes the present, i.e. the current rules.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .carry import Clustering, kmeans_carried
from .clustering import silhouette
from .matrix import BoolArray, FloatArray, IntArray, VoteMatrix, lookup, sorted_unique

# conversation.clj ``base-conv-update-graph`` :opts' defaults.
BASE_K = 100  # :base-k
BASE_ITERS = 100  # :base-iters (passed since e07aec5a, 2017-12-08)
OLD_BASE_ITERS = 20  # clusters.clj ``kmeans`` default :max-iters, used before e07aec5a
MAX_K = 5  # :max-k
GROUP_ITERS = 100  # :group-iters; docs/opinion-math.md quirks: the intended value, not 20
K_BUFFER = 4  # :group-k-buffer
# conversation.clj :in-conv: min(7, n-cmts) votes, and the 15 most active if fewer are in.
MIN_VOTES = 7
GREEDY_N = 15
# Before 3a8d6b19 (the greedy 15) an empty in-conv set took the 7 most active voters
# (05277780, 2014-05-22).
OLD_EMPTY_TAKE = 7
# conversation.clj ``max-k-fn``: k <= 2 + floor(n_base / 12).
BASE_PER_EXTRA_GROUP = 12

# Commit times (UTC, ms) of the rule changes in compdemocracy/polis; deploy dates are unknown.
GREEDY_15_SINCE = 1406239833000  # 3a8d6b19 2014-07-24T15:10:33-07:00
ZEROED_COUNTS_SINCE = 1488172448000  # b68ca8b6 2017-02-27T12:14:08+07:00
ZEROED_COUNTS_UNTIL = 1509489333000  # acd818c9 2017-10-31T15:35:33-07:00
BASE_ITERS_SINCE = 1512775712000  # e07aec5a 2017-12-08T15:28:32-08:00


@dataclass(frozen=True)
class PolisRules:
    """The rules of the Pol.is version that ran an update."""

    greedy_top_up: bool  # top up to 15 by activity (else: 7 most active if nobody is in)
    counts_zeroed_columns: bool  # moderated-out/meta columns count as votes for in-conv
    base_iters: int


def rules_at(at_ms: int | None) -> PolisRules:
    """The rules in force at ``at_ms`` (ms since the epoch); None means the current rules."""
    if at_ms is None:
        at_ms = BASE_ITERS_SINCE
    return PolisRules(
        greedy_top_up=at_ms >= GREEDY_15_SINCE,
        # b68ca8b6 counted votes on the moderation-zeroed matrix, where every cell of a
        # zeroed column is 0 (named_matrix.clj ``zero-out-columns``), not nil; acd818c9 went
        # back to the raw matrix.
        counts_zeroed_columns=ZEROED_COUNTS_SINCE <= at_ms < ZEROED_COUNTS_UNTIL,
        base_iters=BASE_ITERS if at_ms >= BASE_ITERS_SINCE else OLD_BASE_ITERS,
    )


@dataclass(frozen=True)
class KSmootherState:
    """conversation.clj :group-k-smoother: the last best k, how often in a row, the k shown."""

    last_k: int
    last_k_count: int
    smoothed_k: int


@dataclass(frozen=True)
class PolisState:
    """What an update hands to the next (all keyed by ids)."""

    updates: int
    in_conversation: IntArray  # sorted participant ids
    base: Clustering  # members: participant ids
    group_ks: IntArray  # the k of each carried group clustering
    groups: tuple[Clustering, ...]  # members: base-cluster ids
    smoother: KSmootherState | None

    def clustering_for(self, k: int) -> Clustering | None:
        position = np.flatnonzero(self.group_ks == k)
        return self.groups[int(position[0])] if position.size else None


@dataclass(frozen=True)
class PolisUpdate:
    state: PolisState
    in_conversation: BoolArray  # per vote-matrix row
    base_cluster: IntArray  # per row, base-cluster id or -1
    group: IntArray  # per row, group id or -1
    k: int
    silhouettes: tuple[tuple[int, float], ...]


def in_conversation_ids(
    votes: VoteMatrix,
    zeroed: BoolArray,
    previous: IntArray | None,
    rules: PolisRules,
) -> BoolArray:
    """conversation.clj :user-vote-counts and :in-conv for the rules of the update."""
    counts = votes.votes_per_participant()
    has_votes = votes.votes_per_statement() > 0
    n_columns = int(has_votes.sum())
    if rules.counts_zeroed_columns:
        zeroed_columns = np.flatnonzero(zeroed & has_votes)
        voted_zeroed = np.zeros(votes.shape[0], dtype=np.int64)
        if zeroed_columns.size:
            hits = np.isin(votes.codes.indices, zeroed_columns)
            voted_zeroed = np.bincount(
                votes.row_of_each_vote()[hits], minlength=votes.shape[0]
            ).astype(np.int64)
        counts = counts + zeroed_columns.size - voted_zeroed
    inside = counts >= min(MIN_VOTES, n_columns)
    inside &= votes.votes_per_participant() > 0
    if previous is not None and previous.size:
        inside |= lookup(previous, votes.participant_ids) >= 0
    voters = votes.votes_per_participant() > 0
    if rules.greedy_top_up:
        missing = GREEDY_N - int(inside.sum())
    else:
        missing = OLD_EMPTY_TAKE if not inside.any() else 0
    if missing > 0:
        others = np.flatnonzero(~inside & voters)
        ranked = others[np.argsort(-counts[others], kind="stable")]
        inside[ranked[:missing]] = True
    return inside


def polis_update(
    votes: VoteMatrix,
    zeroed: BoolArray,
    projections: FloatArray,
    previous: PolisState | None,
    *,
    at_ms: int | None = None,
) -> PolisUpdate:
    """One update: ``projections`` are this update's PCA positions of every matrix row.

    ``zeroed`` flags the columns set to 0 for the PCA (moderated out or meta).
    """
    rules = rules_at(at_ms)
    inside = in_conversation_ids(
        votes, zeroed, None if previous is None else previous.in_conversation, rules
    )
    rows = np.flatnonzero(inside)
    pids = votes.participant_ids[rows]
    order = np.argsort(pids, kind="stable")
    keys_sorted = pids[order]
    # Points in participant-id order: Pol.is numbers participants as they join, so this is
    # its row order, which init-clusters ("the first k distinct points") depends on.
    base = kmeans_carried(
        keys_sorted,
        projections[rows][order],
        np.ones(rows.size),
        BASE_K,
        None if previous is None else previous.base,
        max_iter=rules.base_iters,
    )
    n_base = base.ids.size
    ks = list(range(2, min(MAX_K, 2 + n_base // BASE_PER_EXTRA_GROUP) + 1)) if n_base > 1 else []
    clusterings: list[Clustering] = []
    scores: list[tuple[int, float]] = []
    # conversation.clj :bucket-dists: one distance table of the base-cluster centres.
    centres = base.centres
    distances = np.sqrt(((centres[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2))
    for k in ks:
        fit = kmeans_carried(
            base.ids,
            base.centres,
            base.weights,
            k,
            None if previous is None else previous.clustering_for(k),
            max_iter=GROUP_ITERS,
        )
        clusterings.append(fit)
        labels = np.searchsorted(fit.ids, fit.member_cluster)
        scores.append((k, silhouette(centres, labels, distances)))
    smoother = None if previous is None else previous.smoother
    group_of_base: IntArray = np.zeros(n_base, dtype=np.int64)
    k_shown = min(n_base, 1)
    if scores:
        # ``apply max-key`` returns the last of equal maxima: on a tie the larger k.
        best = max(scores, key=lambda item: (item[1], item[0]))[0]
        smoother = _smooth(best, smoother)
        shown = smoother.smoothed_k if smoother.smoothed_k in ks else best
        chosen = clusterings[ks.index(shown)]
        group_of_base = chosen.member_cluster
        k_shown = int(chosen.ids.size)
    group = np.full(votes.shape[0], -1, dtype=np.int64)
    base_cluster = np.full(votes.shape[0], -1, dtype=np.int64)
    if n_base:
        member_rows = rows[order]
        base_cluster[member_rows] = base.member_cluster
        group[member_rows] = group_of_base[np.searchsorted(base.ids, base.member_cluster)]
    state = PolisState(
        updates=(0 if previous is None else previous.updates) + 1,
        in_conversation=sorted_unique(pids),
        base=base,
        group_ks=np.asarray(ks, dtype=np.int64),
        groups=tuple(clusterings),
        smoother=smoother,
    )
    return PolisUpdate(
        state=state,
        in_conversation=inside,
        base_cluster=base_cluster,
        group=group,
        k=k_shown,
        silhouettes=tuple(scores),
    )


def _smooth(best: int, previous: KSmootherState | None) -> KSmootherState:
    """conversation.clj :group-k-smoother, exactly: switch after K_BUFFER wins in a row."""
    same = previous is not None and best == previous.last_k
    count = previous.last_k_count + 1 if same and previous is not None else 1
    smoothed = best if count >= K_BUFFER or previous is None else previous.smoothed_k
    return KSmootherState(last_k=best, last_k_count=count, smoothed_k=smoothed)
