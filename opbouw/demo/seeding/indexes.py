"""Indexes and foreign keys around the large bulk load, the way pg_restore does it.

Building an index once over a full table is much faster than updating it row by row, and
adding a foreign key checks all rows in one join instead of one trigger per row. So the large
seed drops the plain indexes (and on PostgreSQL the foreign keys) of the tables it fills,
loads, and creates them again. Unique indexes stay, so the load still cannot create
duplicates. The definitions are read from the database, so this follows the migrations.

On PostgreSQL the two full-text GIN indexes take most of the time (to_tsvector on a million
notes, twice). They are built after the load has committed, each on its own connection, so
both cores work; until then the DemoDataset row lists them as pending, and the next seed_demo
finishes them if a crash came in between.
"""

import contextlib
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, connection, connections, models

BUILD_MEMORY = "1GB"  # maintenance_work_mem per index build: GIN builds fewer, larger runs


@dataclass
class Deferred:
    """The index definitions deferred_checks left for build_indexes, after the transaction."""

    postponed: list[str] = field(default_factory=list)


def _tables(model_list: Sequence[type[models.Model]]) -> list[str]:
    tables = []
    for model in model_list:
        tables.append(model._meta.db_table)
        for many in model._meta.local_many_to_many:
            tables.append(many.remote_field.through._meta.db_table)  # type: ignore[union-attr]
    return tables


def _full_text(definition: str) -> bool:
    return " USING gin " in definition


@contextlib.contextmanager
def deferred_checks(
    model_list: Sequence[type[models.Model]], *, postpone_full_text: bool = False
) -> Iterator[Deferred]:
    """Drop the plain indexes and foreign keys of these tables (and their many-to-many
    tables) for the block, then create them again; inside the seed's transaction, so a
    failure puts everything back. With postpone_full_text, GIN indexes are not created again
    here but listed in the Deferred for build_indexes.
    """
    tables = _tables(model_list)
    foreign_keys: list[tuple[str, str, str]] = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i "
                "JOIN pg_class c ON c.relname = i.indexname AND c.relkind = 'i' "
                "JOIN pg_index x ON x.indexrelid = c.oid "
                "WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s) "
                "AND NOT x.indisunique",
                [tables],
            )
            indexes = cursor.fetchall()
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
                [tables],
            )
            foreign_keys = cursor.fetchall()
            # Pending deferred checks (from rows written earlier in this transaction) would
            # block the ALTER TABLEs: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for table, name, _definition in foreign_keys:
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
            cursor.execute(f"SET LOCAL maintenance_work_mem = '{BUILD_MEMORY}'")
        else:
            marks = ", ".join("%s" for _ in tables)
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "  # noqa: S608
                f"AND sql NOT LIKE 'CREATE UNIQUE%%' AND tbl_name IN ({marks})",
                tables,
            )
            indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
    deferred = Deferred()
    yield deferred
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # PostgreSQL builds no index on a table with pending trigger events.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for _name, definition in indexes:
            if postpone_full_text and _full_text(definition):
                deferred.postponed.append(definition)
            else:
                cursor.execute(definition)
        for table, name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")


def build_indexes(definitions: Sequence[str], *, parallel: bool) -> None:
    """Create these indexes unless they exist; with parallel, each on its own connection.

    Parallel needs committed data (another connection cannot see an open transaction's rows),
    so callers inside a transaction (tests) build them one after the other on theirs.
    """
    statements = [
        definition.replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1)
        for definition in definitions
    ]
    if not parallel:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        return

    def build(statement: str) -> None:
        try:
            with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
                cursor.execute(f"SET maintenance_work_mem = '{BUILD_MEMORY}'")
                cursor.execute(statement)
        finally:
            connections.close_all()  # this thread's connection only

    with ThreadPoolExecutor(max_workers=len(statements) or 1) as pool:
        list(pool.map(build, statements))
