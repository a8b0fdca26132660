"""manage.py import_polis DIR --area CODE: a Pol.is export folder as a new conversation."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from opbouw.accounts.models import User
from opbouw.analysis.opinion import PolisExportError
from opbouw.areas.models import Area
from opbouw.dialogue.imports import polis_import


class Command(BaseCommand):
    help = (
        "Importeer een Pol.is-export (comments.csv plus votes.csv en/of "
        "participants-votes.csv) als gesprek in een gebied. Bij een fout wordt niets opgeslagen."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", help="map met de Pol.is-export")
        parser.add_argument("--area", required=True, help="CBS-code van het gebied, bv. WK016405")
        parser.add_argument(
            "--question", default="", help="vraag (standaard: topic uit summary.csv)"
        )
        parser.add_argument("--user", default="", help="gebruikersnaam die als maker geldt")
        parser.add_argument(
            "--open", action="store_true", help="het gesprek open laten voor nieuwe stemmen"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        area = Area.objects.filter(code=options["area"]).first()
        if area is None:
            raise CommandError(f"Onbekend gebied {options['area']!r}: gebruik een CBS-code.")
        user = None
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"Onbekende gebruiker {options['user']!r}.")
        try:
            result = polis_import(
                path=options["directory"],
                area=area,
                imported_by=user,
                question=options["question"],
                keep_open=options["open"],
            )
        except PolisExportError as error:
            raise CommandError(f"Niets geïmporteerd. {error}") from None
        except ValidationError as error:
            raise CommandError(f"Niets geïmporteerd. {' '.join(error.messages)}") from None
        conversation = result.conversation
        self.stdout.write(
            self.style.SUCCESS(
                f"Gesprek {conversation.pk} “{conversation.question}” geïmporteerd in {area.name}: "
                f"{result.statements} stellingen, {result.participants} deelnemers, "
                f"{result.votes} stemmen."
            )
        )
