"""The bridge to opbouw.analysis.opinion: load votes, analyse, store and debounce snapshots.

Recompute policy (the debounce), in one place:

* Production queues the task in the database (django-tasks-db, config/settings/prod.py)
  for a worker process (``manage.py db_worker``), so a vote never waits for an analysis.
  Dev and tests use django-tasks' ImmediateBackend, which runs the task inline right after
  the commit: there the one vote per interval that claims a recompute waits for it (ms for
  a neighbourhood). After a vote is stored, ``recompute_due`` decides, from
  columns already loaded with the conversation (no extra query), whether a new analysis is
  worth starting: not while one is claimed (``analysis_queued_at``, unless that claim is
  older than ``CLAIM_STALE`` — a crashed worker), and not sooner than
  ``max(OPBOUW_DIALOGUE_RECOMPUTE_SECONDS, COST_FACTOR × the last recompute's time)`` after the
  last one. So a burst of votes starts at most one analysis per interval, and a conversation
  whose analysis takes 4 s is analysed at most every 20 s: the worker spends at most a fifth
  of its time on one conversation, however fast the votes come.
* Claiming is one conditional UPDATE (``request_recompute``): of two requests racing, one
  wins. The task is enqueued on commit, so it sees the vote that triggered it.
* Always eventually: the last votes of a burst fall inside the interval and trigger nothing
  themselves. They are picked up by (1) the next vote after the interval, (2) any view of
  the conversation's voting or results pages (``recompute_if_stale``: one indexed query for
  "any vote newer than the snapshot?"), and (3) ``manage.py dialogue_recompute``, meant for
  cron every few minutes, which analyses every conversation with unanalysed votes. (3) is
  the guarantee; (1) and (2) make it prompt.
* Moderation (hiding or approving a statement) changes the analysis without a new vote, so
  it forces a request (still one claim at a time).
* The task is idempotent: it analyses whatever is in the database when it runs and stores a
  new snapshot; running it twice costs time, never correctness. Each snapshot warm-starts
  from the previous one's state (stable groups); an unreadable previous snapshot (older
  format) means a cold start.
"""

import datetime as dt
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils import timezone

from opbouw.analysis.opinion import (
    AnalysisResult,
    AnalysisState,
    VoteCounts,
    VoteMatrix,
    analyse,
    next_statement,
    statement_priorities,
    summarise_groups,
)
from opbouw.analysis.opinion import Statement as AnalysisStatement

from .agreement import consensus_across_groups, counts, spread_ranking
from .codec import (
    SnapshotFormatError,
    decode_result,
    decode_state,
    encode_result,
    encode_state,
)
from .models import (
    AnalysisSnapshot,
    Conversation,
    DeclaredRole,
    Participant,
    Statement,
    Vote,
    VoteEvent,
)

logger = logging.getLogger(__name__)

DEFAULT_RECOMPUTE_SECONDS = 10.0
COST_FACTOR = 5.0
CLAIM_STALE = dt.timedelta(minutes=10)
SNAPSHOTS_KEPT = 3
PICK = 5
# A role is shown only from this many participants, and a role's share on a statement only
# from this many votes (privacy: a role of two, or three votes, would show how those people
# voted). Opinion groups (not who people are) are compared from MIN_VOTES_TO_COMPARE votes.
MIN_ROLE_PARTICIPANTS = 5
MIN_VOTES_TO_COMPARE = 3
ROLE_ORDER = [role.value for role in DeclaredRole]


def recompute_interval(conversation: Conversation) -> dt.timedelta:
    """Settings: OPBOUW_DIALOGUE_RECOMPUTE_SECONDS (the floor, default 10) and
    OPBOUW_DIALOGUE_RECOMPUTE_COST_FACTOR (default 5)."""
    floor = float(getattr(settings, "OPBOUW_DIALOGUE_RECOMPUTE_SECONDS", DEFAULT_RECOMPUTE_SECONDS))
    factor = float(getattr(settings, "OPBOUW_DIALOGUE_RECOMPUTE_COST_FACTOR", COST_FACTOR))
    return dt.timedelta(seconds=max(floor, factor * conversation.analysis_seconds))


