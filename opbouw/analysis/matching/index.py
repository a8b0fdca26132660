"""Sparse top-k matching of profiles, with reasons.

Score of a pair (i, j), from i's point of view (symmetric except for reasons):

    GIVE_WEIGHT     * (cos(gifts_i, wishes_j) + cos(wishes_i, gifts_j))
  + INTEREST_WEIGHT * cos(interests_i, interests_j)      (free text joins interests at half)
  + AREA_WEIGHT     * [same area]
  + NEARBY_WEIGHT   * near                                (different areas, or own points)
  + LANGUAGE_WEIGHT * [a shared language]

near = max(0, 1 - distance / NEARBY_M), at least ADJACENT_NEAR for areas that border each
other. The distance is between the two people's own points when both have one, else between
the centres of their (different) areas when `areas` says where those lie (AreaPlace); within
one area without points there is no distance: the same-area bonus says it all.

with TF-IDF vectors of stemmed terms (text.py), idf over all profiles. Only pairs with some
content in common (a gift for a wish, or an interest) are suggested: living in the same buurt
or speaking the same language raises a suggestion but is not one by itself.

Candidates come from one sparse product per block of rows. A common term (held by more than
max(POPULAR_MIN, POPULAR_SHARE * n) profiles) would make that product quadratic, so for
*finding candidates* such a term only links people in the same area; each row keeps
CANDIDATES_PER_K * k + CANDIDATE_SLACK candidates, the common terms of pairs in different
areas are added back to their scores (small dense matrices), and the top k are kept. So the
scores are exact, but two people in different areas who share only common terms can be
missed. With no common terms (a buurt or wijk of a few thousand people) the result is exact.
"""

from __future__ import annotations

import gc
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from .model import AreaPlace, Profile, Reason, ReasonKind, Suggestion
from .reasons import Field, best_pairs, shared_phrases
from .text import Analyzer, normalise, vocabulary

GIVE_WEIGHT = 1.0
INTEREST_WEIGHT = 0.6
TEXT_WEIGHT = 0.5
AREA_WEIGHT = 0.15
NEARBY_WEIGHT = 0.15
LANGUAGE_WEIGHT = 0.1
NEARBY_M = 1500.0
# Between area centres a "nearby" reason needs this (a buurt's centre says less than a point).
NEARBY_AREA_M = 1000.0
ADJACENT_NEAR = 0.5
POPULAR_SHARE = 0.002
POPULAR_MIN = 200
CANDIDATES_PER_K = 3
CANDIDATE_SLACK = 10
BLOCK_PRODUCT_NNZ = 4_000_000
MAX_PAIR_REASONS = 2
MEMO_SIZE = 2_000_000
EARTH_RADIUS_M = 6_371_008.8

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Terms = dict[str, float]


class MatchingError(ValueError):
    """Input matching cannot use: duplicate or unknown ids, k below 1."""


