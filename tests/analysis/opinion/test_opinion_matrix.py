"""The sparse vote matrix keeps passes apart from missing votes and the latest vote wins."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from opbouw.analysis.opinion import VoteMatrix
from opbouw.analysis.opinion.matrix import sorted_unique


@given(arrays(np.int64, st.integers(0, 50), elements=st.integers(-5, 5)))
def test_sorted_unique_equals_numpy_unique(values) -> None:
    np.testing.assert_array_equal(sorted_unique(values), np.unique(values))


def test_pass_is_stored_and_differs_from_missing() -> None:
    votes = VoteMatrix.from_votes([1, 1, 2], [10, 11, 10], [0, 1, -1])
    dense = votes.to_dense()
    assert dense[0, 0] == 0  # a pass
    assert np.isnan(dense[1, 1])  # never voted
    assert votes.nnz == 3
    assert votes.votes_per_participant().tolist() == [2, 1]


def test_latest_vote_wins() -> None:
    votes = VoteMatrix.from_votes([1, 1, 1], [10, 10, 10], [1, -1, 0])
    assert votes.to_dense().tolist() == [[0.0]]


def test_invalid_votes_are_rejected() -> None:
    with pytest.raises(ValueError, match="vote must be"):
        VoteMatrix.from_votes([1], [10], [2])
    with pytest.raises(ValueError, match="unknown statement"):
        VoteMatrix.from_votes([1], [10], [1], statements=[11])


def test_with_votes_overwrites_inserts_and_appends() -> None:
    votes = VoteMatrix.from_votes([1, 2], [10, 11], [1, 1])
    updated = votes.with_votes([1, 2, 3, 1], [10, 10, 12, 10], [-1, 0, 1, 0])
    assert updated.participant_ids.tolist() == [1, 2, 3]
    assert updated.statement_ids.tolist() == [10, 11, 12]
    expected = [[0, np.nan, np.nan], [0, 1, np.nan], [np.nan, np.nan, 1]]
    np.testing.assert_array_equal(updated.to_dense(), np.array(expected))
    # The original is untouched: matrices are values.
    np.testing.assert_array_equal(votes.to_dense(), [[1, np.nan], [np.nan, 1]])


def test_arrays_are_read_only() -> None:
    votes = VoteMatrix.from_votes([1], [10], [1])
    with pytest.raises(ValueError):
        votes.participant_ids[0] = 5
    with pytest.raises(ValueError):
        votes.codes.data[0] = 1
