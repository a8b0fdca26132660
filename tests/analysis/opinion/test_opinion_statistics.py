"""Repness, consensus, group-informed consensus and priority on hand-made counts."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from opbouw.analysis.opinion import Statement, VoteMatrix, summarise_groups
from opbouw.analysis.opinion.consensus import consensus_statements, group_informed_consensus
from opbouw.analysis.opinion.group_votes import GroupVotes, VoteCounts, count_group_votes
from opbouw.analysis.opinion.priority import next_statement, statement_priorities
from opbouw.analysis.opinion.repness import repness_stats, representative_statements


def group_votes(agree, disagree, seen) -> GroupVotes:
    return GroupVotes(
        group_ids=np.arange(len(agree)),
        agree=np.array(agree, dtype=np.int64),
        disagree=np.array(disagree, dtype=np.int64),
        seen=np.array(seen, dtype=np.int64),
    )


def test_repness_formulas_by_hand() -> None:
    # Group 0: 3 agree, 1 pass out of 4; group 1: 2 disagree, 1 pass out of 3.
    stats = repness_stats(group_votes([[3], [0]], [[0], [2]], [[4], [3]]))
    assert stats.p_agree[0, 0] == pytest.approx(4 / 6)
    assert stats.pat[0, 0] == pytest.approx(2 * math.sqrt(5) * (4 / 5 - 0.5))
    assert stats.r_agree[0, 0] == pytest.approx((4 / 6) / (1 / 5))
    # a=4, A=1, s=5, S=4: p1=.8, p2=.25, p=5/9, sqrt(p(1-p)(1/5+1/4)) = 1/3.
    assert stats.rat[0, 0] == pytest.approx(0.55 * 3)
    # Group 1 disagrees: d=3, D=1, s=4, S=5 -> p1=.75, p2=.2, p=4/9, sqrt(20/81 * 9/20) = 1/3.
    assert stats.rdt[1, 0] == pytest.approx(0.55 * 3)
    assert stats.pdt[1, 0] == pytest.approx(2 * math.sqrt(4) * (3 / 4 - 0.5))


def test_two_proportion_test_is_zero_when_everyone_agrees() -> None:
    stats = repness_stats(group_votes([[5], [4]], [[0], [0]], [[5], [4]]))
    assert stats.rat[0, 0] == pytest.approx(0.0, abs=1e-12)
    assert stats.rat[1, 0] == pytest.approx(0.0, abs=1e-12)


def test_repness_selection_order_and_weak_fallback() -> None:
    # Three statements; group 0 agrees with 0 and 1, disagrees with 2; group 1 the opposite.
    votes = group_votes(
        agree=[[20, 15, 0], [0, 2, 20]],
        disagree=[[0, 2, 20], [20, 15, 0]],
        seen=[[20, 20, 20], [20, 20, 20]],
    )
    ids = np.array([100, 101, 102])
    result = representative_statements(votes, ids, hidden=np.zeros(3, dtype=bool))
    g0 = result[0].statements
    assert [s.statement_id for s in g0] == [100, 101, 102]
    assert [s.direction for s in g0] == ["agree", "agree", "disagree"]
    assert not any(s.weak for s in g0)
    # Moderated-out statements never show.
    hidden = np.array([True, False, False])
    assert 100 not in [
        s.statement_id for s in representative_statements(votes, ids, hidden)[0].statements
    ]
    # Identical groups: nothing qualifies, one weak statement is shown.
    same = group_votes([[5, 5], [5, 5]], [[5, 5], [5, 5]], [[10, 10], [10, 10]])
    weak = representative_statements(same, ids[:2], np.zeros(2, dtype=bool))
    assert [len(g.statements) for g in weak] == [1, 1]
    assert weak[0].statements[0].weak


def test_best_agree_is_kept_among_five() -> None:
    # Six strong disagree statements and one weaker agree statement for group 0.
    agree = [[0] * 6 + [15], [20] * 6 + [2]]
    disagree = [[20] * 6 + [2], [0] * 6 + [15]]
    seen = [[20] * 7, [20] * 7]
    picked = representative_statements(
        group_votes(agree, disagree, seen), np.arange(7), np.zeros(7, dtype=bool)
    )[0].statements
    assert len(picked) == 5
    assert picked[0].statement_id == 6 and picked[0].direction == "agree"


def test_consensus_by_hand() -> None:
    counts = VoteCounts(
        agree=np.array([9, 1, 5, 9]), disagree=np.array([0, 9, 5, 0]), seen=np.array([10] * 4)
    )
    result = consensus_statements(counts, np.array([1, 2, 3, 4]), np.array([0, 0, 0, 1], bool))
    assert [s.statement_id for s in result.agree] == [1]  # 4 is moderated out
    assert [s.statement_id for s in result.disagree] == [2]
    assert result.agree[0].p_success == pytest.approx(10 / 12)
    assert result.agree[0].p_test == pytest.approx(2 * math.sqrt(11) * (10 / 11 - 0.5))


def test_group_informed_consensus_by_hand() -> None:
    votes = group_votes([[3, 0], [0, 1]], [[0, 2], [2, 0]], [[4, 3], [3, 1]])
    np.testing.assert_allclose(
        group_informed_consensus(votes), [(4 / 6) * (1 / 5), (1 / 5) * (2 / 3)]
    )


@settings(max_examples=50, deadline=None)
@given(
    agree=arrays(np.int64, (4, 6), elements=st.integers(0, 30)),
    extra=arrays(np.int64, (4, 6), elements=st.integers(0, 30)),
    permutation=st.permutations(range(4)),
)
def test_gac_is_invariant_under_relabelling_groups(agree, extra, permutation) -> None:
    seen = agree + extra
    base = group_informed_consensus(group_votes(agree, np.zeros_like(agree), seen))
    order = list(permutation)
    shuffled = group_informed_consensus(
        group_votes(agree[order], np.zeros_like(agree), seen[order])
    )
    np.testing.assert_allclose(base, shuffled, rtol=1e-12)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_gac_is_invariant_under_participant_order(seed) -> None:
    rng = np.random.default_rng(seed)
    n, c = 15, 5
    rows, cols = np.nonzero(rng.random((n, c)) < 0.7)
    values = rng.integers(-1, 2, rows.size)
    labels = rng.integers(-1, 3, n)
    statements = [Statement(id=i) for i in range(c)]
    ids = np.arange(n)
    plain = VoteMatrix.from_votes(rows, cols, values, participants=ids, statements=np.arange(c))
    order = rng.permutation(n)
    shuffled = VoteMatrix.from_votes(
        rows, cols, values, participants=ids[order], statements=np.arange(c)
    )
    gac_plain = summarise_groups(plain, statements, labels).group_informed_consensus
    gac_shuffled = summarise_groups(shuffled, statements, labels[order]).group_informed_consensus
    np.testing.assert_allclose(gac_plain, gac_shuffled, rtol=1e-12)


def test_group_counts_ignore_ungrouped_and_count_passes() -> None:
    votes = VoteMatrix.from_votes([1, 2, 3, 3], [7, 7, 7, 8], [1, 0, -1, 1])
    counted = count_group_votes(votes, np.array([0, 0, -1]))
    assert counted.agree.tolist() == [[1, 0]]
    assert counted.seen.tolist() == [[2, 0]]


def test_priority_by_hand_and_meta_and_hidden() -> None:
    counts = VoteCounts(
        agree=np.array([3, 0, 3, 3]), disagree=np.array([2, 0, 2, 2]), seen=np.array([7, 0, 7, 7])
    )
    extremity = np.array([0.5, 0.0, 0.5, 0.5])
    meta = np.array([False, False, True, False])
    hidden = np.array([False, False, False, True])
    priority = statement_priorities(counts, extremity, meta, hidden)
    importance = (1 - 3 / 9) * 1.5 * 4 / 9
    assert priority[0] == pytest.approx((importance * (1 + 8 * 2 ** (-7 / 5))) ** 2)
    assert priority[1] == pytest.approx((0.25 * 9) ** 2)  # a new statement is shown quickly
    assert priority[2] == 49.0  # assigned, not computed: exact by construction
    assert priority[3] == 0.0  # assigned
    # Passes lower the priority.
    passes = VoteCounts(agree=np.array([3]), disagree=np.array([0]), seen=np.array([7]))
    assert statement_priorities(passes, extremity[:1], meta[:1], hidden[:1])[0] < priority[0]


def test_next_statement_is_seeded_weighted_and_skips_voted_and_hidden() -> None:
    priorities = np.array([1.0, 0.0, 100.0, 5.0])
    ids = np.array([10, 11, 12, 13])
    draws = [next_statement(priorities, ids, [13], rng=seed) for seed in range(200)]
    assert set(draws) <= {10, 12}
    assert draws.count(12) > draws.count(10)
    assert next_statement(priorities, ids, [13], rng=5) == next_statement(
        priorities, ids, [13], rng=5
    )
    assert next_statement(priorities, ids, [10, 12, 13], rng=0) is None
