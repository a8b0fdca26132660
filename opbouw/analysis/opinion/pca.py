"""Two principal components of the mean-imputed, centred vote matrix, kept sparse.

Pol.is imputes every missing cell with its column mean and then centres the columns. After
centring an imputed cell is exactly 0, so the centred imputed matrix equals the sparse matrix
of deviations ``v_pc - mu_c`` on voted cells and 0 elsewhere (spec section 8). We never build
the dense matrix: the components come from the sparse deviations directly, by Lanczos
(``scipy.sparse.linalg.eigsh`` on ``X^T X`` as a LinearOperator) or, for few statements, from
the small dense Gram matrix. Both are exact, so any method gives the same subspace.

Sign is arbitrary for an eigenvector. We fix it deterministically (largest entry positive) and,
on an update, align each component with the previous one so the map and the warm-started
clusters do not mirror when one vote arrives.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import scipy.linalg
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from .matrix import BoolArray, FloatArray, IntArray, VoteMatrix

N_COMPONENTS = 2
# Up to this many statements we decompose the small C x C Gram matrix with LAPACK. Above it
# Lanczos on the sparse operator is cheaper in time and memory, and it also avoids
# multithreaded LAPACK, which on a busy machine can take 10x longer than the whole analysis
# (measured: 170 ms instead of 19 ms for 197 statements with two cores under load).
DENSE_GRAM_MAX_COLUMNS = 64
_LANCZOS_TOL = 1e-10
_COLD_SUBSPACE = 20
_WARM_SUBSPACE = 8
# Eigenvalues this small relative to the largest carry no direction: the "component" is an
# arbitrary null-space vector, so we report zeros instead of something that varies by method.
_NEGLIGIBLE_EIGENVALUE = 1e-10

# For the replay's many small updates ("active"): up to this many voted columns the exact
# top two come from their small Gram matrix (LAPACK, only two eigenpairs), else Lanczos.
# Pol.is itself runs 100 warm-started power iterations (pca.clj ``powerit-pca``,
# conversation.clj :pca-iters 100), which converge to the same subspace.
POWER_GRAM_MAX_COLUMNS = 400
# Restarted block Krylov refinement of the warm start: blocks per restart, restarts at most
# (Pol.is's :pca-iters is 100), and the relative residual at which the pair is exact enough.
KRYLOV_BLOCKS = 4
KRYLOV_RESTARTS = 100
KRYLOV_TOL = 1e-10

Method = Literal["auto", "dense", "lanczos", "active"]


@dataclass(frozen=True)
class CentredVotes:
    """The sparse centred imputed matrix and the column facts the spec's formulas need."""

    deviations: sp.csr_array
    means: FloatArray
    # Columns that exist for the math: statements with at least one vote (as in Pol.is, whose
    # matrix gets a column when the first vote arrives).
    is_column: BoolArray
    # Columns set to 0 for the PCA: moderated-out or meta statements that have votes.
    zeroed: BoolArray
    # n_p: non-missing cells per participant, zeroed columns counting as cells for everyone.
    cells_per_participant: IntArray

    @property
    def n_columns(self) -> int:
        return int(self.is_column.sum())


@dataclass(frozen=True)
class Components:
    vectors: FloatArray  # (2, n_statements); rows are unit vectors or zero
    eigenvalues: FloatArray  # (2,) of X^T X, largest first


def centre_votes(votes: VoteMatrix, excluded_from_pca: BoolArray) -> CentredVotes:
    """Centre each column on the mean of its votes; moderated/meta columns become all zero."""
    n_statements = votes.shape[1]
    indices = votes.codes.indices
    values = votes.vote_values().astype(np.float64)
    counts = votes.votes_per_statement()
    sums = np.bincount(indices, weights=values, minlength=n_statements)
    is_column = counts > 0
    zeroed = is_column & excluded_from_pca
    active = is_column & ~zeroed
    means = np.zeros(n_statements)
    np.divide(sums, counts, out=means, where=active)
    deviations = values - means[indices]
    deviations[zeroed[indices]] = 0.0
    matrix = sp.csr_array((deviations, indices, votes.codes.indptr), shape=votes.shape)
    # n_p = votes on active columns + zeroed columns. Few votes fall on zeroed columns, so we
    # find the rows of just those (binary search in indptr) instead of scanning every vote.
    indptr = votes.codes.indptr
    on_zeroed = np.flatnonzero(zeroed[indices])
    rows_on_zeroed = np.searchsorted(indptr, on_zeroed, side="right") - 1
    zeroed_votes = np.bincount(rows_on_zeroed, minlength=votes.shape[0])
    cells = np.diff(indptr) - zeroed_votes + int(zeroed.sum())
    return CentredVotes(matrix, means, is_column, zeroed, cells.astype(np.int64))


