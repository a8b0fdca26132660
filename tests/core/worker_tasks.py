"""A task for the worker tests: it leaves a file behind, so a test sees it ran."""

import os
from pathlib import Path

from django_tasks import task


@task()
def leave_mark(name: str) -> str:
    Path(os.environ["OPBOUW_TEST_MARK_DIR"], name).write_text("done")
    return name
