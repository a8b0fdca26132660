"""The task worker that outlives a database restart, and stale tasks put right.

django-tasks-db's ``db_worker`` stops at the first database error that is not a lock: a
PostgreSQL restart (an upgrade, a failover, a crash) ends the worker, and a task it was running
stays RUNNING for ever. ``manage.py task_worker`` runs the same loop in a ``ResilientWorker``:
on a lost connection it closes every connection, waits until the database answers again
(backing off up to RECONNECT_MAX_WAIT seconds between tries) and carries on.

A task whose worker was killed mid-run (out of memory, SIGKILL, the machine restarted) is
RUNNING with nobody running it. ``recover_stale_tasks`` — at every worker start, after every
reconnect, and from ``manage.py tasks_recover_stale`` (a timer) — puts a task RUNNING for more
than ``OPBOUW_TASK_STALE_MINUTES`` back in the queue (opbouw's tasks are idempotent), or marks
it FAILED once it has been tried ``OPBOUW_TASK_MAX_ATTEMPTS`` times.
"""

import logging
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections, transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("opbouw.tasks")

RECONNECT_MAX_WAIT = 30.0  # seconds between two tries, at most
STALE_EXCEPTION = "opbouw.core.task_worker.StaleTask"


class StaleTask(Exception):
    """A task was RUNNING too long without a worker: killed mid-run, too often."""


@dataclass(frozen=True)
class Recovery:
    requeued: int
    failed: int


def recover_stale_tasks(
    *, older_than: timedelta | None = None, max_attempts: int | None = None
) -> Recovery:
    """Requeue (or fail, after max_attempts) every task RUNNING since before `older_than`."""
    older_than = older_than or timedelta(minutes=settings.OPBOUW_TASK_STALE_MINUTES)
    max_attempts = max_attempts or settings.OPBOUW_TASK_MAX_ATTEMPTS
    cutoff = timezone.now() - older_than
    requeued = failed = 0
    with transaction.atomic():
        stale = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status=TaskResultStatus.RUNNING, started_at__lt=cutoff
        )
        for task in stale:
            attempts = len(task.worker_ids)
            if attempts < max_attempts:
                task.status = TaskResultStatus.READY
                task.save(update_fields=["status"])
                requeued += 1
                logger.warning(
                    "Task id=%s (%s) was running since %s without a worker: queued again "
                    "(attempt %d of %d)",
                    task.id,
                    task.task_path,
                    task.started_at,
                    attempts + 1,
                    max_attempts,
                )
            else:
                task.set_failed(
                    StaleTask(
                        f"Running since {task.started_at:%Y-%m-%d %H:%M} without a worker, "
                        f"after {attempts} attempts."
                    )
                )
                task.exception_class_path = STALE_EXCEPTION
                task.save(update_fields=["exception_class_path"])
                failed += 1
                logger.error("Task id=%s (%s) failed: stale after %d attempts", task.id,
                             task.task_path, attempts)  # fmt: skip
    return Recovery(requeued=requeued, failed=failed)


def wait_for_database(*, max_wait: float = RECONNECT_MAX_WAIT) -> int:
    """Close every connection and try again until the database answers; the tries it took."""
    wait, tries = 0.5, 0
    while True:
        tries += 1
        connections.close_all()
        try:
            with connections["default"].cursor() as cursor:
                cursor.execute("SELECT 1")
            return tries
        except (OperationalError, InterfaceError):
            logger.warning("The database does not answer yet; trying again in %.1f s", wait)
            time.sleep(wait)
            wait = min(wait * 2, max_wait)


class ResilientWorker(Worker):
    def run(self) -> None:
        self._recover()
        while True:
            try:
                super().run()
                return
            except (OperationalError, InterfaceError) as error:
                if not self.running:
                    raise
                logger.warning("Lost the database (%s); reconnecting", str(error).strip()[:200])
                self.running_task = False
                self.startup_delay = False
                tries = wait_for_database()
                logger.warning("The database is back after %d tries; working on", tries)
                self._recover()

    def _recover(self) -> None:
        try:
            recover_stale_tasks()
        except DatabaseError:
            logger.exception("Could not look for stale tasks; the next start tries again")