def _claimed(conversation: Conversation, now: dt.datetime) -> bool:
    queued = conversation.analysis_queued_at
    return queued is not None and now - queued < CLAIM_STALE


def recompute_due(conversation: Conversation, *, now: dt.datetime | None = None) -> bool:
    """After a new vote: is it time to start an analysis? No query: columns only."""
    moment = now or timezone.now()
    if _claimed(conversation, moment):
        return False
    if conversation.analysed_at is None:
        return True
    return moment - conversation.analysed_at >= recompute_interval(conversation)


def has_unanalysed_votes(conversation: Conversation) -> bool:
    return VoteEvent.objects.filter(
        conversation_id=conversation.pk, id__gt=conversation.analysed_event_id
    ).exists()


def request_recompute(
    *, conversation: Conversation, force: bool = False, now: dt.datetime | None = None
) -> bool:
    """Claim the conversation's recompute and enqueue the task on commit; False if taken.

    ``force`` skips the interval (moderation, a worker's "bijwerken"), never the claim.
    """
    moment = now or timezone.now()
    if not force and not recompute_due(conversation, now=moment):
        return False
    free = Q(analysis_queued_at__isnull=True) | Q(analysis_queued_at__lt=moment - CLAIM_STALE)
    claimed = Conversation.objects.filter(free, pk=conversation.pk).update(
        analysis_queued_at=moment
    )
    if not claimed:
        return False
    conversation.analysis_queued_at = moment
    conversation_id = conversation.pk

    def enqueue() -> None:
        from .tasks import recompute_conversation  # the task module imports this one

        recompute_conversation.enqueue(conversation_id)

    transaction.on_commit(enqueue)
    return True


def recompute_if_stale(conversation: Conversation) -> bool:
    """Read repair for pages: start an analysis if votes arrived after the last one."""
    now = timezone.now()
    if not recompute_due(conversation, now=now) or not has_unanalysed_votes(conversation):
        return False
    return request_recompute(conversation=conversation, now=now)


# --- loading and analysing -----------------------------------------------------------------


@dataclass(frozen=True)
class StatementInfo:
    id: int
    hidden: bool
    is_meta: bool

    def for_analysis(self) -> AnalysisStatement:
        return AnalysisStatement(id=self.id, moderated_out=self.hidden, is_meta=self.is_meta)


def load_statements(conversation_id: int) -> list[StatementInfo]:
    rows = Statement.objects.filter(conversation_id=conversation_id).values_list(
        "id", "status", "is_meta"
    )
    return [
        StatementInfo(id=pk, hidden=status == Statement.Status.HIDDEN, is_meta=meta)
        for pk, status, meta in rows
    ]


LOAD_CHUNK = 100_000


def load_votes(conversation_id: int, statements: Sequence[StatementInfo]) -> VoteMatrix:
    """The latest votes as a sparse matrix; rows are participant ids, columns statement ids.

    A plain cursor read in chunks straight into numpy: millions of rows through the ORM's
    per-row machinery would take most of the recompute's time.
    """
    chunks = [np.zeros((0, 3), dtype=np.int64)]
    sql = (
        f"SELECT participant_id, statement_id, value FROM {Vote._meta.db_table} "  # noqa: S608
        "WHERE conversation_id = %s"
    )
    # chunked_cursor: a server-side cursor on PostgreSQL, so rows arrive a chunk at a time.
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, [conversation_id])
        while rows := cursor.fetchmany(LOAD_CHUNK):
            chunks.append(np.array(rows, dtype=np.int64).reshape(-1, 3))
    flat = np.concatenate(chunks)
    # Columns are every statement in id order, as the replay of an export has them
    # (replay.py), so both paths sum in the same order.
    ids = np.array(sorted({s.id for s in statements} | set(flat[:, 1].tolist())), dtype=np.int64)
    return VoteMatrix.from_votes(flat[:, 0], flat[:, 1], flat[:, 2], statements=ids)