def haversine_m(
    lat1: FloatArray, lon1: FloatArray, lat2: FloatArray, lon2: FloatArray
) -> FloatArray:
    """Great-circle distance in metres between points given in degrees."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp = p2 - p1
    dl = np.radians(lon2 - lon1)
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    result: FloatArray = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.minimum(h, 1.0)))
    return result


@dataclass(frozen=True)
class _Phrases:
    """One field of one profile: its phrases and, per phrase, its term ids (for reasons)."""

    phrases: tuple[str, ...]
    terms: tuple[Terms, ...]
    sets: tuple[frozenset[int], ...]
    all_ids: frozenset[int]
    key: int = -1  # the same for equal phrase lists in one index (reasons are memoised)


_EMPTY = _Phrases((), (), (), frozenset(), 0)


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while creating millions of small objects that
    form no cycles: otherwise each full collection walks every live object (the profiles,
    the index) again, which cost more than building the suggestions themselves."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _normalised_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    scaled: sp.csr_matrix = sp.diags(1.0 / norms) @ matrix
    return scaled.tocsr()


class MatchIndex:
    """Profiles prepared for matching; build once, query many times (`suggest`)."""

    def __init__(
        self,
        profiles: Iterable[Profile],
        *,
        extra_texts: Iterable[str] = (),
        areas: Mapping[Hashable, AreaPlace] | None = None,
    ) -> None:
        """`areas`: where the profiles' areas lie (centre, bordering areas), for distance
        without anyone's own point; areas not in it have neither."""
        with _no_cyclic_gc():
            self._build(profiles, extra_texts)
            self._build_places(areas or {})

    def _build(self, profiles: Iterable[Profile], extra_texts: Iterable[str]) -> None:
        ordered = sorted(profiles, key=lambda profile: profile.id)
        self.profiles: list[Profile] = ordered
        self.ids: IntArray = np.array([p.id for p in ordered], dtype=np.int64)
        if self.ids.size > 1 and np.any(self.ids[1:] == self.ids[:-1]):
            duplicate = int(self.ids[1:][self.ids[1:] == self.ids[:-1]][0])
            raise MatchingError(f"Profile {duplicate} is given more than once.")
        n = len(ordered)
        texts: list[str] = list(extra_texts)
        for p in ordered:
            texts.extend(p.gifts)
            texts.extend(p.wishes)
            texts.extend(p.interests)
            texts.append(p.text)
        self.analyzer = Analyzer(vocabulary(texts))
        self._term_ids: dict[str, int] = {}
        self._phrase_cache: dict[tuple[str, ...], _Phrases] = {}
        self._one_phrase: dict[str, tuple[Terms, frozenset[int]]] = {}
        self.gifts = [self._phrases(p.gifts) for p in ordered]
        self.wishes = [self._phrases(p.wishes) for p in ordered]
        self.interests = [self._phrases(p.interests) for p in ordered]
        self.texts = [self.analyzer.terms(p.text) if p.text else {} for p in ordered]
        for found in self.texts:
            for term in found:
                self._term_ids.setdefault(term, len(self._term_ids))
        self.text_ids = [frozenset(self._term_ids[t] for t in found) for found in self.texts]

        vocab = len(self._term_ids)
        self.vocab_size = vocab
        gifts = self._matrix([f.terms for f in self.gifts], n, vocab)
        wishes = self._matrix([f.terms for f in self.wishes], n, vocab)
        interests = self._matrix([f.terms for f in self.interests], n, vocab)
        free_text = self._matrix([(t,) if t else () for t in self.texts], n, vocab)
        self._build_phrase_tables(n, vocab)
        self.interest_terms: sp.csr_matrix = ((interests + free_text) > 0).astype(np.float64)
        self.text_terms: sp.csr_matrix = (free_text > 0).astype(np.float64)
        present = ((gifts + wishes + interests + free_text) > 0).astype(np.float64)
        df = np.asarray(present.sum(axis=0)).ravel()
        self.idf: FloatArray = np.log((1.0 + n) / (1.0 + df)) + 1.0
        self._idf_list: list[float] = self.idf.tolist()
        idf = sp.diags(self.idf)
        self.phrase_idf: sp.csr_matrix = (self.phrase_terms @ idf).tocsr()
        g = _normalised_rows(gifts @ idf)
        w = _normalised_rows(wishes @ idf)
        i = _normalised_rows((interests + TEXT_WEIGHT * free_text) @ idf)
        self.left: sp.csr_matrix = sp.hstack(
            [GIVE_WEIGHT * g, GIVE_WEIGHT * w, INTEREST_WEIGHT * i], format="csr"
        )
        self.right: sp.csr_matrix = sp.hstack([w, g, i], format="csr")

        area_keys: dict[Hashable, int] = {}
        self.area_code: IntArray = np.array(
            [
                -1 if p.area is None else area_keys.setdefault(p.area, len(area_keys))
                for p in ordered
            ],
            dtype=np.int64,
        )
        self._area_keys = area_keys
        self.has_point = np.array([p.point is not None for p in ordered], dtype=bool)
        points = np.array(
            [p.point if p.point is not None else (0.0, 0.0) for p in ordered], dtype=np.float64
        ).reshape(n, 2)
        self.lat: FloatArray = points[:, 0].copy()
        self.lon: FloatArray = points[:, 1].copy()
        spoken: dict[tuple[str, ...], frozenset[str]] = {}
        self.languages = []
        for p in ordered:
            key = tuple(p.languages)
            codes = spoken.get(key)
            if codes is None:
                codes = spoken[key] = frozenset(code.casefold() for code in key)
            self.languages.append(codes)
        language_ids: dict[str, int] = {}
        rows, cols = [], []
        for row, codes in enumerate(self.languages):
            for code in codes:
                rows.append(row)
                cols.append(language_ids.setdefault(code, len(language_ids)))
        self.language_matrix: sp.csr_matrix = sp.csr_matrix(
            (np.ones(len(rows)), (rows, cols)), shape=(n, max(1, len(language_ids)))
        )
        self._language_reasons: dict[frozenset[str], Reason] = {}
        self._reason_memo: dict[tuple[str, int], Reason] = {}
        language_set_ids: dict[frozenset[str], int] = {}
        self.language_set_code: IntArray = np.array(
            [language_set_ids.setdefault(codes, len(language_set_ids)) for codes in self.languages],
            dtype=np.int64,
        )
        self.language_sets: list[frozenset[str]] = list(language_set_ids)
        sets = self.language_sets
        self.language_share: npt.NDArray[np.bool_] | None = (
            np.array([[not a.isdisjoint(b) for b in sets] for a in sets], dtype=bool).reshape(
                len(sets), len(sets)
            )
            if len(sets) <= 1000
            else None
        )
        self._prepare_candidates()

    # --- building -------------------------------------------------------------------------

    def _build_places(self, areas: Mapping[Hashable, AreaPlace]) -> None:
        """Per area code: its centre (nan if unknown), and the bordering pairs of codes."""
        count = len(self._area_keys)
        self.area_lat: FloatArray = np.full(count, np.nan)
        self.area_lon: FloatArray = np.full(count, np.nan)
        bordering: list[int] = []
        for key, code in self._area_keys.items():
            place = areas.get(key)
            if place is None:
                continue
            if place.centre is not None:
                self.area_lat[code], self.area_lon[code] = place.centre
            for other in place.neighbours:
                other_code = self._area_keys.get(other)
                if other_code is not None and other_code != code:
                    bordering.extend((code * count + other_code, other_code * count + code))
        self.bordering_keys: IntArray = np.unique(np.array(bordering, dtype=np.int64))

    def _places(
        self, rows: IntArray, cols: IntArray
    ) -> tuple[npt.NDArray[np.bool_], FloatArray, npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
        """Per pair: same area; distance in metres (nan if unknown); whether that distance is
        between area centres; whether the areas border each other."""
        mine, theirs = self.area_code[rows], self.area_code[cols]
        same = (mine == theirs) & (mine >= 0)
        both = self.has_point[rows] & self.has_point[cols]
        distance = np.full(rows.size, np.nan)
        if both.any():
            r, c = rows[both], cols[both]
            distance[both] = haversine_m(self.lat[r], self.lon[r], self.lat[c], self.lon[c])
        approximate = np.zeros(rows.size, dtype=bool)
        adjacent = np.zeros(rows.size, dtype=bool)
        count = self.area_lat.size
        if count:
            known = (mine >= 0) & (theirs >= 0) & ~same
            m, t = np.where(known, mine, 0), np.where(known, theirs, 0)
            centres = known & ~both & ~np.isnan(self.area_lat[m]) & ~np.isnan(self.area_lat[t])
            if centres.any():
                m, t = mine[centres], theirs[centres]
                distance[centres] = haversine_m(
                    self.area_lat[m], self.area_lon[m], self.area_lat[t], self.area_lon[t]
                )
                approximate = centres
            if self.bordering_keys.size:
                adjacent = known & np.isin(
                    np.where(known, mine * count + theirs, -1), self.bordering_keys
                )
        return same, distance, approximate, adjacent

    def _phrases(self, phrases: Sequence[str], *, register: bool = True) -> _Phrases:
        kept = tuple(phrase for phrase in phrases if phrase and phrase.strip())
        if not kept:
            return _EMPTY
        if not register:  # a query (initiative): terms the index does not know are left out
            terms = tuple(self.analyzer.terms(phrase) for phrase in kept)
            ids = self._term_ids
            sets = tuple(frozenset(ids[t] for t in found if t in ids) for found in terms)
            return _Phrases(kept, terms, sets, frozenset().union(*sets))
        cached = self._phrase_cache.get(kept)
        if cached is not None:
            return cached
        parts = [self._phrase(phrase) for phrase in kept]
        terms = tuple(part[0] for part in parts)
        sets = tuple(part[1] for part in parts)
        all_ids = sets[0] if len(sets) == 1 else frozenset().union(*sets)
        result = _Phrases(kept, terms, sets, all_ids, len(self._phrase_cache) + 1)
        self._phrase_cache[kept] = result
        return result

    def _phrase(self, phrase: str) -> tuple[Terms, frozenset[int]]:
        """One phrase's terms and term ids (registering new terms), cached per phrase."""
        found = self._one_phrase.get(phrase)
        if found is None:
            terms = self.analyzer.terms(phrase)
            ids = self._term_ids
            for term in terms:
                if term not in ids:
                    ids[term] = len(ids)
            found = self._one_phrase[phrase] = (terms, frozenset(ids[t] for t in terms))
        return found

    def _build_phrase_tables(self, n: int, vocab: int) -> None:
        """Distinct phrases (ids, texts, term matrix) and each person's phrase ids per field,
        for computing reasons in batches (reasons.py)."""
        phrase_ids: dict[str, int] = {}
        phrase_terms: list[frozenset[int]] = []
        by_key: dict[int, list[int]] = {}

        def ids_of(field: _Phrases) -> list[int]:
            found = by_key.get(field.key)
            if found is not None:
                return found
            result = []
            for phrase, term_ids in zip(field.phrases, field.sets, strict=True):
                pid = phrase_ids.get(phrase)
                if pid is None:
                    pid = phrase_ids[phrase] = len(phrase_terms)
                    phrase_terms.append(term_ids)
                result.append(pid)
            by_key[field.key] = result
            return result

        self.f_gifts = Field.build([ids_of(f) for f in self.gifts])
        self.f_wishes = Field.build([ids_of(f) for f in self.wishes])
        self.f_interests = Field.build([ids_of(f) for f in self.interests])
        self.phrase_text: list[str] = list(phrase_ids)
        indptr = np.concatenate(([0], np.cumsum([len(t) for t in phrase_terms]))).astype(np.int64)
        indices = np.fromiter(
            (t for terms in phrase_terms for t in sorted(terms)),
            dtype=np.int64,
            count=int(indptr[-1]),
        )
        self.phrase_terms: sp.csr_matrix = sp.csr_matrix(
            (np.ones(indices.size), indices, indptr), shape=(len(phrase_terms), vocab)
        )

    def _matrix(self, fields: Sequence[Sequence[Terms]], n: int, vocab: int) -> sp.csr_matrix:
        indptr = [0]
        indices: list[int] = []
        data: list[float] = []
        ids = self._term_ids
        for field in fields:
            if len(field) == 1:
                row = field[0]
                indices.extend(ids[t] for t in row)
                data.extend(row.values())
            elif field:
                merged: dict[int, float] = {}
                for found in field:
                    for term, weight in found.items():
                        col = ids[term]
                        merged[col] = merged.get(col, 0.0) + weight
                indices.extend(merged.keys())
                data.extend(merged.values())
            indptr.append(len(indices))
        return sp.csr_matrix(
            (np.array(data, dtype=np.float64), np.array(indices, dtype=np.int64), indptr),
            shape=(n, vocab),
        )

    def _prepare_candidates(self) -> None:
        """The matrices used to find candidates: common terms split by area (module doc).

        Scores from them miss only the common terms of pairs in different areas; those are
        added back for the kept candidates (`popular_left/right`: those columns only).
        """
        n = self.ids.size
        width = self.right.shape[1]
        df = np.bincount(self.right.indices, minlength=width)
        popular = df > max(POPULAR_MIN, POPULAR_SHARE * n)
        self.pruned = bool(popular.any())
        if not self.pruned:
            self.cand_left = self.left
            self.cand_right_t = self.right.T.tocsr()
            return
        hot_columns = np.flatnonzero(popular)
        self.popular_left: sp.csr_matrix = self.left[:, hot_columns].tocsr()
        self.popular_right: sp.csr_matrix = self.right[:, hot_columns].tocsr()
        n_areas = len(self._area_keys) + 1

        def split(matrix: sp.csr_matrix) -> tuple[sp.coo_matrix, npt.NDArray[np.bool_], IntArray]:
            coo = matrix.tocoo()
            cols = coo.col.astype(np.int64)
            rows = coo.row.astype(np.int64)
            hot = popular[cols]
            keys = cols[hot] * n_areas + (self.area_code[rows[hot]] + 1)
            return coo, hot, keys

        r_coo, r_hot, r_keys = split(self.right)
        l_coo, l_hot, l_keys = split(self.left)
        unique_keys = np.unique(r_keys)
        r_cols = r_coo.col.astype(np.int64)
        r_cols[r_hot] = width + np.searchsorted(unique_keys, r_keys)
        position = np.minimum(np.searchsorted(unique_keys, l_keys), unique_keys.size - 1)
        found = unique_keys[position] == l_keys
        l_cols = l_coo.col.astype(np.int64)
        hot_at = np.flatnonzero(l_hot)
        l_cols[hot_at] = width + position
        keep = np.ones(l_cols.size, dtype=bool)
        keep[hot_at[~found]] = False
        total = width + unique_keys.size
        self.cand_left = sp.csr_matrix(
            (l_coo.data[keep], (l_coo.row[keep], l_cols[keep])), shape=(n, total)
        )
        self.cand_right_t = sp.csr_matrix((r_coo.data, (r_cols, r_coo.row)), shape=(total, n))

    # --- querying -------------------------------------------------------------------------

    def rows_of(self, ids: Iterable[int]) -> IntArray:
        wanted = np.fromiter((int(i) for i in ids), dtype=np.int64)
        if wanted.size == 0:
            return wanted
        if self.ids.size == 0:
            raise MatchingError(f"No profile with id {int(wanted[0])}.")
        rows = np.minimum(np.searchsorted(self.ids, wanted), self.ids.size - 1)
        bad = self.ids[rows] != wanted
        if bad.any():
            raise MatchingError(f"No profile with id {int(wanted[bad][0])}.")
        return rows.astype(np.int64)

    def _excluded_keys(self, pairs: Iterable[Iterable[int]]) -> IntArray:
        n = self.ids.size
        keys = []
        for pair in pairs:
            members = [int(x) for x in pair]
            if len(members) != 2 or n == 0:
                continue
            rows = np.minimum(np.searchsorted(self.ids, members), n - 1)
            if all(self.ids[r] == m for r, m in zip(rows, members, strict=True)):
                a, b = int(rows[0]), int(rows[1])
                keys.append(min(a, b) * n + max(a, b))
        return np.unique(np.array(keys, dtype=np.int64))

    def _boosts(self, rows: IntArray, cols: IntArray) -> tuple[FloatArray, FloatArray]:
        """Area, distance and language bonus per pair, and the distance (nan if unknown)."""
        same, distance, _approximate, adjacent = self._places(rows, cols)
        known = ~np.isnan(distance)
        near = np.where(known, np.maximum(0.0, 1.0 - np.nan_to_num(distance) / NEARBY_M), 0.0)
        near = np.where(adjacent, np.maximum(near, ADJACENT_NEAR), near)
        if self.language_share is not None:
            code = self.language_set_code
            shared = self.language_share[code[rows], code[cols]]
        else:
            shared = np.asarray(
                self.language_matrix[rows].multiply(self.language_matrix[cols]).sum(axis=1)
            ).ravel()
        bonus = AREA_WEIGHT * same + NEARBY_WEIGHT * near + LANGUAGE_WEIGHT * (shared > 0)
        return bonus, distance

    def _best_per_row(
        self, product: sp.csr_matrix, keep: int
    ) -> tuple[IntArray, IntArray, FloatArray]:
        """Up to `keep` entries per row with the highest positive values (ties: all entries
        equal to the cut-off value are kept, so the choice does not depend on storage order)."""
        indptr = product.indptr
        data = product.data
        indices = product.indices
        lengths = np.diff(indptr)
        short = lengths <= keep
        mask = np.repeat(short, lengths)
        long_rows = np.flatnonzero(~short).tolist()
        chosen = [np.flatnonzero(mask)]
        for row in long_rows:
            start, stop = int(indptr[row]), int(indptr[row + 1])
            values = data[start:stop]
            cut = np.partition(values, stop - start - keep)[stop - start - keep]
            chosen.append(start + np.flatnonzero(values >= cut))
        picked = np.concatenate(chosen)
        rows = np.repeat(np.arange(lengths.size), lengths)[picked]
        values = data[picked]
        positive = values > 1e-12
        return rows[positive], indices[picked][positive].astype(np.int64), values[positive]

    def _candidates(
        self, cand_left: sp.csr_matrix, k: int, excluded: IntArray, query_rows: IntArray
    ) -> tuple[IntArray, IntArray, FloatArray, FloatArray]:
        """Top-k (query position, column, score, distance), best first per query."""
        n = self.ids.size
        out: list[tuple[IntArray, IntArray, FloatArray, FloatArray]] = []
        cost = cand_left.astype(bool).astype(np.float64) @ np.diff(self.cand_right_t.indptr)
        keep = CANDIDATES_PER_K * k + CANDIDATE_SLACK if self.pruned else k
        start = 0
        total = cand_left.shape[0]
        while start < total:
            stop = start + 1
            budget = cost[start]
            while stop < total and budget + cost[stop] <= BLOCK_PRODUCT_NNZ:
                budget += cost[stop]
                stop += 1
            product = (cand_left[start:stop] @ self.cand_right_t).tocsr()
            lengths = np.diff(product.indptr)
            me = np.repeat(query_rows[start:stop], lengths)
            drop = product.indices == me
            if excluded.size:
                lo = np.minimum(me, product.indices)
                hi = np.maximum(me, product.indices)
                drop |= np.isin(lo * n + hi, excluded)
            product.data[drop] = 0.0
            q, c, s = self._best_per_row(product, keep)
            q = q + start
            mine = query_rows[q]
            if self.pruned:
                other_area = self.area_code[mine] != self.area_code[c]
                if other_area.any():
                    s = s.copy()
                    s[other_area] += np.asarray(
                        self.popular_left[mine[other_area]]
                        .multiply(self.popular_right[c[other_area]])
                        .sum(axis=1)
                    ).ravel()
            bonus, distance = self._boosts(mine, c)
            s = s + bonus
            order = np.lexsort((self.ids[c], -s, q))
            q, c, s, distance = q[order], c[order], s[order], distance[order]
            first = np.flatnonzero(np.concatenate(([True], q[1:] != q[:-1])))
            group_start = np.repeat(first, np.diff(np.concatenate((first, [q.size]))))
            top = (np.arange(q.size) - group_start) < k
            out.append((q[top], c[top], s[top], distance[top]))
            start = stop
        if not out:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, np.zeros(0), np.zeros(0)
        return tuple(np.concatenate(parts) for parts in zip(*out, strict=True))  # type: ignore[return-value]

    def suggest(
        self,
        *,
        for_ids: Iterable[int] | None = None,
        k: int = 10,
        exclude_pairs: Iterable[Iterable[int]] = frozenset(),
    ) -> dict[int, list[Suggestion]]:
        """Up to k suggestions for each id in `for_ids` (default: everyone), best first."""
        if k < 1:
            raise MatchingError(f"k must be at least 1, got {k}.")
        rows = np.arange(self.ids.size) if for_ids is None else self.rows_of(for_ids)
        rows = np.unique(rows)
        result: dict[int, list[Suggestion]] = {int(self.ids[r]): [] for r in rows}
        if rows.size == 0:
            return result
        excluded = self._excluded_keys(exclude_pairs)
        q, c, s, _d = self._candidates(self.cand_left[rows], k, excluded, rows)
        with _no_cyclic_gc():
            # The places (same, bordering, nearby) are worked out again there, with their kind.
            suggestions = self._suggestions(rows[q], c, s)
        for position, suggestion in zip(q.tolist(), suggestions, strict=True):
            result[int(self.ids[rows[position]])].append(suggestion)
        return result

    def suggest_for_initiative(
        self,
        *,
        themes: Sequence[str] = (),
        needs: Sequence[str] = (),
        area: Hashable | None = None,
        k: int = 10,
        exclude: Iterable[int] = (),
    ) -> list[Suggestion]:
        """People for an initiative: their gifts against its needs, their interests against
        its themes (and same area as a bonus). Only people with such a match are suggested."""
        if k < 1:
            raise MatchingError(f"k must be at least 1, got {k}.")
        need = self._phrases(needs, register=False)
        theme = self._phrases(themes, register=False)
        vocab = self.vocab_size
        vector = np.zeros(self.left.shape[1])
        for found, offset, weight in (
            (need, vocab, GIVE_WEIGHT),
            (theme, 2 * vocab, INTEREST_WEIGHT),
        ):
            part = np.zeros(vocab)
            for terms in found.terms:
                for term, value in terms.items():
                    col = self._term_ids.get(term)
                    if col is not None:
                        part[col] += value * self.idf[col]
            norm = np.linalg.norm(part)
            if norm > 0:
                vector[offset : offset + vocab] = weight * part / norm
        query = sp.csr_matrix(vector.reshape(1, -1))
        if not query.nnz or self.ids.size == 0:
            return []
        skip = {int(i) for i in exclude}
        content = np.asarray((query @ self.right.T).todense()).ravel()
        code = self._area_keys.get(area, -2) if area is not None else -2
        same = (self.area_code == code) if area is not None else None
        bordering = self._bordering(code)
        scores = (
            content
            + (AREA_WEIGHT * same if same is not None else 0.0)
            + NEARBY_WEIGHT * ADJACENT_NEAR * bordering
        )
        names = {number: str(key) for key, number in self._area_keys.items()}
        candidates = np.flatnonzero(content > 1e-12)
        candidates = candidates[np.lexsort((self.ids[candidates], -scores[candidates]))]
        result = []
        for column in candidates.tolist():
            other = int(self.ids[column])
            if other in skip:
                continue
            reasons: list[Reason] = [
                Reason("wants_gives", (mine, theirs))
                for mine, theirs in self._pairs(need, self.gifts[column])
            ]
            matched = self._matching_phrases(self.interests[column], theme.all_ids)
            if matched:
                reasons.append(Reason("shared_interest", matched))
            if same is not None and same[column]:
                reasons.append(Reason("same_area", (str(area),)))
            elif bordering[column]:
                theirs = int(self.area_code[column])
                reasons.append(
                    Reason(
                        "neighbouring_area",
                        (str(area), names[theirs]),
                        self._centre_distance(code, theirs),
                        True,
                    )
                )
            result.append(Suggestion(other, float(scores[column]), tuple(reasons)))
            if len(result) == k:
                break
        return result

    def _bordering(self, code: int) -> npt.NDArray[np.bool_]:
        """Per profile: whether their area borders the area with this code."""
        count = self.area_lat.size
        if code < 0 or not self.bordering_keys.size:
            return np.zeros(self.ids.size, dtype=bool)
        keys = np.where(self.area_code >= 0, code * count + self.area_code, -1)
        result: npt.NDArray[np.bool_] = np.isin(keys, self.bordering_keys)
        return result

    def _centre_distance(self, first: int, second: int) -> float | None:
        lat1, lon1 = self.area_lat[first], self.area_lon[first]
        lat2, lon2 = self.area_lat[second], self.area_lon[second]
        if np.isnan(lat1) or np.isnan(lat2):
            return None
        metres = haversine_m(np.array([lat1]), np.array([lon1]), np.array([lat2]), np.array([lon2]))
        return float(metres[0])

    # --- reasons --------------------------------------------------------------------------

    def _pairs(self, mine: _Phrases, theirs: _Phrases) -> list[tuple[str, str]]:
        """The best matching (my phrase, their phrase) pairs, by the idf of shared terms."""
        common = mine.all_ids & theirs.all_ids
        if not common:
            return []
        idf = self._idf_list
        scored = []
        for a, a_ids in zip(mine.phrases, mine.sets, strict=True):
            mine_common = a_ids & common
            if not mine_common:
                continue
            for b, b_ids in zip(theirs.phrases, theirs.sets, strict=True):
                shared = mine_common & b_ids
                if shared:
                    scored.append((-sum(idf[t] for t in shared), a, b))
        if len(scored) > 1:
            scored.sort()
        return [(a, b) for _, a, b in scored[:MAX_PAIR_REASONS]]

    @staticmethod
    def _matching_phrases(mine: _Phrases, ids: frozenset[int]) -> tuple[str, ...]:
        return tuple(
            phrase
            for phrase, found in zip(mine.phrases, mine.sets, strict=True)
            if not ids.isdisjoint(found)
        )

    def _text_words(self, me: int, theirs: frozenset[int], skip: Sequence[str]) -> list[str]:
        """The words of my free text whose terms are in `theirs`."""
        ids = self._term_ids
        result = []
        for word in normalise(self.profiles[me].text).split():
            terms = self.analyzer.word_terms(word)
            fits = any(ids.get(t, -1) in theirs for t, _ in terms)
            if fits and word not in skip and word not in result:
                result.append(word)
        return result

    def _pair_reason_objects(
        self, kind: ReasonKind, mine: IntArray, theirs: IntArray
    ) -> npt.NDArray[np.object_]:
        """One Reason per (my phrase, their phrase) entry, shared between equal entries."""
        result = np.empty(mine.size, dtype=object)
        if mine.size == 0:
            return result
        span = len(self.phrase_text)
        keys, inverse = np.unique(mine * span + theirs, return_inverse=True)
        memo = self._reason_memo
        texts = self.phrase_text
        objects = []
        for key in keys.tolist():
            reason = memo.get((kind, key))
            if reason is None:
                reason = Reason(kind, (texts[key // span], texts[key % span]))
                memo[(kind, key)] = reason
            objects.append(reason)
        if len(memo) > MEMO_SIZE:
            memo.clear()
        unique = np.empty(len(objects), dtype=object)
        unique[:] = objects
        result[:] = unique[inverse.ravel()]
        return result

    def _suggestions(self, me: IntArray, other: IntArray, score: FloatArray) -> list[Suggestion]:
        """Suggestion objects with their reasons for the pairs (me[i], other[i]).

        Reasons are gathered per kind with array operations (reasons.py), as (suggestion,
        Reason) entries in the order they are shown, then grouped per suggestion."""
        count = int(me.size)
        if count == 0:
            return []
        tables = (self.phrase_idf, self.phrase_terms)
        gw = best_pairs(self.f_gifts, self.f_wishes, *tables, me, other, MAX_PAIR_REASONS)
        wg = best_pairs(self.f_wishes, self.f_gifts, *tables, me, other, MAX_PAIR_REASONS)
        suggestion_parts = [gw[0], wg[0]]
        object_parts = [
            self._pair_reason_objects("gives_wants", gw[1], gw[2]),
            self._pair_reason_objects("wants_gives", wg[1], wg[2]),
        ]

        # Shared interests: my interest phrases that meet theirs (or their free text), and
        # the words of my free text that do.
        si_suggestion, si_phrase = shared_phrases(
            self.f_interests, self.phrase_terms, self.interest_terms, me, other
        )
        with_text = np.flatnonzero(self.text_terms.indptr[me + 1] > self.text_terms.indptr[me])
        text_pairs: list[int] = []
        if with_text.size:
            dots = np.asarray(
                self.text_terms[me[with_text]]
                .multiply(self.interest_terms[other[with_text]])
                .sum(axis=1)
            ).ravel()
            text_pairs = with_text[dots > 0].tolist()
        groups = np.unique(np.concatenate((si_suggestion, np.array(text_pairs, np.int64))))
        starts = np.searchsorted(si_suggestion, groups).tolist()
        stops = np.searchsorted(si_suggestion, groups, side="right").tolist()
        phrases = si_phrase.tolist()
        texts = self.phrase_text
        text_set = set(text_pairs)
        memo: dict[tuple[int, ...], Reason] = {}
        interest_objects = []
        for group, start, stop in zip(groups.tolist(), starts, stops, strict=True):
            key = tuple(phrases[start:stop])
            if group in text_set:
                mine, theirs = int(me[group]), int(other[group])
                shared = [texts[p] for p in key]
                their_terms = self.interests[theirs].all_ids | self.text_ids[theirs]
                shared.extend(self._text_words(mine, their_terms, shared))
                interest_objects.append(Reason("shared_interest", tuple(shared)))
                continue
            reason = memo.get(key)
            if reason is None:
                reason = memo[key] = Reason("shared_interest", tuple(texts[p] for p in key))
            interest_objects.append(reason)
        suggestion_parts.append(groups)
        interest_array = np.empty(len(interest_objects), dtype=object)
        interest_array[:] = interest_objects
        object_parts.append(interest_array)

        # Same area (with the distance between own points), bordering areas, or nearby.
        area = self.area_code
        same, distance, approximate, adjacent = self._places(me, other)
        known = ~np.isnan(distance)
        reach = np.where(approximate, NEARBY_AREA_M, NEARBY_M)
        neighbouring = ~same & adjacent
        near = ~same & ~adjacent & known & (distance <= reach)
        names = {code: str(key) for key, code in self._area_keys.items()}
        same_at = np.flatnonzero(same)
        place = [
            Reason("same_area", (names[code],), metres if has else None)
            for code, metres, has in zip(
                area[me[same_at]].tolist(),
                distance[same_at].tolist(),
                known[same_at].tolist(),
                strict=True,
            )
        ]
        next_at = np.flatnonzero(neighbouring)
        place += [
            Reason(
                "neighbouring_area",
                (names[mine], names[theirs]),
                metres if has else None,
                rough,
            )
            for mine, theirs, metres, has, rough in zip(
                area[me[next_at]].tolist(),
                area[other[next_at]].tolist(),
                distance[next_at].tolist(),
                known[next_at].tolist(),
                approximate[next_at].tolist(),
                strict=True,
            )
        ]
        near_at = np.flatnonzero(near)
        place += [
            Reason("nearby", (), metres, rough)
            for metres, rough in zip(
                distance[near_at].tolist(), approximate[near_at].tolist(), strict=True
            )
        ]
        place_array = np.empty(len(place), dtype=object)
        place_array[:] = place
        place_at = np.concatenate((same_at, next_at, near_at))
        order = np.argsort(place_at, kind="stable")
        suggestion_parts.append(place_at[order])
        object_parts.append(place_array[order])

        # Shared languages, one Reason per distinct pair of language sets.
        language_at, language_objects = self._language_reason_objects(me, other)
        suggestion_parts.append(language_at)
        object_parts.append(language_objects)

        suggestion = np.concatenate(suggestion_parts)
        objects = np.concatenate(object_parts)
        order = np.argsort(suggestion, kind="stable")
        bounds = np.searchsorted(suggestion[order], np.arange(count + 1)).tolist()
        flat = objects[order].tolist()
        ids = self.ids[other].tolist()
        scores = score.tolist()
        return [
            Suggestion(ids[i], scores[i], tuple(flat[bounds[i] : bounds[i + 1]]))
            for i in range(count)
        ]

    def _language_reason_objects(
        self, me: IntArray, other: IntArray
    ) -> tuple[IntArray, npt.NDArray[np.object_]]:
        codes = self.language_set_code
        sets = self.language_sets
        width = len(sets)
        keys = codes[me] * width + codes[other]
        unique, inverse = np.unique(keys, return_inverse=True)
        found: list[Reason | None] = []
        for key in unique.tolist():
            shared = sets[key // width] & sets[key % width]
            if not shared:
                found.append(None)
                continue
            reason = self._language_reasons.get(shared)
            if reason is None:
                reason = self._language_reasons[shared] = Reason("language", tuple(sorted(shared)))
            found.append(reason)
        has = np.array([reason is not None for reason in found], dtype=bool)
        per_unique = np.empty(len(found), dtype=object)
        per_unique[:] = found
        inverse = inverse.ravel()
        at = np.flatnonzero(has[inverse]) if unique.size else np.zeros(0, dtype=np.int64)
        return at.astype(np.int64), per_unique[inverse[at]]


def suggest(
    profiles: Iterable[Profile],
    *,
    for_ids: Iterable[int] | None = None,
    k: int = 10,
    exclude_pairs: Iterable[Iterable[int]] = frozenset(),
    areas: Mapping[Hashable, AreaPlace] | None = None,
) -> dict[int, list[Suggestion]]:
    """Up to k people for each profile in `for_ids` (default all), best first, never oneself,
    never a pair in `exclude_pairs` (either order). `areas`: where the areas lie (see
    AreaPlace). Builds a MatchIndex each call; keep one (`MatchIndex(profiles)`) to ask for
    many people at different times."""
    index = MatchIndex(profiles, areas=areas)
    return index.suggest(for_ids=for_ids, k=k, exclude_pairs=exclude_pairs)


def suggest_for_initiative(
    profiles: Iterable[Profile],
    *,
    themes: Sequence[str] = (),
    needs: Sequence[str] = (),
    area: Hashable | None = None,
    k: int = 10,
    exclude: Iterable[int] = (),
    areas: Mapping[Hashable, AreaPlace] | None = None,
) -> list[Suggestion]:
    """Up to k people for an initiative with these themes and needs, best first; `exclude`
    (e.g. current members) are left out. Reasons: wants_gives (need, their gift),
    shared_interest (their interests matching a theme), same_area or neighbouring_area (their
    area borders the initiative's, see AreaPlace)."""
    texts = list(themes) + list(needs)
    index = MatchIndex(profiles, extra_texts=texts, areas=areas)
    return index.suggest_for_initiative(themes=themes, needs=needs, area=area, k=k, exclude=exclude)
