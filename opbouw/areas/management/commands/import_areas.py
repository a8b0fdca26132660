"""manage.py import_areas FILE.geojson [FILE ...]: the CBS area tree from PDOK/CBS GeoJSON."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from opbouw.areas.importers import AreaImportError, import_areas, read_geojson


class Command(BaseCommand):
    help = "Import gemeenten, wijken and buurten from GeoJSON FeatureCollections (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, help="GeoJSON files, parents first")
        parser.add_argument(
            "--no-figures", action="store_true", help="only codes, names and boundaries"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with transaction.atomic():
                for path in options["files"]:
                    result = import_areas(
                        read_geojson(path), with_figures=not options["no_figures"]
                    )
                    self.stdout.write(
                        f"{path}: {result.created} gebieden aangemaakt, {result.updated} bijgewerkt"
                    )
        except AreaImportError as error:
            raise CommandError(
                "Niets geïmporteerd:\n" + "\n".join(f"  - {line}" for line in error.errors[:50])
            ) from None
