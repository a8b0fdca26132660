"""What the analysis needs to know about a statement besides its votes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from .matrix import BoolArray, IntArray, lookup, sorted_unique


@dataclass(frozen=True)
class Statement:
    """A statement's id and moderation state.

    ``moderated_out``: rejected by a moderator; never shown as representative, consensus or
    next statement, and zeroed for the PCA. ``is_meta``: about the participants rather than
    the topic ("I live in this buurt"); zeroed for the PCA, shown with priority 49.
    """

    id: int
    moderated_out: bool = False
    is_meta: bool = False


@dataclass(frozen=True)
class StatementFlags:
    """Per-column flags aligned with a vote matrix's ``statement_ids``."""

    moderated_out: BoolArray
    is_meta: BoolArray

    @property
    def excluded_from_pca(self) -> BoolArray:
        return self.moderated_out | self.is_meta


def statement_flags(statement_ids: IntArray, statements: Iterable[Statement]) -> StatementFlags:
    """Flags per column; a column whose id is not among ``statements`` is an error."""
    listed = list(statements)
    ids = np.array([s.id for s in listed], dtype=np.int64)
    if sorted_unique(ids).size != ids.size:
        raise ValueError("statement ids must be unique")
    position = lookup(ids, statement_ids)
    if (position < 0).any():
        raise ValueError(f"votes on unknown statement {int(statement_ids[position < 0][0])}")
    moderated = np.array([s.moderated_out for s in listed], dtype=bool)
    meta = np.array([s.is_meta for s in listed], dtype=bool)
    return StatementFlags(moderated_out=moderated[position], is_meta=meta[position])