def load_roles(conversation_id: int, participant_ids: np.ndarray) -> np.ndarray:
    """Per matrix row, the index of the declared role in ROLE_ORDER, or -1."""
    labels = np.full(participant_ids.size, -1, dtype=np.int64)
    declared = Participant.objects.filter(conversation_id=conversation_id).exclude(declared_role="")
    pairs = list(declared.values_list("id", "declared_role"))
    if not pairs:
        return labels
    ids = np.array([pk for pk, _role in pairs], dtype=np.int64)
    codes = np.array([ROLE_ORDER.index(role) for _pk, role in pairs], dtype=np.int64)
    order = np.argsort(ids)
    ids, codes = ids[order], codes[order]
    where = np.clip(np.searchsorted(ids, participant_ids), 0, ids.size - 1)
    found = ids[where] == participant_ids
    labels[found] = codes[where[found]]
    return labels


def latest_snapshot(conversation_id: int, *, with_result: bool = True) -> AnalysisSnapshot | None:
    snapshots = AnalysisSnapshot.objects.filter(conversation_id=conversation_id).order_by("-id")
    if not with_result:
        snapshots = snapshots.defer("result")
    return snapshots.first()


@lru_cache(maxsize=4)
def _decoded(snapshot_id: int, blob: bytes) -> AnalysisResult:
    return decode_result(blob)


def snapshot_result(snapshot: AnalysisSnapshot) -> AnalysisResult | None:
    """The stored AnalysisResult, decoded once per process; None if it cannot be read."""
    try:
        return _decoded(snapshot.pk, bytes(snapshot.result))
    except SnapshotFormatError:
        logger.warning("analysis snapshot %s cannot be read; ignoring it", snapshot.pk)
        return None


def _previous_state(conversation_id: int) -> AnalysisState | None:
    """The carried-over state of the latest snapshot (its own small blob; older snapshots
    have only the result's). Unreadable means a cold start."""
    previous = latest_snapshot(conversation_id, with_result=False)
    if previous is None:
        return None
    if previous.state:
        try:
            return decode_state(bytes(previous.state))
        except SnapshotFormatError:
            logger.warning("analysis state %s cannot be read; starting cold", previous.pk)
            return None
    result = snapshot_result(previous)
    return None if result is None else result.state


def snapshot_compute(*, conversation_id: int) -> AnalysisSnapshot | None:
    """Analyse a conversation now and store the snapshot (the body of the background task)."""
    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if conversation is None:
        return None
    task_started = time.perf_counter()
    # Read the event high-water mark before the votes: a vote cast in between is in the
    # matrix but counts as "new", which costs one extra analysis, never a missed one.
    last_event_id = (
        VoteEvent.objects.filter(conversation_id=conversation_id).aggregate(last=Max("id"))["last"]
        or 0
    )
    statements = load_statements(conversation_id)
    votes = load_votes(conversation_id, statements)
    if votes.nnz == 0:
        Conversation.objects.filter(pk=conversation_id).update(analysis_queued_at=None)
        return None
    roles = load_roles(conversation_id, votes.participant_ids)
    started = time.perf_counter()
    result = analyse(
        votes,
        [s.for_analysis() for s in statements],
        previous=_previous_state(conversation_id),
        seed=0,
        # Pol.is's live path (opbouw/analysis/opinion/incremental.py), the same one a replay
        # of an imported history follows: state carried by members, sticky in-conversation
        # set, k smoother.
        incremental=True,
    )
    seconds = time.perf_counter() - started
    summary = build_summary(result, votes, statements, roles)
    now = timezone.now()
    with transaction.atomic():
        snapshot = AnalysisSnapshot.objects.create(
            conversation_id=conversation_id,
            computed_at=now,
            last_event_id=last_event_id,
            vote_count=votes.nnz,
            participant_count=votes.shape[0],
            group_count=result.k,
            seconds=seconds,
            summary=summary,
            priorities={
                str(s): float(p) for s, p in zip(result.statement_ids, result.priority, strict=True)
            },
            result=encode_result(result),
            state=encode_state(result.state),
            updates=0 if result.state.polis is None else result.state.polis.updates,
        )
        Conversation.objects.filter(pk=conversation_id).update(
            analysed_at=now,
            analysed_event_id=last_event_id,
            # The whole task's time (reading the votes too): what the debounce spaces out.
            analysis_seconds=time.perf_counter() - task_started,
            analysis_queued_at=None,
        )
        old = AnalysisSnapshot.objects.filter(conversation_id=conversation_id).order_by("-id")
        stale_ids = list(old.values_list("id", flat=True)[SNAPSHOTS_KEPT:])
        if stale_ids:
            AnalysisSnapshot.objects.filter(id__in=stale_ids).delete()
    return snapshot


