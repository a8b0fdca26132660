"""manage.py dialogue_exports_prune: remove expired Pol.is exports of conversations.

Meant for cron (daily, or hourly for big conversations' files); the retention run
(``manage.py retention``) does the same under its category ``conversation_exports``, and
every new export request prunes too. See opbouw/dialogue/exports.py.
"""

from typing import Any

from django.core.management.base import BaseCommand

from opbouw.dialogue.exports import exports_prune


class Command(BaseCommand):
    help = "Verwijder verlopen exports van gesprekken (bestand en regel)."

    def handle(self, *args: Any, **options: Any) -> None:
        removed = exports_prune()
        self.stdout.write(f"{removed} verlopen export(s) verwijderd.")
