"""The whole analysis: inclusion rules, determinism, planted groups, stable incremental updates."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import adjusted_rand_score

from opbouw.analysis.opinion import Statement, VoteMatrix, analyse, next_statement_for
from opbouw.analysis.opinion.participants import in_conversation


def test_inclusion_threshold_is_min_seven_and_statement_count() -> None:
    ids = np.arange(40)
    counts = np.array([7] * 20 + [6] * 20)
    assert in_conversation(ids, counts, n_statements=30).sum() == 20
    # With only 5 statements, 5 votes are enough.
    assert in_conversation(ids, np.array([5] * 40), n_statements=5).all()


def test_inclusion_is_sticky_and_tops_up_to_fifteen() -> None:
    ids = np.arange(30)
    counts = np.array([8] * 3 + [2] * 10 + [3] * 5 + [0] * 12)
    inside = in_conversation(ids, counts, n_statements=40, previously_in=np.array([25]))
    assert inside.sum() == 15
    assert inside[:3].all() and inside[25]
    assert inside[13:18].all()  # the most active of the rest (3 votes) come first
    assert not inside[26:].any()  # nobody without votes is added


def test_planted_groups_are_recovered(planted) -> None:
    votes, statements, truth = planted(n_participants=200, n_statements=40, seed=1)
    result = analyse(votes, statements, seed=0)
    grouped = result.group >= 0
    assert result.k == 2
    assert adjusted_rand_score(truth[grouped], result.group[grouped]) > 0.95


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 1000), data_seed=st.integers(0, 1000))
def test_analysis_is_deterministic_for_a_seed(planted, seed, data_seed) -> None:
    votes, statements, _ = planted(n_participants=60, n_statements=15, n_groups=3, seed=data_seed)
    first = analyse(votes, statements, seed=seed)
    second = analyse(votes, statements, seed=seed)
    np.testing.assert_array_equal(first.group, second.group)
    # Same seed, same input: the same result to within rounding (a threaded BLAS may sum in
    # another order), never a different grouping.
    np.testing.assert_allclose(first.projections, second.projections, rtol=0, atol=1e-12)
    np.testing.assert_allclose(first.priority, second.priority, rtol=0, atol=1e-12)
    assert first.summary.repness == second.summary.repness


def test_moderated_and_meta_statements(planted) -> None:
    votes, statements, _ = planted(seed=2)
    statements[0] = Statement(id=statements[0].id, moderated_out=True)
    statements[1] = Statement(id=statements[1].id, is_meta=True)
    result = analyse(votes, statements)
    assert not result.components[:, :2].any()
    assert result.priority[0] == 0.0 and result.priority[1] == 49.0  # assigned: exact
    assert len(np.unique(result.priority[2:])) > 1  # priorities vary (Pol.is's "all 49" bug)
    shown = [s.statement_id for g in result.summary.repness for s in g.statements]
    assert statements[0].id not in shown


def test_statements_without_votes_become_columns() -> None:
    votes = VoteMatrix.from_votes([1, 2], [10, 10], [1, -1])
    result = analyse(votes, [Statement(10), Statement(11)])
    assert result.statement_ids.tolist() == [10, 11]
    assert result.priority[1] == pytest.approx((0.25 * 9) ** 2)


def test_unknown_statement_in_votes_is_an_error() -> None:
    votes = VoteMatrix.from_votes([1], [10], [1])
    with pytest.raises(ValueError, match="unknown statement 10"):
        analyse(votes, [Statement(11)])


def test_tiny_and_empty_conversations() -> None:
    empty = VoteMatrix.from_votes([], [], [], participants=[1], statements=[5])
    result = analyse(empty, [Statement(5)])
    assert result.k == 0 and (result.group == -1).all()
    single = VoteMatrix.from_votes([1, 1], [5, 6], [1, -1])
    result = analyse(single, [Statement(5), Statement(6)])
    assert result.k == 1 and result.group.tolist() == [0]


def test_update_after_new_votes_keeps_groups(polis_export) -> None:
    export = polis_export("vtaiwan.uberx")
    full = export.votes
    statements = export.analysis_statements()
    # Hold back 100 votes, analyse, then add them back as an update.
    rng = np.random.default_rng(0)
    rows = full.row_of_each_vote()
    held = rng.choice(full.nnz, 100, replace=False)
    kept = np.setdiff1d(np.arange(full.nnz), held)
    values = full.vote_values()
    before = VoteMatrix.from_votes(
        full.participant_ids[rows[kept]],
        full.statement_ids[full.codes.indices[kept]],
        values[kept],
        participants=full.participant_ids,
        statements=full.statement_ids,
    )
    first = analyse(before, statements, seed=0)
    after = before.with_votes(
        full.participant_ids[rows[held]], full.statement_ids[full.codes.indices[held]], values[held]
    )
    second = analyse(after, statements, previous=first.state, seed=0)
    assert second.k == first.k
    both = (first.group >= 0) & (second.group >= 0)
    changed = np.mean(first.group[both] != second.group[both])
    assert changed < 0.02, f"{changed:.1%} of participants changed group"
    assert set(np.unique(second.group[second.group >= 0])) == set(
        np.unique(first.group[first.group >= 0])
    )
    # Sticky membership: nobody leaves the conversation.
    assert second.in_conversation[first.in_conversation].all()


def test_next_statement_for_participant(planted) -> None:
    votes, statements, _ = planted(n_participants=30, n_statements=10, density=0.5, seed=5)
    result = analyse(votes, statements)
    participant = int(votes.participant_ids[0])
    voted = set(votes.statement_ids[votes.codes.indices[: votes.codes.indptr[1]]].tolist())
    for seed in range(20):
        choice = next_statement_for(result, votes, participant, rng=seed)
        assert choice is None or choice not in voted
    newcomer = next_statement_for(result, votes, 999_999, rng=1)
    assert newcomer in set(votes.statement_ids.tolist())
