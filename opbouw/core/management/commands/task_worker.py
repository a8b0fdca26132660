"""manage.py task_worker: django-tasks-db's db_worker that survives a database restart.

The same options as `db_worker`; it reconnects when the database goes away and puts stale
RUNNING tasks right when it starts (opbouw.core.task_worker, docs/operations.md).
"""

from typing import Any

from django.core.management.base import CommandError
from django_tasks_db.management.commands import db_worker

from opbouw.core.task_worker import ResilientWorker


class Command(db_worker.Command):
    help = (
        "Run the database task worker; it reconnects after a database restart and requeues "
        "tasks left RUNNING by a worker that was killed."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.configure_logging(options["verbosity"])
        queue_names = options["queue_name"].split(",")
        exclude = options["exclude_queues"]
        excluded_queue_names = exclude.split(",") if exclude else []
        if excluded_queue_names and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = ResilientWorker(
            queue_names=queue_names,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded_queue_names,
        )
        worker.configure_signals()
        worker.run()
