"""The timeline's indexes: (area, date, id, kind) and no separate index on area.

See JournalEntry.area and opbouw/journal/selectors.py for why. The area field only loses its
index, so the database just drops that index (AlterField would make SQLite copy the table).
"""

import django.db.models.deletion
from django.db import migrations, models

# Django's deterministic name for the ForeignKey's index, the same on SQLite and PostgreSQL.
AREA_INDEX = "journal_journalentry_area_id_4c046376"


class Migration(migrations.Migration):
    dependencies = [("journal", "0002_full_text_search")]

    operations = [
        migrations.RemoveIndex(model_name="journalentry", name="entry_area_date"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="journalentry",
                    name="area",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="entries",
                        to="areas.area",
                        verbose_name="gebied",
                    ),
                )
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{AREA_INDEX}"',
                    f'CREATE INDEX "{AREA_INDEX}" ON "journal_journalentry" ("area_id")',
                )
            ],
        ),
        migrations.AddIndex(
            model_name="journalentry",
            index=models.Index(
                fields=["area", "-occurred_on", "-id", "kind"], name="entry_area_date"
            ),
        ),
    ]
