"""Replay of a vote history through Pol.is's incremental math (replay.py, incremental.py)."""

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opbouw.analysis.opinion import Statement, VoteMatrix, analyse
from opbouw.analysis.opinion.__main__ import main
from opbouw.analysis.opinion.incremental import (
    K_BUFFER,
    KSmootherState,
    _smooth,
    rules_at,
)
from opbouw.analysis.opinion.replay import VoteEvents, replay, update_windows

# 2026-01-01: after every rule change in Pol.is's history, so the current rules apply.
NOW_MS = 1_767_225_600_000
SECOND = 1_000


def _two_camps(participants: int, statements: int, seed: int) -> list[tuple[int, int, int]]:
    """(voter, statement, vote) in arrival order: two camps, a little noise."""
    rng = np.random.default_rng(seed)
    stance = rng.choice([-1, 1], size=statements)
    events = []
    for p in range(participants):
        sign = 1 if p % 2 else -1
        for s in rng.permutation(statements)[: max(7, statements - 2)]:
            value = int(sign * stance[s]) if rng.random() < 0.9 else 0
            events.append((p, int(s), value))
    return events


def _events(rows: list[tuple[int, int, int]], times: list[int]) -> VoteEvents:
    voters, targets, values = (np.array(c, dtype=np.int64) for c in zip(*rows, strict=True))
    return VoteEvents(np.array(times, dtype=np.int64), voters, targets, values)


def test_updates_follow_the_poll_windows():
    times = np.array([0, 10, 999, 1_000, 1_500, 5_000], dtype=np.int64) + NOW_MS
    assert update_windows(times).tolist() == [0, 3, 5]


def test_early_one_statement_voters_stay_in_the_groups():
    statements = [Statement(id=s) for s in range(10)]
    # Three early participants vote on statement 0 only, each in their own poll window: with
    # one statement they have voted on all of them and are admitted, and stay in.
    early = [(100 + i, 0, 1 if i % 2 else -1) for i in range(3)]
    later = [(p, s, v) for p, s, v in _two_camps(40, 10, seed=1)]
    rows = early + later
    times = [NOW_MS + i * 2 * SECOND for i in range(len(rows))]
    replayed = replay(_events(rows, times), statements)
    groups = replayed.result.groups_by_participant()
    assert {100, 101, 102} <= set(groups)
    assert replayed.updates == len(rows)
    # The one-shot analysis of the final matrix cannot know that: it leaves them out.
    voters, targets, values = (np.array(c) for c in zip(*rows, strict=True))
    one_shot = analyse(VoteMatrix.from_votes(voters, targets, values), statements)
    assert not {100, 101, 102} & set(one_shot.groups_by_participant())


def test_the_smoother_does_not_switch_k_on_one_update():
    state = _smooth(2, None)
    assert state.smoothed_k == 2  # a first update shows its best k at once
    state = _smooth(3, state)
    assert state.smoothed_k == 2 and state.last_k_count == 1
    state = _smooth(2, state)  # an interruption restarts the count
    for _ in range(K_BUFFER - 1):
        state = _smooth(3, state)
        assert state.smoothed_k == 2
    state = _smooth(3, state)
    assert state.smoothed_k == 3


@given(st.lists(st.integers(min_value=2, max_value=5), min_size=1, max_size=30))
def test_k_changes_only_after_k_buffer_wins_in_a_row(bests):
    state: KSmootherState | None = None
    history: list[int] = []
    for best in bests:
        before = None if state is None else state.smoothed_k
        state = _smooth(best, state)
        history.append(best)
        if before is not None and state.smoothed_k != before:
            assert history[-K_BUFFER:] == [state.smoothed_k] * K_BUFFER


def test_rules_follow_the_update_date():
    assert not rules_at(1_403_054_214_000).greedy_top_up  # June 2014
    assert rules_at(1_420_070_400_000).greedy_top_up  # 2015
    assert rules_at(1_500_000_000_000).counts_zeroed_columns  # July 2017
    assert not rules_at(NOW_MS).counts_zeroed_columns
    assert rules_at(None) == rules_at(NOW_MS)


