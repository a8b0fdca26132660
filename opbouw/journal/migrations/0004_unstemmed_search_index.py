"""PostgreSQL: an unstemmed full-text index beside the Dutch one, for prefix search."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS journal_entry_note_fts_simple ON journal_journalentry "
            "USING gin (to_tsvector('simple'::regconfig, note))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS journal_entry_note_fts_simple")


class Migration(migrations.Migration):
    dependencies = [("journal", "0003_timeline_indexes")]
    operations = [migrations.RunPython(create, drop)]
