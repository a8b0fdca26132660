"""The live recompute follows the same path as a replay of the conversation's history.

A conversation grown vote by vote on the platform, with an analysis after every vote, must
end with the same groups (and group numbers) as the replay of its vote events with one
update per vote (opbouw/analysis/opinion/replay.py).
"""

import random

import numpy as np

from opbouw.analysis.opinion.replay import VoteEvents, replay
from opbouw.dialogue import services, snapshots
from opbouw.dialogue.models import VoteEvent
from tests.dialogue.support import STANCES

# After the last rule change in Pol.is's history (incremental.py), so the replay's dated
# rules are the current ones the platform uses.
START_MS = 1_800_000_000_000
# Further apart than a poll window: one update per vote, as the live path here.
STEP_MS = 5_000


def _grow(conversation, statements, participants: int, seed: int) -> list:
    rng = random.Random(seed)
    results = []
    for i in range(participants):
        voter = services.Voter(user=None, key=f"replaysleutel-{i:04d}-0123456789")
        camp = i % 2
        # Early participants vote on one statement only; later ones on most of them.
        chosen = statements[:1] if i < 3 else rng.sample(statements, k=8)
        for statement in chosen:
            stance = STANCES[statement.number - 1][camp]
            value = stance if rng.random() < 0.85 else 0
            services.vote_cast(
                conversation=conversation, voter=voter, statement_id=statement.pk, value=value
            )
            snapshot = snapshots.snapshot_compute(conversation_id=conversation.pk)
            results.append(snapshots.snapshot_result(snapshot))
    return results


def test_live_recompute_vote_by_vote_equals_the_replay(conversation, statements):
    live = _grow(conversation, statements, participants=24, seed=3)
    events = list(
        VoteEvent.objects.filter(conversation=conversation)
        .order_by("id")
        .values_list("participant_id", "statement_id", "value")
    )
    assert len(events) == len(live)
    voters, targets, values = (np.array(column, dtype=np.int64) for column in zip(*events))
    times = START_MS + STEP_MS * np.arange(len(events), dtype=np.int64)
    analysis_statements = [s.for_analysis() for s in snapshots.load_statements(conversation.pk)]
    replayed = replay(VoteEvents(times, voters, targets, values), analysis_statements)

    final = live[-1]
    assert replayed.updates == len(events) == final.state.polis.updates
    assert final.k >= 2
    assert replayed.result.groups_by_participant() == final.groups_by_participant()
    assert replayed.result.k == final.k
    np.testing.assert_allclose(replayed.result.components, final.components, rtol=0, atol=1e-9)
    # The three early one-statement participants were admitted early and stay grouped.
    early = [p for p, _s, _v in events[:3]]
    assert all(p in final.groups_by_participant() for p in early)