def test_zeroed_columns_counted_in_2017_admit_light_voters():
    """Feb-Oct 2017 Pol.is counted moderated-out cells as votes (b68ca8b6 .. acd818c9)."""
    statements = [Statement(id=s, moderated_out=s >= 8) for s in range(16)]
    rows = [(p, s, v) for p, s, v in _two_camps(30, 8, seed=2)]
    rows += [(200, 0, 1), (200, 1, 1)] + [(300 + s, s, 1) for s in range(8, 16)]
    for when, admitted in ((1_500_000_000_000, True), (NOW_MS, False)):
        times = [when + i * 2 * SECOND for i in range(len(rows))]
        groups = replay(_events(rows, times), statements).result.groups_by_participant()
        assert (200 in groups) is admitted


@settings(max_examples=15, deadline=None)
@given(st.randoms(use_true_random=False))
def test_the_order_of_simultaneous_votes_does_not_matter(random):
    statements = [Statement(id=s) for s in range(8)]
    rows = _two_camps(24, 8, seed=4)
    # Five votes per poll window; each (voter, statement) cell is voted once.
    times = [NOW_MS + (i // 5) * SECOND for i in range(len(rows))]
    shuffled = list(rows)
    for start in range(0, len(rows), 5):
        window = shuffled[start : start + 5]
        random.shuffle(window)
        shuffled[start : start + 5] = window
    first = replay(_events(rows, times), statements).result
    second = replay(_events(shuffled, times), statements).result
    assert first.groups_by_participant() == second.groups_by_participant()
    np.testing.assert_allclose(first.projections, second.projections, rtol=0, atol=1e-9)


def _write_export(folder: Path, rows: list[tuple[int, int, int]], with_votes: bool) -> None:
    statement_ids = sorted({s for _p, s, _v in rows})
    (folder / "comments.csv").write_text(
        "comment-id,moderated,comment-body\n" + "".join(f"{s},1,s{s}\n" for s in statement_ids)
    )
    if with_votes:
        lines = [f"{NOW_MS + i * 2 * SECOND},{s},{p},{v}\n" for i, (p, s, v) in enumerate(rows)]
        (folder / "votes.csv").write_text("timestamp,comment-id,voter-id,vote\n" + "".join(lines))
    else:
        cells: dict[int, dict[int, int]] = {}
        for p, s, v in rows:
            cells.setdefault(p, {})[s] = v
        header = "participant,group-id," + ",".join(str(s) for s in statement_ids) + "\n"
        body = "".join(
            f"{p},," + ",".join(str(cells[p].get(s, "")) for s in statement_ids) + "\n"
            for p in sorted(cells)
        )
        (folder / "participants-votes.csv").write_text(header + body)


def test_the_command_line_replays_an_export(tmp_path, capsys):
    _write_export(tmp_path, _two_camps(20, 8, seed=5), with_votes=True)
    assert main([str(tmp_path), "--replay"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["updates"] == 20 * 7
    assert payload["k"] >= 2 and len(payload["groups"]) == 20
    assert {"repness", "consensus", "gac", "seconds"} <= set(payload)


def test_an_export_without_vote_history_cannot_be_replayed(tmp_path, capsys):
    _write_export(tmp_path, _two_camps(20, 8, seed=5), with_votes=False)
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main([str(tmp_path), "--replay"]) == 2
    captured = capsys.readouterr()
    assert "no vote history to replay" in captured.err and captured.out == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@pytest.mark.parametrize("statements", [[], [Statement(id=1)]])
def test_an_empty_history_replays_to_no_groups(statements):
    empty = np.zeros(0, dtype=np.int64)
    replayed = replay(VoteEvents(empty, empty, empty, empty), statements)
    assert replayed.updates == 0 and replayed.result.groups_by_participant() == {}
