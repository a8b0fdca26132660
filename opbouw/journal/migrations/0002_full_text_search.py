"""Full-text search: an FTS5 table on SQLite, an expression GIN index on PostgreSQL."""

from django.db import migrations


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS journal_entry_fts USING fts5("
            "note, tokenize = 'unicode61 remove_diacritics 2')"
        )
        schema_editor.execute(
            "INSERT INTO journal_entry_fts(rowid, note) SELECT id, note FROM journal_journalentry"
        )
    elif vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS journal_entry_note_fts ON journal_journalentry "
            "USING gin (to_tsvector('dutch'::regconfig, note))"
        )


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS journal_entry_fts")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS journal_entry_note_fts")


class Migration(migrations.Migration):
    dependencies = [("journal", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
