"""`manage.py retention [--dry-run]`: remove what is past its retention period."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from opbouw.privacy.retention import retention_run


class Command(BaseCommand):
    help = "Anonymise or delete what is past its retention period (settings.OPBOUW_RETENTION)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what is due; change nothing."
        )

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        lines = retention_run(dry_run=dry_run)
        mode = "dry run: nothing changed" if dry_run else "done"
        self.stdout.write(f"retention ({mode})")
        for line in lines:
            if not line.registered:
                why = "no rule registered" if line.days is not None else "no days configured"
                self.stdout.write(f"  {line.category:<22} {why}")
                continue
            done = "" if dry_run else f", {line.done} done"
            self.stdout.write(
                f"  {line.category:<22} {line.days:>5} days: {line.due} due{done} — "
                f"{line.description}"
            )
