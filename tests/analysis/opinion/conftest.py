"""Fixtures for the opinion-analysis tests: real Pol.is exports and small planted conversations."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from opbouw.analysis.opinion import PolisExport, Statement, VoteMatrix, read_polis_export
from tests.shared_data import POLIS_DATA


def polis_dataset_names() -> list[str]:
    # Fail loudly rather than skip: these tests are the check against Pol.is itself.
    if not POLIS_DATA.is_dir():
        raise FileNotFoundError(f"Pol.is open data not found at {POLIS_DATA.resolve()}")
    names = sorted(p.name for p in POLIS_DATA.iterdir() if (p / "comments.csv").is_file())
    if not names:
        raise FileNotFoundError(f"no Pol.is exports under {POLIS_DATA.resolve()}")
    return names


@cache
def load_export(name: str) -> PolisExport:
    return read_polis_export(POLIS_DATA / name)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # Every test that asks for `dataset_name` runs once per real Pol.is conversation; a missing
    # data folder raises here, so the run fails instead of silently skipping.
    if "dataset_name" in metafunc.fixturenames:
        metafunc.parametrize("dataset_name", polis_dataset_names())


@pytest.fixture(scope="session")
def polis_export() -> Callable[[str], PolisExport]:
    """Read (once) and return a real export by folder name."""
    return load_export


@pytest.fixture(scope="session")
def polis_data() -> Path:
    return POLIS_DATA


def planted_conversation(
    n_participants: int = 120,
    n_statements: int = 30,
    density: float = 0.6,
    n_groups: int = 2,
    seed: int = 0,
) -> tuple[VoteMatrix, list[Statement], np.ndarray]:
    """Participants in hidden groups that mostly agree with their group's stance."""
    rng = np.random.default_rng(seed)
    groups = rng.integers(0, n_groups, n_participants)
    stance = rng.choice((-1, 1), size=(n_groups, n_statements))
    rows, cols = np.nonzero(rng.random((n_participants, n_statements)) < density)
    agree = rng.random(rows.size) < np.where(stance[groups[rows], cols] > 0, 0.85, 0.15)
    votes = np.where(rng.random(rows.size) < 0.1, 0, np.where(agree, 1, -1))
    matrix = VoteMatrix.from_votes(
        rows + 1000, cols + 1, votes, statements=np.arange(1, n_statements + 1)
    )
    statements = [Statement(id=i) for i in range(1, n_statements + 1)]
    return matrix, statements, groups


@pytest.fixture(scope="session")
def planted() -> Callable[..., tuple[VoteMatrix, list[Statement], np.ndarray]]:
    return planted_conversation
