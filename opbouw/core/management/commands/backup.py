"""manage.py backup [--output PATH]: the database and the uploaded files in one archive."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from opbouw.core import backup


class Command(BaseCommand):
    help = "Back up the database (SQLite or PostgreSQL) and the uploaded files into one archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="Where to write the archive (default: OPBOUW_BACKUP_DIR/opbouw-<time>.tar.gz).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output = options["output"] or backup.default_output()
        try:
            manifest = backup.backup_create(output=output)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest.row_counts.values())
        files = sum(manifest.file_counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Back-up gemaakt: {output} ({output.stat().st_size / 1e6:.1f} MB; "
                f"{manifest.engine}, {len(manifest.row_counts)} tabellen, {rows} rijen, "
                f"{files} bestanden)."
            )
        )
        self.stdout.write("Bevat persoonsgegevens: bewaar het bestand versleuteld en beperkt.")
