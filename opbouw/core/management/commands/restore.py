"""manage.py restore PATH [--noinput]: put a backup back, database and uploaded files."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from opbouw.core import backup

CONFIRM_WORD = "herstel"


class Command(BaseCommand):
    help = (
        "Restore a backup made with `manage.py backup`: replaces the database and the uploaded "
        "files. Checks the whole archive first; a wrong or damaged file changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The archive made by `manage.py backup`.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            manifest = backup.backup_inspect(path)
            self.stdout.write(
                f"Back-up van {manifest.created} ({manifest.engine}): "
                f"{sum(manifest.row_counts.values())} rijen in {len(manifest.row_counts)} "
                f"tabellen, {sum(manifest.file_counts.values())} bestanden."
            )
            if options["interactive"]:
                answer = input(
                    "Dit vervangt ALLE gegevens en bestanden van deze installatie. "
                    f"Typ '{CONFIRM_WORD}' om door te gaan: "
                )
                if answer.strip() != CONFIRM_WORD:
                    raise CommandError("Afgebroken; er is niets veranderd.")
            backup.backup_restore(path)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        counts = backup.row_counts()
        different = sorted(
            table for table, count in manifest.row_counts.items() if counts.get(table) != count
        )
        if different:
            raise CommandError(
                "Hersteld, maar het aantal rijen wijkt af in: " + ", ".join(different[:10])
            )
        self.stdout.write(
            self.style.SUCCESS(
                "Hersteld. Draai nu `manage.py migrate` als deze back-up van een oudere versie is."
            )
        )