# --- what the pages show, computed once per snapshot ---------------------------------------


def build_summary(
    result: AnalysisResult,
    votes: VoteMatrix,
    statements: Sequence[StatementInfo],
    roles: np.ndarray,
) -> dict[str, Any]:
    """Everything the results pages show, as JSON-ready data keyed by statement id."""
    ids = result.statement_ids
    info = {s.id: s for s in statements}
    shown = np.array([not info[int(s)].hidden and not info[int(s)].is_meta for s in ids])
    codes = votes.codes
    totals = np.bincount(
        codes.indices.astype(np.int64) * 3 + (codes.data.astype(np.int64) - 1),
        minlength=ids.size * 3,
    ).reshape(ids.size, 3)  # columns: disagree, pass, agree
    group_votes = result.summary.group_votes
    grouped_totals = group_votes.totals()
    sizes = {
        int(g): int(n)
        for g, n in zip(
            *np.unique(result.group[result.group >= 0], return_counts=True), strict=True
        )
    }
    column = {int(s): c for c, s in enumerate(ids)}
    groups = []
    for row, group_id in enumerate(group_votes.group_ids.tolist()):
        repness = next((r for r in result.summary.repness if r.group == group_id), None)
        statements_out = []
        for rep in repness.statements if repness else ():
            c = column[rep.statement_id]
            others = VoteCounts(
                agree=grouped_totals.agree - group_votes.agree[row],
                disagree=grouped_totals.disagree - group_votes.disagree[row],
                seen=grouped_totals.seen - group_votes.seen[row],
            )
            statements_out.append(
                {
                    "statement": rep.statement_id,
                    "direction": rep.direction,
                    "weak": rep.weak,
                    "group": counts(
                        group_votes.agree[row, c],
                        group_votes.disagree[row, c],
                        group_votes.seen[row, c],
                    ),
                    "others": counts(others.agree[c], others.disagree[c], others.seen[c]),
                }
            )
        groups.append(
            {"id": group_id, "size": sizes.get(group_id, 0), "statements": statements_out}
        )
    # Consensus across the groups (spec section 6), never also among the differences.
    consensus = consensus_across_groups(group_votes, shown, ids, pick=PICK)
    for item in (item for side in consensus.values() for item in side):
        item.update(counts(*_totals_for(totals, column[item["statement"]])))  # everyone's votes
    agreed = frozenset(item["statement"] for side in consensus.values() for item in side)
    group_keys = [str(g) for g in group_votes.group_ids.tolist()]
    return {
        "participants": int(votes.shape[0]),
        "in_conversation": int(result.in_conversation.sum()),
        "votes": int(votes.nnz),
        "k": int(result.k),
        "groups": groups,
        "consensus": consensus,
        "divisive": (
            spread_ranking(
                group_votes,
                shown,
                group_keys,
                ids,
                min_votes=MIN_VOTES_TO_COMPARE,
                pick=PICK,
                exclude=agreed,
            )
            if len(groups) > 1
            else []
        ),
        "roles": _role_breakdown(votes, statements, roles, shown, ids),
        "totals": {str(int(s)): totals[c][::-1].tolist() for c, s in enumerate(ids)},
        "gac": {
            str(int(s)): round(float(v), 6)
            for s, v in zip(ids, result.summary.group_informed_consensus, strict=True)
        },
    }


