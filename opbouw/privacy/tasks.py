"""Background work: the retention run, for a scheduler (cron, systemd timer) to enqueue daily."""

from dataclasses import asdict
from typing import Any

from django_tasks import task

from .retention import retention_run


@task()
def retention(dry_run: bool = False) -> list[dict[str, Any]]:
    """Remove what is due in every retention category; idempotent."""
    return [asdict(line) for line in retention_run(dry_run=dry_run)]