def principal_components(
    deviations: sp.csr_array,
    previous: FloatArray | None = None,
    *,
    seed: int = 0,
    method: Method = "auto",
) -> Components:
    """The top two right singular vectors of the centred matrix (eigenvectors of X^T X).

    ``previous`` holds last update's components in this matrix's column order (zeros for new
    statements); it warm-starts Lanczos and decides the signs.
    """
    n_statements = deviations.shape[1]
    if deviations.nnz == 0 or n_statements == 0:
        zeros = np.zeros((N_COMPONENTS, n_statements))
        return Components(zeros, np.zeros(N_COMPONENTS))
    use_dense = method == "dense" or (method == "auto" and n_statements <= DENSE_GRAM_MAX_COLUMNS)
    if n_statements <= N_COMPONENTS + 1:
        use_dense = True
    if method == "active":
        values, vectors = _active_eigen(deviations, previous, seed)
    elif use_dense:
        values, vectors = _dense_eigen(deviations)
    else:
        values, vectors = _lanczos_eigen(deviations, previous, seed)
    # Columns that are all zero (moderated, meta, unvoted) must not load on a component; the
    # dense solver leaves round-off like 1e-89 there, which would leak into the sign choice.
    column_energy = np.bincount(
        deviations.indices, weights=deviations.data**2, minlength=n_statements
    )
    vectors[:, column_energy == 0] = 0.0
    top = float(max(values[0], 0.0))
    for i in range(N_COMPONENTS):
        if values[i] <= _NEGLIGIBLE_EIGENVALUE * max(top, 1.0):
            vectors[i] = 0.0
            values[i] = 0.0
    return Components(_fix_signs(vectors, previous), np.maximum(values, 0.0))


def _dense_eigen(deviations: sp.csr_array) -> tuple[FloatArray, FloatArray]:
    gram = (deviations.T @ deviations).toarray()
    values, vectors = scipy.linalg.eigh(gram)
    order = np.argsort(values)[::-1][:N_COMPONENTS]
    out_values = np.zeros(N_COMPONENTS)
    out_vectors = np.zeros((N_COMPONENTS, gram.shape[0]))
    out_values[: order.size] = values[order]
    out_vectors[: order.size] = vectors[:, order].T
    return out_values, out_vectors


def _lanczos_eigen(
    deviations: sp.csr_array, previous: FloatArray | None, seed: int
) -> tuple[FloatArray, FloatArray]:
    n_statements = deviations.shape[1]
    transposed = deviations.T

    def gram_times(vector: FloatArray) -> FloatArray:
        result: FloatArray = transposed @ (deviations @ vector.reshape(-1))
        return result

    operator = spla.LinearOperator(
        (n_statements, n_statements), matvec=gram_times, rmatvec=gram_times, dtype=np.float64
    )
    # ARPACK draws its own random start vector when given none, which would make the result
    # depend on process state; a seeded start keeps it deterministic. A small seeded
    # perturbation of the previous components keeps the warm start from being an exact
    # eigenvector (a Lanczos breakdown would again fall back to ARPACK's own randomness).
    rng = np.random.default_rng(seed)
    start = rng.standard_normal(n_statements)
    # A cold start needs a roomier Krylov space; from last update's components a small one
    # converges in about a dozen products with X^T X instead of two dozen.
    subspace = _COLD_SUBSPACE
    if previous is not None and np.any(previous):
        warm = previous[0] + 0.5 * previous[1]
        start = warm + 1e-3 * np.linalg.norm(warm) * start / np.linalg.norm(start)
        subspace = _WARM_SUBSPACE
    try:
        values, vectors = spla.eigsh(
            operator,
            k=N_COMPONENTS,
            which="LA",
            v0=start,
            ncv=min(n_statements, subspace),
            tol=_LANCZOS_TOL,
            maxiter=max(1000, 10 * n_statements),
        )
    except spla.ArpackNoConvergence:
        # Practically unseen for two components; exactness matters more than speed here.
        return _dense_eigen(deviations)
    order = np.argsort(values)[::-1]
    return np.asarray(values[order], dtype=np.float64), np.asarray(vectors[:, order].T)