def _totals_for(totals: np.ndarray, column: int) -> tuple[int, int, int]:
    disagree, passes, agree = (int(x) for x in totals[column])
    return agree, disagree, agree + disagree + passes


def _role_breakdown(
    votes: VoteMatrix,
    statements: Sequence[StatementInfo],
    roles: np.ndarray,
    shown: np.ndarray,
    ids: np.ndarray,
) -> dict[str, Any]:
    declared = {
        ROLE_ORDER[code]: int(n)
        for code, n in zip(*np.unique(roles[roles >= 0], return_counts=True), strict=True)
    }
    big_enough = [
        code
        for code, role in enumerate(ROLE_ORDER)
        if declared.get(role, 0) >= MIN_ROLE_PARTICIPANTS
    ]
    labels = np.where(np.isin(roles, big_enough), roles, -1)
    breakdown: dict[str, Any] = {
        "participants": declared,
        "shown": [ROLE_ORDER[code] for code in big_enough],
        "differ": [],
        "min_participants": MIN_ROLE_PARTICIPANTS,
    }
    if len(big_enough) < 2:
        return breakdown
    by_role = summarise_groups(votes, [s.for_analysis() for s in statements], labels).group_votes
    keys = [ROLE_ORDER[int(code)] for code in by_role.group_ids.tolist()]
    # A role's share on a statement is a disclosure like the role itself: from as many votes.
    breakdown["differ"] = spread_ranking(
        by_role, shown, keys, ids, min_votes=MIN_ROLE_PARTICIPANTS, pick=PICK
    )
    return breakdown


# --- choosing the next statement -----------------------------------------------------------

_NO_VOTES = np.zeros(2, dtype=np.int64)
# Section 7's priority of a statement nobody has voted on yet (and of a meta statement),
# from the analysis's own formula: for statements added after the last snapshot.
NEW_STATEMENT_PRIORITY, META_PRIORITY = (
    float(p)
    for p in statement_priorities(
        VoteCounts(agree=_NO_VOTES, disagree=_NO_VOTES, seen=_NO_VOTES),
        np.zeros(2),
        np.array([False, True]),
        np.array([False, False]),
    )
)


def draw_weights(
    candidates: Sequence[tuple[int, bool]], priorities: dict[int, float]
) -> tuple[np.ndarray, np.ndarray]:
    """(ids, weights) of the visible statements for the Pol.is priority draw (spec §7).

    ``candidates`` are (statement id, is_meta) of the visible statements: priorities of
    statements hidden since the snapshot are thus ignored, and new ones get the priority of
    a statement without votes.
    """
    ids = np.array([pk for pk, _meta in candidates], dtype=np.int64)
    # A stored 0 means "hidden at the time of the snapshot": shown again now, it is new.
    weights = np.array(
        [
            META_PRIORITY if meta else (priorities.get(pk) or NEW_STATEMENT_PRIORITY)
            for pk, meta in candidates
        ],
        dtype=np.float64,
    )
    return ids, weights


def draw(
    ids: np.ndarray,
    weights: np.ndarray,
    voted: set[int],
    rng: np.random.Generator | int | None = None,
) -> int | None:
    """A statement the participant has not voted on, drawn by weight (the analysis's draw)."""
    if ids.size == 0:
        return None
    generator = rng if rng is not None else np.random.default_rng()
    return next_statement(weights, ids, np.fromiter(voted, dtype=np.int64), generator)


def choose_statement(
    *,
    candidates: Sequence[tuple[int, bool]],
    voted: set[int],
    priorities: dict[int, float],
    rng: np.random.Generator | int | None = None,
) -> int | None:
    """Pol.is priority draw among visible statements the participant has not voted on."""
    ids, weights = draw_weights(candidates, priorities)
    return draw(ids, weights, voted, rng)
