"""Reasons for many suggestions at once, with array operations instead of a Python loop.

Every distinct phrase gets an id and a row of term weights (idf); every person a list of
phrase ids per field. For a batch of suggestions (me, other):

- gives_wants: all (my gift phrase, their wish phrase) combinations are scored by the idf of
  the terms they share; the best MAX_PAIR_REASONS with a positive score become reasons;
- wants_gives: the same for my wishes and their gifts;
- shared_interest: my interest phrases sharing a term with their interests or free text (and,
  for people with free text, the words of it that do, found in Python for those few pairs).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Field:
    """One field (gifts, wishes or interests) of every person: phrase ids in CSR layout."""

    indptr: IntArray
    phrase: IntArray

    @classmethod
    def build(cls, per_person: Sequence[Sequence[int]]) -> Field:
        lengths = np.fromiter((len(p) for p in per_person), dtype=np.int64, count=len(per_person))
        indptr = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
        flat = np.fromiter(
            (pid for phrases in per_person for pid in phrases),
            dtype=np.int64,
            count=int(indptr[-1]),
        )
        return cls(indptr, flat)


def _combinations(
    mine: Field, theirs: Field, me: IntArray, other: IntArray
) -> tuple[IntArray, IntArray, IntArray]:
    """(suggestion, my phrase, their phrase) for every phrase combination of every pair."""
    count_mine = mine.indptr[me + 1] - mine.indptr[me]
    count_theirs = theirs.indptr[other + 1] - theirs.indptr[other]
    per = count_mine * count_theirs
    total = int(per.sum())
    if total == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    suggestion = np.repeat(np.arange(me.size, dtype=np.int64), per)
    offset = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(per) - per, per)
    width = count_theirs[suggestion]
    my_phrase = mine.phrase[mine.indptr[me[suggestion]] + offset // width]
    their_phrase = theirs.phrase[theirs.indptr[other[suggestion]] + offset % width]
    return suggestion, my_phrase, their_phrase


def _row_dots(left: sp.csr_matrix, right: sp.csr_matrix, a: IntArray, b: IntArray) -> FloatArray:
    """left[a[i]] . right[b[i]] for every i, computed once per distinct (a, b)."""
    if a.size == 0:
        return np.zeros(0)
    span = int(max(int(b.max()) + 1, 1))
    keys, inverse = np.unique(a * span + b, return_inverse=True)
    ua, ub = keys // span, keys % span
    values = np.asarray(left[ua].multiply(right[ub]).sum(axis=1)).ravel()
    result: FloatArray = values[inverse.ravel()]
    return result


def best_pairs(
    mine: Field,
    theirs: Field,
    phrase_idf: sp.csr_matrix,
    phrase_terms: sp.csr_matrix,
    me: IntArray,
    other: IntArray,
    keep: int,
) -> tuple[IntArray, IntArray, IntArray]:
    """Up to `keep` (suggestion, my phrase, their phrase) per suggestion, best first."""
    suggestion, my_phrase, their_phrase = _combinations(mine, theirs, me, other)
    weight = _row_dots(phrase_idf, phrase_terms, my_phrase, their_phrase)
    hit = weight > 0
    suggestion, my_phrase, their_phrase, weight = (
        suggestion[hit],
        my_phrase[hit],
        their_phrase[hit],
        weight[hit],
    )
    order = np.lexsort((their_phrase, my_phrase, -weight, suggestion))
    suggestion, my_phrase, their_phrase = suggestion[order], my_phrase[order], their_phrase[order]
    if suggestion.size:
        first = np.flatnonzero(np.concatenate(([True], suggestion[1:] != suggestion[:-1])))
        rank = np.arange(suggestion.size) - np.repeat(
            first, np.diff(np.concatenate((first, [suggestion.size])))
        )
        top = rank < keep
        suggestion, my_phrase, their_phrase = suggestion[top], my_phrase[top], their_phrase[top]
    return suggestion, my_phrase, their_phrase


def shared_phrases(
    mine: Field,
    phrase_terms: sp.csr_matrix,
    person_terms: sp.csr_matrix,
    me: IntArray,
    other: IntArray,
) -> tuple[IntArray, IntArray]:
    """(suggestion, my phrase) for my phrases sharing a term with `person_terms[other]`, in
    the order of my phrases."""
    count = mine.indptr[me + 1] - mine.indptr[me]
    total = int(count.sum())
    if total == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    suggestion = np.repeat(np.arange(me.size, dtype=np.int64), count)
    offset = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(count) - count, count)
    my_phrase = mine.phrase[mine.indptr[me[suggestion]] + offset]
    hit = _row_dots(phrase_terms, person_terms, my_phrase, other[suggestion]) > 0
    return suggestion[hit], my_phrase[hit]
