"""manage.py tasks_recover_stale: requeue (or fail) tasks left RUNNING by a killed worker."""

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from opbouw.core.task_worker import recover_stale_tasks


class Command(BaseCommand):
    help = (
        "Tasks RUNNING longer than OPBOUW_TASK_STALE_MINUTES go back in the queue, or fail "
        "after OPBOUW_TASK_MAX_ATTEMPTS attempts. Run it from a timer (task_worker also does "
        "it when it starts)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--minutes", type=int, default=None, help="override the age")

    def handle(self, *args: Any, **options: Any) -> None:
        minutes = options["minutes"]
        recovery = recover_stale_tasks(
            older_than=timedelta(minutes=minutes) if minutes is not None else None
        )
        self.stdout.write(
            f"{recovery.requeued} taak/taken opnieuw in de wachtrij, {recovery.failed} mislukt."
        )
