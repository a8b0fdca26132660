"""PCA and projections: the sparse identity equals the dense mean-imputed computation."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from opbouw.analysis.opinion import VoteMatrix
from opbouw.analysis.opinion.pca import (
    centre_votes,
    principal_components,
    project_participants,
    project_statements,
)


def dense_centred(dense: np.ndarray, zeroed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Straight from the spec: impute column means, centre, zero moderated columns."""
    data = dense.copy()
    data[:, zeroed] = 0.0
    means = np.nanmean(np.where(np.isnan(data), np.nan, data), axis=0)
    means = np.where(np.isnan(means), 0.0, means)
    imputed = np.where(np.isnan(data), means, data)
    return imputed - imputed.mean(axis=0), means


vote_tables = arrays(
    np.float64,
    st.tuples(st.integers(2, 12), st.integers(1, 8)),
    elements=st.sampled_from([np.nan, -1.0, 0.0, 1.0]),
)


def matrix_from_dense(dense: np.ndarray) -> VoteMatrix:
    rows, cols = np.nonzero(~np.isnan(dense))
    return VoteMatrix.from_votes(
        rows,
        cols,
        dense[rows, cols].astype(int),
        participants=np.arange(dense.shape[0]),
        statements=np.arange(dense.shape[1]),
    )


@settings(max_examples=60, deadline=None)
@given(dense=vote_tables, data=st.data())
def test_sparse_projection_equals_dense_mean_imputed_projection(dense, data) -> None:
    zeroed_request = data.draw(arrays(bool, dense.shape[1]))
    votes = matrix_from_dense(dense)
    centred = centre_votes(votes, zeroed_request)
    has_votes = ~np.isnan(dense).all(axis=0)
    zeroed = zeroed_request & has_votes
    components = data.draw(
        arrays(np.float64, (2, dense.shape[1]), elements=st.floats(-1, 1, allow_nan=False))
    )
    # Dense reference on the columns that exist (statements with votes).
    reference, means = dense_centred(dense[:, has_votes], zeroed[has_votes])
    n_columns = int(has_votes.sum())
    cells = (~np.isnan(dense[:, has_votes & ~zeroed])).sum(axis=1) + int(zeroed.sum())
    expected = np.sqrt(n_columns / np.maximum(1, cells))[:, None] * (
        reference @ components[:, has_votes].T
    )
    np.testing.assert_allclose(project_participants(centred, components), expected, atol=1e-9)
    np.testing.assert_allclose(centred.means[has_votes & ~zeroed], means[~zeroed[has_votes]])
    # The sparse deviations *are* the centred imputed matrix.
    np.testing.assert_allclose(centred.deviations.toarray()[:, has_votes], reference, atol=1e-12)


def test_components_match_dense_svd_and_both_methods_agree(planted) -> None:
    votes, _, _ = planted(n_participants=300, n_statements=450, density=0.3, seed=3)
    excluded = np.zeros(votes.shape[1], dtype=bool)
    excluded[::50] = True
    centred = centre_votes(votes, excluded)
    dense_result = principal_components(centred.deviations, method="dense")
    lanczos_result = principal_components(centred.deviations, method="lanczos", seed=7)
    _, _, vt = np.linalg.svd(centred.deviations.toarray(), full_matrices=False)
    for i in range(2):
        assert abs(dense_result.vectors[i] @ vt[i]) > 1 - 1e-8
        # Same vectors, same sign: the sign rule is deterministic, not method-dependent.
        np.testing.assert_allclose(lanczos_result.vectors[i], dense_result.vectors[i], atol=1e-7)
    assert not dense_result.vectors[:, excluded].any()


def test_warm_start_keeps_signs_of_previous_components(planted) -> None:
    votes, _, _ = planted(seed=4)
    centred = centre_votes(votes, np.zeros(votes.shape[1], dtype=bool))
    cold = principal_components(centred.deviations)
    flipped_previous = -cold.vectors
    warm = principal_components(centred.deviations, flipped_previous)
    np.testing.assert_allclose(warm.vectors, -cold.vectors, atol=1e-10)


def test_statement_projection_is_a_virtual_agreeing_participant() -> None:
    dense = np.array([[1, -1, np.nan], [1, 0, -1], [-1, np.nan, 1], [np.nan, 1, 1]])
    votes = matrix_from_dense(dense)
    centred = centre_votes(votes, np.zeros(3, dtype=bool))
    components = principal_components(centred.deviations).vectors
    positions, extremity = project_statements(centred.means, components, centred.n_columns)
    for c in range(3):
        virtual = np.full((1, 3), np.nan)
        virtual[0, c] = 1
        # sqrt(C / 1) * (1 - mu_c) * pc_c, i.e. the projection of someone who only agreed with c.
        expected = np.sqrt(3) * (1 - centred.means[c]) * components[:, c]
        np.testing.assert_allclose(positions[c], expected, rtol=1e-9, atol=1e-12)
        assert extremity[c] == pytest.approx(np.linalg.norm(expected), rel=1e-9, abs=1e-12)
