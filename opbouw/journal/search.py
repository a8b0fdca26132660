"""Full-text search over journal notes: SQLite FTS5 or PostgreSQL full text, same interface.

SQLite keeps an external-content FTS5 table (`journal_entry_fts`, created in a migration) that
the services update when they save an entry. PostgreSQL searches an expression index on
`to_tsvector('dutch', note)`, so nothing needs updating there.
"""

import re
from collections.abc import Iterable

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from .models import JournalEntry

MAX_QUERY_LENGTH = 200
_WORD = re.compile(r"\w+", re.UNICODE)


def _words(query: str) -> list[str]:
    return _WORD.findall(query[:MAX_QUERY_LENGTH])[:12]


def search_entries(queryset: QuerySet[JournalEntry], query: str) -> QuerySet[JournalEntry]:
    """Entries whose note contains every word of the query (prefix match on SQLite)."""
    words = _words(query)
    if not words:
        return queryset.none()
    if connection.vendor == "postgresql":
        # websearch_to_tsquery never raises on user input; the words are parameters.
        return queryset.filter(
            id__in=RawSQL(
                "SELECT id FROM journal_journalentry WHERE "
                "to_tsvector('dutch'::regconfig, note) @@ "
                "websearch_to_tsquery('dutch'::regconfig, %s)",
                (" ".join(words),),
            )
        )
    # FTS5 syntax: each word quoted (so no operator injection) with a prefix star.
    match = " ".join('"' + word.replace('"', "") + '"*' for word in words)
    return queryset.filter(
        id__in=RawSQL(
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
