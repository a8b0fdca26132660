"""manage.py import_key_figures FILE [FILE ...] [--jaar 2018]: CBS kerncijfers per area and year.

Reads CBS's own CSV (keys like AantalInwoners_5), the PDOK wijk- en buurtkaart GeoJSON and CSVs
in the PDOK attribute layout. All files or nothing: one bad file leaves the database unchanged.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from opbouw.assets.importers import KeyFigureImportError, import_key_figures_file


class Command(BaseCommand):
    help = "Import CBS 'Kerncijfers wijken en buurten' (CSV or GeoJSON), all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, help="CSV or GeoJSON files")
        parser.add_argument(
            "--jaar",
            "--year",
            dest="year",
            type=int,
            default=None,
            help="the year of the figures, when the file does not say it itself",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with transaction.atomic():
                for path in options["files"]:
                    result = import_key_figures_file(path, year=options["year"])
                    skipped = len(result.skipped_codes)
                    self.stdout.write(
                        f"{path}: {result.figures} cijfers van {result.year} voor "
                        f"{result.areas} gebieden ({result.missing} onbekend of geheim); "
                        f"{skipped} onbekende gebieden overgeslagen, "
                        f"{len(result.ignored_columns)} kolommen niet gebruikt"
                    )
        except KeyFigureImportError as error:
            raise CommandError(
                "Niets geïmporteerd:\n" + "\n".join(f"  - {line}" for line in error.errors)
            ) from None
