"""Full-text search over journal notes: SQLite FTS5 or PostgreSQL full text, same interface.

SQLite keeps an external-content FTS5 table (`journal_entry_fts`, created in a migration) that
the services update when they save an entry. PostgreSQL searches expression indexes on
`to_tsvector('dutch', note)` and `to_tsvector('simple', note)`, so nothing needs updating.
"""

import json
import math
import re
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import (
    BigIntegerField,
    BooleanField,
    DateField,
    ExpressionWrapper,
    F,
    Func,
    QuerySet,
    Value,
)
from django.db.models.expressions import RawSQL

from .models import JournalEntry

MAX_QUERY_LENGTH = 200
_WORD = re.compile(r"\w+", re.UNICODE)


def _words(query: str) -> list[str]:
    return _WORD.findall(query[:MAX_QUERY_LENGTH])[:12]


# Up to this many matches the database looks each one up and sorts them by date; with more,
# it walks the timeline in date order and checks entries against the matches until a page is
# full. Either way is fast; the wrong one takes seconds at a million entries.
FEW_MATCHES = 2000


# PostgreSQL can find a page of matches two ways. It can walk the timeline in date order and
# check the newest entries one by one: each check is two to_tsvector calls on a note, about
# forty times the cost of fetching a match from the GIN indexes, and it takes some 26/share
# checks for a page. Or it can fetch all matches from the GIN indexes and sort them. The two
# cost the same when matches ≈ √(26 · 40 · entries) ≈ 32·√entries; above that, walk. The
# planner cannot make this choice itself: it does not know what to_tsvector costs, and walked
# all million entries (73 s) for a word that occurs nowhere.
WALK_FACTOR = 32


def _estimated_rows(queryset: QuerySet[JournalEntry]) -> float:
    """PostgreSQL's own estimate of the rows of a query, from EXPLAIN (nothing is run)."""
    sql, params = queryset.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return float(plan[0]["Plan"]["Plan Rows"])


class NoteMatches(Func):
    """The note matches the tsquery, Dutch-stemmed or unstemmed, as a condition on the entry.

    Each side is exactly the expression of one GIN index. A condition on the entry itself
    (rather than "id IN (all matches)") lets PostgreSQL choose from its statistics on those
    expressions: the indexes for rare words, the timeline's date order for common ones (it
    then checks the newest entries one by one until a page is full, instead of fetching
    a hundred thousand matches first).
    """

    output_field = BooleanField()

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]  # noqa: E501
        note, query = self.get_source_expressions()
        note_sql, note_params = compiler.compile(note)
        query_sql, query_params = compiler.compile(query)
        sql = (
            f"(to_tsvector('dutch'::regconfig, {note_sql}) @@ "
            f"to_tsquery('dutch'::regconfig, {query_sql}) OR "
            f"to_tsvector('simple'::regconfig, {note_sql}) @@ "
            f"to_tsquery('simple'::regconfig, {query_sql}))"
        )
        return sql, [*note_params, *query_params, *note_params, *query_params]


class Unindexed(Func):
    """ "+id": the same value, but SQLite will not use it to look rows up one by one."""

    template = "+%(expressions)s"
    output_field = BigIntegerField()


def search_entries(queryset: QuerySet[JournalEntry], query: str) -> QuerySet[JournalEntry]:
    """Entries whose note contains every word of the query, each word as a prefix.

    Apply it last, to a queryset already in timeline order: on PostgreSQL it may change how
    that order is written (not the order itself), to steer the plan.
    """
    words = _words(query)
    if not words:
        return queryset.none()
    if connection.vendor == "postgresql":
        # Every word as a prefix ("wasmach:*"), as on SQLite, matched twice: Dutch-stemmed
        # (finds "moestuinen" for "moestuin") and unstemmed (a stem can cut a prefix short).
        # Both vectors have a GIN index (migrations 0002 and 0004). The words are \w+ tokens,
        # so they cannot carry tsquery operators; they are a parameter anyway.
        tsquery = " & ".join(f"{word}:*" for word in words)
        matching = queryset.filter(NoteMatches(F("note"), Value(tsquery)))
        if _estimated_rows(matching) > WALK_FACTOR * math.sqrt(_estimated_rows(queryset)):
            return matching
        # Few: the same date order, but as "occurred_on + 0", which no index provides, so
        # PostgreSQL cannot walk the timeline and takes the matches from the GIN indexes.
        return matching.order_by(
            ExpressionWrapper(F("occurred_on") + 0, output_field=DateField()).desc(),
            F("id").desc(),
        )
    # FTS5 syntax: each word quoted (so no operator injection) with a prefix star.
    match = " ".join('"' + word.replace('"', "") + '"*' for word in words)
    # How many match? FTS5 stops reading after the limit, so asking is cheap.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM journal_entry_fts WHERE journal_entry_fts MATCH %s LIMIT %s",
            (match, FEW_MATCHES + 1),
        )
        rowids = [row[0] for row in cursor.fetchall()]
    if len(rowids) <= FEW_MATCHES:
        return queryset.filter(id__in=rowids)
    return queryset.alias(fts_id=Unindexed("id")).filter(
        fts_id__in=RawSQL(
            "SELECT rowid FROM journal_entry_fts WHERE journal_entry_fts MATCH %s", (match,)
        )
    )


def index_entries(entry_ids: Iterable[int]) -> None:
    """Bring the SQLite index up to date for these entries (no-op on PostgreSQL)."""
    if connection.vendor != "sqlite":
        return
    ids = list(entry_ids)
    if not ids:
        return
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("%s" for _ in chunk)
            cursor.execute(f"DELETE FROM journal_entry_fts WHERE rowid IN ({marks})", chunk)  # noqa: S608
            cursor.execute(
                f"INSERT INTO journal_entry_fts(rowid, note) "  # noqa: S608
                f"SELECT id, note FROM journal_journalentry WHERE id IN ({marks})",
                chunk,
            )


def rebuild_index() -> None:
    """Rebuild the whole SQLite index (after bulk loads such as the demo)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM journal_entry_fts")
        cursor.execute(
            "INSERT INTO journal_entry_fts(rowid, note) SELECT id, note FROM journal_journalentry"
        )