def _active_eigen(
    deviations: sp.csr_array, previous: FloatArray | None, seed: int
) -> tuple[FloatArray, FloatArray]:
    """Exact top two, warm-started, on the columns that have votes.

    An update early in a conversation has few voted columns among many statements, and one
    update differs little from the last. So we work on the voted columns only (their small
    Gram matrix, or the sparse product above ``POWER_GRAM_MAX_COLUMNS`` columns) and refine
    the previous components by restarted block Krylov steps with Rayleigh-Ritz until the
    residual is negligible: a handful of products instead of a full eigendecomposition, whose
    LAPACK call can take 10-100x longer on a busy machine.
    """
    n_statements = deviations.shape[1]
    energy = np.bincount(deviations.indices, weights=deviations.data**2, minlength=n_statements)
    active = np.flatnonzero(energy > 0)
    values = np.zeros(N_COMPONENTS)
    vectors = np.zeros((N_COMPONENTS, n_statements))
    if active.size == 0:
        return values, vectors
    sub = deviations[:, active].tocsr()
    transposed = sub.T.tocsr()
    if active.size <= POWER_GRAM_MAX_COLUMNS:
        gram = (transposed @ sub).toarray()
        if active.size <= KRYLOV_BLOCKS * N_COMPONENTS:
            found, basis = np.linalg.eigh(gram)
            top = min(N_COMPONENTS, active.size)
            order = np.argsort(found)[::-1][:top]
            values[:top] = found[order]
            vectors[:top, active] = basis[:, order].T
            return values, vectors

        def times(block: FloatArray) -> FloatArray:
            result: FloatArray = gram @ block
            return result
    else:

        def times(block: FloatArray) -> FloatArray:
            result: FloatArray = transposed @ (sub @ block)
            return result

    rng = np.random.default_rng(seed)
    start = rng.standard_normal((active.size, N_COMPONENTS))
    if previous is not None:
        warm = previous[:, active].T
        usable = np.linalg.norm(warm, axis=0) > 0
        start[:, usable] = warm[:, usable] + 1e-8 * start[:, usable]
    found, basis = _block_krylov(times, start)
    values[:] = found
    vectors[:, active] = basis.T
    return values, vectors


def _block_krylov(
    times: Callable[[FloatArray], FloatArray], start: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Top two eigenpairs of a symmetric positive semi-definite operator, from ``start``."""
    block = np.linalg.qr(start)[0]
    found = np.zeros(N_COMPONENTS)
    for _ in range(KRYLOV_RESTARTS):
        pieces = [block]
        for _ in range(KRYLOV_BLOCKS - 1):
            pieces.append(times(pieces[-1]))
        basis = np.linalg.qr(np.concatenate(pieces, axis=1))[0]
        image = times(basis)
        small = basis.T @ image
        ritz, rotation = np.linalg.eigh((small + small.T) / 2)
        order = np.argsort(ritz)[::-1][:N_COMPONENTS]
        found = ritz[order]
        block = basis @ rotation[:, order]
        residual = image @ rotation[:, order] - block * found
        scale = max(float(found[0]), 1e-300)
        if float(np.abs(residual).max()) <= KRYLOV_TOL * scale:
            break
    return found, block


def _fix_signs(vectors: FloatArray, previous: FloatArray | None) -> FloatArray:
    fixed = vectors.copy()
    for i in range(fixed.shape[0]):
        component = fixed[i]
        if not np.any(component):
            continue
        agreement = 0.0
        if previous is not None:
            agreement = float(component @ previous[i])
        if abs(agreement) > 1e-12:
            sign = np.sign(agreement)
        else:
            sign = np.sign(component[int(np.argmax(np.abs(component)))])
        fixed[i] = component * (sign if sign != 0 else 1.0)
    return fixed


def project_participants(centred: CentredVotes, components: FloatArray) -> FloatArray:
    """Sparsity-aware projection: sqrt(C / max(1, n_p)) * sum_c (v_pc - mu_c) * pc_c."""
    raw: FloatArray = np.asarray(centred.deviations @ components.T, dtype=np.float64)
    scale = np.sqrt(centred.n_columns / np.maximum(1, centred.cells_per_participant))
    projected: FloatArray = raw * scale[:, None]
    return projected


def project_statements(
    means: FloatArray, components: FloatArray, n_columns: int
) -> tuple[FloatArray, FloatArray]:
    """Statement positions (a virtual participant agreeing only with c) and extremity |.|."""
    positions: FloatArray = (np.sqrt(n_columns) * (1.0 - means))[:, None] * components.T
    extremity: FloatArray = np.linalg.norm(positions, axis=1)
    return positions, extremity
